# The portal's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
SOURCES := portal catalog tickets committees indicators directory worker templates

.PHONY: run test install install-test translations extract-messages var migrate demo lint clean \
	lock audit

run: install translations var migrate demo
	@$(FLASK) demo-accounts
	@echo "Portail : http://$${PORTAL_HOST:-127.0.0.1}:$${PORTAL_PORT:-5000}/  (Ctrl-C pour tout arrêter)"
	@$(BIN)/honcho start -f Procfile

# With PostgreSQL: what uses the database runs on both; Chromium, Dovecot, OpenLDAP and Redis
# suites on PostgreSQL only, and tests without a database on SQLite only (tests/conftest.py).
test: install-test translations
	PORTAL_TEST_PHASE=$${PORTAL_TEST_DATABASE_URL:+sqlite} PORTAL_TEST_DATABASE_URL= \
		$(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ -n "$$PORTAL_TEST_DATABASE_URL" ]; then \
		echo "== PostgreSQL: $$PORTAL_TEST_DATABASE_URL"; \
		PORTAL_TEST_PHASE=postgresql $(BIN)/python -m pytest $(PYTEST_ARGS); \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
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

lock: install-test
	$(BIN)/python -m pip install --quiet -e '.[audit]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^portail-dsi' > constraints.txt

audit: install
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[audit]'
	$(BIN)/pip-audit --requirement constraints.txt --disable-pip --no-deps --strict \
		--progress-spinner off

lint: install-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var test-output .pytest_cache

# Mailbox soak test, not part of `make test`: 1,000 IMAP messages while the worker is SIGKILLed
# and PostgreSQL and Redis restart, on private servers (about 15 minutes; SOAK_ARGS="--size 200"
# for a quick run of about 7).
.PHONY: soak
soak: install
	$(BIN)/python bench/soak.py $(SOAK_ARGS)
