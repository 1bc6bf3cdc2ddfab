"""Expected snippet outputs: exact where it matters, tolerant where floats are."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.outputs import Tolerance, check_outputs, compare, header, parse_tolerance, split_header, tokenize

EXPECTED = """\
model          parameters  test accuracy
linear                  3          0.497
MLP                    33          0.980
steps to 1e-8: 2169; grad norm 5.6e-01
"""


@pytest.mark.parametrize(
    "actual",
    [
        EXPECTED,
        EXPECTED.replace("0.980", "0.981"),  # a rounding flip in the last printed digit
        EXPECTED.replace("5.6e-01", "5.7e-01"),
        EXPECTED.replace("linear                  3", "linear                 3 "),  # padding only
    ],
    ids=["same", "last-digit-flip", "last-digit-flip-scientific", "padding"],
)
def test_float_noise_passes(actual: str) -> None:
    assert compare(EXPECTED, actual) is None


@pytest.mark.parametrize(
    ("actual", "message"),
    [
        (EXPECTED.replace("0.980", "0.983"), "numbers outside the tolerance: 0.980 -> 0.983"),
        (EXPECTED.replace("2169", "2157"), "integers outside the tolerance: 2169 -> 2157"),
        (EXPECTED.replace("MLP", "CNN"), "line 3: the text differs"),
        (EXPECTED.replace("test accuracy", "test error"), "line 1: the text differs"),
        ("\n".join(EXPECTED.splitlines()[:3]) + "\n", "line 4: a line is missing"),
        (EXPECTED + "extra\n", "line 5: an extra line"),
        (EXPECTED.replace("0.497", "nan"), "line 2: the text differs"),
    ],
    ids=["moved-number", "moved-integer", "changed-word", "changed-header", "missing-line", "extra-line", "nan"],
)
def test_real_changes_fail_with_a_readable_diff(actual: str, message: str) -> None:
    diff = compare(EXPECTED, actual)
    assert diff is not None and message in diff, diff


def test_the_diff_marks_the_number_that_moved() -> None:
    diff = compare(EXPECTED, EXPECTED.replace("0.980", "0.990"))
    lines = diff.splitlines()
    marked = lines[lines.index("  + MLP                    33          0.990") + 1]
    assert marked.index("^") == len("  + MLP                    33          ")
    assert marked.strip() == "^^^^^"


def test_a_declared_tolerance_widens_floats_and_optionally_integers() -> None:
    wide, errors = parse_tolerance("x = 1\n# output-tolerance: abs=0.01; training amplifies rounding\n")
    assert errors == [] and wide == Tolerance(abs=0.01)
    assert compare(EXPECTED, EXPECTED.replace("0.980", "0.989"), wide) is None
    assert compare(EXPECTED, EXPECTED.replace("0.980", "0.995"), wide) is not None
    assert compare(EXPECTED, EXPECTED.replace("2169", "2157"), wide) is not None  # integers stay exact
    ints, _ = parse_tolerance("# output-tolerance: rel=0.01 ints\n")
    assert compare(EXPECTED, EXPECTED.replace("2169", "2157"), ints) is None
    assert compare(EXPECTED, EXPECTED.replace("2169", "2400"), ints) is not None


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("# output-tolerance: abs=lots\n", "cannot read 'abs=lots'"),
        ("# output-tolerance: ints\n", "needs abs=... or rel=..."),
        ("# output-tolerance: rel=-1\n", "cannot read 'rel=-1'"),
        ("# output-tolerance: abs=0.1\n# output-tolerance: abs=0.2\n", "declare output-tolerance once"),
    ],
)
def test_a_malformed_tolerance_is_an_error_with_its_line(source: str, message: str) -> None:
    errors = parse_tolerance(source, "snippets/a/b.py")[1]
    assert errors and message in errors[0].message and errors[0].line


def test_tokens_ignore_digits_inside_words() -> None:
    pieces, numbers = tokenize("dh_50/dh_0 at s=10: -0.5, 1e+00 and x2\n")
    assert [n.text for n in numbers] == ["10", "-0.5", "1e+00"]
    assert "dh_50/dh_0" in pieces[0]


def _repo(tmp_path: Path, source: str, output: str | None, with_header: bool = True) -> Path:
    (tmp_path / "snippets/t").mkdir(parents=True)
    (tmp_path / "snippets/t/s.py").write_text(source)
    (tmp_path / "tests/snippet_outputs/t").mkdir(parents=True)
    if output is not None:
        text = (header(source.encode()) if with_header else "") + output
        (tmp_path / "tests/snippet_outputs/t/s.txt").write_text(text)
    return tmp_path


def test_check_outputs_accepts_a_current_clean_output(tmp_path: Path) -> None:
    root = _repo(tmp_path, "print('max error < 1e-12: True')\n", "max error < 1e-12: True\n")
    assert check_outputs(root, ["snippets/t/s.py"]) == []
    assert split_header((root / "tests/snippet_outputs/t/s.txt").read_text())[1] == "max error < 1e-12: True\n"


@pytest.mark.parametrize(
    ("source", "output", "with_header", "message"),
    [
        (
            "print(1)\n",
            None,
            True,
            "snippets/t/s.py: no expected output: run `make snippets-refresh SNIPPET=snippets/t/s.py`",
        ),
        ("print(1)\n", "1\n", False, "tests/snippet_outputs/t/s.txt:1: older than snippets/t/s.py"),
        ("print(2)\n", "5.6e-16\n", True, "tests/snippet_outputs/t/s.txt:2: '5.6e-16' is rounding-level noise"),
        ("print(2)\n", "a -0.000 b\n", True, "tests/snippet_outputs/t/s.txt:2: '-0.000' is rounding-level noise"),
    ],
    ids=["missing", "stale", "tiny", "negative-zero"],
)
def test_check_outputs_reports_each_problem_with_a_place(
    tmp_path: Path, source: str, output: str | None, with_header: bool, message: str
) -> None:
    root = _repo(tmp_path, source, output, with_header)
    errors = [str(e) for e in check_outputs(root, ["snippets/t/s.py"])]
    assert any(e.startswith(message) for e in errors), errors


def test_declared_real_tiny_values_are_allowed(tmp_path: Path) -> None:
    source = "# output-tiny-values: 0.5**50 is exact\nprint(0.5**50)\n"
    root = _repo(tmp_path, source, "8.9e-16\n")
    assert check_outputs(root, ["snippets/t/s.py"]) == []


def test_an_output_without_a_snippet_is_reported(tmp_path: Path) -> None:
    root = _repo(tmp_path, "print(1)\n", "1\n")
    (root / "tests/snippet_outputs/t/gone.txt").write_text("1\n")
    errors = [str(e) for e in check_outputs(root, ["snippets/t/s.py"])]
    assert errors == [
        "tests/snippet_outputs/t/gone.txt: the expected output of a snippet that no longer exists: delete it"
    ]
