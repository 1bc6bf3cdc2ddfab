"""MkDocs hook: a Content-Security-Policy <meta> on every built page.

Scripts may come from the site itself, plus the inline scripts the theme emits, allowed by the
hashes of what was actually built (kb.csp). Defence in depth: data is escaped where it lands
anyway; the policy stops a script that would slip through.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from kb.csp import add_policy, inline_scripts, policy, script_hash
from kb.timing import timed

log = logging.getLogger("mkdocs.plugins.csp")


# --- Hooks -----------------------------------------------------------------------------------


@event_priority(-90)  # after every hook that writes pages, before the timing report (-100)
@timed("csp")
def on_post_build(config: MkDocsConfig) -> None:
    pages = sorted(Path(config.site_dir).rglob("*.html"))
    texts = {path: path.read_text(encoding="utf-8") for path in pages}
    hashes = {script_hash(body) for text in texts.values() for body in inline_scripts(text)}
    value = policy(hashes)
    for path, text in texts.items():
        path.write_text(add_policy(text, value), encoding="utf-8")
    log.debug("csp: %d pages, %d inline script hashes", len(pages), len(hashes))
