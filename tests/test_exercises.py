"""Coding exercises: every solution passes its tests, every starter fails each one, and the checks
and the learner's loop (`make exercise`) behave."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from kb.content import load_site
from kb.exercises import (
    EXERCISES_DIR,
    WORK_DIR,
    check_exercises,
    exercise_files,
    exercise_names,
    learn,
    load_status,
    run_tests,
    status_of,
    verify_exercises,
)

pytestmark = pytest.mark.xdist_group("exercises")  # one worker runs every exercise's tests
NAMES = exercise_names(ROOT)


@pytest.fixture(scope="module")
def outcomes() -> dict[str, dict[str, list]]:
    """Every exercise's tests run once against its solution and once against its starter."""
    files = [exercise_files(name)["tests"] for name in NAMES]
    results: dict[str, dict[str, list]] = {name: {"solution": [], "starter": []} for name in NAMES}
    for kind in ("solution", "starter"):
        for outcome in run_tests(ROOT, files, kind):
            results[outcome.path.split("/")[-2]][kind].append(outcome)
    return results


def test_there_are_at_least_fifteen_exercises() -> None:
    assert len(NAMES) >= 15, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes_every_test_and_starter_fails_every_test(name: str, outcomes: dict) -> None:
    solution, starter = outcomes[name]["solution"], outcomes[name]["starter"]
    assert len(solution) >= 3
    failing = [f"{o.path}:{o.line}: {o.test}: {o.message}" for o in solution if not o.passed]
    assert not failing, "the reference solution fails:\n" + "\n".join(failing)
    passing = [f"{o.path}:{o.line}: {o.test}" for o in starter if o.passed]
    assert not passing, "these tests pass against the starter, so they cannot fail:\n" + "\n".join(passing)
    assert {o.test for o in starter} == {o.test for o in solution}
    assert sum(o.seconds for o in solution) < 5.0


def test_the_repository_passes_the_exercise_checks() -> None:
    assert check_exercises(ROOT, load_site(ROOT).pages) == []


