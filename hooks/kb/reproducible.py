"""Builds that reproduce: one commit gives one ``site/``, byte for byte, and a build stopped midway
leaves nothing that the next one trusts.

What the build caches and how each cache survives a killed build:

- ``.cache/snippets/<key>/``: written in a temporary folder renamed into place (kb.snippets).
- ``.cache/cards/``: written with :func:`write_atomic`, checked on read (kb.cards).
- ``.cache/linkcheck.json`` (``make linkcheck``, not the build): written with :func:`write_atomic`.
- ``.cache/mkdocs-jupyter/``: mkdocs-jupyter writes its entries in place, so
  :func:`reconvert_on_unreadable_entry` converts a notebook again when its entry does not read
  (half-written by a killed build, or by another build at that moment, or evicted by one).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path


def commit_epoch(root: Path) -> str | None:
    """The last commit's date in seconds since the epoch, or None outside a git checkout."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    epoch = proc.stdout.strip()
    return epoch if proc.returncode == 0 and epoch.isdigit() else None


def drop_unreadable_json(cache_dir: Path) -> list[Path]:
    """Delete the ``*.json`` entries of ``cache_dir`` that do not parse; return what was deleted."""
    dropped = []
    for path in sorted(cache_dir.glob("*.json")) if cache_dir.is_dir() else []:
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            path.unlink(missing_ok=True)
            dropped.append(path)
    return dropped


def reconvert_on_unreadable_entry(render: Callable[..., None], cache_dir: Path) -> Callable[..., None]:
    """Wrap a notebook page's ``render`` (mkdocs-jupyter's cached one) so that an entry of ``cache_dir``
    that does not parse, or vanishes between the plugin's check and its read, costs one more conversion
    instead of the build. mkdocs-jupyter checks that an entry exists, then reads it; its entries are
    written in place, so a reader can meet an empty or cut file. The second try converts the notebook
    (the bad entry dropped) and writes the entry again; an error that is not the cache's fails as before."""

    def render_or_reconvert(*args: object) -> None:
        try:
            return render(*args)
        except (json.JSONDecodeError, FileNotFoundError) as error:
            if isinstance(error, FileNotFoundError) and Path(error.filename or "").parent != cache_dir:
                raise
            drop_unreadable_json(cache_dir)
            return render(*args)

    return render_or_reconvert


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place: readers see all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
