"""make bench compares our build with baselines it derives from mkdocs.yml; those configs must load."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

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
