"""Links and anchors between pages, checked from the Markdown (for `make check`, in seconds).

The strict build checks the rendered site too; this catches the same mistakes before any build:
a link to a page that does not exist, and a ``#anchor`` that names no heading of its target page.
Anchors are the slugs MkDocs' ``toc`` extension gives headings, explicit ``{ #id }`` attributes,
and the sections the hooks add to every question page.
"""

from __future__ import annotations

import posixpath
import re

from markdown.extensions.toc import slugify

from kb.errors import ContentError
from kb.frontmatter import iter_headings

#: Sections the build adds to question pages (kb.questions and the glossary hook).
GENERATED_ANCHORS = {"references", "key-terms"}
GENERATED_PAGES = {"glossary.md"}

_LINK_RE = re.compile(r"(?<!!)\[(?:[^\]\\]|\\.)*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_ATTR_ID_RE = re.compile(r"\{[^}]*#(?P<id>[\w-]+)[^}]*\}")
_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INLINE_CODE_RE = re.compile(r"`[^`\n]*`")


def anchors(text: str) -> set[str]:
    """The anchors a page defines: heading slugs (deduplicated as toc does) and explicit ids."""
    found: set[str] = set()
    for _, _, title in iter_headings(text):
        clean = _ATTR_ID_RE.sub("", title).strip()
        explicit = _ATTR_ID_RE.search(title)
        slug = explicit.group("id") if explicit else slugify(_plain(clean), "-")
        unique, n = slug, 1
        while unique in found:
            unique = f"{slug}_{n}"
            n += 1
        found.add(unique)
    found |= {m.group("id") for m in _ATTR_ID_RE.finditer(text)}
    return found


def check_links(pages: dict[str, str]) -> list[ContentError]:
    """Every relative link and anchor in every page resolves."""
    defined = {src: anchors(text) for src, text in pages.items()}
    errors = []
    for src, text in pages.items():
        for number, target in _links(text):
            if target.startswith(("http://", "https://", "mailto:")) or ":" in target.split("/", 1)[0]:
                continue
            path, _, anchor = target.partition("#")
            if path and not path.endswith(".md"):
                continue  # an asset or a generated file (decks, notebooks): the strict build checks those
            page = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) if path else src
            if page not in pages:
                if page not in GENERATED_PAGES:
                    errors.append(
                        ContentError(
                            f"docs/{src}",
                            number,
                            f"links to '{target}', but docs/{page} does not exist: "
                            "check the file name (links are relative to this page, e.g. ../questions/dropout.md)",
                        )
                    )
                continue
            known = defined[page] | (GENERATED_ANCHORS if page.startswith("questions/") else set())
            if anchor and anchor not in known:
                errors.append(
                    ContentError(
                        f"docs/{src}",
                        number,
                        f"links to '#{anchor}' on docs/{page}, which has no such heading: "
                        "anchors are the heading in lower case with hyphens, e.g. #short-answer",
                    )
                )
    return errors


def _links(text: str):
    fence = None
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE_RE.match(line)
        if opening and (fence is None or opening.group(1).startswith(fence)):
            fence = None if fence else opening.group(1)[0] * 3
            continue
        if fence:
            continue
        for match in _LINK_RE.finditer(_INLINE_CODE_RE.sub("", line)):
            yield number, match.group("target")


def _plain(title: str) -> str:
    """Heading text as toc sees it: Markdown emphasis, code and links reduced to their words."""
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)
    return re.sub(r"[*_`]", "", title)
