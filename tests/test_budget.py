"""Page-weight budget of the built site: what a phone downloads of our own code on a question page."""

from __future__ import annotations

import gzip
import re

import pytest

from conftest import ROOT, BuildResult
from sitewalk import read_page, resolve

pytestmark = pytest.mark.build

QUESTIONS = sorted(p.stem for p in (ROOT / "docs" / "questions").glob("*.md") if p.name != "index.md")
OWN_BUDGET_KIB = 30
# Ours: everything under assets/ except Material's own files and the vendored libraries.
THEIRS = re.compile(r"assets/(javascripts/bundle\.|javascripts/workers/|stylesheets/(main|palette)\.|vendor/)")


@pytest.mark.parametrize("slug", QUESTIONS)
def test_own_js_and_css_of_a_question_page_fit_the_budget(built_site: BuildResult, slug: str) -> None:
    page = built_site.site / "questions" / slug / "index.html"
    sizes = {}
    for url in read_page(page).resources:
        target, _ = resolve(built_site.site, page, url)
        if target is None or target.suffix not in (".js", ".css") or THEIRS.search(url):
            continue
        sizes[url] = len(gzip.compress(target.read_bytes(), 6))  # as a server compresses it
    assert sizes, f"{slug}: no own script or stylesheet found; has the page layout changed?"
    total = sum(sizes.values()) / 1024
    detail = ", ".join(f"{url} {size / 1024:.1f}" for url, size in sorted(sizes.items()))
    assert total <= OWN_BUDGET_KIB, f"{slug}: own JS+CSS is {total:.1f} KiB gzip > {OWN_BUDGET_KIB} KiB ({detail})"


NOTEBOOK_CSS_BUDGET_KIB = 32


def test_notebook_pages_inline_only_the_css_they_use(built_site: BuildResult) -> None:
    """nbconvert inlines all of JupyterLab's CSS (590 KB a page); the build keeps what can apply."""
    pages = sorted((built_site.site / "lab").glob("*/index.html"))
    assert pages, "no notebook page was built"
    for page in pages:
        styles = re.findall(r'<style type="text/css">(.*?)</style>', page.read_text(encoding="utf-8"), re.DOTALL)
        assert styles, f"{page.parent.name}: nbconvert's stylesheets are missing; has its template changed?"
        total = sum(len(css.encode()) for css in styles) / 1024
        assert total <= NOTEBOOK_CSS_BUDGET_KIB, (
            f"lab/{page.parent.name}: {total:.0f} KiB of inline CSS > {NOTEBOOK_CSS_BUDGET_KIB} KiB"
        )
