"""Estimation drills: the quiz answers agree with what the drill snippets print."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from kb.content import load_site
from kb.drills import check_drills, recorded_answers

ITEM = """```quiz
id: {id}
type: numeric
question: How many?
answer: {answer}
tolerance: {tolerance}
explanation: Because.
```
"""


def drill_repo(tmp_path: Path, printed: str) -> Path:
    output = tmp_path / "tests" / "snippet_outputs" / "drills" / "demo.txt"
    output.parent.mkdir(parents=True)
    output.write_text(printed)
    return tmp_path


def page(*items: str) -> dict[str, str]:
    include = '```python title="snippets/drills/demo.py"\n--8<-- "snippets/drills/demo.py"\n```\n'
    return {"drills/demo.md": "# Demo\n\n" + "\n".join(items) + "\n" + include}


def test_every_drill_page_of_the_site_agrees_with_its_snippets() -> None:
    site = load_site(ROOT)
    drills = [src for src in site.pages if src.startswith("drills/")]
    assert len(drills) >= 2
    assert check_drills(ROOT, site.pages) == []
    steps = sum(len(recorded_answers(ROOT, s) or {}) for s in site.snippets if s.startswith("snippets/drills/"))
    assert steps >= 24


def test_answers_are_parsed_with_thousands_separators(tmp_path: Path) -> None:
    root = drill_repo(tmp_path, "Step 1: 200 x 500\n  -> demo-total = 100,000 tokens/s\n  -> demo-ms = 4.18 ms\n")
    assert recorded_answers(root, "snippets/drills/demo.py") == {"demo-total": 100000.0, "demo-ms": 4.18}


def test_an_answer_outside_the_tolerance_names_the_item_line(tmp_path: Path) -> None:
    root = drill_repo(tmp_path, "  -> demo-total = 100,000 tokens/s\n")
    pages = page(ITEM.format(id="demo-total", answer=90000, tolerance=500))
    assert [str(e) for e in check_drills(root, pages)] == [
        "docs/drills/demo.md:3: answer 90000 (± 500) of 'demo-total' disagrees with snippets/drills/demo.py, "
        "which prints 100000"
    ]
    pages = page(ITEM.format(id="demo-total", answer=100200, tolerance=500))
    assert check_drills(root, pages) == []


def test_an_item_no_snippet_prints_and_a_printed_value_no_item_asks_for(tmp_path: Path) -> None:
    root = drill_repo(tmp_path, "  -> demo-other = 3 GB\n")
    found = [str(e) for e in check_drills(root, page(ITEM.format(id="demo-total", answer=1, tolerance=0)))]
    assert found[0].startswith("docs/drills/demo.md:3: no snippet on this page prints '-> demo-total = <value>'")
    assert found[1].startswith("snippets/drills/demo.py: prints an answer for 'demo-other', which is not a numeric")
