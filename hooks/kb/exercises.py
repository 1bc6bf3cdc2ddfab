"""Coding exercises: their structure, their verification, and the learner's loop.

An exercise is a folder ``snippets/exercises/<name>/`` holding

- ``starter.py``: signatures and docstrings, every body ``raise NotImplementedError``;
- ``solution.py``: the reference implementation;
- ``test_<name>.py``: pytest tests that take the ``impl`` fixture (``snippets/exercises/conftest.py``),
  the module under test, so the same tests run against the solution, the starter or a learner's copy;

and a page ``docs/exercises/<name>.md`` (schema below). Exercises are not snippets: the build does
not run them as scripts. Instead every solution must pass all of its tests and every starter must
fail all of them, which proves that each test can fail.

Usage: ``python -m kb.exercises learn NAME`` (``make exercise NAME=...``), ``python -m kb.exercises
status`` (``make exercise``), ``python -m kb.exercises verify [NAME ...]`` (``make exercises-verify``).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.errors import ContentError, format_errors
from kb.frontmatter import DIFFICULTIES, iter_headings, load_front_matter
from kb.snippets import EXERCISES_DIR

PAGES_DIR = "exercises/"  #: docs-relative folder of the exercise pages
INDEX_PAGE = "exercises/index.md"
LIST_MARKER = "<!-- exercise-list -->"
WORK_DIR = "exercises-work"  #: the learner's copies, git-ignored
STATUS_FILE = "status.json"
IMPL_VARIABLE = "KB_EXERCISE_IMPL"
CACHE_VERSION = "1"
#: Each test file must run in this many seconds against the solution (test calls only, not imports).
TIME_BUDGET = 5.0
MIN_TESTS = 3
MIN_FOLLOW_UPS = 2
HINTS = 3
SERVE_URL = "http://127.0.0.1:8000/"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
HOOKS_DIR = Path(__file__).resolve().parent.parent  #: where the report plugin kb.exercise_report is imported from

PAGE_KEYS = {
    "title": "the task in a few words, e.g. 'Numerically stable softmax and cross-entropy'",
    "difficulty": "one of " + ", ".join(DIFFICULTIES),
    "practises": "a list of the question pages this exercise practises, e.g. [questions/backpropagation.md]",
    "description": "optional one-line summary for search engines",
}
REQUIRED_PAGE_KEYS = ("title", "difficulty", "practises")
#: The H2 sections of an exercise page, in this order.
PAGE_SECTIONS = ("Task", "What the tests check", "Hints", "Reference solution", "Follow-up questions")


@dataclass
class ExercisePage:
    """The validated front matter of one exercise page."""

    name: str
    src: str  #: docs-relative path, e.g. ``exercises/attention.md``
    title: str
    difficulty: str
    practises: list[str] = field(default_factory=list)  #: docs-relative question pages


def exercise_names(root: Path) -> list[str]:
    """The exercise folders under ``snippets/exercises/``."""
    folder = root / EXERCISES_DIR
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def exercise_files(name: str) -> dict[str, str]:
    """Repo-relative paths of an exercise's three files."""
    base = f"{EXERCISES_DIR}{name}/"
    return {"starter": base + "starter.py", "solution": base + "solution.py", "tests": f"{base}test_{name}.py"}


def page_of(name: str) -> str:
    return f"{PAGES_DIR}{name}.md"


def is_exercise_page(src: str) -> bool:
    return src.startswith(PAGES_DIR) and src != INDEX_PAGE


# --- Structure checks (make check) ------------------------------------------------------------


def check_exercises(root: Path, pages: dict[str, str]) -> list[ContentError]:
    """Every exercise has its three files, a starter that only raises, tests that take the
    implementation, and a page that follows the schema; every exercise page has an exercise."""
    return check_exercise_pages(root, pages)[1]


