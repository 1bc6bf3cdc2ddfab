"""The built site in a real Chromium: offline, error-free, readable on a phone, usable by keyboard."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import (
    PALETTES,
    ROOT,
    BuildResult,
    Watched,
    open_for_instant_navigation,
    open_settled,
    page_ready,
    stored_palette,
    wait_until,
)

pytestmark = pytest.mark.browser

QUESTION = "questions/backpropagation/"


@pytest.mark.parametrize(
    "path", ["", "questions/", QUESTION, "questions/evaluation-metrics/", "lab/backprop-numpy_mlp/"]
)
def test_page_loads_only_from_the_site_without_errors(watched: Watched, base_url: str, path: str) -> None:
    open_settled(watched.page, base_url + path)
    own_host = urlsplit(base_url).netloc
    foreign = [
        url
        for url in watched.requests
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != own_host
    ]
    assert foreign == []
    assert watched.failed == []
    assert watched.errors == []


def test_math_arrives_as_mathml_and_no_katex_is_loaded(watched: Watched, base_url: str) -> None:
    page = watched.page
    open_settled(page, base_url + QUESTION)
    formulas = page.evaluate(
        """() => [...document.querySelectorAll('.arithmatex')].map(node => {
             const math = node.querySelector(':scope > math');
             const box = math && math.getBoundingClientRect();
             const shown = node.checkVisibility();  // not in a closed <details> (answers, follow-ups)
             return {math: !!math, shown, laidOut: !!box && box.width > 0 && box.height > 0, tex: node.textContent};
           })"""
    )
    assert len(formulas) > 10
    assert [f["tex"] for f in formulas if not f["math"]] == []  # every formula is MathML, none left as TeX
    shown = [f for f in formulas if f["shown"]]
    assert len(shown) > 10 and all(f["laidOut"] for f in shown)  # and the browser lays it out (MathML Core)
    assert not any(f["tex"].lstrip().startswith(("\\(", "\\[")) for f in formulas)
    # No KaTeX at all: no script, stylesheet or font request, no KaTeX markup, no global.
    assert [url for url in watched.requests if "katex" in url.lower()] == []
    assert [url for url in watched.requests if re.search(r"\.(woff2?|ttf|otf)(\?|$)", url)] == []
    assert page.locator(".katex").count() == 0
    assert page.evaluate("typeof window.katex") == "undefined"


def test_math_follows_the_text_colour_in_the_dark_palette(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.emulate_media(color_scheme="dark")
    page.add_init_script(stored_palette(PALETTES["dark"]))
    page.goto(base_url + QUESTION, wait_until="load")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    colours = page.evaluate(
        """() => {
             const math = document.querySelector('.md-typeset p .arithmatex math');
             return [getComputedStyle(math).color, getComputedStyle(math.closest('p')).color];
           }"""
    )
    assert colours[0] == colours[1]


def test_snippet_figures_load(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="load")
    figure = page.locator("img.snippet-figure").first
    figure.scroll_into_view_if_needed()
    wait_until(page, "img => img.complete && img.naturalWidth > 0", figure.element_handle())
    assert figure.get_attribute("alt")


def test_instant_navigation_keeps_math_working(watched: Watched, base_url: str, built_site: BuildResult) -> None:
    page = watched.page
    open_for_instant_navigation(page, built_site.site, base_url, "questions/")
    page.evaluate("window.__sameDocument = true")
    # Material rewrites links to absolute URLs for instant navigation.
    page.locator('article a[href$="/questions/backpropagation/"]').first.click()
    page.wait_for_url(re.compile(r"/questions/backpropagation/(#.*)?$"))  # tracking may add a hash
    page.wait_for_selector(".arithmatex math")
    assert page.evaluate("window.__sameDocument === true"), "navigation reloaded the whole page"
    assert watched.errors == []


def test_palette_toggle_switches_between_light_and_dark(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.emulate_media(color_scheme="light")
    page.goto(base_url, wait_until="load")
    schemes = []
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
        schemes.append(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))
    assert {"default", "slate"} <= set(schemes)


def test_keyboard_user_can_skip_to_content(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="load")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#short-answer"


def test_offline_search_finds_a_concept(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url, wait_until="load")
    page.keyboard.press("s")
    page.keyboard.type("cross-entropy")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15000)
    assert "cross" in result.inner_text().lower()


PHONE_PAGES = ["", "questions/", "study-path/", "glossary/", "glossary/uses/", "practice/", "review/"] + sorted(
    f"questions/{p.stem}/" for p in (ROOT / "docs" / "questions").glob("*.md") if p.name != "index.md"
)


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[Page]:
    """A phone-sized touch screen, set up once: every page is loaded into the same tab, each as a new
    document, so nothing of one page's layout carries over to the next (an overflow included)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_phone_width_has_no_sideways_scrolling(phone: Page, base_url: str, path: str) -> None:
    page = phone
    page.goto(base_url + path, wait_until="load")
    page_ready(page)  # the Review app, the dashboard and diagrams are drawn after the load event
    # What a reader sees once the page has settled: on a loaded machine, layout can still be moving
    # once all is drawn (a 13 px overflow that was gone a moment later).
    measure = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    try:
        wait_until(page, f"{measure} <= 0", timeout=10)
    except TimeoutError:
        pass
    overflow = page.evaluate(measure)
    assert overflow <= 0, f"/{path} scrolls sideways by {overflow} px at 360 px wide"


