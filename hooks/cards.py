"""MkDocs hook: flashcards built from glossary terms, short answers and quiz items.

- Anki decks (.apkg) and CSV files for the whole site and for each question page, cached by
  their content in ``.cache/cards/`` (written atomically, checked on read), so a rebuild writes
  no new package unless a card changed. The same cards give byte-identical packages.
- The same cards for the Review page (spaced repetition in the browser) and the index the
  Practice page's weak-topic dashboard rolls scores up with: ``assets/study/{index,cards}.js``.
"""

from __future__ import annotations

import posixpath
from dataclasses import replace
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from kb.cards import (
    Card,
    StudyPage,
    cached_apkg,
    glossary_cards,
    key_terms,
    question_cards,
    quiz_cards,
    study_data,
    to_csv,
)
from kb.content import check_pages, check_quizzes, is_question, nav_pages, pages_from_files
from kb.frontmatter import QuestionMeta
from kb.glossary import Term, load_glossary
from kb.mathml import render_fragment, site_renderer
from kb.timing import timed

CARDS_DIR = "assets/cards"
DECKS_MARKER = "<!-- flashcard-decks -->"
SITE_DECK = "deep-learning-interview-handbook"
STUDY_DIR = "assets/study"
REVIEW_MARKER = "<!-- review-app -->"
DASHBOARD_MARKER = "<!-- weak-topics -->"
TRANSFER_MARKER = "<!-- progress-transfer -->"
GLOSSARY_PAGE = "glossary.md"


class _State:
    counts: dict[str, int] = {}
    per_page: dict[str, int] = {}
    cards: list[Card] = []
    terms: list[Term] = []
    questions: dict[str, QuestionMeta] = {}
    urls: dict[str, str] = {}
    key_terms: dict[str, list[str]] = {}


state = _State()


# --- Hooks -----------------------------------------------------------------------------------


@timed("cards")
def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages = pages_from_files(files)
    questions, _ = check_pages(pages)  # errors are reported by the pages and quiz hooks
    items, _ = check_quizzes(pages)
    glossary = Path(config.docs_dir) / "glossary.yml"
    terms, _ = (
        load_glossary(glossary.read_text(encoding="utf-8"), "docs/glossary.yml") if glossary.is_file() else ([], [])
    )
    cards = glossary_cards(terms) + question_cards(questions, pages) + quiz_cards(items, questions)
    state.cards, state.terms, state.questions, state.key_terms = cards, terms, questions, {}
    state.urls = {f.src_uri: f.url for f in files.documentation_pages()}
    cache = Path(config.config_file_path).parent / ".cache" / "cards"
    _add_deck(files, config, cache, SITE_DECK, "Deep Learning Interview Handbook", cards)
    state.counts = {source: sum(c.source == source for c in cards) for source in ("glossary", "question", "quiz")}
    state.per_page = {}
    for src in questions:
        page_cards = [c for c in cards if c.page == src and c.source != "glossary"]
        state.per_page[src] = len(page_cards)
        _add_deck(
            files,
            config,
            cache,
            _deck_name(src),
            f"Deep Learning Interview Handbook: {questions[src].title}",
            page_cards,
        )
    return files


@timed("cards")
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = page.file.src_uri
    if DECKS_MARKER in markdown:
        counts = state.counts
        summary = (
            f"{counts['glossary']} glossary terms, {counts['question']} short answers and {counts['quiz']} quiz items."
        )
        markdown = markdown.replace(DECKS_MARKER, _links(page, SITE_DECK, "", sum(counts.values())) + ": " + summary)
    if REVIEW_MARKER in markdown:
        markdown = markdown.replace(REVIEW_MARKER, _mount(page, "kb-review", "review"))
    if DASHBOARD_MARKER in markdown:
        markdown = markdown.replace(DASHBOARD_MARKER, _mount(page, "kb-dashboard", "dashboard"))
    if TRANSFER_MARKER in markdown:
        markdown = markdown.replace(TRANSFER_MARKER, _transfer())
    if is_question(src) and src in state.per_page:
        line = "Flashcards for this page: " + _links(page, _deck_name(src), "", state.per_page[src])
        marker = "\n## References"
        markdown = markdown.replace(marker, f"\n{line}\n{marker}", 1) if marker in markdown else markdown + "\n" + line
    return markdown


