# The two commands a newcomer needs: `make run` (portal with demo data) and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Links in emails (sent by the web process and by workers) point at the port being served.
PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
export PORTAL_BASE_URL
export DJANGO_SETTINGS_MODULE := commissioning.settings

.PHONY: run test setup assets lint format migrate demo worker beat clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip >/dev/null
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r pyproject.toml --extra dev
	touch $@

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

test: lint
	DEBUG=true $(VENV)/bin/pytest $(PYTEST_ARGS)

worker: setup
	$(VENV)/bin/celery -A commissioning worker --loglevel=INFO

beat: setup
	$(VENV)/bin/celery -A commissioning beat --loglevel=INFO

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