def check_exercise_pages(root: Path, pages: dict[str, str]) -> tuple[dict[str, ExercisePage], list[ContentError]]:
    """:func:`check_exercises`, also returning the valid pages by exercise name."""
    errors: list[ContentError] = []
    names = exercise_names(root)
    for name in names:
        errors += _check_files(root, name)
        if page_of(name) not in pages:
            errors.append(
                ContentError(
                    f"{EXERCISES_DIR}{name}",
                    None,
                    f"the exercise has no page: add docs/{page_of(name)} "
                    "(see CONTRIBUTING.md, 'Add a coding exercise')",
                )
            )
    found: dict[str, ExercisePage] = {}
    for src, text in sorted(pages.items()):
        if not is_exercise_page(src):
            continue
        name = src.removeprefix(PAGES_DIR).removesuffix(".md")
        if name not in names:
            errors.append(
                ContentError(
                    f"docs/{src}",
                    None,
                    f"no exercise folder {EXERCISES_DIR}{name}/ for this page: add starter.py, "
                    f"solution.py and test_{name}.py there, or move the page out of docs/{PAGES_DIR}",
                )
            )
            continue
        page, page_errors = validate_exercise_page(text, f"docs/{src}", name, pages)
        errors += page_errors
        if page:
            found[name] = page
    return found, errors


def _check_files(root: Path, name: str) -> list[ContentError]:
    files = exercise_files(name)
    folder = f"{EXERCISES_DIR}{name}"
    if not NAME_RE.match(name):
        return [
            ContentError(
                folder,
                None,
                "an exercise name is lower-case letters, digits and '_' (it names a "
                "Python test module), e.g. 'layer_norm'",
            )
        ]
    errors = []
    trees: dict[str, ast.Module] = {}
    for kind, path in files.items():
        file = root / path
        if not file.is_file():
            errors.append(
                ContentError(
                    path, None, f"missing {kind} file: every exercise has starter.py, solution.py and test_{name}.py"
                )
            )
            continue
        try:
            trees[kind] = ast.parse(file.read_text(encoding="utf-8"), filename=path)
        except SyntaxError as exc:
            errors.append(ContentError(path, exc.lineno, f"not valid Python: {exc.msg}"))
    if "starter" in trees:
        errors += _check_starter(files["starter"], trees["starter"])
    if "starter" in trees and "solution" in trees:
        errors += _check_same_api(files, trees["starter"], trees["solution"])
    if "tests" in trees:
        errors += _check_tests(files["tests"], trees["tests"])
    return errors


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """Top-level functions and class methods, as ``name`` or ``Class.name``."""
    found: dict[str, ast.FunctionDef] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    found[f"{node.name}.{item.name}"] = item
    return found


def _only_raises_not_implemented(function: ast.FunctionDef) -> bool:
    body = function.body
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    exc = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _check_starter(path: str, tree: ast.Module) -> list[ContentError]:
    functions = _functions(tree)
    if not functions:
        return [ContentError(path, 1, "the starter defines no function: give the learner the signatures to fill in")]
    return [
        ContentError(
            path,
            node.lineno,
            f"the body of '{name}' must be only its docstring and "
            "'raise NotImplementedError(...)': the starter gives signatures, the learner writes the code",
        )
        for name, node in functions.items()
        if not _only_raises_not_implemented(node)
    ]


def _check_same_api(files: dict[str, str], starter: ast.Module, solution: ast.Module) -> list[ContentError]:
    errors = []
    wanted = {
        name: node
        for name, node in _functions(starter).items()
        if not name.split(".")[-1].startswith("_") or name.endswith("__init__")
    }
    have = _functions(solution)
    for name, node in wanted.items():
        if name not in have:
            errors.append(
                ContentError(
                    files["solution"],
                    1,
                    f"the solution does not define '{name}', which the "
                    f"starter asks for at {files['starter']}:{node.lineno}",
                )
            )
        elif _signature(have[name]) != _signature(node):
            errors.append(
                ContentError(
                    files["solution"],
                    have[name].lineno,
                    f"'{name}' takes ({', '.join(_signature(have[name]))}) here "
                    f"but ({', '.join(_signature(node))}) in the starter: the tests call both the same way",
                )
            )
    return errors


def _signature(function: ast.FunctionDef) -> list[str]:
    args = function.args
    names = [a.arg for a in args.posonlyargs + args.args]
    names += [f"*{args.vararg.arg}"] if args.vararg else []
    names += [a.arg for a in args.kwonlyargs]
    return names + ([f"**{args.kwarg.arg}"] if args.kwarg else [])


def _check_tests(path: str, tree: ast.Module) -> list[ContentError]:
    tests = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]
    errors = []
    if len(tests) < MIN_TESTS:
        errors.append(ContentError(path, 1, f"has {len(tests)} test(s); an exercise needs at least {MIN_TESTS}"))
    for test in tests:
        if "impl" not in _signature(test):
            errors.append(
                ContentError(
                    path,
                    test.lineno,
                    f"'{test.name}' does not take the 'impl' fixture, so it cannot test the "
                    "learner's code: add an 'impl' parameter and call the function under test as impl.<name>(...)",
                )
            )
    return errors


