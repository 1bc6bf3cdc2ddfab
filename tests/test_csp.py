"""The Content-Security-Policy: on every page, no 'unsafe-inline' for scripts, and the whole site
works under it (search, instant navigation, quizzes, Review, math, notebooks)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import BuildResult, open_for_instant_navigation, open_settled, start_review, wait_until

POLICY_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
# The theme closes search 125 ms after each navigation (bundle.ts: "Always close drawer and search on
# navigation"), so search opened sooner is closed under the reader. A timer started on the same
# navigation, later and with a longer delay, fires after the theme's.
SETTLED = """() => { window.location$.subscribe(() =>
  setTimeout(() => { window.__navigationSettled = true; }, 250)); }"""
LISTEN = """document.addEventListener("securitypolicyviolation", e =>
  window.reportViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " " + (e.sample || "")));"""


def policy_of(page: Path) -> dict[str, list[str]]:
    found = POLICY_RE.search(page.read_text(encoding="utf-8"))
    assert found, f"{page} has no Content-Security-Policy"
    return {d.split()[0]: d.split()[1:] for d in found.group(1).split("; ")}


@pytest.mark.build
def test_every_page_has_the_policy_and_scripts_need_a_hash(built_site: BuildResult) -> None:
    pages = sorted(built_site.site.rglob("*.html"))
    assert len(pages) > 40
    policies = {page: policy_of(page) for page in pages}
    first = next(iter(policies.values()))
    assert all(p == first for p in policies.values()), "instant navigation keeps the first page's policy"
    scripts = first["script-src"]
    assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert first["object-src"] == ["'none'"] and first["connect-src"] == ["'self'"]
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    assert home.index("Content-Security-Policy") < home.index("<script")  # in force before any script


class Violations:
    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.found: list[str] = []
        self.context.expose_function("reportViolation", lambda text: self.found.append(text))
        self.context.add_init_script(LISTEN)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.found.append(f"page error: {error}"))
        self.page.on("console", lambda m: self.found.append(m.text) if m.type == "error" else None)

    def visit(self, url: str) -> Page:
        open_settled(self.page, url)  # every request made, so a blocked one is seen
        return self.page


@pytest.fixture
def csp(browser: Browser) -> Iterator[Violations]:
    watcher = Violations(browser)
    yield watcher
    watcher.context.close()


@pytest.mark.browser
def test_every_page_type_works_under_the_policy(csp: Violations, base_url: str, built_site: BuildResult) -> None:
    notebook = sorted(p.parent.name for p in (built_site.site / "lab").glob("*/index.html"))[0]
    for path in ("", "questions/", "glossary/", "practice/", "review/", f"lab/{notebook}/", "study-path/"):
        csp.visit(base_url + path)
        assert not csp.found, f"/{path}: " + "\n".join(csp.found)

    # A question page: math rendered, a quiz answered.
    page = csp.page
    open_for_instant_navigation(page, built_site.site, base_url, "questions/backpropagation/")
    page.wait_for_selector(".arithmatex math")
    form = page.locator("form.quiz[data-type=single], form.quiz[data-type=multiple]").first
    form.locator("input").first.check()
    form.locator("button[type=submit]").click()
    expect(form.locator(".quiz__feedback")).not_to_be_empty()

    # Instant navigation: the next page arrives without a reload, and its scripts run.
    page.evaluate("window.__sameDocument = true")
    page.evaluate(SETTLED)
    heading = page.locator("article h1").inner_text()
    page.locator('nav.md-footer__inner a[rel="next"], a.md-footer__link--next').first.click()
    # The address changes before the content does: wait for the next page's own heading.
    expect(page.locator("article h1")).not_to_have_text(heading)
    expect(page.locator("form.quiz[data-type=recall] .quiz__reveal").first).to_be_visible()  # set up by quiz.js
    assert page.evaluate("window.__sameDocument === true"), "navigation reloaded the whole page"
    wait_until(page, "window.__navigationSettled === true")

    # Search, in its Web Worker.
    page.keyboard.press("s")
    page.keyboard.type("cross-entropy")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)

    # Review.
    page = csp.visit(base_url + "review/")
    start_review(page)
    page.keyboard.press(" ")
    expect(page.locator(".kb-review__back")).to_be_visible()
    assert not csp.found, "\n".join(csp.found)

    # And the policy is in force: an injected inline script is refused and reported.
    ran = page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = true'; document.body.appendChild(s); return !!window.__injected; }""")
    page.wait_for_timeout(200)
    assert ran is False
    assert any(v.startswith("script-src") for v in csp.found), csp.found
