"""MkDocs hook: concept search. Adds the glossary's names and other spellings to the search index.

Material's search plugin writes ``search/search_index.json`` after the build; this hook then adds
two fields to its entries (see ``kb.search``), before the offline plugin turns the file into a
script. A glossary term's names find the page it is ``explained_in``; a British or American
spelling finds the pages that use the other. Quizzes are left out of the index: their answers
would show in result previews, and their words are the page's words again.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from kb.glossary import load_glossary
from kb.search import SEPARATOR, enrich_index, exclude_quizzes, glossary_keywords, use_query_worker
from kb.timing import timed

log = logging.getLogger("mkdocs.plugins.search_index")

GLOSSARY_SOURCE = "glossary.yml"  # under docs/


class _State:
    urls: dict[str, str] = {}  #: page src_uri -> its URL, which is its location in the index


state = _State()


# --- Hooks -----------------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> None:
    state.urls = {}
    search = config.plugins.get("material/search") or config.plugins.get("search")
    separator = getattr(search, "config", {}).get("separator") if search else None
    if separator is not None and separator != SEPARATOR:
        log.warning(
            "plugins.search.separator in mkdocs.yml is %r, but kb.search splits names with %r: keep the two the same",
            separator,
            SEPARATOR,
        )


@event_priority(50)  # before the search plugin reads the page
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    state.urls[page.file.src_uri] = page.url
    if page.content:
        page.content = exclude_quizzes(page.content)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # The offline copy (file://) runs the worker through Material's iframe shim, which has no query
    # string to name the real worker by: it keeps Material's worker.
    if config.plugins.get("material/offline") or config.plugins.get("offline"):
        return output
    return use_query_worker(output)


@event_priority(-50)  # after the search plugin writes the index, before the offline plugin copies it
@timed("search_index")
def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    source = Path(config.docs_dir) / GLOSSARY_SOURCE
    if not path.is_file() or not source.is_file():
        return
    terms, errors = load_glossary(source.read_text(encoding="utf-8"), f"docs/{GLOSSARY_SOURCE}")
    if errors:
        return  # the glossary hook has already failed the build with them
    keywords = {state.urls[page]: names for page, names in glossary_keywords(terms).items() if page in state.urls}
    index = enrich_index(json.loads(path.read_text(encoding="utf-8")), keywords)
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
