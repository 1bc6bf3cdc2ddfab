"""Hostile and careless snippets are stopped or contained, with a message naming the snippet."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from kb import sandbox
from kb.snippets import SnippetError, load_cached, remove_stale_temp, run_snippet

ISOLATION = sandbox.isolation()
needs_bubblewrap = pytest.mark.skipif(
    ISOLATION != "bubblewrap",
    reason="a read-only file system needs bubblewrap (Linux; .ci/run installs it); elsewhere snippets get a "
    "throw-away folder, limits and a clean environment only",
)
needs_network_isolation = pytest.mark.skipif(
    ISOLATION == "none", reason="cutting the network needs bubblewrap or unshare (Linux only)"
)


def _snippet(tmp_path: Path, source: str) -> tuple[Path, str, Path]:
    (tmp_path / "snippets").mkdir(exist_ok=True)
    (tmp_path / "snippets" / "s.py").write_text(source)
    (tmp_path / "cache").mkdir(exist_ok=True)
    return tmp_path, "snippets/s.py", tmp_path / "cache" / "k"


@needs_bubblewrap
def test_a_snippet_cannot_write_into_the_repository(tmp_path: Path) -> None:
    root, path, out = _snippet(tmp_path, "")
    target = root / "docs" / "index.md"
    target.parent.mkdir()
    target.write_text("# Home\n")
    (root / path).write_text(f"open({str(target)!r}, 'w').write('<script>alert(1)</script>')\n")
    with pytest.raises(SnippetError, match=r"(?s)snippets/s.py: failed .*Read-only file system"):
        run_snippet(root, path, "k", out)
    assert target.read_text() == "# Home\n"
    assert not out.exists()


def test_a_snippet_runs_in_a_throw_away_folder(tmp_path: Path) -> None:
    root, path, out = _snippet(tmp_path, "open('left-behind.txt', 'w').write('x')\nimport os\nprint(os.getcwd())\n")
    result = run_snippet(root, path, "k", out)
    work = Path(result.stdout.strip())
    assert work != root and not work.exists()
    assert not (root / "left-behind.txt").exists()


def test_the_environment_is_allow_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "secret-token")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    root, path, out = _snippet(
        tmp_path, "import os\nprint(os.environ.get('GITHUB_TOKEN'), os.environ.get('PYTHONPATH'))\n"
    )
    assert run_snippet(root, path, "k", out).stdout == "None None\n"


@needs_network_isolation
def test_a_snippet_has_no_network(tmp_path: Path) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(5)
    accepted = []
    threading.Thread(target=lambda: accepted.append(_accept(server)), daemon=True).start()
    port = server.getsockname()[1]
    root, path, out = _snippet(tmp_path, f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=3)\n")
    with pytest.raises(SnippetError, match=r"(?s)snippets/s.py: failed .*(ConnectionRefused|Network is unreachable)"):
        run_snippet(root, path, "k", out)
    time.sleep(0.2)
    server.close()
    assert accepted in ([], [False])


def _accept(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except OSError:
        return False
    connection.close()
    return True


def test_a_child_holding_the_pipe_does_not_hang_the_build(tmp_path: Path) -> None:
    marker = tmp_path / "child-survived"
    child = f"import time; time.sleep(3); open({str(marker)!r}, 'w')"
    root, path, out = _snippet(
        tmp_path,
        (
            "import subprocess, sys\n"
            f"subprocess.Popen([sys.executable, '-c', {child!r}], start_new_session=True)\n"
            "print('parent done')\n"
        ),
    )
    started = time.perf_counter()
    result = run_snippet(root, path, "k", out, timeout=30)
    assert time.perf_counter() - started < 15
    assert result.stdout == "parent done\n"
    time.sleep(4)
    # Under bubblewrap the child dies with the snippet's PID namespace, and the file system is read-only.
    if ISOLATION == "bubblewrap":
        assert not marker.exists()


def test_too_much_output_is_stopped_with_a_clear_message(tmp_path: Path) -> None:
    root, path, out = _snippet(tmp_path, "import sys\nfor _ in range(50):\n    sys.stdout.write('x' * 1_000_000)\n")
    started = time.perf_counter()
    with pytest.raises(SnippetError, match=r"snippets/s.py: printed more than 1,000,000 bytes and was stopped"):
        run_snippet(root, path, "k", out, timeout=60)
    assert time.perf_counter() - started < 30
    assert not out.exists()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("import os\nprint('a')\nos._exit(0)\nprint('b')\n", "stopped before its last line without an error"),
        (
            "import sys\nprint('a')\nsys.exit(0)\nprint('b')\n",
            r"s.py:3: called sys.exit\(0\); a snippet runs to its last line",
        ),
        ("raise SystemExit\n", r"s.py:1: called sys.exit\(None\)"),
    ],
    ids=["os-exit", "sys-exit-0", "system-exit"],
)
def test_an_early_exit_is_an_error_naming_the_snippet(tmp_path: Path, source: str, message: str) -> None:
    root, path, out = _snippet(tmp_path, source)
    with pytest.raises(SnippetError, match=message) as info:
        run_snippet(root, path, "k", out)
    assert str(info.value).startswith("snippets/s.py: ")
    assert not out.exists()
    assert not list((root / "cache").glob(".tmp-*"))


def test_a_tampered_or_truncated_cache_entry_is_not_trusted(tmp_path: Path) -> None:
    root, path, out = _snippet(
        tmp_path,
        (
            "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(num='A rising line')\nax.plot([0, 1])\nprint('ok')\n"
        ),
    )
    run_snippet(root, path, "k", out)
    assert load_cached(out) is not None
    figure = out / "figure-1.svg"
    original = figure.read_bytes()
    figure.write_bytes(original.replace(b"<svg", b"<svg onload='alert(1)'", 1))
    assert load_cached(out) is None  # a poisoned figure: the snippet runs again
    figure.write_bytes(original)
    result_file = out / "result.json"
    result_file.write_text(result_file.read_text()[:40])
    assert load_cached(out) is None  # a half-written entry
    (out.parent / "other").mkdir()
    (out.parent / "other" / "result.json").write_text((out.parent / "k" / "result.json").read_text())
    assert load_cached(out.parent / "other") is None  # an entry copied under another key


def test_stale_temp_folders_are_removed(tmp_path: Path) -> None:
    old, new = tmp_path / ".tmp-old", tmp_path / ".tmp-new"
    old.mkdir()
    new.mkdir()
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    remove_stale_temp(tmp_path)
    assert not old.exists() and new.exists()  # a build may still be writing the new one
