# Every target sets itself up on a fresh clone: the first run makes .venv from constraints.txt.
# The website needs only Python >= 3.11; npm is needed for the offline bundle (and the tests,
# which build it), Debian's chromium for the browser tests.
PYTHON  ?= python3
PY      := .venv/bin/python
STAMP   := .venv/.installed
TESTS   := .venv/.installed-test
NODE    := node_modules/.installed
PIP     := $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve bundle pdf clean lint lock hooks python-version bench

# Before anything is installed: a clear stop instead of pip's ResolutionImpossible.
python-version:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Python 3.11 oder neuer nötig / Python 3.11 or newer is needed:" \
	       "'$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo 'not installed')." >&2; \
	  echo "Install it, or name one: make PYTHON=python3.12 site" >&2; exit 1; }

# The site's own dependencies only. A failed install removes .venv, so the next run starts clean.
$(STAMP): pyproject.toml constraints.txt
	@$(MAKE) -s python-version
	rm -rf .venv
	{ $(PYTHON) -m venv .venv && $(PIP) -e . ; } || { rm -rf .venv; \
	  echo "Installation gescheitert, .venv entfernt / install failed, .venv removed" >&2; exit 1; }
	touch $(STAMP)

# Test, lint and hook tools on top.
$(TESTS): $(STAMP)
	$(PIP) -e '.[test]' || { rm -f $(TESTS); echo "Installation gescheitert / install failed" >&2; exit 1; }
	touch $(TESTS)

# Browser code for the offline bundle only (the iframe-worker shim), pinned by package-lock.json.
$(NODE): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm fehlt / npm is missing: the offline bundle and" \
	  "the tests need Node.js with npm (make site does not)" >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE)

site: $(STAMP)
	$(PY) build.py build

check: $(STAMP)
	$(PY) build.py check --strict

serve: $(STAMP)
	$(PY) build.py serve

bundle: $(STAMP) $(NODE)
	$(PY) build.py bundle

hooks: $(TESTS)
	.venv/bin/pre-commit install

pdf: $(STAMP)
	$(PY) build.py pdf

lint: $(TESTS)
	$(PY) -m ruff check briefing tests bench build.py
	$(PY) -m mypy

test: $(TESTS) $(NODE) lint
	$(PY) build.py check --strict
	$(PY) -m pytest -q

# The benchmark (bench/run.py) needs yamllint, its peer, on top of the usual install. Slow:
# it builds synthetic briefings of 1,000 and 10,000 claims several times.
BENCH := .venv/.bench-installed
$(BENCH): $(TESTS)
	$(PIP) -e '.[test,bench]' || { rm -f $(BENCH); echo "Installation gescheitert / install failed" >&2; exit 1; }
	touch $(BENCH)

bench: $(BENCH) $(NODE)
	nice $(PY) bench/run.py --search

# Keeps the comment lines at the top of constraints.txt.
lock: $(TESTS)
	{ sed -n '/^#/p' constraints.txt; $(PY) -m pip freeze --exclude-editable | sed '/^-e /d'; } \
		> constraints.txt.new && mv constraints.txt.new constraints.txt

clean:
	rm -rf .venv node_modules site dist .build .pytest_cache .mypy_cache .ruff_cache
