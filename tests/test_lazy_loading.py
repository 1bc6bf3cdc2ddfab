"""What a page holds back until the reader asks for it: the search index.

The theme would fetch the whole search index (hundreds of KiB gzip) on every page load;
docs/overrides/main.html releases that request only when the reader reaches for search.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from conftest import Watched

pytestmark = pytest.mark.browser

INDEX = "/search/search_index.json"
QUESTION = "questions/backpropagation/"


def test_search_index_waits_until_the_reader_searches(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="networkidle")
    page.wait_for_timeout(500)
    assert not [url for url in watched.requests if url.endswith(INDEX)], "the index loaded with the page"
    page.keyboard.press("/")  # the theme's shortcut: opens search and focuses the box
    page.keyboard.type("dropout")
    expect(page.locator("li.md-search-result__item").first).to_be_visible(timeout=20000)
    assert [url for url in watched.requests if url.endswith(INDEX)], "search results came without the index?"
    assert "dropout" in page.locator("li.md-search-result__item").first.inner_text().lower()
    assert not watched.errors and not watched.failed


def test_a_shared_search_link_still_opens_with_results(browser: Browser, base_url: str) -> None:
    """search.share makes links like ?q=adam: such a page needs the index straight away."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + "?q=adam", wait_until="load")
    expect(page.locator("li.md-search-result__item").first).to_be_visible(timeout=20000)
    context.close()


def test_search_on_a_phone_loads_the_index_when_opened(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + QUESTION, wait_until="load")
    page.locator("label.md-header__button[for=__search]").tap()
    page.locator("input.md-search__input").fill("batch norm")
    expect(page.locator("li.md-search-result__item").first).to_be_visible(timeout=20000)
    context.close()
