"""The glossary: load and validate ``docs/glossary.yml``, find terms in text, link them in HTML.

Matching is one compiled regular expression, built once per build from every name, that finds
where a name may start; the exact rule is then checked there with dictionary look-ups of the
n-grams starting at that word. Its cost grows with the length of the text, not with the number
of terms.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field

import yaml

from kb.errors import ContentError
from kb.quiz import safe_markdown
from kb.safetext import markdown_problems, plain_problems

# libyaml when available (several times faster); both keep line numbers on nodes.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TERM_KEYS = ("term", "aliases", "definition", "see_also", "explained_in")
REQUIRED_TERM_KEYS = ("term", "definition")
WORD_RE = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+(?:[-–'’][0-9A-Za-z\u00C0-\u024F]+)*")


@dataclass
class Term:
    """One glossary entry."""

    term: str
    definition: str
    aliases: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    explained_in: str | None = None
    line: int = 0

    @property
    def slug(self) -> str:
        return slugify(self.term)


@functools.lru_cache(maxsize=8192)  # called for every term on every page: hundreds of thousands of calls
def slugify(text: str) -> str:
    """Stable anchor of a term: lower case, words joined by hyphens."""
    return "-".join(w.lower() for w in WORD_RE.findall(text.replace("'", "").replace("’", "")))


def is_case_sensitive(name: str) -> bool:
    """Abbreviations and names with inner capitals ("CNN", "ReLU", "AdamW") match case-sensitively."""
    return sum(ch.isupper() for ch in name) >= 2 or (len(name) <= 3 and name.isupper())


# --- Loading and validation ------------------------------------------------------------------


def load_glossary(text: str, path: str, pages: set[str] | None = None) -> tuple[list[Term], list[ContentError]]:
    """Parse and validate the glossary file. ``pages`` are the docs-relative pages that exist."""
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return [], [ContentError(path, mark.line + 1 if mark else None, f"not valid YAML: {exc.problem or exc}")]
    if root is None:
        return [], [ContentError(path, 1, "the glossary is empty: add a list of terms")]
    if not isinstance(root, yaml.SequenceNode):
        return [], [
            ContentError(
                path, root.start_mark.line + 1, "the glossary must be a list of entries, each starting with '- term:'"
            )
        ]
    terms: list[Term] = []
    errors: list[ContentError] = []
    for node in root.value:
        term = _parse_entry(node, path, errors)
        if term:
            terms.append(term)
    errors += _check_names(terms, path)
    errors += _check_references(terms, path, pages)
    return terms, errors


def _parse_entry(node: yaml.Node, path: str, errors: list[ContentError]) -> Term | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        errors.append(ContentError(path, line, "each entry is a mapping: '- term: ...' then 'definition: ...'"))
        return None
    values: dict[str, yaml.Node] = {}
    ok = True
    for key_node, value_node in node.value:
        key = key_node.value
        if key in values:
            errors.append(ContentError(path, key_node.start_mark.line + 1, f"duplicate key '{key}' in this entry"))
            ok = False
        elif key not in TERM_KEYS:
            errors.append(
                ContentError(
                    path, key_node.start_mark.line + 1, f"unknown key '{key}' (allowed: {', '.join(TERM_KEYS)})"
                )
            )
            ok = False
        values[key] = value_node
    for key in REQUIRED_TERM_KEYS:
        if key not in values:
            errors.append(ContentError(path, line, f"entry is missing '{key}'"))
            ok = False
    term = _scalar(values.get("term"), "term", path, errors)
    definition = _scalar(values.get("definition"), "definition", path, errors)
    if definition is not None and not definition.strip():
        errors.append(
            ContentError(
                path,
                values["definition"].start_mark.line + 1,
                f"'{term}' has an empty definition: write one precise sentence",
            )
        )
    aliases = _string_list(values.get("aliases"), "aliases", path, errors)
    see_also = _string_list(values.get("see_also"), "see_also", path, errors)
    explained_in = _scalar(values.get("explained_in"), "explained_in", path, errors)
    ok = _check_text(values, path, errors) and ok
    if not ok or term is None or definition is None or aliases is None or see_also is None:
        return None
    return Term(
        term.strip(),
        " ".join(definition.split()),
        aliases,
        see_also,
        explained_in.strip() if explained_in else None,
        line,
    )


def _scalar(node: yaml.Node | None, key: str, path: str, errors: list[ContentError]) -> str | None:
    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode):
        errors.append(ContentError(path, node.start_mark.line + 1, f"'{key}' must be a text"))
        return None
    return str(node.value)


def _check_text(values: dict[str, yaml.Node], path: str, errors: list[ContentError]) -> bool:
    """Every text of the entry is data: no raw HTML, no link other than relative or http(s)."""
    found = []
    for key in ("term", "aliases", "definition", "see_also"):
        node = values.get(key)
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for scalar in nodes:
            if not isinstance(scalar, yaml.ScalarNode):
                continue
            check = markdown_problems if key == "definition" else plain_problems
            found += [
                ContentError(path, scalar.start_mark.line + 1, f"'{key}': {problem}")
                for problem in check(str(scalar.value))
            ]
    errors += found
    return not found


def _string_list(node: yaml.Node | None, key: str, path: str, errors: list[ContentError]) -> list[str] | None:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or not all(
        isinstance(item, yaml.ScalarNode) and str(item.value).strip() for item in node.value
    ):
        errors.append(
            ContentError(path, node.start_mark.line + 1, f"'{key}' must be a list of texts, e.g. [CNN, ConvNet]")
        )
        return None
    return [str(item.value).strip() for item in node.value]


def _check_names(terms: list[Term], path: str) -> list[ContentError]:
    """Every term and alias names exactly one entry, case-insensitively."""
    errors: list[ContentError] = []
    owner: dict[str, Term] = {}
    slugs: dict[str, Term] = {}
    for term in terms:
        if term.slug in slugs:
            errors.append(
                ContentError(
                    path, term.line, f"duplicate term '{term.term}' (first defined on line {slugs[term.slug].line})"
                )
            )
            continue
        slugs[term.slug] = term
        for name in [term.term, *term.aliases]:
            key = name.lower()
            if key in owner and owner[key] is not term:
                errors.append(
                    ContentError(
                        path,
                        term.line,
                        f"'{name}' of '{term.term}' is already a name of '{owner[key].term}' "
                        f"(line {owner[key].line}): a name can belong to one term only",
                    )
                )
            owner[key] = term
    return errors


def _check_references(terms: list[Term], path: str, pages: set[str] | None) -> list[ContentError]:
    errors: list[ContentError] = []
    names = {t.term.lower() for t in terms}
    for term in terms:
        for target in term.see_also:
            if target.lower() not in names:
                errors.append(
                    ContentError(path, term.line, f"'{term.term}' has see_also '{target}', which is not a term")
                )
        if term.explained_in and pages is not None and term.explained_in not in pages:
            errors.append(
                ContentError(
                    path,
                    term.line,
                    f"'{term.term}' has explained_in '{term.explained_in}', which is not a page "
                    "(use a path under docs/, e.g. questions/backpropagation.md)",
                )
            )
    return errors


# --- Matching --------------------------------------------------------------------------------


class Matcher:
    """Finds glossary terms in plain text: whole words, longest match first, case rules per name.

    Built once per build. One compiled regular expression, a trie of every name with word
    boundaries on both sides, finds the places where some name may start, in C; the exact rule
    (whole words joined by white space, longest phrase first, case-sensitive names) is applied in
    Python only there, so the cost grows with the length of the text, not the number of terms.
    """

    def __init__(self, terms: list[Term]) -> None:
        self.insensitive: dict[tuple[str, ...], Term] = {}
        self.sensitive: dict[tuple[str, ...], Term] = {}
        self.max_words = 1
        phrases = []
        for term in terms:
            for name in _names(term):
                words = tuple(w.replace("–", "-") for w in WORD_RE.findall(name))
                if not words:
                    continue
                self.max_words = max(self.max_words, len(words))
                phrases.append(words)
                if is_case_sensitive(name):
                    self.sensitive.setdefault(words, term)
                else:
                    self.insensitive.setdefault(tuple(w.lower() for w in words), term)
        self._candidates = _candidate_pattern(phrases)

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        """Return non-overlapping (start, end, term) matches, left to right."""
        matches = []
        position = 0
        while self._candidates is not None:
            candidate = self._candidates.search(text, position)
            if candidate is None:
                break
            found = self._exact(text, candidate) or self._match_at(text, candidate.start())
            if found:
                matches.append(found)
                position = found[1]
            else:
                position = candidate.start() + 1  # the pattern only stops where a word starts
        return matches

    def _exact(self, text: str, candidate: re.Match[str]) -> tuple[int, int, Term] | None:
        """The candidate itself, when its case fits: no name starting there is longer."""
        words = tuple(w.replace("–", "-") for w in WORD_RE.findall(candidate.group()))
        term = self.sensitive.get(words) or self.insensitive.get(tuple(w.lower() for w in words))
        return (candidate.start(), candidate.end(), term) if term else None

    def _match_at(self, text: str, start: int) -> tuple[int, int, Term] | None:
        """The longest phrase of whole words starting at ``start`` that names a term."""
        tokens = []
        for match in WORD_RE.finditer(text, start):
            tokens.append((match.start(), match.end(), match.group()))
            if len(tokens) == self.max_words:
                break
        for size in range(len(tokens), 0, -1):
            window = tokens[:size]
            if any(not text[a[1] : b[0]].isspace() for a, b in zip(window, window[1:], strict=False)):
                continue  # a phrase is words separated by white space only
            words = tuple(t[2].replace("–", "-") for t in window)  # an en dash joins like a hyphen
            term = self.sensitive.get(words) or self.insensitive.get(tuple(w.lower() for w in words))
            if term:
                return window[0][0], window[-1][1], term
        return None


_WORD_CHAR = "0-9A-Za-z\u00c0-\u024f"
_JOINERS = "\\-–'’"


def _candidate_pattern(names: list[tuple[str, ...]]) -> re.Pattern[str] | None:
    """One regex for every name, case-insensitive: a superset of the places where a name starts.

    ``names`` are the words of each name as written (not lower-cased: ``str.lower`` may turn one
    letter into two, which the case-insensitive regex would then fail to match).

    The names go into a character trie, so that the engine tests a handful of alternatives at each
    position whatever the number of terms. A match starts and ends where a word of ``WORD_RE``
    does (not inside "batch-norm" for "batch"), and the words of a phrase are joined by white space.
    """
    trie: dict = {}
    for words in names:
        node = trie
        for char in " ".join(words):
            node = node.setdefault(char, {})
        node[""] = {}
    if not trie:
        return None
    word, joiner = f"[{_WORD_CHAR}]", f"[{_JOINERS}]"
    body = _trie_regex(trie)
    # The lookahead first: it rejects most positions before the two lookbehinds are tried (2x faster).
    return re.compile(f"(?={word})(?<!{word})(?<!{word}{joiner})(?:{body})(?!{word})(?!{joiner}{word})", re.IGNORECASE)


def _trie_regex(node: dict) -> str:
    """Alternatives of a trie node, longer continuations first, so the longest name is tried first."""
    branches = []
    for char, child in sorted(node.items()):
        if char == "":
            continue
        atom = "\\s+" if char == " " else "[-–]" if char in "-–" else re.escape(char)
        branches.append(atom + _trie_regex(child))
    if "" in node:
        branches.append("")
    if not branches or branches == [""]:
        return ""
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def _names(term: Term) -> list[str]:
    """The term, its aliases, and a regular plural for each lower-case single or multi-word name."""
    names = [term.term, *term.aliases]
    plurals = []
    for name in names:
        if is_case_sensitive(name):
            plurals.append(name + "s")  # CNN -> CNNs
        elif not name.endswith("s") and name[-1:].isalpha():
            plurals.append(name + ("es" if name.endswith(("x", "ch", "sh")) else "s"))
    return names + plurals


# --- Linking in HTML -------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIP_TAGS = {
    "a",
    "code",
    "pre",
    "kbd",
    "script",
    "style",
    "textarea",
    "button",
    "select",
    "label",
    "summary",
    "svg",
    "math",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "figcaption",
}
_SKIP_CLASSES = {
    "arithmatex",
    "admonition-title",
    "katex",
    "kb-meta",
    "headerlink",
    "md-annotation",
    "filename",
    "kb-no-glossary",
    "quiz",
    "kb-key-terms",
}


_TAG_RE = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL)
_CLASS_RE = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY_RE = re.compile(r"&#?\w+;")
_RAW_TEXT = {"script", "style", "textarea"}
# Skipped elements whose content is only markup we never link (highlighted code is one <span> per
# token): jump to their end tag instead of reading every tag inside.
_OPAQUE = {name: re.compile(rf"<(/?){name}(?=[\s/>])[^>]*>", re.IGNORECASE) for name in ("pre", "svg", "math")}


def text_runs(html: str) -> list[tuple[int, str]]:
    """(offset, text) of every run of text that may carry a glossary link.

    A single left-to-right scan of the tags, keeping a stack of open elements; text inside a
    skipped element (code, links, headings, math, ...) is not returned, and entities split runs.
    """
    runs: list[tuple[int, str]] = []
    stack: list[tuple[str, bool]] = []
    position = 0

    def add(start: int, end: int) -> None:
        if stack and stack[-1][1]:
            return
        cursor = start
        for entity in _ENTITY_RE.finditer(html, start, end):
            if html[cursor : entity.start()].strip():
                runs.append((cursor, html[cursor : entity.start()]))
            cursor = entity.end()
        if html[cursor:end].strip():
            runs.append((cursor, html[cursor:end]))

    while True:
        match = _TAG_RE.search(html, position)
        if match is None:
            add(position, len(html))
            return runs
        add(position, match.start())
        position = match.end()
        closing, tag, attrs = match.group(1), (match.group(2) or "").lower(), match.group(3) or ""
        if not tag:  # a comment
            continue
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == tag:
                    del stack[index:]
                    break
            continue
        if tag in _VOID or attrs.rstrip().endswith("/"):
            continue
        if tag in _RAW_TEXT:  # skip to the end tag without reading the content as markup
            end = html.lower().find(f"</{tag}", position)
            position = len(html) if end < 0 else end
            stack.append((tag, True))
            continue
        found = _CLASS_RE.search(attrs)
        classes = set((found.group(1) or found.group(2) or "").split()) if found else set()
        skip = bool(stack and stack[-1][1]) or tag in _SKIP_TAGS or bool(classes & _SKIP_CLASSES)
        if tag in _OPAQUE:
            position = _end_of_element(html, position, _OPAQUE[tag])
            continue
        stack.append((tag, skip))


def tooltip(term: Term) -> str:
    """The value of a ``title`` attribute that shows a term's definition.

    The tooltip (docs/assets/javascripts/glossary.js) inserts the attribute's value into the page
    as HTML. So the value is the definition rendered by the safe Markdown renderer (raw HTML shown as
    text, links dropped), then escaped once more for the attribute: what the tooltip parses is
    HTML the build made, never text from the glossary.
    """
    return html.escape(safe_markdown(term.definition, inline=True, resolve=_no_links))


def _no_links(href: str) -> None:
    return None  # a tooltip is not clickable: a link's text stays, the link goes


def _end_of_element(html: str, position: int, tags: re.Pattern[str]) -> int:
    """Where the element opened just before ``position`` ends: after its end tag, nested ones counted."""
    depth = 1
    for match in tags.finditer(html, position):
        if match.group(0).endswith("/>"):
            continue
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(html)


def link_terms(
    source_html: str,
    matcher: Matcher,
    href: dict[str, str],
    skip: set[str] | None = None,
    titles: bool = True,
) -> tuple[str, list[Term]]:
    """Link the first use of each term in ``source_html``; return the new HTML and the terms linked.

    ``href`` maps a term's slug to its URL, relative to the page. Terms in ``skip`` are not linked.
    With ``titles``, each link carries its term's definition as its tooltip (see ``tooltip``).
    Text inside code, pre, links, headings, math, admonition titles and similar is left alone.
    """
    seen: set[str] = set(skip or ())
    linked: list[Term] = []
    pieces: list[str] = []
    cursor = 0
    for offset, data in text_runs(source_html):
        for start, end, term in matcher.find(data):
            if term.slug in seen:
                continue
            seen.add(term.slug)
            linked.append(term)
            pieces.append(source_html[cursor : offset + start])
            title = f' title="{tooltip(term)}"' if titles else ""
            pieces.append(f'<a class="kb-term" href="{html.escape(href[term.slug])}"{title}>{data[start:end]}</a>')
            cursor = offset + end
    pieces.append(source_html[cursor:])
    return "".join(pieces), linked


# --- The glossary page -----------------------------------------------------------------------

BACKLINKS_MARKER = "<!-- kb-backlinks:{slug} -->"
USES_MARKER = "<!-- kb-term-uses -->"
UNUSED = "Not used on any page yet."  # under an entry, and under its term on the uses page


def render_glossary_markdown(terms: list[Term], page_titles: dict[str, str]) -> str:
    """Markdown of the generated glossary page: terms A–Z under letter headings, stable anchors.

    ``page_titles`` maps a page path (``questions/x.md``) to its title, for "Explained in".
    Backlinks are left as markers and filled in once every page has been linked.
    """
    by_name = {t.term.lower(): t for t in terms}
    lines = [
        "# Glossary",
        "",
        "Every term the question pages rely on, in one precise sentence. Terms are linked automatically "
        "where pages first use them; hover or focus a linked term to read its definition.",
        "",
    ]
    letter = None
    for term in sorted(terms, key=lambda t: t.term.lower()):
        first = term.term[0].upper() if term.term[0].isalpha() else "0–9"  # "## #" would be an empty heading
        if first != letter:
            letter = first
            lines += [f"## {letter}", ""]
        # The heading inside its entry: an entry far from the viewport is then skipped whole (site.css).
        lines += ['<div class="glossary-entry" markdown>', "", f"### {_md_escape(term.term)} {{ #{term.slug} }}", ""]
        lines += [term.definition, ""]
        details = []
        if term.aliases:
            details.append("**Also:** " + ", ".join(_md_escape(a) for a in term.aliases))
        if term.see_also:
            links = [f"[{_md_escape(by_name[s.lower()].term)}](#{by_name[s.lower()].slug})" for s in term.see_also]
            details.append("**See also:** " + ", ".join(links))
        if term.explained_in:
            title = page_titles.get(term.explained_in, term.explained_in)
            details.append(f"**Explained in:** [{_md_escape(title)}]({term.explained_in})")
        if details:
            lines += ["  \n".join(details), ""]  # two trailing spaces: one line each
        lines += [BACKLINKS_MARKER.format(slug=term.slug), "", "</div>", ""]
    return "\n".join(lines)


def link_glossary_entries(page_html: str, matcher: Matcher, href: dict[str, str]) -> str:
    """Link terms inside each entry of the glossary page, never an entry's own term.

    These links carry no definition in a ``title``: the definition is on the same page, and the
    tooltip reads it from there (glossary.js). Repeated in every link, the definitions made up 90 KB
    of the page's HTML, which a phone downloads and parses before it shows anything.
    """
    parts = re.split(r'(?=<h3 id=")', page_html)
    out = [parts[0]]
    for part in parts[1:]:
        slug = re.match(r'<h3 id="([^"]+)"', part).group(1)
        linked, _ = link_terms(part, matcher, href, skip={slug}, titles=False)
        out.append(linked)
    return "".join(out)


def render_backlinks(count: int, uses_url: str) -> str:
    """Under a glossary entry: how many pages use the term, linked to their list on the uses page.

    The lists themselves live on that page: inline, they were 40% of the glossary's HTML.
    """
    if not count:
        return f'<p class="kb-backlinks kb-backlinks--unused">{UNUSED}</p>'
    pages = f"{count} page" + ("s" if count > 1 else "")
    return f'<p class="kb-backlinks"><a href="{html.escape(uses_url)}">Used on {pages}</a></p>'


def render_uses_markdown(glossary_link: str) -> str:
    """Markdown of the generated page that lists, for each term, the pages that use it.

    ``glossary_link`` is the glossary page's path relative to this page's source. The lists are
    filled in at ``USES_MARKER`` once every page has been linked (see ``render_uses``).
    """
    return "\n".join(
        [
            "---",
            "search:",
            "  exclude: true  # page titles only, each already found as itself",
            "hide:",
            "  - toc",
            "---",
            "",
            "# Where each term is used",
            "",
            f"The pages that link each term of the [glossary]({glossary_link}), in title order.",
            "",
            USES_MARKER,
            "",
        ]
    )


def render_uses(entries: list[tuple[Term, str, list[tuple[str, str]]]]) -> str:
    """The uses page's lists: (term, its glossary URL, [(page title, relative url)]) for each term."""
    out = []
    for term, glossary_url, pages in entries:
        name = f'<a href="{html.escape(glossary_url)}">{html.escape(term.term)}</a>'
        items = "".join(f'<li><a href="{html.escape(url)}">{html.escape(title)}</a></li>' for title, url in pages)
        body = f"<ul>{items}</ul>" if pages else f"<p>{UNUSED}</p>"
        out.append(f'<div class="kb-uses"><h2 id="{term.slug}">{name}</h2>{body}</div>')
    return "\n".join(out)


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)
