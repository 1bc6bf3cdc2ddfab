"""Every snippet runs standalone, prints what its page shows, and is used by a page.

The expected outputs in ``tests/snippet_outputs/`` were written by the snippets
themselves: refresh them after a deliberate change with ``make snippets-refresh``.
Snippets run through the build's content-keyed cache, so a snippet the build already
ran (or that an earlier test run ran) is not run again.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT, selected_snippets
from kb.outputs import check_outputs, compare, expected_path, header, parse_tolerance, split_header
from kb.snippets import SnippetResult, cache_dir, find_includes, list_snippets, run_all, snippet_environment

SNIPPETS = list_snippets(ROOT)


@pytest.fixture(scope="session")
def snippet_runs(request: pytest.FixtureRequest) -> tuple[dict[str, SnippetResult], dict]:
    """Every selected snippet's result, run in parallel once (or read from the build's cache)."""
    chosen = selected_snippets(request.config, SNIPPETS)
    return run_all(ROOT, chosen, cache_dir(ROOT))


def test_there_are_snippets() -> None:
    assert len(SNIPPETS) >= 10


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_snippet_runs_and_matches_expected_output(
    snippet: str, snippet_runs: tuple[dict[str, SnippetResult], dict], request: pytest.FixtureRequest
) -> None:
    results, failures = snippet_runs
    if snippet not in results and snippet not in failures:
        pytest.skip("not selected: its page and source are unchanged (make test-fast)")
    assert snippet not in failures, str(failures.get(snippet))
    result = results[snippet]
    assert result.stderr == "", f"{snippet} wrote to stderr (a warning?):\n{result.stderr}"
    assert result.stdout.strip(), f"{snippet} prints nothing: a snippet shows what it computes"
    expected_file = expected_path(ROOT, snippet)
    source = (ROOT / snippet).read_bytes()
    if request.config.getoption("--update-snippet-outputs"):
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(header(source) + result.stdout)
        return
    assert expected_file.exists(), (
        f"no expected output for {snippet}: run `make snippets-refresh SNIPPET={snippet}` "
        f"and commit {expected_file.relative_to(ROOT)}"
    )
    _, expected = split_header(expected_file.read_text())
    tolerance, errors = parse_tolerance(source.decode(), snippet)
    assert not errors, "\n".join(map(str, errors))
    diff = compare(expected, result.stdout, tolerance)
    if diff:
        pytest.fail(
            f"{snippet} printed something else than {expected_file.relative_to(ROOT)}.\n"
            f"If the change is deliberate, run `make snippets-refresh SNIPPET={snippet}`.\n{diff}",
            pytrace=False,
        )


def test_a_snippet_runs_standalone_with_python() -> None:
    """The build runs snippets through a runner; a reader runs `python snippets/...py` directly."""
    snippet = "snippets/backprop/numpy_mlp.py"
    proc = subprocess.run(
        [sys.executable, snippet], cwd=ROOT, env=snippet_environment(), capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    _, expected = split_header(expected_path(ROOT, snippet).read_text())
    assert compare(expected, proc.stdout) is None


def test_expected_outputs_are_current_and_free_of_rounding_noise() -> None:
    errors = check_outputs(ROOT, SNIPPETS)
    assert not errors, "\n".join(map(str, errors))


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
