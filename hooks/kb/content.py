"""Every content check in one place, for `make check` and for the build hooks.

Each check takes the site's text as plain data and returns ``ContentError``s, so
a contributor sees every mistake of a run at once, each as ``path:line: message``.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

import pathspec
import yaml

from kb import outputs
from kb import page_rules as rules
from kb.drills import check_drills
from kb.errors import ContentError
from kb.exercises import check_exercises
from kb.frontmatter import check_text_fields, load_front_matter, section_text, validate_question
from kb.glossary import Matcher, load_glossary
from kb.links import check_links
from kb.quiz import Item, find_quiz_blocks, item_links
from kb.snippets import Include, find_includes, list_snippets

QUESTIONS_DIR = "questions/"
QUESTION_INDEX = "questions/index.md"
MIN_QUIZ_ITEMS = 3
SAY_IT = "Say it in 30 seconds:"
GLOSSARY_SOURCE = "glossary.yml"
#: Pages the build generates; the nav may list them although docs/ does not hold them.
GENERATED_PAGES = ("glossary.md",)


def is_question(src_uri: str) -> bool:
    return src_uri.startswith(QUESTIONS_DIR) and src_uri != QUESTION_INDEX


@dataclass
class Site:
    """The site's sources as text: what every check reads."""

    root: Path
    pages: dict[str, str]  #: docs-relative path of each Markdown page -> its text
    snippets: list[str] = field(default_factory=list)  #: repo-relative paths of snippets/**/*.py
    nav: list[str] | None = None  #: pages listed in the nav of mkdocs.yml
    not_in_nav: pathspec.PathSpec | None = None
    glossary: str | None = None  #: text of docs/glossary.yml
    topics: list[str] = field(default_factory=list)  #: the sections of the Questions nav