def validate_exercise_page(
    text: str,
    path: str,
    name: str,
    pages: dict[str, str] | set[str],
) -> tuple[ExercisePage | None, list[ContentError]]:
    """Front matter (title, difficulty, practises) and sections of one exercise page."""
    node, errors = load_front_matter(text, path)
    if node is None:
        if not errors:
            errors.append(
                ContentError(
                    path,
                    1,
                    "an exercise page starts with front matter: '---', then title, "
                    "difficulty and practises, then '---'",
                )
            )
        return None, errors
    values: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in values:
            errors.append(ContentError(path, key_node.start_mark.line, f"duplicate key '{key}'"))
        elif key not in PAGE_KEYS:
            errors.append(
                ContentError(path, key_node.start_mark.line, f"unknown key '{key}' (allowed: {', '.join(PAGE_KEYS)})")
            )
        values[key] = value_node
    for key in REQUIRED_PAGE_KEYS:
        if key not in values:
            errors.append(ContentError(path, 1, f"missing key '{key}': {PAGE_KEYS[key]}"))
    text_values = {}
    for key in ("title", "difficulty", "description"):
        if key in values:
            value = values[key]
            if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
                errors.append(ContentError(path, value.start_mark.line, f"'{key}' must be a non-empty text"))
            else:
                text_values[key] = str(value.value).strip()
    difficulty = text_values.get("difficulty")
    if difficulty is not None and difficulty not in DIFFICULTIES:
        errors.append(
            ContentError(
                path,
                values["difficulty"].start_mark.line,
                f"difficulty must be one of {', '.join(DIFFICULTIES)} (got '{difficulty}')",
            )
        )
    practises = []
    if "practises" in values:
        value = values["practises"]
        items = value.value if isinstance(value, yaml.SequenceNode) else []
        if not items:
            errors.append(
                ContentError(
                    path,
                    value.start_mark.line,
                    "'practises' must be a non-empty list of question pages, e.g. [questions/backpropagation.md]",
                )
            )
        for item in items:
            target = str(item.value) if isinstance(item, yaml.ScalarNode) else ""
            if not target.startswith("questions/") or target not in pages:
                errors.append(
                    ContentError(
                        path,
                        item.start_mark.line,
                        f"'practises' lists '{target}', which is not a question page: "
                        "write its path under docs/, e.g. questions/backpropagation.md",
                    )
                )
            else:
                practises.append(target)
    errors += _check_sections(text, path, name)
    if errors:
        return None, errors
    return ExercisePage(
        name, path.removeprefix("docs/"), text_values["title"], text_values["difficulty"], practises
    ), []


def _check_sections(text: str, path: str, name: str) -> list[ContentError]:
    errors = []
    headings = iter_headings(text)
    for line, level, _ in headings:
        if level == 1:
            errors.append(ContentError(path, line, "remove the '# ' heading: the title comes from the front matter"))
    h2 = [(title, line) for line, level, title in headings if level == 2]
    titles = [title for title, _ in h2]
    for section in PAGE_SECTIONS:
        if section not in titles:
            errors.append(
                ContentError(
                    path,
                    None,
                    f"missing section '## {section}' (an exercise page has " + ", ".join(PAGE_SECTIONS) + ")",
                )
            )
    present = [t for t in titles if t in PAGE_SECTIONS]
    if present != [s for s in PAGE_SECTIONS if s in present]:
        line = next(line for title, line in h2 if title in PAGE_SECTIONS)
        errors.append(ContentError(path, line, "sections are out of order: use " + ", ".join(PAGE_SECTIONS)))
    if errors:
        return errors
    lines = text.splitlines()
    starts = sorted(line for _, line in h2)
    bounds = {title: (line, next((other for other in starts if other > line), len(lines) + 1)) for title, line in h2}

    def body(section: str) -> list[tuple[int, str]]:
        start, end = bounds[section]
        return [(number, lines[number - 1]) for number in range(start + 1, end)]

    hints_start, hints_end = bounds["Hints"]
    hint_headings = [(line, title) for line, level, title in headings if level == 3 and hints_start < line < hints_end]
    expected = [f"Hint {n}" for n in range(1, HINTS + 1)]
    if [title for _, title in hint_headings] != expected:
        errors.append(
            ContentError(
                path,
                hints_start,
                f"'## Hints' holds exactly {HINTS} sub-sections '### Hint 1', "
                "'### Hint 2', '### Hint 3' (make exercise links to them by their anchors)",
            )
        )
    for line, title in hint_headings:
        following = next((text for number, text in body("Hints") if number > line and text.strip()), "")
        if not following.startswith("??? "):
            errors.append(
                ContentError(
                    path,
                    line,
                    f"put the text of '{title}' in a collapsed block right under its "
                    'heading: ??? tip "Show the hint"',
                )
            )
    solution = exercise_files(name)["solution"]
    reference = body("Reference solution")
    include = next((number for number, text in reference if text.strip() == f'--8<-- "{solution}"'), None)
    if include is None:
        errors.append(
            ContentError(
                path,
                bounds["Reference solution"][0],
                "embed the solution in a collapsed block: "
                f'??? success "Show the solution", then an indented ```python fence holding '
                f'--8<-- "{solution}"',
            )
        )
    elif not any(text.startswith("??? ") for number, text in reference if number < include):
        errors.append(
            ContentError(
                path,
                include,
                'the solution must be collapsed: put its code block inside ??? success "Show the solution"',
            )
        )
    follow_ups = sum(text.startswith("??? question") for _, text in body("Follow-up questions"))
    if follow_ups < MIN_FOLLOW_UPS:
        errors.append(
            ContentError(
                path,
                bounds["Follow-up questions"][0],
                f'has {follow_ups} follow-up question(s); write at least {MIN_FOLLOW_UPS}, each as ??? question "..."',
            )
        )
    return errors


