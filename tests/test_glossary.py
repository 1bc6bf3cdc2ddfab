"""The glossary: validation with file and line, the matcher, and the HTML linker."""

from __future__ import annotations

import html
import re

import pytest
from mkdocs.utils.meta import get_data

from conftest import ROOT
from kb.glossary import (
    USES_MARKER,
    Matcher,
    Term,
    is_case_sensitive,
    link_glossary_entries,
    link_terms,
    load_glossary,
    render_backlinks,
    render_glossary_markdown,
    render_uses,
    render_uses_markdown,
    slugify,
)

TERMS = [
    Term("convolutional neural network", "A network of convolutions.", ["CNN", "ConvNet"]),
    Term("neural network", "Layers of units."),
    Term("logit", "A pre-softmax score."),
    Term("gradient", "The vector of partial derivatives."),
    Term("ReLU", "max(0, x)."),
    Term("cross-entropy", "Expected negative log-likelihood.", ["cross entropy"]),
    Term("batch", "A group of examples.", ["mini-batch"]),
]
HREF = {t.slug: f"../glossary/#{t.slug}" for t in TERMS}
MATCHER = Matcher(TERMS)


def linked_names(html: str) -> list[str]:
    return re.findall(r'<a class="kb-term" href="[^"]+"(?: title="[^"]*")?>([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>A neural network computes logits.</p>", ["neural network", "logits"]),
        (
            "<p>Convolutional Neural Networks beat a neural network.</p>",
            ["Convolutional Neural Networks", "neural network"],
        ),
        ("<p>CNNs and a cnn and a ConvNet.</p>", ["CNNs"]),
        ("<p>relu is not ReLU.</p>", ["ReLU"]),
        ("<p>The gradient, the gradient again.</p>", ["gradient"]),
        ("<p>gradients</p>", ["gradients"]),
        ("<p>cross-entropy and cross entropy</p>", ["cross-entropy"]),
        ("<p>a mini-batch, not a batched thing</p>", ["mini-batch"]),
        ("<p>logitech and gradientless</p>", []),
        ("<p><code>gradient</code> then gradient</p>", ["gradient"]),
        ("<pre><code>gradient</code></pre><p>x</p>", []),
        ("<h2>Gradient</h2><p>no term here</p>", []),
        ('<p><a href="x">gradient</a></p>', []),
        ('<p><img alt="gradient" src="g.svg"> and <span title="gradient">x</span></p>', []),
        ('<p><span class="arithmatex">\\(gradient\\)</span></p>', []),
        ('<div class="admonition note"><p class="admonition-title">Gradient</p><p>logit</p></div>', ["logit"]),
        ("<details><summary>The gradient?</summary><p>logit</p></details>", ["logit"]),
        ("<p>x</p><script>var gradient = 1;</script>", []),
        ("<p>neural&nbsp;network</p>", []),
        ("<p>The <em>neural</em> network</p>", []),
        ("<p>a neural\nnetwork</p>", ["neural\nnetwork"]),
        ("<p>cross–entropy</p>", ["cross–entropy"]),
        ('<span class="filename">snippets/gradient.py</span><p>gradient</p>', ["gradient"]),
    ],
    ids=[
        "phrase-and-plural",
        "longest-match-wins",
        "abbreviation-case-sensitive",
        "mixed-case-sensitive",
        "first-occurrence-only",
        "plural",
        "alias-spelling",
        "hyphenated-alias",
        "word-boundaries",
        "inline-code",
        "code-block",
        "heading",
        "existing-link",
        "attributes",
        "math",
        "admonition-title",
        "details-summary",
        "script",
        "entity-splits-phrase",
        "markup-splits-phrase",
        "line-break-inside-phrase",
        "en-dash",
        "code-block-title",
    ],
)
def test_link_terms(html: str, expected: list[str]) -> None:
    out, linked = link_terms(html, MATCHER, HREF)
    assert linked_names(out) == expected
    assert len(linked) == len(expected)
    # Only links were added: removing them gives back the input.
    assert re.sub(r'<a class="kb-term"[^>]*>([^<]+)</a>', r"\1", out) == html


def test_link_carries_the_definition_as_tooltip_escaped_twice() -> None:
    """The tooltip parses the title's value as HTML: the value must be HTML the build made."""
    terms = [Term("logit", 'A *score* "before" <softmax> &lt;img src=x onerror=alert(1)&gt; [a](javascript:x).')]
    out, _ = link_terms("<p>logit</p>", Matcher(terms), {"logit": "g/#logit"})
    title = re.search(r'title="([^"]*)"', out).group(1)
    tooltip_html = html.unescape(title)  # what the tooltip inserts with innerHTML
    assert tooltip_html == (
        'A <em>score</em> "before" &lt;softmax&gt; &lt;img src=x onerror=alert(1)&gt; <span>a</span>.'
    )


