# Hotel Compliance: `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TEST_WORKERS ?= 2
export PORT

.PHONY: run test venv migrate seed lint types format check-deploy clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

migrate: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py create_signing_key --if-missing

var/.demo-seeded: | migrate
	$(BIN)/python manage.py seed_demo
	touch $@

seed: migrate var/.demo-seeded

run: seed
	@echo ""
	@echo "  Hotel Compliance is starting on http://127.0.0.1:$(PORT)/"
	@echo "  Logins (password hotel-demo-2026): frontdesk, manager, groupadmin, inspector"
	@echo "  API docs: http://127.0.0.1:$(PORT)/api/docs/   Health: http://127.0.0.1:$(PORT)/healthz"
	@echo ""
	$(BIN)/honcho start -f Procfile

test: venv
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Fault tests (about 18 minutes): each starts its own PostgreSQL/Redis on free loopback ports.
.PHONY: faults
faults: venv
	$(BIN)/python -m pytest -p no:xdist -m "faults or faults_quick" -v -s tests/faults $(PYTEST_ARGS)

# Benchmarks (about 10 minutes; not part of `make test`): PostgreSQL and Redis must be up.
# Writes var/bench/results.md and .json; BENCH_QUICK=1 for a smoke run, BENCH_ONLY=a,b to pick.
.PHONY: bench
bench: venv
	$(BIN)/python -m tests.bench

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Type check (the configuration is [tool.mypy] in pyproject.toml).
types: venv
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-deploy: venv
	DEBUG=false SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
	ALLOWED_HOSTS=hotel.example FIELD_ENCRYPTION_KEYS=$$($(BIN)/python -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())') \
	EMAIL_URL=smtp+tls://mailer.example:587 \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Translations (GNU gettext needed here only: `apt-get install gettext`). Extracts every app's
# strings into <app>/locale/es/LC_MESSAGES/django.po, compiles the committed .mo files, and
# lists what is still untranslated or fuzzy. `make run` and `make test` need no gettext.
messages: venv
	$(BIN)/python manage.py makemessages -l es --add-location file --no-obsolete \
		--ignore 'tests/*' --ignore 'var/*' --ignore 'staticfiles/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv'
	$(BIN)/python -m pytest -p no:xdist -q tests/i18n/test_catalogues.py

clean:
	rm -rf $(VENV) var staticfiles
