"""`make bench`: build cost, scale and page quality, as one table and bench/results.json.

Every timing is the median of several runs, next to a stock mkdocs-material build of the
same docs/ (our hooks and plugins off) measured in the same run. Nothing here is a test:
the figures depend on the machine, and the targets are reported, not asserted.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

PYTHON = sys.executable
OURS_HOOKS = ("cards", "glossary", "pages", "quiz", "search_index", "snippets")
LIGHTHOUSE_PAGES = {
    "home": "",
    "question": "questions/backpropagation/",
    "glossary": "glossary/",
    "practice": "practice/",
    "review": "review/",
    "exercise": "exercises/attention/",
    "notebook": "lab/backprop-numpy_mlp/",
}
OWN_ASSETS = re.compile(
    r"/assets/(stylesheets/(site|quiz)\.css|javascripts/(quiz|glossary|math|srs|review|print)\.js"
    r"|figures/|study/|quiz/items\.js)"
)
MATERIAL_ASSETS = re.compile(r"/assets/(javascripts/(bundle|workers)|stylesheets/(main|palette))|/search/")
VENDOR_ASSETS = re.compile(r"/assets/vendor/")


# --- Building --------------------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for inspection: deploy settings (`!ENV [NAME, default]`) at their defaults,
    Python names (`!!python/name:…`) as None. Configs the bench writes never copy these values:
    they `INHERIT` the real mkdocs.yml and override only what they change, so MkDocs reads the tags."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _read_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)


def _write_child_config(path: Path, parent: str, overrides: dict) -> None:
    """A config that is `parent` with `overrides` (MkDocs merges dicts and replaces lists)."""
    path.write_text(yaml.safe_dump({"INHERIT": parent, **overrides}, sort_keys=False))


def copy_repo(target: Path) -> Path:
    for name in ("docs", "hooks", "snippets"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "requirements.lock"):
        shutil.copy(ROOT / name, target / name)
    write_stock_config(target)
    write_nohooks_config(target)
    return target


def write_nohooks_config(repo: Path) -> None:
    """mkdocs-nohooks.yml: the same mkdocs.yml, plugins included, with only `hooks:` removed.

    mkdocs-jupyter evicts every cached notebook a build did not use, and without our hooks there are no
    notebooks: sharing our cache, each baseline build would make our next build convert all of them again
    (15 s became 39 s). So the baseline keeps its own cache, as the offline build does."""
    overrides = {
        "hooks": [],
        "watch": [],
        "plugins": {"mkdocs-jupyter": {"cache_dir": ".cache/mkdocs-jupyter-nohooks"}},
    }
    _write_child_config(repo / "mkdocs-nohooks.yml", "mkdocs.yml", overrides)


def write_stock_config(repo: Path) -> None:
    """mkdocs-stock.yml: the same site with our hooks and the notebook plugin off."""
    config = _read_config(repo / "mkdocs.yml")
    plugins = config.get("plugins", {})
    if isinstance(plugins, dict):
        plugins = [{name: value} for name, value in plugins.items()]
    overrides = {
        "hooks": [],
        "watch": [],
        # A list replaces the inherited plugins (a mapping would be merged into them).
        "plugins": [e for e in plugins if "mkdocs-jupyter" not in (e if isinstance(e, dict) else [e])],
        "nav": [entry for entry in config.get("nav", []) if entry != {"Glossary": "glossary.md"}],
    }
    _write_child_config(repo / "mkdocs-stock.yml", "mkdocs.yml", overrides)


def build(repo: Path, config: str, strict: bool) -> dict:
    """One `mkdocs build` in a fresh interpreter: wall time, hook times, snippets run, peak memory."""
    site = repo / "site"
    args = ["build", "-f", str(repo / config), "-d", str(site)]
    if strict:
        args.append("--strict")
    started = time.perf_counter()
    proc = subprocess.run(
        [PYTHON, __file__, "--measure", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_HOOK_TIMING": "1"},
        timeout=1800,
    )
    seconds = time.perf_counter() - started
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({config}):\n{output[-3000:]}")
    hooks = {name: float(value) for name, value in re.findall(r"(\w+) ([\d.]+) s", _line(output, "hook time:"))}
    executed = re.search(r"snippets: (\d+) executed", output)
    rss = re.search(r"peak-rss-kib (\d+)", output)
    return {
        "seconds": seconds,
        "hooks": hooks,
        "executed": int(executed.group(1)) if executed else None,
        "peak_rss_mib": int(rss.group(1)) / 1024 if rss else None,
    }


def _line(text: str, marker: str) -> str:
    return next((line for line in text.splitlines() if marker in line), "")


def measure_main(args: list[str]) -> None:
    """Run mkdocs in this process, then print the peak memory of it and of the snippets it ran."""
    from mkdocs.__main__ import cli

    try:
        cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
    finally:
        peak = max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        )
        print(f"peak-rss-kib {peak}", file=sys.stderr)


def median_of(runs: int, prepare, run) -> dict:
    results = []
    for index in range(runs):
        prepare(index)
        results.append(run())
    merged = {
        "seconds": statistics.median(r["seconds"] for r in results),
        "runs": [round(r["seconds"], 2) for r in results],
    }
    if results[0]["hooks"]:
        merged["hooks"] = {
            name: statistics.median(r["hooks"].get(name, 0.0) for r in results) for name in results[0]["hooks"]
        }
    merged["executed"] = [r["executed"] for r in results]
    merged["peak_rss_mib"] = max((r["peak_rss_mib"] or 0) for r in results)
    return merged


def side_by_side(runs: int, ours, base) -> dict:
    """Warm builds of ours and a baseline, alternated, so that load on a shared machine hits both.

    The ratio is the median of the per-pair ratios, which cancels slow drifts of the machine.
    """
    ours(), base()  # one of each first: every later run is a warm rebuild
    pairs = [(ours(), base()) for _ in range(runs)]
    return {
        "ours": statistics.median(a["seconds"] for a, _ in pairs),
        "base": statistics.median(b["seconds"] for _, b in pairs),
        "ratio": statistics.median(a["seconds"] / b["seconds"] for a, b in pairs),
        "runs": [[round(a["seconds"], 2), round(b["seconds"], 2)] for a, b in pairs],
        "hooks": {
            name: statistics.median(a["hooks"].get(name, 0.0) for a, _ in pairs) for name in pairs[0][0]["hooks"]
        },
    }


def build_costs(repo: Path, runs: int) -> dict:
    page = repo / "docs/questions/backpropagation.md"
    snippet = repo / "snippets/backprop/digit5_softmax.py"
    page_text, snippet_text = page.read_text(), snippet.read_text()

    def clear(_: int) -> None:
        shutil.rmtree(repo / ".cache", ignore_errors=True)

    def nothing(_: int) -> None:
        pass

    def edit_page(index: int) -> None:
        page.write_text(page_text + f"\nEdited for the benchmark, run {index}.\n")

    def edit_snippet(index: int) -> None:
        snippet.write_text(snippet_text + f"# edited for the benchmark, run {index}\n")

    ours = functools.partial(build, repo, "mkdocs.yml", True)
    stock = functools.partial(build, repo, "mkdocs-stock.yml", False)
    results = {
        "ours": {"cold": median_of(runs, clear, ours)},
    }
    results["ours"]["warm"] = median_of(runs, nothing, ours)
    results["ours"]["edit_page"] = median_of(runs, edit_page, ours)
    page.write_text(page_text)
    ours()
    results["ours"]["edit_snippet"] = median_of(runs, edit_snippet, ours)
    snippet.write_text(snippet_text)
    results["stock"] = {
        "cold": median_of(runs, nothing, stock),
        "warm": median_of(runs, nothing, stock),
        "edit_page": median_of(runs, edit_page, stock),
    }
    page.write_text(page_text)
    results["nohooks_warm"] = side_by_side(runs, ours, functools.partial(build, repo, "mkdocs-nohooks.yml", False))
    return results


def _kb_snippets():
    """kb.snippets, imported only where needed: the measured builds must load the copy's own hooks."""
    if str(ROOT / "hooks") not in sys.path:
        sys.path.insert(0, str(ROOT / "hooks"))
    from kb import snippets

    return snippets


