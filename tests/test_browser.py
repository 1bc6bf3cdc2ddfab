"""The built site in a real Chromium: offline, error-free, readable on a phone, usable by keyboard."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

import yaml

from conftest import ROOT, BuildResult

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
QUESTION = "questions/backpropagation/"
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_url"]


def chromium_path() -> str | None:
    """The system Chromium when there is one (Debian's), else Playwright's own browser."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(built_site: BuildResult) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Watched:
    """A page plus everything it requested and every error it logged."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", lambda request: self.failed.append(request.url))
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page())
    context.close()


@pytest.mark.parametrize("path", ["", "questions/", QUESTION, "questions/evaluation-metrics/", "lab/backprop-numpy_mlp/"])
def test_page_loads_only_from_the_site_without_errors(watched: Watched, base_url: str, path: str) -> None:
    watched.page.goto(base_url + path, wait_until="networkidle")
    own_host = urlsplit(base_url).netloc
    foreign = [url for url in watched.requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != own_host]
    assert foreign == []
    assert watched.failed == []
    assert watched.errors == []


def test_math_is_rendered_by_the_bundled_katex(watched: Watched, base_url: str) -> None:
    watched.page.goto(base_url + QUESTION, wait_until="networkidle")
    watched.page.wait_for_selector(".arithmatex .katex")
    unrendered = watched.page.locator(".arithmatex:not([data-rendered])").count()
    assert unrendered == 0
    assert any("/vendor/katex/katex.min.js" in url for url in watched.requests)


def test_pages_without_math_do_not_load_katex(watched: Watched, base_url: str) -> None:
    watched.page.goto(base_url + "lab/backprop-numpy_mlp/", wait_until="networkidle")
    assert not any("katex" in url for url in watched.requests)


def test_snippet_figures_load(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="networkidle")
    figure = page.locator("img.snippet-figure").first
    figure.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=figure.element_handle())
    assert figure.get_attribute("alt")


def test_instant_navigation_keeps_math_working(watched: Watched, base_url: str, built_site: BuildResult) -> None:
    page = watched.page
    # Material only navigates instantly to URLs listed in sitemap.xml, matched on host but not on
    # port; serve the sitemap as the deployed site would, with this server's address in it.
    sitemap = (built_site.site / "sitemap.xml").read_text().replace(SITE_URL, base_url)
    page.route("**/sitemap.xml", lambda route: route.fulfill(body=sitemap, content_type="application/xml"))
    page.goto(base_url + "questions/", wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    # Material rewrites links to absolute URLs for instant navigation.
    page.locator('article a[href$="/questions/backpropagation/"]').first.click()
    page.wait_for_url("**/questions/backpropagation/")
    page.wait_for_selector(".arithmatex .katex")
    assert page.evaluate("window.__sameDocument === true"), "navigation reloaded the whole page"
    assert watched.errors == []


def test_palette_toggle_switches_between_light_and_dark(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.emulate_media(color_scheme="light")
    page.goto(base_url, wait_until="networkidle")
    schemes = []
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
        schemes.append(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))
    assert {"default", "slate"} <= set(schemes)


def test_keyboard_user_can_skip_to_content(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="networkidle")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#short-answer"


def test_offline_search_finds_a_concept(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url, wait_until="networkidle")
    page.keyboard.press("s")
    page.keyboard.type("cross-entropy")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15000)
    assert "cross" in result.inner_text().lower()


@pytest.mark.parametrize("path", ["", QUESTION, "questions/"])
def test_phone_width_has_no_sideways_scrolling(browser: Browser, base_url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + path, wait_until="networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0
