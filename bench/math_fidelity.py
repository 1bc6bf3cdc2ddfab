"""Compare build-time MathML converters on every formula of a built site.

    .venv/bin/python bench/math_fidelity.py site/        # latex2mathml must be installed to compare it

Reads every arithmatex formula from the site's pages, the Practice page's quiz items and the
Review page's cards (``site/`` built before the formulas were rendered, or any site whose math is
still TeX), renders each with (a) the site's KaTeX in mini-racer, MathML output, and (b) the
pure-Python latex2mathml, and counts, for each: formulas it fails on, and formulas whose MathML
loses content, i.e. whose visible characters (every token element's text, in order, ignoring
spacing, invisible operators and the code point chosen for one glyph, as ⋅ and ·) differ from
KaTeX's. KaTeX is the reference because it is what
readers saw. Prints the counts and the worst cases; writes nothing.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
from kb.mathml import Formula, MathError, MathRenderer, find_formulas  # noqa: E402

_TOKEN_RE = re.compile(r"<(mi|mn|mo|mtext|ms)\b[^>]*>(.*?)</\1>", re.DOTALL)
_ANNOTATION_RE = re.compile(r"<annotation\b.*?</annotation>", re.DOTALL)
# The same glyph under another code point (a converter's choice, not a loss): compared as one.
_SAME = str.maketrans(
    {
        "\u00b7": "\u22c5",
        "\u2016": "\u2225",
        "|": "\u2223",
        "~": "\u223c",
        "*": "\u2217",
        "\u2015": "\u0305",
        "\u00af": "\u02c9",
        "\u0304": "\u02c9",
        "\u2032": "'",
    }
)
_INVISIBLE = {"\u2061", "\u2062", "\u2063", "\u2064", "\u200b", "\u00a0", " "}


def site_formulas(site: Path) -> Counter[Formula]:
    """Every formula of the built site, with how often it occurs."""
    found: Counter[Formula] = Counter()
    for page in site.rglob("*.html"):
        found.update(find_formulas(page.read_text(encoding="utf-8")))
    for data in (site / "assets/quiz/items.js", site / "assets/study/cards.js"):
        if data.is_file():
            text = data.read_text(encoding="utf-8")
            payload = json.loads(text[text.index("=", text.index(")")) + 1 :].rstrip().rstrip(";"))
            found.update(f for s in _strings(payload) for f in find_formulas(s))
    return found


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def visible(mathml: str) -> str:
    """The characters a reader sees, in order, normalised (NFKC: 𝑥 and x, − and -, are one)."""
    import html

    text = "".join(html.unescape(m.group(2)) for m in _TOKEN_RE.finditer(_ANNOTATION_RE.sub("", mathml)))
    text = unicodedata.normalize("NFKD", text).replace("\u2212", "-").translate(_SAME)
    return "".join(c for c in text if c not in _INVISIBLE and not c.isspace())


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    formulas = site_formulas(site)
    katex = MathRenderer(ROOT / "docs/assets/vendor/katex/katex.min.js")
    try:
        import latex2mathml.converter as l2m
    except ImportError:
        l2m = None
    katex_fail, l2m_fail, l2m_lossy = [], [], []
    for formula in formulas:
        try:
            reference = katex.render(formula.tex, formula.display)
        except MathError as error:
            katex_fail.append((formula, str(error)))
            continue
        if l2m is None:
            continue
        try:
            other = l2m.convert(formula.tex, display="block" if formula.display else "inline")
        except Exception as error:  # noqa: BLE001 - any failure of the candidate counts
            l2m_fail.append((formula, f"{type(error).__name__}: {error}"))
            continue
        if visible(other) != visible(reference):
            l2m_lossy.append((formula, visible(reference), visible(other)))
    print(f"{len(formulas)} distinct formulas ({sum(formulas.values())} occurrences) in {site}")
    print(f"KaTeX (mini-racer, MathML): {len(katex_fail)} fail")
    for formula, error in katex_fail:
        print(f"  {formula.tex!r}: {error}")
    if l2m is None:
        print("latex2mathml: not installed, not compared")
        return 1 if katex_fail else 0
    print(f"latex2mathml: {len(l2m_fail)} fail, {len(l2m_lossy)} differ in visible content from KaTeX")
    for formula, error in l2m_fail[:15]:
        print(f"  fails {formula.tex!r}: {error[:120]}")
    for formula, ref, other in l2m_lossy[:25]:
        print(f"  differs {formula.tex[:90]!r}\n    KaTeX:        {ref[:100]}\n    latex2mathml: {other[:100]}")
    return 1 if katex_fail else 0


if __name__ == "__main__":
    raise SystemExit(main())
