"""MkDocs hook: builds that reproduce (see kb.reproducible).

- The build date, which MkDocs writes into the sitemap (``lastmod``) and the header of
  ``sitemap.xml.gz``, is the last commit's date, passed as ``SOURCE_DATE_EPOCH`` unless the
  environment sets it: builds of one commit on different days give the same bytes.
- Drops the mkdocs-jupyter cache entries that a killed build left half-written, and converts a
  notebook again when its entry turns unreadable while the build runs.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from kb.reproducible import commit_epoch, drop_unreadable_json, reconvert_on_unreadable_entry

log = logging.getLogger("mkdocs.plugins.reproducible")

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
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and jupyter.config.get("cache"):
        # mkdocs-jupyter resolves its cache_dir against the working directory, so this does too.
        for path in drop_unreadable_json(Path(jupyter.config["cache_dir"])):
            log.info("Dropped a half-written notebook cache entry: %s", path)
    return config


@event_priority(-100)  # after mkdocs-jupyter has given each notebook page its cached render
def on_pre_page(page: Page, config: MkDocsConfig, **_: object) -> Page:
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and jupyter.config.get("cache") and page.file.src_uri.endswith(".ipynb"):
        page.render = reconvert_on_unreadable_entry(page.render, Path(jupyter.config["cache_dir"]))
    return page
