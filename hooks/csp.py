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
    if _offline(config):
        # The offline copy is read from file:// pages, where search runs through the iframe-worker
        # shim: it injects inline scripts into a frame that inherits the page's policy, and a
        # file:// page has no web origin for the policy to protect. It ships without one.
        log.info("csp: no Content-Security-Policy in the offline build")
        return
    pages = sorted(Path(config.site_dir).rglob("*.html"))
    texts = {path: path.read_text(encoding="utf-8") for path in pages}
    hashes = {script_hash(body) for text in texts.values() for body in inline_scripts(text)}
    value = policy(hashes)
    for path, text in texts.items():
        path.write_text(add_policy(text, value), encoding="utf-8")
    log.debug("csp: %d pages, %d inline script hashes", len(pages), len(hashes))


# --- Helpers ---------------------------------------------------------------------------------


def _offline(config: MkDocsConfig) -> bool:
    """Whether Material's offline plugin is on (mkdocs.offline.yml)."""
    plugin = next((p for name, p in config.plugins.items() if name.split("/")[-1] == "offline"), None)
    return plugin is not None and bool(plugin.config.enabled)
