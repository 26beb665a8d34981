# Two commands matter: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000

.PHONY: run test test-fast test-browser lint assets-check debian-tools clean

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

# What the tests use from Debian, installed when missing (command:package): Chromium for the
# browser tests (Playwright cannot download its own browser here), LibreOffice to open each Word
# document the service writes, calcurse to read each calendar invitation as a calendar client does,
# wrk for the load benchmark (bench/load/) and its smoke test.
DEBIAN_TOOLS := chromium:chromium soffice:libreoffice-writer-nogui calcurse:calcurse wrk:wrk

debian-tools:
	@missing=""; \
	for pair in $(DEBIAN_TOOLS); do command -v "$${pair%%:*}" >/dev/null || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing from Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# pytest-xdist workers. The browser tests go to them in two groups (--dist loadgroup): the crawls,
# and the rest (tests/browser/conftest.py).
TEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadgroup

test: $(VENV)/.dev debian-tools
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest $(PYTEST_PARALLEL)

# Unit and integration tests only (SQLite and PostgreSQL), no browser.
test-fast: $(VENV)/.dev
	$(PY) -m pytest $(PYTEST_PARALLEL) -m "not browser"

test-browser: $(VENV)/.dev debian-tools
	$(PY) -m pytest -m browser

# bandit: the checks ruff's S rules lack (pyproject.toml), on the code that ships. pip-audit needs
# its vulnerability service: when it cannot reach it, lint says "could not check" and fails with
# status 3 rather than passing (scripts/audit_dependencies.py). `make test` needs no network.
SHIPPED := app selfeval triads dashboards demo config.py wsgi.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/bandit -q -c pyproject.toml -r $(SHIPPED)
	$(PY) scripts/audit_dependencies.py

assets-check:
	bash assets/build.sh --check
	bash assets/build_plotly.sh --check

clean:
	rm -rf $(VENV) .pytest_cache tests/output
