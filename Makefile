# Lifeboat — `make help` lists the targets. `make run` and `make test` install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
FRONTEND_SRC := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html frontend/vite.config.ts frontend/tsconfig.json
PYTEST_ARGS ?=

.PHONY: help install python-deps frontend-deps chromium frontend run test test-python test-frontend test-security e2e lint \
        openapi client migration clean bench bench-jobs bench-fleet bench-worklist

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

install: python-deps frontend-deps ## Install Python and npm dependencies (idempotent)

python-deps: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install -q uv
	$(UV) sync --frozen --quiet
	@touch $@

frontend-deps: frontend/node_modules/.installed
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

chromium: ## Install Debian's Chromium for the browser tests when it is missing
	@test -x /usr/bin/chromium || { echo "installing chromium (apt)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { echo "could not install chromium: run 'apt-get install chromium' as root"; exit 1; }; }

frontend: frontend/dist/index.html ## Build the SPA into frontend/dist
frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SRC) openapi/openapi.json
	cd frontend && npm run --silent build
	@touch $@

run: python-deps frontend ## Start Lifeboat on its embedded default (prints URL and login)
	$(BIN)/lifeboat dev

test: python-deps frontend chromium ## Run the whole suite: unit, API, integration, contract, browser e2e, vitest
	$(MAKE) --no-print-directory test-frontend
	$(BIN)/pytest $(PYTEST_ARGS)

test-python: python-deps ## Python tests only (no browser)
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

test-security: python-deps frontend chromium ## The security suite alone: attacks replayed against a real server (tests/security)
	$(BIN)/pytest tests/security $(PYTEST_ARGS)

test-frontend: frontend-deps ## Frontend unit tests (vitest)
	cd frontend && npm test --silent

e2e: python-deps frontend chromium ## Browser end-to-end tests (Playwright + Chromium)
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

lint: install ## ruff, mypy (strict), import-linter, eslint, tsc
	$(BIN)/ruff check backend tests
	$(BIN)/ruff format --check backend tests
	$(BIN)/mypy
	$(BIN)/lint-imports
	cd frontend && npm run --silent lint && npm run --silent typecheck

openapi: python-deps ## Export openapi/openapi.json from the app
	$(BIN)/lifeboat openapi --out openapi/openapi.json

client: python-deps frontend-deps ## Generate backend/lifeboat_client and the frontend's API types from openapi.json
	rm -rf backend/lifeboat_client
	$(BIN)/openapi-python-client generate --path openapi/openapi.json --meta none \
	  --config openapi/client-config.yaml --output-path backend/lifeboat_client
	cd frontend && npm run --silent gen:api

migration: python-deps ## Author a new migration from table changes (Piccolo auto-migration)
	PICCOLO_CONF=lifeboat.db.piccolo_conf PYTHONPATH=backend $(BIN)/piccolo migrations new lifeboat --auto

bench: bench-jobs bench-fleet bench-worklist ## Run every benchmark (ratios against peers measured in the same run)

bench-jobs: python-deps ## Job engine vs procrastinate and pgqueuer (peers in a throwaway venv); prints ratios
	$(BIN)/python tests/perf/bench_jobs.py

bench-fleet: python-deps ## Fleet snapshot of 200 simulated services vs its slowest single probe; prints ratios
	$(BIN)/python tests/perf/bench_fleet.py

bench-worklist: python-deps ## Restore worklist (2000 servers) vs a minimal and a one-query handler, same server; prints ratios
	$(BIN)/python tests/perf/bench_worklist.py

clean: ## Remove build outputs (keeps .lifeboat data)
	rm -rf frontend/dist $(VENV) frontend/node_modules