def snippet_total(repo: Path) -> dict:
    """Each snippet's own run time, standalone and one after another."""
    times = {}
    kb_snippets = _kb_snippets()
    for path in (repo / snippet for snippet in kb_snippets.list_snippets(repo)):  # exercises are tested, not run
        started = time.perf_counter()
        env = kb_snippets.snippet_environment()
        subprocess.run([PYTHON, str(path)], cwd=repo, env=env, capture_output=True, check=True)
        times[path.relative_to(repo).as_posix()] = round(time.perf_counter() - started, 3)
    return {"count": len(times), "total_seconds": round(sum(times.values()), 2), "each": times}


# --- Scale -----------------------------------------------------------------------------------

WORDS = (
    "the model learns a mapping from inputs to outputs while the optimizer follows the estimate of "
    "each update on held out data with careful tuning of every setting and a clear report"
).split()


def synthetic_site(target: Path, pages: int, terms: int, items_per_page: int) -> Path:
    """A site with `pages` question pages, `terms` glossary terms and quiz items, and no snippets."""
    import random

    rng = random.Random(0)
    shutil.copytree(ROOT / "docs" / "assets", target / "docs" / "assets")
    shutil.copytree(ROOT / "docs" / "overrides", target / "docs" / "overrides")
    shutil.copytree(ROOT / "hooks", target / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "requirements.lock", target / "requirements.lock")
    (target / "snippets").mkdir()
    names = [f"concept{i} term{i}" for i in range(terms)]
    glossary = [{"term": name, "definition": f"A synthetic definition of {name} for the benchmark."} for name in names]
    (target / "docs" / "glossary.yml").write_text(yaml.safe_dump(glossary, sort_keys=False))
    (target / "docs" / "index.md").write_text("# Benchmark site\n\nSynthetic pages.\n")
    (target / "docs" / "practice.md").write_text("# Practice\n\n<!-- practice-scores -->\n\n<!-- mock-interview -->\n")
    (target / "docs" / "questions").mkdir(parents=True)
    (target / "docs" / "questions" / "index.md").write_text("# All questions\n\n<!-- questions-index -->\n")
    nav = []
    for page in range(pages):

        def paragraph(n: int = 90) -> str:
            words = [rng.choice(WORDS) for _ in range(n)]
            for _ in range(6):
                words.insert(rng.randrange(len(words)), rng.choice(names))
            return " ".join(words).capitalize() + "."

        short = paragraph()
        recall = (  # the page's short answer as its first quiz item, as every question page has (make check)
            f"```quiz\nid: p{page}-recall\ntype: recall\n"
            f"question: >-\n  Say it in 30 seconds: Synthetic question {page}?\n"
            f"model_answer: |-\n  {short}\n```\n"
        )
        quiz = recall + "\n".join(
            f"```quiz\nid: p{page}-q{k}\ntype: single\nquestion: Question {k} of page {page}?\noptions:\n"
            f"  - text: Right\n    correct: true\n  - text: Wrong\n    feedback: Because.\n"
            f"explanation: {paragraph(20)}\n```\n"
            for k in range(items_per_page)
        )
        body = (
            f'---\ntitle: "Synthetic question {page}?"\ndifficulty: {("junior", "mid", "senior")[page % 3]}\n'
            f'tags: [t{page % 7}]\nsources:\n  - authors: "A"\n    title: "B"\n    venue: "C"\n'
            f'    year: 2020\n    url: "https://example.org/"\n---\n\n'
            f"## Short answer\n\n{short}\n\n## Deeper explanation\n\n{paragraph()}\n\n{paragraph()}\n\n"
            f"### Detail\n\n{paragraph()}\n\n## Worked examples\n\n{paragraph(40)}\n\n"
            f'## Follow-up questions\n\n??? question "Why?"\n    {paragraph(30)}\n\n'
            f"## Pitfalls\n\n- **A pitfall.** {paragraph(30)}\n\n## Quiz\n\n{quiz}"
        )
        (target / "docs" / "questions" / f"q{page}.md").write_text(body)
        nav.append(f"questions/q{page}.md")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs-site.yml")
    nav = [
        "index.md",
        {"Questions": ["questions/index.md", *nav]},
        {"Glossary": "glossary.md"},
        {"Practice": "practice.md"},
    ]
    _write_child_config(target / "mkdocs.yml", "mkdocs-site.yml", {"nav": nav, "watch": []})
    write_stock_config(target)
    write_nohooks_config(target)
    return target


