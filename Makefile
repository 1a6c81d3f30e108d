# KoproGo — two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint test-unit test-db test-web test-e2e migrate setup deps i18n seed-load bench bench-books clean-db deploy-test

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

deps:
	bash deploy/install-system-deps.sh

setup: $(STAMP) deps

## Serve the app on http://localhost:8080 (embedded PostgreSQL under var/ unless DATABASE_URL is set)
run: setup
	KOPROGO_DEV=1 $(BIN)/python -m web.serve run

## Apply the migrations alone
migrate: setup
	$(BIN)/python -m web.serve migrate

## The lint gate: ruff (rules in pyproject.toml) and mypy on web, domain, queries
lint: $(STAMP)
	$(BIN)/ruff check web domain queries tests e2e load
	$(BIN)/mypy

## The whole suite: the lint gate first, then unit, database, web, e2e (a throwaway PostgreSQL cluster)
test: $(STAMP) lint
	bash deploy/install-system-deps.sh --with-browser --with-deploy
	$(BIN)/python -m pytest -q -p no:cacheprovider tests e2e

## The production stack on loopback, whole (nginx+TLS, 2 web processes, PgBouncer, primary with pgBackRest,
## replica, worker, SMTP with STARTTLS): the bench mix through it, crashes, restore, failover; a table of what held
deploy-test: $(STAMP)
	bash deploy/install-system-deps.sh --with-deploy
	KOPROGO_DEPLOY_FULL=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/deploy

test-unit: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit

test-db: $(STAMP) deps
	$(BIN)/python -m pytest -q tests/queries tests/domain

test-web: $(STAMP) deps
	$(BIN)/python -m pytest -q tests/web

test-e2e: $(STAMP)
	bash deploy/install-system-deps.sh --with-browser
	$(BIN)/python -m pytest -q e2e

## Translations: add every French source string no catalogue holds yet, untranslated, to each language's
## translations/<lang>/LC_MESSAGES/$(AREA).po (one file per area; tests fail while one is left untranslated)
AREA ?= messages
i18n: $(STAMP)
	$(BIN)/python -m web.i18n_catalogue $(AREA)

## Load-test data and the benchmark (see load/README or the README's performance section)
seed-load: setup
	$(BIN)/python -m load.seed

bench: setup
	bash deploy/install-system-deps.sh --with-bench
	$(BIN)/python -m load.bench $(BENCH_ARGS)
	$(BIN)/python -m load.books
	$(BIN)/python -m load.calls --reuse

## The books' figures alone (trial balance, owner's ledger, closing, approval with posting) on scaled bench data
bench-books: setup
	$(BIN)/python -m load.books --scale $(or $(SCALE),1)

## Stop the embedded cluster (make run stops it on Ctrl-C)
clean-db:
	$(BIN)/python -m web.serve stop-db
