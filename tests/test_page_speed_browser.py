"""Page speed as a reader's browser sees it, in measures that do not depend on the machine's load.

- The search index waits until the reader searches: the theme would fetch it (hundreds of KiB
  gzip) on every page load; docs/overrides/main.html releases that request only when needed.
- Nothing jumps while a page loads: cumulative layout shift, as browsers report it, stays under
  the 0.1 that Core Web Vitals call good, on every page type at phone and desktop width.

Timings (Lighthouse scores, blocking time) are measured by `make bench`, not asserted here.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from conftest import Watched

pytestmark = pytest.mark.browser

INDEX = "/search/search_index.json"
QUESTION = "questions/backpropagation/"
PAGE_TYPES = ["", QUESTION, "glossary/", "practice/", "review/", "exercises/attention/", "lab/backprop-numpy_mlp/"]
GOOD_CLS = 0.1
# Every layout shift the page reports, except those right after input (as Core Web Vitals count).
LAYOUT_SHIFTS = """
window.kbShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.kbShift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""


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


@pytest.mark.parametrize("width", [412, 1280])
def test_nothing_jumps_while_a_page_loads(browser: Browser, base_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 823}, bypass_csp=True)
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()
    shifts = {}
    for path in PAGE_TYPES:
        page.goto(base_url + path, wait_until="networkidle")
        page.wait_for_timeout(500)  # the review and the dashboard are built after their data loads
        shifts["/" + path] = round(page.evaluate("window.kbShift"), 3)
    context.close()
    jumpy = {path: shift for path, shift in shifts.items() if shift >= GOOD_CLS}
    assert not jumpy, f"layout shift at {width} px wide (good is < {GOOD_CLS}): {jumpy}"
