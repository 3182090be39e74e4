# Two commands matter: `make play` and `make test`. Both build .venv when needed.
# The interpreter .venv is made from: Python 3.11 from the distribution where the machine has it
# (Debian's /usr/bin/python3.11 is linked statically, built with PGO and LTO: a game takes 18%
# fewer instructions on it than on a shared-library build such as pyenv's 3.11.7, the same
# tree compiled; docs/architecture.md), else the first python3 on PATH.
PY ?= $(shell for p in /usr/bin/python3.11 python3; do \
	if $$p -c 'import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; \
	then echo $$p; exit; fi; done; echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

COMPILED := build/compiled/.built
ENGINE_SOURCES := $(wildcard game/engine/*.py agents/*.py game/play/*.py game/engine/*.pxd agents/*.pxd game/play/*.pxd)

.PHONY: play test fast lint format bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The engine compiled by Cython from the same sources (game/engine/compiled.py): batches and
# the benchmark run faster; the sources run whenever it is missing or older than an edit.
$(COMPILED): $(STAMP) $(ENGINE_SOURCES)
	if $(BIN)/python main.py compile; then touch $(COMPILED); \
	else echo "compiled engine not built: the engine runs from its sources"; fi

fast: $(COMPILED)

play: $(STAMP)
	$(BIN)/python main.py play $(ARGS)

test: $(STAMP) $(COMPILED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python main.py validate
	$(BIN)/python -m pytest -n 2 $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(COMPILED)
	$(BIN)/python benchmarks/bench_engine.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
