"""Shared fixtures: the repository root, a built copy of the site, and throw-away projects."""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snippet-outputs",
        action="store_true",
        help="rewrite tests/snippet_outputs/ from what the snippets print now",
    )
    parser.addoption(
        "--changed-snippets",
        action="store_true",
        help="run only the snippets changed since main, or included by pages changed since main",
    )


#: Fixtures that build a site: a test that uses one is marked ``build`` (``make test-fast`` leaves them out).
BUILD_FIXTURES = {"built_site", "base_url", "project", "offline_site"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


#: Files whose change can alter every snippet's output.
SNIPPET_ENVIRONMENT = ("requirements.lock", "hooks/kb/snippet_runner.py", "hooks/kb/snippets.py")


def changed_since_main() -> set[str]:
    """Repository paths changed since the branch left main: commits, uncommitted edits and new files."""

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)

    base = next(
        (
            out.stdout.strip()
            for ref in ("origin/main", "main")
            if (out := git("merge-base", "HEAD", ref)).returncode == 0
        ),
        "HEAD",
    )
    changed = git("diff", "--name-only", base).stdout.split()
    changed += git("ls-files", "--others", "--exclude-standard").stdout.split()
    return set(changed)


def selected_snippets(config: pytest.Config, snippets: list[str]) -> list[str]:
    """All snippets, or with --changed-snippets those a change since main can affect."""
    if not config.getoption("--changed-snippets"):
        return snippets
    changed = changed_since_main()
    if changed & set(SNIPPET_ENVIRONMENT):
        return snippets
    from kb.snippets import find_includes

    chosen = {s for s in snippets if s in changed or f"tests/snippet_outputs/{s[len('snippets/') : -3]}.txt" in changed}
    for page in changed:
        if page.startswith("docs/") and page.endswith(".md") and (ROOT / page).is_file():
            chosen |= {i.path for i in find_includes((ROOT / page).read_text(), page)[0] if i.path in snippets}
    return sorted(chosen)


@dataclass
class BuildResult:
    """The outcome of one `mkdocs build --strict` run."""

    returncode: int
    output: str  # stdout and stderr together, as a contributor sees them
    site: Path


#: Set by the deploy workflow (see the top of mkdocs.yml); the tests build with the placeholders.
DEPLOY_SETTINGS = ("SITE_URL", "REPO_URL", "REPO_NAME")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as a build without the deploy settings does: `!ENV [NAME, default]` is its default."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
# `!!python/name:` (the Mermaid fence's formatter) names a Python object that only MkDocs imports.
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)


def mkdocs_config(path: Path = ROOT / "mkdocs.yml") -> dict:
    """The settings of mkdocs.yml, deploy settings at their local placeholders."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)


def mkdocs_build(config_file: Path, site_dir: Path, env: dict[str, str] | None = None) -> BuildResult:
    """Run `mkdocs build --strict` the way `make build` does, in a subprocess."""
    run_env = {key: value for key, value in os.environ.items() if key not in DEPLOY_SETTINGS}
    run_env.update({"NO_MKDOCS_2_WARNING": "1", **(env or {})})
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=config_file.parent,
        env=run_env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site_dir)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real site, built once per test session: under pytest-xdist (`make test`), the first worker
    to need it builds it and the others wait for it and read it. No test writes into it."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        result = mkdocs_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site") / "site")
    else:
        shared = tmp_path_factory.getbasetemp().parent  # one folder for all workers of this run
        record = shared / "built_site.json"
        with open(shared / "built_site.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not record.exists():
                built = mkdocs_build(ROOT / "mkdocs.yml", shared / "site")
                record.write_text(json.dumps({"returncode": built.returncode, "output": built.output}))
        data = json.loads(record.read_text())
        result = BuildResult(data["returncode"], data["output"], shared / "site")
    assert result.returncode == 0, result.output
    return result


class Project:
    """A minimal copy of the site's set-up in a temp folder, for feeding the build bad input."""

    def __init__(self, root: Path) -> None:
        self.root = root
        config = mkdocs_config()
        config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
        config["nav"] = []
        config.pop("watch", None)
        self.config = config
        shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
        shutil.copy(ROOT / "requirements.lock", root / "requirements.lock")
        (root / "snippets").mkdir()
        self.write("docs/index.md", "# Home\n\nA test site about gradients.\n")
        self.write("docs/glossary.yml", "- term: gradient\n  definition: The vector of partial derivatives.\n")

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def add_page(self, relative: str, text: str) -> None:
        """Write a page under docs/ and list it in the nav."""
        self.write(f"docs/{relative}", text)
        self.config["nav"].append(relative)

    def write_config(self) -> Path:
        if "index.md" not in self.config["nav"]:
            self.config["nav"].insert(0, "index.md")
        if "glossary.md" not in self.config["nav"]:
            self.config["nav"].append("glossary.md")  # generated by the glossary hook
        config_file = self.root / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(self.config, sort_keys=False))
        return config_file

    def build(self, env: dict[str, str] | None = None, site: str = "site") -> BuildResult:
        return mkdocs_build(self.write_config(), self.root / site, env)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


QUESTION_TEMPLATE = """\
---
title: "What does a test question ask?"
difficulty: mid
tags: [testing]
sources:
  - authors: "Goodfellow, Bengio & Courville"
    title: "Deep Learning"
    venue: "MIT Press"
    year: 2016
    url: "https://www.deeplearningbook.org/"
---

## Short answer

A short answer.

## Deeper explanation

An explanation.

## Worked examples

{examples}

## Follow-up questions

??? question "A follow-up?"
    An answer.

## Pitfalls

- **A pitfall.** Why.

## Quiz

```quiz
id: test-one
type: single
question: One?
options:
  - text: Yes
    correct: true
  - text: No
    feedback: Wrong.
explanation: Because.
```

```quiz
id: test-two
type: multiple
question: Two?
options:
  - text: A
    correct: true
  - text: B
    correct: true
  - text: C
    feedback: Not C.
explanation: A and B.
```

```quiz
id: test-three
type: numeric
question: What is $-\\ln 0.7$, to 3 decimals?
answer: 0.357
tolerance: 0.001
explanation: See [the short answer](#short-answer).
```

```quiz
id: test-say-it
type: recall
question: "Say it in 30 seconds: What does a test question ask?"
model_answer: A short answer.
```
"""


