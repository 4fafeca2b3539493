# The two commands a newcomer needs: `make run` (portal with demo data) and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Links in emails (sent by the web process and by workers) point at the port being served.
PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
export PORTAL_BASE_URL
export DJANGO_SETTINGS_MODULE := commissioning.settings

.PHONY: run test setup assets lint format migrate demo worker beat clean lock upgrade

# Installs come from the lock files in requirements/ (exact versions, every file's hash checked),
# never from pyproject.toml's ranges: every machine gets the same packages. `sync` also removes
# what the lock no longer lists. uv itself is pinned in requirements/uv.txt.
$(VENV)/.installed: requirements/dev.txt requirements/uv.txt
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip >/dev/null
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/uv.txt
	$(VENV)/bin/uv pip sync --quiet --python $(PY) --require-hashes requirements/dev.txt requirements/uv.txt
	touch $@

# `make lock` after editing pyproject.toml's dependencies: adds and removes what changed and keeps
# every other pin. `make upgrade` moves every package to the newest version pyproject.toml allows.
# dev.txt is the developers' and CI's (the dev extra), image.txt the Docker image's (the s3 extra).
COMPILE = $(VENV)/bin/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 $(LOCK_ARGS)

lock: $(VENV)/.installed
	$(COMPILE) pyproject.toml --extra dev -o requirements/dev.txt
	$(COMPILE) pyproject.toml --extra s3 -o requirements/image.txt
	$(COMPILE) requirements/uv.in -o requirements/uv.txt
	$(MAKE) setup

upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

static/dist/portal.css: package.json package-lock.json $(wildcard static/src/*)
	@command -v npm >/dev/null || { echo "Node.js and npm are needed to build the GOV.UK Frontend assets (Node.js 20 or later)"; exit 1; }
	npm ci --silent --no-audit --no-fund
	npm run --silent build
	touch $@

setup: $(VENV)/.installed static/dist/portal.css

assets: static/dist/portal.css

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	@echo "Serving on http://127.0.0.1:$(PORT)"
	PORTAL_BASE_URL=$(PORTAL_BASE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true $(PY) manage.py check

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# pytest-xdist: one worker per core (PYTEST_WORKERS=0 for a single process). The tests that
# share a real Celery worker or a live server keep to one worker (tests/conftest.py).
PYTEST_WORKERS ?= auto
# The slowest tests are listed at the end of every run, to see where the suite's time goes.
PYTEST_ARGS ?= --durations=25
test: lint
	DEBUG=true $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

worker: setup
	$(VENV)/bin/celery -A commissioning worker --loglevel=INFO

beat: setup
	$(VENV)/bin/celery -A commissioning beat --loglevel=INFO

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
