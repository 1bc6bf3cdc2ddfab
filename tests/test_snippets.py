"""Every snippet runs standalone, prints what its page shows, and is used by a page.

The expected outputs in ``tests/snippet_outputs/`` were written by the snippets
themselves: refresh them after a deliberate change with ``make snippets-refresh``.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from kb.snippets import EXERCISES_DIR, find_includes, snippet_environment

SNIPPETS = sorted(s for p in (ROOT / "snippets").rglob("*.py")
                  if not (s := p.relative_to(ROOT).as_posix()).startswith(EXERCISES_DIR))
OUTPUTS = ROOT / "tests" / "snippet_outputs"
TIMEOUT = 60


def expected_output_path(snippet: str) -> Path:
    return OUTPUTS / Path(snippet).relative_to("snippets").with_suffix(".txt")


def test_there_are_snippets() -> None:
    assert len(SNIPPETS) >= 10


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_snippet_runs_standalone_and_matches_expected_output(
    snippet: str, request: pytest.FixtureRequest
) -> None:
    proc = subprocess.run(
        [sys.executable, snippet], cwd=ROOT, env=snippet_environment(), capture_output=True, text=True, timeout=TIMEOUT
    )
    assert proc.returncode == 0, f"{snippet} failed:\n{proc.stderr}"
    assert proc.stderr == "", f"{snippet} wrote to stderr (a warning?):\n{proc.stderr}"
    assert proc.stdout.strip(), f"{snippet} prints nothing: a snippet shows what it computes"
    expected_file = expected_output_path(snippet)
    if request.config.getoption("--update-snippet-outputs"):
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(proc.stdout)
        return
    assert expected_file.exists(), (
        f"no expected output for {snippet}: run `make snippets-refresh` and commit {expected_file.relative_to(ROOT)}"
    )
    expected = expected_file.read_text()
    if proc.stdout != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(True), proc.stdout.splitlines(True), "expected", "actual"
        ))
        pytest.fail(
            f"{snippet} printed something else than {expected_file.relative_to(ROOT)}.\n"
            "If the change is deliberate, run `make snippets-refresh`.\n" + diff,
            pytrace=False,
        )


def _all_includes() -> dict[str, list[str]]:
    included: dict[str, list[str]] = {}
    for page in sorted((ROOT / "docs").rglob("*.md")):
        relative = page.relative_to(ROOT).as_posix()
        found, errors = find_includes(page.read_text(), relative)
        assert not errors, "\n".join(map(str, errors))
        for include in found:
            included.setdefault(include.path, []).append(f"{relative}:{include.line}")
    return included


def test_every_snippet_is_included_by_a_page() -> None:
    orphans = sorted(set(SNIPPETS) - set(_all_includes()))
    assert not orphans, f"snippets no page includes (add them to a page or delete them): {orphans}"


def test_every_include_resolves_to_a_snippet() -> None:
    missing = {path: where for path, where in _all_includes().items() if not (ROOT / path).is_file()}
    assert not missing, f"includes of missing snippets: {missing}"


def test_every_expected_output_belongs_to_a_snippet() -> None:
    stale = sorted(
        p.relative_to(ROOT).as_posix()
        for p in OUTPUTS.rglob("*.txt")
        if (Path("snippets") / p.relative_to(OUTPUTS).with_suffix(".py")).as_posix() not in SNIPPETS
    )
    assert not stale, f"expected outputs of snippets that no longer exist (delete them): {stale}"
