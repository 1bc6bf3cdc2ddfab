"""kb.search: the glossary names and respellings that hooks/search_index.py adds to the search index."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, BuildResult, mkdocs_config
from kb.glossary import Term
from kb.search import (
    SEPARATOR,
    enrich_index,
    exclude_quizzes,
    glossary_keywords,
    name_forms,
    respellings,
    spelling_variants,
    use_query_worker,
)


@pytest.mark.parametrize(
    ("word", "variants"),
    [
        ("optimiser", {"optimizer"}),
        ("optimizer", {"optimiser"}),
        ("Regularisation", {"regularization"}),
        ("normalizations", {"normalisations"}),
        ("initialised", {"initialized"}),
        ("tokenizing", {"tokenising"}),
        ("analyse", {"analyze"}),
        ("behaviour", {"behavior"}),
        ("behaviours", {"behaviors"}),
        ("modelling", {"modeling"}),
        ("labeled", {"labelled"}),
        ("centre", {"center"}),
        # Words that end like -ise verbs but are spelled one way everywhere.
        ("noise", set()),
        ("supervised", set()),
        ("unsupervised", set()),
        ("precise", set()),
        ("exercises", set()),
        ("pairwise", set()),
        ("size", set()),
        ("rise", set()),
        # Not a doubled-l form: "models" is the same in both spellings.
        ("models", set()),
    ],
)
def test_spelling_variants(word: str, variants: set[str]) -> None:
    assert spelling_variants(word) == variants


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("k-means", ["k-means", "kmeans"]),
        ("RMSNorm", ["RMSNorm", "RMS Norm"]),
        ("KMeans", ["KMeans", "K Means"]),
        ("self-attention", ["self-attention", "selfattention"]),
        ("AdamW", ["AdamW"]),
        ("gradient clipping", ["gradient clipping"]),  # not joined: 'gradient' must not find it
    ],
)
def test_name_forms(name: str, forms: list[str]) -> None:
    assert name_forms(name) == forms


def test_glossary_names_go_to_the_page_that_explains_them() -> None:
    terms = [
        Term("Direct Preference Optimization", "d", aliases=["DPO"], explained_in="questions/rlhf.md"),
        Term("reward model", "d", explained_in="questions/rlhf.md"),
        Term("gradient", "d"),  # explained nowhere but in the glossary
    ]
    assert glossary_keywords(terms) == {"questions/rlhf.md": ["Direct Preference Optimization", "DPO", "reward model"]}


def test_respellings_count_each_word_up_to_the_cap() -> None:
    text = "<p>An optimizer, the optimizer, one optimizer and a <code>normalization</code> layer.</p>"
    assert respellings(text, cap=2) == ["normalisation", "optimiser", "optimiser"]
    assert respellings("colour <colour> x") == ["color"]  # markup is not text


def test_enrich_index_adds_fields_and_keeps_what_readers_see() -> None:
    index = {
        "config": {},
        "docs": [
            {"location": "questions/rlhf/", "title": "How is an LLM aligned?", "text": ""},
            {"location": "questions/rlhf/#dpo", "title": "Direct optimisation", "text": "<p>The optimiser.</p>"},
            {"location": "glossary/", "title": "Glossary", "text": "<p>Terms.</p>"},
        ],
    }
    before = json.loads(json.dumps(index))
    enrich_index(index, {"questions/rlhf/": ["Direct Preference Optimization", "DPO", "causal mask", "causal LM"]})
    page, section, glossary = index["docs"]
    assert page["keywords"] == "direct preference optimization dpo causal mask lm optimisation"
    assert section["keywords"] == "optimization"  # its title's other spelling; names go on the page only
    assert section["spelling"] == "optimizer"
    assert "keywords" not in glossary and "spelling" not in glossary
    for old, new in zip(before["docs"], index["docs"], strict=True):
        assert (new["location"], new["title"], new["text"]) == (old["location"], old["title"], old["text"])


def test_the_separator_is_the_one_mkdocs_yml_gives_search() -> None:
    config = mkdocs_config()
    search = config["plugins"]["search"]
    assert search["separator"] == SEPARATOR
    assert {"keywords", "spelling"} <= set(search["fields"])


@pytest.mark.build
def test_built_index_carries_glossary_names_on_the_explaining_page(built_site: BuildResult) -> None:
    index = json.loads((built_site.site / "search" / "search_index.json").read_text())
    entries = {doc["location"]: doc for doc in index["docs"]}
    assert "dpo" in entries["questions/instruction-tuning-rlhf-dpo/"]["keywords"].split()
    assert "kmeans" in entries["questions/supervised-vs-unsupervised/"]["keywords"].split()
    assert "optimiser" in entries["questions/adam-adamw-sgd/"]["keywords"].split()
    assert index["config"]["separator"] == SEPARATOR
    assert not any(location.startswith("lab/") for location in entries), "notebook pages are not indexed"


def test_quizzes_are_left_out_of_the_index_by_material_parser() -> None:
    from material.plugins.search.plugin import Parser

    html = (
        '<h2 id="quiz">Quiz</h2><p>Check yourself.</p>'
        '<form class="quiz" id="quiz-a"><p>Which optimiser decouples weight decay?</p></form>'
        '<form class="quiz quiz--recall" id="quiz-b"><p>Say it in 30 seconds: regularisation</p></form>'
    )
    parser = Parser()
    parser.feed(exclude_quizzes(html))
    parser.close()
    text = "".join(parser.data[-1].text)
    assert "Check yourself." in text and "optimiser" not in text and "regularisation" not in text


@pytest.mark.build
def test_built_index_has_no_quiz_text(built_site: BuildResult) -> None:
    index = json.loads((built_site.site / "search" / "search_index.json").read_text())
    quiz_sections = [doc for doc in index["docs"] if doc["location"].endswith("#quiz")]
    assert len(quiz_sections) >= 40
    assert all("quiz__" not in doc["text"] and len(doc["text"]) < 200 for doc in quiz_sections)
    html = (built_site.site / "questions" / "dropout" / "index.html").read_text()
    assert "data-search-exclude" not in html  # Material removes the mark from the page


def test_pages_run_materials_worker_through_the_stop_word_shim() -> None:
    config = (
        '<script id="__config" type="application/json">{"base": "../..", '
        '"search": "../../assets/javascripts/workers/search.a7633da7.min.js", "tags": null}</script>'
    )
    page = use_query_worker(config)
    assert '"search": "../../assets/javascripts/workers/kb-search.js?worker=search.a7633da7.min.js"' in page
    assert use_query_worker(page) == page  # applied once, and a page without the config is left alone
    shim = (ROOT / "docs/assets/javascripts/workers/kb-search.js").read_text()
    assert "importScripts(name)" in shim and r"/^search\.[0-9a-f]+\.min\.js$/" in shim


def test_the_built_pages_name_the_shim_and_it_exists(built_site: BuildResult) -> None:
    html = (built_site.site / "questions" / "dropout" / "index.html").read_text()
    match = re.search(r'"search": "([^"?]*kb-search\.js)\?worker=(search\.[0-9a-f]+\.min\.js)"', html)
    assert match, "the page's search does not go through workers/kb-search.js"
    worker_dir = (built_site.site / "questions" / "dropout" / match.group(1)).resolve().parent
    assert (worker_dir / "kb-search.js").is_file() and (worker_dir / match.group(2)).is_file()