def load_site(root: Path) -> Site:
    """Read mkdocs.yml, docs/ and snippets/ the way the build sees them."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    docs = root / config.get("docs_dir", "docs")
    excluded = pathspec.GitIgnoreSpec.from_lines(str(config.get("exclude_docs", "")).splitlines())
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        relative = path.relative_to(docs).as_posix()
        if not excluded.match_file(relative):
            pages[relative] = path.read_text(encoding="utf-8")
    glossary = docs / GLOSSARY_SOURCE
    return Site(
        root=root,
        pages=pages,
        snippets=list_snippets(root),
        nav=list(nav_pages(config.get("nav"))) if "nav" in config else None,
        not_in_nav=pathspec.GitIgnoreSpec.from_lines(str(config.get("not_in_nav", "")).splitlines()),
        glossary=glossary.read_text(encoding="utf-8") if glossary.is_file() else None,
        topics=_question_topics(config.get("nav")),
    )


def _question_topics(nav: object) -> list[str]:
    """The section names under Questions in the nav."""
    for entry in nav if isinstance(nav, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("Questions"), list):
            sections = [e for e in entry["Questions"] if isinstance(e, dict)]
            return [name for e in sections for name, value in e.items() if isinstance(value, list)]
    return []


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring tags such as !ENV that only MkDocs resolves."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def nav_pages(nav: object):
    """The Markdown pages a MkDocs ``nav`` lists, in its order."""
    if isinstance(nav, str):
        if nav.endswith(".md"):
            yield nav
    elif isinstance(nav, list):
        for entry in nav:
            yield from nav_pages(entry)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_pages(value)


# --- Checks ----------------------------------------------------------------------------------


def check_pages(pages: dict[str, str]) -> tuple[dict, list[ContentError]]:
    """Front matter of every page; the full schema and sections of question pages.

    Several hooks need this in one build; the result is computed once per content (a copy is
    returned, so callers may extend it).
    """
    questions, errors = _check_pages(tuple(sorted(pages.items())))
    return dict(questions), list(errors)


@functools.lru_cache(maxsize=2)
def _check_pages(page_items: tuple[tuple[str, str], ...]) -> tuple[dict, list[ContentError]]:
    pages = dict(page_items)
    questions = {}
    errors: list[ContentError] = []
    for src, text in pages.items():
        path = f"docs/{src}"
        if is_question(src):
            meta, page_errors = validate_question(text, path)
            errors += page_errors
            if meta:
                questions[src] = meta
        else:
            node, page_errors = load_front_matter(text, path)
            errors += page_errors + check_text_fields(node, path)
    return questions, errors


def check_quizzes(pages: dict[str, str]) -> tuple[dict[str, list[Item]], list[ContentError]]:
    """Every quiz item valid, ids unique across the site, links resolvable, enough items per question.

    Computed once per content, like :func:`check_pages`.
    """
    items_by_page, errors = _check_quizzes(tuple(sorted(pages.items())))
    return dict(items_by_page), list(errors)


@functools.lru_cache(maxsize=2)
def _check_quizzes(page_items: tuple[tuple[str, str], ...]) -> tuple[dict[str, list[Item]], list[ContentError]]:
    pages = dict(page_items)
    items_by_page: dict[str, list[Item]] = {}
    errors: list[ContentError] = []
    seen: dict[str, str] = {}
    for src, text in pages.items():
        path = f"docs/{src}"
        blocks, page_errors = find_quiz_blocks(text, path)
        errors += page_errors
        items = [block.item for block in blocks if block.item]
        for item in items:
            if item.id in seen:
                errors.append(ContentError(path, item.line, f"quiz id '{item.id}' is already used at {seen[item.id]}"))
            seen[item.id] = f"{path}:{item.line}"
            for link in item_links(item):
                if not link.startswith(("#", "http://", "https://")) and resolve_page(src, link, pages) is None:
                    errors.append(
                        ContentError(
                            path,
                            item.line,
                            f"quiz link '{link}' points to no page: link a page as 'other-page.md' "
                            "or a section of this page as '#section-id'",
                        )
                    )
        if is_question(src) and len(blocks) < MIN_QUIZ_ITEMS:
            errors.append(
                ContentError(
                    path,
                    None,
                    f"has {len(blocks)} quiz item(s); a question page needs at least {MIN_QUIZ_ITEMS} "
                    "under '## Quiz' (see CONTRIBUTING.md)",
                )
            )
        if is_question(src):
            errors += _link_short_answer_recall(src, text, items, bool(page_errors))
        if items:
            items_by_page[src] = items
    return items_by_page, errors


def _link_short_answer_recall(src: str, text: str, items: list[Item], broken: bool) -> list[ContentError]:
    """A question page has a recall item; the one whose model answer is the page's short answer
    feeds that answer's flashcard ('question:<page>'), so the Review page does not ask it twice."""
    recall = [item for item in items if item.type == "recall"]
    if not recall:
        if broken:  # an item that failed to parse may be the recall item: report that error alone
            return []
        return [
            ContentError(
                f"docs/{src}",
                None,
                f"has no recall item: add one under '## Quiz' with 'type: recall', "
                f"'question: {SAY_IT} <the page title>' and the short answer as 'model_answer' "
                "(see CONTRIBUTING.md)",
            )
        ]
    short = " ".join(section_text(text, "Short answer").split())
    errors = []
    for item in recall:
        if short and " ".join(item.model_answer.split()) == short:
            item.card = f"question:{src}"
        elif item.question.startswith(SAY_IT):
            errors.append(
                ContentError(
                    f"docs/{src}",
                    item.line,
                    f"the '{SAY_IT}' item's model_answer differs from the Short answer: copy the short answer into "
                    "model_answer again (indented by two spaces), so both say the same and share one flashcard",
                )
            )
    return errors


def resolve_page(src: str, link: str, pages: dict[str, str] | set[str]) -> str | None:
    """The docs-relative page a relative link on page ``src`` points to, or None."""
    path = link.partition("#")[0]
    if not path:
        return src
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
    return target if target in pages else None


def check_snippets(site: Site) -> tuple[dict[str, list[tuple[str, Include]]], list[ContentError]]:
    """Includes are well formed and resolve, and every snippet is included by some page."""
    by_snippet: dict[str, list[tuple[str, Include]]] = {}
    errors: list[ContentError] = []
    for src, text in site.pages.items():
        path = f"docs/{src}"
        found, page_errors = find_includes(text, path)
        errors += page_errors
        for include in found:
            if not (site.root / include.path).is_file():
                errors.append(
                    ContentError(
                        path, include.line, f"snippet {include.path} does not exist: check the path, or add the file"
                    )
                )
                continue
            by_snippet.setdefault(include.path, []).append((src, include))
    for snippet in site.snippets:
        if snippet not in by_snippet:
            errors.append(
                ContentError(
                    snippet, None, "no page includes this snippet: include it in a page's Worked examples, or delete it"
                )
            )
    return by_snippet, errors


