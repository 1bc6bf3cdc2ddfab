"""A Content-Security-Policy for the built site: scripts from the site itself, plus the inline
scripts the theme emits, each allowed by its SHA-256 hash.

The policy is the same on every page, listing the hashes of every inline script of the whole
site: with instant navigation, the policy of the first page loaded stays in force while the
reader moves through others.
"""

from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE_RE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC_RE = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CHARSET_RE = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
_HEAD_RE = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
MARKER = 'http-equiv="Content-Security-Policy"'

#: Everything but scripts. Why each source is allowed:
#: - style-src 'unsafe-inline': the theme writes style attributes in its markup and sets styles
#:   from script, and notebook pages carry <style>
#:   blocks. Styles cannot run script; what they could leak is bounded by img-src and connect-src.
#: - img-src data: the theme's small images are data: URLs.
#: - font-src data: none today (math is MathML in the reader's own fonts), but a data: font is harmless.
#: - worker-src blob: search runs in a Web Worker; 'self' serves it, blob: covers a worker built
#:   in the page.
OTHER_DIRECTIVES = (
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def inline_scripts(page_html: str) -> list[str]:
    """The text of every inline script a browser would run (no src, a JavaScript type)."""
    found = []
    for match in _SCRIPT_RE.finditer(page_html):
        attrs, body = match.group(1), match.group(2)
        kind = _TYPE_RE.search(attrs)
        if _SRC_RE.search(attrs) or (kind and kind.group(1).lower() not in _JS_TYPES):
            continue
        found.append(body)
    return found


def script_hash(body: str) -> str:
    """The CSP source that allows one inline script: 'sha256-<base64 of its UTF-8 text>'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def policy(hashes: set[str]) -> str:
    """The whole policy: scripts from the site and the given hashes, never 'unsafe-inline'."""
    script_src = " ".join(["script-src 'self'", *sorted(hashes)])
    return "; ".join([OTHER_DIRECTIVES[0], script_src, *OTHER_DIRECTIVES[1:]])


def add_policy(page_html: str, value: str) -> str:
    """Insert the policy as a <meta> before any script: after <meta charset>, else after <head>."""
    if MARKER in page_html:
        return page_html
    meta = f'<meta {MARKER} content="{value}">'
    anchor = _CHARSET_RE.search(page_html) or _HEAD_RE.search(page_html)
    if anchor is None:
        return page_html
    return page_html[: anchor.end()] + meta + page_html[anchor.end() :]
