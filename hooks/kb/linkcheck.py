"""`make linkcheck`: check every external link in docs/ (needs the network; not part of `make test`).

Results are cached in ``.cache/linkcheck.json`` for a week, so a rerun only asks about new or
failing links. Links matching a pattern in ``.github/linkcheck.yml`` are skipped; each entry
says why.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from kb.reproducible import write_atomic

URL_RE = re.compile(r"""https?://[^\s)\]"'<>`]+""")
CACHE_DAYS = 7
USER_AGENT = "Mozilla/5.0 (compatible; dl-interview-kb linkcheck)"


def find_links(root: Path) -> dict[str, list[str]]:
    """Every external URL in docs/ (pages, glossary) mapped to the places it appears (path:line)."""
    links: dict[str, list[str]] = {}
    for path in sorted([*root.glob("docs/**/*.md"), root / "docs" / "glossary.yml"]):
        if not path.is_file() or "overrides" in path.parts or "vendor" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for url in URL_RE.findall(line):
                links.setdefault(url.rstrip(".,;:"), []).append(f"{path.relative_to(root)}:{number}")
    return links


def load_allowlist(path: Path) -> list[tuple[re.Pattern[str], str]]:
    data = yaml.safe_load(path.read_text()) if path.is_file() else {}
    entries = []
    for entry in (data or {}).get("allow", []):
        if not entry.get("reason"):
            raise SystemExit(f"{path}: every allowlist entry needs a reason ({entry.get('pattern')})")
        entries.append((re.compile(entry["pattern"]), entry["reason"]))
    return entries


def check(url: str, timeout: float = 20.0) -> tuple[bool, str]:
    """(ok, status) for one URL: HEAD first, GET when the server refuses HEAD."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return True, str(response.status)
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
            return exc.code < 400, str(exc.code)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return False, type(exc).__name__ + ": " + str(getattr(exc, "reason", exc))
    return False, "no answer"


def no_network(urls: list[str], timeout: float = 10.0) -> str | None:
    """Why no link can be checked at all (no DNS, no route), or None when a host answers.

    Tries a few of the links' hosts first: offline, every link would otherwise be reported broken.
    """
    parts = [urllib.parse.urlsplit(url) for url in urls]
    addresses = [(p.hostname, p.port or (443 if p.scheme == "https" else 80)) for p in parts if p.hostname]
    addresses = list(dict.fromkeys(addresses))[:3]
    error: OSError | None = None
    for address in addresses:
        try:
            socket.create_connection(address, timeout=timeout).close()
            return None
        except OSError as exc:
            error = exc
    hosts = ", ".join(host for host, _ in addresses)
    return f"cannot reach {hosts} ({type(error).__name__}: {error})" if error else None


def main(root: Path | None = None) -> int:
    root = root or Path.cwd()
    cache_file = root / ".cache" / "linkcheck.json"
    cache = json.loads(cache_file.read_text()) if cache_file.is_file() else {}
    allow = load_allowlist(root / ".github" / "linkcheck.yml")
    links = find_links(root)
    fresh = time.time() - CACHE_DAYS * 86400
    todo = [
        url
        for url in links
        if not any(p.search(url) for p, _ in allow)
        and not (cache.get(url, {}).get("ok") and cache[url]["checked"] > fresh)
    ]
    offline = no_network(todo)
    if offline:
        print(
            f"no network: {offline}; {len(todo)} external links left unchecked. "
            "Run make linkcheck with internet access.",
            file=sys.stderr,
        )
        return 2
    with ThreadPoolExecutor(max_workers=8) as pool:
        for url, (ok, status) in zip(todo, pool.map(check, todo), strict=True):
            cache[url] = {"ok": ok, "status": status, "checked": time.time()}
    write_atomic(cache_file, json.dumps(cache, indent=1, sort_keys=True).encode())
    broken = [url for url in todo if not cache[url]["ok"]]
    print(f"{len(links)} external links, {len(todo)} checked now, {len(links) - len(todo)} cached or allowed")
    for url in broken:
        print(f"{', '.join(links[url])}: {url} ({cache[url]['status']})", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
