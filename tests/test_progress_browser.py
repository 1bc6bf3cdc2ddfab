"""Study progress that cannot be lost, in a real Chromium: damaged entries are repaired one by one
and backed up, impossible numbers are refused or clamped, a full storage is reported, and an
import is all or nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import ROOT, BuildResult, Project, question_page, scripts_ready, serve

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("progress")]  # one worker builds its site

REVIEW_KEY = "kb-review-v1"
QUIZ_KEY = "kb-progress-v1"


def card(due: str = "2030-01-01", **changes: object) -> dict:
    return {
        "ef": 2.5,
        "reps": 2,
        "interval": 6,
        "due": due,
        "lapses": 0,
        "grade": "good",
        "last": 1_700_000_000_000,
        **changes,
    }


def review(cards: dict) -> dict:
    return {"v": 1, "cards": cards, "newToday": {"date": "", "count": 0}}


GOOD = {"quiz:test-one": card(), "quiz:test-two": card(), "question:questions/q.md": card()}

# Counts the bytes of localStorage and throws the browser's own error past a limit set by the test.
QUOTA = """(() => {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const limit = Number(sessionStorage.getItem("test-quota") || Infinity);
    if (this === localStorage) {
      let used = 0;
      for (let i = 0; i < this.length; i++) {
        const k = this.key(i);
        if (k !== key) used += k.length + this.getItem(k).length;
      }
      if (used + key.length + String(value).length > limit) {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      }
    }
    return setItem.call(this, key, value);
  };
})();"""


@pytest.fixture(scope="module")
def progress_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = Project(tmp_path_factory.mktemp("progress"))
    project.add_page("questions/q.md", question_page())
    for name in ("practice.md", "review.md"):
        project.add_page(name, (ROOT / "docs" / name).read_text())
    result = project.build()
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def site_url(progress_site: BuildResult) -> Iterator[str]:
    url, server = serve(progress_site.site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(QUOTA)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def put_raw(page: Page, site_url: str, key: str, raw: str) -> None:
    page.goto(site_url, wait_until="load")
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [key, raw])


def stored(page: Page, key: str = REVIEW_KEY) -> dict:
    return json.loads(page.evaluate("key => localStorage.getItem(key)", key))


def backups(page: Page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage)
        .filter(k => k.includes('.backup-')).map(k => [k, localStorage.getItem(k)]))""")


def test_one_bad_entry_is_dropped_the_others_kept_and_backed_up(page: Page, site_url: str) -> None:
    raw = json.dumps(review({**GOOD, "glossary:gradient": card(ef="high")}))
    put_raw(page, site_url, REVIEW_KEY, raw)
    page.goto(site_url + "review/", wait_until="load")
    scripts_ready(page)
    notice = page.locator(".kb-notice")
    expect(notice).to_contain_text("1 invalid entry")
    expect(notice).to_contain_text("glossary:gradient")
    found = backups(page)
    assert list(found.values()) == [raw]
    assert re.fullmatch(r"kb-review-v1\.backup-\d{4}-\d{2}-\d{2}", next(iter(found)))
    page.evaluate("kbSrs.grade('quiz:test-three', 'good', true)")  # the first write after the repair
    cards = stored(page)["cards"]
    assert set(cards) == {*GOOD, "quiz:test-three"}
    assert all((cards[id]["due"], cards[id]["s"]) == (GOOD[id]["due"], GOOD[id]["interval"]) for id in GOOD)
    page.reload(wait_until="load")
    scripts_ready(page)
    expect(page.locator(".kb-review__due")).to_contain_text("Due today")
    assert page.locator(".kb-notice").count() == 0  # told once


def test_infinity_is_refused_on_import_and_dropped_from_storage(page: Page, site_url: str, tmp_path: Path) -> None:
    raw = json.dumps(review(GOOD)).replace('"ef": 2.5', '"ef": 1e999', 1)  # JSON.parse gives Infinity
    put_raw(page, site_url, REVIEW_KEY, raw)
    page.goto(site_url + "practice/", wait_until="load")
    scripts_ready(page)
    page.evaluate("kbSrs.grade('quiz:test-three', 'good', true)")
    cards = stored(page)["cards"]
    assert set(cards) == {"quiz:test-two", "question:questions/q.md", "quiz:test-three"}
    assert list(backups(page).values()) == [raw]

    before = page.evaluate("({...localStorage})")
    file = tmp_path / "infinite.json"
    file.write_text(
        '{"format": "dl-interview-kb-progress", "version": 1, "quiz": {"v": 1, "items": {}}, "review": '
        + json.dumps(review(GOOD)).replace('"ef": 2.5', '"ef": 1e999', 1)
        + "}"
    )
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".kb-import-file").set_input_files(file)
    status = page.locator(".kb-transfer__status")
    expect(status).to_contain_text("The file was not imported: card \u201cquiz:test-one\u201d has an invalid schedule")
    expect(status).to_contain_text("Your progress on this device is unchanged.")
    assert page.evaluate("({...localStorage})") == before


