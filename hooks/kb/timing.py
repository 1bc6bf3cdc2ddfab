"""Time spent in the site's own hooks during one build.

Each hook's events are wrapped with :func:`timed`; the totals are logged at the end of the
build, at debug level (``mkdocs build --verbose``) or, with ``KB_HOOK_TIMING=1`` as
``make bench`` sets it, at info level.
"""

from __future__ import annotations

import functools
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)
log = logging.getLogger("mkdocs.plugins.timing")
totals: dict[str, float] = defaultdict(float)


def timed(name: str) -> Callable[[F], F]:
    """Add the wrapped event's run time to ``totals[name]``."""

    def decorate(function: F) -> F:
        @functools.wraps(function)  # keeps __name__ and MkDocs' event priority attribute
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals[name] += time.perf_counter() - started

        return wrapper  # type: ignore[return-value]

    return decorate


def report() -> str:
    """The totals as one line (and reset them for the next build, e.g. under `mkdocs serve`)."""
    line = "hook time: " + ", ".join(f"{name} {seconds:.3f} s" for name, seconds in sorted(totals.items()))
    totals.clear()
    return line
