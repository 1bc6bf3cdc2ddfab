"""Front matter and page structure of question pages, validated with line numbers.

MkDocs itself silently ignores front matter it cannot parse and ships the page
with the YAML as text. These functions parse it again with positions kept, so
that every mistake is reported as ``path:line: what to fix``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kb.errors import ContentError
from kb.safetext import plain_problems

# libyaml when available (several times faster); both keep line numbers on nodes.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DIFFICULTIES = ("junior", "mid", "senior")
TAG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_RE = re.compile(r"^https://[^\s/]+\.[^\s/]+/\S*$")
#: The H2 sections every question page has, in this order.
REQUIRED_SECTIONS = (
    "Short answer",
    "Deeper explanation",
    "Worked examples",
    "Follow-up questions",
    "Pitfalls",
    "Quiz",
)
#: Sections the build generates; a page must not write them by hand.
GENERATED_SECTIONS = ("References",)

QUESTION_KEYS = {
    "title": "the question, as an interviewer would ask it",
    "difficulty": "one of " + ", ".join(DIFFICULTIES),
    "tags": "a list of lower-case, hyphenated tags",
    "sources": "a list of primary references",
    "description": "optional one-line summary for search engines",
}
REQUIRED_QUESTION_KEYS = ("title", "difficulty", "tags", "sources")
SOURCE_KEYS = ("authors", "title", "venue", "year", "url")
OPTIONAL_SOURCE_KEYS = ("note",)

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")


@dataclass
class Source:
    """One primary reference of a question page."""

    authors: str
    title: str
    venue: str
    year: int
    url: str
    note: str = ""


@dataclass
class QuestionMeta:
    """The validated front matter of one question page."""

    path: str
    title: str
    difficulty: str
    tags: list[str]
    sources: list[Source]
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return the YAML text of the front matter (or None) and the line it starts on.

    The line is 1-based and refers to the first line after the opening ``---``.
    """
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return None, 0
    return match.group(1) or "", 2


