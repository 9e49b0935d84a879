# plan-extract: `make extract` and `make test` work on a fresh machine (they install first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install extract test check-camelot lint typecheck fonts bench bench-tables clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

extract: $(STAMP)
	$(BIN)/plan-extract extract input/*.pdf --out output

# pytest-xdist spreads the tests over every CPU (`-n auto`): each test extracts whole PDFs, so
# the suite is CPU-bound and scales with the cores (make test PYTEST_WORKERS=0 runs it serially).
# pyproject.toml adds `--dist loadgroup`: the tests of one PDF run in one worker, which extracts
# it once per reader (tests/plan_cases.py, plan_of and same_pdf).
PYTEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS)

# The cross-checks of whole plans against camelot (tests marked `consistency`: camelot renders
# every page, about 80 s for the 2023 plan alone), left out of `make test`; `make bench` runs them.
check-camelot: $(STAMP)
	$(BIN)/python -m pytest -q -p no:randomly -m consistency

# Whole pipeline with each reader vs camelot lattice, pdfplumber and tablers (whole processes,
# medians, peak memory), scaling runs at ~100 and ~300 pages and a profile; then the diff
# benchmark and the review pages' size and time. tablers is installed best-effort (the benchmark runs without it).
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]' || echo "tablers not installed: benchmark without it"
	$(BIN)/python benchmarks/bench_pipeline.py --shared $(SHARED)
	$(BIN)/python benchmarks/bench_diff.py
	$(BIN)/python benchmarks/bench_report.py
	$(MAKE) check-camelot

bench-tables: $(STAMP)
	$(BIN)/python benchmarks/bench_tables.py --external $(SHARED)/external

# ruff's rules (pyproject.toml [tool.ruff.lint]: complexity, unused arguments, blind excepts...)
# and its formatting, both checked, nothing rewritten.
lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

# mypy: the package in default mode, pdf/ and tables/ strictly (pyproject.toml [tool.mypy]).
typecheck: $(STAMP)
	$(BIN)/mypy

# The TrueType fonts tests/variants.py draws the rendered variants with (DejaVu Sans and Serif,
# regular and condensed, with their bold faces): Debian's fonts-dejavu-core and -extra. Under
# CI=true a missing font fails those tests instead of skipping them; CI runs this target first.
TEST_FONTS := fonts-dejavu-core fonts-dejavu-extra
fonts:
	@if dpkg-query -W -f='$${Status}\n' $(TEST_FONTS) 2>/dev/null | grep -qv 'install ok installed' \
	    || ! dpkg-query -W $(TEST_FONTS) >/dev/null 2>&1; then \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    $(TEST_FONTS); \
	fi

clean:
	rm -rf $(VENV) output/*.json output/*.csv
