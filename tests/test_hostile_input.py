"""Hostile text in data fields: refused with `path:line` where it is markup, shown as text elsewhere.

Two sites are built. The first puts a payload that validation must refuse (script, img onerror,
svg onload, `javascript:` and `data:` links) in every text field of the glossary, of quiz items and
of front matter, and expects one failed build naming each place. The second carries payloads that
pass validation but would run if any surface forgot to escape them (entity text, code spans,
math, quotes); Chromium then visits every surface that shows them and fails on any dialog, any
page error, or any element with an event-handler attribute.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import BuildResult, Project, page_ready, question_page, serve, start_review

pytestmark = pytest.mark.xdist_group("hostile")  # one worker builds the hostile site

# --- Refused -----------------------------------------------------------------------------------

REFUSED_GLOSSARY = """\
- term: gradient
  definition: The vector of partial derivatives.
- term: <script>alert('term')</script>
  definition: A term.
- term: logit
  aliases: ['<img src=x onerror=alert("alias")>']
  definition: A score.
- term: softmax
  definition: Turns scores into <svg onload=alert('definition')> probabilities.
- term: ReLU
  definition: See [this](javascript:alert('link')).
- term: tanh
  definition: A curve, [drawn](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==).
- term: sigmoid
  definition: A squashing function.
  see_also: ['<img src=x onerror=alert("see")>']
"""


def refused_page() -> str:
    page = question_page()
    page = page.replace('title: "What does a test question ask?"', "title: \"Ask <img src=x onerror=alert('title')>\"")
    page = page.replace("difficulty: mid", "difficulty: mid\ndescription: \"<svg onload=alert('description')>\"")
    page = page.replace("question: One?", "question: One <script>alert('question')</script>?")
    page = page.replace("  - text: Yes\n", "  - text: Yes <img src=x onerror=alert('option')>\n")
    page = page.replace("    feedback: Wrong.", "    feedback: \"[Why](javascript:alert('feedback'))\"")
    page = page.replace("explanation: Because.", "explanation: Because <svg onload=alert('explanation')>.")
    page = page.replace("tolerance: 0.001\n", "tolerance: 0.001\nunit: <img src=x onerror=alert('unit')>\n")
    return page


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


@pytest.mark.build
def test_markup_in_any_data_field_fails_the_build_naming_each_place(project: Project) -> None:
    page = refused_page()
    project.write("docs/glossary.yml", REFUSED_GLOSSARY)
    project.add_page("questions/q.md", page)
    result = project.build()
    assert result.returncode != 0, result.output
    expected = [
        ("docs/glossary.yml", REFUSED_GLOSSARY, "alert('term')", "'term': raw HTML '<script'"),
        ("docs/glossary.yml", REFUSED_GLOSSARY, 'alert("alias")', "'aliases': raw HTML '<img'"),
        ("docs/glossary.yml", REFUSED_GLOSSARY, "alert('definition')", "'definition': raw HTML '<svg'"),
        ("docs/glossary.yml", REFUSED_GLOSSARY, "alert('link')", "'definition': link to 'javascript:alert('link')'"),
        ("docs/glossary.yml", REFUSED_GLOSSARY, "data:text/html", "'definition': link to 'data:text/html"),
        ("docs/glossary.yml", REFUSED_GLOSSARY, 'alert("see")', "'see_also': raw HTML '<img'"),
        ("docs/questions/q.md", page, "alert('title')", "'title': raw HTML '<img'"),
        ("docs/questions/q.md", page, "alert('description')", "'description': raw HTML '<svg'"),
        ("docs/questions/q.md", page, "alert('question')", "'question': raw HTML '<script'"),
        ("docs/questions/q.md", page, "alert('option')", "option 'text': raw HTML '<img'"),
        ("docs/questions/q.md", page, "alert('feedback')", "option 'feedback': link to 'javascript:alert('feedback')'"),
        ("docs/questions/q.md", page, "alert('explanation')", "'explanation': raw HTML '<svg'"),
        ("docs/questions/q.md", page, "alert('unit')", "'unit': raw HTML '<img'"),
    ]
    missing = [
        f"{path}:{line_of(text, where)}: {message}"
        for path, text, where, message in expected
        if f"{path}:{line_of(text, where)}: {message}" not in result.output
    ]
    assert not missing, "\n".join(missing) + "\n--- build output:\n" + result.output


# --- Escaped -----------------------------------------------------------------------------------

#: Entity text: shown as '<img src=x onerror=...>' when escaped once, runs when decoded twice.
DEFINITION = "The vector &lt;img src=x onerror=alert('tooltip')&gt; of `<svg onload=alert('code')>` partials."
ESCAPED_GLOSSARY = f"""\
- term: gradient
  aliases: [grad "quoted" & 'single']
  definition: "{DEFINITION}"
