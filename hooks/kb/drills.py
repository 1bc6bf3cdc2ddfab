"""Estimation drills: each numeric step on a drill page agrees with the snippet that works it out.

A drill page (``docs/drills/*.md``) asks for numbers as numeric quiz items, and includes snippets
that print the worked arithmetic. Each result line of a snippet reads ``-> <quiz id> = <value>``.
The check compares those values, as recorded in ``tests/snippet_outputs/`` (which the test suite
keeps equal to what the snippets print), with the answers of the quiz items, so neither can drift.
"""

from __future__ import annotations

import re
from pathlib import Path

from kb.errors import ContentError
from kb.quiz import find_quiz_blocks
from kb.snippets import find_includes

DRILLS_DIR = "drills/"
OUTPUTS_DIR = "tests/snippet_outputs"
ANSWER_RE = re.compile(r"^\s*-> (?P<id>[a-z0-9]+(?:-[a-z0-9]+)*) = (?P<value>-?[0-9][0-9,]*(?:\.[0-9]+)?)\b")


def recorded_answers(root: Path, snippet: str) -> dict[str, float] | None:
    """The ``-> id = value`` lines of a snippet's recorded output, or None when none is recorded."""
    output = root / OUTPUTS_DIR / Path(snippet).relative_to("snippets").with_suffix(".txt")
    if not output.is_file():
        return None
    return {
        m.group("id"): float(m.group("value").replace(",", ""))
        for line in output.read_text(encoding="utf-8").splitlines()
        if (m := ANSWER_RE.match(line))
    }


def check_drills(root: Path, pages: dict[str, str]) -> list[ContentError]:
    """Every numeric item of a drill page has its value printed by a snippet of that page, within its
    tolerance, and every printed value belongs to an item of the page."""
    errors: list[ContentError] = []
    for src, text in sorted(pages.items()):
        if not src.startswith(DRILLS_DIR):
            continue
        path = f"docs/{src}"
        blocks, _ = find_quiz_blocks(text, path)  # malformed items are reported by the quiz check
        items = {b.item.id: b.item for b in blocks if b.item and b.item.type == "numeric"}
        includes, _ = find_includes(text, path)
        answers: dict[str, tuple[float, str]] = {}
        for include in includes:
            for item_id, value in (recorded_answers(root, include.path) or {}).items():
                answers[item_id] = (value, include.path)
        for item_id, item in items.items():
            if item_id not in answers:
                errors.append(
                    ContentError(
                        path,
                        item.line,
                        f"no snippet on this page prints '-> {item_id} = <value>': "
                        "print each step's result from the drill's snippet, then run "
                        "make snippets-refresh",
                    )
                )
                continue
            value, snippet = answers[item_id]
            if abs(value - item.answer) > item.tolerance:
                errors.append(
                    ContentError(
                        path,
                        item.line,
                        f"answer {item.answer:g} (± {item.tolerance:g}) of "
                        f"'{item_id}' disagrees with {snippet}, which prints {value:g}",
                    )
                )
        for item_id, (_, snippet) in sorted(answers.items()):
            if item_id not in items:
                errors.append(
                    ContentError(
                        snippet,
                        None,
                        f"prints an answer for '{item_id}', which is not a numeric "
                        f"quiz item of {path}: add the item, or rename the line",
                    )
                )
    return errors