def load_front_matter(text: str, path: str) -> tuple[yaml.Node | None, list[ContentError]]:
    """Parse the front matter into a YAML node tree (positions kept) or explain why not."""
    errors: list[ContentError] = []
    if text.startswith("---") and not _FRONT_MATTER_RE.match(text):
        return None, [ContentError(path, 1, "front matter is not closed: add a line '---' after the last key")]
    yaml_text, first_line = split_front_matter(text)
    if yaml_text is None:
        return None, []
    try:
        node = yaml.compose(yaml_text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        problem = exc.problem or "invalid YAML"
        return None, [
            ContentError(
                path,
                line,
                f"front matter is not valid YAML: {problem} "
                "(check indentation, and quote values that contain ':' or '#')",
            )
        ]
    if node is None:
        return None, [ContentError(path, 1, "front matter is empty: add title, difficulty, tags, sources")]
    if not isinstance(node, yaml.MappingNode):
        return None, [ContentError(path, first_line, "front matter must be a mapping of 'key: value' lines")]
    # Line numbers of nodes are relative to the YAML text; shift them to the file.
    _shift_marks(node, first_line)
    return node, errors


def validate_question(text: str, path: str) -> tuple[QuestionMeta | None, list[ContentError]]:
    """Validate a question page's front matter and section structure."""
    node, errors = load_front_matter(text, path)
    if node is None:
        if not errors:
            errors.append(
                ContentError(
                    path,
                    1,
                    "question page has no front matter: start the file with '---', then title, "
                    "difficulty, tags and sources, then '---'",
                )
            )
        return None, errors

    values: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        line = key_node.start_mark.line
        if key in values:
            errors.append(ContentError(path, line, f"duplicate key '{key}'"))
        elif key not in QUESTION_KEYS:
            allowed = ", ".join(QUESTION_KEYS)
            errors.append(ContentError(path, line, f"unknown key '{key}' (allowed: {allowed})"))
        values[key] = (key_node, value_node)
    for key in REQUIRED_QUESTION_KEYS:
        if key not in values:
            errors.append(ContentError(path, 1, f"missing key '{key}': {QUESTION_KEYS[key]}"))

    title = _string(values, "title", path, errors)
    difficulty = _string(values, "difficulty", path, errors)
    if difficulty is not None and difficulty not in DIFFICULTIES:
        line = values["difficulty"][1].start_mark.line
        errors.append(
            ContentError(path, line, f"difficulty must be one of {', '.join(DIFFICULTIES)} (got '{difficulty}')")
        )
    description = _string(values, "description", path, errors) or ""
    errors += check_text_fields(node, path)
    tags = _tags(values, path, errors)
    sources = _sources(values, path, errors)
    errors += validate_sections(text, path)

    if errors:
        return None, errors
    assert title is not None and difficulty is not None
    return QuestionMeta(path, title, difficulty, tags, sources, description), []


def check_text_fields(node: yaml.Node | None, path: str) -> list[ContentError]:
    """A page's ``title`` and ``description`` are plain text: no HTML, no character references.

    Both reach HTML unescaped (the theme prints the title in the nav and, through Jinja's
    ``striptags``, which decodes references, in ``<title>``), so they are checked on every page.
    """
    if not isinstance(node, yaml.MappingNode):
        return []
    errors = []
    for key_node, value_node in node.value:
        if key_node.value in ("title", "description") and isinstance(value_node, yaml.ScalarNode):
            errors += [
                ContentError(path, value_node.start_mark.line, f"'{key_node.value}': {problem}")
                for problem in plain_problems(str(value_node.value))
            ]
    return errors


def validate_sections(text: str, path: str) -> list[ContentError]:
    """Check that the page has the required H2 sections in order, no H1 and no generated section."""
    errors: list[ContentError] = []
    found: list[tuple[str, int]] = []
    for line_no, level, title in iter_headings(text):
        if level == 1:
            errors.append(
                ContentError(
                    path, line_no, "remove the '# ' heading: the page title comes from 'title' in the front matter"
                )
            )
        elif level == 2:
            if title in GENERATED_SECTIONS:
                errors.append(
                    ContentError(
                        path,
                        line_no,
                        f"remove the '## {title}' section: it is generated from 'sources' in the front matter",
                    )
                )
            found.append((title, line_no))
    titles = [title for title, _ in found]
    for section in REQUIRED_SECTIONS:
        if section not in titles:
            errors.append(ContentError(path, None, f"missing section '## {section}'"))
    present = [t for t in titles if t in REQUIRED_SECTIONS]
    expected = [s for s in REQUIRED_SECTIONS if s in present]
    if present != expected:
        line = next(line for title, line in found if title in REQUIRED_SECTIONS)
        errors.append(ContentError(path, line, "sections are out of order: use " + ", ".join(REQUIRED_SECTIONS)))
    return errors


def iter_headings(text: str) -> list[tuple[int, int, str]]:
    """Return (line, level, title) for every ATX heading outside fenced code and front matter."""
    headings: list[tuple[int, int, str]] = []
    lines = text.splitlines()
    start = 0
    yaml_text, _ = split_front_matter(text)
    if yaml_text is not None:
        start = yaml_text.count("\n") + 2
    fence: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        fence_match = _FENCE_RE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence) and not line.strip()[len(marker) :]:
                fence = None
            continue
        if fence is not None:
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            headings.append((index + 1, len(heading.group(1)), heading.group(2).strip()))
    return headings


def section_text(text: str, section: str) -> str:
    """Return the Markdown of one H2 section (without its heading), or '' when absent."""
    lines = text.splitlines()
    headings = [h for h in iter_headings(text) if h[1] <= 2]
    for position, (line_no, level, title) in enumerate(headings):
        if level == 2 and title == section:
            end = headings[position + 1][0] - 1 if position + 1 < len(headings) else len(lines)
            return "\n".join(lines[line_no:end]).strip()
    return ""


