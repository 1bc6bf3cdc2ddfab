"""MkDocs hook: validate every page's front matter and render what question pages derive from it.

- Fails the build, listing every mistake as ``path:line: message``, when front
  matter is malformed or a question page breaks the page schema.
- Adds the difficulty and tags line, the generated References section and a meta
  description to each question page, and the table on ``questions/index.md``.
- Makes display math and notebook code cells, which scroll sideways on phones, focusable and
  labelled regions.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from kb.content import GLOSSARY_SOURCE, Site, check_pages, check_site, nav_pages, pages_from_files
from kb.errors import format_errors
from kb.frontmatter import QuestionMeta
from kb.questions import (
    INDEX_MARKER,
    STUDY_PATH_MARKER,
    TOPICS_MARKER,
    IndexEntry,
    description_from,
    render_badges,
    render_index,
    render_references,
    render_study_path,
    render_topics,
)
from kb.regions import label_scrollable_regions
from kb.snippets import list_snippets
from kb.timing import report, timed

log = logging.getLogger("mkdocs.plugins.pages")

questions: dict[str, QuestionMeta] = {}
topics: dict[str, str] = {}


# --- Hooks -----------------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # The offline build (mkdocs.offline.yml) is read from file:// pages, where instant navigation
    # cannot fetch pages. Material skips it there, but its page-change stream then ends without
    # emitting once, and scripts that wait for it (ours and the theme's) never start. Plain links
    # between files need no such stream.
    offline = next((p for name, p in config.plugins.items() if name.split("/")[-1] == "offline"), None)
    if offline is not None and offline.config.enabled:
        features = config.theme.get("features", [])
        config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
    return config


@event_priority(100)  # before the snippet hook (50) runs any snippet
@timed("pages")
def on_files(files: Files, config: MkDocsConfig) -> Files:
    # Every content check at once, as `make check` runs them: a typo is reported in seconds, with
    # every other mistake, not after a cold run of every snippet (or hidden by a failing one).
    pages = pages_from_files(files)
    errors = check_site(_site(files, config, pages))
    if errors:
        raise PluginError(format_errors(errors, "content"))
    found, _ = check_pages(pages)
    questions.clear()
    questions.update(found)
    return files


@timed("pages")
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    topics.clear()

    def walk(items: list, topic: str) -> None:
        for item in items:
            if isinstance(item, Section):
                walk(item.children, item.title)
            elif isinstance(item, Page) and item.file.src_uri in questions:
                topics[item.file.src_uri] = topic

    walk(nav.items, "")
    return nav


@timed("pages")
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = page.file.src_uri
    if src in questions:
        meta = questions[src]
        if not page.meta.get("description"):
            page.meta["description"] = description_from(markdown)
        return f"{render_badges(meta)}\n\n{markdown.rstrip()}\n\n{render_references(meta.sources)}\n"
    for marker, render in (
        (INDEX_MARKER, render_index),
        (STUDY_PATH_MARKER, render_study_path),
        (TOPICS_MARKER, render_topics),
    ):
        if marker in markdown:
            markdown = markdown.replace(marker, render(_index_entries(src)))
    return markdown


@timed("pages")
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return label_scrollable_regions(output)


@event_priority(-100)  # after every other hook
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    # The theme prints the description into an attribute as it is (MkDocs' Jinja does not escape).
    description = page.meta.get("description")
    if isinstance(description, str):
        page.meta["description"] = html.escape(description)
    return context


@event_priority(-100)  # after every other hook
def on_post_build(config: MkDocsConfig) -> None:
    # `make bench` sets KB_HOOK_TIMING to read each hook's share of the build.
    (log.info if os.environ.get("KB_HOOK_TIMING") else log.debug)(report())


# --- Helpers ---------------------------------------------------------------------------------


def _site(files: Files, config: MkDocsConfig, pages: dict[str, str]) -> Site:
    """The sources the content checks read, as this build sees them."""
    root = Path(config.config_file_path).resolve().parent
    glossary = Path(config.docs_dir) / GLOSSARY_SOURCE
    return Site(
        root=root,
        pages=pages,
        snippets=list_snippets(root),
        nav=list(nav_pages(config.nav)) if config.nav is not None else None,
        not_in_nav=config.not_in_nav,
        glossary=glossary.read_text(encoding="utf-8") if glossary.is_file() else None,
    )


def _index_entries(page_src: str) -> list[IndexEntry]:
    """Questions in navigation order (pages outside the nav last), linked from ``page_src``."""
    order = list(topics) + sorted(set(questions) - set(topics))
    base = posixpath.dirname(page_src) or "."
    return [IndexEntry(questions[src], posixpath.relpath(src, base), topics.get(src, "")) for src in order]
