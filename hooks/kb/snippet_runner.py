"""Run one snippet as ``__main__`` and save the matplotlib figures it leaves open as SVG.

Usage: ``python snippet_runner.py SNIPPET OUT_DIR``. The snippet's stdout passes
through unchanged. ``OUT_DIR/figures.json`` lists the saved figures. The build
starts this in a fresh interpreter with ``MPLBACKEND=Agg``.
"""

from __future__ import annotations

import json
import re
import runpy
import sys
import traceback
import warnings
from pathlib import Path


def main(script: Path, out_dir: Path) -> int:
    # plt.show() is a no-op on the Agg backend; it only warns about it.
    warnings.filterwarnings("ignore", message=".*non-interactive.*cannot be shown")
    sys.argv = [str(script)]
    sys.path[0] = str(script.parent)
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as exc:  # even exit(0): the lines after it would silently never run
        line = next(
            (f.lineno for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == script.resolve()), None
        )
        print(
            f"{script.name}:{line}: called sys.exit({exc.code!r}); a snippet runs to its last line, so remove "
            "the call (raise an exception to report a failure)",
            file=sys.stderr,
        )
        return 4
    except BaseException as exc:  # report the snippet's own frames, not the runner's
        tb = exc.__traceback__
        while tb is not None and Path(tb.tb_frame.f_code.co_filename) != script.resolve():
            tb = tb.tb_next
        traceback.print_exception(type(exc), exc, tb or exc.__traceback__)
        return 1
    sys.stdout.flush()
    figures = save_figures(out_dir) if "matplotlib.pyplot" in sys.modules else []
    if figures is None:
        return 3
    (out_dir / "figures.json").write_text(json.dumps(figures))
    return 0


def save_figures(out_dir: Path) -> list[dict] | None:
    """Save every open figure as deterministic SVG; None when one has no description."""
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "snippet"  # stable element ids
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller and selectable
    figures = []
    for position, number in enumerate(plt.get_fignums(), start=1):
        figure = plt.figure(number)
        alt = figure.get_label().strip()
        if not alt:
            print(
                f"figure {position} has no description: create it with a label used as its alt text, "
                'e.g. plt.subplots(num="Training loss per epoch")',
                file=sys.stderr,
            )
            return None
        name = f"figure-{position}.svg"
        figure.savefig(out_dir / name, format="svg", bbox_inches="tight", metadata={"Date": None})
        width, height = _svg_size(out_dir / name)
        figures.append({"file": name, "alt": alt, "width": width, "height": height})
    return figures


def _svg_size(path: Path) -> tuple[int, int]:
    """Width and height of an SVG in CSS pixels (matplotlib writes points)."""
    head = path.read_text()[:2000]
    size = []
    for attribute in ("width", "height"):
        match = re.search(rf'{attribute}="([\d.]+)pt"', head)
        size.append(round(float(match.group(1)) * 4 / 3) if match else 0)
    return size[0], size[1]


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve(), Path(sys.argv[2])))
