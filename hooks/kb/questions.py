"""Render the parts of question pages that come from front matter: references, badges, the index."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from kb.frontmatter import QuestionMeta, Source, section_text

INDEX_MARKER = "<!-- questions-index -->"
STUDY_PATH_MARKER = "<!-- study-path -->"
TOPICS_MARKER = "<!-- topics-overview -->"
LEVELS = ("junior", "mid", "senior")


@dataclass
class IndexEntry:
    """One row of the question index."""

    meta: QuestionMeta
    link: str  #: relative link from the index page to the question page
    topic: str


def render_references(sources: list[Source]) -> str:
    """The '## References' section, one numbered entry per source."""
    lines = ["## References", ""]
    for number, source in enumerate(sources, start=1):
        note = f" {source.note}" if source.note else ""
        lines.append(
            f"{number}. {source.authors} ({source.year}). "
            f"[{_escape_md(source.title)}]({source.url}). *{source.venue}*.{note}"
        )
    return "\n".join(lines)


def render_badges(meta: QuestionMeta) -> str:
    """A one-line summary of difficulty and tags shown at the top of a question page."""
    tags = " ".join(f'<span class="kb-tag">{html.escape(tag)}</span>' for tag in meta.tags)
    return (
        f'<p class="kb-meta"><span class="kb-difficulty kb-difficulty--{meta.difficulty}">'
        f"{meta.difficulty}</span> {tags}</p>"
    )


def render_index(entries: list[IndexEntry]) -> str:
    """A table of every question with its topic, difficulty and tags."""
    counts = {level: sum(e.meta.difficulty == level for e in entries) for level in ("junior", "mid", "senior")}
    summary = ", ".join(f"{count} {level}" for level, count in counts.items())
    lines = [
        f"{len(entries)} questions ({summary}).",
        "",
        "| Question | Topic | Difficulty | Tags |",
        "| --- | --- | --- | --- |",
    ]
    for entry in entries:
        meta = entry.meta
        tags = " ".join(f'<span class="kb-tag">{html.escape(tag)}</span>' for tag in meta.tags)
        difficulty = f'<span class="kb-difficulty kb-difficulty--{meta.difficulty}">{meta.difficulty}</span>'
        lines.append(
            f"| [{_escape_cell(meta.title)}]({entry.link}) | {_escape_cell(entry.topic)} | {difficulty} | {tags} |"
        )
    return "\n".join(lines)


def render_study_path(entries: list[IndexEntry]) -> str:
    """Every question ordered junior to senior, in nav order within each level."""
    lines = []
    step = 0
    for level in LEVELS:
        chosen = [e for e in entries if e.meta.difficulty == level]
        if not chosen:
            continue
        lines += [f"## {level.capitalize()} ({len(chosen)})", ""]
        for entry in chosen:
            step += 1
            lines.append(f"{step}. [{_escape_md(entry.meta.title)}]({entry.link}) · *{entry.topic}*")
        lines.append("")
    return "\n".join(lines)


def render_topics(entries: list[IndexEntry]) -> str:
    """One row per topic: how many questions, at which levels, and the first one to read."""
    topics: dict[str, list[IndexEntry]] = {}
    for entry in entries:
        topics.setdefault(entry.topic, []).append(entry)
    lines = ["| Topic | Questions | Start with |", "| --- | --- | --- |"]
    for topic, chosen in topics.items():
        levels = ", ".join(
            f"{sum(e.meta.difficulty == lv for e in chosen)} {lv}"
            for lv in LEVELS
            if any(e.meta.difficulty == lv for e in chosen)
        )
        first = min(chosen, key=lambda e: LEVELS.index(e.meta.difficulty))
        lines.append(
            f"| {_escape_cell(topic)} | {len(chosen)} ({levels}) | [{_escape_cell(first.meta.title)}]({first.link}) |"
        )
    return "\n".join(lines)


def description_from(markdown: str, limit: int = 160) -> str:
    """A plain-text summary for the meta description: the start of the short answer."""
    text = section_text(markdown, "Short answer").split("\n\n")[0]
    text = re.sub(r"\$\$?([^$]+)\$\$?", r"\1", text)  # math: keep the TeX source
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images: keep the text
    text = re.sub(r"[*_`]+", "", text)
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _escape_md(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _escape_cell(text: str) -> str:
    return _escape_md(text).replace("|", "\\|")
