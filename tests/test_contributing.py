"""The contributor workflow: the scaffold, `make check`, the link checker and the repository files."""

from __future__ import annotations

import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, mkdocs_build
from kb import linkcheck
from kb.check import main as check_main
from kb.content import check_all
from kb.linkcheck import check, find_links, load_allowlist
from kb.scaffold import add_to_nav, create, slugify


def copy_repo(target: Path) -> Path:
    """A copy of the repository's sources (and its snippet cache, so the build stays warm)."""
    for name in ("docs", "hooks", "snippets", "tests/snippet_outputs"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "requirements.lock"):
        shutil.copy(ROOT / name, target / name)
    if (ROOT / ".cache").is_dir():  # finished entries only: a build may be writing its temp folders now
        shutil.copytree(ROOT / ".cache", target / ".cache", ignore=shutil.ignore_patterns(".tmp-*"))
    return target


# --- Scaffold --------------------------------------------------------------------------------


@pytest.mark.build
def test_scaffolded_question_builds_and_make_check_lists_its_placeholders(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    # A title no real page will have: CONTRIBUTING.md's own example must stay free to use.
    written = create(
        repo,
        "What does the scaffold's own test question ask?",
        "mid",
        ["regularization", "calibration"],
        "Generalization",
    )
    page = repo / "docs/questions/scaffolds-own-test-question-ask.md"
    assert written[0] == page
    errors = check_all(repo)
    placeholders = [e for e in errors if "replace the placeholder left by make new-question" in e.message]
    assert {e.path for e in placeholders} == {
        "docs/questions/scaffolds-own-test-question-ask.md",
        "snippets/regularization/scaffolds_own_test_question_ask.py",
    }
    assert all(e.line for e in placeholders)
    others = [str(e) for e in errors if e not in placeholders]
    # The starter text names no glossary term; writing the page fixes that along with the placeholders.
    assert others == [
        "docs/questions/scaffolds-own-test-question-ask.md: uses 0 glossary term(s) in its prose, "
        "fewer than 5: name the concepts the page relies on by their glossary names, or add the "
        "missing terms to docs/glossary.yml"
    ], others
    result = mkdocs_build(repo / "mkdocs.yml", repo / "site")
    assert result.returncode == 0, result.output
    html = (repo / "site/questions/scaffolds-own-test-question-ask/index.html").read_text()
    assert "mean of 1,000 standard normal draws" in html  # the starter snippet ran
    assert html.count('<form class="quiz"') == 3 and html.count('<form class="quiz quiz--recall"') == 1
    # The scaffold's recall item repeats the short answer, so it grades that answer's flashcard.
    assert 'data-card="question:questions/scaffolds-own-test-question-ask.md"' in html
    assert "questions/scaffolds-own-test-question-ask.md" in (repo / "mkdocs.yml").read_text()
    expected = repo / "tests/snippet_outputs/regularization/scaffolds_own_test_question_ask.txt"
    assert expected.read_text().splitlines()[1].startswith("mean of 1,000")


def test_scaffold_refuses_bad_input(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    with pytest.raises(SystemExit, match="difficulty must be one of junior, mid, senior"):
        create(repo, "What?", "hard", ["x"], "Training")
    with pytest.raises(SystemExit, match="tags must be lower-case"):
        create(repo, "What?", "mid", ["Bad Tag"], "Training")
    with pytest.raises(SystemExit, match="exists already"):
        create(repo, "Backpropagation", "mid", ["x"], "Training")


def test_make_new_question_works_from_the_command_line(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kb.scaffold",
            "--title",
            "Why use warmup?",
            "--difficulty",
            "senior",
            "--tags",
            "optimization",
            "--topic",
            "Scheduling",
            "--root",
            str(repo),
        ],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "wrote docs/questions/use-warmup.md" in proc.stdout
    assert "      - Scheduling:\n          - questions/use-warmup.md\n" in (repo / "mkdocs.yml").read_text()


NAV = """\
nav:
  - Home: index.md
  - Questions:
      - questions/index.md
      - Training:
          - questions/a.md
          - questions/b.md
      - Evaluation:
          - questions/c.md
  - Glossary: glossary.md
"""


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("Training", "          - questions/b.md\n          - questions/new.md\n      - Evaluation:"),
        ("Evaluation", "          - questions/c.md\n          - questions/new.md\n  - Glossary:"),
        ("Brand new", "          - questions/c.md\n      - Brand new:\n          - questions/new.md\n  - Glossary:"),
    ],
)
def test_add_to_nav(topic: str, expected: str) -> None:
    assert expected in add_to_nav(NAV, "questions/new.md", topic)


