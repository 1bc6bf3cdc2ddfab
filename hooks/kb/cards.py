"""Flashcards from the content the site already has: glossary terms, short answers, quiz items.

A recall item is a card from its prompt to its model answer; the one whose model answer is its
page's short answer is that short answer's card, not a second copy of it.

Every card has a stable id derived from what it is about (a term's slug, a page's path, a quiz
item's id), so re-importing a newer deck updates cards instead of duplicating them.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import itertools
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from kb.frontmatter import QuestionMeta, section_text
from kb.glossary import Term
from kb.quiz import Item, data_script, display_order, safe_markdown
from kb.reproducible import write_atomic

#: Fixed ids: Anki identifies the note type and the deck by them across imports.
MODEL_ID = 1_607_392_319
DECK_ID = 2_059_400_110
CSV_FIELDS = ("id", "source", "front", "back", "tags", "page")


@dataclass(frozen=True)
class Card:
    """One flashcard: HTML on both sides, tags for filtering, the page it comes from."""

    id: str  #: stable: 'glossary:<slug>', 'question:<path>' or 'quiz:<item id>'
    source: str  #: glossary | question | quiz
    front: str
    back: str
    tags: tuple[str, ...] = field(default_factory=tuple)
    page: str = ""  #: docs-relative path of the page the card belongs to ('' for glossary cards)


def glossary_cards(terms: list[Term]) -> list[Card]:
    cards = []
    for term in terms:
        aliases = f"<p><small>Also: {_escape(', '.join(term.aliases))}</small></p>" if term.aliases else ""
        cards.append(
            Card(
                f"glossary:{term.slug}",
                "glossary",
                f"<b>{_escape(term.term)}</b>",
                safe_markdown(term.definition, inline=False) + aliases,
                ("glossary",),
                term.explained_in or "",
            )
        )
    return cards


def question_cards(questions: dict[str, QuestionMeta], pages: dict[str, str]) -> list[Card]:
    cards = []
    for src, meta in questions.items():
        answer = section_text(pages[src], "Short answer")
        cards.append(
            Card(
                f"question:{src}",
                "question",
                _escape(meta.title),
                safe_markdown(answer, inline=False),
                (*meta.tags, meta.difficulty),
                src,
            )
        )
    return cards


def quiz_cards(items_by_page: dict[str, list[Item]], questions: dict[str, QuestionMeta]) -> list[Card]:
    cards = []
    for src, items in items_by_page.items():
        meta = questions.get(src)
        tags = (*meta.tags, meta.difficulty) if meta else ()
        for item in items:
            if item.card != f"quiz:{item.id}":
                continue  # a recall item of the page's short answer: that answer's own card already asks it
            front = safe_markdown(item.question)
            if item.type == "recall":
                back = safe_markdown(item.model_answer, inline=False)
                if item.explanation:
                    back += safe_markdown(item.explanation, inline=False)
                cards.append(Card(item.card, "quiz", front, back, tags, src))
                continue
            if item.type != "numeric":
                shown = [item.options[i] for i in display_order(item)]  # as on the page: A is not always right
                choices = "".join(f"<li>{safe_markdown(o.text)}</li>" for o in shown)
                front += f"<ol type='A'>{choices}</ol>"
                right = ", ".join(safe_markdown(o.text) for o in shown if o.correct)
            else:
                unit = f" {_escape(item.unit)}" if item.unit else ""
                right = f"{item.answer:g}{unit} (± {item.tolerance:g})"
            back = f"<p><b>{right}</b></p>{safe_markdown(item.explanation, inline=False)}"
            cards.append(Card(f"quiz:{item.id}", "quiz", front, back, tags, src))
    return cards


def to_csv(cards: list[Card]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for card in cards:
        writer.writerow([card.id, card.source, card.front, card.back, " ".join(card.tags), card.page])
    return buffer.getvalue()


def to_apkg(cards: list[Card], deck_name: str) -> bytes:
    """An Anki package: one note per card, its guid derived from the card's stable id."""
    import genanki

    model = genanki.Model(
        MODEL_ID,
        "Deep Learning Interview Handbook card",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[
            {
                "name": "Card",
                "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<p><small>{{Source}}</small></p>",
            }
        ],
    )
    deck = genanki.Deck(DECK_ID + _stable_int(deck_name) % 1_000_000, deck_name)
    for card in cards:
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[card.front, card.back, card.source],
                guid=genanki.guid_for(card.id),
                tags=[t.replace(" ", "_") for t in card.tags],
            )
        )
    # genanki's Package.write_to_file stamps the zip entries with the current time and the temporary
    # database's mtime, so two builds differ. Write the same collection (timestamp 0: fixed note and
    # card ids) and zip it with fixed entry dates: the same cards give the same bytes.
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        connection = sqlite3.connect(db)
        try:
            genanki.Package(deck).write_to_db(connection.cursor(), 0, itertools.count(0))
            connection.commit()
        finally:
            connection.close()
        collection = db.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in (("collection.anki2", collection), ("media", b"{}")):  # no media files
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system, info.external_attr = 3, 0o644 << 16  # Unix, rw-r--r--, on any OS
            archive.writestr(info, data)
    return buffer.getvalue()


