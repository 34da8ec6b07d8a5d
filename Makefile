# greencoop: the two commands a newcomer needs, and a few for maintainers.
#
#   make workshop    create .venv, install, open JupyterLab on workshops/ (localhost only)
#   make present     serve the workshops as apps with Voilà, no code shown (ARGS="--lan" for the room)
#   make frontend    build the workshop page's front end (Node.js and npm, from Debian if missing)
#   make test        create .venv if missing, install test extras, Chromium and the front end, lint and run
#                    every test
#   make benchmark   time the engine (against the earlier one), the model, the app in a browser, its
#                    front end on a shared link and a page flooding its kernel; rewrite the tables in
#                    benchmarks/README.md
#   make odd         regenerate the parameter table in model/ODD.md from the declaration
#   make atlas       regenerate the lever atlas in model/validation/atlas (every lever's curves, 50 runs)
#   make validation  regenerate the validation table model/validation/validation.md (and .csv)
#   make handouts    printable participant handouts per module (HTML and PDF, Bokmål and English) in handouts/

VENV := .venv
BIN := $(VENV)/bin
# The browser test and benchmark drive Debian's Chromium (never a browser downloaded by a tool).
# Defined before the rules that name it: make expands prerequisites as it reads them.
CHROMIUM := /usr/bin/chromium
# The workshop page's front end: its sources and the script `greencoop present` serves, built from them.
FRONTEND := model/greencoop/workshop/frontend
PAGE_SCRIPT := model/greencoop/workshop/jupyter/voila/templates/greencoop/static/greencoop-page.js
# npm on PATH (Homebrew's on macOS, say), else Debian's, which the rule below installs.
NPM := $(or $(shell command -v npm),/usr/bin/npm)
# The last commit with the earlier engine (two months, ensembles seed after seed): benchmarks/engine.py's baseline.
ENGINE_BASELINE := e83a9bc
# The last commit whose room let a page flood its kernel: benchmarks/flood.py's baseline.
FLOOD_BASELINE := 874cf36
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
# The first Python on PATH that is 3.12 or newer (pyenv shims included).
PYTHON ?= $(shell for p in python3.12 python3.13 python3.14 python3 python; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)

.PHONY: workshop present frontend test benchmark odd atlas validation handouts chromium clean

# Jupyter refuses to start as root unless told to; containers often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

workshop: $(VENV)/.installed
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=workshops $(ALLOW_ROOT)

present: $(VENV)/.installed $(PAGE_SCRIPT)
	$(BIN)/greencoop present $(ARGS)

frontend: $(PAGE_SCRIPT)

# npm ci installs exactly the versions of package-lock.json; esbuild bundles them with the sources.
$(PAGE_SCRIPT): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json $(wildcard $(FRONTEND)/src/*) | $(NPM)
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund --loglevel=error && $(NPM) run --silent build

test: $(VENV)/.installed-test $(CHROMIUM) $(PAGE_SCRIPT)
	$(BIN)/ruff check model tests benchmarks
	cd $(FRONTEND) && $(NPM) test --silent  # the page's kernel connection, in Node
	$(BIN)/python -m pytest
	GREENCOOP_LANG=en $(BIN)/python -m pytest --quiet workshops/0[0-6]_*.ipynb  # participants' pages again, in English

benchmark: $(VENV)/.installed-test $(CHROMIUM) $(PAGE_SCRIPT)
	$(BIN)/python benchmarks/engine.py --baseline $(ENGINE_BASELINE) --write
	$(BIN)/python benchmarks/run.py --write
	$(BIN)/python benchmarks/browser_load.py --write
	$(BIN)/python benchmarks/page_weight.py --rounds 2 --write
	$(BIN)/python benchmarks/flood.py --baseline $(FLOOD_BASELINE) --write

chromium: $(CHROMIUM)

$(CHROMIUM):
	@if command -v apt-get >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
		echo "no apt-get here: install Chromium at $(CHROMIUM) to run the browser test (it is skipped without)"; \
	fi

$(NPM):
	@if command -v apt-get >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; \
	else \
		echo "no apt-get here: install Node.js and npm (npm on PATH) to build the workshop page's front end" >&2; exit 1; \
	fi

odd: $(VENV)/.installed
	$(BIN)/greencoop odd --write

atlas: $(VENV)/.installed
	$(BIN)/greencoop atlas --out model/validation/atlas

validation: $(VENV)/.installed
	$(BIN)/greencoop validation --out model/validation/validation.md

handouts: $(VENV)/.installed
	$(BIN)/greencoop handouts --out handouts

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "greencoop needs Python 3.12 or newer on PATH (for example: pyenv install 3.12)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build model/*.egg-info .pytest_cache .ruff_cache .hypothesis $(FRONTEND)/node_modules \
		$(dir $(PAGE_SCRIPT))
