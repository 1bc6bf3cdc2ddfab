"""Regions that scroll sideways: reachable by keyboard and named for screen readers.

Display math and notebook code cells overflow on narrow screens and scroll inside their own box.
A keyboard user can only scroll a box that takes focus, so each gets ``tabindex="0"``, and a
focusable box needs a role and a name, so each is a ``region`` labelled by what it holds and its
number on the page (region names on a page should differ). Material already does this for its
own code blocks when they overflow.
"""

from __future__ import annotations

import re

# What pymdownx.arithmatex (generic mode) and mkdocs-jupyter write, exactly; the attributes added
# here keep the class first, so a page processed twice is left as it is.
_REGIONS = re.compile(r'<div class="(arithmatex|highlight-ipynb)(?=[ "])([^"]*)">')
_LABELS = {"arithmatex": "Equation", "highlight-ipynb": "Code cell"}


def label_scrollable_regions(html: str) -> str:
    """Make display math and notebook code cells focusable regions: "Equation 1", "Code cell 2"..."""
    counts = dict.fromkeys(_LABELS, 0)

    def label(match: re.Match[str]) -> str:
        kind = match.group(1)
        counts[kind] += 1
        return (
            f'<div class="{kind}{match.group(2)}" tabindex="0" role="region" '
            f'aria-label="{_LABELS[kind]} {counts[kind]}">'
        )

    return _REGIONS.sub(label, html)
