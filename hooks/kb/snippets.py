"""Find snippet includes in pages, run snippets (cached by content), render their output.

A page embeds a snippet with a fenced block whose only line is a
``pymdownx.snippets`` include of a file under ``snippets/``::

    ```python title="snippets/backprop/numpy_mlp.py"
    --8<-- "snippets/backprop/numpy_mlp.py"
    ```

The build runs every included snippet once (in parallel, in a subprocess with a
timeout), and inserts its stdout and figures right after the closing fence.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kb import sandbox

try:
    import fcntl
except ImportError:  # Windows: no lock; two processes may then run the same snippet twice
    fcntl = None
from kb.errors import ContentError

#: Bump when the runner or the rendering changes in a way that must invalidate the cache.
CACHE_VERSION = "2"
RUNNER = Path(__file__).with_name("snippet_runner.py")
DEFAULT_TIMEOUT = 60.0
BLAS_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
#: Coding exercises live here: tested by their own test files (kb.exercises), not run as snippets.
EXERCISES_DIR = "snippets/exercises/"

_INCLUDE_RE = re.compile(
    r'^(?P<indent>[ \t]*)-{1,}8<-{1,}[ \t]+"(?P<target>(?P<path>snippets/[^":]+\.py)(?::[^"]*)?)"[ \t]*$'
)
#: Any pymdownx.snippets include line: single-file (``--8<-- "path"``) or the block form (a bare ``--8<--``).
_ANY_INCLUDE_RE = re.compile(r'^[ \t]*-{1,}8<-{1,}(?:[ \t]+"(?P<target>[^"]*)")?[ \t]*$')
_FENCE_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Include:
    """One snippet included by a page."""

    path: str  #: e.g. ``snippets/backprop/numpy_mlp.py``
    line: int  #: 1-based line of the ``--8<--`` include in the page
    whole_file: bool  #: False for a ``file.py:section`` include
    fence_end: int  #: 1-based line of the closing fence (0 when not in a fence)
    indent: str


@dataclass
class Figure:
    """One figure a snippet left open, saved as SVG."""

    file: str  #: file name inside the result folder
    alt: str
    width: int  #: CSS pixels
    height: int


@dataclass
class SnippetResult:
    """What one execution of a snippet produced."""

    path: str
    key: str
    stdout: str
    stderr: str
    seconds: float
    figures: list[Figure] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  #: figure file -> sha256, checked on read
    cached: bool = False

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("cached")
        return json.dumps(data, indent=1)

    @classmethod
    def from_json(cls, text: str) -> SnippetResult:
        data = json.loads(text)
        data["figures"] = [Figure(**figure) for figure in data["figures"]]
        return cls(**data, cached=True)


class SnippetError(Exception):
    """A snippet that failed: raised, timed out, or broke a snippet rule."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def list_snippets(root: Path) -> list[str]:
    """Repository paths of the snippets the build runs: every ``snippets/**/*.py`` but the coding exercises."""
    return sorted(
        path
        for p in (root / "snippets").rglob("*.py")
        if not (path := p.relative_to(root).as_posix()).startswith(EXERCISES_DIR)
    )


# --- Finding includes -------------------------------------------------------------------------


def find_includes(markdown: str, page_path: str) -> tuple[list[Include], list[ContentError]]:
    """Return the snippet includes of a page and the misuses of the include syntax.

    Only fenced blocks are scanned for includes; a ``--8<--`` line of a snippet outside any
    fence would paste Python into the prose, so it is reported as an error.
    """
    includes: list[Include] = []
    errors: list[ContentError] = _foreign_includes(markdown, page_path)
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = _FENCE_OPEN_RE.match(line)
        if opening:
            marker = opening.group("marker")
            end = _closing_fence(lines, index + 1, opening.group("indent"), marker)
            body = [(i, lines[i]) for i in range(index + 1, end) if lines[i].strip()]
            snippet_lines = [
                (i, m)
                for i, text in body
                if (m := _INCLUDE_RE.match(text)) and not m.group("path").startswith(EXERCISES_DIR)
            ]
            for i, match in snippet_lines:
                if len(body) != 1:
                    errors.append(
                        ContentError(
                            page_path,
                            i + 1,
                            "a snippet include must be the only line of its code block",
                        )
                    )
                    continue
                if end >= len(lines):
                    errors.append(
                        ContentError(page_path, index + 1, f"the code block is never closed: add a line {marker}")
                    )
                    continue
                target = match.group("target")
                includes.append(
                    Include(
                        path=match.group("path"),
                        line=i + 1,
                        whole_file=target == match.group("path"),
                        fence_end=end + 1,
                        indent=opening.group("indent"),
                    )
                )
            index = end + 1
            continue
        stray = _INCLUDE_RE.match(line)
        if stray:
            errors.append(
                ContentError(
                    page_path,
                    index + 1,
                    f"put the include of {stray.group('path')} inside a fenced code block: "
                    f'```python title="{stray.group("path")}"',
                )
            )
        index += 1
    return includes, errors


