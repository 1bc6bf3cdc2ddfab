"""Quizzes in a real Chromium: keyboard only, feedback read from the live region, progress kept
across reloads and pages, mock interviews, and quiz text that cannot run script."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import BuildResult, Project, Watched, question_page, serve

pytestmark = pytest.mark.browser

QUESTION = "questions/backpropagation/"
FIRST = "#quiz-backprop-what-it-computes"
SITE_URL = "https://example.org/"


def tab_to(page: Page, selector: str, limit: int = 600) -> None:
    """Press Tab until the element matching ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def feedback(page: Page, form: str) -> str:
    return page.locator(f"{form} [aria-live=polite]").inner_text()


def test_answer_wrong_then_right_by_keyboard_only(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="networkidle")
    tab_to(page, f"{FIRST} input[type=radio]")
    page.keyboard.press("ArrowDown")  # selects the second option: the updated weights (wrong)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    text = feedback(page, FIRST)
    assert text.startswith("Not quite.")
    assert "optimizer's job" in text  # the chosen distractor's own feedback
    assert "optimizer.step()" not in text  # the explanation waits until the answer is right
    assert page.locator(f"{FIRST} .quiz__option.is-answer").count() == 0  # nor is the answer shown
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowUp")  # back to the first option: the gradient (right)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    text = feedback(page, FIRST)
    assert text.startswith("Correct.")
    assert "optimizer.step()" in text  # the explanation
    assert watched.errors == []


def test_numeric_answer_within_tolerance(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="networkidle")
    form = "#quiz-backprop-digit5-cross-entropy"
    page.fill(f"{form} input[name=value]", "abc")
    page.click(f"{form} button[type=submit]")
    assert feedback(page, form) == "Enter a number first."
    page.fill(f"{form} input[name=value]", "0,357")
    page.click(f"{form} button[type=submit]")
    assert feedback(page, form).startswith("Correct.")


def test_progress_survives_reload_and_shows_on_the_practice_page(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="networkidle")
    page.check(f"{FIRST} input[value='0']")
    page.click(f"{FIRST} button[type=submit]")
    page.reload(wait_until="networkidle")
    assert "Last time you answered this correctly" in feedback(page, FIRST)
    page.goto(base_url + "practice/", wait_until="networkidle")
    row = page.locator("tr", has_text="What is backpropagation")
    expect(row.locator(".kb-score")).to_have_text(re.compile(r"^1 / \d+$"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(".kb-reset")
    expect(row.locator(".kb-score")).to_have_text(re.compile(r"^0 / \d+$"))
    page.goto(base_url + QUESTION, wait_until="networkidle")
    assert feedback(page, FIRST) == ""


def test_quiz_works_after_instant_navigation(watched: Watched, base_url: str, built_site: BuildResult) -> None:
    page = watched.page
    sitemap = (built_site.site / "sitemap.xml").read_text().replace(SITE_URL, base_url)
    page.route("**/sitemap.xml", lambda route: route.fulfill(body=sitemap, content_type="application/xml"))
    page.goto(base_url + QUESTION, wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator("a.md-footer__link--next").click()  # the next page in the nav
    page.wait_for_url(lambda url: "/questions/" in url and "/backpropagation/" not in url)
    form = page.locator("form.quiz").first
    form.locator("input[name=choice]").first.check()
    form.locator("button[type=submit]").click()
    expect(form.locator("[aria-live=polite]")).to_have_text(re.compile(r"^(Correct\.|Not quite\.)"))
    assert page.evaluate("window.__sameDocument === true"), "navigation reloaded the whole page"
    assert watched.errors == []


def test_mock_interview_runs_to_its_score(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "practice/", wait_until="networkidle")
    page.fill("#mock-count", "4")
    page.select_option("#mock-difficulty", "mid")
    page.click(".kb-mock button[type=submit]")
    items = page.locator(".kb-mock-run form.quiz")
    expect(items).to_have_count(4)
    # Feedback stays hidden until the end.
    assert page.locator(".kb-mock-run details:visible").count() == 0
    first = items.first
    if first.get_attribute("data-type") == "numeric":
        first.locator("input[name=value]").fill("0")
    else:
        first.locator("input[name=choice]").first.check()
    first.locator("button[type=submit]").click()
    expect(first.locator("[aria-live=polite]")).to_have_text("Answer saved.")
    page.wait_for_timeout(1100)
    expect(page.locator(".kb-mock__clock span")).not_to_have_text("0:00")
    page.click(".kb-mock__finish")
    score = page.locator("#mock-score")
    expect(score).to_have_text(re.compile(r"^Score: [0-4] / 4 in \d+:\d\d$"))
    missed = page.locator(".kb-mock__result li a")
    assert missed.count() >= 3  # at most one item was answered
    href = missed.first.get_attribute("href")
    assert re.match(r"^\.\./questions/[a-z-]+/#quiz-[a-z0-9-]+$", href), href
    assert page.locator(".kb-mock-run details:visible").count() == 4
    assert watched.errors == []


@pytest.fixture
def hostile_site(project: Project) -> str:
    attacks = (
        question_page()
        .replace(
            "question: One?",
            "question: 'One <script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\">?'",
        )
        .replace(
            "feedback: Wrong.",
            "feedback: '<svg onload=\"window.__pwned = 3\"></svg>'",
        )
    )
    project.add_page("questions/q.md", attacks)
    result = project.build()
    assert result.returncode == 0, result.output
    return result.site.as_posix()


def test_markup_in_quiz_text_does_not_execute(browser: Browser, hostile_site: str) -> None:
    from pathlib import Path

    url, server = serve(Path(hostile_site))
    try:
        page = browser.new_page()
        page.goto(url + "questions/q/", wait_until="networkidle")
        form = page.locator("form.quiz").first
        form.locator("input[name=choice]").nth(1).check()
        form.locator("button[type=submit]").click()
        page.locator("details.quiz__answer").first.click()
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
        assert "<script>" in form.locator("legend").inner_text()  # shown as text
        page.close()
    finally:
        server.shutdown()
        server.server_close()
