"""MkDocs hook: the cross-linked glossary built from ``docs/glossary.yml``.

- Validates the glossary (path:line errors fail the build) and generates ``glossary.md``.
- Links the first use of each term on every question page, with the definition as its tooltip.
- Lists a page's key terms at its end; counts each term's pages on the glossary page, and lists
  them on a page of their own (``glossary/uses.md``).
"""

from __future__ import annotations

import html as html_lib
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from kb.content import is_question
from kb.drills import DRILLS_DIR
from kb.errors import format_errors
from kb.exercises import is_exercise_page
from kb.glossary import (
    BACKLINKS_MARKER,
    USES_MARKER,
    Matcher,
    Term,
    link_glossary_entries,
    link_terms,
    load_glossary,
    render_backlinks,
    render_glossary_markdown,
    render_uses,
    render_uses_markdown,
    tooltip,
)
from kb.timing import timed

log = logging.getLogger("mkdocs.plugins.glossary")

GLOSSARY_SOURCE = "glossary.yml"  # under docs/
GLOSSARY_PAGE = "glossary.md"
USES_PAGE = "glossary/uses.md"


class _State:
    terms: list[Term] = []
    matcher: Matcher | None = None
    used: dict[str, list[tuple[str, str]]] = {}  # slug -> [(page title, page url)]
    urls: dict[str, str] = {}  # the generated pages' src_uri -> URL, as this build writes them


state = _State()


# --- Hooks -----------------------------------------------------------------------------------


@timed("glossary")
def on_files(files: Files, config: MkDocsConfig) -> Files:
    source = Path(config.docs_dir) / GLOSSARY_SOURCE
    path = f"docs/{GLOSSARY_SOURCE}"
    if not source.is_file():
        raise PluginError(f"{path}: the glossary file is missing")
    pages = {f.src_uri for f in files.documentation_pages()}
    terms, errors = load_glossary(source.read_text(encoding="utf-8"), path, pages)
    if errors:
        raise PluginError(format_errors(errors, "glossary"))
    state.terms = terms
    state.matcher = Matcher(terms)
    state.used = {t.slug: [] for t in terms}
    glossary_file = files.get_file_from_path(GLOSSARY_SOURCE)
    if glossary_file is not None:
        files.remove(glossary_file)  # the data file is not published; the page is
    titles = {}
    for file in files.documentation_pages():
        if file.abs_src_path and file.src_uri.endswith(".md"):
            titles[file.src_uri] = get_data(Path(file.abs_src_path).read_text(encoding="utf-8"))[1].get(
                "title", file.src_uri
            )
    glossary = File.generated(config, GLOSSARY_PAGE, content=render_glossary_markdown(terms, titles))
    uses = File.generated(config, USES_PAGE, content=render_uses_markdown("../glossary.md"))
    uses.inclusion = InclusionLevel.NOT_IN_NAV  # reached from each glossary entry
    for file in (glossary, uses):
        files.append(file)
        state.urls[file.src_uri] = file.url
    return files


@timed("glossary")
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert state.matcher is not None
    glossary_file = files.get_file_from_path(GLOSSARY_PAGE)
    glossary = get_relative_url(glossary_file.url if glossary_file else "glossary/", page.file.url)
    href = {t.slug: f"{glossary}#{t.slug}" for t in state.terms}
    if page.file.src_uri == GLOSSARY_PAGE:
        _letters_only_in_toc(page)
        return link_glossary_entries(html, state.matcher, href)
    src = page.file.src_uri
    if not (is_question(src) or is_exercise_page(src) or src.startswith(DRILLS_DIR)):
        return html  # terms are linked where questions are answered or practised, not in lists and tables of them
    html, linked = link_terms(html, state.matcher, href)
    for term in linked:
        state.used[term.slug].append((page.title or page.file.src_uri, page.file.url))
    if linked:
        html = _add_key_terms(html, page, linked, href)
    return html


@timed("glossary")
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if page.file.src_uri == GLOSSARY_PAGE:
        uses = get_relative_url(state.urls[USES_PAGE], page.file.url)
        unused = []
        for term in state.terms:
            count = len(set(state.used[term.slug]))
            marker = BACKLINKS_MARKER.format(slug=term.slug)
            output = output.replace(marker, render_backlinks(count, f"{uses}#{term.slug}"))
            if not count:
                unused.append(term.term)
        if unused:
            log.info("glossary terms no page uses yet: %s", ", ".join(unused))
    elif page.file.src_uri == USES_PAGE:
        glossary = get_relative_url(state.urls[GLOSSARY_PAGE], page.file.url)
        entries = []
        for term in sorted(state.terms, key=lambda t: t.term.lower()):
            pages = sorted(set(state.used[term.slug]), key=_title_order)
            links = [(title, get_relative_url(url, page.file.url)) for title, url in pages]
            entries.append((term, f"{glossary}#{term.slug}", links))
        output = output.replace(USES_MARKER, render_uses(entries))
    return output


# --- Helpers ---------------------------------------------------------------------------------


def _title_order(page: tuple[str, str]) -> tuple[str, str]:
    """Pages by title as a reader sorts them: "conv2d …" among the C's, not after "Why …"."""
    return page[0].casefold(), page[1]


def _letters_only_in_toc(page: Page) -> None:
    """The glossary's table of contents lists its letters, not every term.

    Hundreds of term entries made the page's sidebar alone over a thousand elements, which the
    theme lays out and tracks on scroll; the letters are the index a reader jumps by.
    """
    for item in page.toc.items:
        for letter in item.children:
            letter.children = []


def _add_key_terms(html: str, page: Page, linked: list[Term], href: dict[str, str]) -> str:
    """A 'Key terms' section before the references, listed in the table of contents."""
    items = "".join(
        f'<li><a href="{html_lib.escape(href[t.slug])}" title="{tooltip(t)}">{html_lib.escape(t.term)}</a></li>'
        for t in sorted(linked, key=lambda t: t.term.lower())
    )
    section = (
        '<h2 id="key-terms">Key terms<a class="headerlink" href="#key-terms" title="Link to this section">¶</a></h2>'
        f'<ul class="kb-key-terms">{items}</ul>'
    )
    marker = '<h2 id="references">'
    html = html.replace(marker, section + marker, 1) if marker in html else html + section
    position = next((i for i, item in enumerate(page.toc.items) if item.id == "references"), len(page.toc.items))
    page.toc.items.insert(position, AnchorLink("Key terms", "key-terms", 2))
    return html
