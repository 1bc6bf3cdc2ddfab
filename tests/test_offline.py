"""`make build-offline`: the whole site, search and study tools included, read from a folder."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from conftest import ROOT, mkdocs_build, start_review, wait_for_card
from sitewalk import is_external, read_page, resolve

pytestmark = pytest.mark.xdist_group("offline")  # one worker builds the offline copy


# Session, not module: the worker that runs this group may run other modules' tests between these,
# and a module fixture would then be torn down and the copy built again.
@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = mkdocs_build(ROOT / "mkdocs.offline.yml", tmp_path_factory.mktemp("offline") / "site-offline")
    assert result.returncode == 0, result.output
    return result.site


def pages(site: Path) -> list[Path]:
    # 404.html is what a web server shows for a missing page; a folder on disk never shows it.
    return [p for p in sorted(site.rglob("*.html")) if p.name != "404.html"]


def test_every_link_names_a_file(offline_site: Path) -> None:
    """From a folder, a link to a directory shows a file listing instead of its index.html."""
    broken = []
    for page in pages(offline_site):
        found = read_page(page)
        for url in found.links + found.resources:
            if is_external(url) or url.startswith(("mailto:", "data:", "javascript:", "#")):
                continue
            where = page.relative_to(offline_site).as_posix()
            target, _ = resolve(offline_site, page, url)
            if urlsplit(url).path.endswith("/") or (page.parent / urlsplit(url).path).is_dir():
                broken.append(f"{where}: {url} (a directory)")
            elif target is None:
                broken.append(f"{where}: {url} (no such file)")
    assert len(pages(offline_site)) > 40
    assert not broken, "\n".join(broken[:30])


def test_nothing_loads_from_other_hosts(offline_site: Path) -> None:
    offenders = [
        f"{page.relative_to(offline_site)}: {url}"
        for page in pages(offline_site)
        for url in read_page(page).resources
        if is_external(url)
    ]
    assert not offenders, "\n".join(offenders)
    home = read_page(offline_site / "index.html")
    assert "assets/vendor/iframe-worker/shim.js" in home.resources  # search's worker, from a file


def test_search_index_ships_as_a_script(offline_site: Path) -> None:
    index = (offline_site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert index.startswith("var __index = {") and "backpropagation" in index


@pytest.mark.browser
def test_the_site_works_from_a_folder(browser: Browser, offline_site: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((offline_site / "index.html").as_uri())
    page.keyboard.press("s")
    page.keyboard.type("cross-entropy")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15000)
    assert "cross" in result.inner_text().lower()

    page.goto((offline_site / "questions" / "backpropagation.html").as_uri())
    page.check("#quiz-backprop-what-it-computes input[value='1']")  # a wrong answer
    page.click("#quiz-backprop-what-it-computes button[type=submit]")
    wait_for_card(page, "quiz:backprop-what-it-computes")
    page.locator("a.md-footer__link--next").click()  # plain links between files
    page.wait_for_url(re.compile(r"/questions/[a-z-]+\.html$"))

    page.goto((offline_site / "review.html").as_uri())
    page.select_option("#review-source", "quiz")
    expect(page.locator(".kb-review__due")).to_have_text(re.compile(r"^Due today: 1 review and 20 new cards"))
    start_review(page)
    expect(page.locator(".kb-review__front")).to_contain_text("What does backpropagation compute")

    page.goto((offline_site / "practice.html").as_uri())
    expect(page.locator(".kb-review-next li").first).to_contain_text("What is backpropagation")
    page.get_by_role("button", name="Start the mock interview").click()
    expect(page.locator(".kb-mock-run form.quiz").first).to_be_visible()
    context.close()
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:"))] == []
    assert errors == []
