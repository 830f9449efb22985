# eventsys: `make run` serves the demo, `make test` runs the whole suite.
# Both set everything up first on a fresh machine.

VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
WORKERS ?= 2
HOST ?= 127.0.0.1
PORT ?= 5000
# The app's links (emails, feeds) follow them unless EVENTSYS_BASE_URL is set.
export HOST PORT

.PHONY: run test lint setup setup-test system-deps browser translations db demo bench extract-messages clean vendor-jsqr

run: setup db demo
	@echo "Serving eventsys on http://$(HOST):$(PORT) (Ctrl-C stops it)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(FLASK) mail worker & \
	  $(VENV)/bin/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - --logger-class eventsys.access_log.RedactingLogger wsgi:app

# Two workers (pytest-xdist) keep the suite inside CI's time on this 2-core
# machine; each worker has its own PostgreSQL database and Redis db (tests/conftest.py).
# The PostgreSQL races open up to 70 connections of the server's 100: they run
# alone, after the rest (exit 5: none selected by PYTEST_ARGS).
TEST_WORKERS ?= 2
test: setup-test lint
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not pg_race" $(PYTEST_ARGS)
	$(PY) -m pytest -m pg_race $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The house style (pyproject.toml): ruff's lint rules and its formatter.
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

setup: system-deps $(VENV)/.installed translations

setup-test: setup $(VENV)/.installed-test browser

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip wheel

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -r requirements-test.txt
	touch $@

# WeasyPrint needs Pango; install it where we may, else say what is missing.
system-deps:
	@sh scripts/system-deps.sh

browser:
	@sh scripts/system-deps.sh --browser
	@$(MAKE) -s --no-print-directory tests/e2e/node_modules/axe-core/axe.min.js

# axe-core for the accessibility checks: injected into pages by the tests, never served.
tests/e2e/node_modules/axe-core/axe.min.js: tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	@touch $@

# The QR decoder of the check-in page is committed (static/vendor/jsqr/README.md):
# this refreshes it from the npm registry, pinned, and prints its SHA-256.
JSQR_VERSION := 1.4.0
vendor-jsqr:
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent jsqr@$(JSQR_VERSION) >/dev/null && \
	  tar xzf jsqr-$(JSQR_VERSION).tgz && cd - >/dev/null && \
	  cp $$tmp/package/dist/jsQR.js $$tmp/package/LICENSE static/vendor/jsqr/ && rm -rf $$tmp
	@sha256sum static/vendor/jsqr/jsQR.js

# Catalogues: edit the .po files; the compiled .mo files are built here, never committed.
# Fuzzy entries are left out on purpose: they are guesses, not translations.
# --ignore-dirs replaces pybabel's default, which skips folders starting with "_"
# (so templates/_macros/) as well as dot folders.
CATALOGUES := eventsys/translations
TRANSLATED := fr es
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2

translations: $(VENV)/.installed
	@if [ -d $(CATALOGUES) ]; then $(VENV)/bin/pybabel -q compile -d $(CATALOGUES); fi

extract-messages: $(VENV)/.installed
	@mkdir -p $(CATALOGUES)
	$(VENV)/bin/pybabel -q extract -F babel.cfg $(BABEL_KEYWORDS) --add-comments=Translators: \
	  --ignore-dirs='.* __pycache__ node_modules instance' --project=eventsys --copyright-holder=eventsys -o $(CATALOGUES)/messages.pot .
	@for lang in $(TRANSLATED); do \
	  if [ -f $(CATALOGUES)/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(VENV)/bin/pybabel -q update -i $(CATALOGUES)/messages.pot -d $(CATALOGUES) -l $$lang \
	      --ignore-obsolete --ignore-pot-creation-date; \
	  else \
	    $(VENV)/bin/pybabel -q init -i $(CATALOGUES)/messages.pot -d $(CATALOGUES) -l $$lang; \
	  fi; \
	done

db: setup
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo load --if-empty

# No browser set-up: wrk (system-deps --bench) and pypdf (requirements-test.txt).
# BENCH_QUICK=1 make bench: a short run that checks the bench works end to end.
bench: setup $(VENV)/.installed-test
	@sh scripts/system-deps.sh --bench
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache
