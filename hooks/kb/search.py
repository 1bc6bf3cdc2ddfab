"""Concept search: add the glossary's names and other spellings to Material's search index.

Material's search builds its lunr index in the browser from ``search/search_index.json``: one
entry per page section, with ``location``, ``title`` and ``text``. Its ``config.fields`` lists the
fields lunr indexes, with a boost each; an entry may carry fields beyond the three it displays.
This module fills two such fields, declared in mkdocs.yml under ``plugins.search.fields``:

- ``keywords`` (weighted like a title): on the entry of the page that a glossary term is
  ``explained_in``, every name of that term (term and aliases) in its written, joined,
  camel-case-split and British/American forms; on every entry, the other spellings of its title.
- ``spelling`` (weighted like text): the other spellings of the words of the entry's text, so
  that ``optimiser`` finds a page that writes ``optimizer`` as often as it writes it.

Nothing here changes what a reader sees: results show the title and text as the page has them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from kb.glossary import Term

KEYWORDS = "keywords"
SPELLING = "spelling"
SPELLING_REPEAT_CAP = 3  # lunr's term-frequency weight is nearly flat beyond a few occurrences

# The search separator of mkdocs.yml (plugins.search.separator): whitespace, hyphens and
# punctuation split words; letter case does not, so RMSNorm, LayerNorm and KMeans stay whole.
SEPARATOR = r'[\s\-,:!=\[\]()"/]+'
SEPARATOR_RE = re.compile(SEPARATOR)
_WORD_RE = re.compile(r"[A-Za-z]+")
_TAG_RE = re.compile(r"<[^>]+>")
_CAMEL_RE = re.compile(r"(?<=[A-Za-z])(?=[A-Z][a-z])")  # RMSNorm -> RMS Norm, KMeans -> K Means

# British <-> American endings, applied in both directions. The stem before them must have at
# least three letters, so that "rise", "size" and "noise" are left alone.
_SUFFIXES = [
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ises", "izes"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("iser", "izer"),
    ("isers", "izers"),
    ("isable", "izable"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("ysing", "yzing"),
    ("yses", "yzes"),  # codespell:ignore
]
# Words ending like a British -ise verb that are spelled that way everywhere.
_NOT_VERBS = frozenset(
    """
    advertise advise arise chastise comprise compromise concise demise despise devise disguise
    enterprise excise exercise expertise franchise improvise incise likewise merchandise noise
    otherwise paradise poise praise precise premise promise raise revise supervise surmise
    surprise televise treatise
