"""`make new-question`: create a question page that builds and passes every check at once.

Usage::

    python -m kb.scaffold --title "What is label smoothing?" --difficulty mid \\
        --tags regularization,calibration --topic Generalization

Missing arguments are asked for. It writes the page (every section, a starter snippet wired
in, a recall item and three quiz items to rewrite), the snippet and its expected output, and the nav entry.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from kb.frontmatter import DIFFICULTIES, TAG_RE
from kb.outputs import header
from kb.snippets import snippet_environment

STOP_WORDS = {
    "a",
    "an",
    "the",
    "what",
    "is",
    "are",
    "how",
    "do",
    "does",
    "you",
    "and",
    "of",
    "in",
    "why",
    "when",
    "to",
    "it",
    "its",
    "can",
    "which",
    "would",
    "your",
    "for",
    "on",
    "with",
    "should",
    "between",
    "vs",
}

PAGE = """---
title: "{title}"
difficulty: {difficulty}
tags: [{tags}]
sources:
  # The primary sources you cite: papers (arXiv abstract, DOI, proceedings page, JMLR) or books.
  - authors: "Goodfellow, Bengio & Courville"
    title: "Deep Learning"
    venue: "MIT Press"
    year: 2016
    url: "https://www.deeplearningbook.org/"
---

## Short answer

What a strong candidate says in thirty seconds: three to six precise sentences.

## Deeper explanation

Explain why, with the math where it helps: $y = f(x)$ inline, or a display equation:

$$
L(\\theta) = -\\frac{{1}}{{N}} \\sum_{{i=1}}^N \\log p_\\theta(y_i \\mid x_i)
$$

Cite every claim you did not compute, e.g. (Goodfellow et al., 2016), and list it under `sources`.

## Worked examples

### What the example shows

One or two sentences on what the code shows and what to look for in its output.

```python title="{snippet}"
--8<-- "{snippet}"
```

One to three sentences reading the output. The build runs the snippet and shows its real output here.

## Follow-up questions

??? question "A follow-up an interviewer would ask?"
    A brief answer, indented by four spaces.

## Pitfalls

- **A common wrong answer.** Why it is wrong, and what to say instead.

## Quiz

```quiz
id: {prefix}-say-it
type: recall
question: >-
  Say it in 30 seconds: {title}
model_answer: |-
  What a strong candidate says in thirty seconds: three to six precise sentences.
```

```quiz
id: {prefix}-single
type: single
question: A single-choice question about the page?
options:
  - text: The right answer.
    correct: true
  - text: A plausible wrong answer.
    feedback: Why this distractor is wrong.
  - text: Another plausible wrong answer.
    feedback: Why this one is wrong too.
explanation: Why the right answer is right. See [the short answer](#short-answer).
```

```quiz
id: {prefix}-multiple
type: multiple
question: Which of these are true?
options:
  - text: A true statement.
    correct: true
  - text: Another true statement.
    correct: true
  - text: A false statement.
    feedback: Why it is false.
explanation: What ties the true statements together.
```

