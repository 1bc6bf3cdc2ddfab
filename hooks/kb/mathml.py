"""Math rendered once, at build time, as MathML that browsers lay out themselves.

pymdownx.arithmatex (generic mode) writes each formula as TeX, HTML-escaped, between ``\\( \\)`` in a
``<span class="arithmatex">`` or between ``\\[ \\]`` in a ``<div class="arithmatex">``. The site's own
copy of KaTeX (``docs/assets/vendor/katex/katex.min.js``), run in an embedded V8 engine
(mini-racer, no Node.js needed), turns it into MathML Core, which current Chromium, Firefox and
Safari render natively and screen readers read as math. Readers then download no KaTeX script,
stylesheet or font, and their phone lays out no formula in script.

Rendering is a pure function of the formula, its mode and the KaTeX file, so results are cached
in memory for the whole process (``mkdocs serve`` rebuilds reuse them) and on disk, keyed by the
KaTeX file's hash, so a cold build renders only formulas it has never seen.
"""

from __future__ import annotations

import atexit
import hashlib
import html
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

# What arithmatex writes, exactly (a class first; pages.py adds region attributes after it).
_NODE_RE = re.compile(r'<(span|div) class="arithmatex"([^>]*)>(.*?)</\1>', re.DOTALL)
_DELIMITERS = {"span": ("\\(", "\\)"), "div": ("\\[", "\\]")}
# `strict: "ignore"`: KaTeX's strict warnings (Unicode text in math, ...) only ever reached the
# browser console; at build time there is no console to read them.
_OPTIONS = {"output": "mathml", "throwOnError": True, "strict": "ignore"}
_SHIM = "var console = {log: function () {}, warn: function () {}, error: function () {}};"
_RENDER_JS = """
function kbRenderMath(tex, display) {
  try {
    return [true, katex.renderToString(tex, Object.assign({displayMode: display}, %s))];
  } catch (error) {
    return [false, String(error && error.message || error)];
  }
}
"""


class MathError(ValueError):
    """A formula KaTeX cannot parse; the message is KaTeX's own."""

    def __init__(self, tex: str, message: str) -> None:
        super().__init__(message)
        self.tex = tex


@dataclass(frozen=True)
class Formula:
    """One formula found in HTML: its TeX (unescaped) and whether it is display math."""

    tex: str
    display: bool


