"""Unit tests of the snippet machinery: finding includes, caching, running, rendering."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from kb.notebook_html import slim_notebook_styles, strip_remote_scripts
from kb.snippets import (
    Figure,
    SnippetError,
    SnippetResult,
    cache_key,
    find_includes,
    insert_after_fences,
    load_cached,
    notebook_json,
    notebook_name,
    render_output,
    run_snippet,
)

PAGE = "docs/questions/p.md"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ('```python\n--8<-- "snippets/a/b.py"\n```\n', [("snippets/a/b.py", 2, True, 3, "")]),
        ('~~~~\n--8<-- "snippets/a/b.py:part"\n~~~~\n', [("snippets/a/b.py", 2, False, 3, "")]),
        ('    ```py\n    --8<-- "snippets/a/b.py"\n    ```\n', [("snippets/a/b.py", 2, True, 3, "    ")]),
        ('```\n# --8<-- "snippets/a/b.py"\n```\n', []),
        ('```md\n;--8<-- "snippets/a/b.py"\n```\n', []),
        ("text `--8<--` text\n", []),
    ],
    ids=["whole-file", "section", "indented", "commented-out", "escaped-example", "inline-mention"],
)
def test_find_includes(markdown: str, expected: list[tuple]) -> None:
    found, errors = find_includes(markdown, PAGE)
    assert errors == []
    assert [(i.path, i.line, i.whole_file, i.fence_end, i.indent) for i in found] == expected


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        (
            'Text\n--8<-- "snippets/a/b.py"\n',
            "docs/questions/p.md:2: put the include of snippets/a/b.py inside a fenced code block",
        ),
        (
            '```python\nx = 1\n--8<-- "snippets/a/b.py"\n```\n',
            "docs/questions/p.md:3: a snippet include must be the only line of its code block",
        ),
        (
            '```python\n--8<-- "snippets/a/b.py"\n',
            "docs/questions/p.md:1: the code block is never closed: add a line ```",
        ),
    ],
    ids=["outside-fence", "mixed-with-code", "unclosed"],
)
def test_include_misuse_is_an_error(markdown: str, message: str) -> None:
    _, errors = find_includes(markdown, PAGE)
    assert [str(e) for e in errors] == [message] or str(errors[0]).startswith(message)


@pytest.mark.parametrize(
    "markdown",
    [
        '```\n--8<-- ".git/config"\n```\n',
        '--8<-- "docs/../.github/workflows/test.yml"\n',
        '```\n--8<-- "snippets/../.git/config"\n```\n',
        "```\n--8<--\n.git/config\n--8<--\n```\n",
    ],
    ids=["git-config", "outside-fence", "dot-dot", "block-form"],
)
def test_only_files_under_snippets_may_be_included(markdown: str) -> None:
    _, errors = find_includes(markdown, PAGE)
    assert errors and errors[0].line and errors[0].path == PAGE
    assert "only files under snippets/ may be included" in errors[0].message or "block form" in errors[0].message


def test_insert_after_fences_keeps_everything_else() -> None:
    markdown = "a\n```\nx\n```\nb\n"
    assert insert_after_fences(markdown, {4: "OUT"}) == "a\n```\nx\n```\n\nOUT\n\nb\n"
    assert insert_after_fences(markdown, {}) == markdown


def test_cache_key_changes_with_source_and_salt_only() -> None:
    key = cache_key(b"print(1)\n", b"env")
    assert key == cache_key(b"print(1)\n", b"env")
    assert key != cache_key(b"print(2)\n", b"env")
    assert key != cache_key(b"print(1)\n", b"other lock file")


def _write(tmp_path: Path, name: str, source: str) -> tuple[Path, str]:
    (tmp_path / "snippets").mkdir(exist_ok=True)
    (tmp_path / "snippets" / name).write_text(source)
    (tmp_path / "cache").mkdir(exist_ok=True)
    return tmp_path, f"snippets/{name}"


def test_run_snippet_captures_stdout_and_labelled_figures(tmp_path: Path) -> None:
    root, path = _write(
        tmp_path,
        "fig.py",
        (
            "import matplotlib.pyplot as plt\n"
            "print('hello')\n"
            "fig, ax = plt.subplots(num='A rising line')\n"
            "ax.plot([0, 1], [0, 1])\n"
            "plt.show()\n"
        ),
    )
    out = root / "cache" / "k"
    result = run_snippet(root, path, "k", out, timeout=60)
    assert result.stdout == "hello\n"
    assert [f.alt for f in result.figures] == ["A rising line"]
    assert result.figures[0].width > 100 and result.figures[0].height > 100
    svg = (out / "figure-1.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    # The stored result is what a warm build loads instead of running again.
    cached = load_cached(out)
    assert cached is not None and cached.cached and cached.stdout == "hello\n"


def test_run_snippet_is_deterministic(tmp_path: Path) -> None:
    root, path = _write(
        tmp_path,
        "fig.py",
        ("import matplotlib.pyplot as plt\nfig, ax = plt.subplots(num='Dots')\nax.scatter([1, 2, 3], [3, 1, 2])\n"),
    )
    first = run_snippet(root, path, "a", root / "cache" / "a")
    second = run_snippet(root, path, "b", root / "cache" / "b")
    assert (root / "cache/a/figure-1.svg").read_bytes() == (root / "cache/b/figure-1.svg").read_bytes()
    assert first.stdout == second.stdout


def test_figure_without_description_is_an_error(tmp_path: Path) -> None:
    root, path = _write(tmp_path, "nolabel.py", "import matplotlib.pyplot as plt\nplt.plot([1, 2])\n")
    with pytest.raises(SnippetError, match=r"figure 1 has no description"):
        run_snippet(root, path, "k", root / "cache" / "k")
    assert not (root / "cache" / "k").exists()


def test_raising_snippet_reports_its_own_traceback(tmp_path: Path) -> None:
    root, path = _write(tmp_path, "boom.py", "x = 1\ny = x / 0\n")
    with pytest.raises(SnippetError) as info:
        run_snippet(root, path, "k", root / "cache" / "k")
    message = str(info.value)
    assert message.startswith("snippets/boom.py: failed (run: python snippets/boom.py)")
    assert "ZeroDivisionError: division by zero" in message
    assert 'boom.py", line 2' in message
    assert "runpy" not in message


def test_hanging_snippet_times_out(tmp_path: Path) -> None:
    root, path = _write(tmp_path, "hang.py", "import time\ntime.sleep(30)\n")
    with pytest.raises(SnippetError, match=r"snippets/hang.py: did not finish within 1 s"):
        run_snippet(root, path, "k", root / "cache" / "k", timeout=1)


RESULT = SnippetResult(
    path="snippets/t/demo.py",
    key="abc",
    stdout="acc = 0.97\n```\n",
    stderr="",
    seconds=0.5,
    figures=[Figure("figure-1.svg", "Loss [log] per epoch", 600, 300)],
)


def test_render_output() -> None:
    block = render_output(RESULT, ["../assets/figures/f.svg"], "../lab/t-demo.ipynb")
    # The fence is longer than any backtick run in the output, so output cannot end it early.
    assert block.startswith('```` { .text .snippet-output title="Output" }\nacc = 0.97\n```\n````')
    assert (
        '![Loss \\[log\\] per epoch](../assets/figures/f.svg){ .snippet-figure loading=lazy width="600" height="300" }'
        in block
    )
    assert "[Open as a notebook](../lab/t-demo.ipynb)" in block


def test_notebook_holds_code_and_outputs() -> None:
    text = notebook_json("snippets/t/demo.py", '"""Demo."""\nprint(1)\n', RESULT, ["<svg/>"], [("A page", "../../p/")])
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    markdown, code = notebook.cells
    assert "Demo." in markdown.source and "[A page](../../p/)" in markdown.source
    assert code.source == '"""Demo."""\nprint(1)'
    assert code.outputs[0].text == RESULT.stdout
    assert code.outputs[1].data["image/svg+xml"] == "<svg/>"
    assert json.loads(text)["nbformat"] == 4


def test_notebook_name() -> None:
    assert notebook_name("snippets/backprop/numpy_mlp.py") == "backprop-numpy_mlp.ipynb"


def test_strip_remote_scripts() -> None:
    html = (
        '<script src="../../assets/x.js"></script>'
        '<script src=""> </script>'
        '<script src="https://cdn.example/m.js"></script>'
        '<script type="text/x-mathjax-config">init_mathjax()</script>'
        '<script type="module">await import("https://cdn.example/mermaid.mjs")</script>'
        "<script>var local = 1;</script>"
    )
    assert strip_remote_scripts(html) == ('<script src="../../assets/x.js"></script><script>var local = 1;</script>')


def _slimmed(css: str, body: str) -> str:
    html = f'<style type="text/css">{css}</style><body>{body}</body>'
    return slim_notebook_styles(html).split(">", 1)[1].split("</style>", 1)[0]


def test_notebook_styles_keep_the_rules_a_page_can_use() -> None:
    css = (
        ".cell{margin:1px}"
        ".absent{margin:2px}"
        ".cell .absent,.cell pre{margin:3px}"  # one selector can match: that one is kept
        ".cell:not(.absent){margin:4px}"  # :not(.absent) matches precisely because .absent is missing
        ".jp :is(.cell, .absent) p{margin:5px}"  # the comma inside :is() does not split the rule
        "pre[data-x]{margin:6px}"
        "@media (max-width: 10px){.absent{margin:7px}}"
    )
    out = _slimmed(css, '<div class="jp cell"><pre>x</pre></div>')
    assert "margin:1px" in out
    assert "margin:2px" not in out
    assert ".cell pre{margin:3px}" in out and ".cell .absent" not in out
    assert ".cell:not(.absent){margin:4px}" in out
    assert ".jp :is(.cell, .absent) p{margin:5px}" in out
    assert "pre[data-x]{margin:6px}" in out
    assert "margin:7px" in out  # at-rules are kept whole


def test_notebook_styles_keep_the_custom_properties_in_use() -> None:
    css = (
        ".cell{--used:var(--indirect);--indirect:red;--unused:blue;--inline:green;--other:1px;color:var(--used)}"
        ".absent{--only-here:1px;margin:var(--other)}"
    )
    out = _slimmed(css, '<div class="cell" style="color: var(--inline)"></div>')
    assert "--used:var(--indirect)" in out and "--indirect:red" in out  # through another property
    assert "--inline:green" in out  # the page's own style attribute uses it
    assert "--unused" not in out
    assert "--other" not in out  # only a dropped rule used it
    assert "!important" in _slimmed(".cell{color:red !important}", '<p class="cell"></p>')


def test_notebook_styles_are_cached_by_content(tmp_path: Path) -> None:
    import kb.notebook_html

    html = '<style type="text/css">.cell{color:red}.absent{color:blue}</style><p class="cell"></p>'
    first = slim_notebook_styles(html, cache=tmp_path)
    (entry,) = tmp_path.glob("*.json")
    kb.notebook_html._results.clear()  # a new build: only the disk cache remains
    entry.write_text('[".cell{color:green}"]')
    assert slim_notebook_styles(html, cache=tmp_path) != first, "the cached result was not used"
    kb.notebook_html._results.clear()
    entry.write_text("not json")
    assert slim_notebook_styles(html, cache=tmp_path) == first, "an unreadable entry is made again"
    other = html.replace('class="cell"', 'class="absent"')
    assert "blue" in slim_notebook_styles(other, cache=tmp_path), "other classes, another entry"


def test_environment_salt_follows_the_lock_file_and_nothing_else(tmp_path: Path) -> None:
    from kb.snippets import environment_salt

    lock = tmp_path / "requirements.lock"
    lock.write_text("numpy==2.4.6\n")
    salt = environment_salt(lock)
    (tmp_path / "README.md").write_text("an unrelated edit\n")
    assert environment_salt(lock) == salt
    lock.write_text("numpy==2.4.6\n    # via dl-interview-kb (pyproject.toml)\n")
    assert environment_salt(lock) == salt, "a comment in the lock file re-runs every snippet"
    lock.write_text("numpy==2.4.7\n")
    assert environment_salt(lock) != salt
    source = b"print(1)\n"
    assert cache_key(source, salt) != cache_key(source, environment_salt(lock))