def test_glossary_term_shows_its_definition_on_keyboard_focus(watched: Watched, base_url: str) -> None:
    page = watched.page
    open_settled(page, base_url + QUESTION)
    term = page.locator("article a.kb-term").first
    definition = html.unescape(term.get_attribute("title"))
    assert (watched.errors, watched.failed) == ([], []), "the page and its scripts load"
    page.bring_to_front()  # a keyboard user's window has focus; focus events need it
    term.focus()
    assert page.evaluate("document.activeElement.matches('article a.kb-term')"), "the term takes focus"
    tooltip = page.locator("#kb-tooltip[role=tooltip]")
    expect(tooltip).to_be_visible(timeout=5000)
    assert "gradient" in tooltip.inner_text().lower()
    assert tooltip.inner_html() == definition, "the tooltip shows the term's own definition"
    # Described by the tooltip while it shows, and no second (native) tooltip from the title.
    assert term.get_attribute("aria-describedby") == "kb-tooltip"
    assert term.get_attribute("title") is None
    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    assert html.unescape(term.get_attribute("title")) == definition, "Escape gives the title back"


def test_glossary_page_term_shows_the_entry_it_links_to(watched: Watched, base_url: str) -> None:
    """On the glossary, a linked term carries no copy of its definition: the tooltip shows the entry's."""
    page = watched.page
    open_settled(page, base_url + "glossary/")
    term = page.locator(".glossary-entry:has(> #weight-decay) a.kb-term[href$='#adam']")
    assert term.get_attribute("title") is None
    definition = " ".join(page.locator(".glossary-entry:has(> #adam) > h3 + p").text_content().split())
    assert (watched.errors, watched.failed) == ([], []), "the page and its scripts load"
    page.bring_to_front()
    term.focus()
    tooltip = page.locator("#kb-tooltip[role=tooltip]")
    expect(tooltip).to_be_visible(timeout=5000)
    assert " ".join(tooltip.text_content().split()) == definition and "running average" in definition
    assert tooltip.locator("a").count() == 0, "the tooltip's words are not links: it cannot be tabbed into"
    assert term.get_attribute("aria-describedby") == "kb-tooltip"
    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    assert term.get_attribute("title") is None and term.get_attribute("aria-describedby") is None


def test_glossary_tooltip_shows_on_hover_and_stays_on_screen(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base_url + QUESTION, wait_until="load")
    tooltip = page.locator("#kb-tooltip")
    for term in page.locator("article a.kb-term").all()[:6]:
        term.scroll_into_view_if_needed()
        term.hover()
        expect(tooltip).to_be_visible(timeout=5000)
        box = tooltip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, f"tooltip off screen sideways: {box}"
        page.mouse.move(1, 1)
        expect(tooltip).to_be_hidden()
    context.close()


# The term heading nearest the top of the screen, its distance from the top, and the scroll offset.
GLOSSARY_PLACE = """() => {
  const line = innerHeight / 5;
  const heading = [...document.querySelectorAll(".md-content h3[id]")].filter(h => h.getBoundingClientRect().top <= line).pop();
  return [heading.id, Math.round(heading.getBoundingClientRect().top)];
}"""