#: The zip entries' date: the earliest a zip can hold, as reproducible builds use.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def cached_apkg(cache_dir: Path, name: str, title: str, cards: list[Card]) -> Path:
    """The deck's .apkg in ``cache_dir``, built only when missing or damaged.

    Entries are keyed by the deck's content. The package and then its SHA-256 (in ``.sha256`` next
    to it) are each written to a temporary file and renamed into place, so a build killed midway
    leaves no entry, or one without a record; an entry is used only when its record exists, its
    bytes match it and its zip opens.
    """
    key = hashlib.sha256((title + to_csv(cards)).encode()).hexdigest()[:16]
    path = cache_dir / f"{name}-{key}.apkg"
    record = path.with_suffix(".sha256")
    if not _intact(path, record):
        data = to_apkg(cards, title)
        write_atomic(path, data)
        write_atomic(record, hashlib.sha256(data).hexdigest().encode())
    return path


def _intact(path: Path, record: Path) -> bool:
    try:
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != record.read_text().strip():
            return False
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.testzip() is None and "collection.anki2" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _stable_int(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


# --- Data for the in-browser review and the weak-topic dashboard -----------------------------

KEY_TERMS_RE = re.compile(r'<ul class="kb-key-terms">(.*?)</ul>', re.S)
TERM_HREF_RE = re.compile(r'href="[^"]*#([^"]+)"')


def key_terms(page_html: str) -> list[str]:
    """Slugs of the glossary terms listed in a rendered page's 'Key terms' section."""
    found = KEY_TERMS_RE.search(page_html)
    return TERM_HREF_RE.findall(found.group(1)) if found else []


@dataclass(frozen=True)
class StudyPage:
    """What the browser needs to know about a question page to roll scores up."""

    src: str
    url: str  #: relative to the site root
    title: str
    tags: tuple[str, ...]
    difficulty: str
    terms: tuple[str, ...]


def study_data(cards: list[Card], pages: list[StudyPage], terms: list[Term], glossary_url: str) -> tuple[str, str]:
    """Two scripts: the index (card ids, pages, terms: small, used by the dashboard and the review)
    and the cards' text (used by the review only). Scripts rather than JSON, so that they load from
    a folder on disk too, where browsers refuse fetch().

    Cards are listed in the order of the pages they belong to, so new cards follow the site's
    sections; glossary cards come with the page that explains their term, or last.
    """
    position = {page.src: number for number, page in enumerate(pages)}
    url = {page.src: page.url for page in pages}
    sources = ("question", "quiz", "glossary")
    order = sorted(cards, key=lambda c: (position.get(c.page, len(pages)), sources.index(c.source)))
    index = {
        "version": 1,
        "pages": [
            {
                "src": p.src,
                "url": p.url,
                "title": p.title,
                "tags": list(p.tags),
                "difficulty": p.difficulty,
                "terms": list(p.terms),
            }
            for p in pages
        ],
        "terms": {t.slug: {"term": t.term, "url": f"{glossary_url}#{t.slug}"} for t in terms},
        "cards": [[c.id, c.page if c.page in position else ""] for c in order],
    }
    text = {c.id: [c.front, _absolute_anchors(c.back, url.get(c.page, ""))] for c in order}
    return data_script("index", index), data_script("cards", text)


def _absolute_anchors(fragment: str, page_url: str) -> str:
    # '#anchor' links in a card point into its page; on the review page they must say so.
    return fragment.replace('href="#', f'href="{page_url}#') if page_url else fragment
