# localglue: every target sets the project up on first use (.venv with pinned dependencies).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TOOLS := .localglue/tools
TOOLS_STAMP := $(TOOLS)/.installed
ENV ?= dev

.DEFAULT_GOAL := help
.PHONY: help setup doctor up run test test-unit test-local conformance-record bench lint fmt deploy-local plan deploy destroy clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-19s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

# checkov pins an older boto3 than the project, so the lint tools live in a venv of their own.
$(TOOLS_STAMP): requirements/lint.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --upgrade pip==25.3
	$(TOOLS)/bin/python -m pip install --quiet -r requirements/lint.txt
	@touch $@

setup: $(STAMP) ## create .venv and install the pinned dependencies

doctor: $(STAMP) ## check every prerequisite and say how to fix what is missing
	$(PY) -m localglue doctor

up: $(STAMP) ## serve localglue on 127.0.0.1:4566 until Ctrl-C
	$(PY) -m localglue up

run: $(STAMP) ## the whole pipeline locally: localglue, terraform apply, sample data, workflow, result
	$(PY) -m localglue demo

test: $(STAMP) ## unit and integration tests
	$(PY) -m pytest tests integration_tests

test-unit: $(STAMP) ## fast unit tests only
	$(PY) -m pytest tests

test-local: $(STAMP) ## end-to-end tests against a local gateway
	$(PY) -m pytest integration_tests

conformance-record: $(STAMP) ## record the Athena SQL conformance answers from a plain Trino (tests/athena_conformance)
	PYTHONPATH=tests $(PY) -m athena_conformance.record $(if $(AREA),--area $(AREA))

bench: $(STAMP) ## speed and memory benchmarks
	$(PY) -m localglue.bench

lint: $(STAMP) $(TOOLS_STAMP) ## ruff, mypy, terraform fmt + validate, checkov on terraform/, hadolint on the Dockerfile
	$(PY) -m ruff check src tests integration_tests glue_jobs
	$(PY) -m ruff format --check src tests integration_tests glue_jobs
	$(PY) -m mypy
	$(PY) -m localglue tf fmt -check -recursive
	$(PY) -m localglue tf validate
	$(TOOLS)/bin/checkov --quiet --compact --skip-download --framework terraform --directory terraform
	$(TOOLS)/bin/hadolint docker/Dockerfile

fmt: $(STAMP) ## format Python and Terraform
	$(PY) -m ruff format src tests integration_tests glue_jobs
	$(PY) -m localglue tf fmt -recursive

deploy-local: $(STAMP) ## terraform apply against the running localglue (make up)
	$(PY) -m localglue deploy

plan: $(STAMP) ## terraform plan against AWS with your credentials (ENV=dev|prod; ENDPOINT=url: a localglue stand-in)
	$(PY) -m localglue aws plan --env $(ENV) $(if $(ENDPOINT),--endpoint-url $(ENDPOINT))

deploy: $(STAMP) ## terraform apply against AWS with your credentials (ENV=dev|prod)
	$(PY) -m localglue aws apply --env $(ENV)

destroy: $(STAMP) ## terraform destroy on AWS, after a typed confirmation (ENV=dev|prod)
	$(PY) -m localglue aws destroy --env $(ENV)

clean: ## remove local state (keeps .venv and caches)
	rm -rf .localglue/state .localglue/terraform
