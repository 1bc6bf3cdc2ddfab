"""The contributor's loop, timed: make test-fast, make test warm, a one-snippet refresh, and
(with --fresh) make test and the first build of a fresh clone. Also the 10 slowest tests.

Usage: ``python bench/loop.py [--fresh]`` prints JSON; ``bench/bench.py`` calls :func:`measure`.
Each timing is one run of the real make target in a clone of the committed tree, so it counts
what a contributor waits for, set-up included where a fresh clone needs it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"fresh": 600, "warm": 240, "test_fast": 60}  #: seconds, on 2 cores (the contributor-loop targets)
ONE_SNIPPET = "snippets/backprop/numpy_mlp.py"


def _run(repo: Path, *command: str, env: dict[str, str] | None = None) -> tuple[float, str, int]:
    started = time.perf_counter()
    proc = subprocess.run(
        list(command), cwd=repo, capture_output=True, text=True, env={**os.environ, "CI": "", **(env or {})}
    )
    return round(time.perf_counter() - started, 1), proc.stdout + proc.stderr, proc.returncode


def _clone(target: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    return target


def slowest(output: str, count: int = 10) -> list[dict]:
    """The ``--durations`` table of a pytest run, as [{seconds, what, test}]."""
    rows = re.findall(r"^([\d.]+)s (call|setup|teardown)\s+(\S+)$", output, flags=re.MULTILINE)
    return [{"seconds": float(s), "what": w, "test": t} for s, w, t in rows[:count]]


def measure(fresh: bool = False) -> dict:
    """Time the loop in a clone that shares this checkout's .venv (a warm machine) or builds its own."""
    results: dict = {"cores": os.cpu_count(), "targets_seconds": TARGETS}
    with tempfile.TemporaryDirectory() as tmp:
        repo = _clone(Path(tmp) / "repo")
        if fresh:
            seconds, output, code = _run(repo, "make", "test")
            results["fresh_make_test"] = {"seconds": seconds, "passed": code == 0, "tail": output[-300:]}
        else:
            (repo / ".venv").symlink_to(ROOT / ".venv")
            (repo / ".cache").mkdir()
            if (ROOT / ".cache" / "snippets").is_dir():
                shutil.copytree(
                    ROOT / ".cache" / "snippets",
                    repo / ".cache" / "snippets",
                    symlinks=True,
                    ignore=shutil.ignore_patterns(".tmp-*"),
                )
            _run(repo, "make", "build")  # the warm state: a contributor who built once
        seconds, output, code = _run(repo, "make", "test-fast")
        results["test_fast"] = {"seconds": seconds, "passed": code == 0}
        # The Makefile's `make test` command (every core, xdist), with ten durations instead of fifteen.
        seconds, output, code = _run(
            repo, ".venv/bin/python", "-m", "pytest", "-n", "auto", "--dist", "loadgroup", "--durations=10", "-q"
        )
        results["warm_make_test"] = {"seconds": seconds, "passed": code == 0, "slowest": slowest(output)}
        snippet = repo / ONE_SNIPPET
        snippet.write_text(snippet.read_text() + "\n")  # a changed snippet runs again
        seconds, _, code = _run(repo, "make", "snippets-refresh", f"SNIPPET={ONE_SNIPPET}")
        results["one_snippet_refresh"] = {"seconds": seconds, "passed": code == 0}
    return results


if __name__ == "__main__":
    print(json.dumps(measure("--fresh" in sys.argv[1:]), indent=1))