class MathRenderer:
    """KaTeX, loaded lazily in V8 on the first formula the caches do not hold."""

    def __init__(self, katex_js: Path, cache_dir: Path | None = None) -> None:
        self.katex_js = katex_js
        source = katex_js.read_bytes()
        # Keyed by the KaTeX file and this module (its options and its rewriting of KaTeX's output).
        self.version = hashlib.sha256(source + Path(__file__).read_bytes()).hexdigest()[:16]
        self.cache_file = cache_dir / f"katex-{self.version}.json" if cache_dir else None
        self._memory: dict[str, str] = {}
        self._dirty = False
        self._context = None
        self._exit_hook = False
        if self.cache_file and self.cache_file.is_file():
            try:
                self._memory = json.loads(self.cache_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._memory = {}  # a damaged cache is only a slower build

    def render(self, tex: str, display: bool) -> str:
        """MathML for one formula; raises :class:`MathError` when KaTeX cannot parse it."""
        key = ("D" if display else "I") + tex
        found = self._memory.get(key)
        if found is None:
            ok, output = self._engine().call("kbRenderMath", tex, display)
            if not ok:
                raise MathError(tex, output)
            found = _bare_math(output)
            found = self._memory[key] = found if display else _breakable(found)
            self._dirty = True
        return found

    def save(self) -> None:
        """Write the disk cache (atomically) if this build rendered anything new."""
        if not (self.cache_file and self._dirty):
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.cache_file.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(self._memory, out, ensure_ascii=False, sort_keys=True)
        os.chmod(tmp, 0o644)
        os.replace(tmp, self.cache_file)
        self._dirty = False

    def close(self) -> None:
        """Stop the JS engine (the next formula not cached starts it again).

        A V8 context left open when Python exits can hang the interpreter's shutdown, so the
        engine is closed after each build and, as a last resort, at exit.
        """
        if self._context is not None:
            self._context.close()
            self._context = None

    def _engine(self):  # noqa: ANN202 - mini-racer's context
        if self._context is None:
            from py_mini_racer import MiniRacer

            if not self._exit_hook:
                atexit.register(self.close)
                self._exit_hook = True
            context = MiniRacer()
            context.eval(_SHIM)
            context.eval(self.katex_js.read_text(encoding="utf-8"))
            context.eval(_RENDER_JS % json.dumps(_OPTIONS))
            self._context = context
        return self._context


def _bare_math(katex_html: str) -> str:
    """KaTeX's ``<span class="katex">`` (and ``katex-display``) wrappers dropped: the <math> alone,
    its styled letters written as Unicode's mathematical letters."""
    start, end = katex_html.find("<math"), katex_html.rfind("</math>")
    return _MATHVARIANT_RE.sub(_styled_token, katex_html[start : end + len("</math>")])


_MATHML_NS = "http://www.w3.org/1998/Math/MathML"
ElementTree.register_namespace("", _MATHML_NS)
# Where a line may break in inline math, after the operator, as TeX and KaTeX's HTML allow it.
_BREAK_AFTER = set("=<>≠≤≥≈≡∼≃≅∝→←↦⇒⇔∈∉⊂⊆+−±×⋅÷")


def _breakable(mathml: str) -> str:
    """Inline math split after its top-level relations and binary operators into several <math>.

    A browser never breaks a line inside one <math>: a long inline formula would widen a phone's
    page. Split as TeX would break it, it wraps; each part is whole MathML, read in order.
    """
    root = ElementTree.fromstring(mathml)
    semantics = root.find(f"{{{_MATHML_NS}}}semantics")
    row = semantics[0] if semantics is not None and len(semantics) else None
    if row is None or row.tag != f"{{{_MATHML_NS}}}mrow":
        return mathml
    parts: list[list[ElementTree.Element]] = [[]]
    for child in list(row):
        parts[-1].append(child)
        text = (child.text or "").strip() if child.tag == f"{{{_MATHML_NS}}}mo" else ""
        # KaTeX's own rule: its top level is flat, so (…) written without \left is no barrier.
        if text in _BREAK_AFTER and len(parts[-1]) > 1:  # not after a leading sign
            parts.append([])
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return mathml
    out = []
    for part in parts:
        math = ElementTree.Element(root.tag, root.attrib)
        mrow = ElementTree.SubElement(math, f"{{{_MATHML_NS}}}mrow")
        mrow.extend(part)
        out.append(ElementTree.tostring(math, encoding="unicode", short_empty_elements=False))
    return "".join(out)


# MathML Core drops ``mathvariant`` (but "normal"): browsers draw \mathbb{E} as a plain E. KaTeX
# writes the attribute, so each styled letter becomes its own code point (𝔼, ℒ, 𝐱), the way MathML
# Core expects; what has no such code point keeps the attribute. MathML's variant names, as
# Unicode's character names spell them:
_VARIANT_NAMES = {
    "bold": "BOLD",
    "italic": "ITALIC",
    "bold-italic": "BOLD ITALIC",
    "double-struck": "DOUBLE-STRUCK",
    "script": "SCRIPT",
    "bold-script": "BOLD SCRIPT",
    "fraktur": "FRAKTUR",
    "bold-fraktur": "BOLD FRAKTUR",
    "sans-serif": "SANS-SERIF",
    "bold-sans-serif": "SANS-SERIF BOLD",
    "sans-serif-italic": "SANS-SERIF ITALIC",
    "sans-serif-bold-italic": "SANS-SERIF BOLD ITALIC",
    "monospace": "MONOSPACE",
}
_MATHVARIANT_RE = re.compile(r'<(mi|mn|mo|mtext) mathvariant="([a-z-]+)">([^<]*)</\1>')
# Letters Unicode placed in its Letterlike Symbols block before the mathematical alphabets.
_LETTERLIKE = {"ITALIC SMALL H": "\u210e"}


def _styled_token(match: re.Match[str]) -> str:
    tag, variant, text = match.groups()
    style = _VARIANT_NAMES.get(variant)
    if style is None:
        return match.group(0)
    styled = [_styled(char, style) for char in html.unescape(text)]
    if any(char is None for char in styled):
        return match.group(0)
    return f"<{tag}>{html.escape(''.join(styled), quote=False)}</{tag}>"


def _styled(char: str, style: str) -> str | None:
    """``char`` in a mathematical style (𝐱 for x in BOLD), itself if it has none (a space, a
    digit of a style without digits is None: the token then keeps its attribute)."""
    name = unicodedata.name(char, "")
    for prefix in ("LATIN ", "GREEK "):
        name = name.removeprefix(prefix)
    name = name.replace(" LETTER ", " ").removeprefix("LETTER ")
    if not name or char.isspace() or not char.isalnum():
        return char
    if f"{style} {name}" in _LETTERLIKE:
        return _LETTERLIKE[f"{style} {name}"]
    for candidate in (f"MATHEMATICAL {style} {name}", f"{style} {name}"):
        try:
            return unicodedata.lookup(candidate)
        except KeyError:
            continue
    return None


def find_formulas(page_html: str) -> list[Formula]:
    """Every arithmatex formula in rendered HTML, in order."""
    found = []
    for match in _NODE_RE.finditer(page_html):
        tex = _tex(match.group(1), match.group(3))
        if tex is not None:
            found.append(Formula(tex, match.group(1) == "div"))
    return found


def render_math(page_html: str, renderer: MathRenderer) -> tuple[str, list[MathError]]:
    """Replace each arithmatex node's TeX with its MathML; the nodes and their attributes stay.

    Returns the new HTML and the formulas KaTeX could not parse (left as TeX).
    """
    errors: list[MathError] = []

    def replace(match: re.Match[str]) -> str:
        tag, attributes, body = match.groups()
        tex = _tex(tag, body)
        if tex is None:
            return match.group(0)
        try:
            mathml = renderer.render(tex, tag == "div")
        except MathError as error:
            errors.append(error)
            return match.group(0)
        return f'<{tag} class="arithmatex"{attributes}>{mathml}</{tag}>'

    return _NODE_RE.sub(replace, page_html), errors


def _tex(tag: str, body: str) -> str | None:
    """The TeX inside a node, or None when it is not what arithmatex writes (already rendered)."""
    text = html.unescape(body).strip()
    opening, closing = _DELIMITERS[tag]
    if not (text.startswith(opening) and text.endswith(closing)):
        return None
    return text[len(opening) : -len(closing)].strip()


def source_line(source: str, tex: str) -> int | None:
    """The 1-based line of ``source`` where ``tex`` is first written, if it is written as is."""
    for needle in (tex, tex.split("\n", 1)[0].strip()):
        at = source.find(needle) if needle else -1
        if at >= 0:
            return source.count("\n", 0, at) + 1
    return None


#: The KaTeX the site renders with, relative to the docs folder (not published: see mkdocs.yml).
KATEX_JS = "assets/vendor/katex/katex.min.js"
_renderers: dict[tuple[Path, Path], MathRenderer] = {}


def site_renderer(docs_dir: Path, root: Path) -> MathRenderer:
    """One renderer per site for the whole process: ``mkdocs serve`` rebuilds keep its cache."""
    key = (docs_dir.resolve(), root.resolve())
    if key not in _renderers:
        _renderers[key] = MathRenderer(docs_dir / KATEX_JS, root / ".cache" / "math")
    return _renderers[key]


def render_fragment(fragment: str, renderer: MathRenderer) -> str:
    """A fragment's math rendered; for data whose formulas are also on a page, where an error is
    reported with its place first, so one here is a bug of ours rather than a contributor's."""
    rendered, errors = render_math(fragment, renderer)
    if errors:
        raise MathError(errors[0].tex, str(errors[0]))
    return rendered
