"""Expected snippet outputs: stored with the snippet's hash, compared token by token.

A snippet's printed output is split into number tokens and the text between them.
Text must match exactly (runs of spaces count as one, because column padding follows
the width of the numbers). Integers must match exactly. Floats may differ by one unit
in the last printed digit (a rounding flip) plus a tiny relative slack, which absorbs
the differences between CPUs and BLAS builds without hiding a real change.

A snippet whose numbers a training loop amplifies may widen the tolerance for itself
with one declared line anywhere in its source::

    # output-tolerance: abs=0.01 rel=0.02 ints; <why the numbers move>

``abs`` and ``rel`` widen the float tolerance; ``ints`` applies it to integers too. The
reason after the semicolon is for the reader.

A snippet whose tiny printed values are real results, not rounding noise (a vanishing
gradient of 1e-24, say), declares it so that ``make check`` does not flag them::

    # output-tiny-values: <why they are real>

Each expected-output file starts with a header line holding the hash of the snippet that
wrote it, so ``make check`` can tell an output older than its snippet.
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kb.errors import ContentError

OUTPUTS_DIR = "tests/snippet_outputs"
HEADER_PREFIX = "#> snippet sha256 "
HEADER_NOTE = " (written by the snippet: refresh with make snippets-refresh, never edit)"
#: Relative slack on top of one unit in the last printed digit.
DEFAULT_REL = 1e-9
#: Printed magnitudes below this are rounding noise unless the snippet says they are real.
TINY = 1e-12

_NUMBER_RE = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")
_TOLERANCE_RE = re.compile(r"^#\s*output-tolerance:(?P<spec>.*)$", re.MULTILINE)
_TINY_RE = re.compile(r"^#\s*output-tiny-values:\s*\S", re.MULTILINE)
_SPACES_RE = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class Tolerance:
    """How far a number may move between machines."""

    abs: float = 0.0
    rel: float = DEFAULT_REL
    ints: bool = False


@dataclass(frozen=True)
class Token:
    """A number as printed, with where it stands."""

    text: str
    line: int  #: 1-based line of the output

    @property
    def is_int(self) -> bool:
        return not any(c in self.text for c in ".eE")

    @property
    def value(self) -> float:
        return float(self.text)

    @property
    def unit(self) -> float:
        """One unit in the last printed digit: 0.001 for ``0.706``, 1e-17 for ``5.6e-16``."""
        mantissa, _, exponent = self.text.lower().partition("e")
        decimals = len(mantissa.partition(".")[2])
        return 10.0 ** (int(exponent or 0) - decimals)


def source_hash(source: bytes) -> str:
    return hashlib.sha256(source).hexdigest()[:16]


def header(source: bytes) -> str:
    return f"{HEADER_PREFIX}{source_hash(source)}{HEADER_NOTE}\n"


def split_header(text: str) -> tuple[str | None, str]:
    """(hash recorded in the header or None, the output without the header)."""
    if text.startswith(HEADER_PREFIX):
        first, _, rest = text.partition("\n")
        return first.removeprefix(HEADER_PREFIX).split(" ", 1)[0], rest
    return None, text


def expected_path(root: Path, snippet: str) -> Path:
    return root / OUTPUTS_DIR / Path(snippet).relative_to("snippets").with_suffix(".txt")


def parse_tolerance(source: str, path: str = "") -> tuple[Tolerance, list[ContentError]]:
    """The tolerance a snippet declares for itself (the default when it declares none)."""
    matches = list(_TOLERANCE_RE.finditer(source))
    if not matches:
        return Tolerance(), []
    errors = []
    if len(matches) > 1:
        line = source.count("\n", 0, matches[1].start()) + 1
        errors.append(ContentError(path, line, "declare output-tolerance once"))
    match = matches[0]
    line = source.count("\n", 0, match.start()) + 1
    values: dict[str, object] = {}
    for word in match.group("spec").split(";", 1)[0].split():
        key, eq, value = word.partition("=")
        try:
            if key in ("abs", "rel") and eq:
                values[key] = float(value)
                if not math.isfinite(values[key]) or values[key] < 0:
                    raise ValueError
            elif key == "ints" and not eq:
                values["ints"] = True
            else:
                raise ValueError
        except ValueError:
            errors.append(
                ContentError(
                    path,
                    line,
                    f"output-tolerance: cannot read '{word}': write e.g. "
                    "'# output-tolerance: abs=0.01 rel=0.02 ints; <why>' (abs and rel are numbers >= 0)",
                )
            )
    if not ("abs" in values or "rel" in values):
        errors.append(ContentError(path, line, "output-tolerance needs abs=... or rel=..."))
    tolerance = Tolerance(
        abs=float(values.get("abs", 0.0)),
        rel=max(DEFAULT_REL, float(values.get("rel", 0.0))),
        ints=bool(values.get("ints", False)),
    )
    return tolerance, errors


def declares_tiny_values(source: str) -> bool:
    return bool(_TINY_RE.search(source))


def tokenize(text: str) -> tuple[list[str], list[Token]]:
    """Text pieces (with runs of spaces folded) and the numbers between them."""
    pieces: list[str] = []
    numbers: list[Token] = []
    for number, line in enumerate(text.splitlines(), start=1):
        position = 0
        for match in _NUMBER_RE.finditer(line):
            pieces.append(_SPACES_RE.sub(" ", line[position : match.start()]))
            numbers.append(Token(match.group(), number))
            position = match.end()
        pieces.append(_SPACES_RE.sub(" ", line[position:].rstrip()) + "\n")
    return pieces, numbers


def numbers_match(expected: Token, actual: Token, tolerance: Tolerance) -> bool:
    if expected.text == actual.text:
        return True
    if expected.is_int and actual.is_int and not tolerance.ints:
        return False
    a, b = expected.value, actual.value
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    allowed = max(expected.unit, actual.unit) + tolerance.abs + tolerance.rel * max(abs(a), abs(b))
    return abs(a - b) <= allowed * (1 + 1e-9)


def compare(expected: str, actual: str, tolerance: Tolerance = Tolerance()) -> str | None:
    """None when the outputs agree; otherwise a readable diff that marks what differs.

    Lines whose text differs are shown as ``-``/``+`` pairs; numbers outside the tolerance
    are marked with ``^`` under them.
    """
    expected_lines, actual_lines = expected.splitlines(), actual.splitlines()
    report: list[str] = []
    for number in range(max(len(expected_lines), len(actual_lines))):
        old = expected_lines[number] if number < len(expected_lines) else None
        new = actual_lines[number] if number < len(actual_lines) else None
        problem = _line_problem(old, new, tolerance)
        if problem is None:
            continue
        report.append(f"line {number + 1}: {problem[0]}")
        report.append(f"  - {old if old is not None else '(no line)'}")
        report.append(f"  + {new if new is not None else '(no line)'}")
        if problem[1]:
            report.append("    " + problem[1])
    return "\n".join(report) if report else None


def _line_problem(old: str | None, new: str | None, tolerance: Tolerance) -> tuple[str, str] | None:
    if old is None or new is None:
        return ("a line is missing" if new is None else "an extra line", "")
    old_text, old_numbers = tokenize(old)
    new_text, new_numbers = tokenize(new)
    if old_text != new_text or len(old_numbers) != len(new_numbers):
        return ("the text differs", "")
    marks = [" "] * len(new)
    moved: list[Token] = []
    columns = [m.start() for m in _NUMBER_RE.finditer(new)]
    for column, o, n in zip(columns, old_numbers, new_numbers, strict=True):
        if not numbers_match(o, n, tolerance):
            moved.append(o)
            moved.append(n)
            marks[column : column + len(n.text)] = "^" * len(n.text)
    if not moved:
        return None
    kind = "integer" if all(t.is_int for t in moved) else "number"
    pairs = ", ".join(f"{o.text} -> {n.text}" for o, n in zip(moved[::2], moved[1::2], strict=True))
    return (f"{kind}s outside the tolerance: {pairs}", "".join(marks).rstrip())


# --- Checks for make check --------------------------------------------------------------------


def check_outputs(root: Path, snippets: list[str]) -> list[ContentError]:
    """Every snippet has an expected output, written by its current source, free of rounding noise."""
    errors: list[ContentError] = []
    for snippet in snippets:
        source = (root / snippet).read_bytes()
        text = source.decode("utf-8", errors="replace")
        tolerance_errors = parse_tolerance(text, snippet)[1]
        errors += tolerance_errors
        expected = expected_path(root, snippet)
        relative = expected.relative_to(root).as_posix()
        if not expected.is_file():
            errors.append(
                ContentError(
                    snippet,
                    None,
                    f"no expected output: run `make snippets-refresh SNIPPET={snippet}` and commit {relative}",
                )
            )
            continue
        recorded, output = split_header(expected.read_text(encoding="utf-8"))
        if recorded != source_hash(source):
            errors.append(
                ContentError(
                    relative,
                    1,
                    f"older than {snippet} (the snippet changed since its output was recorded): "
                    f"run `make snippets-refresh SNIPPET={snippet}`, read the diff, and commit it",
                )
            )
        if not declares_tiny_values(text):
            errors += _tiny_values(output, relative, snippet)
    known = {expected_path(root, s) for s in snippets}
    for stale in sorted((root / OUTPUTS_DIR).rglob("*.txt")):
        if stale not in known:
            errors.append(
                ContentError(
                    stale.relative_to(root).as_posix(),
                    None,
                    "the expected output of a snippet that no longer exists: delete it",
                )
            )
    return errors


def _tiny_values(output: str, relative: str, snippet: str) -> list[ContentError]:
    """Printed values at rounding level (|x| < 1e-12, or a negative zero): they differ by machine."""
    errors = []
    for token in tokenize(output)[1]:
        value = token.value
        negative_zero = value == 0 and token.text.startswith("-")
        if negative_zero or 0 < abs(value) < TINY:
            errors.append(
                ContentError(
                    relative,
                    token.line + 1,
                    f"'{token.text}' is rounding-level noise that differs between CPUs: print a conclusion "
                    f'instead (e.g. f"max error < 1e-12: {{err < 1e-12}}") in {snippet}; if such tiny values '
                    "are real results, declare it in the snippet: '# output-tiny-values: <why>'",
                )
            )
    return errors


# --- make snippets-refresh ---------------------------------------------------------------------


def refresh(root: Path, snippets: list[str]) -> int:
    """Run the snippets (in parallel; unchanged ones come from the build's cache) and record their output."""
    from kb.snippets import cache_dir, run_all

    def progress(done: int, total: int, result) -> None:
        print(f"  {done}/{total} {result.path} ran in {result.seconds:.1f} s", flush=True)

    results, failures = run_all(root, snippets, cache_dir(root), progress=progress)
    for exc in failures.values():
        print(f"{exc}\n", file=sys.stderr)
    failed = len(failures)
    changed = 0
    for path, result in results.items():
        if result.stderr.strip():
            print(f"{path} wrote to stderr (fix the cause of the warning):\n{result.stderr}", file=sys.stderr)
            failed += 1
            continue
        target = expected_path(root, path)
        text = header((root / path).read_bytes()) + result.stdout
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changed += 1
            print(f"  wrote {target.relative_to(root)}")
    print(f"{len(results)} snippet(s) run, {changed} expected output(s) rewritten, {failed} failed")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    from kb.snippets import list_snippets

    args = sys.argv[1:] if argv is None else argv
    root = Path.cwd()
    all_snippets = list_snippets(root)
    if not args:
        return refresh(root, all_snippets)
    chosen = []
    for arg in args:
        path = Path(arg).as_posix().removeprefix("./")
        if path not in all_snippets:
            print(f"{arg}: not a snippet (expected a path like snippets/<topic>/<name>.py)", file=sys.stderr)
            return 2
        chosen.append(path)
    return refresh(root, chosen)


if __name__ == "__main__":
    sys.exit(main())
