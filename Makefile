# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
# The suite runs in parallel, one pytest-xdist worker per core (at most 4); the browser tests run after it.
XDIST ?= -n auto --maxprocesses=4

FRONTEND := static/dist/site.css

.PHONY: install run test lint bench collectstatic frontend

install: $(STAMP) $(FRONTEND)

# The public look: GOV.UK Frontend from npm, compiled with our brand (frontend/*.scss) into static/dist/.
# npm ci installs exactly what package-lock.json names; it re-runs only when the lock file changed.
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	@touch $@

$(FRONTEND): node_modules/.installed $(wildcard frontend/*)
	@mkdir -p static/dist
	npm run --silent build

frontend: node_modules/.installed
	@mkdir -p static/dist
	npm run --silent build

# Re-installs only when a requirements file changed (or the venv is new).
$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	@echo ""
	@echo "  The site is at http://127.0.0.1:8000  (admin: http://127.0.0.1:8000/admin/)"
	@echo "  Stop it with Ctrl+C."
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	@if [ -x "$(CHROMIUM)" ]; then \
		$(BIN)/python -m pytest $(XDIST) -m "not browser" && $(BIN)/python -m pytest -m browser; \
	else \
		echo ""; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!! BROWSER TESTS SKIPPED: $(CHROMIUM) not found (apt-get install chromium) !!!"; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo ""; \
		$(BIN)/python -m pytest $(XDIST) -m "not browser"; \
	fi

# Lint (ruff), formatting (ruff format --check) and types (mypy on the services and selectors modules).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	@command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/run.py
