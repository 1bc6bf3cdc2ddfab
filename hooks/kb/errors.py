"""Contributor errors that name a place: ``path:line: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One mistake in the content, located as precisely as we can."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def format_errors(errors: list[ContentError], what: str) -> str:
    """Render every error, one per line, under a one-line summary."""
    noun = "error" if len(errors) == 1 else "errors"
    lines = [f"{len(errors)} {what} {noun}:"]
    lines += [f"  {error}" for error in sorted(errors, key=_sort_key)]
    return "\n".join(lines)


def _sort_key(error: ContentError) -> tuple[str, int, str]:
    return (error.path, error.line or 0, error.message)
