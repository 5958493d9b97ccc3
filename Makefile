# Two commands for a fresh machine:  make demo  (set up + report on seeds/),  make test
# (the fast suite; `make test-all` runs everything, as CI does)
PY ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

$(BIN)/claimcheck: pyproject.toml
	$(PY) -m venv $(VENV)
	# the CPU wheel of torch first: an unpinned torch would pull a multi-GB CUDA build
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/claimcheck

setup: $(BIN)/claimcheck

demo: setup
	$(BIN)/claimcheck report seeds/ --index indexes/seeds --out reports/seeds.md --json reports/seeds.json --html reports/seeds.html

# the README's picture of reports/seeds.html (needs Debian's chromium: apt-get install chromium)
screenshot: demo
	$(BIN)/python scripts/shoot_report.py reports/seeds.html docs/seeds-report.png

# the fast suite: tests marked slow (real default models, browser; see tests/conftest.py) are left out
test: setup
	$(BIN)/pytest -q -m "not slow"

# the whole suite, as .ci/run runs it
test-all: setup
	$(BIN)/pytest -q

.PHONY: setup demo screenshot test test-all