- term: logit
  definition: A score before the softmax, &lt;script&gt;alert('logit')&lt;/script&gt;.
"""


def escaped_page() -> str:
    page = question_page()
    page = page.replace('title: "What does a test question ask?"', "title: 'Ask \"quoted\" & ''single'' things?'")
    page = page.replace("difficulty: mid", "difficulty: mid\ndescription: 'Quote \" autofocus onfocus=\"alert(1)'")
    page = page.replace("A short answer.", "A short answer about the gradient &lt;img src=x onerror=alert('body')&gt;.")
    page = page.replace("question: One?", "question: \"One &lt;img src=x onerror=alert('question')&gt;?\"")
    page = page.replace("  - text: Yes\n", "  - text: \"Yes `<img src=x onerror=alert('option')>`\"\n")
    # A distractor as long as the right option: the length rule would reject the item otherwise.
    page = page.replace("  - text: No\n", "  - text: \"No `<svg onload=alert('option-2')>`\"\n", 1)
    page = page.replace("    feedback: Wrong.", "    feedback: \"Wrong &lt;svg onload=alert('feedback')&gt;.\"")
    page = page.replace(
        "explanation: Because.",
        "explanation: \"Because $<img src=x onerror=alert('math')>$ &lt;script&gt;alert(7)&lt;/script&gt;.\"",
    )
    page = page.replace("tolerance: 0.001\n", "tolerance: 0.001\nunit: 'm/s\" onmouseover=\"alert(''unit'')'\n")
    return page


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = Project(tmp_path_factory.mktemp("hostile"))
    project.write("docs/glossary.yml", ESCAPED_GLOSSARY)
    project.add_page("questions/q.md", escaped_page())
    for name in ("practice.md", "review.md"):
        project.add_page(name, (Path(__file__).parent.parent / "docs" / name).read_text())
    result = project.build()
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def hostile_url(hostile_site: BuildResult) -> Iterator[str]:
    url, server = serve(hostile_site.site)
    yield url
    server.shutdown()
    server.server_close()


class Trap:
    """Every dialog, page error and event-handler attribute a page shows."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.found.append(f"page error: {error}"))

    def _dialog(self, dialog) -> None:
        self.found.append(f"{dialog.type} dialog: {dialog.message}")
        dialog.dismiss()

    def check(self, where: str) -> None:
        self.page.wait_for_timeout(300)  # an <img src=x onerror> fires once the load fails
        handlers = self.page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e =>
            [...e.attributes].filter(a => /^on/i.test(a.name)).map(a => e.tagName + ' ' + a.name))""")
        self.found += [f"{where}: element with {h}" for h in handlers]
        assert not self.found, "\n".join(self.found)


@pytest.mark.browser
def test_no_surface_runs_a_payload(browser: Browser, hostile_url: str, hostile_site: BuildResult) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    trap = Trap(page)

    # The meta description is one attribute, not several.
    question_html = (hostile_site.site / "questions/q/index.html").read_text()
    description = re.search(r'<meta name="description" content="([^"]*)">', question_html)
    assert description and html.unescape(description.group(1)) == 'Quote " autofocus onfocus="alert(1)'

    # Question page: quiz text, its answer, feedback after a wrong answer, the unit.
    page.goto(hostile_url + "questions/q/", wait_until="load")
    page_ready(page)
    expect(page.locator("h1")).to_have_text("Ask \"quoted\" & 'single' things?")
    expect(page.locator("#quiz-test-one legend")).to_contain_text("One <img src=x onerror=alert('question')>?")
    page.check("#quiz-test-one input[value='1']")
    page.click("#quiz-test-one button[type=submit]")
    expect(page.locator("#quiz-test-one .quiz__feedback")).to_contain_text("Wrong <svg onload=alert('feedback')>.")
    page.check("#quiz-test-one input[value='0']")
    page.click("#quiz-test-one button[type=submit]")
    expect(page.locator("#quiz-test-one .quiz__feedback")).to_contain_text("<script>alert(7)</script>")
    expect(page.locator("#quiz-test-three .quiz__unit")).to_have_text("m/s\" onmouseover=\"alert('unit')")
    trap.check("question page")

    # The glossary tooltip, on hover and on keyboard focus: the definition, as text.
    term = page.locator("article a.kb-term").first
    tooltip_text = "The vector <img src=x onerror=alert('tooltip')> of <svg onload=alert('code')> partials."
    term.hover()
    expect(page.locator("#kb-tooltip")).to_contain_text(tooltip_text)
    trap.check("hover tooltip")
    page.mouse.move(0, 0)
    page.goto(hostile_url + "questions/q/", wait_until="load")
    page_ready(page)
    page.locator("article a.kb-term").first.focus()
    expect(page.locator("#kb-tooltip")).to_contain_text(tooltip_text)
    trap.check("focus tooltip")

    # The glossary page.
    page.goto(hostile_url + "glossary/", wait_until="load")
    page_ready(page)
    expect(page.locator(".glossary-entry:has(> #gradient)")).to_contain_text(tooltip_text)
    expect(page.locator("article")).to_contain_text("grad \"quoted\" & 'single'")
    trap.check("glossary page")

    # Review: every card, front and back (the quiz answered above would not be due again today).
    page.evaluate("localStorage.clear()")
    page.goto(hostile_url + "review/", wait_until="load")
    page_ready(page)
    start_review(page)
    seen = []
    for _ in range(20):
        if page.locator("#review-done").count():
            break
        page.keyboard.press(" ")
        seen.append(page.locator(".kb-review__card").inner_text())
        page.keyboard.press("3")
    text = "\n".join(seen)
    for shown in (
        "<img src=x onerror=alert('tooltip')>",
        "<img src=x onerror=alert('body')>",
        "One <img src=x onerror=alert('question')>?",
        "grad \"quoted\" & 'single'",
        "m/s\" onmouseover=\"alert('unit')",
    ):
        assert shown in text, f"{shown!r} not shown on any card:\n{text}"
    trap.check("review")

    # Practice: the scores table, and a mock interview to its result list.
    page.goto(hostile_url + "practice/", wait_until="load")
    page_ready(page)
    expect(page.locator(".kb-scores")).to_contain_text("Ask \"quoted\" & 'single' things?")
    page.fill("#mock-count", "3")
    page.click(".kb-mock button[type=submit]")
    expect(page.locator(".kb-mock-run form.quiz")).to_have_count(3)
    page.click(".kb-mock__finish")
    expect(page.locator(".kb-mock__result")).to_contain_text("Ask \"quoted\" & 'single' things?")
    trap.check("mock interview")

    # Search results.
    page.goto(hostile_url, wait_until="load")
    page_ready(page)
    page.keyboard.press("s")
    page.keyboard.type("onerror")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    trap.check("search results")
    context.close()
