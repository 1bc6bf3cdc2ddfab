"""Quiz items: every authoring mistake gives one `path:line: message`; rendering is accessible and safe."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from kb.quiz import find_quiz_blocks, render_item, safe_markdown

PATH = "docs/questions/q.md"
SINGLE = """\
Intro.

```quiz
id: q-single
type: single
question: Which one?
options:
  - text: Right
    correct: true
  - text: Wrong
    feedback: Because.
explanation: Explained.
```
"""
NUMERIC = """\
```quiz
id: q-num
type: numeric
question: What is -ln 0.7?
answer: 0.357
tolerance: 0.001
explanation: Math.
```
"""


def errors_of(text: str) -> list[str]:
    return [str(error) for error in find_quiz_blocks(text, PATH)[1]]


def test_valid_items_parse() -> None:
    blocks, errors = find_quiz_blocks(SINGLE + "\n" + NUMERIC, PATH)
    assert errors == []
    single, numeric = (block.item for block in blocks)
    assert (single.id, single.type, [o.correct for o in single.options]) == ("q-single", "single", [True, False])
    assert single.options[1].feedback == "Because."
    assert (numeric.answer, numeric.tolerance) == (0.357, 0.001)
    assert [(b.start, b.end) for b in blocks] == [(3, 13), (15, 22)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SINGLE.replace("    correct: true\n", ""), "docs/questions/q.md:7: no option is marked 'correct: true'"),
        (SINGLE.replace("    feedback: Because.", "    correct: true"),
         "docs/questions/q.md:7: a single-choice item has exactly one correct option (found 2); use 'type: multiple' for several"),
        (SINGLE.replace("text: Wrong", "text: right"), "docs/questions/q.md:10: duplicate option 'right'"),
        (SINGLE.replace("explanation: Explained.", "explanation: Explained.\nhint: Think."),
         "docs/questions/q.md:13: unknown key 'hint' (allowed: id, type, question, options, answer, tolerance, unit, explanation)"),
        (NUMERIC.replace("tolerance: 0.001\n", ""),
         "docs/questions/q.md:5: a numeric item needs 'tolerance': how far from the answer still counts as right, e.g. 0.005"),
        (SINGLE.replace("type: single", "type: essay"), "docs/questions/q.md:5: type must be one of single, multiple, numeric (got 'essay')"),
        (SINGLE.replace("id: q-single", "id: Q Single"),
         "docs/questions/q.md:4: id 'Q Single' must be lower-case words joined by hyphens, e.g. 'backprop-chain-rule'"),
        (SINGLE.replace("explanation: Explained.\n", ""), "docs/questions/q.md:4: quiz item is missing 'explanation'"),
        (NUMERIC.replace("answer: 0.357", "answer: zero"), "docs/questions/q.md:5: 'answer' must be a number (got 'zero')"),
        (SINGLE.replace("    feedback: Because.", "    unknown: x"),
         "docs/questions/q.md:11: unknown option key 'unknown' (allowed: text, correct, feedback)"),
        (SINGLE.replace("question: Which one?", "question: [unclosed"), "docs/questions/q.md:7: quiz item is not valid YAML"),
        (SINGLE.replace("```\n", "", 1).rstrip("`\n") + "\n", "docs/questions/q.md:3: quiz block is never closed"),
        (SINGLE.replace("    correct: true", "    correct: yes please"),
         "docs/questions/q.md:9: 'correct' must be true or false (got 'yes please')"),
        # YAML 1.1 reads these as booleans; the item would ship with its answer marked "Wrong".
        (SINGLE.replace("    correct: true", "    correct: yes"), "docs/questions/q.md:9: 'correct' must be true or false (got 'yes')"),
        (SINGLE.replace("    correct: true", "    correct: on"), "docs/questions/q.md:9: 'correct' must be true or false (got 'on')"),
        (SINGLE.replace("    correct: true", "    correct: True"), "docs/questions/q.md:9: 'correct' must be true or false (got 'True')"),
        (SINGLE.replace("    correct: true", '    correct: "true"'),
         "docs/questions/q.md:9: 'correct' must be true or false (got the quoted text 'true')"),
        (SINGLE.replace("question: Which one?", "question: Which <img src=x onerror=alert(1)> one?"),
         "docs/questions/q.md:6: 'question': raw HTML '<img' is not allowed"),
        (SINGLE.replace("question: Which one?", "question: Which [one](javascript:alert(1))?"),
         "docs/questions/q.md:6: 'question': link to 'javascript:alert(1)' is not allowed"),
        (SINGLE.replace("    feedback: Because.", "    feedback: '[x](java&#115;cript:alert(1))'"),
         "docs/questions/q.md:11: option 'feedback': link to 'java&#115;cript:alert(1)' is not allowed"),
        (NUMERIC.replace("tolerance: 0.001", "tolerance: 0.001\nunit: <svg onload=alert(1)>"),
         "docs/questions/q.md:7: 'unit': raw HTML '<svg' is not allowed"),
    ],
    ids=["no-correct-option", "single-with-two-correct", "duplicate-option", "unknown-key", "numeric-without-tolerance",
         "unknown-type", "bad-id", "missing-explanation", "answer-not-a-number", "unknown-option-key", "invalid-yaml",
         "unclosed-fence", "correct-not-boolean", "correct-yes", "correct-on", "correct-capitalised",
         "correct-quoted", "raw-html", "javascript-link", "entity-encoded-scheme", "html-unit"],
)
def test_each_mistake_is_reported_with_its_line(text: str, expected: str) -> None:
    messages = errors_of(text)
    assert any(m.startswith(expected) for m in messages), messages


def test_quiz_fences_inside_other_code_blocks_are_examples_not_items() -> None:
    text = "````markdown\n" + SINGLE + "````\n"
    assert find_quiz_blocks(text, PATH) == ([], [])


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def parsed(html: str) -> list[tuple[str, dict]]:
    tree = _Tree()
    tree.feed(html)
    return tree.tags


def test_choice_item_renders_accessible_form() -> None:
    item = find_quiz_blocks(SINGLE, PATH)[0][0].item
    html = render_item(item, 2)
    tags = parsed(html)
    names = [t for t, _ in tags]
    assert names[:3] == ["form", "fieldset", "legend"]
    radios = [a for t, a in tags if t == "input"]
    labels = [a for t, a in tags if t == "label"]
    assert [r["type"] for r in radios] == ["radio", "radio"]
    assert [r["id"] for r in radios] == [lab["for"] for lab in labels]
    assert "data-correct" in radios[0] and "data-correct" not in radios[1]
    assert any(t == "button" and a.get("type") == "submit" for t, a in tags)
    assert any(a.get("aria-live") == "polite" for _, a in tags)
    # Without JavaScript, the answer and the explanation are behind a <details>.
    details = html.split("<details", 1)[1]
    assert "Correct:</strong> Right" in details and "Explained." in details and "Because." in details
    assert "Q2." in html


def test_numeric_item_renders_a_labelled_text_input() -> None:
    item = find_quiz_blocks(NUMERIC, PATH)[0][0].item
    tags = parsed(render_item(item, 1))
    form = tags[0][1]
    assert (form["data-type"], form["data-answer"], form["data-tolerance"]) == ("numeric", "0.357", "0.001")
    field = next(a for t, a in tags if t == "input")
    assert field["inputmode"] == "decimal"
    assert any(t == "label" and a["for"] == field["id"] for t, a in tags)


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "<a href=\"javascript:alert(1)\">x</a>",
        "[x](javascript:alert(1))",
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_quiz_text_cannot_inject_markup(attack: str) -> None:
    """Validation refuses these; should one reach the renderer, it is still shown as text."""
    text = SINGLE.replace("question: Which one?", f"question: 'Which {attack.replace(chr(39), chr(39) * 2)} one?'")
    assert find_quiz_blocks(text, PATH)[1], "validation lets the attack through"
    item = find_quiz_blocks(SINGLE, PATH)[0][0].item
    item.question = f"Which {attack} one?"
    html = render_item(item, 1)
    for tag, attrs in parsed(html):
        assert tag not in ("script", "img", "svg")
        assert not any(name.startswith("on") for name in attrs)
        assert not str(attrs.get("href", "")).startswith("javascript:")


def test_markdown_in_quiz_text() -> None:
    html = safe_markdown("Use `x<y`, **bold** and $x^2$ with [a section](#pitfalls).")
    assert html == ('Use <code>x&lt;y</code>, <strong>bold</strong> and '
                    '<span class="arithmatex">\\(x^2\\)</span> with <a href="#pitfalls">a section</a>.')


def test_links_are_resolved_or_dropped() -> None:
    html = safe_markdown("[p](other.md#s) and [q](gone.md)", resolve=lambda h: "../other/#s" if "other" in h else None)
    assert html == '<a href="../other/#s">p</a> and <span>q</span>'
    assert not re.search(r"<a [^>]*gone", html)


def test_own_assets_on_every_page_stay_small() -> None:
    """Our own JavaScript and CSS that every page loads (quiz, schedule, math loader, glossary, print
    and site styles) stay under 12 KiB compressed, as a server sends them. The review and dashboard
    code is loaded only by the pages that show them."""
    import gzip

    import yaml

    from conftest import ROOT

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    assets = [ROOT / "docs" / path for path in config["extra_javascript"] + config["extra_css"]]
    assert len(assets) >= 6 and all(path.is_file() for path in assets)
    assert sum(len(gzip.compress(path.read_bytes(), 9)) for path in assets) < 12 * 1024
    assert "assets/javascripts/review.js" not in config["extra_javascript"]