# --- Running the tests (build, suite, make exercises-verify, make exercise) ------------------


@dataclass
class Outcome:
    """One test's result against one implementation."""

    test: str  #: the test function's name
    path: str  #: repo-relative test file
    line: int
    passed: bool
    message: str
    seconds: float


def run_tests(root: Path, test_files: list[str], impl: str, timeout: float = 300) -> list[Outcome]:
    """Run test files in one pytest process against ``impl``: 'solution', 'starter' or a file path."""
    if not test_files:
        return []
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        env = {
            **os.environ,
            IMPL_VARIABLE: impl,
            "KB_EXERCISE_REPORT": str(report),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(HOOKS_DIR), os.environ.get("PYTHONPATH")])),
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        config = ["-c", str(root / "pyproject.toml")] if (root / "pyproject.toml").is_file() else []
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "kb.exercise_report",
                "-p",
                "no:cacheprovider",
                "--rootdir",
                str(root),
                *config,
                *test_files,
            ],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if not report.is_file():
            raise RuntimeError(f"pytest did not run the exercise tests:\n{proc.stdout}{proc.stderr}")
        entries = json.loads(report.read_text(encoding="utf-8"))
    return [
        Outcome(e["nodeid"].split("::")[-1], e["path"], e["line"], e["outcome"] == "passed", e["message"], e["seconds"])
        for e in entries
    ]