@timed("cards")
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The glossary hook has run: the page's 'Key terms' section names the terms it uses.
    if is_question(page.file.src_uri):
        state.key_terms[page.file.src_uri] = key_terms(html)
    return html


@timed("cards")
def on_post_build(config: MkDocsConfig) -> None:
    # Written after every page is rendered: the index needs each page's key terms.
    order = [src for src in _nav_order(config) if src in state.questions]
    pages = [
        StudyPage(
            src,
            state.urls[src],
            state.questions[src].title,
            tuple(state.questions[src].tags),
            state.questions[src].difficulty,
            tuple(state.key_terms.get(src, ())),
        )
        for src in order
    ]
    # The Review page shows cards with their math rendered, as pages do; the decks keep the TeX,
    # which Anki renders itself.
    renderer = site_renderer(Path(config.docs_dir), Path(config.config_file_path).parent)
    shown = [
        replace(c, front=render_fragment(c.front, renderer), back=render_fragment(c.back, renderer))
        for c in state.cards
    ]
    index, text = study_data(shown, pages, state.terms, state.urls.get(GLOSSARY_PAGE, "glossary/"))
    out = Path(config.site_dir) / STUDY_DIR
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.js").write_text(index, encoding="utf-8")
    (out / "cards.js").write_text(text, encoding="utf-8")


# --- Helpers ---------------------------------------------------------------------------------


def _nav_order(config: MkDocsConfig) -> list[str]:
    """Question pages in the order the navigation lists them, then any it leaves out."""
    found = list(nav_pages(config.nav or []))
    return found + sorted(set(state.questions) - set(found))


def _mount(page: Page, css_class: str, what: str) -> str:
    """Where review.js builds the review or the dashboard; the scripts' URLs are relative to the page."""
    base = get_relative_url(STUDY_DIR, page.file.url)
    cards = f' data-cards="{base}/cards.js"' if what == "review" else ""
    return (
        f'<div class="{css_class}" data-index="{base}/index.js"{cards}>'
        # The space kept for what review.js builds (site.css) is for readers whose scripts run.
        f"<noscript><style>.md-typeset .{css_class} {{ min-height: 0 }}</style>"
        f"<p>The {what} needs JavaScript.</p></noscript></div>"
    )


def _transfer() -> str:
    return (
        '<div class="kb-transfer">'
        '<p><button type="button" class="md-button kb-export">Export progress</button> '
        '<button type="button" class="md-button kb-import">Import progress…</button>'
        '<input type="file" class="kb-import-file" accept="application/json,.json" hidden '
        'aria-label="Progress file to import"> '
        '<button type="button" class="md-button kb-reset">Reset all progress</button></p>'
        '<p class="kb-transfer__status" role="status" aria-live="polite"></p></div>'
    )


def _deck_name(src: str) -> str:
    return posixpath.splitext(posixpath.basename(src))[0]


def _links(page: Page, name: str, what: str, count: int) -> str:
    # Markdown links are relative to the page's source file; MkDocs turns them into URLs.
    base = posixpath.relpath(f"{CARDS_DIR}/{name}", posixpath.dirname(page.file.src_uri) or ".")
    label = f"{count} cards" + (f", {what}" if what else "")
    return f"[Anki deck]({base}.apkg) · [CSV]({base}.csv) ({label})"


def _add_deck(files: Files, config: MkDocsConfig, cache: Path, name: str, title: str, cards: list[Card]) -> None:
    apkg = cached_apkg(cache, name, title, cards)
    files.append(File.generated(config, f"{CARDS_DIR}/{name}.apkg", abs_src_path=str(apkg)))
    files.append(File.generated(config, f"{CARDS_DIR}/{name}.csv", content=to_csv(cards)))
