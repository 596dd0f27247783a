# The two commands that matter: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FRONTEND := var/frontend/govuk
GOVUK := node_modules/govuk-frontend/dist/govuk
export DEBUG ?= true
# One test process per core (pytest-xdist); PYTEST_ARGS= runs them in one process.
PYTEST_ARGS ?= -n auto

.PHONY: run test install assets migrate demo lint format typecheck bench loadtest clean

# The task worker (imports) runs beside the web server and stops with it.
run: install assets migrate demo
	$(PY) manage.py db_worker & WORKER=$$!; trap "kill $$WORKER" EXIT; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: install assets
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# GOV.UK Frontend's CSS asks for its fonts and images at /assets/; ours serves them under
# /static/govuk/, so the CSS is rewritten to point next to itself.
assets: node_modules/.installed
	mkdir -p $(FRONTEND)
	cp -R $(GOVUK)/assets $(FRONTEND)/
	sed 's#url(/assets/#url(assets/#g' $(GOVUK)/govuk-frontend.min.css > $(FRONTEND)/govuk-frontend.min.css
	cp $(GOVUK)/govuk-frontend.min.js $(FRONTEND)/
	$(PY) manage.py collectstatic --noinput --verbosity 0

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: migrate
	$(PY) manage.py demo_data --la 330 --children 2000 --seed 1 --if-empty
	@echo "Serving http://127.0.0.1:8000 (sign in with an account above)"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: install
	$(VENV)/bin/mypy

# Benchmarks print figures and ratios to their targets (see bench/README.md). The large import
# wants PostgreSQL: make bench BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/vs_bench
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/vs_bench
bench: install
	cd bench && ../$(PY) import_sample.py
	cd bench && DATABASE_URL=$(BENCH_DATABASE_URL) ../$(PY) import_sample.py
	cd bench && ../$(PY) roll_page.py
	cd bench && DATABASE_URL=$(BENCH_DATABASE_URL) ../$(PY) roll_page.py
	cd bench && DATABASE_URL=$(BENCH_DATABASE_URL) ../$(PY) import_large.py 100000
	cd bench && DATABASE_URL=$(BENCH_DATABASE_URL) ../$(PY) attendance_scale.py 100000
	cd bench && DATABASE_URL=$(BENCH_DATABASE_URL) ../$(PY) attendance_import.py 100000
	cd bench && DATABASE_URL=$(BENCH_DATABASE_URL) ../$(PY) attendance_kept.py 10
	cd bench && ../$(PY) reports.py
	cd bench && DATABASE_URL=$(BENCH_DATABASE_URL) ../$(PY) pages.py 1,4,10
	cd bench && DATABASE_URL=$(BENCH_DATABASE_URL) ../$(PY) pages.py 1,10 --las

# 50 signed-in users for two minutes against gunicorn on PostgreSQL (loopback only).
loadtest: install assets
	cd bench && DATABASE_URL=$(BENCH_DATABASE_URL) ../$(PY) loadtest.py 50 120

clean:
	rm -rf var/static var/frontend
