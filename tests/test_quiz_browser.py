"""Quizzes in a real Chromium: keyboard only, feedback read from the live region, progress kept
across reloads and pages, progress saved before options were shuffled, recall items graded by keyboard
into the schedule, mock interviews, and quiz text that cannot run script."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import BuildResult, Project, Watched, open_for_instant_navigation, question_page, scripts_ready, serve

pytestmark = pytest.mark.browser

QUESTION = "questions/backpropagation/"
FIRST = "#quiz-backprop-what-it-computes"


def tab_to(page: Page, selector: str, limit: int = 600) -> None:
    """Press Tab until the element matching ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def feedback(page: Page, form: str) -> str:
    return page.locator(f"{form} [aria-live=polite]").inner_text()


def arrow_to(page: Page, value: str) -> None:
    """Move through a radio group with the arrow keys until the option written at ``value`` is selected."""
    for _ in range(8):
        page.keyboard.press("ArrowDown")
        if page.evaluate("document.activeElement.value") == value:
            return
    raise AssertionError(f"the arrow keys never reached option {value}")


def test_answer_wrong_then_right_by_keyboard_only(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="load")
    scripts_ready(page)
    tab_to(page, f"{FIRST} input[type=radio]")
    arrow_to(page, "1")  # the option written second: the updated weights (wrong)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    text = feedback(page, FIRST)
    assert text.startswith("Not quite.")
    assert "optimizer's job" in text  # the chosen distractor's own feedback
    assert "optimizer.step()" not in text  # the explanation waits until the answer is right
    assert page.locator(f"{FIRST} .quiz__option.is-answer").count() == 0  # nor is the answer shown
    page.keyboard.press("Shift+Tab")
    arrow_to(page, "0")  # the option written first: the gradient (right)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    text = feedback(page, FIRST)
    assert text.startswith("Correct.")
    assert "optimizer.step()" in text  # the explanation
    assert watched.errors == []


def test_numeric_answer_within_tolerance(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="load")
    scripts_ready(page)
    form = "#quiz-backprop-digit5-cross-entropy"
    page.fill(f"{form} input[name=value]", "abc")
    page.click(f"{form} button[type=submit]")
    assert feedback(page, form) == "Enter a number first."
    page.fill(f"{form} input[name=value]", "0,357")
    page.click(f"{form} button[type=submit]")
    assert feedback(page, form).startswith("Correct.")


