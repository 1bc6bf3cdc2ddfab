"""MkDocs hook: run every snippet the pages include and show its real output under its code.

Snippets run once per build, in parallel, each in a fresh interpreter with a
timeout, and are cached by content in ``.cache/snippets/``: a warm rebuild runs
nothing, and an edited snippet re-runs alone. Each result also becomes a
notebook page under ``lab/`` (rendered by mkdocs-jupyter) from the same run.
"""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from kb.content import Site, check_snippets, pages_from_files
from kb.errors import ContentError, format_errors
from kb.notebook_html import slim_notebook_styles, strip_remote_scripts
from kb.snippets import (
    DEFAULT_TIMEOUT,
    Include,
    SnippetResult,
    cache_dir,
    find_includes,
    insert_after_fences,
    list_snippets,
    notebook_json,
    notebook_name,
    render_output,
    run_all,
)
from kb.timing import timed

log = logging.getLogger("mkdocs.plugins.snippet_exec")

FIGURE_DIR = "assets/figures"
LAB_DIR = "lab"
NOTEBOOK_LOGGERS = ("mkdocs.mkdocs-jupyter", "mkdocs.plugins.mkdocs_jupyter")


class _State:
    root: Path
    cache: Path
    results: dict[str, SnippetResult] = {}
    figure_uris: dict[str, list[str]] = {}
    lab_pages: dict[str, str] = {}  #: notebook page src_uri -> snippet path


state = _State()


# --- Hooks -----------------------------------------------------------------------------------


@timed("snippets")
def on_config(config: MkDocsConfig) -> None:
    state.root = Path(config.config_file_path).resolve().parent
    state.cache = cache_dir(state.root)
    _quiet_notebook_logs.count = 0
    for name in NOTEBOOK_LOGGERS:
        logger = logging.getLogger(name)
        if _quiet_notebook_logs not in logger.filters:
            logger.addFilter(_quiet_notebook_logs)


@timed("snippets")
def on_post_build(config: MkDocsConfig) -> None:
    if _quiet_notebook_logs.count:
        log.info(
            "notebooks: %d pages under %s/ (per-notebook lines hidden; mkdocs build --verbose shows them)",
            len(state.lab_pages),
            LAB_DIR,
        )


@event_priority(50)  # before mkdocs-jupyter wraps the notebooks this adds
@timed("snippets")
def on_files(files: Files, config: MkDocsConfig) -> Files:
    includes, errors = _collect_includes(files)
    if errors:
        raise PluginError(format_errors(errors, "snippet include"))
    state.results = _run_all(includes)
    state.lab_pages = {f"{LAB_DIR}/{notebook_name(path)}": path for path in state.results}
    state.figure_uris = {}
    for path, result in sorted(state.results.items()):
        _add_generated_files(files, config, path, result, includes[path])
    executed = sorted(p for p, r in state.results.items() if not r.cached)
    log.info(
        "snippets: %d executed, %d from cache%s",
        len(executed),
        len(state.results) - len(executed),
        (": " + ", ".join(executed)) if executed else "",
    )
    return files


@timed("snippets")
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    found, _ = find_includes(markdown, page.file.src_uri)
    blocks: dict[int, str] = {}
    page_dir = posixpath.dirname(page.file.src_uri)
    for include in found:
        result = state.results.get(include.path)
        if result is None or not include.whole_file:
            continue
        figure_links = [posixpath.relpath(uri, page_dir) for uri in state.figure_uris[include.path]]
        notebook = posixpath.relpath(f"{LAB_DIR}/{notebook_name(include.path)}", page_dir)
        block = render_output(result, figure_links, notebook)
        blocks[include.fence_end] = "\n".join(include.indent + line if line else line for line in block.splitlines())
    return insert_after_fences(markdown, blocks)


@timed("snippets")
@event_priority(100)  # before the search plugin reads page.meta
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    snippet = _lab_snippet(page)
    if snippet:
        # The question pages already show each snippet's code and output; keep search results to them.
        page.meta["search"] = {"exclude": True}
    if snippet and config.repo_url and config.edit_uri:
        # Edit the snippet itself: the notebook is generated from it.
        page.edit_url = (
            config.repo_url.rstrip("/") + "/" + config.edit_uri.replace("/docs/", "/").strip("/") + "/" + snippet
        )
    return context


@timed("snippets")
@event_priority(100)  # first: every later reader of a notebook page, the search plugin included, gets it slim
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _lab_snippet(page):
        return html
    return strip_remote_scripts(slim_notebook_styles(html, cache=state.cache.parent / "notebook-css"))