def scale(runs: int) -> dict:
    results = {}
    for pages in (100, 500):
        with tempfile.TemporaryDirectory() as tmp:
            repo = synthetic_site(Path(tmp), pages, 1000, 3)
            ours = median_of(runs, lambda _: None, functools.partial(build, repo, "mkdocs.yml", True))
            index = search_index_size(repo / "site")  # the last build of ours
            stock = median_of(runs, lambda _: None, functools.partial(build, repo, "mkdocs-stock.yml", False))
            nohooks = side_by_side(
                runs,
                functools.partial(build, repo, "mkdocs.yml", True),
                functools.partial(build, repo, "mkdocs-nohooks.yml", False),
            )
        results[str(pages)] = {
            "pages": pages,
            "terms": 1000,
            "quiz_items": 3 * pages,
            "ours": ours,
            "stock": stock,
            "nohooks_warm": nohooks,
            "search_index": index,
        }
    return results


def search_index_size(site: Path) -> dict:
    """What every page that opens search downloads: search/search_index.json, raw and gzipped."""
    data = (site / "search" / "search_index.json").read_bytes()
    return {
        "bytes": len(data),
        "gzip_bytes": len(gzip.compress(data, compresslevel=9)),
        "entries": len(json.loads(data)["docs"]),
    }


