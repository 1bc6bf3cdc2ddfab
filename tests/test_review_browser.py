"""Spaced repetition in a real Chromium: a review round by keyboard on a phone-width screen, quiz
answers feeding the schedule, the weak-topic dashboard, and progress export and import."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import BuildResult, Watched

pytestmark = pytest.mark.browser

QUESTION = "questions/backpropagation/"
WRONG_ITEM = "backprop-what-it-computes"  # its second option is wrong


def storage(page: Page) -> dict[str, str | None]:
    return page.evaluate(
        "({quiz: localStorage.getItem('kb-progress-v1'), review: localStorage.getItem('kb-review-v1')})"
    )


def schedule(page: Page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('kb-review-v1')") or '{"cards": {}}')["cards"]


def answer_wrong(page: Page, base_url: str) -> None:
    page.goto(base_url + QUESTION, wait_until="networkidle")
    form = f"#quiz-{WRONG_ITEM}"
    page.check(f"{form} input[value='1']")
    page.click(f"{form} button[type=submit]")
    expect(page.locator(f"{form} [aria-live=polite]")).to_contain_text("Not quite.")


def review_some(page: Page, base_url: str) -> None:
    page.goto(base_url + "review/", wait_until="networkidle")
    page.click(".kb-review__start")
    for key in (" ", "3", " ", "2"):
        page.keyboard.press(key)


def test_a_review_round_by_keyboard_on_a_phone(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "review/", wait_until="networkidle")
    due = page.locator(".kb-review__due")
    expect(due).to_have_text(re.compile(r"^Due today: 0 reviews and 20 new cards"))
    page.locator(".kb-review__start").focus()
    page.keyboard.press("Enter")
    progress = page.locator(".kb-review__progress")
    expect(progress).to_have_text(re.compile(r"^Card 1 of 20 "))
    assert page.evaluate("document.activeElement.textContent").startswith("Show answer")
    today = page.evaluate("kbSrs.today()")
    tomorrow = page.evaluate("kbSrs.addDays(kbSrs.today(), 1)")
    seen = []
    for grade_key, grade in (("3", "good"), ("1", "again"), ("4", "easy")):
        seen.append(page.evaluate(f"kbStudy.index.cards[{len(seen)}][0]"))
        assert page.locator(".kb-review__back").is_hidden()
        page.keyboard.press("Space")
        expect(page.locator(".kb-review__back")).to_be_visible()
        assert page.evaluate("document.activeElement.classList.contains('kb-review__back')")  # read next
        grades = page.locator(".kb-review__grades")
        expect(grades).to_be_visible()
        if grade == "again":
            box = grades.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
        page.keyboard.press(grade_key)
    cards = schedule(page)
    assert cards[seen[0]]["grade"] == "good" and cards[seen[0]]["due"] == tomorrow and cards[seen[0]]["reps"] == 1
    assert cards[seen[1]]["grade"] == "again" and cards[seen[1]]["due"] == today and cards[seen[1]]["reps"] == 0
    assert cards[seen[2]]["grade"] == "easy" and cards[seen[2]]["ef"] == 2.6 and cards[seen[2]]["due"] == tomorrow
    expect(progress).to_have_text(re.compile(r"^Card 4 of 21 "))  # the missed card comes back in this round
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.get_by_role("button", name="End review").click()
    expect(page.locator("#review-done")).to_be_focused()
    expect(page.locator(".kb-review__session")).to_contain_text("3 cards graded: 1 again, 0 hard, 1 good, 1 easy")
    page.get_by_role("button", name="Back to the review set-up").click()
    expect(due).to_have_text(re.compile(r"^Due today: 1 review and 17 new cards"))
    context.close()
    assert errors == []


def test_a_missed_quiz_item_becomes_due_and_shows_on_the_dashboard(watched: Watched, base_url: str) -> None:
    page = watched.page
    answer_wrong(page, base_url)
    card = schedule(page)[f"quiz:{WRONG_ITEM}"]
    assert card["due"] == page.evaluate("kbSrs.today()") and card["grade"] == "again"
    page.goto(base_url + "review/", wait_until="networkidle")
    page.select_option("#review-source", "quiz")
    expect(page.locator(".kb-review__due")).to_have_text(re.compile(r"^Due today: 1 review and 20 new cards"))
    page.click(".kb-review__start")
    expect(page.locator(".kb-review__front")).to_contain_text("What does backpropagation compute")
    page.goto(base_url + "practice/", wait_until="networkidle")
    first = page.locator(".kb-review-next li").first
    expect(first).to_contain_text("What is backpropagation")
    expect(first).to_contain_text("0 of 1 right (0%), 1 card due")
    expect(page.locator(".kb-weak tr", has_text="backpropagation").first).to_contain_text("0 of 1 right")
    assert watched.errors == []


def test_export_clear_import_restores_the_same_state(watched: Watched, base_url: str, tmp_path: Path) -> None:
    page = watched.page
    answer_wrong(page, base_url)
    review_some(page, base_url)
    before = storage(page)
    # the missed quiz item's card came first (due), then one new card
    assert before["quiz"] and len(json.loads(before["review"])["cards"]) == 2
    page.goto(base_url + "practice/", wait_until="networkidle")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    assert download.value.suggested_filename.startswith("dl-interview-kb-progress-")
    expect(page.locator(".kb-transfer__status")).to_have_text("Exported 1 quiz answer and 2 card schedules.")
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="networkidle")
    expect(page.locator(".kb-dashboard")).to_contain_text("Nothing to roll up yet")
    page.locator(".kb-import-file").set_input_files(saved)
    expect(page.locator(".kb-transfer__status")).to_contain_text("Imported 1 quiz answer and 2 card schedules")
    assert storage(page) == before
    expect(page.locator(".kb-dashboard")).to_contain_text("By topic")  # redrawn from the imported state
    assert watched.errors == []


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not valid JSON"),
        ('{"format": "something-else", "version": 1}', "not a progress file from this site"),
        ('{"format": "dl-interview-kb-progress", "version": 2}', "version 2 is not supported"),
        (
            '{"format": "dl-interview-kb-progress", "version": 1, "quiz": {"v": 1, "items": {}}, "review": {"v": 1, '
            '"newToday": {"date": "", "count": 0}, "cards": {"quiz:x": {"ef": 2.5, "reps": 1, "interval": 1, '
            '"due": "tomorrow", "lapses": 0, "grade": "good", "last": 0}}}}',
            "card \u201cquiz:x\u201d has an invalid schedule",
        ),
    ],
)
def test_a_malformed_import_is_refused_and_changes_nothing(
    watched: Watched, base_url: str, tmp_path: Path, content: str, message: str
) -> None:
    page = watched.page
    answer_wrong(page, base_url)
    page.goto(base_url + "practice/", wait_until="networkidle")
    before = storage(page)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    page.once("dialog", lambda dialog: dialog.accept())  # "replace your progress?": yes, try
    page.locator(".kb-import-file").set_input_files(bad)
    status = page.locator(".kb-transfer__status")
    expect(status).to_contain_text(message)
    expect(status).to_contain_text("Your progress on this device is unchanged.")
    assert storage(page) == before
    assert watched.errors == []


def test_reset_clears_quiz_answers_and_reviews(watched: Watched, base_url: str) -> None:
    page = watched.page
    answer_wrong(page, base_url)
    page.goto(base_url + "practice/", wait_until="networkidle")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset all progress").click()
    expect(page.locator(".kb-transfer__status")).to_have_text("All progress cleared.")
    assert storage(page) == {"quiz": None, "review": None}
    expect(page.locator(".kb-dashboard")).to_contain_text("Nothing to roll up yet")


def test_review_starts_after_instant_navigation(watched: Watched, base_url: str, built_site: BuildResult) -> None:
    """review.js is loaded by the first page that needs it, also when that page arrives by instant navigation."""
    page = watched.page
    sitemap = (built_site.site / "sitemap.xml").read_text().replace("https://example.org/", base_url)
    page.route("**/sitemap.xml", lambda route: route.fulfill(body=sitemap, content_type="application/xml"))
    page.goto(base_url + QUESTION, wait_until="networkidle")
    assert not any(url.endswith("/review.js") for url in watched.requests)  # not needed on a question page
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-nav__link", has_text="Review").first.click()
    page.wait_for_url(base_url + "review/")
    expect(page.locator(".kb-review__due")).to_have_text(re.compile(r"^Due today: "))
    page.locator(".md-nav__link", has_text="Practice").first.click()
    page.wait_for_url(base_url + "practice/")
    expect(page.locator(".kb-dashboard")).to_contain_text("Nothing to roll up yet")
    assert page.evaluate("window.__sameDocument === true"), "navigation reloaded the whole page"
    assert watched.errors == []


def test_the_schedule_follows_sm2(watched: Watched, base_url: str) -> None:
    """Intervals 1, 6, then the last one times the ease; Hard lowers the ease by 0.14, Easy raises it
    by 0.1, never below 1.3; a lapse starts the card over today without changing the ease."""
    page = watched.page
    page.goto(base_url, wait_until="networkidle")
    runs = page.evaluate("""() => {
        const run = grades => { let c = null; return grades.map(g => (c = kbSrs.next(c, g, Date.UTC(2026, 0, 10, 12)))); };
        return {
            good: run(["good", "good", "good", "good"]),
            hard: run(["hard", "hard", "hard"]),
            easy: run(["easy", "easy", "easy"]),
            lapse: run(["good", "good", "again", "good"]),
            floor: run(Array(12).fill("hard")),
        };
    }""")
    assert [c["interval"] for c in runs["good"]] == [1, 6, 15, 38]  # 6 * 2.5 = 15, 15 * 2.5 = 37.5
    assert [c["ef"] for c in runs["hard"]] == [2.36, 2.22, 2.08]
    assert [c["interval"] for c in runs["hard"]] == [1, 6, 13]  # 6 * 2.22 = 13.3
    assert [c["ef"] for c in runs["easy"]] == [2.6, 2.7, 2.8]
    assert [c["interval"] for c in runs["easy"]] == [1, 6, 16]  # 6 * 2.7 = 16.2
    again = runs["lapse"][2]
    assert (again["interval"], again["reps"], again["lapses"], again["ef"]) == (0, 0, 1, 2.5)
    assert again["due"] == "2026-01-10" and runs["lapse"][3]["due"] == "2026-01-11"
    assert runs["floor"][-1]["ef"] == 1.3
