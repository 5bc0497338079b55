# Helix. `make dev` runs everything locally; `make test` is what CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed
LINTED := app tests bench scripts celery_worker.py
export FLASK_APP := app

.PHONY: dev test test-clone test-frontend test-fastapi test-dev lint format migrate shell worker beat bench install clean-instance

$(RUNTIME): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --editable .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME) requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

dev: $(RUNTIME)
	$(BIN)/python scripts/dev.py

test: $(STAMP)
	$(BIN)/python scripts/run_tests.py

test-clone: $(STAMP)
	$(BIN)/python scripts/check_clone.py

# The generated Next.js frontend's gates for every gate genome (`make test` runs them for clinic).
test-frontend: $(STAMP)
	HELIX_FRONTEND_GENOMES=all $(BIN)/python -m pytest -p no:cacheprovider -m frontend tests/gates/test_frontend.py

# The generated FastAPI backend's gates for every gate genome (`make test` runs them for clinic).
test-fastapi: $(STAMP)
	HELIX_FASTAPI_GENOMES=all $(BIN)/python -m pytest -p no:cacheprovider -m fastapi tests/gates/test_fastapi.py

# The generated `make dev` gate for every gate genome, without and with the Next.js frontend
# (`make test` runs it for clinic without).
test-dev: $(STAMP)
	HELIX_DEV_GENOMES=all HELIX_DEV_FRONTENDS=none,nextjs $(BIN)/python -m pytest -p no:cacheprovider tests/gates/test_dev.py

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/pylint $(LINTED)
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

migrate: $(RUNTIME)
	$(BIN)/python scripts/dev.py migrate

shell: $(RUNTIME)
	$(BIN)/python scripts/dev.py shell

worker: $(RUNTIME)
	$(BIN)/python scripts/dev.py worker

beat: $(RUNTIME)
	$(BIN)/python scripts/dev.py beat

bench: $(STAMP)
	$(BIN)/python scripts/run_bench.py

soak: $(STAMP)
	nice $(BIN)/python bench/soak.py --users 200 --minutes 10

clean-instance:
	rm -rf instance