def test_default_pytest_collection_leaves_the_exercise_tests_to_kb_exercises() -> None:
    """A bare `pytest` collects tests/ only: exercise tests run through their own runner, which
    chooses the implementation; the suite runs them above, once per implementation."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "tests/test_exercises.py::" in proc.stdout
    assert EXERCISES_DIR not in proc.stdout


# --- Contributor mistakes, each a path:line error ---------------------------------------------


def exercise_copy(tmp_path: Path, name: str = "bpe") -> Path:
    """A throw-away repository holding one exercise, its page, the question page it practises."""
    root = tmp_path / "repo"
    (root / EXERCISES_DIR).mkdir(parents=True)
    shutil.copytree(
        ROOT / EXERCISES_DIR / name, root / EXERCISES_DIR / name, ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / EXERCISES_DIR / "conftest.py", root / EXERCISES_DIR / "conftest.py")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def pages_for(name: str = "bpe") -> dict[str, str]:
    pages = load_site(ROOT).pages
    return {f"exercises/{name}.md": pages[f"exercises/{name}.md"], "questions/embeddings-tokenization.md": ""}


def messages(errors) -> list[str]:
    return [str(error) for error in errors]


def test_a_missing_test_file_is_reported(tmp_path: Path) -> None:
    root = exercise_copy(tmp_path)
    (root / EXERCISES_DIR / "bpe" / "test_bpe.py").unlink()
    assert messages(check_exercises(root, pages_for())) == [
        "snippets/exercises/bpe/test_bpe.py: missing tests file: every exercise has starter.py, solution.py "
        "and test_bpe.py"
    ]


def test_a_starter_with_code_and_a_test_without_impl_are_reported_with_lines(tmp_path: Path) -> None:
    root = exercise_copy(tmp_path)
    starter = root / EXERCISES_DIR / "bpe" / "starter.py"
    starter.write_text(starter.read_text().replace('raise NotImplementedError("write encode")', "return list(word)"))
    tests = root / EXERCISES_DIR / "bpe" / "test_bpe.py"
    tests.write_text(tests.read_text() + "\n\ndef test_nothing():\n    assert True\n")
    found = messages(check_exercises(root, pages_for()))
    line = (
        starter.read_text().splitlines().index("def encode(word: str, merges: list[tuple[str, str]]) -> list[str]:") + 1
    )
    assert found[0].startswith(f"snippets/exercises/bpe/starter.py:{line}: the body of 'encode' must be only")
    test_line = len(tests.read_text().splitlines()) - 1
    assert found[1].startswith(
        f"snippets/exercises/bpe/test_bpe.py:{test_line}: 'test_nothing' does not take the 'impl' fixture"
    )


def test_page_schema_errors_name_the_line(tmp_path: Path) -> None:
    root = exercise_copy(tmp_path)
    page = pages_for()["exercises/bpe.md"]
    broken = page.replace("difficulty: junior", "difficulty: hard").replace("### Hint 3", "### Hint three")
    broken = broken.replace('--8<-- "snippets/exercises/bpe/solution.py"', "print('no include')")
    found = messages(check_exercises(root, {**pages_for(), "exercises/bpe.md": broken}))
    hints_line = broken.splitlines().index("## Hints") + 1
    solution_line = broken.splitlines().index("## Reference solution") + 1
    assert found[0] == "docs/exercises/bpe.md:3: difficulty must be one of junior, mid, senior (got 'hard')"
    broken = broken.replace("difficulty: hard", "difficulty: junior")
    found = messages(check_exercises(root, {**pages_for(), "exercises/bpe.md": broken}))
    assert found[0].startswith(f"docs/exercises/bpe.md:{hints_line}: '## Hints' holds exactly 3 sub-sections")
    assert found[1].startswith(f"docs/exercises/bpe.md:{solution_line}: embed the solution in a collapsed block")


def test_a_page_practising_a_missing_question_and_an_exercise_without_page(tmp_path: Path) -> None:
    root = exercise_copy(tmp_path)
    page = pages_for()["exercises/bpe.md"].replace("questions/embeddings-tokenization.md", "questions/nope.md")
    found = messages(check_exercises(root, {**pages_for(), "exercises/bpe.md": page}))
    assert found == [
        "docs/exercises/bpe.md:4: 'practises' lists 'questions/nope.md', which is not a question page: "
        "write its path under docs/, e.g. questions/backpropagation.md"
    ]
    assert messages(check_exercises(root, {})) == [
        "snippets/exercises/bpe: the exercise has no page: add docs/exercises/bpe.md (see CONTRIBUTING.md, "
        "'Add a coding exercise')"
    ]


def test_a_failing_solution_and_a_passing_starter_fail_verification(tmp_path: Path) -> None:
    root = exercise_copy(tmp_path)
    folder = root / EXERCISES_DIR / "bpe"
    solution = folder / "solution.py"
    solution.write_text(
        solution.read_text().replace("key=lambda pair: (-counts[pair], pair)", "key=lambda pair: (counts[pair], pair)")
    )
    shutil.copy(ROOT / EXERCISES_DIR / "bpe" / "solution.py", folder / "starter.py")
    found = messages(verify_exercises(root, use_cache=False))
    tests = (folder / "test_bpe.py").read_text().splitlines()
    line = tests.index("def test_training_learns_the_most_frequent_pairs_in_order(impl):") + 1
    assert (
        f"snippets/exercises/bpe/test_bpe.py:{line}: test_training_learns_the_most_frequent_pairs_in_order "
        "fails against snippets/exercises/bpe/solution.py: "
    ) in "\n".join(found)
    assert sum("passes against snippets/exercises/bpe/starter.py" in m for m in found) == 7


# --- The learner's loop ----------------------------------------------------------------------


def test_make_exercise_copies_once_keeps_edits_and_walks_the_hints(tmp_path: Path) -> None:
    root = exercise_copy(tmp_path)
    out = io.StringIO()
    assert learn(root, "bpe", out) == 1
    work = root / WORK_DIR / "bpe.py"
    assert work.read_text() == (root / EXERCISES_DIR / "bpe" / "starter.py").read_text()
    assert "Copied the starter to exercises-work/bpe.py" in out.getvalue()
    assert "0 of 7 tests pass." in out.getvalue()
    assert "Hint 1 of 3: docs/exercises/bpe.md#hint-1" in out.getvalue()
    assert status_of(root, "bpe", load_status(root)) == "started"

    # The learner writes one function; the next run keeps the file and offers the next hint.
    solution = (root / EXERCISES_DIR / "bpe" / "solution.py").read_text()
    work.write_text(
        work.read_text().replace(
            '    raise NotImplementedError("write pair_counts")',
            "    from collections import Counter\n    counts = Counter()\n    for word, count in words.items():\n"
            "        for pair in zip(word, word[1:]):\n            counts[pair] += count\n    return dict(counts)",
        )
    )
    edited = work.read_text()
    out = io.StringIO()
    assert learn(root, "bpe", out) == 1
    assert work.read_text() == edited
    assert "Copied" not in out.getvalue()
    assert "  pass  test_pair_counts_are_weighted_by_word_counts" in out.getvalue()
    assert "1 of 7 tests pass." in out.getvalue()
    assert "Hint 2 of 3" in out.getvalue()
    out = io.StringIO()
    learn(root, "bpe", out)  # nothing changed: the same hint again
    assert "Hint 2 of 3" in out.getvalue()

    work.write_text(solution)
    out = io.StringIO()
    assert learn(root, "bpe", out) == 0
    assert "All tests pass." in out.getvalue()
    assert status_of(root, "bpe", load_status(root)) == "passing"
    work.write_text(solution + "\n# edited after passing\n")
    assert status_of(root, "bpe", load_status(root)) == "started"


def test_an_unreadable_status_file_is_kept_aside(tmp_path: Path) -> None:
    root = exercise_copy(tmp_path)
    (root / WORK_DIR).mkdir()
    (root / WORK_DIR / "status.json").write_text("{not json")
    assert load_status(root) == {}
    assert (root / WORK_DIR / "status.json.bak").read_text() == "{not json"


def test_an_unknown_exercise_lists_the_names(tmp_path: Path) -> None:
    out = io.StringIO()
    assert learn(exercise_copy(tmp_path), "nope", out) == 2
    assert out.getvalue() == "no exercise 'nope'. Exercises: bpe\n"
