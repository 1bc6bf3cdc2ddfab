"""Drive the site's own search box in Chromium: type a query, read the pages it lists first.

Used by tests/test_search_browser.py, and runnable on its own to measure a built site:
``.venv/bin/python tests/searchbox.py site`` prints the top-3 hit rate of tests/search_queries.yml.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from playwright.sync_api import Page

from conftest import wait_until

QUERIES = Path(__file__).resolve().parent / "search_queries.yml"
INPUT = "input.md-search__input"
META = ".md-search-result__meta"
RESULT_LINKS = "li.md-search-result__item > a.md-search-result__link"
PLACEHOLDER = "Type to start searching"


@dataclass
class Query:
    query: str
    kind: str
    pages: list[str]  # docs-relative pages that answer it


@dataclass
class Outcome:
    query: Query
    found: list[str]  # page keys (see page_key), best first, each once

    def rank(self) -> int | None:
        """1-based rank of the first answering page, or None when none is listed."""
        wanted = {page_key(page) for page in self.query.pages}
        return next((i + 1 for i, page in enumerate(self.found) if page in wanted), None)

    def hit(self, top: int = 3) -> bool:
        rank = self.rank()
        return rank is not None and rank <= top


def load_queries(path: Path = QUERIES) -> list[Query]:
    return [Query(str(item["query"]), item["kind"], list(item["pages"])) for item in yaml.safe_load(path.read_text())]


def page_key(path: str) -> str:
    """One name for a page, whether written as a source path or as a URL of either build.

    'questions/dropout.md', 'questions/dropout/' and 'questions/dropout.html' -> 'questions/dropout';
    'questions/index.md' and 'questions/' -> 'questions'; the home page is ''.
    """
    path = re.sub(r"\.(md|html)$", "", path.strip("/"))
    return re.sub(r"(^|/)index$", "", path)


def page_of(href: str, page_url: str, base_url: str) -> str:
    """The page a result link on ``page_url`` leads to, without its highlight parameter or anchor."""
    return page_key(urlsplit(urljoin(page_url, href)).path[len(urlsplit(base_url).path) :])


def open_search(page: Page, base_url: str) -> None:
    """Load one page and open the search dialog with its keyboard shortcut."""
    page.goto(base_url, wait_until="load")
    page.keyboard.press("s")
    page.locator(INPUT).wait_for(state="visible")
    wait_until(page, f"document.querySelector('{META}').textContent.trim() === '{PLACEHOLDER}'")


def search(page: Page, base_url: str, query: str, top: int = 3) -> list[str]:
    """Type ``query`` into the open search box and return the first ``top`` pages it lists.

    The box is cleared by keyboard first, so the result shown afterwards is this query's own.
    The query's text arrives as one input event and a key press follows, which is when Material
    reads the box: one search per query instead of one per letter.
    """
    box = page.locator(INPUT)
    box.press("Control+a")
    box.press("Backspace")
    wait_until(page, f"document.querySelector('{META}').textContent.trim() === '{PLACEHOLDER}'")
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    wait_until(page, f"document.querySelector('{META}').textContent.trim() !== '{PLACEHOLDER}'")
    found: list[str] = []
    for href in page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        name = page_of(href, page.url, base_url)
        if name not in found:
            found.append(name)
        if len(found) == top:
            break
    return found


def run(page: Page, base_url: str, queries: list[Query], top: int = 3) -> list[Outcome]:
    open_search(page, base_url)
    return [Outcome(q, search(page, base_url, q.query, top)) for q in queries]


def report(outcomes: list[Outcome], top: int = 3) -> str:
    hits = sum(o.hit(top) for o in outcomes)
    lines = [f"top-{top} hit rate: {hits}/{len(outcomes)} = {hits / len(outcomes):.1%}"]
    for o in outcomes:
        if not o.hit(top):
            lines.append(
                f"  miss [{o.query.kind}] {o.query.query!r}: wanted {', '.join(o.query.pages)}; "
                f"got {', '.join(o.found) or 'nothing'}"
            )
    return "\n".join(lines)


if __name__ == "__main__":  # measure a built site: python tests/searchbox.py site
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM_FLAGS, chromium_path, serve

    url, server = serve(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            outcomes = run(browser.new_page(viewport={"width": 1280, "height": 900}), url, load_queries())
            browser.close()
    finally:
        server.shutdown()
    print(report(outcomes))
    for o in outcomes:
        print(f"{o.rank() or '-':>2} {o.query.query!r}: {', '.join(o.found)}", file=sys.stderr)
