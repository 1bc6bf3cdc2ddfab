"""MkDocs hook: builds that reproduce (see kb.reproducible).

- The build date, which MkDocs writes into the sitemap (``lastmod``) and the header of
  ``sitemap.xml.gz``, is the last commit's date, passed as ``SOURCE_DATE_EPOCH`` unless the
  environment sets it: builds of one commit on different days give the same bytes.
- Converts a notebook again when its mkdocs-jupyter cache entry does not read: half-written by a
  killed build, or by another build writing it at that moment.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from kb.reproducible import commit_epoch, reconvert_on_unreadable_entry

#: Whether this hook, rather than the environment, set SOURCE_DATE_EPOCH (`mkdocs serve` re-runs it).
_ours = False


# --- Hooks -----------------------------------------------------------------------------------


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _ours
    root = Path(config.config_file_path).parent
    if _ours or "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = commit_epoch(root)
        if epoch:
            os.environ["SOURCE_DATE_EPOCH"], _ours = epoch, True
    return config


@event_priority(-100)  # after mkdocs-jupyter has given each notebook page its cached render
def on_pre_page(page: Page, config: MkDocsConfig, **_: object) -> Page:
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and jupyter.config.get("cache") and page.file.src_uri.endswith(".ipynb"):
        # mkdocs-jupyter resolves its cache_dir against the working directory, so this does too.
        page.render = reconvert_on_unreadable_entry(page.render, Path(jupyter.config["cache_dir"]))
    return page
