"""A contributor's mistake fails `mkdocs build --strict` with a message naming the file and line.

Each test builds a throw-away site that contains exactly one mistake.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

from conftest import Project, include_block, question_page


def assert_fails_with(project: Project, *fragments: str, env: dict[str, str] | None = None) -> str:
    result = project.build(env)
    assert result.returncode != 0, f"the build passed but should have failed:\n{result.output}"
    for fragment in fragments:
        assert fragment in result.output, f"{fragment!r} not in build output:\n{result.output}"
    return result.output


def test_valid_project_builds_and_shows_snippet_output(project: Project) -> None:
    project.write("snippets/demo/hello.py", '"""Say hello."""\nprint("hello from the snippet")\n')
    project.add_page("questions/q.md", question_page(include_block("snippets/demo/hello.py")))
    result = project.build()
    assert result.returncode == 0, result.output
    html = (result.site / "questions" / "q" / "index.html").read_text()
    assert "hello from the snippet" in html
    assert "snippets: 1 executed, 0 from cache: snippets/demo/hello.py" in result.output


def test_snippet_that_raises(project: Project) -> None:
    project.write("snippets/demo/boom.py", "values = [1, 2]\nprint(values[5])\n")
    project.add_page("questions/q.md", question_page(include_block("snippets/demo/boom.py")))
    output = assert_fails_with(
        project,
        "snippets/demo/boom.py: failed (run: python snippets/demo/boom.py)",
        "IndexError: list index out of range",
        'boom.py", line 2',
        "included by docs/questions/q.md:24",
    )
    assert "Traceback" in output


def test_snippet_that_hangs(project: Project) -> None:
    project.write("snippets/demo/hang.py", "while True:\n    pass\n")
    project.add_page("questions/q.md", question_page(include_block("snippets/demo/hang.py")))
    assert_fails_with(
        project,
        "snippets/demo/hang.py: did not finish within 2 s and was stopped",
        "included by docs/questions/q.md:24",
        env={"KB_SNIPPET_TIMEOUT": "2"},
    )


def test_ctrl_c_stops_the_build_and_its_snippets_at_once(project: Project) -> None:
    project.write("snippets/demo/slow_for_ctrl_c.py", "import time\nprint('started')\ntime.sleep(120)\n")
    project.add_page("questions/q.md", question_page(include_block("snippets/demo/slow_for_ctrl_c.py")))
    config = project.write_config()
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
        cwd=project.root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not _processes_running("slow_for_ctrl_c.py") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _processes_running("slow_for_ctrl_c.py"), "the snippet never started"
        started = time.monotonic()
        build.send_signal(signal.SIGINT)
        build.wait(timeout=30)
        assert time.monotonic() - started < 15
    finally:
        build.kill()
        build.wait()
    time.sleep(0.5)
    assert not _processes_running("slow_for_ctrl_c.py"), "a snippet outlived the interrupted build"
    assert not list((project.root / ".cache" / "snippets").glob("*/result.json"))  # nothing half-done is trusted


def _processes_running(fragment: str) -> list[str]:
    proc = subprocess.run(["ps", "-ww", "-eo", "args"], capture_output=True, text=True)
    return [line for line in proc.stdout.splitlines() if fragment in line and "ps -eo" not in line]


def test_missing_snippet(project: Project) -> None:
    project.add_page("questions/q.md", question_page(include_block("snippets/demo/missing.py")))
    assert_fails_with(
        project,
        "docs/questions/q.md:24: snippet snippets/demo/missing.py does not exist: check the path, or add the file",
    )


def test_broken_link(project: Project) -> None:
    project.add_page("questions/q.md", question_page("See [the other page](nowhere.md)."))
    output = assert_fails_with(
        project,
        "docs/questions/q.md:23: links to 'nowhere.md', but docs/questions/nowhere.md does not exist",
    )
    assert "snippets:" not in output  # reported before any snippet runs


def test_broken_anchor(project: Project) -> None:
    project.add_page("questions/q.md", question_page("See [pitfalls](#no-such-section)."))
    assert_fails_with(
        project,
        "docs/questions/q.md:23: links to '#no-such-section' on docs/questions/q.md, which has no such heading",
    )


def test_malformed_front_matter(project: Project) -> None:
    page = question_page().replace("difficulty: mid", "difficulty: mid: high")
    project.add_page("questions/q.md", page)
    assert_fails_with(project, "docs/questions/q.md:3: front matter is not valid YAML")


def test_missing_front_matter(project: Project) -> None:
    page = question_page().split("---\n", 2)[2]
    project.add_page("questions/q.md", page)
    assert_fails_with(project, "docs/questions/q.md:1: question page has no front matter")


def test_malformed_front_matter_on_any_page(project: Project) -> None:
    project.add_page("about.md", "---\ntitle: [unclosed\n---\n\n# About\n")
    assert_fails_with(project, "docs/about.md:3: front matter is not valid YAML")


def test_every_error_is_listed_at_once(project: Project) -> None:
    project.add_page("questions/a.md", question_page().replace("difficulty: mid", "difficulty: hard"))
    project.add_page(
        "questions/b.md", question_page().replace("tags: [testing]", "tags: [Bad Tag]").replace("id: test-", "id: b-")
    )
    output = assert_fails_with(
        project,
        "2 content errors:",
        "docs/questions/a.md:3: difficulty must be one of junior, mid, senior (got 'hard')",
        "docs/questions/b.md:4: tag 'Bad Tag' must be lower-case words joined by hyphens",
    )
    assert "Traceback" not in output


def test_snippet_warning_fails_the_strict_build(project: Project) -> None:
    project.write("snippets/demo/warn.py", "import warnings\nwarnings.warn('careful')\nprint(1)\n")
    project.add_page("questions/q.md", question_page(include_block("snippets/demo/warn.py")))
    assert_fails_with(project, "snippets/demo/warn.py wrote to stderr", "UserWarning: careful")


def test_edited_snippet_reruns_alone_and_changes_the_page(project: Project) -> None:
    project.write("snippets/demo/a.py", 'print("a version 1")\n')
    project.write("snippets/demo/b.py", 'print("b stays")\n')
    project.add_page(
        "questions/q.md",
        question_page(include_block("snippets/demo/a.py") + "\n\n" + include_block("snippets/demo/b.py")),
    )
    first = project.build()
    assert "snippets: 2 executed, 0 from cache" in first.output, first.output
    warm = project.build()
    assert "snippets: 0 executed, 2 from cache" in warm.output, warm.output
    project.write("snippets/demo/a.py", 'print("a version 2")\n')
    edited = project.build()
    assert edited.returncode == 0, edited.output
    assert "snippets: 1 executed, 1 from cache: snippets/demo/a.py" in edited.output
    html = (edited.site / "questions" / "q" / "index.html").read_text()
    assert "a version 2" in html and "a version 1" not in html
    assert re.search(r"b stays", html)


def test_quiz_mistakes_name_file_and_line(project: Project) -> None:
    no_correct = question_page().replace("    correct: true\n  - text: No", "  - text: No", 1)
    bad_link = question_page().replace("explanation: Because.", "explanation: See [this](missing-page.md).")
    project.add_page("questions/a.md", no_correct)
    project.add_page("questions/b.md", bad_link.replace("id: test-", "id: other-"))
    assert_fails_with(
        project,
        "2 content errors:",
        "docs/questions/a.md:40: no option is marked 'correct: true'",
        "docs/questions/b.md:36: quiz link 'missing-page.md' points to no page",
    )


def test_question_page_needs_three_quiz_items(project: Project) -> None:
    page = question_page().split("```quiz", 2)
    project.add_page("questions/q.md", page[0] + "```quiz" + page[1])
    assert_fails_with(project, "docs/questions/q.md: has 1 quiz item(s); a question page needs at least 3")


def test_duplicate_quiz_id_across_pages(project: Project) -> None:
    project.add_page("questions/a.md", question_page())
    project.add_page("questions/b.md", question_page())
    assert_fails_with(project, "docs/questions/b.md:36: quiz id 'test-one' is already used at docs/questions/a.md:36")


def test_glossary_mistakes_name_file_and_line(project: Project) -> None:
    project.write(
        "docs/glossary.yml",
        (
            "- term: gradient\n  definition: The vector of partial derivatives.\n"
            "- term: Gradient\n  definition: Again.\n"
            "- term: logit\n  definition: ''\n  see_also: [softmax]\n"
        ),
    )
    project.add_page("questions/q.md", question_page())
    assert_fails_with(
        project,
        "3 content errors:",
        "docs/glossary.yml:3: duplicate term 'Gradient' (first defined on line 1)",
        "docs/glossary.yml:6: 'logit' has an empty definition: write one precise sentence",
        "docs/glossary.yml:5: 'logit' has see_also 'softmax', which is not a term",
    )


def test_content_errors_are_reported_before_any_snippet_runs(project: Project) -> None:
    """A one-word typo is reported in seconds with every other mistake, not after (or under) snippets."""
    project.write("snippets/demo/boom.py", 'raise SystemExit("the snippet ran")\n')
    page = question_page(include_block("snippets/demo/boom.py"))
    project.add_page(
        "questions/q.md",
        page.replace("difficulty: mid", "difficulty: hrad").replace("    correct: true", "    correct: yes", 1),
    )
    project.write("docs/glossary.yml", "- term: gradient\n  definition: A <b>bold</b> claim.\n")
    output = assert_fails_with(
        project,
        "4 content errors:",
        "docs/questions/q.md:3: difficulty must be one of junior, mid, senior (got 'hrad')",
        "no option is marked 'correct: true'",
        "'correct' must be true or false (got 'yes')",
        "docs/glossary.yml:2: 'definition': raw HTML '<b' is not allowed",
    )
    assert "the snippet ran" not in output and "snippet(s) failed" not in output