def test_progress_survives_reload_and_shows_on_the_practice_page(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="load")
    scripts_ready(page)
    page.check(f"{FIRST} input[value='0']")
    page.click(f"{FIRST} button[type=submit]")
    page.reload(wait_until="load")
    scripts_ready(page)
    assert "Last time you answered this correctly" in feedback(page, FIRST)
    page.goto(base_url + "practice/", wait_until="load")
    scripts_ready(page)
    row = page.locator("tr", has_text="What is backpropagation")
    expect(row.locator(".kb-score")).to_have_text(re.compile(r"^1 / \d+$"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(".kb-reset")
    expect(row.locator(".kb-score")).to_have_text(re.compile(r"^0 / \d+$"))
    page.goto(base_url + QUESTION, wait_until="load")
    scripts_ready(page)
    assert feedback(page, FIRST) == ""


def test_quiz_works_after_instant_navigation(watched: Watched, base_url: str, built_site: BuildResult) -> None:
    page = watched.page
    open_for_instant_navigation(page, built_site.site, base_url, QUESTION)
    scripts_ready(page)
    page.evaluate("window.__sameDocument = true")
    heading = page.locator("article h1").inner_text()
    page.locator("a.md-footer__link--next").click()  # the next page in the nav
    page.wait_for_url(lambda url: "/questions/" in url and "/backpropagation/" not in url)
    # The address changes before the theme swaps the content in: wait for the next page's own heading,
    # or the answer below may go to the old page's form just before it is replaced.
    expect(page.locator("article h1")).not_to_have_text(heading)
    scripts_ready(page)
    expect(page.locator("form.quiz[data-type=recall] .quiz__reveal").first).to_be_visible()  # set up by quiz.js
    form = page.locator("form.quiz[data-type=single], form.quiz[data-type=multiple]").first
    form.locator("input[name=choice]").first.check()
    form.locator("button[type=submit]").click()
    expect(form.locator("[aria-live=polite]")).to_have_text(re.compile(r"^(Correct\.|Not quite\.)"))
    assert page.evaluate("window.__sameDocument === true"), "navigation reloaded the whole page"
    assert watched.errors == []


def test_mock_interview_runs_to_its_score(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "practice/", wait_until="load")
    scripts_ready(page)
    page.fill("#mock-count", "4")
    page.select_option("#mock-difficulty", "mid")
    page.click(".kb-mock button[type=submit]")
    items = page.locator(".kb-mock-run form.quiz")
    expect(items).to_have_count(4)
    # Feedback stays hidden until the end.
    assert page.locator(".kb-mock-run details:visible").count() == 0
    first = items.first
    if first.get_attribute("data-type") == "recall":
        first.locator(".quiz__reveal button").click()
        first.locator("[data-grade=again]").click()
        expect(first.locator("[aria-live=polite]")).to_have_text("Graded Again.")
    else:
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
    assert re.match(r"^\.\./(questions|drills)/[a-z-]+/#quiz-[a-z0-9-]+$", href), href  # drills join mock interviews
    assert page.locator(".kb-mock-run details:visible").count() == 4
    assert watched.errors == []


def test_progress_saved_before_the_options_were_shuffled_still_reads_right(watched: Watched, base_url: str) -> None:
    """Answers saved by an earlier version of the site, when every right option was shown first, are keyed by
    item id and right/wrong, never by a shown position: they read the same after the reordering."""
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="load")
    scripts_ready(page)
    now = int(time.time() * 1000)
    saved = {
        "v": 1,
        "items": {
            "backprop-what-it-computes": {"ok": True, "n": 2, "t": now - 86_400_000},
            "backprop-gradient-check": {"ok": False, "n": 1, "t": now - 86_400_000},
        },
    }
    page.evaluate("data => localStorage.setItem('kb-progress-v1', JSON.stringify(data))", saved)
    page.reload(wait_until="load")
    scripts_ready(page)
    expect(page.locator(f"{FIRST} [aria-live=polite]")).to_have_text(
        "Last time you answered this correctly (2 attempts)."
    )
    expect(page.locator("#quiz-backprop-gradient-check [aria-live=polite]")).to_have_text(
        "Last time you answered this incorrectly (1 attempt)."
    )
    # The options are no longer in their written order, yet the option written first is still the right one.
    values = page.locator(f"{FIRST} input[name=choice]").evaluate_all("els => els.map(e => e.value)")
    assert sorted(values) == ["0", "1", "2", "3"] and values[0] != "0"
    page.check(f"{FIRST} input[value='0']")
    page.click(f"{FIRST} button[type=submit]")
    assert feedback(page, FIRST).startswith("Correct.")
    stored = json.loads(page.evaluate("localStorage.getItem('kb-progress-v1')"))
    assert (
        stored["items"]["backprop-what-it-computes"]["n"] == 3 and stored["items"]["backprop-gradient-check"]["n"] == 1
    )
    page.goto(base_url + "practice/", wait_until="load")
    scripts_ready(page)
    row = page.locator("tr", has_text="What is backpropagation")
    expect(row.locator(".kb-score")).to_have_text(re.compile(r"^1 / \d+$"))
    assert watched.errors == []


RECALL = "#quiz-backprop-derive-softmax-gradient"
SAY_IT = "#quiz-backprop-say-it"


def test_recall_item_by_keyboard_feeds_the_schedule(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + QUESTION, wait_until="load")
    scripts_ready(page)
    today = page.evaluate("kbSrs.today()")
    tomorrow = page.evaluate("kbSrs.addDays(kbSrs.today(), 1)")
    model = page.locator(f"{RECALL} .quiz__model-answer")
    expect(model).to_be_hidden()
    page.locator(f"{RECALL} textarea").click()
    page.keyboard.type("p minus one-hot")
    page.keyboard.press("Space")  # typing in the box: Space is a space, not a reveal
    expect(page.locator(f"{RECALL} textarea")).to_have_value("p minus one-hot ")
    expect(model).to_be_hidden()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Show model answer")
    page.keyboard.press("Space")
    expect(model).to_be_visible()
    expect(model).to_be_focused()  # read next; 1-4 grade from here
    expect(model.locator("math").first).to_be_visible()  # the math is rendered (MathML)
    page.keyboard.press("3")
    # FSRS: a new card graded Good takes its 10-minute learning step, so it is due again today.
    expect(page.locator(f"{RECALL} [aria-live=polite]")).to_have_text(
        "Graded Good. It comes back on the Review page today."
    )
    cards = json.loads(page.evaluate("localStorage.getItem('kb-review-v1')"))["cards"]
    card = cards["quiz:backprop-derive-softmax-gradient"]
    assert (card["grade"], card["reps"], card["state"], card["due"]) == ("good", 1, 1, today)
    assert card["at"] - card["last"] == 10 * 60_000
    # Graded Easy next, the card leaves its learning steps for days.
    page.keyboard.press("4")
    expect(page.locator(f"{RECALL} [aria-live=polite]")).to_contain_text("Graded Easy. It comes back on the Review")
    cards = json.loads(page.evaluate("localStorage.getItem('kb-review-v1')"))["cards"]
    card = cards["quiz:backprop-derive-softmax-gradient"]
    assert (card["grade"], card["reps"], card["state"]) == ("easy", 2, 2) and card["due"] > tomorrow
    expect(page.locator(f"{RECALL} [aria-live=polite]")).to_have_text(
        f"Graded Easy. It comes back on the Review page on {card['due']}."
    )
    # The page's 30-second item grades the short answer's own card.
    say_it = page.locator(SAY_IT)
    say_it.locator(".quiz__reveal button").focus()
    page.keyboard.press("Space")
    expect(say_it.locator(".quiz__model-answer")).to_be_focused()
    page.keyboard.press("1")
    expect(say_it.locator("[aria-live=polite]")).to_have_text("Graded Again. It comes back on the Review page today.")
    cards = json.loads(page.evaluate("localStorage.getItem('kb-review-v1')"))["cards"]
    assert cards["question:questions/backpropagation.md"]["grade"] == "again"
    assert cards["question:questions/backpropagation.md"]["due"] == today
    assert "quiz:backprop-say-it" not in cards
    page.reload(wait_until="load")
    scripts_ready(page)
    assert feedback(page, RECALL).startswith("Last time you graded this Easy.")
    # On the Practice page the Easy counts as right and the Again as wrong.
    page.goto(base_url + "practice/", wait_until="load")
    scripts_ready(page)
    row = page.locator("tr", has_text="What is backpropagation")
    expect(row.locator(".kb-score")).to_have_text(re.compile(r"^1 / \d+$"))
    assert watched.errors == []


def test_recall_item_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + QUESTION)
    details = page.locator(f"{RECALL} details")
    expect(details.locator("summary")).to_have_text("Show model answer")
    expect(page.locator(f"{RECALL} .quiz__model-answer")).to_be_hidden()
    details.locator("summary").click()
    expect(page.locator(f"{RECALL} .quiz__model-answer")).to_contain_text("softmax Jacobian")
    context.close()


