# Run `make help` for the targets. `make report` and `make test` do all set-up on a fresh
# Debian or Ubuntu machine with Python 3.11+: system packages, a virtualenv in .venv, the package.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

# Report parameters; empty means the notebook's default (see `make params`).
ARTICLE_ID ?=
REFERENCE_DATE ?=
WINDOW_START ?=
WINDOW_END ?=
FOCUS_ACTOR ?=
INCLUDE_CONTEXT ?=
DATA_DIR ?=
OUTPUT_DIR ?=

# Batch runs: a parameter file, and the options of `python -m analysis batch`.
PARAMS ?= params/example.yaml
WORKERS ?=
SCHEDULER ?=
RETRIES ?=
FORCE ?=
NO_PDF ?=

# These variables reach Python as the text typed, through the environment (ANALYSIS_<NAME>):
# $(value) keeps make from expanding them, no shell ever parses them, and the variables
# themselves are not exported (make would expand them to do so). No value can run anything.
PASSED_VARIABLES := ARTICLE_ID REFERENCE_DATE WINDOW_START WINDOW_END FOCUS_ACTOR \
	INCLUDE_CONTEXT DATA_DIR OUTPUT_DIR PARAMS WORKERS SCHEDULER RETRIES FORCE NO_PDF
unexport $(PASSED_VARIABLES)
$(foreach name,$(PASSED_VARIABLES),$(eval export ANALYSIS_$(name) = $$(value $(name))))

.DEFAULT_GOAL := help
.PHONY: help env report batch bench preview validate params test test-fast mutate lint format score lab explore notebooks clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-11s %s\n", $$1, $$2}'

env: $(STAMP) ## Install system packages, create .venv and install the project into it

$(STAMP): pyproject.toml scripts/install-system-deps.sh
	sh scripts/install-system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -c "import analysis.lab; analysis.lab.install_kernel()"
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	sh scripts/install-system-deps.sh --test
	touch $(TEST_STAMP)

report: env ## Build reports/<article_id>/: HTML, PDF, executed notebook, data (e.g. REFERENCE_DATE=2017-03-06)
	$(BIN)/python -m analysis report --from-environment

batch: env ## Run PARAMS (default params/example.yaml) as a batch; FORCE=1, WORKERS=, SCHEDULER=, RETRIES=, NO_PDF=1
	$(BIN)/python -m analysis batch --from-environment

bench: env ## Time the floor, the stock papermill+nbconvert way and ours; writes reports/bench.json
	$(BIN)/python scripts/bench.py

preview: report ## Redraw docs/report-preview.png (the README's picture) from the seed report's PDF
	$(BIN)/python scripts/make_preview.py reports/rbth-2017-03-06-military-talks/report.pdf docs/report-preview.png

validate: env ## Validate every annotation under data/ and resolve its dates
	$(BIN)/python -m analysis validate

params: env ## List the report notebook's parameters with their defaults
	$(BIN)/python -m analysis params

test: $(TEST_STAMP) ## Run all tests: notebook executions and a browser check included (installs Chromium)
	$(BIN)/python -m pytest

test-fast: env ## Run the unit tests only (no notebook execution)
	$(BIN)/python -m pytest -m "not notebook"

mutate: env ## Mutation testing of the core modules with the fast tests (slow: run on demand)
	$(BIN)/python scripts/mutate.py

lint: env ## Check style with ruff (package, tests, notebook sources)
	$(BIN)/ruff check analysis tests notebooks
	$(BIN)/ruff format --check analysis tests notebooks

format: env ## Format with ruff
	$(BIN)/ruff check --fix analysis tests notebooks
	$(BIN)/ruff format analysis tests notebooks

score: env ## Score the drafter against the gold test articles (precision, recall, F1)
	$(BIN)/python -m analysis score

lab: env ## Open JupyterLab on the project: a double-click opens notebooks/*.py as a notebook
	$(BIN)/python -m analysis lab

explore: env ## Serve notebooks/explore.py with Voilà: its charts and widgets, without the code
	$(BIN)/python -m analysis explore

notebooks: env ## Generate output-free .ipynb copies of the .py notebook sources
	$(BIN)/jupytext --to ipynb notebooks/*.py

clean: ## Remove built reports (keeps .venv)
	rm -rf reports/*/ reports/.*staging* reports/*.failed reports/index.html reports/.dashboard
