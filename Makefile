# eventsys: `make run` serves the demo, `make test` runs the whole suite.
# Both set everything up first on a fresh machine.

VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
WORKERS ?= 2
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup setup-test system-deps browser translations db demo bench extract-messages clean

run: setup db demo
	@echo "Serving eventsys on http://$(HOST):$(PORT) (Ctrl-C stops it)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(FLASK) mail worker & \
	  $(VENV)/bin/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - wsgi:app

test: setup-test
	$(PY) -m pytest $(PYTEST_ARGS)

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

translations: $(VENV)/.installed
	@if [ -d eventsys/translations ]; then $(VENV)/bin/pybabel compile -q -f -d eventsys/translations; fi

extract-messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o eventsys/translations/messages.pot .
	$(VENV)/bin/pybabel update -i eventsys/translations/messages.pot -d eventsys/translations

db: setup
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo load --if-empty

bench: setup-test
	@sh scripts/system-deps.sh --bench
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache
