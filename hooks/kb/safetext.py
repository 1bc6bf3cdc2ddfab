"""Data fields are text: what a glossary entry, a quiz item or a page's front matter may contain.

Two kinds of field:

- **Markdown fields** (a definition, a quiz question, option, feedback or explanation) allow a
  small subset: emphasis, inline code, math and links to this site's pages or to http(s) sites.
- **Plain fields** (a term, an alias, a unit, a page title or description) are shown as written.

Neither may hold raw HTML, and no link may use another scheme (``javascript:``, ``data:``, ...).
The renderers escape what they emit as well; these checks make a mistake, or an attack, fail
``make check`` with a place instead of reaching a reader.
"""

from __future__ import annotations

import html
import re

# What Python-Markdown and browsers read as a tag, a comment, a declaration or an autolink.
_RAW_HTML_RE = re.compile(r"<[A-Za-z/!?]")
# A character reference: in a plain field it would be decoded by one renderer and not another
# (MkDocs' nav shows '&lt;' as '<', Jinja's striptags turns it back into markup in <title>).
_CHAR_REF_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_CODE_RE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_MATH_RE = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$|\\\(.+?\\\)|\\\[.+?\\\]", re.DOTALL)
# Inline links and images: [text](target "title"), target possibly in <...>.
_INLINE_LINK_RE = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)")
# Reference definitions: [label]: target
_REFERENCE_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.MULTILINE)
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_ALLOWED_SCHEMES = ("http", "https")


def markdown_problems(text: str) -> list[str]:
    """What is not allowed in a Markdown field; empty when the text is fine."""
    problems: list[str] = []
    prose = _MATH_RE.sub(" ", _CODE_RE.sub(" ", text))  # code and math are escaped where they render
    tag = _RAW_HTML_RE.search(prose)
    if tag:
        problems.append(
            _html_problem(
                prose,
                tag.start(),
                "write Markdown (emphasis, `code`, $math$, links), or put the text in backticks to show it as code",
            )
        )
    for target in _INLINE_LINK_RE.findall(prose) + _REFERENCE_RE.findall(prose):
        problem = link_problem(target)
        if problem:
            problems.append(problem)
    return problems


def plain_problems(text: str) -> list[str]:
    """What is not allowed in a plain-text field; empty when the text is fine."""
    problems: list[str] = []
    tag = _RAW_HTML_RE.search(text)
    if tag:
        problems.append(_html_problem(text, tag.start(), "this field is plain text, shown as written"))
    ref = _CHAR_REF_RE.search(text)
    if ref:
        problems.append(
            f"character reference '{ref.group()}' is not allowed: write the character itself "
            "(this field is plain text, shown as written)"
        )
    return problems


def link_problem(target: str) -> str | None:
    """Why a link target is refused, or None: relative links and http(s) only."""
    # Browsers decode character references in attributes and ignore control characters and
    # white space inside a scheme ('java&#115;cript:', 'java\tscript:').
    decoded = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(target))
    scheme = _SCHEME_RE.match(decoded)
    if scheme and scheme.group(1).lower() not in _ALLOWED_SCHEMES:
        return (
            f"link to '{target}' is not allowed: link a page of this site ('other-page.md', "
            "'#section') or an http(s):// address"
        )
    return None


def _html_problem(text: str, start: int, hint: str) -> str:
    snippet = re.split(r"[\s>]", text[start : start + 20])[0]
    return f"raw HTML '{snippet}' is not allowed: {hint}"
