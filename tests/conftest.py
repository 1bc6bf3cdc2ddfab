"""Shared fixtures: the repository root, a built copy of the site, and throw-away projects."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snippet-outputs",
        action="store_true",
        help="rewrite tests/snippet_outputs/ from what the snippets print now",
    )


@dataclass
class BuildResult:
    """The outcome of one `mkdocs build --strict` run."""

    returncode: int
    output: str  # stdout and stderr together, as a contributor sees them
    site: Path


def mkdocs_build(config_file: Path, site_dir: Path, env: dict[str, str] | None = None) -> BuildResult:
    """Run `mkdocs build --strict` the way `make build` does, in a subprocess."""
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
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
    """The real site, built once per test session."""
    result = mkdocs_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site") / "site")
    assert result.returncode == 0, result.output
    return result


class Project:
    """A minimal copy of the site's set-up in a temp folder, for feeding the build bad input."""

    def __init__(self, root: Path) -> None:
        self.root = root
        config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
        config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
        config["nav"] = []
        config.pop("watch", None)
        self.config = config
        shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
        shutil.copy(ROOT / "requirements.lock", root / "requirements.lock")
        (root / "snippets").mkdir()
        self.write("docs/index.md", "# Home\n\nA test site.\n")

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def add_page(self, relative: str, text: str) -> None:
        """Write a page under docs/ and list it in the nav."""
        self.write(f"docs/{relative}", text)
        self.config["nav"].append(relative)

    def build(self, env: dict[str, str] | None = None) -> BuildResult:
        if "index.md" not in self.config["nav"]:
            self.config["nav"].insert(0, "index.md")
        config_file = self.root / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(self.config, sort_keys=False))
        return mkdocs_build(config_file, self.root / "site", env)


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
"""


def question_page(examples: str = "No code here.") -> str:
    """A valid question page whose Worked examples section is ``examples``."""
    return QUESTION_TEMPLATE.format(examples=examples)


def include_block(snippet: str) -> str:
    return f'```python title="{snippet}"\n--8<-- "{snippet}"\n```'
