"""Rules a question page, its quiz and its snippets must meet beyond the schema.

Each rule returns ``ContentError``s with ``path:line`` and a fix. They run in ``make check``
(seconds, no build), so a contributor meets every rule there before ``make test``:

- a description of at least 40 characters (the Short answer's first paragraph);
- at least one snippet, and at least ``MIN_TERMS`` glossary terms in the prose;
- every in-text author–year citation matches a ``sources`` entry;
- no sentence left from the ``make new-question`` scaffold;
- every wrong option of a quiz item says why it is wrong (``feedback``);
- every figure a snippet draws has a description of at least 10 characters;
- the glossary is sorted, and every term is used by some question page.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path

from kb.errors import ContentError
from kb.frontmatter import QuestionMeta
from kb.glossary import Matcher, Term
from kb.questions import description_from
from kb.quiz import Item, option_length
from kb.snippets import Include

MIN_DESCRIPTION = 40
MIN_TERMS = 5
MIN_ALT = 10
#: At most this share of single-answer items may have a correct option strictly longer than every distractor.
MAX_LONGEST_SHARE = 0.35

#: Sentences of the ``make new-question`` scaffold that a finished page no longer holds.
PLACEHOLDERS = (
    "What a strong candidate says in thirty seconds: three to six precise sentences.",
    "Explain why, with the math where it helps",
    "Cite every claim you did not compute, e.g.",
    "One or two sentences on what the code shows and what to look for in its output.",
    "One to three sentences reading the output.",
    "A follow-up an interviewer would ask?",
    "A brief answer, indented by four spaces.",
    "A common wrong answer.",
    "A single-choice question about the page?",
    "A plausible wrong answer.",
    "Why this distractor is wrong.",
    "A quantity the page computes, to 2 decimals?",
    "replace it with code that makes the answer concrete",
)

# One citation: "He et al., 2016", "Kingma & Ba, 2015", "Ioffe, 2017", "Touvron et al. 2023a".
_CITATION_RE = re.compile(
    r"^(?:e\.g\.,?\s+|see\s+|cf\.\s+)?(?P<first>[A-Z][\w'’.-]*(?:\s+(?:de|van|von|der|da)\s+[A-Z][\w'’-]*)?)"
    r"(?P<rest>(?:\s+et\s+al\.?|\s*(?:&|and)\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*)?|,\s*[A-Z][\w'’.-]*)*)"
    r",?\s+(?P<year>(?:19|20)\d\d)[a-z]?$"
)
_PARENS_RE = re.compile(r"\(([^()]*\b(?:19|20)\d\d[a-z]?)\)")
_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def check_description(src: str, text: str, meta: QuestionMeta) -> list[ContentError]:
    description = meta.description or description_from(text)
    if len(description) >= MIN_DESCRIPTION:
        return []
    return [
        ContentError(
            f"docs/{src}",
            _line_of(text, "## Short answer"),
            f"the description is {len(description)} characters, fewer than {MIN_DESCRIPTION}: write a fuller first "
            "paragraph under '## Short answer' (search results and link previews show it), or set `description:`",
        )
    ]


def check_has_snippet(src: str, text: str, includes: list[Include]) -> list[ContentError]:
    if includes:
        return []
    return [
        ContentError(
            f"docs/{src}",
            _line_of(text, "## Worked examples"),
            "no snippet: a question page shows at least one runnable example under '## Worked examples' "
            '(```python title="snippets/<topic>/<name>.py" with a --8<-- include; see CONTRIBUTING.md)',
        )
    ]


def prose(text: str) -> str:
    """The page's running text: no front matter, code blocks, quiz fences, inline code or headings."""
    body = text.split("\n---", 1)[1] if text.startswith("---") else text
    out: list[str] = []
    fence: str | None = None
    for line in body.splitlines():
        opening = _FENCE_RE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            continue
        if fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
            continue
        if line.lstrip().startswith("#"):
            continue
        out.append(re.sub(r"`[^`]*`", " ", line))
    return "\n".join(out)


def terms_used(text: str, matcher: Matcher) -> set[str]:
    """Slugs of the glossary terms the page's prose uses."""
    return {term.slug for _, _, term in matcher.find(prose(text))}


def check_term_count(src: str, text: str, used: set[str]) -> list[ContentError]:
    if len(used) >= MIN_TERMS:
        return []
    return [
        ContentError(
            f"docs/{src}",
            None,
            f"uses {len(used)} glossary term(s) in its prose, fewer than {MIN_TERMS}: name the concepts the page "
            "relies on by their glossary names, or add the missing terms to docs/glossary.yml",
        )
    ]


