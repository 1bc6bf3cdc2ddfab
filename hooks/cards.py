"""MkDocs hook: flashcard decks (Anki .apkg and CSV) built from glossary terms, short answers
and quiz items, for the whole site and for each question page.

Decks are cached by their content in ``.cache/cards/``, so a rebuild writes no new package
unless a card changed.
"""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from kb.cards import Card, glossary_cards, question_cards, quiz_cards, to_apkg, to_csv
from kb.content import check_pages, check_quizzes, is_question, pages_from_files
from kb.glossary import load_glossary
from kb.timing import timed

CARDS_DIR = "assets/cards"
DECKS_MARKER = "<!-- flashcard-decks -->"
SITE_DECK = "deep-learning-interview-handbook"


class _State:
    counts: dict[str, int] = {}
    per_page: dict[str, int] = {}


state = _State()


# --- Hooks -----------------------------------------------------------------------------------


@timed("cards")
def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages = pages_from_files(files)
    questions, _ = check_pages(pages)  # errors are reported by the pages and quiz hooks
    items, _ = check_quizzes(pages)
    glossary = Path(config.docs_dir) / "glossary.yml"
    terms, _ = load_glossary(glossary.read_text(encoding="utf-8"), "docs/glossary.yml") if glossary.is_file() \
        else ([], [])
    cards = glossary_cards(terms) + question_cards(questions, pages) + quiz_cards(items, questions)
    cache = Path(config.config_file_path).parent / ".cache" / "cards"
    _add_deck(files, config, cache, SITE_DECK, "Deep Learning Interview Handbook", cards)
    state.counts = {source: sum(c.source == source for c in cards) for source in ("glossary", "question", "quiz")}
    state.per_page = {}
    for src in questions:
        page_cards = [c for c in cards if c.page == src and c.source != "glossary"]
        state.per_page[src] = len(page_cards)
        _add_deck(files, config, cache, _deck_name(src), f"Deep Learning Interview Handbook: {questions[src].title}",
                  page_cards)
    return files


@timed("cards")
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = page.file.src_uri
    if DECKS_MARKER in markdown:
        counts = state.counts
        summary = (f"{counts['glossary']} glossary terms, {counts['question']} short answers and "
                   f"{counts['quiz']} quiz items.")
        markdown = markdown.replace(DECKS_MARKER, _links(page, SITE_DECK, "", sum(counts.values())) + ": " + summary)
    if is_question(src) and src in state.per_page:
        line = "Flashcards for this page: " + _links(page, _deck_name(src), "", state.per_page[src])
        marker = "\n## References"
        markdown = markdown.replace(marker, f"\n{line}\n{marker}", 1) if marker in markdown else markdown + "\n" + line
    return markdown


# --- Helpers ---------------------------------------------------------------------------------


def _deck_name(src: str) -> str:
    return posixpath.splitext(posixpath.basename(src))[0]


def _links(page: Page, name: str, what: str, count: int) -> str:
    # Markdown links are relative to the page's source file; MkDocs turns them into URLs.
    base = posixpath.relpath(f"{CARDS_DIR}/{name}", posixpath.dirname(page.file.src_uri) or ".")
    label = f"{count} cards" + (f", {what}" if what else "")
    return f"[Anki deck]({base}.apkg) · [CSV]({base}.csv) ({label})"


def _add_deck(files: Files, config: MkDocsConfig, cache: Path, name: str, title: str, cards: list[Card]) -> None:
    csv_text = to_csv(cards)
    key = hashlib.sha256((title + csv_text).encode()).hexdigest()[:16]
    apkg = cache / f"{name}-{key}.apkg"
    if not apkg.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        apkg.write_bytes(to_apkg(cards, title))
    files.append(File.generated(config, f"{CARDS_DIR}/{name}.apkg", abs_src_path=str(apkg)))
    files.append(File.generated(config, f"{CARDS_DIR}/{name}.csv", content=csv_text))
