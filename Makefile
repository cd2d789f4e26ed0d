# Two commands from a fresh clone (see README):
#   make plan   set up, then the official run on the bundled data  -> outputs/2020/
#   make test   set up, lint (ruff, mypy), then the whole test suite (unit, notebooks via nbval, browser)
# and the developer's loop:
#   make test-fast   lint, then every test needing no browser, notebook, papermill or LibreOffice (parallel)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.planlib-installed

PYTEST_ARGS ?=
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with $(CURDIR)/tests/nbval_sanitize.cfg

.PHONY: setup plan lint test test-fast bench clean

setup: $(STAMP)

# Re-install whenever the dependency list changes.
$(STAMP): pyproject.toml
	bash scripts/setup-system.sh --browser
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[notebook,audit,test,browser]'
	touch $(STAMP)

plan: setup
	$(BIN)/planlib run --register data/xicheng_2020_register.xlsx --seed 2020

# Lint and types first: ruff on src and tests, mypy on src/planlib (settings in pyproject.toml).
lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest tests notebooks $(NBVAL) $(PYTEST_ARGS)

# No notebooks (nbval), no browser, nothing marked slow; in parallel (pytest-xdist). Unmarked tests
# slower than 2 s fail (tests/conftest.py; PLANLIB_TEST_TIME_LIMIT relaxes it on a loaded machine).
test-fast: lint
	$(BIN)/python -m pytest tests -n auto -q -m "not slow and not browser" $(PYTEST_ARGS)

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) outputs/*/ .pytest_cache .mypy_cache .ruff_cache
