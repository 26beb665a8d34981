# Two commands matter: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
CHROMIUM ?= /usr/bin/chromium
SOFFICE ?= /usr/bin/soffice

.PHONY: run test test-fast test-browser lint assets-check chromium libreoffice clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(FLASK) db upgrade
	$(FLASK) load-frameworks
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Debian's Chromium for the browser tests; Playwright cannot download its own browser here.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Chromium from Debian packages..."; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# LibreOffice's converter, which the tests use to open each Word document the service writes.
libreoffice:
	@if [ ! -x "$(SOFFICE)" ]; then \
		echo "Installing LibreOffice Writer from Debian packages..."; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libreoffice-writer-nogui >/dev/null; \
	fi

# pytest-xdist workers. The browser tests go to them in two groups (--dist loadgroup): the crawls,
# and the rest (tests/browser/conftest.py).
TEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadgroup

test: $(VENV)/.dev chromium libreoffice
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest $(PYTEST_PARALLEL)

# Unit and integration tests only (SQLite and PostgreSQL), no browser.
test-fast: $(VENV)/.dev
	$(PY) -m pytest $(PYTEST_PARALLEL) -m "not browser"

test-browser: $(VENV)/.dev chromium
	$(PY) -m pytest -m browser

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

assets-check:
	bash assets/build.sh --check

clean:
	rm -rf $(VENV) .pytest_cache tests/output
