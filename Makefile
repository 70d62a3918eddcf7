# The portal's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
SOURCES := portal catalog tickets committees indicators worker templates

.PHONY: run test install install-test translations extract-messages var migrate demo lint clean

run: install translations var migrate demo
	@$(FLASK) demo-accounts
	@echo "Portail : http://$${PORTAL_HOST:-127.0.0.1}:$${PORTAL_PORT:-5000}/  (Ctrl-C pour tout arrêter)"
	@$(BIN)/honcho start -f Procfile

test: install-test translations
	PORTAL_TEST_DATABASE_URL= $(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ -n "$$PORTAL_TEST_DATABASE_URL" ]; then \
		echo "== PostgreSQL: $$PORTAL_TEST_DATABASE_URL"; \
		$(BIN)/python -m pytest $(PYTEST_ARGS); \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

translations: install
	@$(BIN)/pybabel compile --statistics -d translations 2>&1 | tail -n 1

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot $(SOURCES)
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

var:
	@mkdir -p var/mailbox/cur var/mailbox/new var/mailbox/tmp var/outbox

migrate: install var
	@$(FLASK) db upgrade

demo: migrate
	@$(FLASK) seed-demo

lint: install-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var test-output .pytest_cache
