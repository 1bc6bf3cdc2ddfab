"""The ``impl`` fixture: the module an exercise's tests run against.

``KB_EXERCISE_IMPL`` chooses it: ``solution`` (the default) or ``starter``, the file of that name next to
the test file, or the path of any Python file, such as a learner's copy (``make exercise NAME=...``).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

_modules: dict[tuple[Path, int], ModuleType] = {}


def _load(path: Path) -> ModuleType:
    key = (path, path.stat().st_mtime_ns)
    if key not in _modules:
        spec = importlib.util.spec_from_file_location(f"exercise_impl_{len(_modules)}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _modules[key] = module
    return _modules[key]


@pytest.fixture
def impl(request: pytest.FixtureRequest) -> ModuleType:
    choice = os.environ.get("KB_EXERCISE_IMPL", "solution")
    if choice in ("solution", "starter"):
        path = Path(request.path).parent / f"{choice}.py"
    else:
        path = Path(choice).resolve()
    return _load(path)
