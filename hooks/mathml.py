"""MkDocs hook: every page's math rendered at build time as MathML (``kb.mathml``).

- Replaces the TeX of each ``.arithmatex`` node, as pymdownx.arithmatex wrote it, with the MathML
  the site's KaTeX renders, so readers' browsers load no KaTeX and lay out formulas natively.
- Fails the build with ``path:line`` and KaTeX's message when a formula cannot be parsed.
- Saves the formula cache (``.cache/math/``) once the build is done. The quiz and cards hooks
  render the math of the Practice page's items and the Review page's cards with the same renderer.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from kb.errors import ContentError, format_errors
from kb.mathml import render_math, site_renderer, source_line
from kb.timing import timed

GLOSSARY_SOURCE = "glossary.yml"  # the glossary page's definitions are written there


# --- Hooks -----------------------------------------------------------------------------------


@event_priority(50)  # before pages.py labels display math as regions and csp.py hashes scripts
@timed("mathml")
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    rendered, errors = render_math(output, _renderer(config))
    if errors:
        raise PluginError(format_errors([_located(error, page, config) for error in errors], "math"))
    return rendered


@event_priority(-80)  # after the cards hook has rendered the Review page's cards
@timed("mathml")
def on_post_build(config: MkDocsConfig) -> None:
    renderer = _renderer(config)
    renderer.save()
    renderer.close()


# --- Helpers ---------------------------------------------------------------------------------


def _renderer(config: MkDocsConfig):  # noqa: ANN202
    return site_renderer(Path(config.docs_dir), Path(config.config_file_path).parent)


def _located(error, page: Page, config: MkDocsConfig) -> ContentError:  # noqa: ANN001
    """Where the formula is written: the page's source, else the glossary, as docs/... paths."""
    message = f"{error} (KaTeX cannot render this formula; fix its TeX, `make serve` shows the page)"
    candidates = [page.file.src_uri, GLOSSARY_SOURCE]
    for src in candidates:
        path = Path(config.docs_dir) / src
        if path.is_file():
            line = source_line(path.read_text(encoding="utf-8"), error.tex)
            if line is not None:
                return ContentError(f"docs/{src}", line, message)
    return ContentError(f"docs/{page.file.src_uri}", None, f"{message}: {error.tex}")
