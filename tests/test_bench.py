"""make bench compares our build with baselines it derives from mkdocs.yml; those configs must load."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench  # noqa: E402


def _copy_config(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for name in ("docs", "hooks", "snippets"):
        (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


def test_nohooks_baseline_is_mkdocs_yml_without_hooks(tmp_path):
    repo = _copy_config(tmp_path)
    bench.write_nohooks_config(repo)
    ours = load_config(str(repo / "mkdocs.yml"))
    base = load_config(str(repo / "mkdocs-nohooks.yml"))
    assert ours["hooks"] and not base["hooks"]
    hooks = {name for name in ours["plugins"] if name.startswith("hooks/")}
    assert hooks and list(base["plugins"]) == [name for name in ours["plugins"] if name not in hooks]
    assert base["nav"] == ours["nav"]
    assert base["markdown_extensions"] == ours["markdown_extensions"]
    # Its own notebook cache: mkdocs-jupyter evicts what a build did not use, and the baseline uses none.
    jupyter = "mkdocs-jupyter"
    assert base["plugins"][jupyter].config["cache_dir"] != ours["plugins"][jupyter].config["cache_dir"]


def test_stock_baseline_drops_hooks_and_the_notebook_plugin_only(tmp_path):
    repo = _copy_config(tmp_path)
    bench.write_stock_config(repo)
    ours = load_config(str(repo / "mkdocs.yml"))
    stock = load_config(str(repo / "mkdocs-stock.yml"))
    assert not stock["hooks"] and not [name for name in stock["plugins"] if name.startswith("hooks/")]
    assert "mkdocs-jupyter" in ours["plugins"] and "mkdocs-jupyter" not in stock["plugins"]
    assert (
        stock["plugins"]["material/search"].config["separator"]
        == ours["plugins"]["material/search"].config["separator"]
    )
    assert {"Glossary": "glossary.md"} not in [dict(entry) for entry in stock["nav"] if isinstance(entry, dict)]


@pytest.mark.build
def test_scale_sites_build_strict(tmp_path):
    """The synthetic 100- and 500-page sites are built with --strict. A rule added for real pages must not
    leave `make bench` failing after half an hour of measuring (it once did, on the recall-item rule)."""
    repo = bench.synthetic_site(tmp_path, pages=6, terms=40, items_per_page=3)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(repo / "site")],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (repo / "site" / "questions" / "q5" / "index.html").is_file()
