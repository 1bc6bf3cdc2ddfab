"""MkDocs hook: self-test quizzes written as ```quiz fences, and the Practice page.

- Validates every item on every page with ``kb.content.check_quizzes``
  (path:line errors fail the build).
- Replaces each fence with an accessible form that works without JavaScript; choice options are
  shown in the order ``kb.quiz.display_order`` draws from the item's id.
- Writes ``assets/quiz/items.js`` (every item, rendered, math as MathML) for the Practice
  page's mock interviews: a script, so that it also loads from a folder on disk.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from kb.content import check_quizzes, pages_from_files
from kb.errors import format_errors
from kb.mathml import render_fragment, site_renderer
from kb.quiz import Item, find_quiz_blocks, item_summary, items_script, render_item
from kb.timing import timed

ITEMS_SCRIPT = "assets/quiz/items.js"
PRACTICE_PAGE = "practice.md"
SCORES_MARKER = "<!-- practice-scores -->"
MOCK_MARKER = "<!-- mock-interview -->"


@dataclass
class PageQuiz:
    file: File
    title: str
    tags: list[str]
    difficulty: str
    items: list[Item]


state: dict[str, PageQuiz] = {}


# --- Hooks -----------------------------------------------------------------------------------


@timed("quiz")
def on_files(files: Files, config: MkDocsConfig) -> Files:
    state.clear()
    pages = pages_from_files(files)
    items_by_page, errors = check_quizzes(pages)
    if errors:
        raise PluginError(format_errors(errors, "quiz"))
    for src, items in items_by_page.items():
        meta = get_data(pages[src])[1]
        state[src] = PageQuiz(
            files.get_file_from_path(src),
            str(meta.get("title", src)),
            list(meta.get("tags", [])),
            str(meta.get("difficulty", "")),
            items,
        )
    files.append(File.generated(config, ITEMS_SCRIPT, content=_items_script(files, config)))
    return files


@timed("quiz")
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = page.file.src_uri
    if src == PRACTICE_PAGE:
        markdown = markdown.replace(SCORES_MARKER, _scores_table(page)).replace(MOCK_MARKER, _mock_form(page))
    quiz = state.get(src)
    if quiz is None:
        return markdown
    blocks, _ = find_quiz_blocks(markdown, f"docs/{src}")
    checked = {item.id: item for item in quiz.items}  # as kb.content completed them (the card they feed)
    lines = markdown.splitlines()
    for number, block in reversed(list(enumerate(blocks, start=1))):
        assert block.item is not None  # on_files stopped the build on any invalid item
        item = checked.get(block.item.id, block.item)
        rendered = render_item(item, number, lambda href: _resolve(href, page.file, files))
        lines[block.start - 1 : block.end] = ["", rendered, ""]
    return "\n".join(lines) + "\n"


# --- Helpers ---------------------------------------------------------------------------------


def _resolve(href: str, source: File, files: Files, base: str | None = None) -> str | None:
    """URL of a link written in an item on ``source``, relative to ``base`` (default: that page).

    None when the link points to no page.
    """
    if href.startswith(("http://", "https://")):
        return href
    path, _, anchor = href.partition("#")
    suffix = f"#{anchor}" if anchor else ""
    if not path:
        if base is None:
            return suffix
        target_url = source.url
    else:
        target = files.get_file_from_path(posixpath.normpath(posixpath.join(posixpath.dirname(source.src_uri), path)))
        if target is None or not target.is_documentation_page():
            return None
        target_url = target.url
    return get_relative_url(target_url, source.url if base is None else base) + suffix


def _practice_url(files: Files) -> str:
    practice = files.get_file_from_path(PRACTICE_PAGE)
    return practice.url if practice else "practice/"


def _items_script(files: Files, config: MkDocsConfig) -> str:
    """Every item rendered, math included, with links relative to the Practice page, where mock
    interviews show them."""
    base = _practice_url(files)
    renderer = site_renderer(Path(config.docs_dir), Path(config.config_file_path).parent)
    summaries = []
    for quiz in state.values():
        page_url = get_relative_url(quiz.file.url, base)
        for number, item in enumerate(quiz.items, start=1):
            rendered = render_item(item, number, lambda href, f=quiz.file: _resolve(href, f, files, base=base))
            rendered = render_fragment(rendered, renderer)  # an error is reported by the item's page
            summaries.append(item_summary(item, page_url, quiz.title, quiz.tags, quiz.difficulty, rendered))
    return items_script(summaries)


def _scores_table(page: Page) -> str:
    rows = []
    for quiz in sorted(state.values(), key=lambda q: q.title.lower()):
        if not quiz.file.src_uri.startswith(("questions/", "drills/")):  # estimation drills count too
            continue
        ids = ",".join(item.id for item in quiz.items)
        cards = ",".join(item.card for item in quiz.items)  # recall items count by their latest grade
        link = get_relative_url(quiz.file.url, page.file.url)
        rows.append(
            f'<tr><td><a href="{html.escape(link)}">{html.escape(quiz.title)}</a></td>'
            f"<td>{html.escape(quiz.difficulty)}</td>"
            f'<td class="kb-score" data-items="{html.escape(ids)}" data-cards="{html.escape(cards)}">'
            f"0 / {len(quiz.items)}</td></tr>"
        )
    return (
        # A table without a class gets the theme's table style.
        '<div class="kb-scores"><table><thead><tr><th scope="col">Question</th><th scope="col">Difficulty</th>'
        '<th scope="col">Answered correctly</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>"
    )


def _mock_form(page: Page) -> str:
    tags = sorted({tag for quiz in state.values() for tag in quiz.tags})
    total = sum(len(q.items) for q in state.values())
    items_url = get_relative_url(ITEMS_SCRIPT, page.file.url)
    tag_options = "".join(f'<option value="{html.escape(t)}">{html.escape(t)}</option>' for t in tags)
    return (
        f'<form class="kb-mock" data-items-url="{html.escape(items_url)}" method="dialog">'
        "<fieldset><legend>Set up a mock interview</legend>"
        f'<p><label for="mock-count">Number of questions</label> '
        f'<input id="mock-count" name="count" type="number" min="1" max="{total}" value="{min(10, total)}"></p>'
        f'<p><label for="mock-tag">Topic tag</label> <select id="mock-tag" name="tag">'
        f'<option value="">Any tag</option>{tag_options}</select></p>'
        '<p><label for="mock-difficulty">Difficulty</label> <select id="mock-difficulty" name="difficulty">'
        '<option value="">Any difficulty</option><option>junior</option><option>mid</option>'
        "<option>senior</option></select></p>"
        '<p><button type="submit" class="md-button md-button--primary">Start the mock interview</button></p>'
        "</fieldset></form>"
        '<div class="kb-mock-run" hidden></div>'
    )
