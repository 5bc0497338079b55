# Helix. `make dev` runs everything locally; `make test` is what CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: dev test lint format migrate shell worker beat bench install clean-instance

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

dev: $(STAMP)
	$(BIN)/python scripts/dev.py

test: $(STAMP)
	$(BIN)/python scripts/run_tests.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pylint app tests bench scripts wsgi.py celery_worker.py

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(STAMP)
	$(BIN)/flask db upgrade

shell: $(STAMP)
	$(BIN)/flask shell

worker: $(STAMP)
	$(BIN)/celery -A celery_worker.celery worker --loglevel INFO

beat: $(STAMP)
	$(BIN)/celery -A celery_worker.celery beat --loglevel INFO --schedule instance/celerybeat-schedule

bench: $(STAMP)
	$(BIN)/python scripts/run_bench.py

clean-instance:
	rm -rf instance
