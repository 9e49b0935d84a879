# plan-extract: `make extract` and `make test` work on a fresh machine (they install first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install extract test lint bench bench-tables clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

extract: $(STAMP)
	$(BIN)/plan-extract extract input/*.pdf --out output

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Whole pipeline vs camelot lattice and pdfplumber (whole processes, medians, peak memory), a
# 100+-page scaling run and a profile; then the diff benchmark.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pipeline.py --shared $(SHARED)
	$(BIN)/python benchmarks/bench_diff.py

bench-tables: $(STAMP)
	$(BIN)/python benchmarks/bench_tables.py --external $(SHARED)/external

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

clean:
	rm -rf $(VENV) output/*.json output/*.csv
