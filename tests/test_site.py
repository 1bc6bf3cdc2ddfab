"""The real site, built with --strict: links resolve, nothing loads from elsewhere, pages are complete."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, BuildResult, Project, include_block, question_page
from kb.frontmatter import REQUIRED_SECTIONS
from kb.snippets import cache_dir, cache_key, environment_salt, list_snippets, load_cached
from sitewalk import is_external, read_page, resolve

#: Every snippet the build runs (coding exercises are tested by kb.exercises instead).
SNIPPET_FILES = [ROOT / snippet for snippet in list_snippets(ROOT)]
QUESTION_PAGES = sorted(p.stem for p in (ROOT / "docs" / "questions").glob("*.md") if p.name != "index.md")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_internal_link_and_anchor_resolves(built_site: BuildResult) -> None:
    site = built_site.site
    pages = {page: read_page(page) for page in html_pages(site)}
    broken = []
    for page, links in pages.items():
        for url in links.links + links.resources:
            if is_external(url) or url.startswith(("mailto:", "data:", "javascript:")):
                continue
            target, fragment = resolve(site, page, url)
            where = page.relative_to(site).as_posix()
            if target is None:
                broken.append(f"{where}: {url} (no such file)")
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else read_page(target).ids
                if fragment not in ids:
                    broken.append(f"{where}: {url} (no element with id '{fragment}')")
    assert len(pages) > 20
    assert not broken, "\n".join(broken)


def test_pages_load_nothing_from_other_hosts(built_site: BuildResult) -> None:
    offenders = []
    for page in html_pages(built_site.site):
        for url in read_page(page).resources:
            if is_external(url) and not url.startswith("data:"):
                offenders.append(f"{page.relative_to(built_site.site)}: {url}")
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"""(?:import\(|@import|url\()\s*["']?(https?:)?//""", text):
            offenders.append(f"{page.relative_to(built_site.site)}: {match.group(0)}")
    assert not offenders, "\n".join(offenders)


def test_theme_fonts_are_not_fetched(built_site: BuildResult) -> None:
    home = (built_site.site / "index.html").read_text()
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


@pytest.mark.parametrize("slug", QUESTION_PAGES)
def test_question_page_is_complete(built_site: BuildResult, slug: str) -> None:
    page = built_site.site / "questions" / slug / "index.html"
    html = page.read_text()
    for section in (*REQUIRED_SECTIONS, "References"):
        anchor = re.sub(r"[^a-z0-9]+", "-", section.lower()).strip("-")
        assert f'<h2 id="{anchor}"' in html, f"{slug}: no '{section}' section"
    assert 'class="kb-difficulty' in html
    assert html.count("snippet-output") >= 1, f"{slug}: no snippet output shown"
    assert re.search(r'<meta name="description" content="[^"]{40,}"', html), f"{slug}: no description"
    references = html.split('id="references"', 1)[1]
    assert re.search(r'<li>.*?<a href="https://', references, re.DOTALL), f"{slug}: no linked reference"
    for img in re.findall(r"<img [^>]*>", html):
        if "snippet-figure" in img:
            assert re.search(r'alt="[^"]{10,}"', img), f"{slug}: figure without a description: {img}"
            assert 'loading="lazy"' in img


def test_question_index_lists_every_question(built_site: BuildResult) -> None:
    html = (built_site.site / "questions" / "index.html").read_text()
    for slug in QUESTION_PAGES:
        assert f'href="{slug}/"' in html, f"{slug} missing from the question index"
    assert len(re.findall(r'class="kb-difficulty kb-difficulty--(junior|mid|senior)"', html)) == len(QUESTION_PAGES)


def test_every_snippet_has_a_notebook_page_with_its_output(built_site: BuildResult) -> None:
    for snippet in SNIPPET_FILES:
        name = "-".join(snippet.relative_to(ROOT / "snippets").with_suffix("").parts)
        page = built_site.site / "lab" / name / "index.html"
        assert page.is_file(), f"no notebook page for {snippet.relative_to(ROOT)}"
        assert (page.parent / f"{name}.ipynb").is_file(), f"no notebook download for {name}"
        assert "jp-OutputArea" in page.read_text(), f"notebook page of {name} shows no output"


def test_every_snippet_of_the_site_is_cached_under_its_content_key(built_site: BuildResult) -> None:
    """What a warm rebuild reads: after the build, each snippet has a whole cache entry under the key
    the next build computes from the snippet's bytes and the environment (kb.snippets.cache_key)."""
    counts = re.search(r"snippets: (\d+) executed, (\d+) from cache", built_site.output)
    assert counts, built_site.output
    assert int(counts.group(1)) + int(counts.group(2)) == len(SNIPPET_FILES)
    salt = environment_salt(ROOT / "requirements.lock")
    cache = cache_dir(ROOT)
    missing = [
        snippet.relative_to(ROOT).as_posix()
        for snippet in SNIPPET_FILES
        if load_cached(cache / cache_key(snippet.read_bytes(), salt)) is None
    ]
    assert not missing, f"no cache entry for {missing}"


def test_warm_rebuild_executes_no_snippet(project: Project) -> None:
    project.write("snippets/demo/hello.py", '"""Say hello."""\nprint("hello from the snippet")\n')
    project.add_page("questions/q.md", question_page(include_block("snippets/demo/hello.py")))
    first = project.build()
    assert first.returncode == 0, first.output
    assert "snippets: 1 executed, 0 from cache" in first.output
    again = project.build(site="site-again")
    assert again.returncode == 0, again.output
    assert "snippets: 0 executed, 1 from cache" in again.output
    assert "hello from the snippet" in (again.site / "questions" / "q" / "index.html").read_text()


class _TermContext(HTMLParser):
    """Records, for every glossary link, the tags it sits inside."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.links: list[tuple[list[str], dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag == "a" and "kb-term" in (values.get("class") or ""):
            self.links.append((list(self.stack), values))
        if tag not in ("br", "img", "input", "hr", "meta", "link", "source", "wbr"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]


@pytest.mark.parametrize("slug", QUESTION_PAGES)
def test_question_page_links_glossary_terms_with_tooltips(built_site: BuildResult, slug: str) -> None:
    html = (built_site.site / "questions" / slug / "index.html").read_text()
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    parser = _TermContext()
    parser.feed(article)
    assert len(parser.links) >= 5, f"{slug}: only {len(parser.links)} glossary links"
    for ancestors, attrs in parser.links:
        assert attrs["title"].strip(), f"{slug}: glossary link without a definition"
        assert attrs["href"].startswith("../../glossary/#")
        forbidden = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "script"} & set(ancestors)
        assert not forbidden, f"{slug}: glossary link inside {forbidden}"
    assert '<h2 id="key-terms">' in html


def test_glossary_page_has_every_term_with_anchor_and_backlinks(built_site: BuildResult) -> None:
    from kb.glossary import load_glossary

    terms, _ = load_glossary((ROOT / "docs" / "glossary.yml").read_text(), "docs/glossary.yml")
    html = (built_site.site / "glossary" / "index.html").read_text()
    uses = (built_site.site / "glossary" / "uses" / "index.html").read_text()
    for term in terms:
        assert f'id="{term.slug}"' in html, term.term
        # Each entry counts its pages and links their list, which sits under the same anchor.
        assert re.search(rf'<p class="kb-backlinks"><a href="uses/#{term.slug}">Used on \d+ pages?</a></p>', html), (
            f"{term.term}: used on no page"
        )
        assert f'<h2 id="{term.slug}"><a href="../#{term.slug}">' in uses, term.term
    assert "<!-- kb-backlinks:" not in html and "<!-- kb-term-uses -->" not in uses
    # The lists point at the pages (the walker checks that every link resolves).
    backprop = uses[uses.index('<h2 id="backpropagation">') :].split("</ul>")[0]
    assert re.search(r'<li><a href="\.\./\.\./questions/backpropagation/">What is backpropagation', backprop)
    for listed in re.findall(r"<ul>(.*?)</ul>", uses):
        titles = re.findall(r"<li><a [^>]*>([^<]*)</a></li>", listed)
        assert titles == sorted(titles, key=str.casefold), f"not in title order: {titles}"
    # Links between entries carry no copy of the definition: the tooltip reads the entry itself.
    assert re.search(r'<a class="kb-term" href="\./#[^"]+">', html)
    assert not re.search(r'<a class="kb-term"[^>]* title=', html)


def test_uses_page_is_kept_out_of_search(built_site: BuildResult) -> None:
    index = json.loads((built_site.site / "search" / "search_index.json").read_text())
    assert not [doc["location"] for doc in index["docs"] if doc["location"].startswith("glossary/uses/")]


def test_every_script_is_deferred_so_the_text_paints_first(built_site: BuildResult) -> None:
    """A script without ``defer`` at the end of a long page runs before the first paint whenever it
    arrives before the parser reaches it: the reader then waits for the theme's start-up to see text."""
    pages = [
        "index.html",
        "glossary/index.html",
        "questions/backpropagation/index.html",
        "lab/backprop-numpy_mlp/index.html",
    ]
    for name in pages:
        html = (built_site.site / name).read_text()
        scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
        assert any("bundle." in tag for tag in scripts), f"{name}: the theme's bundle is not loaded"
        blocking = [tag for tag in scripts if not re.search(r"\b(defer|async)\b|type=\"module\"", tag)]
        assert not blocking, f"{name}: scripts that hold up the first paint: {blocking}"


def test_search_finds_glossary_terms_and_aliases(built_site: BuildResult) -> None:
    index = json.loads((built_site.site / "search" / "search_index.json").read_text())
    glossary = [doc for doc in index["docs"] if doc["location"].startswith("glossary/#")]
    assert any(doc["location"] == "glossary/#convolutional-neural-network" for doc in glossary)
    cnn = next(doc for doc in glossary if doc["location"] == "glossary/#convolutional-neural-network")
    assert "CNN" in cnn["text"]  # the alias is searchable


def test_glossary_data_file_is_not_published(built_site: BuildResult) -> None:
    assert not (built_site.site / "glossary.yml").exists()


def test_study_path_orders_every_question_from_junior_to_senior(built_site: BuildResult) -> None:
    html = (built_site.site / "study-path" / "index.html").read_text()
    levels = [re.search(rf'<h2 id="{level}', html) for level in ("junior", "mid", "senior")]
    present = [m.start() for m in levels if m]
    assert present == sorted(present) and len(present) >= 2
    for slug in QUESTION_PAGES:
        assert f'href="../questions/{slug}/"' in html, f"{slug} missing from the study path"


def test_home_page_lists_topics_with_a_first_question(built_site: BuildResult) -> None:
    html = (built_site.site / "index.html").read_text()
    assert "<th>Topic</th>" in html
    assert re.search(r"<td>Evaluation</td>\s*<td>\d+ \(", html)
