# Two entry points for a fresh machine: `make demo` and `make test`.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install bench lint clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,service]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/candor parse examples --summary
	$(BIN)/candor extract examples --out out/examples
	$(BIN)/candor review examples --capacity examples/capacity.yaml --out out/review

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/parse_speed.py
	$(BIN)/python bench/extract_speed.py
	$(BIN)/python bench/review_speed.py

clean:
	rm -rf $(VENV) .pytest_cache

lint: $(STAMP)
	$(BIN)/ruff check extractors flows schemas checks infra evaluation training tests bench pipeline