def test_skip_keeps_a_term_unlinked() -> None:
    out, _ = link_terms("<p>gradient and logit</p>", MATCHER, HREF, skip={"gradient"})
    assert linked_names(out) == ["logit"]


def test_glossary_entries_never_link_their_own_term() -> None:
    html = '<h3 id="gradient">Gradient</h3><p>The gradient of a logit.</p><h3 id="logit">Logit</h3><p>A logit feeds a gradient.</p>'
    out = link_glossary_entries(html, MATCHER, HREF)
    gradient_entry, logit_entry = out.split('<h3 id="logit">')
    assert linked_names(gradient_entry) == ["logit"]
    assert linked_names(logit_entry) == ["gradient"]
    # The definition is on the page already: the tooltip reads it there (glossary.js).
    assert "title=" not in out


def test_matcher_cost_does_not_grow_with_the_number_of_terms() -> None:
    many = [Term(f"term{i} word{i}", "d") for i in range(5000)] + TERMS
    matcher = Matcher(many)
    text = "a neural network " * 200
    assert len(matcher.find(text)) == 200
    assert matcher.max_words == 3


@pytest.mark.parametrize(
    ("name", "sensitive"),
    [("CNN", True), ("ReLU", True), ("AdamW", True), ("GAN", True), ("Adam", False), ("logit", False), ("F1", True)],
)
def test_case_rule(name: str, sensitive: bool) -> None:
    assert is_case_sensitive(name) is sensitive


def test_slugs_are_stable() -> None:
    assert slugify("Convolutional neural network") == "convolutional-neural-network"
    assert slugify("k-means") == "k-means"
    assert slugify("Xavier (Glorot) initialization") == "xavier-glorot-initialization"


