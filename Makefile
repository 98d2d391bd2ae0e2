# Every target builds .venv from pyproject.toml + requirements.lock when it is missing or stale,
# so `make regenerate` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PRISM := tests/contract/node_modules/.bin/prism

.PHONY: venv regenerate check lint test contract contract-deps corpus golden update-spec clean

venv: $(STAMP)

# The stamp depends only on the generator's own requirements, never on generated files, so a
# regenerate does not reinstall anything. The generated package is installed editable in
# "compat" mode, which is a plain path entry for generated/: modules a regenerate adds,
# removes or renames are importable at once (and mypy follows a path entry, unlike the default
# mode's import hook). Its run-time dependency (httpx) comes from requirements.lock, hence
# --no-deps; only its metadata (the version pip lists) is as of the install, and nothing reads
# that. The tests import the package from generated/ directly (tests/conftest.py), so they
# need no install at all, even on a clone where generated/ is yet to be written.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	if [ -f generated/pyproject.toml ]; then \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
	    --config-settings editable_mode=compat -e generated; fi
	touch $(STAMP)

## regenerate: spec + generator + templates -> generated/
regenerate: $(STAMP)
	$(BIN)/python -m generator

## update-spec: SPEC=path/to/new.yml: validate it, show the API diff, then vendor it and regenerate
update-spec: $(STAMP)
	@test -n "$(SPEC)" || { echo "usage: make update-spec SPEC=path/to/new.yml" >&2; exit 2; }
	@current=spec/$$(sed -n 's/^spec: *//p' spec/codegen.yaml); \
	echo "API diff from $$current to $(SPEC):"; \
	$(BIN)/python -m generator diff --base-spec "$$current" --spec "$(SPEC)" || exit $$?; \
	cp "$(SPEC)" "$$current" && echo "copied $(SPEC) to $$current"
	$(BIN)/python -m generator

## check: the spec-drift check; fails when generated/ differs from what would be generated
check: $(STAMP)
	$(BIN)/python -m generator --check

## lint: ruff on the generator, client, runtime, tests and bench; mypy --strict on the first three
# The runtime source (templates/runtime/) is type-checked as the package `runtime`, with the
# test shim's `_constants` module standing in for the one the generator writes.
lint: $(STAMP)
	$(BIN)/ruff check generator generated tests templates/runtime bench
	$(BIN)/mypy --strict generator generated/sendcloud_integrations
	MYPYPATH=templates:tests/runtime/shim $(BIN)/mypy --strict --explicit-package-bases -p runtime

$(PRISM): tests/contract/package.json tests/contract/package-lock.json
	@command -v node >/dev/null || { echo "node is required for the contract tests (Prism); install Node.js 18+" >&2; exit 1; }
	cd tests/contract && npm ci --no-audit --no-fund --loglevel=error
	touch $(PRISM)

contract-deps: $(PRISM)

## test: lint + drift check + the whole pytest suite (contract tests included)
# pytest-xdist runs the suite on TEST_WORKERS processes, each taking a whole test file at a
# time (--dist loadfile), so that a file's module fixtures are made once (session fixtures
# once per worker; the hostile corpus's stays in its file's worker). Files marked `long` go
# first (tests/conftest.py), in collection order (--no-loadscope-reorder).
TEST_WORKERS ?= 2
test: lint check contract-deps
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

## contract: only the contract tests against Prism and the fault-injecting server
contract: $(STAMP) contract-deps
	$(BIN)/python -m pytest -q tests/contract

## golden: regenerate the golden records in tests/golden/ (review the diff before committing)
golden: $(STAMP)
	set -e; for spec in tests/golden/*/openapi.yaml; do \
		dir=$$(dirname $$spec); tmp=$$(mktemp -d); \
		$(BIN)/python -m generator --spec $$spec --out $$tmp/out --quiet; \
		rm $$tmp/out/.codegen-manifest.json; rm -rf $$dir/expected; mv $$tmp/out $$dir/expected; \
		rmdir $$tmp; \
	done
	PYTHONPATH=. $(BIN)/python tests/test_diff_report.py

## corpus: generate every spec in ../shared/corpus and ../shared/corpus-peer, print a table per corpus and a summary
corpus: $(STAMP)
	$(BIN)/python -m tests.corpus

clean:
	rm -rf $(VENV) tests/contract/node_modules .mypy_cache .ruff_cache .pytest_cache

## bench: BENCH=quick for the six rows of issue 13 only; otherwise everything, and it writes
## bench/RESULTS.md and bench/scale.png. Its own virtualenv (bench/.venv) adds the bench-only
## pins of bench/requirements.lock (OPC, pydantic, matplotlib) to the project's; never run
## by `make test`.
BENCH ?= full
BENCH_VENV := bench/.venv
BENCH_STAMP := $(BENCH_VENV)/.installed

.PHONY: bench

$(BENCH_STAMP): requirements.lock bench/requirements.lock
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.lock
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	@case "$(BENCH)" in quick) flag=--quick ;; full) flag= ;; \
	  *) echo "BENCH must be quick or full, not '$(BENCH)'" >&2; exit 2 ;; esac; \
	$(BENCH_VENV)/bin/python -m bench $$flag $(BENCH_ARGS)
