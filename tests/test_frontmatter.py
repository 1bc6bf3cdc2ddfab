"""Front matter and page-structure validation: each mistake gives one exact `path:line: message`."""

from __future__ import annotations

import pytest

from conftest import question_page
from kb.frontmatter import iter_headings, section_text, validate_question

PATH = "docs/questions/foo.md"
VALID = question_page()


def errors_of(text: str) -> list[str]:
    return [str(error) for error in validate_question(text, PATH)[1]]


def test_valid_page_passes() -> None:
    meta, errors = validate_question(VALID, PATH)
    assert errors == []
    assert meta is not None
    assert meta.difficulty == "mid"
    assert meta.tags == ["testing"]
    assert meta.sources[0].year == 2016
    assert meta.sources[0].url == "https://www.deeplearningbook.org/"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "difficulty: mid",
            "difficulty: hard",
            "docs/questions/foo.md:3: difficulty must be one of junior, mid, senior (got 'hard')",
        ),
        (
            'title: "What does a test question ask?"\n',
            "",
            "docs/questions/foo.md:1: missing key 'title': the question, as an interviewer would ask it",
        ),
        (
            "tags: [testing]",
            "tags: [Testing]",
            "docs/questions/foo.md:4: tag 'Testing' must be lower-case words joined by hyphens, "
            "e.g. 'gradient-descent'",
        ),
        (
            "tags: [testing]",
            "tags: []",
            "docs/questions/foo.md:4: 'tags' must be a non-empty list, e.g. [training, optimization]",
        ),
        (
            "tags: [testing]",
            "tags: [testing]\ntopic: x",
            "docs/questions/foo.md:5: unknown key 'topic' (allowed: title, difficulty, tags, sources, description)",
        ),
        (
            "    year: 2016",
            "    year: sixteen",
            "docs/questions/foo.md:9: source year must be a year like 2016 (got 'sixteen')",
        ),
        (
            '    url: "https://www.deeplearningbook.org/"',
            '    url: "www.deeplearningbook.org"',
            "docs/questions/foo.md:10: source url must be a full https:// address (got 'www.deeplearningbook.org')",
        ),
        (
            '    venue: "MIT Press"\n',
            "",
            "docs/questions/foo.md:6: source is missing venue",
        ),
        (
            "sources:\n",
            "sources: []\nold_sources:\n",
            "docs/questions/foo.md:5: 'sources' must be a non-empty list of primary references",
        ),
        (
            "difficulty: mid",
            "difficulty: mid: really",
            # The parser's own words vary with the YAML library (libyaml or pure Python).
            "docs/questions/foo.md:3: front matter is not valid YAML: mapping values are not allowed ",
        ),
        (
            "## Pitfalls",
            "## References",
            "docs/questions/foo.md:30: remove the '## References' section: it is generated from "
            "'sources' in the front matter",
        ),
        (
            "## Short answer",
            "# Short answer",
            "docs/questions/foo.md:13: remove the '# ' heading: the page title comes from 'title' in the front matter",
        ),
        (
            'title: "What does a test question ask?"',
            'title: "Ask <img src=x onerror=alert(1)>"',
            "docs/questions/foo.md:2: 'title': raw HTML '<img' is not allowed: this field is plain text, shown as written",
        ),
        (
            'title: "What does a test question ask?"',
            'title: "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"',
            "docs/questions/foo.md:2: 'title': character reference '&lt;' is not allowed: write the character itself "
            "(this field is plain text, shown as written)",
        ),
        (
            "difficulty: mid",
            'difficulty: mid\ndescription: "<svg onload=alert(1)>"',
            "docs/questions/foo.md:4: 'description': raw HTML '<svg' is not allowed: this field is plain text, "
            "shown as written",
        ),
    ],
    ids=[
        "bad-difficulty",
        "missing-title",
        "bad-tag",
        "empty-tags",
        "unknown-key",
        "bad-year",
        "bad-url",
        "source-missing-key",
        "empty-sources",
        "invalid-yaml",
        "references-by-hand",
        "h1-in-body",
        "html-title",
        "entity-title",
        "html-description",
    ],
)
def test_each_mistake_is_reported_with_its_line(old: str, new: str, expected: str) -> None:
    assert old in VALID
    errors = errors_of(VALID.replace(old, new, 1))
    assert any(error == expected or (expected.endswith(" ") and error.startswith(expected)) for error in errors), errors


def test_missing_front_matter() -> None:
    assert errors_of("## Short answer\n") == [
        "docs/questions/foo.md:1: question page has no front matter: start the file with '---', "
        "then title, difficulty, tags and sources, then '---'"
    ]


def test_unclosed_front_matter() -> None:
    assert errors_of("---\ntitle: x\n\n## Short answer\n") == [
        "docs/questions/foo.md:1: front matter is not closed: add a line '---' after the last key"
    ]


def test_missing_and_misordered_sections() -> None:
    text = VALID.replace("## Pitfalls", "## Traps")
    assert "docs/questions/foo.md: missing section '## Pitfalls'" in errors_of(text)
    swapped = (
        VALID.replace("## Short answer", "## TMP")
        .replace("## Deeper explanation", "## Short answer")
        .replace("## TMP", "## Deeper explanation")
    )
    assert any("sections are out of order" in error for error in errors_of(swapped))


def test_all_errors_are_collected_in_one_run() -> None:
    text = VALID.replace("difficulty: mid", "difficulty: easy").replace("tags: [testing]", "tags: [A B]")
    assert len(errors_of(text)) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## A\ntext\n### B\n", [(1, 2, "A"), (3, 3, "B")]),
        ("```\n## not a heading\n```\n## A\n", [(4, 2, "A")]),
        ("````md\n```\n## inside\n```\n````\n## A\n", [(6, 2, "A")]),
        ("---\ntitle: x\n---\n## A ##\n", [(4, 2, "A")]),
    ],
    ids=["levels", "fenced", "nested-fences", "after-front-matter"],
)
def test_iter_headings(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert iter_headings(text) == expected


def test_section_text_stops_at_next_h2_but_keeps_h3() -> None:
    text = "## Short answer\n\nOne.\n\n### Detail\n\nTwo.\n\n## Next\n\nThree.\n"
    assert section_text(text, "Short answer") == "One.\n\n### Detail\n\nTwo."
    assert section_text(text, "Absent") == ""
