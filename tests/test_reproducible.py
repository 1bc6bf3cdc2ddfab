"""Builds that reproduce: two builds of one commit give the same site, byte for byte, and a build
killed midway leaves nothing the next build trusts. On a small project: full builds are slow."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DEPLOY_SETTINGS, Project, include_block, question_page
from kb.reproducible import commit_epoch, drop_unreadable_json, reconvert_on_unreadable_entry

#: Files allowed to differ between two builds of one commit, each with its reason in
#: CONTRIBUTING.md ("Builds that reproduce"). Keep it empty.
MAY_DIFFER: set[str] = set()

# Holds the build while the file HOLD exists, so that a test can kill the build while it runs. A snippet
# runs contained (no test variables, a read-only file system), so it can only look; the test watches for
# its process.
HELD_SNIPPET = '''"""A figure and a line of output; holds the build when asked to."""
import os
import time

import matplotlib.pyplot as plt

if os.path.exists({hold!r}):
    time.sleep(120)
fig, ax = plt.subplots(figsize=(4, 3), num="A rising line for the test")
ax.plot([0, 1, 2], [0, 1, 4])
plt.show()
print("finished: 4")
'''


def site_bytes(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def commit_all(root: Path, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one commit"],
    ):
        subprocess.run(["git", *command], cwd=root, env=env, check=True, capture_output=True)


def kill_during_snippets(project: Project) -> None:
    """Start a build, wait until the snippet runs, then SIGKILL the build and its snippet process."""
    hold = project.root / "hold-the-snippet"
    hold.touch()
    env = {key: value for key, value in os.environ.items() if key not in DEPLOY_SETTINGS}
    env.update({"NO_MKDOCS_2_WARNING": "1"})
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project.write_config()), "-d", "killed"],
        cwd=project.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        while not _snippet_running("demo/held.py"):
            assert build.poll() is None, "the build ended before the snippet ran"
            assert time.monotonic() < deadline, "the snippet did not start within 300 s"
            time.sleep(0.2)
    finally:
        os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        hold.unlink()


def _snippet_running(fragment: str) -> bool:
    listing = subprocess.run(["ps", "-ww", "-eo", "args"], capture_output=True, text=True).stdout
    return any(fragment in line and "snippet_runner" in line for line in listing.splitlines())


@pytest.mark.build
def test_a_killed_build_leaves_nothing_trusted_and_two_builds_are_identical(project: Project) -> None:
    project.write("snippets/demo/held.py", HELD_SNIPPET.format(hold=str(project.root / "hold-the-snippet")))
    project.add_page("questions/q.md", question_page(include_block("snippets/demo/held.py")))
    commit_all(project.root, "2024-05-06T07:08:09Z")

    kill_during_snippets(project)
    snippets_cache = project.root / ".cache" / "snippets"
    assert not list(snippets_cache.glob("*/result.json")), "a killed run left a cache entry"

    first = project.build(site="site-first")
    assert first.returncode == 0, first.output
    assert "snippets: 1 executed, 0 from cache" in first.output  # the killed run was not trusted
    assert "finished: 4" in (first.site / "questions" / "q" / "index.html").read_text()

    # What an interrupted write of the other caches would leave: every entry cut in half.
    damaged = [
        *(project.root / ".cache" / "cards").glob("*.apkg"),
        *(project.root / ".cache" / "mkdocs-jupyter").glob("*.json"),
    ]
    assert len(damaged) >= 3  # the site's deck, the page's deck and the notebook page
    for path in damaged:
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    second = project.build(site="site-second")
    assert second.returncode == 0, second.output
    assert "snippets: 0 executed, 1 from cache" in second.output
    one, two = site_bytes(first.site), site_bytes(second.site)
    assert sorted(one) == sorted(two)
    differ = sorted(name for name in one if one[name] != two[name] and name not in MAY_DIFFER)
    assert differ == [], f"these files differ between two builds of one commit: {differ}"
    # The build date is the commit's, whatever the day of the build.
    assert b"<lastmod>2024-05-06</lastmod>" in one["sitemap.xml"]


# Empties every notebook cache entry just before the pages render, after the build's start-up check:
# what a reader meets when another build has opened the entry for writing at that moment.
EMPTYING_HOOK = """
from pathlib import Path
from mkdocs.plugins import event_priority

@event_priority(-50)
def on_pre_page(page, config, **_):
    for entry in Path(config.plugins["mkdocs-jupyter"].config["cache_dir"]).glob("*.json"):
        entry.write_bytes(b"")
        Path("emptied").touch()
    return page
"""


@pytest.mark.build
def test_a_notebook_cache_entry_emptied_during_the_build_costs_a_conversion_not_the_build(project: Project) -> None:
    project.write("snippets/demo/line.py", 'print("line: 7")\n')
    project.add_page("questions/q.md", question_page(include_block("snippets/demo/line.py")))
    first = project.build(site="site-first")
    assert first.returncode == 0, first.output

    project.write("emptying_hook.py", EMPTYING_HOOK)
    project.config["hooks"].append(str(project.root / "emptying_hook.py"))
    second = project.build(site="site-second")
    assert (project.root / "emptied").exists()  # the entry was there, and was emptied
    assert second.returncode == 0, second.output
    notebook = "lab/demo-line/index.html"  # the snippet as a notebook page
    assert (second.site / notebook).read_bytes() == (first.site / notebook).read_bytes()
    assert "line: 7" in (second.site / notebook).read_text()


def test_only_the_caches_errors_get_a_second_conversion(tmp_path: Path) -> None:
    calls = []

    def render(missing: Path) -> None:
        calls.append(missing)
        if len(calls) == 1:
            missing.read_text()

    guarded = reconvert_on_unreadable_entry(render, tmp_path / "cache")
    guarded(tmp_path / "cache" / "evicted.json")  # vanished between the check and the read: converted again
    assert len(calls) == 2
    calls.clear()
    with pytest.raises(FileNotFoundError):  # the notebook itself missing is the contributor's to fix
        guarded(tmp_path / "notebook.ipynb")
    assert len(calls) == 1


def test_half_written_json_cache_entries_are_dropped(tmp_path: Path) -> None:
    (tmp_path / "whole.json").write_text('{"content": "<p>page</p>"}')
    (tmp_path / "cut.json").write_text('{"content": "<p>pa')
    assert drop_unreadable_json(tmp_path) == [tmp_path / "cut.json"]
    assert [p.name for p in tmp_path.iterdir()] == ["whole.json"]
    assert drop_unreadable_json(tmp_path / "missing") == []


def test_build_date_is_the_last_commits(tmp_path: Path) -> None:
    assert commit_epoch(tmp_path) is None  # not a git checkout: MkDocs uses today's date
    (tmp_path / "page.md").write_text("text\n")
    commit_all(tmp_path, "2024-05-06T07:08:09Z")
    assert commit_epoch(tmp_path) == "1714979289"
