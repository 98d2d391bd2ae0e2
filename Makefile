# Every target builds .venv from pyproject.toml + requirements.lock when it is missing or stale,
# so `make regenerate` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PRISM := tests/contract/node_modules/.bin/prism

.PHONY: venv regenerate check lint test contract contract-deps corpus clean

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock generated/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e generated
	touch $(STAMP)

## regenerate: spec + generator + templates -> generated/
regenerate: $(STAMP)
	$(BIN)/python -m generator

## check: the spec-drift check; fails when generated/ differs from what would be generated
check: $(STAMP)
	$(BIN)/python -m generator --check

## lint: ruff and mypy --strict on the generator, the generated client, the runtime source and the tests
# The runtime source (templates/runtime/) is type-checked as the package `runtime`, with the
# test shim's `_constants` module standing in for the one the generator writes.
lint: $(STAMP)
	$(BIN)/ruff check generator generated tests templates/runtime
	$(BIN)/mypy --strict generator generated/sendcloud_integrations
	MYPYPATH=templates:tests/runtime/shim $(BIN)/mypy --strict --explicit-package-bases -p runtime

$(PRISM): tests/contract/package.json tests/contract/package-lock.json
	@command -v node >/dev/null || { echo "node is required for the contract tests (Prism); install Node.js 18+" >&2; exit 1; }
	cd tests/contract && npm ci --no-audit --no-fund --loglevel=error
	touch $(PRISM)

contract-deps: $(PRISM)

## test: lint + drift check + the whole pytest suite (contract tests included)
test: lint check contract-deps
	$(BIN)/python -m pytest -q

## contract: only the contract tests against Prism and the fault-injecting server
contract: $(STAMP) contract-deps
	$(BIN)/python -m pytest -q tests/contract

## corpus: generate every spec in ../shared/corpus and print a table
corpus: $(STAMP)
	$(BIN)/python -m tests.corpus

clean:
	rm -rf $(VENV) tests/contract/node_modules .mypy_cache .ruff_cache .pytest_cache