def test_slugify() -> None:
    assert (
        slugify("What is the difference between supervised and unsupervised learning?")
        == "difference-supervised-unsupervised-learning"
    )


# --- make check --------------------------------------------------------------------------------


def test_check_passes_on_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_main([str(ROOT)]) == 0
    assert "content checks passed" in capsys.readouterr().out


def test_check_reports_every_mistake_with_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy_repo(tmp_path / "repo")
    q = repo / "docs/questions"
    page = (q / "backpropagation.md").read_text()
    (q / "backpropagation.md").write_text(
        page.replace("difficulty: mid", "difficulty: hard").replace(
            "id: backprop-gradient-check", "id: backprop-what-it-computes"
        )
    )
    (q / "overfitting.md").write_text(
        (q / "overfitting.md")
        .read_text()
        .replace('--8<-- "snippets/generalization/early_stopping.py"', '--8<-- "snippets/generalization/missing.py"')
    )
    (repo / "snippets/extra").mkdir()
    (repo / "snippets/extra/orphan.py").write_text("print(1)\n")
    (q / "not-in-nav.md").write_text((q / "regularization.md").read_text().replace("id: reg-", "id: copy-"))
    glossary = repo / "docs/glossary.yml"
    glossary.write_text(glossary.read_text() + "- term: accuracy\n  definition: Again.\n")
    assert check_main([str(repo)]) == 1
    report = capsys.readouterr().err
    lines = report.splitlines()
    assert re.match(r"^\d+ content errors:$", lines[0])
    fence = {
        name: page.splitlines().index(f"id: {name}")
        for name in ("backprop-what-it-computes", "backprop-gradient-check")
    }
    expected = [
        "docs/questions/backpropagation.md:3: difficulty must be one of junior, mid, senior (got 'hard')",
        f"docs/questions/backpropagation.md:{fence['backprop-gradient-check']}: quiz id 'backprop-what-it-computes' "
        f"is already used at docs/questions/backpropagation.md:{fence['backprop-what-it-computes']}",
        "docs/questions/overfitting.md:",  # the include line of the missing snippet
        "snippets/extra/orphan.py: no page includes this snippet",
        "docs/questions/not-in-nav.md: the page is not in the nav of mkdocs.yml: add it under its topic",
        "duplicate term 'accuracy'",
        "snippets/generalization/early_stopping.py: no page includes this snippet",
    ]
    for fragment in expected:
        assert any(fragment in line for line in lines), f"{fragment!r} not reported:\n{report}"
    assert any(
        re.search(
            r"docs/questions/overfitting\.md:\d+: snippet snippets/generalization/missing\.py does not exist", line
        )
        for line in lines
    )


# --- Links -------------------------------------------------------------------------------------


def test_allowlist_entries_all_have_reasons() -> None:
    entries = load_allowlist(ROOT / ".github/linkcheck.yml")
    assert entries and all(reason.strip() for _, reason in entries)


def test_allowlist_without_reason_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "linkcheck.yml"
    path.write_text("allow:\n  - pattern: '^https://x/'\n")
    with pytest.raises(SystemExit, match="every allowlist entry needs a reason"):
        load_allowlist(path)


def test_find_links_names_file_and_line() -> None:
    links = find_links(ROOT)
    assert "https://doi.org/10.1038/323533a0" in links
    assert any(
        place.startswith("docs/questions/backpropagation.md:") for place in links["https://doi.org/10.1038/323533a0"]
    )


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:  # noqa: N802
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args: object) -> None:
        pass


def test_link_check_against_a_local_server() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert check(base + "/ok") == (True, "200")
        assert check(base + "/gone") == (False, "404")
    finally:
        server.shutdown()
        server.server_close()


def _links_project(root: Path, base: str) -> None:
    (root / "docs").mkdir()
    (root / "docs" / "page.md").write_text(f"See [this]({base}/ok) and [that]({base}/gone).\n")