def check_glossary(site: Site) -> tuple[list, list[ContentError]]:
    path = f"docs/{GLOSSARY_SOURCE}"
    if site.glossary is None:
        return [], [ContentError(path, None, "the glossary file is missing")]
    return load_glossary(site.glossary, path, set(site.pages))


def check_nav(site: Site) -> list[ContentError]:
    """Every page is in the nav (or deliberately not), and the nav lists only pages that exist."""
    if site.nav is None:
        return []
    errors = []
    listed = set(site.nav)
    topics = ", ".join(site.topics) or "none yet"
    for src in site.pages:
        if src not in listed and not (site.not_in_nav and site.not_in_nav.match_file(src)):
            errors.append(
                ContentError(
                    f"docs/{src}",
                    None,
                    "the page is not in the nav of mkdocs.yml: add it under its topic "
                    f"(the Questions topics: {topics}), or create it with make new-question TOPIC=...",
                )
            )
    for src in site.nav:
        if src not in site.pages and src not in GENERATED_PAGES:
            errors.append(ContentError("mkdocs.yml", None, f"the nav lists '{src}', which is not a page in docs/"))
    return errors


def check_all(root: Path) -> list[ContentError]:
    """Every rule, for `make check`: what the build checks, plus the rules of kb.page_rules, the
    recorded snippet outputs, exercises and drills."""
    site = load_site(root)
    errors = check_site(site)
    questions, _ = check_pages(site.pages)
    items, _ = check_quizzes(site.pages)
    by_snippet, _ = check_snippets(site)
    terms, _ = check_glossary(site)
    errors += check_exercises(root, site.pages)
    errors += check_drills(root, site.pages)
    errors += check_rules(site, questions, items, by_snippet, terms)
    errors += outputs.check_outputs(root, [s for s in site.snippets if s in by_snippet])
    return errors


def check_site(site: Site) -> list[ContentError]:
    """The checks the build runs too, before any snippet: what must hold for the site to build right.

    `make check` adds the rest (kb.page_rules, recorded outputs), which a page in progress may still
    break while its author watches it in `make serve`.
    """
    errors = check_pages(site.pages)[1]  # includes: every question page lists its sources
    errors += check_quizzes(site.pages)[1]
    errors += check_snippets(site)[1]
    errors += check_glossary(site)[1]
    errors += check_nav(site)
    errors += check_links(site.pages)
    return errors


def check_rules(site: Site, questions: dict, items: dict, by_snippet: dict, terms: list) -> list[ContentError]:
    """The rules of kb.page_rules over every question page, snippet and glossary term."""
    errors: list[ContentError] = []
    matcher = Matcher(terms) if terms else None
    used: set[str] = set()
    includes_by_page: dict[str, list[Include]] = {}
    for uses in by_snippet.values():
        for src, include in uses:
            includes_by_page.setdefault(src, []).append(include)
    for src, text in site.pages.items():
        path = f"docs/{src}"
        errors += rules.check_placeholders(path, text)
        errors += rules.check_feedback(src, items.get(src, []))
        meta = questions.get(src)
        if meta is None:
            continue
        errors += rules.check_description(src, text, meta)
        errors += rules.check_has_snippet(src, text, includes_by_page.get(src, []))
        errors += rules.check_citations(src, text, meta)
        if matcher:
            page_terms = rules.terms_used(text, matcher)
            used |= page_terms
            errors += rules.check_term_count(src, text, page_terms)
    for snippet in site.snippets:
        errors += rules.check_placeholders(snippet, (site.root / snippet).read_text(encoding="utf-8"))
        errors += rules.check_figure_descriptions(site.root, snippet)
    errors += rules.check_longest_share(items)
    if terms:
        path = f"docs/{GLOSSARY_SOURCE}"
        errors += rules.check_glossary_order(terms, path)
        errors += rules.check_terms_used(terms, used, path)
    return errors


def pages_from_files(files) -> dict[str, str]:
    """The Markdown pages of a MkDocs ``Files`` collection, as docs-relative path -> text."""
    return {
        file.src_uri: Path(file.abs_src_path).read_text(encoding="utf-8")
        for file in files.documentation_pages()
        if file.src_uri.endswith(".md") and file.abs_src_path is not None
    }
