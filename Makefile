# The course's commands. Each one makes the pinned environment in .venv first if it is missing.
#   make lab      set up, then open the course in JupyterLab (127.0.0.1, with a token)
#   make test     set up, then run every test (unit, property, notebooks with nbval strict)
#   make execute  re-execute every notebook in place with the pinned environment
#   make student  write the learner versions (solutions removed, outputs cleared) to build/student
#   make slides   serve a notebook as live slides (Voilà, reveal.js; NB=03 picks notebooks/03_*)
#   make bench    run the benchmarks and rewrite bench/RESULTS.md
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.course-installed
BROWSER_STAMP := $(VENV)/.browser-tools-installed
PORT ?= 8888
STUDENT_DIR ?= build/student
WORKSPACE ?= workspace
# Jupyter refuses to run as root unless told; root is normal in containers and CI.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
NOTEBOOKS ?= $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
# make slides: NB is a notebook number or name prefix (default: the first notebook); CODE=1
# shows the code cells too (by default a slide shows the text and the outputs).
NB ?=
CODE ?=
SLIDES_PORT ?= 8866
SLIDES_STAMP := tools/slides/node_modules/.course-installed

# One BLAS thread: the thread count changes the last digits of sums, so stored outputs would drift.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
# Use the platform's standard folders (silences jupyter_core's migration notice on stderr).
export JUPYTER_PLATFORM_DIRS := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: lab test execute student slides readme-images bench venv test-env clean-venv help
.DEFAULT_GOAL := help

help:
	@echo "make lab      set up (first time only), then open the course in JupyterLab"
	@echo "make test     set up (first time only), then run every test"
	@echo "make execute  re-execute every notebook in place (regenerates stored outputs)"
	@echo "make student  write the learner versions of the notebooks to $(STUDENT_DIR)"
	@echo "make slides   serve a notebook as live slides (NB=03 for notebooks/03_*; default the first;"
	@echo "              CODE=1 shows the code cells too)"
	@echo "make bench    run the benchmarks (a few minutes) and rewrite bench/RESULTS.md"
	@echo "make readme-images  regenerate docs/img/ (the README's pictures) from a browser run"

venv: $(STAMP)
test-env: $(STAMP) $(BROWSER_STAMP)

# The pinned set needs Python 3.11 or newer (numpy 2.4 and IPython 9 do).
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
	  echo "The course needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "Install Python 3.11 and run: make $(MAKECMDGOALS) PYTHON=python3.11"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet -c requirements.lock -e .
	@touch $(STAMP)

# The learner works in $(WORKSPACE)/ (git-ignored): learner versions are copied there only
# where a file does not exist yet; a newer course version is written beside it as NAME.new.ipynb.
# A fresh random token each time (Jupyter masks a token it was given, so print the address here);
# port_retries=0 so the printed address is the one served (choose another with PORT=...).
lab: student
	@$(BIN)/python tools/workspace.py $(STUDENT_DIR) $(WORKSPACE)
	@token=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(24))'); \
	echo "Opening the course in JupyterLab. If no browser opens, visit:"; \
	echo "    http://127.0.0.1:$(PORT)/lab/tree/00_welcome.ipynb?token=$$token"; \
	echo "Stop it with Ctrl-C (twice)."; \
	JUPYTER_TOKEN=$$token exec $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 \
	  --ServerApp.port=$(PORT) --ServerApp.port_retries=0 \
	  --ServerApp.root_dir=$(WORKSPACE) $(ALLOW_ROOT)

# Playwright drives Debian's Chromium in the browser tests; only the tests need it.
$(BROWSER_STAMP): requirements-browser.lock $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-browser.lock
	@touch $(BROWSER_STAMP)

test: $(STAMP) $(BROWSER_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

execute: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)

student: $(STAMP)
	$(BIN)/python tools/make_student.py notebooks $(STUDENT_DIR)

# Slides: Voilà's reveal template with live widgets, on 127.0.0.1 with a fresh token (printed),
# port_retries=0 (choose another port with SLIDES_PORT=...). The front-end files (reveal.js 4.x,
# pinned in tools/slides/package-lock.json) come from npm once into tools/slides/node_modules, so
# the slides work with no internet. Voilà itself does not refuse root, so no --allow-root.
$(SLIDES_STAMP): tools/slides/package-lock.json
	bash tools/install_slides.sh

slides: $(STAMP) $(SLIDES_STAMP)
	@$(BIN)/python tools/slides.py $(NB) --port $(SLIDES_PORT) $(if $(CODE),--code)

# The README's pictures: the browser tests of every notebook and of the slides take the
# screenshots (build/browser/), then readme_images.py crops and optimises them into docs/img/.
readme-images: $(STAMP) $(BROWSER_STAMP) $(SLIDES_STAMP)
	CI=true $(BIN)/python -m pytest -p no:nbval -o addopts="" -q \
	  tests/browser/test_jupyterlab_notebooks.py tests/browser/test_slides.py
	$(BIN)/python tools/readme_images.py

# Peers (scikit-learn, torch) are optional: install them with
#   .venv/bin/pip install -c requirements.lock -e ".[bench]"
# A peer that is not installed is reported as skipped.
bench: $(STAMP)
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

clean-venv:
	rm -rf $(VENV)