def verify_exercises(root: Path, names: list[str] | None = None, use_cache: bool = True) -> list[ContentError]:
    """Each solution passes every test of its exercise, and each starter fails every one.

    Results are cached by the content of the exercise's files in ``.cache/exercises/``, so a
    rebuild re-runs only the exercises that changed.
    """
    names = exercise_names(root) if names is None else names
    cache = root / ".cache" / "exercises"
    keys = {name: _cache_key(root, name) for name in names}
    results: dict[str, dict[str, list[Outcome]]] = {}
    stale = []
    for name in names:
        cached = cache / f"{keys[name]}.json"
        if use_cache and cached.is_file():
            data = json.loads(cached.read_text(encoding="utf-8"))
            results[name] = {kind: [Outcome(**o) for o in data[kind]] for kind in ("solution", "starter")}
        else:
            stale.append(name)
    if stale:
        files = [exercise_files(name)["tests"] for name in stale]
        for kind in ("solution", "starter"):
            for outcome in run_tests(root, files, kind):
                name = outcome.path.split("/")[-2]
                results.setdefault(name, {"solution": [], "starter": []})[kind].append(outcome)
        cache.mkdir(parents=True, exist_ok=True)
        for name in stale:
            data = {kind: [o.__dict__ for o in results.get(name, {}).get(kind, [])] for kind in ("solution", "starter")}
            if not _verification_errors(name, results.get(name, {})):  # cache only what passed
                (cache / f"{keys[name]}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    errors = []
    for name in names:
        errors += _verification_errors(name, results.get(name, {}))
    return errors


def _verification_errors(name: str, result: dict[str, list[Outcome]]) -> list[ContentError]:
    files = exercise_files(name)
    solution, starter = result.get("solution", []), result.get("starter", [])
    if not solution:
        return [ContentError(files["tests"], None, "pytest collected no test from this file")]
    errors = []
    for outcome in solution:
        if not outcome.passed:
            errors.append(
                ContentError(
                    outcome.path, outcome.line, f"{outcome.test} fails against {files['solution']}: {outcome.message}"
                )
            )
    seconds = sum(o.seconds for o in solution)
    if seconds > TIME_BUDGET:
        errors.append(
            ContentError(
                files["tests"],
                None,
                f"the tests take {seconds:.1f} s against the solution; "
                f"keep each exercise under {TIME_BUDGET:.0f} s (smaller inputs, fewer repeats)",
            )
        )
    for outcome in starter:
        if outcome.passed:
            errors.append(
                ContentError(
                    outcome.path,
                    outcome.line,
                    f"{outcome.test} passes against {files['starter']}, "
                    "so it cannot catch a missing implementation: make it call the code under test",
                )
            )
    return errors


def _cache_key(root: Path, name: str) -> str:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    inputs = sorted((root / EXERCISES_DIR / name).glob("*.py")) + [
        root / EXERCISES_DIR / "conftest.py",
        Path(__file__).with_name("exercise_report.py"),
    ]
    for path in inputs + [root / "requirements.lock"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"")
    digest.update(sys.version.encode())
    return digest.hexdigest()[:20]


# --- Rendering (build) -----------------------------------------------------------------------


def render_header(page: ExercisePage, question_titles: dict[str, str]) -> str:
    """Difficulty, the question pages it practises and how to work on it, at the top of the page."""
    links = ", ".join(f"[{_link_text(question_titles.get(q, q))}](../{q})" for q in page.practises)
    files = exercise_files(page.name)
    return (
        f'<span class="kb-difficulty kb-difficulty--{page.difficulty}">{page.difficulty}</span> '
        f"Practises {links}\n\n"
        '!!! example "Work on it on your machine"\n'
        "    ```sh\n"
        f"    make exercise NAME={page.name}\n"
        "    ```\n\n"
        f"    The first run copies `{files['starter']}` to `{WORK_DIR}/{page.name}.py` (git-ignored); later runs\n"
        "    never overwrite it. Each run tests your copy, says which tests pass, and points to the next hint\n"
        f"    below when one fails. The tests are in `{files['tests']}`.\n"
    )


def render_list(pages: dict[str, ExercisePage], from_page: str, question_titles: dict[str, str]) -> str:
    """A table of every exercise, linked from ``from_page``."""
    base = from_page.rsplit("/", 1)[0] + "/" if "/" in from_page else ""

    def rel(target: str) -> str:
        return os.path.relpath(target, base or ".").replace(os.sep, "/")

    lines = [
        f"{len(pages)} exercises.",
        "",
        "| Exercise | Difficulty | Practises | Command |",
        "| --- | --- | --- | --- |",
    ]
    order = {level: i for i, level in enumerate(DIFFICULTIES)}
    for page in sorted(pages.values(), key=lambda p: (order[p.difficulty], p.title)):
        practises = ", ".join(f"[{_link_text(question_titles.get(q, q))}]({rel(q)})" for q in page.practises)
        lines.append(
            f"| [{_link_text(page.title)}]({rel(page.src)}) "
            f'| <span class="kb-difficulty kb-difficulty--{page.difficulty}">{page.difficulty}</span> '
            f"| {practises} | `make exercise NAME={page.name}` |"
        )
    return "\n".join(lines)


def _link_text(text: str) -> str:
    return html.escape(text).replace("[", "\\[").replace("]", "\\]").replace("|", "\\|")


# --- The learner's loop (make exercise) ------------------------------------------------------


def learn(root: Path, name: str, out=sys.stdout) -> int:
    """Copy the starter to the work folder once, test the learner's copy, point to the next hint."""
    names = exercise_names(root)
    if name not in names:
        print(f"no exercise '{name}'. Exercises: {', '.join(names)}", file=out)
        return 2
    files = exercise_files(name)
    work = root / WORK_DIR / f"{name}.py"
    relative = work.relative_to(root).as_posix()
    if not work.exists():
        work.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / files["starter"], work)
        print(f"Copied the starter to {relative}: write your code there, then run this again.", file=out)
    print(f"Testing {relative} with {files['tests']}", file=out)
    outcomes = run_tests(root, [files["tests"]], str(work))
    passed = sum(o.passed for o in outcomes)
    for outcome in outcomes:
        mark = "pass" if outcome.passed else "FAIL"
        detail = "" if outcome.passed else f"  ({outcome.message})"
        print(f"  {mark}  {outcome.test}{detail}", file=out)
    print(f"{passed} of {len(outcomes)} tests pass.", file=out)
    statuses = load_status(root)
    entry = statuses.get(name, {})
    digest = hashlib.sha256(work.read_bytes()).hexdigest()
    page = page_of(name)
    if outcomes and passed == len(outcomes):
        entry.update(status="passing", passed=passed, total=len(outcomes), sha256=digest)
        print(
            f"All tests pass. Compare with the reference solution and answer the follow-up questions:\n"
            f"  docs/{page}#reference-solution  ({SERVE_URL}{page.removesuffix('.md')}/#reference-solution "
            "under make serve)",
            file=out,
        )
    else:
        shown = int(entry.get("hints", 0))
        if shown == 0 or (entry.get("hint_sha256") != digest and shown <= HINTS):
            shown += 1  # a new hint once the learner has changed the file since the last one
        entry.update(
            status="started", passed=passed, total=len(outcomes), sha256=digest, hints=shown, hint_sha256=digest
        )
        anchor = f"hint-{shown}" if shown <= HINTS else "reference-solution"
        label = f"Hint {shown} of {HINTS}" if shown <= HINTS else "Every hint is shown; the reference solution"
        print(
            f"{label}: docs/{page}#{anchor}  ({SERVE_URL}{page.removesuffix('.md')}/#{anchor} under make serve)",
            file=out,
        )
    entry["updated"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    statuses[name] = entry
    save_status(root, statuses)
    return 0 if outcomes and passed == len(outcomes) else 1


def load_status(root: Path) -> dict[str, dict]:
    """The learner's status file; one that cannot be read is kept aside as ``status.json.bak``."""
    path = root / WORK_DIR / STATUS_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a mapping")
    except ValueError:
        shutil.copyfile(path, path.with_name(STATUS_FILE + ".bak"))
        return {}
    return {name: entry for name, entry in data.items() if isinstance(entry, dict)}


def save_status(root: Path, statuses: dict[str, dict]) -> None:
    path = root / WORK_DIR / STATUS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(STATUS_FILE + ".tmp")
    partial.write_text(json.dumps(statuses, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(path)  # all or nothing


def status_of(root: Path, name: str, statuses: dict[str, dict]) -> str:
    """'not started', 'started' or 'passing' (passing only while the file is what last passed)."""
    work = root / WORK_DIR / f"{name}.py"
    if not work.is_file():
        return "not started"
    entry = statuses.get(name, {})
    if entry.get("status") == "passing" and entry.get("sha256") == hashlib.sha256(work.read_bytes()).hexdigest():
        return "passing"
    return "started"


def print_status(root: Path, out=sys.stdout) -> int:
    statuses = load_status(root)
    names = exercise_names(root)
    width = max(map(len, names), default=0)
    for name in names:
        state = status_of(root, name, statuses)
        entry = statuses.get(name, {})
        detail = (
            f"  ({entry['passed']} of {entry['total']} tests at the last run)"
            if state == "started" and "total" in entry
            else ""
        )
        print(f"  {name:<{width}}  {state}{detail}", file=out)
    print("Work on one with: make exercise NAME=<name>", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.exercises", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("learn", help="test your copy of one exercise").add_argument("name")
    commands.add_parser("status", help="list the exercises with your status")
    verify = commands.add_parser("verify", help="each solution passes its tests and each starter fails them")
    verify.add_argument("names", nargs="*")
    verify.add_argument("--no-cache", action="store_true", help="re-run every exercise")
    args = parser.parse_args(argv)
    root = Path.cwd()
    if args.command == "learn":
        return learn(root, args.name)
    if args.command == "status":
        return print_status(root)
    started = time.perf_counter()
    names = args.names or exercise_names(root)
    errors = verify_exercises(root, names, use_cache=not args.no_cache)
    if errors:
        print(format_errors(errors, "exercise"), file=sys.stderr)
        return 1
    print(
        f"exercises verified: {len(names)} solutions pass their tests and their starters fail every test "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
