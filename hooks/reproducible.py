"""MkDocs hook: builds that reproduce (see kb.reproducible).

- The build date, which MkDocs writes into the sitemap (``lastmod``) and the header of
  ``sitemap.xml.gz``, is the last commit's date, passed as ``SOURCE_DATE_EPOCH`` unless the
  environment sets it: builds of one commit on different days give the same bytes.
- Drops the mkdocs-jupyter cache entries that a killed build left half-written.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from kb.reproducible import commit_epoch, drop_unreadable_json

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
