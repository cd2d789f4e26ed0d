# Two commands from a fresh clone (see README):
#   make plan   set up, then the official run on the bundled data  -> outputs/北京市西城区应急管理局/2020/
#   make test   set up, lint (ruff, mypy), then the whole test suite (unit, notebooks via nbval, browser)
# and the developer's loop:
#   make test-fast   lint, then every test needing no browser, notebook, papermill or LibreOffice (parallel)
# and for maintainers: make lock (move uv.lock on), make offline (the bundle for PCs with no internet)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.planlib-installed

# Every dependency comes from uv.lock (universal: Windows and Linux, Python 3.11 and 3.12), pinned
# with its SHA-256 hashes; uv itself at the version the lock pins for it.
UV_VERSION := $(shell sed -n '/^name = "uv"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' uv.lock)
UV := $(BIN)/uv
LOCKED := $(VENV)/requirements-locked.txt

PYTEST_ARGS ?=
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with $(CURDIR)/tests/nbval_sanitize.cfg

.PHONY: setup plan lint test test-fast bench clean lock offline

setup: $(STAMP)

$(UV):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q "uv==$(UV_VERSION)"

# Re-install whenever the dependency list or the lock changes: exactly the locked versions
# (every extra: the developer's tools too), checked against the lock's hashes, then planlib editable.
$(STAMP): pyproject.toml uv.lock | $(UV)
	bash scripts/setup-system.sh --browser
	$(BIN)/python -m pip install -q --upgrade pip
	$(UV) export --frozen --all-extras --no-emit-project --format requirements-txt --quiet -o $(LOCKED)
	$(BIN)/python -m pip install -q --require-hashes -r $(LOCKED)
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

# Move the lock on: every dependency to its newest version that pyproject.toml allows; then
# re-install from it. Review the diff of uv.lock and run `make test` before committing it.
lock: | $(UV)
	$(UV) lock --upgrade
	$(MAKE) setup

# The offline bundle dist/offline/ (wheels for Windows and Linux, Python 3.11 and 3.12, from
# the lock; install.bat, install.sh, 安装说明.txt), then resolve planlib from it alone per platform.
offline: setup
	$(BIN)/python scripts/offline/build.py --out dist/offline --check

plan: setup
	$(BIN)/planlib run --register data/xicheng_2020_register.xlsx --seed 2020

# Lint and types first: ruff on src and tests, mypy on src/planlib (settings in pyproject.toml).
lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

# The fast loop's 2 s guard on unmarked tests is make test-fast's; the whole suite, run on a machine
# busy with its own notebook kernels and LibreOffice, holds unmarked tests to 10 s (tests/time_guard.py).
test: lint
	PLANLIB_TEST_TIME_LIMIT=$${PLANLIB_TEST_TIME_LIMIT:-10} $(BIN)/python -m pytest tests notebooks $(NBVAL) $(PYTEST_ARGS)

# No notebooks (nbval), no browser, nothing marked slow; in parallel (pytest-xdist). Unmarked tests
# slower than 2 s fail (tests/conftest.py; PLANLIB_TEST_TIME_LIMIT relaxes it on a loaded machine).
test-fast: lint
	$(BIN)/python -m pytest tests -n auto -q -m "not slow and not browser" $(PYTEST_ARGS)

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) outputs/*/ dist/ build/ .pytest_cache .mypy_cache .ruff_cache