# --- Helpers ---------------------------------------------------------------------------------


class _NotebookLogFilter(logging.Filter):
    """Hides mkdocs-jupyter's per-notebook INFO lines (about three per snippet) and counts them.

    Warnings and errors pass, and so does everything when mkdocs runs with --verbose.
    """

    count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO or logging.getLogger("mkdocs").isEnabledFor(logging.DEBUG):
            return True
        self.count += 1
        return False


_quiet_notebook_logs = _NotebookLogFilter()


def _lab_snippet(page: Page) -> str | None:
    """The snippet path behind a generated notebook page, or None for other pages."""
    return state.lab_pages.get(page.file.src_uri)


def _collect_includes(files: Files) -> tuple[dict[str, list[tuple[File, Include]]], list[ContentError]]:
    """Map each snippet path to the pages (and lines) that include it; report misuse and orphans."""
    site = Site(root=state.root, pages=pages_from_files(files), snippets=list_snippets(state.root))
    by_snippet, errors = check_snippets(site)
    return {
        path: [(files.get_file_from_path(src), inc) for src, inc in uses] for path, uses in by_snippet.items()
    }, errors


def _run_all(includes: dict[str, list[tuple[File, Include]]]) -> dict[str, SnippetResult]:
    """Run (or load from cache) every included snippet; raise one error listing every failure."""
    timeout = float(os.environ.get("KB_SNIPPET_TIMEOUT", DEFAULT_TIMEOUT))

    def progress(done: int, total: int, result: SnippetResult) -> None:
        log.info("snippets: %d/%d %s ran in %.1f s", done, total, result.path, result.seconds)

    results, errors = run_all(state.root, list(includes), state.cache, timeout, progress)
    if errors:
        failures = []
        for path, exc in errors.items():
            pages = ", ".join(f"docs/{f.src_uri}:{inc.line}" for f, inc in includes[path])
            failures.append(f"{exc}\n  included by {pages}")
        raise PluginError(f"{len(failures)} snippet(s) failed:\n" + "\n".join(failures))
    for result in results.values():
        if result.stderr.strip():
            log.warning("%s wrote to stderr (fix the cause of the warning):\n%s", result.path, result.stderr.rstrip())
    return results


def _add_generated_files(
    files: Files,
    config: MkDocsConfig,
    path: str,
    result: SnippetResult,
    includes: list[tuple[File, Include]],
) -> None:
    """Add the snippet's figures and its notebook to the site as generated files."""
    out_dir = state.cache / result.key
    stem = notebook_name(path).removesuffix(".ipynb")
    uris = []
    svgs = []
    for figure in result.figures:
        uri = f"{FIGURE_DIR}/{stem}-{figure.file.removeprefix('figure-').removesuffix('.svg')}-{result.key[:8]}.svg"
        files.append(File.generated(config, uri, abs_src_path=str(out_dir / figure.file)))
        uris.append(uri)
        svgs.append((out_dir / figure.file).read_text())
    state.figure_uris[path] = uris

    notebook_uri = f"{LAB_DIR}/{notebook_name(path)}"
    # mkdocs-jupyter needs a File with a real src_dir, so notebooks live in a docs-like tree. Their links
    # depend on use_directory_urls, so each URL style has its own tree: builds of the site and of its
    # offline copy may run at once (the tests do) and must not rewrite each other's notebooks.
    generated = state.cache / ("generated" if config.use_directory_urls else "generated-offline")
    notebook_page = File(notebook_uri, str(generated), config.site_dir, config.use_directory_urls)
    # mkdocs-jupyter turns the notebook into a page later; until then its File has the .ipynb's URL.
    notebook_url = f"{LAB_DIR}/{stem}/" if config.use_directory_urls else f"{LAB_DIR}/{stem}.html"
    pages = []
    for page_file, _ in includes:
        title = get_data(Path(page_file.abs_src_path).read_text(encoding="utf-8"))[1].get("title")
        pages.append((title or page_file.src_uri, get_relative_url(page_file.url, notebook_url)))
    source = (state.root / path).read_text(encoding="utf-8")
    notebook_file = generated / notebook_uri
    notebook = notebook_json(path, source, result, svgs, pages)
    if not notebook_file.exists() or notebook_file.read_text() != notebook:
        notebook_file.parent.mkdir(parents=True, exist_ok=True)
        notebook_file.write_text(notebook)
    files.append(notebook_page)