def check_citations(src: str, text: str, meta: QuestionMeta) -> list[ContentError]:
    """Every "(Author et al., YEAR)" in the text names a work listed in ``sources``."""
    errors = []
    listed = [(_fold(s.authors), s.year) for s in meta.sources]
    body = prose(text)
    for match in _PARENS_RE.finditer(body):
        for part in match.group(1).split(";"):
            cited = _CITATION_RE.match(part.strip())
            if not cited or not ("," in part or "et al" in part):
                continue  # "(ECCV 2016)" names a venue, not a work
            name, year = _fold(cited.group("first")), int(cited.group("year"))
            if not any(year == y and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", authors) for authors, y in listed):
                found = ContentError(
                    f"docs/{src}",
                    _line_of(text, part.strip()),
                    f"cites ({part.strip()}), but no entry of `sources` has an author {cited.group('first')} "
                    f"and the year {year}: add the work to `sources`, or correct the citation",
                )
                if found not in errors:
                    errors.append(found)
    return errors


def check_placeholders(path: str, text: str) -> list[ContentError]:
    errors = []
    for placeholder in PLACEHOLDERS:
        if placeholder in text:
            errors.append(
                ContentError(
                    path,
                    _line_of(text, placeholder),
                    f"replace the placeholder left by make new-question: '{placeholder}'",
                )
            )
    return errors


def check_feedback(src: str, items: list[Item]) -> list[ContentError]:
    errors = []
    for item in items:
        for option in getattr(item, "options", None) or []:
            if not option.correct and not (option.feedback or "").strip():
                errors.append(
                    ContentError(
                        f"docs/{src}",
                        item.line,
                        f"quiz '{item.id}': the wrong option '{_short(option.text)}' has no feedback: add "
                        "`feedback:` saying which misconception it stands for and why it is wrong",
                    )
                )
    return errors


def check_longest_share(items_by_page: dict[str, list[Item]]) -> list[ContentError]:
    """A reader who picks the longest option must not score well, site-wide."""
    singles = [(src, item) for src, items in items_by_page.items() for item in items if item.type == "single"]
    longest = [
        (src, item)
        for src, item in singles
        if option_length(next(o.text for o in item.options if o.correct))
        > max((option_length(o.text) for o in item.options if not o.correct), default=0)
    ]
    if not singles or len(longest) <= MAX_LONGEST_SHARE * len(singles):
        return []
    places = ", ".join(f"docs/{src}:{item.line}" for src, item in longest[-10:])
    return [
        ContentError(
            "docs/questions",
            None,
            f"in {len(longest)} of {len(singles)} single-answer items ({len(longest) / len(singles):.0%}) the correct "
            f"option is strictly the longest; the limit is {MAX_LONGEST_SHARE:.0%}, so a reader who picks the longest "
            f"option scores well: shorten the right option or sharpen a distractor in some of them, e.g. {places}",
        )
    ]


def check_figure_descriptions(root: Path, snippet: str) -> list[ContentError]:
    """``plt.subplots(num="...")`` / ``plt.figure(num="...")`` labels are the figures' alt text."""
    try:
        tree = ast.parse((root / snippet).read_text(encoding="utf-8"))
    except SyntaxError as exc:
        return [ContentError(snippet, exc.lineno, f"is not valid Python: {exc.msg}")]
    errors = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg in ("num", "label") and _is_figure_call(node) and isinstance(keyword.value, ast.Constant):
                value = keyword.value.value
                if isinstance(value, str) and len(value.strip()) < MIN_ALT:
                    errors.append(
                        ContentError(
                            snippet,
                            node.lineno,
                            f"the figure description '{value}' is shorter than {MIN_ALT} characters: it is the "
                            'figure\'s alt text, so say what the figure shows (e.g. "Training loss per epoch")',
                        )
                    )
    return errors


def check_glossary_order(terms: list[Term], path: str) -> list[ContentError]:
    errors = []
    for previous, term in zip(terms, terms[1:], strict=False):
        if _fold(term.term) < _fold(previous.term):
            errors.append(
                ContentError(
                    path,
                    term.line,
                    f"'{term.term}' is out of alphabetical order: move the entry up (the glossary is sorted by term, "
                    "ignoring case and accents)",
                )
            )
    return errors


def check_terms_used(terms: list[Term], used: set[str], path: str) -> list[ContentError]:
    return [
        ContentError(
            path, term.line, f"'{term.term}' is used on no question page: use it in a page's prose, or remove the entry"
        )
        for term in terms
        if term.slug not in used
    ]


# --- Helpers ---------------------------------------------------------------------------------


def _is_figure_call(node: ast.Call) -> bool:
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    return name in ("subplots", "figure", "subplot_mosaic")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
