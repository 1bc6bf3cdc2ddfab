"""axe-core in a real Chromium: no serious or critical violation on any page type, in either palette.

axe-core (vendored for tests only, see tests/vendor/axe-core/README.md) runs against the built site
after the page's scripts have run, so what it checks is what a reader gets: math, quizzes, code
blocks and glossary tooltips as rendered in the browser.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext

from conftest import ROOT, wait_until

pytestmark = pytest.mark.browser

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
QUESTIONS = sorted(f"questions/{p.stem}/" for p in (ROOT / "docs" / "questions").glob("*.md") if p.name != "index.md")
PAGES = ["", "glossary/", "practice/", "review/", "lab/backprop-numpy_mlp/", *QUESTIONS]
BLOCKING = ("serious", "critical")

# What Material's palette toggle stores (under "<site path>.__palette"): the palette option chosen.
PALETTES = {
    "light": {
        "index": 1,
        "color": {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "indigo",
            "accent": "indigo",
        },
    },
    "dark": {
        "index": 2,
        "color": {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "indigo",
            "accent": "light-blue",
        },
    },
}


@pytest.fixture(scope="module", params=sorted(PALETTES))
def palette(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, BrowserContext]]:
    """A browser context whose stored palette choice is light or dark, as if the reader had toggled it."""
    name = request.param
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        color_scheme="dark" if name == "dark" else "light",
        bypass_csp=True,  # axe is injected as an inline script; tests/test_csp.py covers the policy
    )
    context.add_init_script(f"localStorage.setItem('/.__palette', {json.dumps(json.dumps(PALETTES[name]))})")
    yield name, context
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(palette: tuple[str, BrowserContext], base_url: str, path: str) -> None:
    name, context = palette
    page = context.new_page()
    try:
        page.goto(base_url + path, wait_until="networkidle")
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme == PALETTES[name]["color"]["scheme"], f"the {name} palette was not applied"
        # Material makes a code block that scrolls focusable once it has measured it; on a loaded
        # machine that happens after the network is idle. Check the page a reader gets once settled.
        settled = (
            "[...document.querySelectorAll('article pre > code')]"
            ".every(c => c.scrollWidth <= c.clientWidth || c.hasAttribute('tabindex'))"
        )
        try:
            wait_until(page, settled, timeout=10)
        except TimeoutError:
            pass  # axe reports the blocks that stayed unreachable
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    finally:
        page.close()
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    report = "\n".join(
        f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}\n    "
        + "\n    ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"{name} palette, /{path}:\n{report}"
