"""Quiz items: every authoring mistake gives one `path:line: message`; rendering is accessible and safe;
option order and option length carry no information about the answer; recall items."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, BuildResult
from kb.content import check_quizzes, load_site
from kb.quiz import display_order, find_quiz_blocks, option_length, render_item, safe_markdown

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
RECALL = """\
```quiz
id: q-recall
type: recall
question: Say why.
model_answer: |-
  Because $x^2 \\ge 0$.

  A second paragraph.
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
        (
            SINGLE.replace("    feedback: Because.", "    correct: true"),
            "docs/questions/q.md:7: a single-choice item has exactly one correct option (found 2); use 'type: multiple' for several",
        ),
        (SINGLE.replace("text: Wrong", "text: right"), "docs/questions/q.md:10: duplicate option 'right'"),
        (
            SINGLE.replace("explanation: Explained.", "explanation: Explained.\nhint: Think."),
            "docs/questions/q.md:13: unknown key 'hint' (allowed: id, type, question, options, answer, tolerance, unit, "
            "explanation, fixed_order, model_answer)",
        ),
        (
            NUMERIC.replace("tolerance: 0.001\n", ""),
            "docs/questions/q.md:5: a numeric item needs 'tolerance': how far from the answer still counts as right, e.g. 0.005",
        ),
        (
            SINGLE.replace("type: single", "type: essay"),
            "docs/questions/q.md:5: type must be one of single, multiple, numeric, recall (got 'essay')",
        ),
        (
            SINGLE.replace("id: q-single", "id: Q Single"),
            "docs/questions/q.md:4: id 'Q Single' must be lower-case words joined by hyphens, e.g. 'backprop-chain-rule'",
        ),
        (SINGLE.replace("explanation: Explained.\n", ""), "docs/questions/q.md:4: quiz item is missing 'explanation'"),
        (
            NUMERIC.replace("answer: 0.357", "answer: zero"),
            "docs/questions/q.md:5: 'answer' must be a number (got 'zero')",
        ),
        (
            SINGLE.replace("    feedback: Because.", "    unknown: x"),
            "docs/questions/q.md:11: unknown option key 'unknown' (allowed: text, correct, feedback)",
        ),
        (
            SINGLE.replace("question: Which one?", "question: [unclosed"),
            "docs/questions/q.md:7: quiz item is not valid YAML",
        ),
        (SINGLE.replace("```\n", "", 1).rstrip("`\n") + "\n", "docs/questions/q.md:3: quiz block is never closed"),
        (
            SINGLE.replace("    correct: true", "    correct: yes please"),
            "docs/questions/q.md:9: 'correct' must be true or false (got 'yes please')",
        ),
        (
            NUMERIC.replace("tolerance: 0.001", "tolerance: 0.001\nfixed_order: true"),
            "docs/questions/q.md:7: 'fixed_order' is for single and multiple choice items, whose options are shuffled",
        ),
        (
            SINGLE.replace("options:", "fixed_order: sometimes\noptions:"),
            "docs/questions/q.md:7: 'fixed_order' must be true or false (got 'sometimes')",
        ),
        (
            SINGLE.replace("text: Right", "text: Right, and here is a long justification of why"),
            "docs/questions/q.md:8: the correct option is 9.20× as long as the longest distractor (46 against 5 "
            "characters), so its length gives it away: move its reasoning into 'explanation'",
        ),
        (
            RECALL.replace("model_answer: |-\n  Because $x^2 \\ge 0$.\n\n  A second paragraph.", "model_answer: ''"),
            "docs/questions/q.md:5: 'model_answer' must be a non-empty text",
        ),
        (
            RECALL.replace("model_answer: |-\n  Because $x^2 \\ge 0$.\n\n  A second paragraph.", ""),
            "docs/questions/q.md:2: quiz item is missing 'model_answer'",
        ),
        (
            RECALL.replace("question: Say why.", "question: Say why.\noptions:\n  - text: A"),
            "docs/questions/q.md:5: 'options' is not for recall items",
        ),
        (
            RECALL.replace("question: Say why.", "question: Say why.\nhint: Think."),
            "docs/questions/q.md:5: unknown key 'hint'",
        ),
        (
            SINGLE.replace("explanation: Explained.", "explanation: Explained.\nmodel_answer: This."),
            "docs/questions/q.md:13: 'model_answer' is for recall items; a single item marks options 'correct: true'",
        ),
        # YAML 1.1 reads these as booleans; the item would ship with its answer marked "Wrong".
        (
            SINGLE.replace("    correct: true", "    correct: yes"),
            "docs/questions/q.md:9: 'correct' must be true or false (got 'yes')",
        ),
        (
            SINGLE.replace("    correct: true", "    correct: on"),
            "docs/questions/q.md:9: 'correct' must be true or false (got 'on')",
        ),
        (
            SINGLE.replace("    correct: true", "    correct: True"),
            "docs/questions/q.md:9: 'correct' must be true or false (got 'True')",
        ),
        (
            SINGLE.replace("    correct: true", '    correct: "true"'),
            "docs/questions/q.md:9: 'correct' must be true or false (got the quoted text 'true')",
        ),
        (
            SINGLE.replace("question: Which one?", "question: Which <img src=x onerror=alert(1)> one?"),
            "docs/questions/q.md:6: 'question': raw HTML '<img' is not allowed",
        ),
        (
            SINGLE.replace("question: Which one?", "question: Which [one](javascript:alert(1))?"),
            "docs/questions/q.md:6: 'question': link to 'javascript:alert(1)' is not allowed",
        ),
        (
            SINGLE.replace("    feedback: Because.", "    feedback: '[x](java&#115;cript:alert(1))'"),
            "docs/questions/q.md:11: option 'feedback': link to 'java&#115;cript:alert(1)' is not allowed",
        ),
        (
            NUMERIC.replace("tolerance: 0.001", "tolerance: 0.001\nunit: <svg onload=alert(1)>"),
            "docs/questions/q.md:7: 'unit': raw HTML '<svg' is not allowed",
        ),
    ],
    ids=[
        "no-correct-option",
        "single-with-two-correct",
        "duplicate-option",
        "unknown-key",
        "numeric-without-tolerance",
        "unknown-type",
        "bad-id",
        "missing-explanation",
        "answer-not-a-number",
        "unknown-option-key",
        "invalid-yaml",
        "unclosed-fence",
        "correct-not-boolean",
        "fixed-order-on-numeric",
        "fixed-order-not-boolean",
        "correct-option-too-long",
        "recall-empty-model-answer",
        "recall-without-model-answer",
        "recall-with-options",
        "recall-unknown-key",
        "model-answer-on-choice-item",
        "correct-yes",
        "correct-on",
        "correct-capitalised",
        "correct-quoted",
        "raw-html",
        "javascript-link",
        "entity-encoded-scheme",
        "html-unit",
    ],
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
    by_value = {r["value"]: r for r in radios}
    assert "data-correct" in by_value["0"] and "data-correct" not in by_value["1"]
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
        '<a href="javascript:alert(1)">x</a>',
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
    assert html == (
        "Use <code>x&lt;y</code>, <strong>bold</strong> and "
        '<span class="arithmatex">\\(x^2\\)</span> with <a href="#pitfalls">a section</a>.'
    )


def test_links_are_resolved_or_dropped() -> None:
    html = safe_markdown("[p](other.md#s) and [q](gone.md)", resolve=lambda h: "../other/#s" if "other" in h else None)
    assert html == '<a href="../other/#s">p</a> and <span>q</span>'
    assert not re.search(r"<a [^>]*gone", html)


def test_own_assets_on_every_page_stay_small() -> None:
    """Our own JavaScript and CSS that every page loads (quiz, schedule, math loader, glossary, print
    and site styles) stay under 17 KiB compressed, as a server sends them (12 KiB before recall
    items and per-entry progress repair, 14 KiB before FSRS, whose stored cards every page reads and
    checks, SM-2 ones included, 14.5 KiB before the Mermaid stand-in that keeps Material from fetching
    Mermaid from a CDN, 15 KiB before the glossary tooltip replaced the theme's, whose set-up of every
    titled element cost a phone about 0.5 s per page, 16.5 KiB before the tooltip read a glossary
    link's definition from the entry on the page, which took 23 KiB compressed out of the glossary's
    HTML; tests/test_budget.py holds a question page's
    whole share to 30 KiB). The review and dashboard code, fsrs.js, ts-fsrs and Mermaid are loaded
    only by the pages that use them."""
    import gzip

    from conftest import ROOT, mkdocs_config

    config = mkdocs_config()
    assets = [ROOT / "docs" / path for path in config["extra_javascript"] + config["extra_css"]]
    assert len(assets) >= 6 and all(path.is_file() for path in assets)
    assert sum(len(gzip.compress(path.read_bytes(), 9)) for path in assets) < 17 * 1024
    assert "assets/javascripts/review.js" not in config["extra_javascript"]
    assert not any("fsrs" in path for path in config["extra_javascript"])


# --- Option order, option length, recall items --------------------------------------------------

FOUR = SINGLE.replace(
    "  - text: Wrong\n    feedback: Because.\n",
    "".join(f"  - text: Wrong {n}\n    feedback: Because {n}.\n" for n in range(1, 4)),
)


def shown(html: str) -> list[str]:
    """The values (written positions) of a rendered item's inputs, in the order the page shows them."""
    return [attrs["value"] for tag, attrs in parsed(html) if tag == "input"]


def test_options_are_shown_in_an_order_drawn_from_the_id() -> None:
    item = find_quiz_blocks(FOUR, PATH)[0][0].item
    order = display_order(item)
    assert sorted(order) == [0, 1, 2, 3] and display_order(item) == order  # a permutation, the same every time
    html = render_item(item, 1)
    assert shown(html) == [str(i) for i in order]
    # Each input keeps its written position as value and id, so an option's meaning never depends on where it is.
    correct = [a for t, a in parsed(html) if t == "input" and "data-correct" in a]
    assert [a["value"] for a in correct] == ["0"] and correct[0]["id"] == "quiz-q-single-0"
    # The "Show the answer" list follows the same order.
    details = html.split("<details", 1)[1]
    listed = re.findall(r"<li><strong>(?:Correct|Wrong):</strong> (Right|Wrong \d)", details)
    assert listed == [["Right", "Wrong 1", "Wrong 2", "Wrong 3"][i] for i in order]
    # Another id draws another order: across ids the right answer is not always in one place.
    firsts = {
        display_order(find_quiz_blocks(FOUR.replace("q-single", f"q-{n}"), PATH)[0][0].item).index(0) for n in range(12)
    }
    assert len(firsts) >= 3


def test_fixed_order_keeps_the_written_order() -> None:
    item = find_quiz_blocks(FOUR.replace("options:", "fixed_order: true\noptions:"), PATH)[0][0].item
    assert item.fixed_order and display_order(item) == [0, 1, 2, 3]
    assert shown(render_item(item, 1)) == ["0", "1", "2", "3"]


def test_recall_item_renders_prompt_draft_box_and_model_answer() -> None:
    blocks, errors = find_quiz_blocks(RECALL, PATH)
    assert errors == []
    item = blocks[0].item
    assert (item.type, item.card, item.explanation) == ("recall", "quiz:q-recall", "")
    html = render_item(item, 3)
    tags = parsed(html)
    form = tags[0][1]
    assert (form["data-type"], form["data-card"]) == ("recall", "quiz:q-recall")
    area = next(a for t, a in tags if t == "textarea")
    assert any(t == "label" and a["for"] == area["id"] for t, a in tags)
    assert [a["data-grade"] for t, a in tags if "data-grade" in a] == ["again", "hard", "good", "easy"]
    assert not any(a.get("type") == "submit" for _, a in tags)
    # Without JavaScript the model answer is in a <details>, Markdown and math rendered.
    details = html.split("<details", 1)[1]
    assert "<summary>Show model answer</summary>" in details
    assert '<span class="arithmatex">\\(x^2 \\ge 0\\)</span>' in details and details.count("<p>") == 2


def test_question_page_needs_a_recall_item_and_the_short_answer_one_feeds_its_card() -> None:
    page = (
        "## Short answer\n\nIt is **so**.\n\n## Quiz\n\n"
        + SINGLE.replace("Intro.", "")
        + NUMERIC.replace("q-num", "q-num-2")
        + NUMERIC
    )
    _, errors = check_quizzes({"questions/q.md": page})
    assert [str(e) for e in errors] == [
        "docs/questions/q.md: has no recall item: add one under '## Quiz' with 'type: recall', 'question: Say it in "
        "30 seconds: <the page title>' and the short answer as 'model_answer' (see CONTRIBUTING.md)"
    ]
    say_it = RECALL.replace(
        "model_answer: |-\n  Because $x^2 \\ge 0$.\n\n  A second paragraph.", "model_answer: |-\n  It is\n  **so**."
    )
    items, errors = check_quizzes({"questions/q.md": page + say_it + RECALL.replace("q-recall", "q-other")})
    assert errors == []
    cards = {item.id: item.card for item in items["questions/q.md"]}
    assert cards["q-recall"] == "question:questions/q.md" and cards["q-other"] == "quiz:q-other"


def single_items() -> list:
    items, errors = check_quizzes(load_site(ROOT).pages)
    assert errors == []
    return [item for page in items.values() for item in page if item.type == "single"]


def test_correct_option_is_rarely_the_longest_site_wide(capsys: pytest.CaptureFixture) -> None:
    """A reader who picks the longest option must not score well. The share of single-answer items whose
    correct option is strictly longer than every distractor stays at most 35%."""
    singles = single_items()
    longest = [
        item.id
        for item in singles
        if option_length(next(o.text for o in item.options if o.correct))
        > max(option_length(o.text) for o in item.options if not o.correct)
    ]
    share = len(longest) / len(singles)
    with capsys.disabled():
        print(
            f"\ncorrect option strictly the longest: {len(longest)} of {len(singles)} single-answer items ({share:.0%})"
        )
    assert len(singles) >= 90
    assert share <= 0.35, longest


@pytest.mark.build
def test_correct_option_position_is_balanced_on_the_built_site(
    built_site: BuildResult, capsys: pytest.CaptureFixture
) -> None:
    """Where the right answer is shown, over every single-answer item of the built pages. No position holds more
    than 1/n + 0.15 of the items with n options: 40% for four options, 48% for three. The margin is about three
    standard deviations of a fair draw over the ~80 four-option items, so a fair order passes and "always first"
    (100%) or "mostly first" fails."""
    positions: dict[int, Counter] = {}
    for path in sorted((built_site.site / "questions").glob("*/index.html")):
        for form in re.findall(r'<form class="quiz" [^>]*data-type="single".*?</form>', path.read_text(), re.S):
            fieldset = form.split("<details", 1)[0]
            inputs = re.findall(r'<input type="radio"[^>]*>', fieldset)
            correct = [k for k, tag in enumerate(inputs) if "data-correct" in tag]
            assert len(correct) == 1, path
            positions.setdefault(len(inputs), Counter())[correct[0]] += 1
    total = sum(sum(c.values()) for c in positions.values())
    assert total == len(single_items())
    with capsys.disabled():
        for n, counts in sorted(positions.items()):
            print(
                f"\n{n} options, {sum(counts.values())} items: correct option shown at position "
                + ", ".join(f"{p + 1}: {counts[p]}" for p in range(n))
            )
    for n, counts in positions.items():
        if sum(counts.values()) >= 5:
            assert max(counts.values()) / sum(counts.values()) <= 1 / n + 0.15, (n, counts)


def test_page_files_keep_item_ids_and_every_page_has_a_recall_item() -> None:
    items, _ = check_quizzes(load_site(ROOT).pages)
    questions = [src for src in items if src.startswith("questions/") and src != "questions/index.md"]
    assert len(questions) >= 40
    for src in questions:
        say_it = [i for i in items[src] if i.type == "recall" and i.card == f"question:{src}"]
        assert say_it and say_it[0].question.startswith("Say it in 30 seconds:"), src
    assert Path(ROOT / "docs/questions/backpropagation.md").read_text().count("id: backprop-what-it-computes") == 1


def test_an_option_that_is_only_a_formula_gets_an_accessible_name() -> None:
    """KaTeX leaves a formula's name to its MathML, which Chromium does not use for a label (axe: label)."""
    page = SINGLE.replace("  - text: Right\n", "  - text: $1/k^2$\n").replace(
        "  - text: Wrong\n", "  - text: About $k$\n"
    )
    item = find_quiz_blocks(page, PATH)[0][0].item
    html = render_item(item, 1)
    inputs = re.findall(r"<input [^>]*>", html)
    named = [i for i in inputs if 'aria-label="1/k^2"' in i]
    assert len(named) == 1 and "data-correct" in named[0]
    assert sum("aria-label" in i for i in inputs) == 1  # text with a formula keeps its label
