# The one place that knows the project's commands; the README quotes it.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
# The Makefile is the developer tool: development mode unless told otherwise; `make run`
# (and the worker and scheduler beside it) run as the users see the portal.
export DEBUG ?= 1
HOST ?= 127.0.0.1
WEB_CONCURRENCY ?= 2
STAMP := .make
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
MANAGE := $(UV) run --frozen python manage.py
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)

.PHONY: help setup run dev worker beat test lint format messages bench clean

help:
	@echo "make run     install, migrate, load regions and demo data, serve on :$(PORT)"
	@echo "             as users see it (DEBUG off, gunicorn, whitenoise)"
	@echo "make dev     the same with Django's development server and DEBUG on"
	@echo "             both start a Celery worker (with the scheduler) beside the web"
	@echo "             server on the embedded broker in var/broker/, unless REDIS_URL is set"
	@echo "make test    install and run the whole test suite, with branch coverage"
	@echo "make lint    ruff, mypy, makemigrations --check, import contracts"
	@echo "make worker  a Celery worker (needs REDIS_URL)"
	@echo "make beat    the Celery scheduler on Redis (needs REDIS_URL)"
	@echo "make bench   the benchmarks in benchmarks/ (needs DATABASE_URL)"

$(STAMP):
	@mkdir -p $(STAMP) var/staticfiles

$(STAMP)/system-runtime: scripts/install-system-packages.sh | $(STAMP)
	@scripts/install-system-packages.sh runtime
	@touch $@

$(STAMP)/system-test: scripts/install-system-packages.sh | $(STAMP)
	@scripts/install-system-packages.sh test
	@touch $@

$(STAMP)/uv: | $(STAMP)
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv>=0.5"
	@touch $@

$(STAMP)/python: pyproject.toml uv.lock $(STAMP)/uv
	$(UV) sync --frozen --quiet
	@touch $@

$(STAMP)/node: package.json package-lock.json | $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMP)/messages: $(PO_FILES) $(STAMP)/python $(STAMP)/system-runtime
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	@touch $@

setup: $(STAMP)/system-runtime $(STAMP)/python $(STAMP)/node $(STAMP)/messages

# DEBUG off on plain HTTP at localhost: HTTPS=0 lets cookies work without TLS; the
# signing key is generated once into var/secret_key (mode 0600).
run worker beat $(STAMP)/static: export DEBUG = 0
run worker beat: export HTTPS ?= 0
run worker beat dev $(STAMP)/static: export SECRET_KEY_FILE ?= $(CURDIR)/var/secret_key
run worker beat: export ALLOWED_HOSTS ?= $(HOST),localhost,127.0.0.1
run dev: export SITE_URL ?= http://$(HOST):$(PORT)

# Without REDIS_URL the web server runs together with a Celery worker and its embedded
# scheduler (-B) on the embedded broker; Ctrl-C stops both (scripts/run_together.py).
# One worker process: SQLite takes one writer at a time, and the filesystem broker one
# consumer.
EMBEDDED_WORKER := celery -A paritrana worker --beat --loglevel=info --concurrency=1 \
	--without-gossip --without-mingle --without-heartbeat \
	--schedule $${VAR_DIR:-var}/celerybeat-schedule
WEB := gunicorn paritrana.wsgi --config deploy/gunicorn_config.py --bind $(HOST):$(PORT)
DEV_WEB := python manage.py runserver $(HOST):$(PORT)

run: setup $(STAMP)/static
	$(MANAGE) prepare_portal --demo
	@echo "Paritrana Portal: http://$(HOST):$(PORT)/  ($$([ -n "$$DATABASE_URL" ] && echo PostgreSQL || echo SQLite), Celery $$([ -n "$$REDIS_URL" ] && echo "via Redis: run make worker and make beat" || echo "worker on the embedded broker"))"
	@if [ -n "$$REDIS_URL" ]; then \
		WEB_CONCURRENCY=$(WEB_CONCURRENCY) $(UV) run --frozen $(WEB); \
	else \
		WEB_CONCURRENCY=$(WEB_CONCURRENCY) $(UV) run --frozen python scripts/run_together.py \
			"$(WEB)" "$(EMBEDDED_WORKER)"; \
	fi

dev: setup
	$(MANAGE) prepare_portal --demo
	@if [ -n "$$REDIS_URL" ]; then \
		$(UV) run --frozen $(DEV_WEB); \
	else \
		$(UV) run --frozen python scripts/run_together.py "$(DEV_WEB)" "$(EMBEDDED_WORKER)"; \
	fi

# Collected (hashed, compressed) again only when the static files or packages change.
$(STAMP)/static: $(shell find static -type f) uv.lock | setup
	$(MANAGE) collectstatic --noinput -v 0
	@touch $@

worker: setup
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run a worker."; exit 2; }
	$(UV) run --frozen celery -A paritrana worker --loglevel=info --concurrency=2

beat: setup
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL to run the scheduler."; exit 2; }
	$(UV) run --frozen celery -A paritrana beat --loglevel=info

# Branch coverage of the apps; fails under [tool.coverage.report] fail_under (95 %).
test: setup $(STAMP)/system-test
	$(UV) run --frozen pytest --cov --cov-report=term-missing:skip-covered

lint: $(STAMP)/python
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy .
	$(MANAGE) makemigrations --check --dry-run
	$(UV) run --frozen lint-imports

format: $(STAMP)/python
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

messages: $(STAMP)/python
	$(MANAGE) makemessages -l id --ignore=.venv --ignore=node_modules --ignore=var --no-obsolete

bench: setup
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to a PostgreSQL server."; exit 2; }
	$(UV) run --frozen python benchmarks/bench_load_regions.py
	$(UV) run --frozen python benchmarks/bench_import.py
	$(UV) run --frozen python benchmarks/bench_engine.py
	$(UV) run --frozen python benchmarks/bench_ranking.py

clean:
	rm -rf $(STAMP) var/staticfiles
