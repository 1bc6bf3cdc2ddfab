"""Quiz items: parse ```quiz fences, validate them with file and line, render accessible HTML.

An item is a YAML mapping inside a fenced block::

    ```quiz
    id: backprop-what-it-computes
    type: single            # single | multiple | numeric
    question: What does backpropagation compute?
    options:
      - text: The gradient of the loss with respect to every parameter.
        correct: true
      - text: The new weights.
        feedback: That is the optimizer's job.
    explanation: Backprop is reverse-mode automatic differentiation ...
    ```

Text fields are Markdown (emphasis, inline code, math, links to pages of the site or to
http(s) addresses); raw HTML or another kind of link is an error. ``unit`` is plain text.
The renderer escapes all of it as well: raw HTML that reached it would be shown as text.

Options are shown in an order drawn from the item's id (:func:`display_order`), the same on
every build and with or without JavaScript, so the position of the right answer carries no
information; ``fixed_order: true`` keeps the written order (ranges, "none of the above").

A ``recall`` item has no options: the reader says or types the answer, opens the
``model_answer`` (Markdown, math) and grades themself Again, Hard, Good or Easy.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree import ElementTree

import markdown
import yaml

from kb.errors import ContentError
from kb.safetext import markdown_problems, plain_problems

# libyaml when available (several times faster); both keep line numbers on nodes.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TYPES = ("single", "multiple", "numeric", "recall")
ITEM_KEYS = (
    "id",
    "type",
    "question",
    "options",
    "answer",
    "tolerance",
    "unit",
    "explanation",
    "fixed_order",
    "model_answer",
)
CHOICE_TYPES = ("single", "multiple")
#: A correct option longer than this times the longest distractor gives the answer away.
MAX_LENGTH_RATIO = 1.5
#: Keys each type accepts beyond id, type and question.
TYPE_KEYS = {
    "single": ("options", "explanation", "fixed_order"),
    "multiple": ("options", "explanation", "fixed_order"),
    "numeric": ("answer", "tolerance", "unit", "explanation"),
    "recall": ("model_answer", "explanation"),
}
OPTION_KEYS = ("text", "correct", "feedback")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FENCE_RE = re.compile(r"^(?P<marker>`{3,}|~{3,})[ \t]*quiz[ \t]*$")
_SAFE_URL_RE = re.compile(r"^(?:https?://|#)", re.IGNORECASE)


@dataclass
class Option:
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass
class Item:
    """One validated quiz item."""

    id: str
    type: str
    question: str
    explanation: str
    options: list[Option] = field(default_factory=list)
    answer: float | None = None
    tolerance: float | None = None
    unit: str = ""
    line: int = 0
    fixed_order: bool = False
    model_answer: str = ""  #: recall items: Markdown the reader compares their own answer with
    card: str = ""  #: the flashcard this item's answers feed: 'quiz:<id>' unless set by kb.content

    def __post_init__(self) -> None:
        self.card = self.card or f"quiz:{self.id}"


@dataclass
class QuizBlock:
    """Where an item sits in its page: the fence's first and last line (1-based)."""

    start: int
    end: int
    item: Item | None


# --- Parsing ---------------------------------------------------------------------------------


def find_quiz_blocks(markdown_text: str, path: str, line_offset: int = 0) -> tuple[list[QuizBlock], list[ContentError]]:
    """Find every ```quiz fence in a page and parse the item inside.

    ``line_offset`` is added to reported lines (the front matter MkDocs strips before hooks see the page).
    """
    lines = markdown_text.splitlines()
    blocks: list[QuizBlock] = []
    errors: list[ContentError] = []
    index = 0
    fence: str | None = None
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if fence is None:
            opening = _FENCE_RE.match(line)
            if opening:
                marker = opening.group("marker")
                end = next(
                    (
                        i
                        for i in range(index + 1, len(lines))
                        if lines[i].strip().startswith(marker[0] * len(marker))
                        and not lines[i].strip().strip(marker[0])
                    ),
                    None,
                )
                start_line = index + 1 + line_offset
                if end is None:
                    errors.append(ContentError(path, start_line, f"quiz block is never closed: add a line {marker}"))
                    break
                body = "\n".join(lines[index + 1 : end])
                item, item_errors = parse_item(body, path, start_line + 1)
                errors += item_errors
                blocks.append(QuizBlock(index + 1, end + 1, item))
                index = end + 1
                continue
            other = re.match(r"^[ \t]*(`{3,}|~{3,})", line)
            if other:
                fence = other.group(1)
        elif stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
            fence = None
        index += 1
    return blocks, errors


