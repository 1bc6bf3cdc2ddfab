"""axe-core in a real Chromium: no serious or critical violation on any page type, in either palette.

axe-core (vendored for tests only, see tests/vendor/axe-core/README.md) runs against the built site
after the page's scripts have run, so what it checks is what a reader gets: math, quizzes, code
blocks and glossary tooltips as rendered in the browser. Each page is loaded once: checked with
every rule in the light palette, then switched to dark with the palette toggle, as a reader does,
and checked again with the colour rules (the palettes differ in colours only).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from conftest import PALETTES, ROOT, page_ready, stored_palette, wait_until

pytestmark = pytest.mark.browser

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
QUESTIONS = sorted(f"questions/{p.stem}/" for p in (ROOT / "docs" / "questions").glob("*.md") if p.name != "index.md")
#: One page of each type but the question pages.
PAGE_TYPES = [
    "",
    "glossary/",
    "glossary/uses/",
    "practice/",
    "review/",
    "exercises/",
    "exercises/attention/",
    "drills/training/",
    "lab/backprop-numpy_mlp/",
]
PAGES = [*PAGE_TYPES, *QUESTIONS]
BLOCKING = ("serious", "critical")

#: Between the palettes only colours change (Material's and the site's stylesheets key them on the
#: scheme), so the dark palette is checked on the same page, with axe's colour rules.
COLOUR_TAG = "cat.color"
COLOUR_RULES = {"color-contrast", "link-in-text-block"}  # at least these; every rule tagged cat.color runs
SCHEME = "document.body.getAttribute('data-md-color-scheme')"
#: The palette option Material has applied, as it stores it (see PALETTES).
APPLIED = (
    "Object.fromEntries(['media', 'scheme', 'primary', 'accent']"
    ".map(k => [k, document.body.getAttribute('data-md-color-' + k)]))"
)
#: Material turns transitions off while it switches palettes (data-md-color-switching), then on again.
SWITCHED = (
    "!document.body.hasAttribute('data-md-color-switching')"
    " && document.getAnimations().every(a => !(a instanceof CSSTransition) || a.playState !== 'running')"
)


@pytest.fixture(scope="module")
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A browser context whose stored palette choice is light, as if the reader had toggled it."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        color_scheme="light",
        bypass_csp=True,  # axe is injected as an inline script; tests/test_csp.py covers the policy
    )
    context.add_init_script(stored_palette(PALETTES["light"]))
    yield context
    context.close()


def switch_to_dark(page: Page) -> None:
    """Toggle the palette as a reader does until Material applies the dark option, then let it settle."""
    page.emulate_media(color_scheme="dark")  # the system's preference too, as for a reader in dark mode
    toggle = page.locator("form[data-md-component=palette] label:not([hidden])").first
    for _ in range(3):  # the toggle cycles through three options: automatic, light, dark
        if page.evaluate(APPLIED) == PALETTES["dark"]["color"]:
            break
        toggle.dispatch_event("click")  # a click that leaves the mouse, and so hover styles, where they were
    assert page.evaluate(APPLIED) == PALETTES["dark"]["color"], "the dark palette was not applied"
    wait_until(page, SWITCHED, timeout=10)


def blocking(result: dict, palette: str, path: str) -> list[str]:
    """One readable entry per serious or critical violation: page, palette, rule, nodes."""
    return [
        f"/{path}, {palette} palette: {v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}\n    "
        + "\n    ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(context: BrowserContext, base_url: str, path: str) -> None:
    """Every rule in the light palette; then, on the same page switched to dark, every colour rule."""
    page = context.new_page()
    try:
        page.goto(base_url + path, wait_until="load")
        page_ready(page)  # the Review app, the dashboard and diagrams are drawn after the load event
        assert page.evaluate(SCHEME) == PALETTES["light"]["color"]["scheme"], "the light palette was not applied"
        # Material makes a code block that scrolls focusable once it has measured it; on a loaded
        # machine that can come seconds later. Check the page a reader gets once settled.
        settled = (
            "[...document.querySelectorAll('article pre > code')]"
            ".every(c => c.scrollWidth <= c.clientWidth || c.hasAttribute('tabindex'))"
        )
        try:
            wait_until(page, settled, timeout=10)
        except TimeoutError:
            pass  # axe reports the blocks that stayed unreachable
        # The glossary lays out an entry only near the viewport (site.css); axe cannot work out the
        # colours of one not laid out, and a reader sees each laid out. Lay them all out, as Back does.
        page.evaluate("document.documentElement.classList.add('kb-layout-all')")
        page.add_script_tag(path=str(AXE))
        light = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        ran = [r for kind in ("violations", "passes", "incomplete", "inapplicable") for r in light[kind]]
        colour_rules = sorted({r["id"] for r in ran if COLOUR_TAG in r["tags"]})
        assert COLOUR_RULES <= set(colour_rules), f"axe ran no {COLOUR_RULES - set(colour_rules)}"
        switch_to_dark(page)
        dark = page.evaluate(
            "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']})",
            colour_rules,
        )
    finally:
        page.close()
    report = blocking(light, "light", path) + blocking(dark, "dark", path)
    assert not report, "\n".join(report)


#: Lighthouse's phone: its accessibility audit measures touch targets at this size.
PHONE = {"width": 412, "height": 823}
#: One page of each type.
TARGET_PAGES = [*PAGE_TYPES, "questions/dropout/"]


@pytest.mark.parametrize("path", TARGET_PAGES)
def test_touch_targets_are_big_enough_or_far_enough_apart_on_a_phone(
    browser: Browser, base_url: str, path: str
) -> None:
    """WCAG 2.2's target size (2.5.8): a control smaller than 24 px has no other within its 24 px circle.

    axe leaves this rule off by default; Lighthouse runs it. The page is checked as loaded: on the glossary,
    entries far from the screen are not laid out (site.css), and the geometry a tool reads from them must
    not put one entry's links over the next's.
    """
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(base_url + path, wait_until="load")
        page_ready(page)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "axe.run(document, {runOnly: {type: 'rule', values: ['target-size']}, resultTypes: ['violations']})"
        )
    finally:
        context.close()
    failures = [
        " ".join(node["target"]) + ": " + " ".join(node["failureSummary"].split())
        for violation in result["violations"]
        for node in violation["nodes"]
    ]
    assert not failures, f"/{path} at {PHONE['width']} px:\n" + "\n".join(failures[:5])
