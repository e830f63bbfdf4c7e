# pmaf: two commands on a fresh machine with Python 3.11+ (see README.md).
#   make run   set up .venv, then run the month on the bundled sample council
#   make test  set up .venv with the test extras, then run the whole test suite

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
VENV ?= .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv pip install --python $(BIN)/python --compile-bytecode --quiet
PERIOD ?= latest

.PHONY: run test lint setup clean-venv

$(BIN)/uv:
	@test -n "$(PYTHON)" || { echo "pmaf needs Python 3.11 or newer on PATH" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

$(VENV)/.installed: pyproject.toml | $(BIN)/uv
	$(UV) -e '.[dev]'
	@touch $@

setup: $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/pmaf run --period $(PERIOD) --data data/sample --params params/monthly.yaml --out outputs

test: $(VENV)/.installed
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

clean-venv:
	rm -rf $(VENV)
