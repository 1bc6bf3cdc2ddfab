"""Clean the HTML that nbconvert (through mkdocs-jupyter) writes for notebook pages."""

from __future__ import annotations

import re

_SCRIPT_RE = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_REMOTE_RE = re.compile(r"""["'(]https?://""")


def strip_remote_scripts(html: str) -> str:
    """Remove the scripts that would load code from a third-party host, or from nowhere.

    nbconvert's template always adds a MathJax loader (``<script src="">`` when no URL is set,
    a CDN address otherwise) and a Mermaid loader that imports from a CDN. Notebook pages here
    hold code, text output and SVG figures only, so neither is needed; the site's own scripts
    (``src`` pointing at the site) are kept.
    """

    def keep(match: re.Match[str]) -> str:
        attrs, body = match.group("attrs"), match.group("body")
        src = re.search(r"""\bsrc\s*=\s*["']([^"']*)["']""", attrs)
        if src is not None:
            url = src.group(1).strip()
            return "" if not url or re.match(r"(https?:)?//", url) else match.group(0)
        if "text/x-mathjax-config" in attrs or _REMOTE_RE.search(body):
            return ""
        return match.group(0)

    return _SCRIPT_RE.sub(keep, html)