def test_glossary_keeps_the_readers_place_on_back_and_reload(browser: Browser, base_url: str) -> None:
    """The glossary's entries are laid out only near the viewport (site.css), so a restored scroll offset
    would name another place unless the page lays them out first (glossary.js, main.html)."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    page.goto(base_url + "glossary/", wait_until="load")
    for _ in range(40):  # read down a good part of the page, past letter B
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(30)
    page.wait_for_timeout(800)
    place = page.evaluate(GLOSSARY_PLACE)
    links = page.locator(".glossary-entry a[href*='questions/']").all()
    link = next(a for a in links if a.is_visible() and 0 < a.bounding_box()["y"] < 800)
    link.click()
    page.wait_for_url("**/questions/**")
    page.wait_for_timeout(800)
    page.go_back()
    page.wait_for_timeout(1500)
    back = page.evaluate(GLOSSARY_PLACE)
    assert back[0] == place[0] and abs(back[1] - place[1]) <= 4, f"left at {place}, back at {back}"
    page.reload()
    page.wait_for_timeout(1500)
    again = page.evaluate(GLOSSARY_PLACE)
    assert again[0] == place[0] and abs(again[1] - place[1]) <= 4, f"left at {place}, reloaded at {again}"
    context.close()


def test_glossary_term_on_touch_first_tap_shows_second_tap_follows(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_settled(page, base_url + QUESTION)
    term = page.locator("article a.kb-term").first
    term.scroll_into_view_if_needed()
    term.tap()
    page.wait_for_timeout(400)
    assert page.url.endswith("/" + QUESTION), "the first tap followed the link"
    assert page.evaluate("document.activeElement.classList.contains('kb-term')")
    expect(page.locator("#kb-tooltip")).to_be_visible()
    term.tap()
    page.wait_for_url(re.compile(r"/glossary/(#.*)?$"))
    context.close()


def test_print_shows_answers_code_and_figures_but_hides_the_quiz(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="load")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    visible = page.evaluate("""() => ({
        quiz: [...document.querySelectorAll('form.quiz')].some(f => f.offsetParent !== null),
        followUps: [...document.querySelectorAll('article details.question')].every(d => d.open),
        code: document.querySelector('.highlight code').offsetParent !== null,
        output: document.querySelector('.snippet-output').offsetParent !== null,
        figure: document.querySelector('img.snippet-figure').offsetParent !== null,
        editButton: document.querySelector('.md-content__button').offsetParent !== null,
    })""")
    assert visible == {
        "quiz": False,
        "followUps": True,
        "code": True,
        "output": True,
        "figure": True,
        "editButton": False,
    }
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not page.evaluate("[...document.querySelectorAll('article details.question')].some(d => d.open)")


DIAGRAM_PAGE = "questions/design-llm-serving/"
# Material draws each diagram into a closed shadow root; open it, so the test can read the SVG.
OPEN_SHADOW_ROOTS = (
    "const attach = Element.prototype.attachShadow;"
    "Element.prototype.attachShadow = function (init) { return attach.call(this, { ...init, mode: 'open' }); };"
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_is_rendered_by_the_bundled_mermaid(watched: Watched, base_url: str, scheme: str) -> None:
    page = watched.page
    page.emulate_media(color_scheme=scheme)
    page.add_init_script(OPEN_SHADOW_ROOTS)
    open_settled(page, base_url + DIAGRAM_PAGE)
    page.wait_for_function("() => document.querySelector('div.mermaid')?.shadowRoot?.querySelector('svg')")
    labels = page.evaluate(
        "() => [...document.querySelectorAll('div.mermaid')].map(d => d.shadowRoot.querySelector('svg').textContent)"
    )
    assert labels and all(labels), "a diagram rendered an empty SVG"
    assert page.locator("pre.mermaid").count() == 0, "a diagram was left as source text"
    assert any(url.endswith("/assets/vendor/mermaid/mermaid.min.js") for url in watched.requests)
    own_host = urlsplit(base_url).netloc
    assert [url for url in watched.requests if urlsplit(url).netloc not in ("", own_host)] == []
    assert watched.errors == []


def test_pages_without_diagrams_do_not_load_mermaid(watched: Watched, base_url: str) -> None:
    open_settled(watched.page, base_url + QUESTION)
    assert not any("mermaid" in url for url in watched.requests)