def parse_item(body: str, path: str, first_line: int) -> tuple[Item | None, list[ContentError]]:
    """Parse and validate one item; ``first_line`` is the file line of the YAML's first line."""
    errors: list[ContentError] = []

    def err(node_or_line: yaml.Node | int, message: str) -> None:
        line = node_or_line if isinstance(node_or_line, int) else first_line + node_or_line.start_mark.line
        errors.append(ContentError(path, line, message))

    try:
        root = yaml.compose(body, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        err(
            first_line + (mark.line if mark else 0),
            f"quiz item is not valid YAML: {exc.problem or exc}. "
            "Text with a colon, #, quotes or a leading [, {, * or & must be quoted: "
            'question: "Which is true: A or B?" (or use a block: question: >-, then the text indented)',
        )
        return None, errors
    if not isinstance(root, yaml.MappingNode):
        err(first_line, "a quiz item is a mapping: id, type, question, options, explanation")
        return None, errors

    values: dict[str, yaml.Node] = {}
    keys: dict[str, yaml.Node] = {}
    for key_node, value_node in root.value:
        keys.setdefault(key_node.value, key_node)
        if key_node.value not in ITEM_KEYS:
            err(key_node, f"unknown key '{key_node.value}' (allowed: {', '.join(ITEM_KEYS)})")
        elif key_node.value in values:
            err(key_node, f"duplicate key '{key_node.value}'")
        values[key_node.value] = value_node

    def text(key: str, required: bool = True, check=None) -> str:
        node = values.get(key)
        if node is None:
            if required:
                err(first_line, f"quiz item is missing '{key}'")
            return ""
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            err(node, f"'{key}' must be a non-empty text")
            return ""
        for problem in check(str(node.value)) if check else []:
            err(node, f"'{key}': {problem}")
        return str(node.value).strip()

    item_id = text("id")
    if item_id and not ID_RE.match(item_id):
        err(values["id"], f"id '{item_id}' must be lower-case words joined by hyphens, e.g. 'backprop-chain-rule'")
    kind = text("type")
    if kind and kind not in TYPES:
        err(values["type"], f"type must be one of {', '.join(TYPES)} (got '{kind}')")
    question = text("question", check=markdown_problems)
    explanation = text("explanation", required=kind != "recall", check=markdown_problems)
    item = Item(item_id, kind, question, explanation, line=first_line - 1)

    if kind in ("single", "multiple"):
        item.options = _options(values, err, first_line)
        for key in ("answer", "tolerance", "unit"):
            if key in values:
                err(values[key], f"'{key}' is for numeric items; a {kind}-choice item marks options 'correct: true'")
        correct = sum(option.correct for option in item.options)
        if item.options and correct == 0:
            err(keys["options"], "no option is marked 'correct: true'")
        if kind == "single" and correct > 1:
            err(
                keys["options"],
                f"a single-choice item has exactly one correct option (found {correct}); "
                "use 'type: multiple' for several",
            )
        seen: dict[str, int] = {}
        for position, option in enumerate(item.options):
            key = " ".join(option.text.lower().split())
            if key in seen:
                err(values["options"].value[position], f"duplicate option '{option.text}'")
            seen[key] = position
    elif kind == "numeric":
        if "options" in values:
            err(values["options"], "a numeric item has 'answer' and 'tolerance', not 'options'")
        item.answer = _number(values.get("answer"), "answer", err, first_line)
        if "tolerance" not in values:
            err(
                values.get("answer") or first_line,
                "a numeric item needs 'tolerance': how far from the answer still counts as right, e.g. 0.005",
            )
        else:
            item.tolerance = _number(values["tolerance"], "tolerance", err, first_line)
            if item.tolerance is not None and item.tolerance < 0:
                err(values["tolerance"], "tolerance must be zero or positive")
        item.unit = text("unit", required=False, check=plain_problems)
    _check_extra_keys(item, values, keys, err, first_line, text)
    return (None if errors else item), errors


def _check_extra_keys(item: Item, values: dict, keys: dict, err, first_line: int, text) -> None:
    """Order, recall and answer-length rules: keys that belong to another type, 'fixed_order',
    'model_answer', and a correct option that stands out by its length."""
    kind = item.type
    if kind == "recall":
        for key in ("options", "answer", "tolerance", "unit", "fixed_order"):
            if key in values:
                err(
                    keys[key],
                    f"'{key}' is not for recall items: a recall item has 'question' and 'model_answer' "
                    "(and an optional 'explanation')",
                )
        item.model_answer = text("model_answer", check=markdown_problems)
    elif "model_answer" in values:
        has = "has 'answer' and 'tolerance'" if kind == "numeric" else "marks options 'correct: true'"
        err(keys["model_answer"], f"'model_answer' is for recall items; a {kind or 'quiz'} item {has}")
    if "fixed_order" in values and kind != "recall":
        node = values["fixed_order"]
        if kind not in CHOICE_TYPES:
            err(
                keys["fixed_order"], "'fixed_order' is for single and multiple choice items, whose options are shuffled"
            )
        elif node.tag != "tag:yaml.org,2002:bool" or str(node.value).lower() not in ("true", "false"):
            err(node, f"'fixed_order' must be true or false (got '{node.value}')")
        else:
            item.fixed_order = str(node.value).lower() == "true"
    if kind in CHOICE_TYPES and item.options:
        distractors = [option_length(o.text) for o in item.options if not o.correct]
        longest = max(distractors, default=0)
        option_nodes = values["options"].value
        for position, option in enumerate(item.options):
            length = option_length(option.text)
            if option.correct and longest and length > MAX_LENGTH_RATIO * longest:
                err(
                    option_nodes[position] if len(option_nodes) == len(item.options) else keys["options"],
                    f"the correct option is {length / longest:.2f}× as long as the longest distractor "
                    f"({length} against {longest} characters), so its length gives it away: move its reasoning "
                    f"into 'explanation', or make the distractors as precise (at most {MAX_LENGTH_RATIO}×)",
                )


def option_length(text: str) -> int:
    """An option's length as a reader sees it: characters, with runs of spaces counted once."""
    return len(" ".join(text.split()))


def display_order(item: Item) -> list[int]:
    """The order to show an item's options in: a permutation drawn from the item's id.

    A hash of the id (not Python's ``hash()``, which changes between runs) makes it the same on every
    build, in the page, in its "Show the answer" list, in mock interviews and on flashcards.
    """
    positions = list(range(len(item.options)))
    if item.fixed_order:
        return positions
    return sorted(positions, key=lambda i: hashlib.sha256(f"{item.id}\0{i}".encode()).digest())


def _options(values: dict, err, first_line: int) -> list[Option]:
    node = values.get("options")
    if node is None:
        err(first_line, "a choice item needs 'options': a list of '- text: ...' entries")
        return []
    if not isinstance(node, yaml.SequenceNode) or len(node.value) < 2:
        err(node, "'options' must be a list of at least two entries")
        return []
    options = []
    for option_node in node.value:
        if not isinstance(option_node, yaml.MappingNode):
            err(option_node, "each option is a mapping: '- text: ...' with optional 'correct' and 'feedback'")
            continue
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in option_node.value:
            if key_node.value not in OPTION_KEYS:
                err(key_node, f"unknown option key '{key_node.value}' (allowed: {', '.join(OPTION_KEYS)})")
            fields[key_node.value] = value_node
        text_node = fields.get("text")
        if text_node is None or not isinstance(text_node, yaml.ScalarNode) or not str(text_node.value).strip():
            err(option_node, "option is missing 'text'")
            continue
        correct = _boolean(fields.get("correct"), "correct", err)
        feedback_node = fields.get("feedback")
        feedback = str(feedback_node.value).strip() if isinstance(feedback_node, yaml.ScalarNode) else ""
        for key, value in (("text", text_node), ("feedback", feedback_node)):
            if isinstance(value, yaml.ScalarNode):
                for problem in markdown_problems(str(value.value)):
                    err(value, f"option '{key}': {problem}")
        options.append(Option(str(text_node.value).strip(), correct, feedback))
    return options


def _boolean(node: yaml.Node | None, key: str, err) -> bool:
    """A boolean written exactly ``true`` or ``false``.

    YAML 1.1 also reads yes/no/on/off/y/n (and capitalised forms) as booleans, and a quoted
    "true" is a string: each is read from the source text here and refused, so that a typo
    never silently marks an option wrong.
    """
    if node is None:
        return False
    if isinstance(node, yaml.ScalarNode) and not node.style and node.value in ("true", "false"):
        return node.value == "true"
    written = node.value if isinstance(node, yaml.ScalarNode) else "a list or mapping"
    quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
    got = f"the quoted text '{written}'" if quoted else f"'{written}'"
    err(node, f"'{key}' must be true or false (got {got}): write true or false, lower case and unquoted")
    return False


def _number(node: yaml.Node | None, key: str, err, first_line: int) -> float | None:
    if node is None:
        err(first_line, f"a numeric item needs '{key}'")
        return None
    try:
        value = float(node.value)
    except (TypeError, ValueError):
        err(node, f"'{key}' must be a number (got '{node.value}')")
        return None
    if not math.isfinite(value):
        err(node, f"'{key}' must be a finite number")
        return None
    return value


# --- Rendering -------------------------------------------------------------------------------


LinkResolver = Callable[[str], "str | None"]


def safe_markdown(text: str, inline: bool = True, resolve: LinkResolver | None = None) -> str:
    """Render quiz Markdown with raw HTML shown as text and only safe, resolved link targets.

    ``resolve`` maps a link as written (``#anchor``, ``page.md#anchor``) to the URL to emit, or None
    to drop the link (its text stays). Without it, only ``#anchor`` and http(s) links are kept.
    """
    if "](" not in text:  # no link: the result does not depend on the page, so reuse it
        return _render_plain(text, inline)
    return _render(text, inline, resolve)


@functools.lru_cache(maxsize=8192)
def _render_plain(text: str, inline: bool) -> str:
    return _render(text, inline, None)


def _render(text: str, inline: bool, resolve: LinkResolver | None) -> str:
    md = _renderer()
    md.treeprocessors["kb_safe_links"].resolve = resolve
    rendered = md.reset().convert(text)
    if inline and rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


@functools.cache
def _renderer() -> markdown.Markdown:
    """One Markdown instance, reused: building one per text dominated the quiz hook's time."""
    md = markdown.Markdown(
        extensions=["pymdownx.arithmatex", "pymdownx.betterem"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeLinks(md, None), "kb_safe_links", 0)
    return md


class _SafeLinks(markdown.treeprocessors.Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: LinkResolver | None) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.tag == "img":
                element.tag = "span"  # no images in quiz text
                element.text = element.get("alt", "")
                element.attrib.clear()
                continue
            href = element.get("href")
            if href is None:
                continue
            target = self.resolve(href) if self.resolve else (href if _SAFE_URL_RE.match(href) else None)
            if target is None:
                element.tag = "span"
                element.attrib.clear()
            else:
                element.set("href", target)


def item_links(item: Item) -> list[str]:
    """Every link target written in an item's text fields."""
    texts = [item.question, item.explanation, item.model_answer]
    texts += [t for o in item.options for t in (o.text, o.feedback)]
    return [m.group(1) for text in texts for m in re.finditer(r"\]\(([^)\s]+)\)", text)]


def render_item(item: Item, number: int, resolve: LinkResolver | None = None) -> str:
    """Accessible HTML for one item; answers sit in a <details> so the page works without JS.

    Choice options appear in :func:`display_order`; each input keeps its option's written position
    as its value and id, so what an option means never depends on where it is shown.
    """

    def render(text: str, inline: bool = True) -> str:
        return safe_markdown(text, inline, resolve)

    qid = html.escape(item.id)
    legend = (
        f'<legend class="quiz__question"><span class="quiz__number">Q{number}.</span> {render(item.question)}</legend>'
    )
    if item.type == "recall":
        return _recall_html(item, qid, legend, render)
    parts = [
        f'<form class="quiz" id="quiz-{qid}" data-quiz-id="{qid}" data-type="{item.type}" '
        f'data-card="{html.escape(item.card)}" '
        + (f'data-answer="{item.answer!r}" data-tolerance="{item.tolerance!r}" ' if item.type == "numeric" else "")
        # method="dialog": a click before quiz.js has loaded submits nowhere (no reload with ?choice=).
        + 'novalidate method="dialog">',
        "<fieldset>",
        legend,
    ]
    if item.type == "numeric":
        unit = f' <span class="quiz__unit">{html.escape(item.unit)}</span>' if item.unit else ""
        parts.append(
            f'<p class="quiz__numeric"><label for="quiz-{qid}-value">Your answer</label> '
            f'<input id="quiz-{qid}-value" name="value" type="text" inputmode="decimal" '
            f'autocomplete="off" spellcheck="false">{unit}</p>'
        )
    else:
        kind = "radio" if item.type == "single" else "checkbox"
        parts.append('<div class="quiz__options">')
        for position in display_order(item):
            option = item.options[position]
            option_id = f"quiz-{qid}-{position}"
            feedback = (
                f'<span class="quiz__option-feedback" hidden>{render(option.feedback)}</span>'
                if option.feedback
                else ""
            )
            parts.append(
                f'<div class="quiz__option"><input type="{kind}" id="{option_id}" name="choice" '
                f'value="{position}"{" data-correct" if option.correct else ""}{_math_only_name(option.text)}>'
                f'<label for="{option_id}">{render(option.text)}</label>{feedback}</div>'
            )
        parts.append("</div>")
    parts += [
        '<p class="quiz__actions"><button type="submit" class="md-button md-button--primary">Check answer</button></p>',
        '<div class="quiz__feedback" role="status" aria-live="polite"></div>',
        "</fieldset>",
        f'<details class="quiz__answer"><summary>Show the answer</summary>{_answer_html(item, render)}</details>',
        "</form>",
    ]
    return "".join(parts)


RECALL_GRADES = (("again", "Again", "1"), ("hard", "Hard", "2"), ("good", "Good", "3"), ("easy", "Easy", "4"))


def _recall_html(item: Item, qid: str, legend: str, render) -> str:
    """A prompt, a box to draft the answer in, and the model answer in a <details> (all that shows
    without JavaScript); quiz.js adds the reveal button's keyboard handling and the grades."""
    grades = "".join(
        f'<button type="button" class="md-button" data-grade="{key}" aria-keyshortcuts="{digit}">{label} '
        f'<kbd aria-hidden="true">{digit}</kbd></button>'
        for key, label, digit in RECALL_GRADES
    )
    explanation = (
        f'<div class="quiz__explanation">{render(item.explanation, inline=False)}</div>' if item.explanation else ""
    )
    return (
        f'<form class="quiz quiz--recall" id="quiz-{qid}" data-quiz-id="{qid}" data-type="recall" '
        f'data-card="{html.escape(item.card)}" novalidate method="dialog"><fieldset>{legend}'
        f'<p class="quiz__draft"><label for="quiz-{qid}-draft">Your answer: type it, or say it aloud</label>'
        f'<textarea id="quiz-{qid}-draft" name="draft" rows="3" spellcheck="true"></textarea></p>'
        '<details class="quiz__answer quiz__model"><summary>Show model answer</summary>'
        f'<div class="quiz__model-answer" tabindex="-1">{render(item.model_answer, inline=False)}</div>'
        f"{explanation}</details>"
        '<p class="quiz__actions quiz__reveal" hidden><button type="button" class="md-button md-button--primary">'
        'Show model answer <kbd aria-hidden="true">Space</kbd></button></p>'
        f'<div class="quiz__grades" role="group" aria-label="How well did you recall it?" hidden>{grades}</div>'
        '<div class="quiz__feedback" role="status" aria-live="polite"></div></fieldset></form>'
    )


def _math_only_name(text: str) -> str:
    """An accessible name for an option that is nothing but a formula.

    The formula is MathML, which Chromium does not turn into a label's text: such an option would
    have no name. Its TeX source serves as one.
    """
    match = _MATH_ONLY_RE.fullmatch(text.strip())
    return f' aria-label="{html.escape(" ".join(match.group(1).split()))}"' if match else ""


_MATH_ONLY_RE = re.compile(r"\$([^$]+)\$")


def _answer_html(item: Item, render) -> str:
    if item.type == "numeric":
        unit = f" {html.escape(item.unit)}" if item.unit else ""
        answer = (
            f"<p><strong>Answer:</strong> {_format_number(item.answer)}{unit} (± {_format_number(item.tolerance)})</p>"
        )
    else:
        rows = []
        for position in display_order(item):
            option = item.options[position]
            mark = "Correct" if option.correct else "Wrong"
            feedback = f" {render(option.feedback)}" if option.feedback else ""
            note = f" —{feedback}" if feedback else ""
            rows.append(f"<li><strong>{mark}:</strong> {render(option.text)}{note}</li>")
        answer = f"<ul>{''.join(rows)}</ul>"
    return answer + f'<div class="quiz__explanation">{render(item.explanation, inline=False)}</div>'


def _format_number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def item_summary(item: Item, page_url: str, page_title: str, tags: list[str], difficulty: str, html_text: str) -> dict:
    """What the practice page needs to know about an item (JSON-ready)."""
    return {
        "id": item.id,
        "type": item.type,
        "page": page_url,
        "title": page_title,
        "tags": tags,
        "difficulty": difficulty,
        "html": html_text,
    }


def items_script(summaries: list[dict]) -> str:
    """Every item as a script that sets ``window.kbStudy.quiz``."""
    return data_script("quiz", {"version": 1, "items": summaries})


def data_script(name: str, value: object) -> str:
    """A script that sets ``window.kbStudy.<name>`` to ``value``: data the study pages load with a
    script tag rather than fetch(), which browsers refuse on pages opened from a folder."""
    payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"(window.kbStudy=window.kbStudy||{{}}).{name}={payload};\n"
