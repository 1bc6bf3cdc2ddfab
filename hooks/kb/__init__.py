"""Pure, tested building blocks behind the MkDocs hooks in ``hooks/``.

MkDocs loads each hook file by path and puts ``hooks/`` on ``sys.path`` while
it does, so the hooks import this package; the tests import it the same way
(``pythonpath = ["hooks"]`` in ``pyproject.toml``).
"""
