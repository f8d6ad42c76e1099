# Every command anyone needs. `make run` and `make test` install what they need themselves.
SHELL := /bin/bash
PYTHON ?= python3.11
TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.9
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
RUN := $(UV) run --locked --no-sync

.PHONY: install run test test-fast lint types pytest system-deps snapshot relay chaos bench demo clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: $(UV) uv.lock pyproject.toml shared/*/pyproject.toml services/*/pyproject.toml deploy/pyproject.toml
	$(UV) sync --locked --all-packages
	touch $@

install: .venv/.synced

run: install
	$(RUN) python -m relay_devstack.cli run

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

types: install
	$(RUN) mypy shared/contracts/src shared/eventing/src deploy/src bench chaos $$(ls -d services/*/src) conftest.py $$(find tests services/*/tests -name "*.py")

# The dashboard's browser test drives Debian's headless Chromium; Korean renders as boxes
# without the CJK fonts. CI runs as root on Debian, so it installs them when missing.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || \
		[ ! -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then \
		apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			chromium chromium-driver fonts-noto-cjk; \
	fi

pytest: install system-deps
	$(RUN) pytest -q --durations=15

# Pure rules and runtime logic, no servers: the inner loop.
test-fast: install
	$(RUN) pytest -q -m "not servers"

test: system-deps lint types pytest

# The operator CLI: make relay ARGS="status" (or .venv/bin/relay status).
relay: install
	$(RUN) relay $(ARGS)

chaos: install
	$(RUN) python -m chaos.run $(ARGS)

snapshot: install
	UPDATE_CONTRACT_SNAPSHOT=1 $(RUN) pytest -q tests/test_contract_snapshot.py

bench: install
	$(RUN) python -m bench.run

# Fills a running `make run` with a program of a few hundred startups (keys: its KEY_* lines).
demo: install
	$(RUN) python -m relay_devstack.demo $(ARGS)

clean:
	rm -rf .venv .data .mypy_cache .ruff_cache .pytest_cache
