"""make check finds a broken link or anchor in the Markdown, before any build."""

from __future__ import annotations

from kb.links import anchors, check_links

PAGES = {
    "questions/a.md": "---\ntitle: A\n---\n\n## Short answer\n\nSee [b](b.md#why-it-works-the-core-idea_1) and [here](#short-answer).\n",
    "questions/b.md": "## Why it works: the *core* idea\n\nText.\n\n## Why it works: the core idea\n\n### Named { #custom }\n",
    "index.md": "[A](questions/a.md) and [the terms](glossary.md#gradient) and [refs](questions/a.md#references)\n",
}


def test_heading_slugs_follow_the_toc_extension() -> None:
    assert anchors(PAGES["questions/b.md"]) >= {"why-it-works-the-core-idea", "why-it-works-the-core-idea_1", "custom"}


def test_valid_links_and_anchors_pass() -> None:
    assert check_links(PAGES) == []


def test_a_broken_page_or_anchor_is_a_path_line_error() -> None:
    pages = dict(PAGES)
    pages["questions/a.md"] += "\nAlso [c](c.md), [b](b.md#nope) and `[code](x.md)`, and\n\n```md\n[x](y.md)\n```\n"
    errors = [str(e) for e in check_links(pages)]
    assert errors == [
        "docs/questions/a.md:9: links to 'c.md', but docs/questions/c.md does not exist: check the file name "
        "(links are relative to this page, e.g. ../questions/dropout.md)",
        "docs/questions/a.md:9: links to '#nope' on docs/questions/b.md, which has no such heading: anchors are "
        "the heading in lower case with hyphens, e.g. #short-answer",
    ]
