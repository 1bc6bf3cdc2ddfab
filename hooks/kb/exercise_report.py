"""pytest plugin: write every exercise test's outcome to the JSON file named by ``KB_EXERCISE_REPORT``.

Loaded with ``-p kb.exercise_report`` by :mod:`kb.exercises`, which reads the file to say which
tests pass, each with its file and line.
"""

from __future__ import annotations

import json
import os

import pytest

REPORT_VARIABLE = "KB_EXERCISE_REPORT"
_RANK = {"passed": 0, "skipped": 1, "failed": 2}
_outcomes: dict[str, dict] = {}


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.failed:
        _outcomes[report.nodeid] = {
            "nodeid": report.nodeid,
            "path": report.nodeid.split("::")[0],
            "line": 1,
            "outcome": "failed",
            "message": _message(report),
            "seconds": 0.0,
        }


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    path, line, _ = report.location
    entry = _outcomes.setdefault(
        report.nodeid,
        {
            "nodeid": report.nodeid,
            "path": path,
            "line": (line or 0) + 1,
            "outcome": "passed",
            "message": "",
            "seconds": 0.0,
        },
    )
    entry["seconds"] += report.duration
    if _RANK[report.outcome] > _RANK[entry["outcome"]]:
        entry["outcome"] = report.outcome
        entry["message"] = _message(report)


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get(REPORT_VARIABLE)
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(list(_outcomes.values()), handle, indent=1)


def _message(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The one line that says why a test failed, e.g. ``NotImplementedError: write softmax``."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr or "")
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    first = lines[0] if crash is not None else lines[-1]
    return first if len(first) <= 240 else first[:237] + "..."
