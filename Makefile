# kb: build the knowledge base and run its tests.
# Every target sets up what it needs: a missing or stale .venv is (re)created
# from pyproject.toml.

PYTHON   ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
SPHINXOPTS ?=
BUILDDIR ?= _build
STAMP    := $(VENV)/.kb-installed

.PHONY: html test linkcheck livehtml clean bench venv browser-deps

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

html: $(STAMP)
	$(BIN)/sphinx-build -b html -d $(BUILDDIR)/doctrees $(SPHINXOPTS) . $(BUILDDIR)/html

# Headless Chromium for the browser test: Debian's package, installed when missing
# and when we are allowed to (root); otherwise that test reports itself skipped.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "chromium not installed: the browser test will be skipped"; }

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest $(PYTESTOPTS)

linkcheck: $(STAMP)
	$(BIN)/python -m sphinx_kb linkcheck --srcdir . --builddir $(BUILDDIR) $(LINKCHECKOPTS)

livehtml: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/sphinx-autobuild -b html $(SPHINXOPTS) . $(BUILDDIR)/html --watch ext \
	  --ignore "docs/tags/*" --ignore "docs/categories/*" --ignore "docs/authors/*" \
	  --ignore "docs/archive/*" --ignore "docs/glossary/*"

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCHOPTS)

clean:
	rm -rf $(BUILDDIR) docs/tags docs/categories docs/authors docs/archive docs/glossary
