"""Display math and notebook code cells become focusable, labelled regions (they scroll on phones)."""

from __future__ import annotations

from kb.regions import label_scrollable_regions


def test_display_math_and_code_cells_are_numbered_focusable_regions() -> None:
    html = (
        '<div class="arithmatex">\\[a\\]</div><p><span class="arithmatex">\\(b\\)</span></p>'
        '<div class="arithmatex">\\[c\\]</div><div class="highlight-ipynb hl-python"><pre>x</pre></div>'
    )
    out = label_scrollable_regions(html)
    assert out == (
        '<div class="arithmatex" tabindex="0" role="region" aria-label="Equation 1">\\[a\\]</div>'
        '<p><span class="arithmatex">\\(b\\)</span></p>'
        '<div class="arithmatex" tabindex="0" role="region" aria-label="Equation 2">\\[c\\]</div>'
        '<div class="highlight-ipynb hl-python" tabindex="0" role="region" aria-label="Code cell 1"><pre>x</pre></div>'
    )
    assert label_scrollable_regions(out) == out  # idempotent


def test_other_elements_are_left_alone() -> None:
    html = '<div class="arithmatex-note">x</div><div class="admonition">y</div><span class="arithmatex">z</span>'
    assert label_scrollable_regions(html) == html
