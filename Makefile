# localglue: every target sets the project up on first use (.venv with pinned dependencies).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TOOLS := .localglue/tools
TOOLS_STAMP := $(TOOLS)/.installed
ENV ?= dev
PORT ?= $(or $(LOCALGLUE_PORT),4566)

.DEFAULT_GOAL := help
.PHONY: help setup chromium doctor up start stop run test test-unit test-local conformance-record bench lint fmt deploy-local plan deploy verify-aws destroy clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-19s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11" >&2; exit 1; }
	@echo "setting up $(VENV): about 1.1 GB of pinned packages (Spark among them) from PyPI; minutes the first time"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	set -o pipefail; $(PY) -m pip install --progress-bar on -c constraints.txt -e '.[dev]' \
	  | { grep -v '^Requirement already satisfied' || true; }
	@touch $@
	@echo "$(VENV) ready: $(VENV)/bin/localglue (or: source $(VENV)/bin/activate)"

# The report's browser test opens the page in Debian's Chromium; as root, setup installs it when missing.
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium (the report's browser test)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: install it (Debian: apt-get install chromium) for the report's browser test" >&2; fi; }

# checkov pins an older boto3 than the project, so the lint tools live in a venv of their own.
$(TOOLS_STAMP): requirements/lint.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --upgrade pip==25.3
	$(TOOLS)/bin/python -m pip install --quiet -r requirements/lint.txt
	@touch $@

setup: $(STAMP) chromium ## create .venv with the pinned dependencies (and Chromium for the report test)

doctor: ## check every prerequisite and say how to fix what is missing (needs no .venv: seconds)
	@PYTHONPATH=src $(PYTHON) -m localglue.doctor

up: $(STAMP) ## serve localglue on 127.0.0.1:4566 until Ctrl-C (another port: make up PORT=4567)
	$(PY) -m localglue up --port $(PORT)

start: $(STAMP) ## localglue in the background (PORT=4566), ready when this returns
	$(PY) -m localglue start --port $(PORT)

stop: $(STAMP) ## stop the background localglue
	$(PY) -m localglue stop

run: $(STAMP) ## the whole pipeline locally: localglue, terraform apply, sample data, workflow, result, report
	$(PY) -m localglue demo

test: $(STAMP) chromium ## unit and integration tests, Spark and the browser included
	$(PY) -m pytest tests integration_tests

test-unit: $(STAMP) ## fast unit tests only (no Spark, no gateway): about a minute
	$(PY) -m pytest tests -m "not spark"

test-local: $(STAMP) ## end-to-end tests against a local gateway
	$(PY) -m pytest integration_tests

conformance-record: $(STAMP) ## record the Athena SQL conformance answers from a plain Trino (tests/athena_conformance)
	PYTHONPATH=tests $(PY) -m athena_conformance.record $(if $(AREA),--area $(AREA))

bench: $(STAMP) ## speed and memory benchmarks
	$(PY) -m localglue.bench

lint: $(STAMP) $(TOOLS_STAMP) ## ruff, mypy, terraform fmt + validate, checkov on terraform/, hadolint on the Dockerfile
	$(PY) -m ruff check src tests integration_tests glue_jobs examples
	$(PY) -m ruff format --check src tests integration_tests glue_jobs examples
	$(PY) -m mypy
	$(PY) -m localglue tf -chdir=terraform fmt -check -recursive
	$(PY) -m localglue tf -chdir=terraform validate
	$(TOOLS)/bin/checkov --quiet --compact --skip-download --framework terraform --directory terraform
	$(TOOLS)/bin/hadolint docker/Dockerfile

fmt: $(STAMP) ## format Python and Terraform
	$(PY) -m ruff format src tests integration_tests glue_jobs examples
	$(PY) -m localglue tf -chdir=terraform fmt -recursive

deploy-local: $(STAMP) ## terraform apply of terraform/ against the running localglue (make start)
	$(PY) -m localglue deploy terraform

plan: $(STAMP) ## terraform plan against AWS with your credentials (ENV=dev|prod; ENDPOINT=url: a localglue stand-in)
	$(PY) -m localglue aws plan --env $(ENV) $(if $(ENDPOINT),--endpoint-url $(ENDPOINT))

deploy: $(STAMP) ## terraform apply against AWS with your credentials (ENV=dev|prod)
	$(PY) -m localglue aws apply --env $(ENV)

verify-aws: $(STAMP) ## the end-to-end test against the stack `make deploy` deployed on AWS (ENV=dev|prod)
	LOCALGLUE_ENDPOINT=aws LOCALGLUE_AWS_ENV=$(ENV) $(PY) -m pytest integration_tests/test_pipeline_end_to_end.py

destroy: $(STAMP) ## terraform destroy on AWS, after a typed confirmation (ENV=dev|prod)
	$(PY) -m localglue aws destroy --env $(ENV)

clean: ## remove local state (keeps .venv and caches)
	rm -rf .localglue/state .localglue/terraform
