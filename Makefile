# Mojoe: `make run` starts the whole product; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
TEST_DATA_DIR := $(CURDIR)/var/test

.PHONY: run test test-sqlite test-postgres bench lint format install clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/mojoe run

test: install lint test-sqlite test-postgres

test-sqlite: install
	MOJOE_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest -q

# The suite again on PostgreSQL when MOJOE_TEST_DATABASE_URL is set (as .ci/run does), browser tests aside
# (they test pages, not the database). Under CI a skipped PostgreSQL run is a failure: the exclusion
# constraint is only tested there.
test-postgres: install
	@if [ -n "$$MOJOE_TEST_DATABASE_URL" ]; then \
		echo "== the suite on PostgreSQL"; \
		DATABASE_URL="$$MOJOE_TEST_DATABASE_URL" MOJOE_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest -q -m "not browser"; \
	elif [ "$$CI" = "true" ]; then \
		echo "CI=true but MOJOE_TEST_DATABASE_URL is not set: the PostgreSQL run cannot be skipped in CI." >&2; \
		exit 1; \
	else \
		echo "== PostgreSQL run skipped: set MOJOE_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"; \
	fi

bench: install
	MOJOE_DATA_DIR=$(CURDIR)/var/bench $(BIN)/python benchmarks/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/test var/bench
