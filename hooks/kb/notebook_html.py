"""Clean the HTML that nbconvert (through mkdocs-jupyter) writes for notebook pages."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from kb.reproducible import write_atomic

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


# --- The notebook stylesheets ----------------------------------------------------------------

_CLASS_ATTR_RE = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")
_CLASS_RE = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
# :not(.x), :is(.x, .y), :where(...), :has(...): a class inside need not be on the page.
_PSEUDO_ARGS_RE = re.compile(r":[-\w]+\([^()]*\)")
_VAR_RE = re.compile(r"var\(\s*(--[\w-]+)")


@dataclass(frozen=True)
class _Rule:
    """A style rule split into what the pruning needs: its selectors and its declarations."""

    selectors: tuple[tuple[str, frozenset[str]], ...]  # (selector, classes it needs on the page)
    declarations: tuple[tuple[str, str], ...]  # (name, "name:value"), custom properties by name


def slim_notebook_styles(html: str, cache: Path | None = None) -> str:
    """Keep only the CSS a notebook page can use, in the ``<style>`` blocks nbconvert writes.

    nbconvert's JupyterLab template inlines the whole JupyterLab stylesheet, 590 KB on every
    notebook page, for the few dozen classes a rendered notebook uses; a phone spent seconds on
    style and layout. A rule is kept when one of its selectors can match: every class it names
    appears on the page (classes inside :not(), :is() and the like do not count against it).
    Element, attribute and at-rules are kept as they are. Then a custom property is kept only when
    something kept uses it, directly or through other properties, or the page mentions it.

    Pages that share the stylesheets, the classes it names and the properties they mention share
    one result, kept in memory and, when ``cache`` is given, on disk: a warm build parses nothing.
    """
    blocks = _style_blocks(html)  # (start, end) of each stylesheet's text
    if not blocks:
        return html
    texts = [html[start:end] for start, end in blocks]
    # The page around the stylesheets: one piece before each, and the tail after the last.
    ends = [0] + [end for _, end in blocks]
    around = [html[cursor:start] for cursor, (start, _) in zip(ends, blocks, strict=False)] + [html[ends[-1] :]]
    rest = "".join(around)
    named = frozenset().union(*(_named_classes(text) for text in texts))
    classes = {name for value in _CLASS_ATTR_RE.findall(rest) for name in value.split()} & named
    outside = set(_VAR_RE.findall(rest))
    digest = hashlib.sha256()
    for part in [*texts, *sorted(classes), *sorted(outside)]:
        digest.update(part.encode() + b"\0")
    key = digest.hexdigest()[:24]
    slimmed = _results.get(key) or _load(cache, key)
    if slimmed is None or len(slimmed) != len(texts):
        slimmed = _slim(texts, classes, outside)
        if cache is not None:
            write_atomic(cache / f"{key}.json", json.dumps(slimmed).encode())
    _results[key] = slimmed
    return "".join(piece + text for piece, text in zip(around, slimmed, strict=False)) + around[-1]


def _style_blocks(html: str) -> list[tuple[int, int]]:
    """Where the text of each ``<style type="text/css">`` block starts and ends (str.find: the
    blocks are hundreds of KB, which a regular expression would walk character by character)."""
    opening, closing = '<style type="text/css">', "</style>"
    blocks, position = [], html.find(opening)
    while position != -1:
        start = position + len(opening)
        end = html.find(closing, start)
        if end == -1:
            break
        blocks.append((start, end))
        position = html.find(opening, end)
    return blocks


_results: dict[str, list[str]] = {}


@functools.lru_cache(maxsize=8)
def _named_classes(css: str) -> frozenset[str]:
    """Every name the stylesheet could use as a class (a superset: only a key is made of it)."""
    return frozenset(_CLASS_RE.findall(css))


def _load(cache: Path | None, key: str) -> list[str] | None:
    try:
        return json.loads((cache / f"{key}.json").read_text(encoding="utf-8")) if cache is not None else None
    except (OSError, ValueError):
        return None  # missing or unreadable: made again


def _slim(texts: list[str], classes: set[str], outside: set[str]) -> list[str]:
    parsed = [_parse(text) for text in texts]
    kept = [
        [
            (rule, [s for s, needs in rule.selectors if needs <= classes]) if isinstance(rule, _Rule) else (rule, None)
            for rule in rules
        ]
        for rules in parsed
    ]
    used = _used_properties(kept, outside)
    return [_serialize(rules, used) for rules in kept]


@functools.lru_cache(maxsize=8)
def _parse(css: str) -> tuple[_Rule | str, ...]:
    """The rules of a stylesheet: parsed once per build, whatever the number of pages sharing it."""
    import tinycss2

    rules: list[_Rule | str] = []
    for node in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if node.type != "qualified-rule":
            rules.append(tinycss2.serialize([node]))  # @media, @keyframes, @charset: kept whole
            continue
        selectors = tuple(
            (text, frozenset(_CLASS_RE.findall(_PSEUDO_ARGS_RE.sub("", text)))) for text in _selectors(node.prelude)
        )
        declarations = tuple(
            (
                item.name if item.name.startswith("--") else "",
                f"{item.name}:{tinycss2.serialize(item.value).strip()}" + ("!important" if item.important else ""),
            )
            for item in tinycss2.parse_declaration_list(node.content, skip_whitespace=True, skip_comments=True)
            if item.type == "declaration"
        )
        rules.append(_Rule(selectors, declarations))
    return tuple(rules)


def _selectors(prelude: list) -> list[str]:
    """A rule's selectors: its prelude split at the commas outside parentheses (``:is(.a, .b)``)."""
    import tinycss2

    parts: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [tinycss2.serialize(part).strip() for part in parts]


def _used_properties(kept: list[list[tuple[_Rule | str, list[str] | None]]], outside: set[str]) -> set[str]:
    """Custom properties that a kept declaration or the rest of the page uses, directly or not."""
    defined: dict[str, list[str]] = {}
    wanted = list(outside)
    for rules in kept:
        for rule, selectors in rules:
            if isinstance(rule, str):
                wanted += _VAR_RE.findall(rule)
                continue
            if not selectors:
                continue
            for name, text in rule.declarations:
                if name:
                    defined.setdefault(name, []).append(text)
                else:
                    wanted += _VAR_RE.findall(text)
    used: set[str] = set()
    while wanted:
        name = wanted.pop()
        if name not in used:
            used.add(name)
            for text in defined.get(name, ()):
                wanted += _VAR_RE.findall(text.split(":", 1)[1])
    return used


def _serialize(rules: list[tuple[_Rule | str, list[str] | None]], used: set[str]) -> str:
    out = []
    for rule, selectors in rules:
        if isinstance(rule, str):
            out.append(rule)
            continue
        body = [text for name, text in rule.declarations if not name or name in used]
        if selectors and body:
            out.append(",".join(selectors) + "{" + ";".join(body) + "}")
    return "\n".join(out)
