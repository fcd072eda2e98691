# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# One test process per core; `make test PYTEST_ARGS="tests/news -x"` runs a part in one process.
PYTEST_ARGS ?= -n auto

# Development values; production sets its own environment (see README).
DEV_ENV := DJANGO_DEBUG=1
# Tests run with DEBUG off, as in production, with throwaway values.
TEST_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-secret-key-not-for-production-0123456789abcdef \
	DJANGO_ALLOWED_HOSTS=testserver,localhost,127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0

.PHONY: run test lint bench format clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changed.
$(VENV)/.deps-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.deps-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.deps-run

run: $(VENV)/.deps-run
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_demo
	@echo "Cổng thông tin / Portal: http://$(HOST)/"
	@echo "Đơn vị thứ hai / Second unit: http://xa-mau.localhost:8000/"
	$(DEV_ENV) $(PY) manage.py runserver $(HOST)

test: $(VENV)/.deps-dev
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.deps-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.deps-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The scale bench first (PostgreSQL, Redis, wrk; see README), then the other bench scripts.
# BENCH_ARGS="--seconds 5 --skip-fill --pages home,article --skip-others" for a quick run.
BENCH_ARGS ?=
bench: $(VENV)/.deps-dev
	$(TEST_ENV) $(PY) bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
