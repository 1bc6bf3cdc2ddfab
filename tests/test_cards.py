"""Flashcard decks: valid Anki packages and CSV files, with ids that stay the same across builds."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sqlite3
import time
import zipfile
from pathlib import Path

import genanki
import pytest

from conftest import ROOT, BuildResult
from kb import reproducible
from kb.cards import (
    ZIP_DATE,
    Card,
    StudyPage,
    cached_apkg,
    glossary_cards,
    key_terms,
    quiz_cards,
    study_data,
    to_apkg,
    to_csv,
)
from kb.content import check_pages, check_quizzes, load_site
from kb.glossary import Term
from kb.quiz import display_order, safe_markdown


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


def test_two_builds_of_a_deck_are_byte_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    first = to_apkg(CARDS, "Test deck")
    later = time.time() + 86_400 * 3
    monkeypatch.setattr(time, "time", lambda: later)  # a build three days later
    monkeypatch.setattr(time, "localtime", lambda seconds=None: real_localtime(later))
    assert to_apkg(CARDS, "Test deck") == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:  # neither the clock nor a file's mtime is stored
        assert [(i.filename, i.date_time) for i in package.infolist()] == [
            ("collection.anki2", ZIP_DATE),
            ("media", ZIP_DATE),
        ]
        assert package.read("media") == b"{}"


real_localtime = time.localtime


def test_cached_deck_is_reused_and_rebuilt_when_damaged(tmp_path: Path) -> None:
    path = cached_apkg(tmp_path, "deck", "Test deck", CARDS)
    good = path.read_bytes()
    assert good == to_apkg(CARDS, "Test deck")
    assert path.with_suffix(".sha256").read_text() == hashlib.sha256(good).hexdigest()
    stamp = path.stat().st_mtime_ns
    assert cached_apkg(tmp_path, "deck", "Test deck", CARDS) == path and path.stat().st_mtime_ns == stamp  # reused

    path.write_bytes(good[: len(good) // 2])  # truncated, as by a full disk or a killed copy
    assert cached_apkg(tmp_path, "deck", "Test deck", CARDS).read_bytes() == good
    path.with_suffix(".sha256").unlink()  # killed between the package and its record
    path.write_bytes(b"PK\x03\x04 not a zip")
    assert cached_apkg(tmp_path, "deck", "Test deck", CARDS).read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, path.with_suffix(".sha256").name]


def test_a_deck_write_interrupted_midway_leaves_no_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def killed(source: str, target: str) -> None:
        raise KeyboardInterrupt  # stands for a build stopped between writing and renaming

    monkeypatch.setattr(reproducible.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        cached_apkg(tmp_path, "deck", "Test deck", CARDS)
    assert list(tmp_path.iterdir()) == []  # no partial package, no temporary file


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


def test_recall_items_become_cards_and_choice_cards_show_the_page_order() -> None:
    site = load_site(ROOT)
    questions, _ = check_pages(site.pages)
    items, _ = check_quizzes(site.pages)
    cards = {c.id: c for c in quiz_cards(items, questions)}
    # A recall item: its prompt on the front, its model answer (Markdown and math rendered) on the back.
    recall = cards["quiz:backprop-derive-softmax-gradient"]
    assert recall.front.startswith("Derive the gradient of the softmax cross-entropy")
    assert "<li>" not in recall.front and 'class="arithmatex"' in recall.back and "p_k" in recall.back
    assert recall.page == "questions/backpropagation.md" and "mid" in recall.tags
    # The page's 30-second recall item is its short answer's card, so it is not a second card.
    say_it = next(i for i in items["questions/backpropagation.md"] if i.id == "backprop-say-it")
    assert say_it.card == "question:questions/backpropagation.md" and "quiz:backprop-say-it" not in cards
    # A choice card lists the options in the order the page shows them.
    item = next(i for i in items["questions/backpropagation.md"] if i.id == "backprop-what-it-computes")
    listed = re.findall(r"<li>(.*?)</li>", cards["quiz:backprop-what-it-computes"].front)
    assert listed == [safe_markdown(item.options[k].text) for k in display_order(item)]
    assert listed[0] != safe_markdown(item.options[0].text)  # this item's right answer is not shown first


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


def study_script(text: str, name: str) -> object:
    """The value a data script for the Review and Practice pages assigns."""
    prefix = f"(window.kbStudy=window.kbStudy||{{}}).{name}="
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix) : -2])


def test_review_data_follows_the_sections_and_links_into_pages() -> None:
    cards = [
        Card("glossary:logit", "glossary", "<b>logit</b>", "<p>A score.</p>", ("glossary",), "questions/b.md"),
        Card("glossary:zzz", "glossary", "<b>zzz</b>", "<p>Sleep.</p>", ("glossary",), ""),
        Card("question:questions/b.md", "question", "B?", '<p>See <a href="#why">why</a>.</p>', (), "questions/b.md"),
        Card("quiz:a-1", "quiz", "A?", "<p>No </script> here.</p>", (), "questions/a.md"),
        Card("question:questions/a.md", "question", "A?", "<p>A.</p>", (), "questions/a.md"),
    ]
    pages = [
        StudyPage("questions/a.md", "questions/a/", "A", ("x",), "junior", ()),
        StudyPage("questions/b.md", "questions/b/", "B", ("y",), "mid", ("logit",)),
    ]
    terms = [Term("logit", "A score."), Term("zzz", "Sleep.")]
    index_js, cards_js = study_data(cards, pages, terms, "glossary/")
    index = study_script(index_js, "index")
    assert [entry[0] for entry in index["cards"]] == [
        "question:questions/a.md",
        "quiz:a-1",
        "question:questions/b.md",
        "glossary:logit",
        "glossary:zzz",
    ]
    assert index["terms"]["logit"] == {"term": "logit", "url": "glossary/#logit"}
    assert index["pages"][1]["terms"] == ["logit"]
    assert "</script>" not in cards_js  # the script cannot end early
    text = study_script(cards_js, "cards")
    assert 'href="questions/b/#why"' in text["question:questions/b.md"][1]
    assert text["quiz:a-1"][1] == "<p>No </script> here.</p>"


def test_key_terms_are_read_from_the_rendered_section() -> None:
    html = (
        '<p>text</p><h2 id="key-terms">Key terms</h2><ul class="kb-key-terms">'
        '<li><a href="../../glossary/#chain-rule" title="d">chain rule</a></li>'
        '<li><a href="../../glossary/#logit" title="d">logit</a></li></ul>'
    )
    assert key_terms(html) == ["chain-rule", "logit"]
    assert key_terms("<p>No section.</p>") == []


def test_built_review_data_has_every_card_of_the_decks(built_site: BuildResult) -> None:
    site = built_site.site
    rows = list(csv.DictReader(io.StringIO((site / "assets/cards/deep-learning-interview-handbook.csv").read_text())))
    index = study_script((site / "assets/study/index.js").read_text(), "index")
    text = study_script((site / "assets/study/cards.js").read_text(), "cards")
    ids = [entry[0] for entry in index["cards"]]
    assert len(ids) == len(set(ids)) == len(rows)
    assert set(ids) == {row["id"] for row in rows} == set(text)
    first = index["pages"][0]
    assert index["cards"][0] == [f"question:{first['src']}", first["src"]]  # new cards start at the first section
    backprop = next(p for p in index["pages"] if p["src"] == "questions/backpropagation.md")
    assert "chain-rule" in backprop["terms"] and backprop["url"] == "questions/backpropagation/"
    assert all(slug in index["terms"] for p in index["pages"] for slug in p["terms"])
    assert not any('href="#' in back for _, back in text.values())  # in-page anchors name their page
    review = (site / "review/index.html").read_text()
    assert 'data-index="../assets/study/index.js"' in review and 'data-cards="../assets/study/cards.js"' in review
