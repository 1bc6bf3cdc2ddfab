# Every target sets up .venv from requirements.lock first, so a fresh clone needs nothing else.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000

# mkdocs-material prints an end-of-life banner for MkDocs 2 on every run; silence it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup serve build build-offline test test-fast test-cpus bench check new-question snippets-refresh linkcheck \
	format lock clean browser exercise exercises-verify

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed, found " + sys.version.split()[0]'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

setup: $(STAMP)  ## Create .venv from the lock file

serve: $(STAMP)  ## Serve the site with live reload on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict --dev-addr $(ADDR)

build: $(STAMP)  ## Build the site into site/ (fails on any warning)
	$(BIN)/mkdocs build --strict

build-offline: $(STAMP)  ## Build a copy that works from a folder, search included, into site-offline/
	$(BIN)/mkdocs build --strict -f mkdocs.offline.yml

browser: $(STAMP)  # Use the system Chromium when present, else Playwright's own browser
	@if [ -x /usr/bin/chromium ] || [ -n "$$CHROMIUM" ]; then :; \
	else $(BIN)/python -m playwright install chromium; fi

test: $(STAMP) browser  ## Run the whole test suite, on every core (pytest-xdist), slowest tests listed
	$(BIN)/python -m pytest -n auto --dist loadgroup --durations=15

test-fast: $(STAMP)  ## Before each push: make check, the unit tests, and the snippets of what you changed (no build, no browser)
	PYTHONPATH=hooks $(BIN)/python -m kb.check
	$(BIN)/python -m pytest -m "not build and not browser" --changed-snippets -q

test-cpus: $(STAMP)  ## Run every snippet as three other CPUs' BLAS kernels would, and compare with the expected outputs
	for core in Prescott Haswell Sandybridge; do \
		echo "== OPENBLAS_CORETYPE=$$core"; \
		OPENBLAS_CORETYPE=$$core KB_SNIPPET_CACHE=.cache/snippets-$$core \
			$(BIN)/python -m pytest tests/test_snippets.py -q -p no:cacheprovider || exit 1; \
	done

check: $(STAMP)  ## Run every content check (front matter, quiz, glossary, snippets, nav) without building
	PYTHONPATH=hooks $(BIN)/python -m kb.check

exercise: $(STAMP)  ## Practise a coding exercise: make exercise NAME=attention (without NAME: your status of each)
	@PYTHONPATH=hooks $(BIN)/python -m kb.exercises $(if $(NAME),learn $(NAME),status)

exercises-verify: $(STAMP)  ## Run every exercise's tests: each solution passes them, each starter fails them
	PYTHONPATH=hooks $(BIN)/python -m kb.exercises verify $(if $(NAME),$(NAME))

new-question: $(STAMP)  ## Create a question page: make new-question TITLE="..." DIFFICULTY=mid TAGS=a,b TOPIC=Training
	PYTHONPATH=hooks $(BIN)/python -m kb.scaffold \
		$(if $(TITLE),--title "$(TITLE)") $(if $(DIFFICULTY),--difficulty $(DIFFICULTY)) \
		$(if $(TAGS),--tags $(TAGS)) $(if $(TOPIC),--topic "$(TOPIC)") $(if $(SLUG),--slug $(SLUG))

linkcheck: $(STAMP)  ## Check external links (needs the network; cached, with an allowlist)
	PYTHONPATH=hooks $(BIN)/python -m kb.linkcheck

# Every file git tracks or would add: `pre-commit run --all-files` alone skips untracked new files.
# pre-commit itself drops the paths of deleted files.
format: $(STAMP)  ## Run the pre-commit checks (ruff, ruff format, spelling, YAML, whitespace) on every file
	git ls-files -z --cached --others --exclude-standard | xargs -0 $(BIN)/pre-commit run --files

bench: $(STAMP)  ## Measure build cost, scale and page quality; writes bench/results.json
	$(BIN)/python bench/bench.py

snippets-refresh: $(STAMP)  ## Record snippet outputs in tests/snippet_outputs/: all, or one with SNIPPET=snippets/x/y.py
	PYTHONPATH=hooks $(BIN)/python -m kb.outputs $(SNIPPET)

lock:  ## Re-resolve requirements.lock from pyproject.toml
	test -x .venv-tools/bin/uv || { $(PYTHON) -m venv .venv-tools && .venv-tools/bin/pip install --quiet uv; }
	.venv-tools/bin/uv pip compile pyproject.toml --extra test --extra dev --generate-hashes --python-version 3.11.7 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:  ## Remove the built site and the caches (keeps .venv)
	rm -rf site site-offline .cache .pytest_cache
