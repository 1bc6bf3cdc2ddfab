"""`make check`: every content check the build runs, without building the site.

Usage: ``python -m kb.check [REPO_ROOT]``. Prints every error as ``path:line: message``
and exits 1 when there is any.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kb.content import check_all, load_site
from kb.errors import format_errors


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path.cwd()
    errors = check_all(root)
    if errors:
        print(format_errors(errors, "content"), file=sys.stderr)
        return 1
    site = load_site(root)
    print(f"content checks passed: {len(site.pages)} pages, {len(site.snippets)} snippets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
