"""Read a built site: every page's ids, links and resources, resolved to files."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

RESOURCE_TAGS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src"}


@dataclass
class PageLinks:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # <a href>
    resources: list[str] = field(default_factory=list)  # what the browser loads by itself


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.page.ids.add(values[name])
        if tag == "a" and "href" in values:
            self.page.links.append(values["href"])
        elif tag == "link" and "href" in values:
            rel = values.get("rel", "")
            if any(r in rel.split() for r in ("stylesheet", "preload", "icon", "modulepreload", "manifest")):
                self.page.resources.append(values["href"])
            else:
                self.page.links.append(values["href"])
        elif tag in RESOURCE_TAGS and values.get(RESOURCE_TAGS[tag]) is not None and RESOURCE_TAGS[tag] in values:
            self.page.resources.append(values[RESOURCE_TAGS[tag]])


def read_page(path: Path) -> PageLinks:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector.page


def is_external(url: str) -> bool:
    """True for a URL on another host (http, https, protocol-relative); data: URLs are inline."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") or (not parts.scheme and bool(parts.netloc))


def resolve(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """Map a relative URL on ``page`` to a file in ``site`` and a fragment ('' if none)."""
    parts = urlsplit(url)
    fragment = unquote(parts.fragment)
    if not parts.path:
        return page, fragment
    if parts.path.startswith("/"):  # root-relative (the 404 page): the site is served from /
        target = (site / unquote(parts.path).lstrip("/")).resolve()
    else:
        target = (page.parent / unquote(parts.path)).resolve()
    if url.endswith("/") or target.is_dir():
        target = target / "index.html"
    try:
        target.relative_to(site.resolve())
    except ValueError:
        return None, fragment
    return (target if target.is_file() else None), fragment