def test_a_huge_interval_is_clamped_and_grading_it_gives_a_real_date(page: Page, site_url: str) -> None:
    put_raw(page, site_url, REVIEW_KEY, json.dumps(review({**GOOD, "quiz:test-one": card(interval=1e300)})))
    page.goto(site_url + "review/", wait_until="load")
    scripts_ready(page)
    expect(page.locator(".kb-notice")).to_contain_text("interval 1e+300 is out of bounds")
    graded = page.evaluate("kbSrs.grade('quiz:test-one', 'easy', false)")
    assert graded["interval"] == 36500 and re.fullmatch(r"2\d{3}-\d{2}-\d{2}", graded["due"]), graded
    cards = stored(page)["cards"]
    assert set(cards) == set(GOOD) and cards["quiz:test-two"]["due"] == GOOD["quiz:test-two"]["due"]
    assert cards["quiz:test-two"]["s"] == GOOD["quiz:test-two"]["interval"]  # kept, as an FSRS card
    refused = page.evaluate(
        """text => { try { kbSrs.importText(text); return ''; } catch (e) { return e.message; } }""",
        json.dumps(
            {
                "format": "dl-interview-kb-progress",
                "version": 1,
                "quiz": {"v": 1, "items": {}},
                "review": review({"quiz:test-one": card(interval=1e300)}),
            }
        ),
    )
    assert "interval 1e+300 is out of bounds" in refused
    assert stored(page)["cards"] == cards


def test_a_full_storage_is_reported_and_an_import_changes_nothing(page: Page, site_url: str, tmp_path: Path) -> None:
    put_raw(page, site_url, REVIEW_KEY, json.dumps(review(GOOD)))
    page.evaluate(
        "localStorage.setItem('kb-progress-v1', JSON.stringify({v: 1, items: {'test-one': "
        "{ok: true, n: 1, t: 1700000000000}}}))"
    )
    before = page.evaluate("({...localStorage})")
    used = page.evaluate("Object.entries(localStorage).reduce((n, [k, v]) => n + k.length + v.length, 0)")
    page.evaluate("limit => sessionStorage.setItem('test-quota', limit)", used + 3000)
    # A valid file whose quiz answers fit and whose schedules do not: the quiz key is written first.
    big = {f"quiz:item-{n}": card() for n in range(60)}
    file = tmp_path / "big.json"
    file.write_text(
        json.dumps(
            {
                "format": "dl-interview-kb-progress",
                "version": 1,
                "quiz": {"v": 1, "items": {"test-two": {"ok": False, "n": 2, "t": 1}}},
                "review": review(big),
            }
        )
    )
    page.goto(site_url + "practice/", wait_until="load")
    scripts_ready(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".kb-import-file").set_input_files(file)
    status = page.locator(".kb-transfer__status")
    expect(status).to_contain_text("The file was not imported: this browser\u2019s storage for this site is full.")
    expect(status).to_contain_text("Your progress on this device is unchanged.")
    assert page.evaluate("({...localStorage})") == before

    # An answer that cannot be saved says so.
    page.evaluate("sessionStorage.setItem('test-quota', 10)")
    page.goto(site_url + "questions/q/", wait_until="load")
    scripts_ready(page)
    page.check("#quiz-test-one input[value='0']")
    page.click("#quiz-test-one button[type=submit]")
    expect(page.locator(".kb-notice")).to_contain_text(
        "Your progress could not be saved in this browser: its storage for this site is full"
    )
    assert page.evaluate("({...localStorage})") == before


def test_a_file_exported_by_this_version_imports(page: Page, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + "questions/q/", wait_until="load")
    scripts_ready(page)
    page.check("#quiz-test-one input[value='1']")
    page.click("#quiz-test-one button[type=submit]")
    page.evaluate("kbSrs.grade('glossary:gradient', 'easy', true)")
    before = page.evaluate(f"[localStorage.getItem('{QUIZ_KEY}'), localStorage.getItem('{REVIEW_KEY}')]")
    page.goto(site_url + "practice/", wait_until="load")
    scripts_ready(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="load")
    scripts_ready(page)
    page.locator(".kb-import-file").set_input_files(saved)
    expect(page.locator(".kb-transfer__status")).to_have_text(
        "Imported 1 quiz answer and 2 card schedules from progress.json."
    )
    assert page.evaluate(f"[localStorage.getItem('{QUIZ_KEY}'), localStorage.getItem('{REVIEW_KEY}')]") == before