def _foreign_includes(markdown: str, page_path: str) -> list[ContentError]:
    """Includes of anything but a file under snippets/: pymdownx.snippets would publish any file."""
    errors = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        match = _ANY_INCLUDE_RE.match(line)
        if not match:
            continue
        target = match.group("target")
        if target is None:
            errors.append(
                ContentError(
                    page_path,
                    number,
                    "the block form of --8<-- is not used here: include one "
                    'snippet per fenced block, as --8<-- "snippets/<topic>/<name>.py"',
                )
            )
        elif not target.startswith("snippets/") or ".." in target.split(":", 1)[0].split("/"):
            errors.append(
                ContentError(
                    page_path,
                    number,
                    f"includes '{target}': only files under snippets/ may be "
                    "included (any other file of the repository would be published); to show "
                    "the include syntax itself, escape it as ;--8<--",
                )
            )
    return errors


def _closing_fence(lines: list[str], start: int, indent: str, marker: str) -> int:
    """Index of the line closing a fence opened with ``marker`` (len(lines) if none)."""
    closing = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
    for index in range(start, len(lines)):
        if closing.match(lines[index]):
            return index
    return len(lines)


def insert_after_fences(markdown: str, blocks: dict[int, str]) -> str:
    """Insert Markdown blocks after the given 1-based lines (the closing fences)."""
    if not blocks:
        return markdown
    lines = markdown.splitlines()
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        out.append(line)
        if number in blocks:
            out += ["", blocks[number], ""]
    trailing = "\n" if markdown.endswith("\n") else ""
    return "\n".join(out) + trailing


# --- Running ---------------------------------------------------------------------------------


def cache_key(source: bytes, salt: bytes) -> str:
    """Content key of one execution: the snippet's bytes plus everything that can change its output.

    ``salt`` holds the runner's own source, the lock file and the Python version (see
    :func:`environment_salt`). Nothing else, so unrelated edits never re-run a snippet.
    """
    digest = hashlib.sha256()
    digest.update(CACHE_VERSION.encode())
    digest.update(b"\0")
    digest.update(salt)
    digest.update(b"\0")
    digest.update(source)
    return digest.hexdigest()[:20]


def environment_salt(lock_file: Path) -> bytes:
    """Bytes that invalidate every cached run when the runner, the pins (not the comments) or Python change."""
    parts = [
        RUNNER.read_bytes(),
        _pins(lock_file) if lock_file.exists() else b"no lock file",
        sys.version.encode(),
    ]
    return b"\0".join(parts)


def _pins(lock_file: Path) -> bytes:
    """The lock file without its comments: a changed "# via" line does not re-run every snippet."""
    lines = (line.split("#", 1)[0].rstrip() for line in lock_file.read_text(encoding="utf-8").splitlines())
    return "\n".join(line for line in lines if line).encode()


def snippet_environment() -> dict[str, str]:
    """The environment snippets run in, at build time and in the tests.

    One BLAS thread: snippets run in parallel, one process per core, and a thread count that
    followed the machine's cores would change the last digits of some results from machine to
    machine (summation order), so the pages would depend on where they were built.
    """
    env = dict(os.environ)
    env.update({"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"})
    env.update({name: "1" for name in BLAS_THREAD_VARIABLES})
    env.pop("PYTHONPATH", None)
    return env