def test_link_check_reports_each_broken_link_with_its_place(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _links_project(tmp_path, base)
    try:
        assert linkcheck.main(tmp_path) == 1
    finally:
        server.shutdown()
        server.server_close()
    assert capsys.readouterr().err.splitlines() == [f"docs/page.md:1: {base}/gone (404)"]


def test_link_check_offline_says_no_network_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """Without a network every request fails: one 'no network' line, not every link reported broken."""
    import socket
    import urllib.request

    def unreachable(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "create_connection", unreachable)
    monkeypatch.setattr(urllib.request, "urlopen", unreachable)
    _links_project(tmp_path, "https://example.net")
    assert linkcheck.main(tmp_path) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("no network: cannot reach example.net (gaierror:"), err
    assert "2 external links left unchecked" in err[0]
    assert not (tmp_path / ".cache" / "linkcheck.json").exists()  # no failure is remembered as a result


# --- Repository files ------------------------------------------------------------------------


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), flags=re.MULTILINE))


@pytest.mark.parametrize("workflow", sorted((ROOT / ".github/workflows").glob("*.yml")), ids=lambda p: p.name)
def test_workflow_is_valid_and_calls_existing_make_targets(workflow: Path) -> None:
    data = yaml.safe_load(workflow.read_text())
    assert data["jobs"], workflow.name
    runs = [step["run"] for job in data["jobs"].values() for step in job.get("steps", []) if "run" in step]
    called = {m for run in runs for m in re.findall(r"\bmake ([a-z][a-z-]*)", run)}
    assert called, f"{workflow.name} runs no make target"
    assert called <= make_targets(), f"{workflow.name} calls missing targets {called - make_targets()}"


def test_issue_templates_and_pull_request_template_exist() -> None:
    templates = {p.stem: yaml.safe_load(p.read_text()) for p in (ROOT / ".github/ISSUE_TEMPLATE").glob("*.yml")}
    assert {"wrong-answer", "suggest-question", "broken-link"} <= set(templates)
    page_fields = [b for b in templates["wrong-answer"]["body"] if b.get("id") == "page"]
    assert page_fields, "the report link fills the 'page' field by its id"
    assert (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").is_file()


def test_pre_commit_hooks_use_pinned_local_tools() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "codespell", "check-yaml", "trailing-whitespace"} <= set(hooks)
    for hook in hooks.values():
        tool = hook["entry"].split()[0]
        assert tool.startswith(".venv/bin/"), hook["id"]
        assert (ROOT / tool).exists(), f"{tool} is not installed by requirements.lock"
    assert "format:" in (ROOT / "Makefile").read_text()


def test_make_format_checks_new_files_not_yet_added_to_git(tmp_path: Path) -> None:
    for name in ("Makefile", ".pre-commit-config.yaml", "pyproject.toml", "requirements.lock"):
        shutil.copy2(ROOT / name, tmp_path / name)  # keeps the lock older than .venv's stamp
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "Makefile", ".pre-commit-config.yaml", "pyproject.toml"], cwd=tmp_path, check=True)
    clean = subprocess.run(["make", "-o", ".venv/.installed", "format"], cwd=tmp_path, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    page = tmp_path / "docs/questions/new-page.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: New\n---\n\nThe gradient of teh loss.\n")  # codespell:ignore teh
    snippet = tmp_path / "snippets/demo/new_snippet.py"
    snippet.parent.mkdir(parents=True)
    snippet.write_text('"""Demo."""\n\nimport os\n\nprint(1)\n')
    result = subprocess.run(["make", "-o", ".venv/.installed", "format"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0, result.stdout
    assert "docs/questions/new-page.md:5: teh ==> the" in result.stdout  # codespell:ignore teh
    assert "snippets/demo/new_snippet.py" in result.stdout  # ruff removed the unused import, and says so
    assert "import os" not in snippet.read_text()


def test_licence_files_match_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "[`LICENSE`](LICENSE)" in readme and "[`LICENSE-CONTENT`](LICENSE-CONTENT)" in readme
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")
    content = (ROOT / "LICENSE-CONTENT").read_text()
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in content
    assert "Attribution 4.0 International" in content and "Section 3 -- License Conditions." in content


def test_question_pages_link_to_a_prefilled_wrong_answer_issue(built_site) -> None:
    html = (built_site.site / "questions/backpropagation/index.html").read_text()
    match = re.search(r'href="([^"]*issues/new\?template=wrong-answer\.yml[^"]*)"', html)
    assert match, "no report link"
    assert "page=https%3A//example.org/questions/backpropagation/" in match.group(1).replace("&amp;", "&")
    assert 'rel="edit"' in html
