"""MkDocs hook: the coding exercises under ``docs/exercises/`` and ``snippets/exercises/``.

- Fails the build with ``path:line`` when an exercise breaks its schema, when a reference solution
  fails one of its tests, or when a starter passes one (results are cached by content).
- Adds the difficulty, the question pages practised and the ``make exercise`` command to each
  exercise page, and the list of exercises wherever a page has the ``<!-- exercise-list -->`` marker.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from kb.content import pages_from_files
from kb.errors import format_errors
from kb.exercises import LIST_MARKER, ExercisePage, check_exercise_pages, render_header, render_list, verify_exercises
from kb.timing import timed


class _State:
    pages: dict[str, ExercisePage] = {}
    titles: dict[str, str] = {}  #: question page -> its title


state = _State()


# --- Hooks -----------------------------------------------------------------------------------


@timed("exercises")
def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).resolve().parent
    pages = pages_from_files(files)
    found, errors = check_exercise_pages(root, pages)
    if not errors:
        errors = verify_exercises(root)
    if errors:
        raise PluginError(format_errors(errors, "exercise"))
    state.pages = {page.src: page for page in found.values()}
    state.titles = {
        src: str(get_data(text)[1].get("title", src)) for src, text in pages.items() if src.startswith("questions/")
    }
    return files


@timed("exercises")
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    exercise = state.pages.get(page.file.src_uri)
    if exercise:
        markdown = f"{render_header(exercise, state.titles)}\n{markdown}"
    if LIST_MARKER in markdown:
        markdown = markdown.replace(
            LIST_MARKER, render_list({p.name: p for p in state.pages.values()}, page.file.src_uri, state.titles)
        )
    return markdown