def run_snippet(root: Path, path: str, key: str, out_dir: Path, timeout: float = DEFAULT_TIMEOUT) -> SnippetResult:
    """Execute ``root/path`` contained (see :mod:`kb.sandbox`) and store its stdout and figures in ``out_dir``.

    Raises :class:`SnippetError` when the snippet raises, exits early, prints too much or runs past
    ``timeout``. ``out_dir`` is written atomically: it exists only when the run succeeded, and it
    records the digest of every file, checked when the cache is read.
    """
    script = root / path
    work = Path(tempfile.mkdtemp(prefix="kb-snippet-"))
    figures_dir = work / ".figures"
    figures_dir.mkdir()
    env = sandbox.environment(
        work,
        {
            "MPLBACKEND": "Agg",
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
            **{name: "1" for name in BLAS_THREAD_VARIABLES},
        },
    )
    started = time.perf_counter()
    try:
        done = sandbox.run([sys.executable, str(RUNNER), str(script), str(figures_dir)], work, env, timeout)
        seconds = time.perf_counter() - started
        _raise_for(path, done, timeout, figures_dir)
        meta = json.loads((figures_dir / "figures.json").read_text())
        figures = [Figure(**figure) for figure in meta]
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=out_dir.parent))
        try:
            for figure in figures:
                shutil.copyfile(figures_dir / figure.file, tmp / figure.file)
            result = SnippetResult(
                path=path,
                key=key,
                stdout=done.stdout,
                stderr=done.stderr,
                seconds=round(seconds, 3),
                figures=figures,
                digests={f.file: _digest(tmp / f.file) for f in figures},
            )
            (tmp / "result.json").write_text(result.to_json())
            if out_dir.exists():
                shutil.rmtree(out_dir)
            tmp.rename(out_dir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _raise_for(path: str, done: sandbox.Completed, timeout: float, figures_dir: Path) -> None:
    """Turn every way a contained run can go wrong into a SnippetError that says what to do."""
    if done.timed_out:
        raise SnippetError(
            path,
            f"did not finish within {timeout:g} s and was stopped. Snippets must run in seconds: "
            f"make it smaller, or look for an endless loop (run: python {path})",
        )
    if done.too_much_output:
        raise SnippetError(
            path,
            f"printed more than {sandbox.MAX_OUTPUT:,} bytes and was stopped: print a summary "
            "(a few lines, a small table), not raw arrays",
        )
    if done.returncode != 0:
        detail = done.stderr.strip() or f"exit status {done.returncode}"
        raise SnippetError(path, f"failed (run: python {path}):\n{_indent(detail)}")
    if not (figures_dir / "figures.json").is_file():
        raise SnippetError(
            path,
            "stopped before its last line without an error (os._exit? a killed process?): a snippet "
            f"runs to its end, so remove the early exit (run: python {path})",
        )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cache_dir(root: Path) -> Path:
    """Where results are cached: ``.cache/snippets``, or ``$KB_SNIPPET_CACHE`` (relative to ``root``)."""
    return root / os.environ.get("KB_SNIPPET_CACHE", ".cache/snippets")


def run_all(
    root: Path,
    paths: list[str],
    cache: Path,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[int, int, SnippetResult], None] | None = None,
) -> tuple[dict[str, SnippetResult], dict[str, SnippetError]]:
    """Run (or load from the content-keyed cache) each snippet, in parallel, one process per core.

    The build and the tests share this, and so the cache: a snippet runs at most once per content.
    ``progress(done, total, result)`` is called after each snippet that actually ran.
    """
    salt = environment_salt(root / "requirements.lock")
    cache.mkdir(parents=True, exist_ok=True)

    def one(path: str) -> SnippetResult:
        key = cache_key((root / path).read_bytes(), salt)
        out_dir = cache / key
        cached = load_cached(out_dir)
        if cached:
            return cached
        with _key_lock(cache, key):  # another process may be running it: wait, then use its result
            return load_cached(out_dir) or run_snippet(root, path, key, out_dir, timeout)

    remove_stale_temp(cache)
    results: dict[str, SnippetResult] = {}
    failures: dict[str, SnippetError] = {}
    done = 0
    workers = max(1, min(len(paths), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(one, path): path for path in sorted(set(paths))}
        try:
            for future in as_completed(futures):
                path = futures[future]
                done += 1
                try:
                    results[path] = future.result()
                except SnippetError as exc:
                    failures[path] = exc
                    continue
                if progress and not results[path].cached:
                    progress(done, len(futures), results[path])
        except BaseException:  # Ctrl-C: start nothing more, and stop what runs
            pool.shutdown(wait=False, cancel_futures=True)
            sandbox.kill_all()
            raise
    return dict(sorted(results.items())), dict(sorted(failures.items()))


def load_cached(out_dir: Path) -> SnippetResult | None:
    """Return the stored result of an earlier identical run, if it is whole and unaltered.

    The entry must name its own key, and every figure must match the digest recorded with it;
    anything else (a half-written or edited entry) is ignored, and the snippet runs again.
    """
    result_file = out_dir / "result.json"
    if not result_file.is_file():
        return None
    try:
        result = SnippetResult.from_json(result_file.read_text())
        if result.key != out_dir.name or set(result.digests) != {f.file for f in result.figures}:
            return None
        if any(_digest(out_dir / name) != digest for name, digest in result.digests.items()):
            return None
        return result
    except (ValueError, TypeError, KeyError, OSError):
        return None


@contextmanager
def _key_lock(cache: Path, key: str) -> Iterator[None]:
    """Hold an exclusive lock on one cache key, across processes (a build and the tests, test workers)."""
    if fcntl is None:
        yield
        return
    with open(cache / f".lock-{key}", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_temp(cache: Path, older_than: float = 3600) -> None:
    """Delete temp folders that a killed build left in the cache (an hour old: no build still writes them)."""
    now = time.time()
    for tmp in cache.glob(".tmp-*"):
        try:
            if now - tmp.stat().st_mtime > older_than:
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError:
            pass


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


# --- Rendering -------------------------------------------------------------------------------


def render_output(result: SnippetResult, figure_links: list[str], notebook_link: str) -> str:
    """Markdown shown under a snippet's code: its stdout, its figures and a notebook link."""
    parts: list[str] = []
    if result.stdout.strip():
        fence = "`" * max(3, _longest_backtick_run(result.stdout) + 1)
        parts.append(f'{fence} {{ .text .snippet-output title="Output" }}\n{result.stdout.rstrip()}\n{fence}')
    for figure, link in zip(result.figures, figure_links, strict=True):
        alt = _markdown_alt(figure.alt)
        parts.append(
            f'![{alt}]({link}){{ .snippet-figure loading=lazy width="{figure.width}" height="{figure.height}" }}'
        )
    parts.append(f"[Open as a notebook]({notebook_link}){{ .snippet-notebook }} · ran in {result.seconds:.2f} s")
    return "\n\n".join(parts)


def _longest_backtick_run(text: str) -> int:
    runs = re.findall(r"`+", text)
    return max((len(run) for run in runs), default=0)


def _markdown_alt(text: str) -> str:
    """Alt text safe inside ``![...]``: one line, brackets escaped, HTML characters escaped."""
    one_line = " ".join(text.split())
    return html.escape(one_line, quote=False).replace("[", "\\[").replace("]", "\\]")


def notebook_json(path: str, source: str, result: SnippetResult, svgs: list[str], pages: list[tuple[str, str]]) -> str:
    """A Jupyter notebook (nbformat 4) holding the snippet and the outputs of its build-time run.

    ``pages`` lists (title, relative link) of the pages that include the snippet.
    """
    import nbformat

    docstring = _docstring(source)
    used_on = ", ".join(f"[{title}]({link})" for title, link in pages)
    intro = f"# {path}\n\n{docstring}\n\nUsed on: {used_on}. " if docstring else f"# {path}\n\nUsed on: {used_on}. "
    intro += (
        "The outputs below were produced when the site was built. "
        f"Run it yourself with `python {path}` from a clone of the repository."
    )
    # Plain dicts, checked once against the schema: nbformat's new_output() and new_code_cell() each
    # check their piece, and writes() the whole again (0.2 s of a warm build over 111 notebooks).
    outputs: list[dict] = []
    if result.stdout:
        outputs.append({"output_type": "stream", "name": "stdout", "text": result.stdout})
    for figure, svg in zip(result.figures, svgs, strict=True):
        outputs.append(
            {
                "output_type": "display_data",
                "data": {"image/svg+xml": svg, "text/plain": f"<Figure: {figure.alt}>"},
                "metadata": {},
            }
        )
    notebook = nbformat.from_dict(
        {
            "nbformat": 4,
            "nbformat_minor": nbformat.v4.nbformat_minor,
            "metadata": {
                "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                "language_info": {"name": "python"},
            },
            "cells": [
                {"cell_type": "markdown", "id": "about", "metadata": {}, "source": intro},
                {
                    "cell_type": "code",
                    "id": "snippet",
                    "metadata": {},
                    "execution_count": 1,
                    "source": source.rstrip("\n"),
                    "outputs": outputs,
                },
            ],
        }
    )
    nbformat.validate(notebook)  # raises on a notebook that does not fit the schema
    return nbformat.v4.writes(notebook)


def _docstring(source: str) -> str:
    import ast

    try:
        return ast.get_docstring(ast.parse(source)) or ""
    except SyntaxError:
        return ""


def notebook_name(path: str) -> str:
    """``snippets/backprop/numpy_mlp.py`` -> ``backprop-numpy_mlp.ipynb``."""
    inner = Path(path).relative_to("snippets").with_suffix("")
    return "-".join(inner.parts) + ".ipynb"