```quiz
id: {prefix}-numeric
type: numeric
question: A quantity the page computes, to 2 decimals?
answer: 0.5
tolerance: 0.005
explanation: How to compute it.
```
"""

SNIPPET = '''"""Starter example for "{title}": replace it with code that makes the answer concrete."""
import numpy as np

rng = np.random.default_rng(0)  # seeded: the page shows the same output on every build
x = rng.normal(size=1_000)
print(f"mean of 1,000 standard normal draws: {{x.mean():+.3f}}")
print(f"standard deviation:                  {{x.std():.3f}}")
'''


def slugify(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower().replace("'", "").replace("’", ""))
    kept = [w for w in words if w not in STOP_WORDS] or words
    return "-".join(kept[:6])


def add_to_nav(config_text: str, page: str, topic: str) -> str:
    """Insert ``page`` at the end of the ``topic`` section of the Questions nav (created if new)."""
    lines = config_text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if re.match(r"^  - Questions:\s*$", line))
    except StopIteration:
        raise SystemExit("mkdocs.yml has no 'Questions' section in its nav") from None
    end = next(
        (i for i in range(start + 1, len(lines)) if re.match(r"^  \S", lines[i]) or not lines[i].strip()), len(lines)
    )
    section = next((i for i in range(start + 1, end) if lines[i].strip() == f"- {topic}:"), None)
    if section is None:
        lines[end:end] = [f"      - {topic}:", f"          - {page}"]
    else:
        last = section
        while last + 1 < end and lines[last + 1].startswith("          - "):
            last += 1
        lines.insert(last + 1, f"          - {page}")
    return "\n".join(lines) + "\n"


def topics(config_text: str) -> list[str]:
    return re.findall(r"^      - ([^:\n]+):\s*$", config_text, flags=re.MULTILINE)


def create(root: Path, title: str, difficulty: str, tags: list[str], topic: str, slug: str | None = None) -> list[Path]:
    """Write the page, its snippet, the snippet's expected output and the nav entry."""
    if difficulty not in DIFFICULTIES:
        raise SystemExit(f"difficulty must be one of {', '.join(DIFFICULTIES)} (got '{difficulty}')")
    bad = [tag for tag in tags if not TAG_RE.match(tag)]
    if not tags or bad:
        raise SystemExit(
            f"tags must be lower-case words joined by hyphens, e.g. 'gradient-descent' (got {bad or tags})"
        )
    slug = slug or slugify(title)
    page = root / "docs" / "questions" / f"{slug}.md"
    snippet = f"snippets/{tags[0]}/{slug.replace('-', '_')}.py"
    if page.exists() or (root / snippet).exists():
        raise SystemExit(f"{page.relative_to(root)} or {snippet} exists already: choose another --slug")
    page.write_text(
        PAGE.format(
            title=title.replace('"', "'"),
            difficulty=difficulty,
            tags=", ".join(tags),
            snippet=snippet,
            prefix=slug,
        )
    )
    (root / snippet).parent.mkdir(parents=True, exist_ok=True)
    (root / snippet).write_text(SNIPPET.format(title=title.replace('"', "'")))
    expected = root / "tests" / "snippet_outputs" / Path(snippet).relative_to("snippets").with_suffix(".txt")
    expected.parent.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(
        [sys.executable, snippet],
        cwd=root,
        env=snippet_environment(),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    expected.write_text(header((root / snippet).read_bytes()) + run.stdout)
    config = root / "mkdocs.yml"
    config.write_text(add_to_nav(config.read_text(), f"questions/{slug}.md", topic))
    return [page, root / snippet, expected, config]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--title", help="the question, as an interviewer would ask it")
    parser.add_argument("--difficulty", choices=DIFFICULTIES)
    parser.add_argument("--tags", help="comma-separated, e.g. regularization,calibration")
    parser.add_argument("--topic", help="the nav section, e.g. Training (a new one is created if needed)")
    parser.add_argument("--slug", help="file name without .md (default: from the title)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    config_text = (args.root / "mkdocs.yml").read_text()
    title = args.title or input("Question title: ").strip()
    difficulty = args.difficulty or input(f"Difficulty ({'/'.join(DIFFICULTIES)}): ").strip()
    tags = [t.strip() for t in (args.tags or input("Tags (comma-separated): ")).split(",") if t.strip()]
    topic = args.topic or input(f"Topic ({', '.join(topics(config_text))}, or a new one): ").strip()
    for path in create(args.root, title, difficulty, tags, topic, args.slug):
        print(f"wrote {path.relative_to(args.root)}")
    print(
        "Next: write the page and the snippet (`make check` lists every placeholder left to replace), "
        "look at them in `make serve`, then run `make test-fast` and `make test`."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
