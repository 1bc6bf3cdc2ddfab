"""Flashcard decks: valid Anki packages and CSV files, with ids that stay the same across builds."""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile
from pathlib import Path

import genanki

from conftest import ROOT, BuildResult
from kb.cards import Card, glossary_cards, quiz_cards, to_apkg, to_csv
from kb.content import check_pages, check_quizzes, load_site
from kb.glossary import Term


def notes_in(apkg: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """(guid, fields) of every note in an .apkg: a zip holding a SQLite collection."""
    with zipfile.ZipFile(io.BytesIO(apkg)) as package:
        assert "collection.anki2" in package.namelist()
        (tmp_path / "collection.anki2").write_bytes(package.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        return db.execute("select guid, flds from notes order by guid").fetchall()
    finally:
        db.close()


CARDS = [
    Card("glossary:logit", "glossary", "<b>logit</b>", "<p>A score.</p>", ("glossary",)),
    Card("quiz:q-1", "quiz", "What?", "<p><b>This</b></p>", ("training", "mid"), "questions/q.md"),
]


def test_apkg_is_a_valid_package_with_one_note_per_card(tmp_path: Path) -> None:
    notes = notes_in(to_apkg(CARDS, "Test deck"), tmp_path)
    assert len(notes) == len(CARDS)
    assert {guid for guid, _ in notes} == {genanki.guid_for(card.id) for card in CARDS}


def test_note_ids_are_stable_across_builds(tmp_path: Path) -> None:
    first = notes_in(to_apkg(CARDS, "Test deck"), tmp_path)
    changed = [CARDS[0], Card("quiz:q-1", "quiz", "What, reworded?", "<p>This</p>", ("training",), "q.md")]
    second = notes_in(to_apkg(changed, "Test deck"), tmp_path)
    assert [guid for guid, _ in first] == [guid for guid, _ in second]  # an edit updates, not duplicates
    assert to_apkg(CARDS, "Test deck") == to_apkg(CARDS, "Test deck")  # byte for byte


def test_csv_has_a_row_per_card() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(CARDS))))
    assert [row["id"] for row in rows] == ["glossary:logit", "quiz:q-1"]
    assert rows[1]["tags"] == "training mid"


def test_cards_come_from_glossary_and_quiz_text() -> None:
    (card,) = glossary_cards([Term("logit", "A <pre-softmax> score.", ["logits score"])])
    assert card.id == "glossary:logit" and "&lt;pre-softmax&gt;" in card.back and "logits score" in card.back
    site = load_site(ROOT)
    questions, _ = check_pages(site.pages)
    items, _ = check_quizzes(site.pages)
    cards = quiz_cards(items, questions)
    numeric = next(c for c in cards if c.id == "quiz:backprop-digit5-cross-entropy")
    assert "0.357" in numeric.back and "mid" in numeric.tags


def test_built_site_offers_decks_with_every_card(built_site: BuildResult, tmp_path: Path) -> None:
    site = built_site.site
    rows = list(csv.DictReader(io.StringIO((site / "assets/cards/deep-learning-interview-handbook.csv").read_text())))
    notes = notes_in((site / "assets/cards/deep-learning-interview-handbook.apkg").read_bytes(), tmp_path)
    assert len(notes) == len(rows) > 400
    assert {guid for guid, _ in notes} == {genanki.guid_for(row["id"]) for row in rows}
    sources = {row["source"] for row in rows}
    assert sources == {"glossary", "question", "quiz"}
    practice = (site / "practice/index.html").read_text()
    assert 'href="../assets/cards/deep-learning-interview-handbook.apkg"' in practice
    page = (site / "questions/backpropagation/index.html").read_text()
    assert 'href="../../assets/cards/backpropagation.apkg"' in page
    page_rows = list(csv.DictReader(io.StringIO((site / "assets/cards/backpropagation.csv").read_text())))
    assert {row["page"] for row in page_rows} == {"questions/backpropagation.md"}
