# Two commands: `make demo` builds the map from data/ into output/; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench screenshot clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/orgmap build --data data --out output --title "China's cyber policy system"

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py --results benchmarks/RESULTS.md

screenshot: $(STAMP)
	$(BIN)/orgmap render --data data --out output/orgmap.html --title "China's cyber policy system"
	$(BIN)/python tests/browser/screenshot.py output/orgmap.html docs/orgmap.png --select cac --zoom 0.9
	$(BIN)/orgmap render --data data --out output/cac-chart.html --view chart --focus CAC --depth 2 --title "The Cyberspace Administration of China and its neighbours"
	$(BIN)/python tests/browser/screenshot.py output/cac-chart.html docs/orgchart-page.png --view chart --select cac --width 1900 --height 1150
	$(BIN)/orgmap chart --data data --focus CAC --depth 2 --title "The Cyberspace Administration of China and its neighbours" -o docs/orgchart.svg

clean:
	rm -rf $(VENV) output/* .orgmap-cache