GOOD = """\
- term: gradient
  definition: The vector of partial derivatives.
- term: logit
  aliases: [logits score]
  definition: A pre-softmax score.
  see_also: [gradient]
  explained_in: questions/a.md
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace("- term: logit", "- term: Gradient"),
            "docs/glossary.yml:3: duplicate term 'Gradient' (first defined on line 1)",
        ),
        (
            GOOD.replace("[logits score]", "[Gradient]"),
            "docs/glossary.yml:3: 'Gradient' of 'logit' is already a name of 'gradient' (line 1): a name can belong to one term only",
        ),
        (
            GOOD.replace("see_also: [gradient]", "see_also: [gradients]"),
            "docs/glossary.yml:3: 'logit' has see_also 'gradients', which is not a term",
        ),
        (
            GOOD.replace("questions/a.md", "questions/missing.md"),
            "docs/glossary.yml:3: 'logit' has explained_in 'questions/missing.md', which is not a page (use a path under docs/, e.g. questions/backpropagation.md)",
        ),
        (
            GOOD.replace("A pre-softmax score.", '""'),
            "docs/glossary.yml:5: 'logit' has an empty definition: write one precise sentence",
        ),
        (
            GOOD.replace("  definition: The vector", "  meaning: The vector"),
            "docs/glossary.yml:2: unknown key 'meaning' (allowed: term, aliases, definition, see_also, explained_in)",
        ),
        (
            GOOD.replace("[logits score]", "logits score"),
            "docs/glossary.yml:4: 'aliases' must be a list of texts, e.g. [CNN, ConvNet]",
        ),
        ("- term: [unclosed\n", "docs/glossary.yml:2: not valid YAML: "),
        (GOOD + "  definition: Twice.\n", "docs/glossary.yml:8: duplicate key 'definition' in this entry"),
        (
            GOOD.replace("A pre-softmax score.", "A score <img src=x onerror=alert(1)>."),
            "docs/glossary.yml:5: 'definition': raw HTML '<img' is not allowed",
        ),
        (
            GOOD.replace("A pre-softmax score.", "A [score](javascript:alert(1))."),
            "docs/glossary.yml:5: 'definition': link to 'javascript:alert(1)' is not allowed",
        ),
        (
            GOOD.replace("A pre-softmax score.", "A [score](data:text/html,x)."),
            "docs/glossary.yml:5: 'definition': link to 'data:text/html,x' is not allowed",
        ),
        (
            GOOD.replace("[logits score]", "['<svg onload=alert(1)>']"),
            "docs/glossary.yml:4: 'aliases': raw HTML '<svg' is not allowed",
        ),
        (
            GOOD.replace("- term: logit", "- term: '&lt;script&gt;'"),
            "docs/glossary.yml:3: 'term': character reference '&lt;' is not allowed",
        ),
        (
            GOOD.replace("- term: logit", "- term: logit</a><script>x</script>"),
            "docs/glossary.yml:3: 'term': raw HTML '</a' is not allowed",
        ),
    ],
    ids=[
        "duplicate-term",
        "alias-collision",
        "dangling-see-also",
        "dangling-explained-in",
        "empty-definition",
        "unknown-key",
        "aliases-not-a-list",
        "invalid-yaml",
        "duplicate-key",
        "html-definition",
        "javascript-link",
        "data-link",
        "html-alias",
        "entity-term",
        "html-term",
    ],
)
def test_glossary_validation(text: str, expected: str) -> None:
    _, errors = load_glossary(text, "docs/glossary.yml", {"questions/a.md"})
    messages = [str(e) for e in errors]
    assert any(m.startswith(expected) for m in messages), messages


def test_markdown_and_safe_links_pass() -> None:
    text = GOOD.replace(
        "A pre-softmax score.",
        "A *score* with `<b>` code, $x_{<t}$, [a page](questions/a.md), "
        "[a site](https://example.org/) and &lt;angle brackets&gt;.",
    )
    assert load_glossary(text, "docs/glossary.yml", {"questions/a.md"})[1] == []


def test_valid_glossary_loads() -> None:
    terms, errors = load_glossary(GOOD, "docs/glossary.yml", {"questions/a.md"})
    assert errors == []
    assert [t.term for t in terms] == ["gradient", "logit"]


def test_glossary_page_has_anchors_aliases_and_backlink_markers() -> None:
    terms, _ = load_glossary(GOOD, "docs/glossary.yml", {"questions/a.md"})
    page = render_glossary_markdown(terms, {"questions/a.md": "Page A?"})
    assert "## G" in page and "## L" in page
    assert "### logit { #logit }" in page
    assert "**Also:** logits score  \n**See also:**" in page
    assert "**See also:** [gradient](#gradient)" in page
    assert "**Explained in:** [Page A?](questions/a.md)" in page
    assert "<!-- kb-backlinks:logit -->" in page


def test_glossary_entry_counts_its_pages_and_links_their_list() -> None:
    assert render_backlinks(3, "uses/#logit") == '<p class="kb-backlinks"><a href="uses/#logit">Used on 3 pages</a></p>'
    assert ">Used on 1 page</a>" in render_backlinks(1, "uses/#logit")
    assert "Not used on any page yet" in render_backlinks(0, "uses/#logit")


def test_uses_page_lists_each_terms_pages_under_its_anchor() -> None:
    terms, _ = load_glossary(GOOD, "docs/glossary.yml", {"questions/a.md"})
    gradient, logit = terms
    html = render_uses([(gradient, "../#gradient", [("A <b>page</b>", "../../a/")]), (logit, "../#logit", [])])
    first, second = html.split("\n")
    assert first == (
        '<div class="kb-uses"><h2 id="gradient"><a href="../#gradient">gradient</a></h2>'
        '<ul><li><a href="../../a/">A &lt;b&gt;page&lt;/b&gt;</a></li></ul></div>'
    )
    assert '<h2 id="logit">' in second and "Not used on any page yet." in second
    page = render_uses_markdown("../glossary.md")
    assert "[glossary](../glossary.md)" in page and USES_MARKER in page
    assert get_data(page)[1] == {"search": {"exclude": True}, "hide": ["toc"]}


# --- Consistency of the real glossary ----------------------------------------------------------


@pytest.fixture(scope="module")
def real_glossary() -> tuple[list[Term], list]:
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    return load_glossary((ROOT / "docs" / "glossary.yml").read_text(), "docs/glossary.yml", pages)


def test_real_glossary_is_valid_and_large_enough(real_glossary: tuple[list[Term], list]) -> None:
    terms, errors = real_glossary
    assert [str(e) for e in errors] == []
    assert len(terms) >= 80


def test_every_see_also_and_explained_in_exists(real_glossary: tuple[list[Term], list]) -> None:
    terms, _ = real_glossary
    names = {t.term.lower() for t in terms}
    for term in terms:
        assert all(s.lower() in names for s in term.see_also), term.term
        if term.explained_in:
            assert (ROOT / "docs" / term.explained_in).is_file(), term.term
