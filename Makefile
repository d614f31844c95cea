# Two entry points for a fresh machine: `make demo` and `make test`.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install model bench lint clean system

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,service,training]'
	touch $(STAMP)

# The model's run-time graph, built with torch once (extractors/commitments/export.py);
# candor itself only loads it. A no-op when the graph of the shipped weights is there.
model: $(STAMP)
	$(BIN)/python -m extractors.commitments.export

install: model

demo: model
	$(BIN)/candor parse examples --summary
	$(BIN)/candor extract examples --out out/examples
	$(BIN)/candor review examples --capacity examples/capacity.yaml --out out/review
	$(BIN)/candor serve --home out/service --port 4270 --s3-port 8373 --upload examples --once --no-keep-ui

test: model system
	$(BIN)/python -m pytest

# LibreOffice and poppler turn DOCX redlines into PDF and PNG for tests and people;
# installed from the distribution where missing (root, or sudo without a password).
system:
	@command -v soffice > /dev/null && command -v pdftotext > /dev/null || { \
	  pkgs="libreoffice-writer-nogui poppler-utils"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $$pkgs; \
	  elif sudo -n true 2> /dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends $$pkgs; \
	  else echo "make: LibreOffice is missing and cannot be installed here; its tests will be skipped"; fi; }

bench: model
	$(BIN)/python bench/parse_speed.py
	$(BIN)/python bench/extract_speed.py
	$(BIN)/python bench/review_speed.py
	$(BIN)/python bench/redline_speed.py

clean:
	rm -rf $(VENV) .pytest_cache

lint: $(STAMP)
	$(BIN)/ruff check extractors flows schemas checks infra evaluation training tests bench pipeline

# Issue 18 on one machine: PostgreSQL, a Prefect server on it, SeaweedFS, two workers, one
# killed mid-review; every document must end with one complete set (bench/scale_check.py,
# about 7 minutes when it passes). PostgreSQL is installed from the distribution where missing.
.PHONY: scale-check
scale-check: model
	@command -v pg_ctl > /dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl > /dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; \
	  elif sudo -n true 2> /dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends postgresql; \
	  else echo "make: PostgreSQL is missing and cannot be installed here (apt-get install postgresql)"; exit 1; fi; }
	$(BIN)/python bench/scale_check.py
