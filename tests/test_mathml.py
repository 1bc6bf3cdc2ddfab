"""Build-time math: arithmatex's TeX in, the site's KaTeX's MathML out (kb.mathml, hooks/mathml.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT
from kb.mathml import KATEX_JS, MathError, MathRenderer, find_formulas, render_fragment, render_math, source_line

KATEX = ROOT / "docs" / KATEX_JS


@pytest.fixture(scope="module")
def renderer() -> MathRenderer:
    r = MathRenderer(KATEX)
    yield r
    r.close()


def test_inline_and_display_math_become_mathml_in_their_nodes(renderer: MathRenderer) -> None:
    page = (
        '<p>Since <span class="arithmatex">\\(x_{i &lt; j} \\frac{a}{b}\\)</span>, then</p>\n'
        '<div class="arithmatex" tabindex="0" role="region" aria-label="Equation 1">\\[\\sum_{i=1}^n x_i\\]</div>'
    )
    html, errors = render_math(page, renderer)
    assert errors == []
    assert '<span class="arithmatex"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics>' in html
    assert "<mo>&lt;</mo><mi>j</mi></mrow></msub><mfrac><mi>a</mi><mi>b</mi></mfrac>" in html  # TeX unescaped
    assert '<div class="arithmatex" tabindex="0" role="region" aria-label="Equation 1"><math ' in html
    assert 'display="block"' in html and "<munderover><mo>∑</mo>" in html
    # the TeX stays as the annotation, for copying and for assistive tools that read it
    assert '<annotation encoding="application/x-tex">\\sum_{i=1}^n x_i</annotation>' in html
    assert "\\(" not in html and "\\[" not in html and 'class="katex' not in html


def test_long_inline_math_may_wrap_after_top_level_relations_and_operators(renderer: MathRenderer) -> None:
    # A browser never breaks a line inside one <math>: the parts are separate <math> elements.
    parts = renderer.render("(1 - 0.8^5)/(1 - 0.8) = (1 - 0.32768)/0.2 = 3.3616", False).split("</math>")[:-1]
    assert len(parts) == 6  # after each − and =, as KaTeX's HTML could break it
    assert parts[0].endswith("<mn>1</mn><mo>−</mo></mrow>") and parts[2].endswith("<mo>=</mo></mrow>")
    assert parts[5].endswith("<mn>3.3616</mn></mrow>")
    assert len(renderer.render("-x", False).split("</math>")) == 2  # a leading sign is no break
    assert renderer.render("a = b", True).count("<math") == 1  # display math scrolls instead


def test_a_page_rendered_twice_is_left_as_it_is(renderer: MathRenderer) -> None:
    once, _ = render_math('<span class="arithmatex">\\(a\\)</span>', renderer)
    assert render_math(once, renderer) == (once, [])


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        ("\\mathbb{E}", "<mi>𝔼</mi>"),
        ("\\mathbb{R}", "<mi>ℝ</mi>"),  # Letterlike Symbols, not the mathematical alphabets
        ("\\mathcal{L}", "<mi>ℒ</mi>"),
        ("\\mathbf{x}", "<mi>𝐱</mi>"),
        ("\\boldsymbol{\\alpha}", "<mi>𝜶</mi>"),
        ("\\mathrm{d}", '<mi mathvariant="normal">d</mi>'),  # the one value MathML Core keeps
    ],
)
def test_styled_letters_are_unicode_letters_since_mathml_core_drops_mathvariant(
    renderer: MathRenderer, tex: str, expected: str
) -> None:
    assert expected in renderer.render(tex, False)


def test_a_formula_katex_cannot_parse_is_an_error_with_katex_s_message(renderer: MathRenderer) -> None:
    html, errors = render_math('<p><span class="arithmatex">\\(\\frac{a\\)</span></p>', renderer)
    assert html == '<p><span class="arithmatex">\\(\\frac{a\\)</span></p>'  # left as it was
    assert [e.tex for e in errors] == ["\\frac{a"]
    assert "KaTeX parse error" in str(errors[0])
    with pytest.raises(MathError):
        render_fragment('<span class="arithmatex">\\(\\undefinedmacro\\)</span>', renderer)


def test_source_line_finds_the_formula_as_written() -> None:
    source = "---\ntitle: x\n---\n\nText\n\n$$\n\\frac{a}{b}\n  + c\n$$\n"
    assert source_line(source, "\\frac{a}{b}\n  + c") == 8
    assert source_line(source, "\\frac{a}{b}\n+ c") == 8  # arithmatex may reflow: the first line still matches
    assert source_line(source, "y") is None


def test_the_disk_cache_serves_a_new_process_without_starting_the_engine(tmp_path: Path) -> None:
    first = MathRenderer(KATEX, tmp_path)
    expected = first.render("e^{i\\pi} + 1 = 0", True)
    first.save()
    first.close()
    second = MathRenderer(KATEX, tmp_path)

    def no_engine() -> None:
        raise AssertionError("the engine was started for a cached formula")

    second._engine = no_engine  # type: ignore[method-assign]
    assert second.render("e^{i\\pi} + 1 = 0", True) == expected
    assert [p.name for p in tmp_path.iterdir()] == [f"katex-{first.version}.json"]


def test_find_formulas_reads_inline_and_display_math() -> None:
    found = find_formulas('<span class="arithmatex">\\(a &amp; b\\)</span><div class="arithmatex">\\[c\\]</div>')
    assert [(f.tex, f.display) for f in found] == [("a & b", False), ("c", True)]


def test_the_hook_fails_the_build_naming_the_page_and_line(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("mathml_hook", ROOT / "hooks" / "mathml.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    docs = tmp_path / "docs"
    (docs / "questions").mkdir(parents=True)
    (docs / KATEX_JS).parent.mkdir(parents=True)
    (docs / KATEX_JS).write_bytes(KATEX.read_bytes())
    (docs / "questions" / "q.md").write_text("# Q\n\nFine $x$.\n\nBroken $\\frac{a$ here.\n")
    config = SimpleNamespace(docs_dir=str(docs), config_file_path=str(tmp_path / "mkdocs.yml"))
    page = SimpleNamespace(file=SimpleNamespace(src_uri="questions/q.md"))
    output = (
        '<p>Fine <span class="arithmatex">\\(x\\)</span>. Broken <span class="arithmatex">\\(\\frac{a\\)</span></p>'
    )
    with pytest.raises(PluginError) as raised:
        hook.on_post_page(output, page, config)
    message = str(raised.value)
    assert "docs/questions/q.md:5: KaTeX parse error" in message
    assert "fix its TeX" in message
