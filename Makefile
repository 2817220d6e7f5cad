# finsup: `make run` serves the platform (gunicorn and the background worker), `make test` runs the whole
# suite (after ruff and the import contracts of pyproject.toml), `make bench` the benchmarks.
# All bootstrap a virtual environment from the locked dependencies on first use; `run` and `test` first
# install the Debian packages they need (bin/setup-system: as root it installs, otherwise it says how).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test serve setup system-run system-test lint lock messages clean bench bench-loans bench-rulebook bench-web bench-graph

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "finsup needs Python 3.11"' \
	  || { echo "finsup needs Python 3.11 (python3 --version)"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: run bin/setup-system run (as root)"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

# The Debian packages (bin/setup-system holds the one list): what serving needs, and what the tests need.
system-run:
	@PYTHON=$(PYTHON) FINSUP_SETUP_AGAIN="make run" bin/setup-system run

system-test:
	@PYTHON=$(PYTHON) FINSUP_SETUP_AGAIN="make test" bin/setup-system test

setup: system-run $(STAMP)
	@mkdir -p var
	$(BIN)/finsup migrate --noinput -v0
	$(BIN)/finsup demo load --if-empty
	$(BIN)/finsup collectstatic --noinput -v0

run: setup serve

# gunicorn (threaded workers sized for the cores: src/finsup/config/gunicorn.py) and the background worker
# (the PDFs of signed-off documents, `finsup db_worker`) as one pair:
# Ctrl-C stops both, and when gunicorn ends (a port in use) the worker is stopped too.
serve:
	@echo "finsup: http://$(HOST):$(PORT)/  (demo logins: see README.md)"
	@$(BIN)/finsup db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn finsup.config.wsgi:application -c python:finsup.config.gunicorn --bind $(HOST):$(PORT) --timeout 120 --access-logfile - --forwarded-allow-ips=127.0.0.1

test: system-test $(STAMP)
	$(BIN)/finsup makemigrations --check --dry-run -v0
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks (not part of `make test`): SQLite, then PostgreSQL when BENCH_POSTGRES names a scratch
# database to create and drop, or DATABASE_URL names a PostgreSQL server (scratch database finsup_bench).
bench: $(STAMP)
	$(BIN)/python benchmarks/filings.py --engine sqlite
	@pg="$${BENCH_POSTGRES:-}"; \
	if [ -z "$$pg" ] && [ "$${DATABASE_URL#postgres}" != "$${DATABASE_URL:-}" ]; then \
	  pg="$$(printf '%s' "$$DATABASE_URL" | sed -E 's#/[^/]*$$#/finsup_bench#')"; fi; \
	if [ -n "$$pg" ]; then $(BIN)/python benchmarks/filings.py --engine postgres --postgres "$$pg"; \
	else echo "PostgreSQL skipped: set BENCH_POSTGRES=postgres://…/<scratch db> or DATABASE_URL=postgres://…"; fi

# The loan benchmark (benchmarks/loans.py): 10 M generated loans, scratch data under /tmp/finsup-bench-loans
# (about 2 GB, reused between runs; BENCH_LOANS_WORKDIR to move it). BENCH_LOANS=1000000 for a quicker run.
bench-loans: $(STAMP)
	$(BIN)/python benchmarks/loans.py --loans $${BENCH_LOANS:-10000000}

# The rulebook engine before and after a change (benchmarks/rulebook.py), interleaved in the same run:
# BEFORE = the commit BENCH_BEFORE (default 666133a), AFTER = the working tree; 10,000 filings and the loans
# of bench-loans (same data directory, BENCH_LOANS=1000000 for a quicker run). BENCH_RULES_DIR: AFTER's rules.
bench-rulebook: $(STAMP)
	$(BIN)/python benchmarks/rulebook.py --before $${BENCH_BEFORE:-666133a} --loans $${BENCH_LOANS:-10000000} \
	  $${BENCH_RULES_DIR:+--rules-dir "$$BENCH_RULES_DIR"}

# The web under load (benchmarks/web.py): 50 logged-in users on the main pages and API lists, gunicorn as
# `make run` serves it against the former 3 synchronous workers, on PostgreSQL at 1× and 10× the demo's
# filings (scratch databases finsup_web_1x/10x on BENCH_POSTGRES_SERVER, default the local server).
bench-web: $(STAMP)
	$(BIN)/python benchmarks/web.py

# The ownership graph (benchmarks/graph.py, issue 20): build from a 10,000-party registry and the loans of
# bench-loans (same data directory; BENCH_LOANS=1000000 for a quicker run), resolve every controller and
# group against a SQL recursive CTE and networkx, one stake changed. SQLite, then PostgreSQL when
# BENCH_POSTGRES (a database to create and drop) or a PostgreSQL DATABASE_URL (finsup_bench_graph) is set.
bench-graph: $(STAMP)
	$(BIN)/python benchmarks/graph.py --loans $${BENCH_LOANS:-10000000}
	@pg="$${BENCH_POSTGRES:-}"; \
	if [ -z "$$pg" ] && [ "$${DATABASE_URL#postgres}" != "$${DATABASE_URL:-}" ]; then \
	  pg="$$(printf '%s' "$$DATABASE_URL" | sed -E 's#/[^/]*$$#/finsup_bench_graph#')"; fi; \
	if [ -n "$$pg" ]; then $(BIN)/python benchmarks/graph.py --loans $${BENCH_LOANS:-10000000} --database-url "$$pg"; \
	else echo "PostgreSQL skipped: set BENCH_POSTGRES=postgres://…/<scratch db> or DATABASE_URL=postgres://…"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo

# Regenerate the lock file after changing pyproject.toml (needs `uv` on the PATH).
lock:
	uv pip compile pyproject.toml --extra test --extra spark --extra bench --generate-hashes --python-version 3.11 -q -o requirements.lock

# Extract new strings into the zh-Hans catalogue (needs gettext) and compile it.
messages: $(STAMP)
	cd src/finsup && ../../$(BIN)/finsup makemessages -l zh_Hans --no-obsolete --no-location -i "static/vendor/*"
	cd src/finsup && ../../$(BIN)/finsup compilemessages

clean:
	rm -rf $(VENV) var
