# Two commands for a fresh machine with Python 3.11:
#   make run   installs everything, migrates a SQLite database under instance/, publishes the forms,
#              loads demo data with two rounds of field work, serves
#   make test  installs everything and runs the whole suite (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FIELDCOLLECT_ENV ?= development

.PHONY: install run test lint translations translations-update system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d fieldcollect/translations >/dev/null 2>&1 || $(BIN)/pybabel compile -d fieldcollect/translations

run: install
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app forms publish
	$(BIN)/flask --app app seed-demo --households 200 --rounds 2
	@echo "fieldcollect is at http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	$(BIN)/flask --app app run --host $(HOST) --port $(PORT)

# Browser tests need Debian's Chromium and a CJK font; install them when we may (root), else they skip.
system-deps:
	@bash .ci/system-deps || true

test: install system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check fieldcollect tests bench app.py

# After adding or changing a user-facing string: refresh the catalogue, then translate the new English entries.
translations-update: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _l -o fieldcollect/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i fieldcollect/translations/messages.pot -d fieldcollect/translations --no-fuzzy-matching
