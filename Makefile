# School Quality Assurance – the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The typed core: checked strictly by mypy (pyproject.toml [tool.mypy]).
TYPED_MODULES := classification/engine.py classification/reasons.py classification/preset_format.py \
	classification/frameworks.py visits/planner.py schools/ofsted.py

.PHONY: run test install lint lock worker beat frontend system-deps clean bench bench-load

# Exactly the locked versions, each checked against its hash (requirements-dev.txt: `make lock` writes it).
$(VENV)/.installed: requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-dev.txt
	$(PY) -m pip check
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/application.css: node_modules/.installed static/src/application.scss
	bash scripts/build-frontend.sh

install: $(VENV)/.installed node_modules/.installed static/build/application.css

frontend: node_modules/.installed
	bash scripts/build-frontend.sh

## make run: install, migrate, load demo data and serve on http://127.0.0.1:8000
run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ – sign in with a demo login above."
	$(MANAGE) runserver $(HOST):$(PORT)

## make test: install, lint, layers, types, check migrations, run the whole suite (unit, integration, worker, browser)
test: install system-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy $(TYPED_MODULES)
	DJANGO_SETTINGS_MODULE=qa_portal.settings.test $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy $(TYPED_MODULES)

## make lock: compile the lock files from pyproject.toml's ranges, keeping every pin that still fits
## (make lock LOCK_ARGS=--upgrade moves everything to the newest versions; LOCK_ARGS="--upgrade-package celery" one).
LOCK := $(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 --quiet \
	--custom-compile-command "make lock" $(LOCK_ARGS)
lock: $(VENV)/.installed
	$(LOCK) --extra dev -o requirements-dev.txt
	$(LOCK) -c requirements-dev.txt -o requirements.txt

## Debian packages the browser and PDF tests use (installed when missing and running as root).
system-deps:
	@bash scripts/install-system-deps.sh

## Real Celery against REDIS_URL (and DATABASE_URL)
worker: install
	@test -n "$$REDIS_URL" || (echo "Set REDIS_URL, e.g. redis://127.0.0.1:6379/0" && exit 1)
	$(VENV)/bin/celery -A qa_portal worker --loglevel=INFO

beat: install
	@test -n "$$REDIS_URL" || (echo "Set REDIS_URL, e.g. redis://127.0.0.1:6379/0" && exit 1)
	$(VENV)/bin/celery -A qa_portal beat --loglevel=INFO --scheduler django_celery_beat.schedulers:DatabaseScheduler

clean:
	rm -rf $(VENV) node_modules static/build static/govuk staticfiles .test-db.sqlite3 .pytest_cache

## make bench: national-scale data set in <DATABASE_URL name>_bench (PostgreSQL only) and the performance table
bench: install
	@test -n "$$DATABASE_URL" || (echo "make bench needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/qa_portal" && exit 2)
	$(PY) -m bench.run
	$(PY) -m bench.memory

## make bench-load: gunicorn (production settings, 2 workers) under a mixed workload, 50 connections for 60 s
bench-load: install
	@test -n "$$DATABASE_URL" || (echo "make bench-load needs the PostgreSQL DATABASE_URL that make bench used" && exit 2)
	@test -n "$$REDIS_URL" || (echo "make bench-load needs REDIS_URL (production's cache and broker)" && exit 2)
	$(PY) -m bench.load