""".split()
)
_PREFIXES = ("", "un", "re", "over", "pre", "mis", "semi", "self")  # unsupervised, self-supervised, codespell:ignore
# Other British -> American pairs, matched as the start of a word (behaviour -> behaviours too).
_STEMS = {
    "behaviour": "behavior",
    "colour": "color",
    "favour": "favor",
    "flavour": "flavor",
    "honour": "honor",
    "humour": "humor",
    "labour": "labor",
    "neighbour": "neighbor",
    "modell": "model",
    "labell": "label",
    "signall": "signal",
    "travell": "travel",  # codespell:ignore
    "channell": "channel",
    "levell": "level",
    "tunnell": "tunnel",
    "cancell": "cancel",  # codespell:ignore
    "centre": "center",
    "fibre": "fiber",
    "metre": "meter",
    "litre": "liter",
    "analogue": "analog",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "defence": "defense",
    "licence": "license",
    "judgement": "judgment",
    "ageing": "aging",
    "grey": "gray",
}


# --- Words -------------------------------------------------------------------------------------


def spelling_variants(word: str) -> frozenset[str]:
    """The other British/American spellings of one word, lower case: 'optimiser' -> {'optimizer'}."""
    return _variants(word.lower())


@functools.lru_cache(maxsize=65536)  # a site repeats the same few thousand words
def _variants(word: str) -> frozenset[str]:
    found: set[str] = set()
    if word.endswith("wise"):
        return frozenset()
    for british, american in _SUFFIXES:
        for have, other in ((british, american), (american, british)):
            stem = word[: -len(have)]
            if word.endswith(have) and len(stem) >= 3 and not _spelled_one_way(stem + british[:2] + "e"):
                found.add(stem + other)
    for british, american in _STEMS.items():
        for have, other in ((british, american), (american, british)):
            if word.startswith(have):
                rest = word[len(have) :]
                # "model" + "s" is the same everywhere; only the doubled-l forms differ.
                if have.endswith("ll") or other.endswith("ll"):
                    if rest[:1] not in ("i", "e"):
                        continue
                found.add(other + rest)
    found.discard(word)
    return frozenset(found)


def _spelled_one_way(base: str) -> bool:
    """'noise', 'unsupervise': a word whose -ise is not the British verb ending."""
    return any(base.startswith(prefix) and base[len(prefix) :].lstrip("-") in _NOT_VERBS for prefix in _PREFIXES)


def name_forms(name: str) -> list[str]:
    """The ways a reader may type a glossary name: as written, joined, and camel-case split.

    'k-means' -> ['k-means', 'kmeans']; 'RMSNorm' -> ['RMSNorm', 'RMS Norm']. Names written with
    spaces are not joined: the search box matches prefixes, and 'gradientclipping' would make
    'gradient' find the clipping page at a title's weight.
    """
    forms = [name]
    if "-" in name:
        forms.append(name.replace("-", ""))
    split = _CAMEL_RE.sub(" ", name)
    if split != name:
        forms.append(split)
    return list(dict.fromkeys(forms))


def glossary_keywords(terms: Iterable[Term]) -> dict[str, list[str]]:
    """For each page a glossary term is explained_in, the forms of the names of its terms."""
    keywords: dict[str, list[str]] = {}
    for term in terms:
        if not term.explained_in:
            continue
        names = keywords.setdefault(term.explained_in, [])
        for name in [term.term, *term.aliases]:
            names += [form for form in name_forms(name) if form not in names]
    return keywords


def words(text: str) -> list[str]:
    """The distinct lower-case words of ``text`` as the search box splits them, markup ignored."""
    return list(dict.fromkeys(w.lower() for w in SEPARATOR_RE.split(_TAG_RE.sub(" ", text)) if w))


def respellings(text: str, cap: int = 1) -> list[str]:
    """The other spellings of the words of ``text`` (markup ignored), each as often as its word
    occurs, up to ``cap`` times."""
    counts: Counter[str] = Counter()
    for word, n in Counter(_WORD_RE.findall(_TAG_RE.sub(" ", text))).items():
        for variant in spelling_variants(word):
            counts[variant] += n
    return [variant for variant, n in sorted(counts.items()) for _ in range(min(n, cap))]


_QUIZ_FORM_RE = re.compile(r'<form class="quiz(?=[ "])')


def exclude_quizzes(html: str) -> str:
    """Mark each rendered quiz so that Material's search leaves it out (it removes the mark after)."""
    return _QUIZ_FORM_RE.sub('<form data-search-exclude="quiz" class="quiz', html)  # recall items too


# --- The index ---------------------------------------------------------------------------------


def enrich_index(index: dict, keywords: Mapping[str, list[str]]) -> dict:
    """Add the keywords and spelling fields to the entries of a Material search index, in place.

    ``keywords`` maps a page's location in the index (its URL, e.g. 'questions/dropout/') to the
    names that should find it; they go on the page's own entry (the one without an anchor).
    Keywords are stored as distinct words: lunr scores words, not phrases, and a word repeated by
    several names ("causal mask", "causal LM") would otherwise outweigh the one name that matches.
    Their other spellings go to the text-weighted spelling field, so that a prefix such as 'mode'
    does not match both 'modelling' and 'modeling' at a title's weight.
    """
    for entry in index.get("docs", []):
        names = " ".join(keywords.get(entry["location"], [])) if "#" not in entry["location"] else ""
        title_respellings = respellings(entry.get("title", ""))
        found = words(names) + respellings(names) + title_respellings
        if found:
            entry[KEYWORDS] = " ".join(dict.fromkeys(found))
        spelling = respellings(entry.get("text", ""), SPELLING_REPEAT_CAP)
        if spelling:
            entry[SPELLING] = " ".join(spelling)
    return index


# Material names its search worker in each page's __config JSON; pages load kb-search.js in its place,
# which removes stop words from a query and then runs Material's worker (see that file for why).
_WORKER_RE = re.compile(r'("search":\s*"[^"]*assets/javascripts/workers/)(search\.[0-9a-f]+\.min\.js)"')


def use_query_worker(html: str) -> str:
    """Point the page's search at ``workers/kb-search.js?worker=<Material's worker>``."""
    return _WORKER_RE.sub(lambda m: f'{m.group(1)}kb-search.js?worker={m.group(2)}"', html, count=1)
