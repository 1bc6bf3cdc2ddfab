"""Flashcards from the content the site already has: glossary terms, short answers, quiz items.

Every card has a stable id derived from what it is about (a term's slug, a page's path, a quiz
item's id), so re-importing a newer deck updates cards instead of duplicating them.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kb.frontmatter import QuestionMeta, section_text
from kb.glossary import Term
from kb.quiz import Item, safe_markdown

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
        aliases = f"<p><small>Also: {', '.join(term.aliases)}</small></p>" if term.aliases else ""
        cards.append(Card(f"glossary:{term.slug}", "glossary", f"<b>{_escape(term.term)}</b>",
                          f"<p>{_escape(term.definition)}</p>{aliases}", ("glossary",),
                          term.explained_in or ""))
    return cards


def question_cards(questions: dict[str, QuestionMeta], pages: dict[str, str]) -> list[Card]:
    cards = []
    for src, meta in questions.items():
        answer = section_text(pages[src], "Short answer")
        cards.append(Card(f"question:{src}", "question", _escape(meta.title), safe_markdown(answer, inline=False),
                          (*meta.tags, meta.difficulty), src))
    return cards


def quiz_cards(items_by_page: dict[str, list[Item]], questions: dict[str, QuestionMeta]) -> list[Card]:
    cards = []
    for src, items in items_by_page.items():
        meta = questions.get(src)
        tags = (*meta.tags, meta.difficulty) if meta else ()
        for item in items:
            front = safe_markdown(item.question)
            if item.type != "numeric":
                choices = "".join(f"<li>{safe_markdown(o.text)}</li>" for o in item.options)
                front += f"<ol type='A'>{choices}</ol>"
                right = ", ".join(safe_markdown(o.text) for o in item.options if o.correct)
            else:
                unit = f" {item.unit}" if item.unit else ""
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
        MODEL_ID, "Deep Learning Interview Handbook card",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[{"name": "Card", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<p><small>{{Source}}</small></p>"}],
    )
    deck = genanki.Deck(DECK_ID + _stable_int(deck_name) % 1_000_000, deck_name)
    for card in cards:
        deck.add_note(genanki.Note(
            model=model, fields=[card.front, card.back, card.source],
            guid=genanki.guid_for(card.id), tags=[t.replace(" ", "_") for t in card.tags],
        ))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        package = genanki.Package(deck)
        package.write_to_file(str(path), timestamp=0)  # deterministic ids inside the package
        return path.read_bytes()


def _stable_int(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