def test_mock_interview_includes_recall_items(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "practice/", wait_until="load")
    scripts_ready(page)
    page.fill("#mock-count", "20")
    page.select_option("#mock-tag", "automatic-differentiation")  # one page's items, both recall items included
    page.click(".kb-mock button[type=submit]")
    recall = page.locator(".kb-mock-run form.quiz[data-type=recall]")
    expect(recall).to_have_count(2)
    item = recall.first
    expect(item.locator(".quiz__model-answer")).to_be_hidden()
    item.locator(".quiz__reveal button").focus()
    page.keyboard.press("Space")
    page.keyboard.press("4")
    expect(item.locator("[aria-live=polite]")).to_have_text("Graded Easy.")
    page.click(".kb-mock__finish")
    total = page.locator(".kb-mock-run form.quiz").count()
    expect(page.locator("#mock-score")).to_have_text(re.compile(rf"^Score: 1 / {total} in "))
    expect(recall.nth(1).locator(".quiz__model-answer")).to_be_visible()  # shown at the end, counted as missed
    assert watched.errors == []


@pytest.fixture
def hostile_site(project: Project) -> str:
    attacks = (
        question_page()
        .replace(
            "question: One?",
            # Raw HTML in quiz text is a build error now (tests/test_quiz.py); in code spans it is allowed,
            # and must still show as text.
            "question: 'One `<script>window.__pwned = 1</script>` `<img src=x onerror=\"window.__pwned = 2\">`?'",
        )
        .replace(
            "feedback: Wrong.",
            "feedback: '`<svg onload=\"window.__pwned = 3\"></svg>`'",
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
        page.goto(url + "questions/q/", wait_until="load")
        scripts_ready(page)
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