# --- helpers -------------------------------------------------------------------------------


def _shift_marks(node: yaml.Node, offset: int) -> None:
    """Make node marks 1-based file lines (yaml marks are 0-based within the YAML text)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        current.start_mark = _shifted(current.start_mark, offset)
        current.end_mark = _shifted(current.end_mark, offset)
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack += [key, value]
        elif isinstance(current, yaml.SequenceNode):
            stack += list(current.value)


def _shifted(mark: yaml.Mark, offset: int) -> yaml.Mark:
    return yaml.Mark(mark.name, mark.index, mark.line + offset, mark.column, None, None)


def _string(values: dict, key: str, path: str, errors: list[ContentError]) -> str | None:
    if key not in values:
        return None
    node = values[key][1]
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        errors.append(ContentError(path, node.start_mark.line, f"'{key}' must be a non-empty text"))
        return None
    return str(node.value).strip()


def _tags(values: dict, path: str, errors: list[ContentError]) -> list[str]:
    if "tags" not in values:
        return []
    node = values["tags"][1]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        errors.append(
            ContentError(path, node.start_mark.line, "'tags' must be a non-empty list, e.g. [training, optimization]")
        )
        return []
    tags: list[str] = []
    for item in node.value:
        value = str(item.value) if isinstance(item, yaml.ScalarNode) else ""
        if not TAG_RE.match(value):
            errors.append(
                ContentError(
                    path,
                    item.start_mark.line,
                    f"tag '{value}' must be lower-case words joined by hyphens, e.g. 'gradient-descent'",
                )
            )
        elif value in tags:
            errors.append(ContentError(path, item.start_mark.line, f"tag '{value}' is listed twice"))
        else:
            tags.append(value)
    return tags


def _sources(values: dict, path: str, errors: list[ContentError]) -> list[Source]:
    if "sources" not in values:
        return []
    node = values["sources"][1]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        errors.append(
            ContentError(path, node.start_mark.line, "'sources' must be a non-empty list of primary references")
        )
        return []
    sources: list[Source] = []
    for item in node.value:
        line = item.start_mark.line
        if not isinstance(item, yaml.MappingNode):
            errors.append(ContentError(path, line, "each source is a mapping with " + ", ".join(SOURCE_KEYS)))
            continue
        fields: dict[str, Any] = {}
        for key_node, value_node in item.value:
            key = key_node.value
            if key not in SOURCE_KEYS + OPTIONAL_SOURCE_KEYS:
                allowed = ", ".join(SOURCE_KEYS + OPTIONAL_SOURCE_KEYS)
                errors.append(
                    ContentError(path, key_node.start_mark.line, f"unknown source key '{key}' (allowed: {allowed})")
                )
                continue
            if not isinstance(value_node, yaml.ScalarNode) or not str(value_node.value).strip():
                errors.append(
                    ContentError(path, value_node.start_mark.line, f"source '{key}' must be a non-empty text")
                )
                continue
            fields[key] = (str(value_node.value).strip(), value_node.start_mark.line)
        missing = [key for key in SOURCE_KEYS if key not in fields]
        if missing:
            errors.append(ContentError(path, line, "source is missing " + ", ".join(missing)))
            continue
        year_text, year_line = fields["year"]
        if not re.fullmatch(r"(1[89]|20)\d\d", year_text):
            errors.append(ContentError(path, year_line, f"source year must be a year like 2016 (got '{year_text}')"))
            continue
        url, url_line = fields["url"]
        if not URL_RE.match(url):
            errors.append(ContentError(path, url_line, f"source url must be a full https:// address (got '{url}')"))
            continue
        sources.append(
            Source(
                authors=fields["authors"][0],
                title=fields["title"][0],
                venue=fields["venue"][0],
                year=int(year_text),
                url=url,
                note=fields.get("note", ("", 0))[0],
            )
        )
    return sources
