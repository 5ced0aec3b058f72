# The README's two commands are `make demo` and `make test`; everything else serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENDOR := soslokal/static/vendor
DS_CSS := node_modules/@digdir/designsystemet-css
DS_COMPONENTS := base heading label paragraph validation-message link data-size-workaround \
  button input field fieldset alert skip-link list card error-summary table breadcrumbs tag
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install install-dev install-bench assets browser-deps system-deps lint typecheck unit browser messages clean

## demo: set up, load the demo into SQLite and serve it on http://127.0.0.1:8000
demo: system-deps install assets
	$(BIN)/soslokal migrate --noinput
	$(BIN)/soslokal demo
	@echo "Serving SOSLOKAL on http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	$(BIN)/soslokal runserver $(HOST):$(PORT)

# One test process per core (pytest-xdist), each with a test database, live server and Chromium
# of its own; a test's waiting for the browser or the database leaves the core to the other.
# PYTEST_WORKERS= runs the suite in one process.
PYTEST_WORKERS ?= -n auto --dist worksteal

## test: set up what the tests need, then lint, type check, unit, integration and browser tests
test: system-deps install-dev assets browser-deps lint typecheck
	$(BIN)/pytest $(PYTEST_WORKERS)

$(VENV)/pyvenv.cfg:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/pyvenv.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## install-bench: what the scripts in bench/ need besides the tests: what they compare with
## (pyjstat, DuckDB), and Debian's wrk (the load generator) and Redis
install-bench: install-dev assets system-deps
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@command -v wrk >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk redis-server; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## assets: copy the pinned front-end packages into static files (nothing from a CDN)
# Only the Designsystemet components the templates use (tests/test_assets.py fails when a
# template uses a ds- class that none of them defines), and its theme without the dark scheme.
assets: node_modules/.installed
	mkdir -p $(VENDOR)/designsystemet $(VENDOR)/htmx
	rm -f $(VENDOR)/designsystemet/index.css
	$(PYTHON) tools/designsystemet_subset.py $(DS_CSS) $(VENDOR)/designsystemet $(DS_COMPONENTS)
	cp $(DS_CSS)/LICENSE $(VENDOR)/designsystemet/LICENSE
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/htmx.min.js
	cp node_modules/htmx.org/LICENSE $(VENDOR)/htmx/LICENSE

## browser-deps: Debian's Chromium for the browser tests (Playwright drives it; no browser download)
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core; }

## system-deps: Debian's Pango, Cairo, HarfBuzz's subsetter and a font, which draw the printable PDFs (WeasyPrint)
## and the compass as PNG (CairoSVG)
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libcairo2 fonts-dejavu-core
system-deps:
	@! command -v dpkg >/dev/null 2>&1 || dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(SYSTEM_PACKAGES); }

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/soslokal makemigrations --check --dry-run

typecheck: install-dev
	$(BIN)/mypy soslokal

unit: install-dev system-deps
	$(BIN)/pytest $(PYTEST_WORKERS) -m "not browser"

browser: install-dev assets browser-deps system-deps
	$(BIN)/pytest $(PYTEST_WORKERS) -m browser

## messages: refresh the translation catalogues and compile them (needs GNU gettext)
messages: install
	cd soslokal && ../$(BIN)/soslokal makemessages --no-obsolete --no-location -l nb -l nn -l en
	cd soslokal && ../$(BIN)/soslokal compilemessages

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var .mypy_cache .ruff_cache .pytest_cache
