# Every target sets itself up on a fresh clone: the first run makes .venv from constraints.txt.
PY      := .venv/bin/python
STAMP   := .venv/.installed
NODE    := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve bundle clean lint lock

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Browser code for the site (the iframe-worker shim), pinned by package-lock.json.
$(NODE): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE)

site: $(STAMP) $(NODE)
	$(PY) build.py build

check: $(STAMP)
	$(PY) build.py check --strict

serve: $(STAMP) $(NODE)
	$(PY) build.py serve

bundle: $(STAMP) $(NODE)
	$(PY) build.py bundle

lint: $(STAMP)
	$(PY) -m ruff check briefing tests build.py
	$(PY) -m mypy

test: $(STAMP) $(NODE) lint
	$(PY) build.py check --strict
	$(PY) -m pytest -q

# Keeps the comment lines at the top of constraints.txt.
lock: $(STAMP)
	{ sed -n '/^#/p' constraints.txt; $(PY) -m pip freeze --exclude-editable | sed '/^-e /d'; } \
		> constraints.txt.new && mv constraints.txt.new constraints.txt

clean:
	rm -rf .venv node_modules site dist .build .pytest_cache .mypy_cache .ruff_cache