# --- Page quality ----------------------------------------------------------------------------


def lighthouse(site: Path, runs: int) -> dict:
    """Lighthouse (mobile preset) on each page type served from a local, compressing static server.

    Each page is measured ``runs`` times and the run with the median performance score is kept,
    with the machine's benchmark index (Lantern's CPU measure) of every run beside it.
    """
    chromium = next((c for c in (os.environ.get("CHROME_PATH"), "/usr/bin/chromium") if c and Path(c).exists()), None)
    if shutil.which("npm") is None or chromium is None:
        return {"skipped": "Lighthouse needs Node.js (npm) and Chromium"}
    tool = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
    if not tool.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(ROOT / "bench"),
                "--no-audit",
                "--no-fund",
                "--silent",
                "lighthouse@12.8.2",
            ],
            check=True,
        )
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    flags = (
        "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update --disable-sync --disable-quic"
    )
    results = {}
    try:
        for name, path in LIGHTHOUSE_PAGES.items():
            measured, failed = [], []
            for _ in range(runs):
                with tempfile.NamedTemporaryFile(suffix=".json") as report:
                    # On a loaded machine Chromium sometimes misses Lighthouse's deadlines: a failed
                    # run is retried once, then reported, and the other pages are still measured.
                    for _attempt in range(2):
                        proc = subprocess.run(
                            [
                                str(tool),
                                base + path,
                                "--quiet",
                                "--form-factor=mobile",
                                f"--chrome-flags={flags}",
                                "--output=json",
                                f"--output-path={report.name}",
                            ],
                            env={**os.environ, "CHROME_PATH": chromium},
                            timeout=600,
                            capture_output=True,
                            text=True,
                        )
                        if proc.returncode == 0:
                            measured.append(_summarise(json.loads(Path(report.name).read_text())))
                            break
                    else:
                        failed.append((proc.stderr.strip().splitlines() or ["no output"])[-1][:300])
            if not measured:
                results[name] = {"skipped": f"every Lighthouse run failed: {failed[-1]}"}
                continue
            measured.sort(key=lambda m: m["scores"]["performance"])
            results[name] = {
                **measured[len(measured) // 2],
                "performance_runs": [m["scores"]["performance"] for m in measured],
                "benchmark_index_runs": [m["benchmark_index"] for m in measured],
                **({"failed_runs": failed} if failed else {}),
            }
    finally:
        server.shutdown()
        server.server_close()
    return results


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A static server that compresses text with gzip, as every production host does."""

    COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml")

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or path.suffix not in self.COMPRESS
            or not path.is_file()
        ):
            return super().send_head()
        import gzip
        import io

        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def _summarise(report: dict) -> dict:
    requests = report["audits"]["network-requests"]["details"]["items"]
    weight = {"own": 0, "material": 0, "vendored": 0, "page": 0}
    for request in requests:
        size = request.get("transferSize", 0)
        url = request["url"]
        kind = (
            "own"
            if OWN_ASSETS.search(url)
            else "material"
            if MATERIAL_ASSETS.search(url)
            else "vendored"
            if VENDOR_ASSETS.search(url)
            else "page"
        )
        weight[kind] += size
    return {
        "scores": {key: round(cat["score"] * 100) for key, cat in report["categories"].items()},
        "benchmark_index": round(report.get("environment", {}).get("benchmarkIndex", 0)),
        "tbt_ms": round(report["audits"]["total-blocking-time"]["numericValue"]),
        "lcp_ms": round(report["audits"]["largest-contentful-paint"]["numericValue"]),
        "cls": round(report["audits"]["cumulative-layout-shift"]["numericValue"], 3),
        "transfer_kib": round(sum(r.get("transferSize", 0) for r in requests) / 1024, 1),
        "requests": len(requests),
        "weight_kib": {key: round(value / 1024, 1) for key, value in weight.items()},
    }


# --- Report ----------------------------------------------------------------------------------


def table(results: dict) -> str:
    b = results["build"]
    ours, stock = b["ours"], b["stock"]
    s = results["snippets"]
    cores = results["machine"]["cores"]
    rows = [("measure", "ours", "stock", "ratio / note")]

    def row(label: str, mine: float | None, base: float | None, note: str = "") -> None:
        ratio = f"{mine / base:.2f}x" if mine and base else ""
        rows.append(
            (
                label,
                f"{mine:.2f} s" if mine is not None else "",
                f"{base:.2f} s" if base is not None else "",
                " ".join(x for x in (ratio, note) if x),
            )
        )

    row("cold build", ours["cold"]["seconds"], stock["cold"]["seconds"], f"snippets run: {ours['cold']['executed'][0]}")
    row(
        "warm rebuild",
        ours["warm"]["seconds"],
        stock["warm"]["seconds"],
        f"snippets run: {max(ours['warm']['executed'])}",
    )
    row("rebuild after a page edit", ours["edit_page"]["seconds"], stock["edit_page"]["seconds"])
    row(
        "rebuild after a snippet edit",
        ours["edit_snippet"]["seconds"],
        None,
        f"snippets run: {max(ours['edit_snippet']['executed'])}",
    )
    row(
        f"snippets standalone ({s['count']}, sequential)",
        s["total_seconds"],
        None,
        f"/ {cores} cores = {s['total_seconds'] / cores:.2f} s",
    )
    cold_hooks = ours["cold"].get("hooks", {})
    warm_hooks = ours["warm"].get("hooks", {})
    for name in OURS_HOOKS:
        rows.append(
            (
                f"hook: {name} (cold / warm)",
                f"{cold_hooks.get(name, 0):.2f} s",
                f"{warm_hooks.get(name, 0):.2f} s",
                f"{100 * cold_hooks.get(name, 0) / ours['cold']['seconds']:.0f}% / "
                f"{100 * warm_hooks.get(name, 0) / ours['warm']['seconds']:.0f}% of the build",
            )
        )
    rows.append(("peak memory (cold build)", f"{ours['cold']['peak_rss_mib']:.0f} MiB", "", ""))
    side = b["nohooks_warm"]
    rows.append(
        (
            "warm rebuild, ours vs hooks: removed",
            f"{side['ours']:.2f} s",
            f"{side['base']:.2f} s",
            f"{side['ratio']:.2f}x (target <= 1.15x; alternated, median of pair ratios)",
        )
    )
    for key, sc in results["scale"].items():
        share = sum(sc["ours"].get("hooks", {}).values()) / sc["ours"]["seconds"]
        row(
            f"scale: {key} pages, 1000 terms, {sc['quiz_items']} items",
            sc["ours"]["seconds"],
            sc["stock"]["seconds"],
            f"hooks {100 * share:.0f}% of the build",
        )
        side = sc["nohooks_warm"]
        share = sum(side["hooks"].values()) / side["ours"]
        rows.append(
            (
                f"scale: {key} pages, ours vs hooks: removed",
                f"{side['ours']:.2f} s",
                f"{side['base']:.2f} s",
                f"{side['ratio']:.2f}x, hooks {100 * share:.0f}% of the build",
            )
        )
    sizes = [("site", results["search_index"])] + [
        (f"scale {key} pages", sc["search_index"]) for key, sc in results["scale"].items() if "search_index" in sc
    ]
    for label, size in sizes:
        rows.append(
            (
                f"search index: {label}",
                f"{size['bytes'] / 1024:.0f} KiB",
                f"{size['gzip_bytes'] / 1024:.0f} KiB gzip",
                f"{size['entries']} entries",
            )
        )
    for name, lh in results["lighthouse"].items():
        if name == "skipped":
            rows.append(("lighthouse", "skipped", "", lh))
            continue
        if "skipped" in lh:
            rows.append((f"lighthouse {name}", "failed", "", lh["skipped"]))
            continue
        sc = lh["scores"]
        rows.append(
            (
                f"lighthouse {name}",
                f"P{sc['performance']} A{sc['accessibility']} "
                f"B{sc['best-practices']} S{sc['seo']} (BI {lh['benchmark_index']}, "
                f"TBT {lh['tbt_ms']} ms, LCP {lh['lcp_ms'] / 1000:.1f} s, CLS {lh.get('cls', 0):g})",
                f"{lh['transfer_kib']} KiB, {lh['requests']} req",
                f"own {lh['weight_kib']['own']} KiB, Material {lh['weight_kib']['material']} KiB, "
                f"vendored {lh['weight_kib']['vendored']} KiB",
            )
        )
    loop = results.get("contributor_loop", {})
    for key, label in (
        ("fresh_make_test", "make test, fresh clone"),
        ("warm_make_test", "make test, warm"),
        ("test_fast", "make test-fast"),
        ("one_snippet_refresh", "make snippets-refresh SNIPPET="),
    ):
        if key in loop:
            target = loop["targets_seconds"].get(key.replace("_make_test", ""), "")
            rows.append(
                (
                    label,
                    f"{loop[key]['seconds']:.0f} s",
                    f"target {target} s" if target else "",
                    "passed" if loop[key]["passed"] else "FAILED",
                )
            )
    for slow in loop.get("warm_make_test", {}).get("slowest", []):
        rows.append(("  slow test", f"{slow['seconds']:.1f} s", slow["what"], slow["test"]))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure_main(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per timing (the median is reported)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-loop", action="store_true", help="skip timing the contributor's make targets")
    parser.add_argument("--fresh", action="store_true", help="also time make test in a fresh clone (minutes)")
    parser.add_argument(
        "--lighthouse-only",
        metavar="SITE",
        type=Path,
        help="only run Lighthouse on an already built site (e.g. site/) and print the scores",
    )
    args = parser.parse_args()
    if args.lighthouse_only:
        print(json.dumps(lighthouse(args.lighthouse_only, args.runs), indent=1))
        return 0
    started = time.perf_counter()
    out = ROOT / "bench" / "results.json"
    partial = ROOT / "bench" / "results.partial.json"

    def keep(results: dict) -> None:
        """What is measured so far, so that a failure late in a long run loses nothing before it."""
        partial.write_text(json.dumps(results, indent=1) + "\n")

    with tempfile.TemporaryDirectory() as tmp:
        repo = copy_repo(Path(tmp) / "repo")
        results = {
            "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            "runs_per_timing": args.runs,
            "build": build_costs(repo, args.runs),
        }
        keep(results)
        results["snippets"] = snippet_total(repo)
        keep(results)
        build(repo, "mkdocs.yml", True)
        results["search_index"] = search_index_size(repo / "site")
        results["lighthouse"] = (
            {"skipped": "--no-lighthouse"} if args.no_lighthouse else lighthouse(repo / "site", args.runs)
        )
        keep(results)
    results["scale"] = scale(args.runs)
    keep(results)
    if not args.no_loop:
        from loop import measure as measure_loop  # bench/ is on sys.path when run as bench/bench.py

        results["contributor_loop"] = measure_loop(fresh=args.fresh)
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    out.write_text(json.dumps(results, indent=1) + "\n")
    partial.unlink(missing_ok=True)
    print(table(results))
    print(f"\n(written to {out.relative_to(ROOT)} in {results['bench_seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