def question_page(examples: str = "No code here.") -> str:
    """A valid question page whose Worked examples section is ``examples``."""
    return QUESTION_TEMPLATE.format(examples=examples)


def include_block(snippet: str) -> str:
    return f'```python title="{snippet}"\n--8<-- "{snippet}"\n```'


# --- Browser --------------------------------------------------------------------------------

# What Material's palette toggle stores (under "<site path>.__palette"): the palette option chosen.
PALETTES = {
    "light": {
        "index": 1,
        "color": {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "indigo",
            "accent": "indigo",
        },
    },
    "dark": {
        "index": 2,
        "color": {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "indigo",
            "accent": "light-blue",
        },
    },
}


def stored_palette(palette: dict) -> str:
    """An init script that makes `palette` the one the reader chose (stored as Material stores it)."""
    return f"localStorage.setItem('/.__palette', {json.dumps(json.dumps(palette))})"


CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str | None:
    """The system Chromium when there is one (Debian's), else Playwright's own browser."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def wait_until(page: Page, expression: str, arg: object = None, timeout: float = 30.0) -> None:
    """Poll a JavaScript expression (or function of ``arg``) until it is truthy.

    Playwright's ``wait_for_function`` polls with ``eval`` inside the page, which the site's
    Content-Security-Policy forbids; ``page.evaluate`` goes through the debugging protocol instead.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout:g} s: {expression}")
        time.sleep(0.05)


def open_settled(page: Page, url: str) -> None:
    """Open ``url`` and return once the page has loaded and its requests have stopped.

    Playwright's ``networkidle`` alone means 500 ms without a request since the response came, not that the
    page loaded: on a busy machine it can fire while the parser is still on the script tags at the end of
    the body. A key or focus then meets no listener yet, and a click navigates instantly before the last
    tags are read, so that their relative addresses resolve against the next page's (a 404).
    """
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")


def open_for_instant_navigation(page: Page, site: Path, base_url: str, path: str) -> None:
    """Open a page so that its links navigate instantly, and return once the theme has the sitemap.

    The theme navigates instantly only to URLs listed in sitemap.xml, matched on host but not on port: the
    sitemap is served as the deployed site would serve it, with this server's address in it.
    """
    sitemap = (site / "sitemap.xml").read_text().replace(mkdocs_config()["site_url"], base_url)
    page.route("**/sitemap.xml", lambda route: route.fulfill(body=sitemap, content_type="application/xml"))
    with page.expect_response("**/sitemap.xml"):
        open_settled(page, base_url + path)


def scripts_ready(page: Page) -> None:
    """Wait until the site's scripts have taken over every quiz form and progress-transfer panel: a click or a
    file chosen before that does nothing (quiz forms use method="dialog", so the page never reloads), and on a
    slow, loaded machine the scripts, some loaded on demand, arrive after the network is idle."""
    wait_until(
        page,
        "[...document.querySelectorAll('article form.quiz, .kb-transfer')].every(e => e.dataset.ready)",
    )


#: What the site's scripts draw after a page's load event, from scripts and data they load on demand: the
#: Review app and the progress dashboard (each drawn, or showing its error; an empty dashboard is drawn without
#: the study index), and every Mermaid diagram (its source is a <pre> outside any code block until Material
#: replaces it with the drawing).
DRAWN = (
    "[...document.querySelectorAll('.kb-review')].every(e => e.querySelector('form, .is-error'))"
    " && [...document.querySelectorAll('.kb-dashboard')].every(e => e.dataset.drawn || e.querySelector('.is-error'))"
    " && [...document.querySelectorAll('article pre')].every(e => e.closest('.highlight, .highlight-ipynb, .jp-OutputArea'))"
)


def page_ready(page: Page) -> None:
    """Wait until a loaded page shows all it will (scripts_ready, then DRAWN): for a test that looks at the
    whole page, such as accessibility or layout, without waiting for the network to fall idle on each page."""
    scripts_ready(page)
    wait_until(page, DRAWN)


def start_review(page: Page) -> None:
    """Start a review on the Review page and wait for its first card: the cards' text is fetched when a
    review starts, and a key pressed before the card shows does nothing."""
    page.click(".kb-review__start")
    expect(page.locator(".kb-review__progress")).to_contain_text("Card 1 of")


def wait_for_card(page: Page, card: str) -> None:
    """Wait until an answer's card (e.g. ``quiz:<item id>``) is in the stored schedule: it is graded once the
    scheduler has arrived, which can be after the page's load, and leaving the page before that loses it."""
    wait_until(page, f"window.kbSrs && kbSrs.loadReview().cards[{card!r}]")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve a built site on a free loopback port; returns its base URL and the server."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def base_url(built_site: BuildResult) -> Iterator[str]:
    url, server = serve(built_site.site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Watched:
    """A page plus everything it requested and every error it logged."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", lambda request: self.failed.append(request.url))
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            # A failed resource logs only its status; say which URL, so that a failure names its cause.
            where = message.location.get("url") if message.text.startswith("Failed to load resource") else ""
            self.errors.append(f"{message.text} [{where}]" if where else message.text)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page())
    context.close()
