"""Run a snippet's interpreter contained: a throw-away folder, a short environment, limits, no network.

Building a pull request runs its snippets, so a snippet is treated as untrusted code:

- it runs in a fresh temporary working folder, with an allow-listed environment (no tokens, no
  ``PYTHONPATH``), in its own process group that is killed as a whole when the snippet ends, times
  out, prints too much, or the build is interrupted (Ctrl-C);
- POSIX resource limits cap its CPU time, address space and the size of any file it writes;
- its output is read with a cap (``MAX_OUTPUT`` bytes), so a runaway print fails fast;
- on Linux with bubblewrap (``bwrap``), the whole file system is read-only except the working
  folder, and the snippet has no network and its own PID namespace (a detached child dies with
  it). Without bubblewrap, ``unshare --net`` cuts the network where the kernel allows it.

``isolation()`` says which of these the current machine provides; CONTRIBUTING.md and SECURITY.md
describe them per platform.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

MAX_OUTPUT = 1_000_000  #: bytes of stdout (and of stderr) a snippet may print
MAX_FILE = 64 * 1024 * 1024  #: bytes of any one file it may write (its figures)
MAX_MEMORY = 6 * 1024**3  #: bytes of address space
#: Environment variables passed through to a snippet; everything else is dropped.
ALLOWED_ENVIRONMENT = (
    "PATH",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "SYSTEMROOT",
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
    "KB_SNIPPET_TIMEOUT",
)

_running: set[subprocess.Popen] = set()
_lock = threading.Lock()


@dataclass
class Completed:
    """What a contained run produced."""

    returncode: int | None  #: None when it was stopped (timeout or too much output)
    stdout: str
    stderr: str
    timed_out: bool = False
    too_much_output: bool = False


def isolation() -> str:
    """``bubblewrap``, ``unshare`` or ``none``: what confines snippets on this machine."""
    if not sys.platform.startswith("linux"):
        return "none"
    if _works(["bwrap", "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--die-with-parent", "true"]):
        return "bubblewrap"
    if _works(["unshare", "--net", "--map-root-user", "true"]):
        return "unshare"
    return "none"


_isolation_cache: dict[str, str] = {}


def _isolation() -> str:
    if "mode" not in _isolation_cache:
        _isolation_cache["mode"] = os.environ.get("KB_SNIPPET_ISOLATION") or isolation()
    return _isolation_cache["mode"]


def _works(command: list[str]) -> bool:
    if not shutil.which(command[0]):
        return False
    try:
        return subprocess.run(command, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def environment(work: Path, extra: dict[str, str]) -> dict[str, str]:
    """The allow-listed environment, with home, temp and config folders inside ``work``."""
    env = {name: os.environ[name] for name in ALLOWED_ENVIRONMENT if name in os.environ}
    env.setdefault("PATH", "/usr/bin:/bin")
    for name in ("HOME", "TMPDIR", "MPLCONFIGDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(work)
    env.update(extra)
    return env


def command(argv: list[str], work: Path) -> list[str]:
    """``argv`` wrapped in the strongest confinement this machine offers."""
    mode = _isolation()
    if mode == "bubblewrap":
        return [
            "bwrap",
            "--ro-bind",
            "/",
            "/",
            "--dev",
            "/dev",
            "--proc",
            "/proc",
            "--bind",
            str(work),
            str(work),
            "--chdir",
            str(work),
            "--unshare-net",
            "--unshare-pid",
            "--die-with-parent",
            "--new-session",
            *argv,
        ]
    if mode == "unshare":
        return ["unshare", "--net", "--map-root-user", *argv]
    return argv


def run(argv: list[str], work: Path, env: dict[str, str], timeout: float) -> Completed:
    """Run ``argv`` contained, in ``work``, and return its output; never leaves a process behind."""
    proc = subprocess.Popen(
        command(argv, work),
        cwd=work,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_limits(timeout) if os.name == "posix" else None,  # noqa: PLW1509 (no threads in the child)
    )
    with _lock:
        _running.add(proc)
    out, err = bytearray(), bytearray()
    overflow = threading.Event()
    readers = [
        threading.Thread(target=_read, args=(stream, buffer, overflow, proc), daemon=True)
        for stream, buffer in ((proc.stdout, out), (proc.stderr, err))
    ]
    for reader in readers:
        reader.start()
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        kill(proc)  # the whole group: children that outlive the snippet die with it
        for reader in readers:
            reader.join(timeout=5)
        with _lock:
            _running.discard(proc)
    code = None if timed_out or overflow.is_set() else proc.returncode
    return Completed(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), timed_out, overflow.is_set())


def kill(proc: subprocess.Popen) -> None:
    """Kill a process and its group, and reap it."""
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def kill_all() -> None:
    """Stop every snippet still running (on Ctrl-C or when the build gives up)."""
    with _lock:
        running = list(_running)
    for proc in running:
        kill(proc)


def _read(stream, buffer: bytearray, overflow: threading.Event, proc: subprocess.Popen) -> None:
    while chunk := stream.read(65536):
        if len(buffer) + len(chunk) > MAX_OUTPUT:
            buffer.extend(chunk[: MAX_OUTPUT - len(buffer)])
            overflow.set()
            kill(proc)
            break
        buffer.extend(chunk)
    stream.close()


def _limits(timeout: float):
    def apply() -> None:
        import resource

        cpu = int(timeout) + 5
        for limit, value in (
            (resource.RLIMIT_CPU, cpu),
            (resource.RLIMIT_FSIZE, MAX_FILE),
            (resource.RLIMIT_AS, MAX_MEMORY),
        ):
            try:
                resource.setrlimit(limit, (value, value))
            except (ValueError, OSError):
                pass  # a lower hard limit is already in force

    return apply
