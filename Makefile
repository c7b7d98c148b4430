# kb: build the knowledge base and run its tests.
# Every target sets up what it needs: a missing or stale .venv is (re)created
# from pyproject.toml.

PYTHON   ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
SPHINXOPTS ?=
BUILDDIR ?= _build
STAMP    := $(VENV)/.kb-installed
DEVSTAMP := $(VENV)/.kb-dev-installed
# nox options for make test-all: sessions (-s oldest newest), -r to reuse the matrix's venvs
NOXOPTS  ?=

.PHONY: html test test-all linkcheck livehtml clean bench venv browser-deps jekyll-deps

venv: $(STAMP)

# A .venv made by an older Python (kb needs 3.11+: README, "Supported versions") is made again.
$(STAMP): pyproject.toml
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || rm -rf $(VENV)
	@test -x $(BIN)/python || $(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
	  "kb needs Python 3.11 or newer, and $(PYTHON) is " + sys.version.split()[0] + ": try make PYTHON=python3.12")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# the developers' tools too (pre-commit, nox): the dev extra
$(DEVSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@

html: $(STAMP)
	$(BIN)/sphinx-build -b html -d $(BUILDDIR)/doctrees $(SPHINXOPTS) . $(BUILDDIR)/html

# Headless Chromium for the browser tests: Debian's package, installed when missing
# and when we are allowed to (root). Playwright (the test extra) drives that binary and
# downloads no browser of its own. Without chromium the browser tests are skipped, and
# fail under CI=true.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "chromium not installed: the browser tests will be skipped (under CI=true they fail)"; }

# Real Jekyll for the differential tests (tests/support/jekyll.py): Debian's jekyll and the
# plugins it packages, installed when missing and when we are allowed to (root). Without it
# those tests are skipped, and fail under CI=true.
JEKYLL_PACKAGES := jekyll ruby-rouge ruby-jekyll-feed ruby-jekyll-redirect-from ruby-jekyll-seo-tag ruby-jekyll-sitemap
jekyll-deps:
	@command -v jekyll >/dev/null 2>&1 && dpkg -s $(JEKYLL_PACKAGES) >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  command -v apt-get >/dev/null 2>&1 && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq $(JEKYLL_PACKAGES) >/dev/null) || \
	  echo "jekyll not installed: the differential tests will be skipped (under CI=true they fail)"; }

test: $(STAMP) browser-deps jekyll-deps
	$(BIN)/python -m pytest -n auto $(PYTESTOPTS)

# The whole matrix (noxfile.py): every supported Python, and the oldest and newest end of
# every declared version range. Slow; `make test` is the quick check on one interpreter.
test-all: $(DEVSTAMP) browser-deps jekyll-deps
	$(BIN)/nox $(NOXOPTS)

linkcheck: $(STAMP)
	$(BIN)/python -m sphinx_kb linkcheck --srcdir . --builddir $(BUILDDIR) $(LINKCHECKOPTS)

livehtml: $(STAMP)
	$(BIN)/sphinx-autobuild -b html -d $(BUILDDIR)/doctrees $(SPHINXOPTS) . $(BUILDDIR)/html --watch ext \
	  --ignore "docs/tags/*" --ignore "docs/categories/*" --ignore "docs/authors/*" \
	  --ignore "docs/archive/*" --ignore "docs/glossary/*"

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCHOPTS)

# kb's generated page sources: only files that are, whole, a page source kb writes are
# deleted (kb clean: a file of yours in those folders stays, named), then the folders that emptied
clean:
	rm -rf $(BUILDDIR)
	-test ! -x $(BIN)/python || $(BIN)/python -m sphinx_kb clean
