"""The content rules of `make check` beyond the schema: each one fires, with a place and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, question_page
from kb import page_rules as rules
from kb.check import main as check_main
from kb.frontmatter import validate_question
from kb.glossary import Matcher, load_glossary
from kb.quiz import find_quiz_blocks

SRC = "questions/t.md"


def meta_of(text: str):
    meta, errors = validate_question(text, f"docs/{SRC}")
    assert errors == [], errors
    return meta


@pytest.mark.parametrize(
    ("sentence", "ok"),
    [
        ("as shown before (Goodfellow et al., 2016).", True),
        ("as shown before (Goodfellow et al. 2016).", True),
        ("both agree (Goodfellow & Bengio, 2016; Goodfellow et al., 2016).", True),
        ("a workshop paper (ECCV 2016) said so.", True),  # a venue, not a citation
        ("as shown before (Pope et al., 2022).", False),
        ("as shown before (Goodfellow et al., 2017).", False),
        ("as shown before (Bengio, 2016).", True),  # a co-author of the listed work
    ],
)
def test_citations_must_match_a_source(sentence: str, ok: bool) -> None:
    text = question_page().replace("An explanation.", f"An explanation {sentence}")
    errors = rules.check_citations(SRC, text, meta_of(text))
    assert (errors == []) is ok, errors
    if not ok:
        assert errors[0].line == text.splitlines().index(f"An explanation {sentence}") + 1
        assert "add the work to `sources`, or correct the citation" in errors[0].message


def test_citations_inside_code_are_not_read() -> None:
    text = question_page().replace("An explanation.", "An explanation `f(Pope et al., 2022)`.")
    assert rules.check_citations(SRC, text, meta_of(text)) == []


def test_short_description_is_reported_at_the_short_answer() -> None:
    text = question_page()  # "A short answer." is 15 characters
    errors = rules.check_description(SRC, text, meta_of(text))
    assert [str(e) for e in errors][0].startswith(
        f"docs/{SRC}:{text.splitlines().index('## Short answer') + 1}: the description is 15 characters"
    )
    longer = text.replace("A short answer.", "A short answer that says enough to stand alone in a search result.")
    assert rules.check_description(SRC, longer, meta_of(longer)) == []


def test_a_page_without_a_snippet_is_reported() -> None:
    errors = rules.check_has_snippet(SRC, question_page(), [])
    assert errors and "no snippet" in errors[0].message and errors[0].line


def test_glossary_terms_are_counted_in_prose_only() -> None:
    terms, _ = load_glossary(
        "- term: alpha\n  definition: A.\n- term: beta\n  definition: B.\n- term: gamma\n  definition: C.\n",
        "docs/glossary.yml",
    )
    matcher = Matcher(terms)
    text = question_page().replace("An explanation.", "Alpha and beta.\n\n```python\ngamma = 1\n```\n\n`gamma`")
    assert rules.terms_used(text, matcher) == {"alpha", "beta"}
    errors = rules.check_term_count(SRC, text, {"alpha", "beta"})
    assert "uses 2 glossary term(s) in its prose, fewer than 5" in errors[0].message


def test_every_wrong_option_needs_feedback() -> None:
    text = question_page().replace("    feedback: Not C.\n", "")
    blocks, _ = find_quiz_blocks(text, f"docs/{SRC}")
    errors = rules.check_feedback(SRC, [b.item for b in blocks if b.item])
    assert len(errors) == 1
    assert "quiz 'test-two': the wrong option 'C' has no feedback" in errors[0].message
    assert errors[0].line == text.splitlines().index("id: test-two")  # the item's opening fence


def test_scaffold_placeholders_are_found_with_their_line() -> None:
    text = "intro\n\nWhat a strong candidate says in thirty seconds: three to six precise sentences.\n"
    errors = rules.check_placeholders("docs/questions/x.md", text)
    assert [(e.line, e.message.startswith("replace the placeholder")) for e in errors] == [(3, True)]


def test_figure_descriptions_need_ten_characters(tmp_path: Path) -> None:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets/f.py").write_text(
        'import matplotlib.pyplot as plt\nfig, ax = plt.subplots(num="Loss")\nplt.figure(num="Loss per epoch")\n'
    )
    errors = rules.check_figure_descriptions(tmp_path, "snippets/f.py")
    assert [(e.path, e.line) for e in errors] == [("snippets/f.py", 2)]
    assert "'Loss' is shorter than 10 characters" in errors[0].message


def test_glossary_must_be_sorted_and_every_term_used() -> None:
    terms, _ = load_glossary(
        "- term: beta\n  definition: B.\n- term: Alpha\n  definition: A.\n- term: gamma\n  definition: C.\n",
        "docs/glossary.yml",
    )
    order = rules.check_glossary_order(terms, "docs/glossary.yml")
    assert [(e.line, e.message.split(" is ")[0]) for e in order] == [(3, "'Alpha'")]
    unused = rules.check_terms_used(terms, {"alpha", "beta"}, "docs/glossary.yml")
    assert [(e.line, e.message) for e in unused] == [
        (5, "'gamma' is used on no question page: use it in a page's prose, or remove the entry")
    ]


def test_make_check_reports_new_rules_on_a_real_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from test_contributing import copy_repo

    repo = copy_repo(tmp_path / "repo")
    page = repo / "docs/questions/dropout.md"
    text = page.read_text()
    page.write_text(
        text.replace("## Deeper explanation\n", "## Deeper explanation\n\nAs (Nobody et al., 2031) said.\n", 1)
    )
    snippet = repo / "snippets/regularization/dropout_inverted.py"
    snippet.write_text(snippet.read_text() + "\nprint('changed')\n")
    assert check_main([str(repo)]) == 1
    report = capsys.readouterr().err
    assert "docs/questions/dropout.md:" in report and "cites (Nobody et al., 2031)" in report
    assert "tests/snippet_outputs/regularization/dropout_inverted.txt:1: older than" in report


def test_the_real_site_follows_every_rule() -> None:
    assert check_main([str(ROOT)]) == 0


def test_the_correct_option_may_be_the_longest_in_at_most_35_percent_of_single_items() -> None:
    def item(n: int, longest: bool):
        text = question_page().replace("id: test-one", f"id: t-{n}")
        if not longest:  # the template's right option, "Yes", is longer than its distractor, "No"
            text = text.replace("  - text: No\n", "  - text: Nope\n")
        blocks, _ = find_quiz_blocks(text, f"docs/{SRC}")
        return blocks[0].item

    fine = {SRC: [item(0, True), item(1, False), item(2, False)]}
    assert rules.check_longest_share(fine) == []
    too_many = {SRC: [item(0, True), item(1, True), item(2, False)]}
    errors = rules.check_longest_share(too_many)
    assert len(errors) == 1 and "in 2 of 3 single-answer items (67%)" in errors[0].message
    assert f"docs/{SRC}:" in errors[0].message


def test_the_say_it_item_must_repeat_the_short_answer() -> None:
    from kb.content import check_quizzes

    assert check_quizzes({SRC: question_page()})[1] == []
    drifted = question_page().replace("model_answer: A short answer.", "model_answer: An older short answer.")
    errors = check_quizzes({SRC: drifted})[1]
    assert len(errors) == 1 and errors[0].path == f"docs/{SRC}" and errors[0].line
    assert "model_answer differs from the Short answer" in errors[0].message
