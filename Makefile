# learning-warehouse: two commands on a fresh clone, `make demo` and `make test`.
# Every path below can be overridden on the command line or by the environment.

PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed

# the demo warehouse
DEMO_SCALE  ?= 0.1
SEED        ?= 42
LWH_EXPORTS_DIR    ?= data/exports
LWH_RAW_DIR        ?= data/raw
LWH_WAREHOUSE_PATH ?= warehouse/learning.duckdb
LWH_TEMP_DIR       ?= warehouse/tmp

# the dashboard (Apache Superset, in its own environment) and the docs site
SUPERSET_VENV  ?= .venv-superset
DASHBOARD_PORT ?= 8088
DOCS_PORT      ?= 8080
export LWH_SUPERSET_VENV := $(abspath $(SUPERSET_VENV))

# the small data set `make test` builds and tests
TEST_SCALE  ?= 0.02
TEST_DIR    ?= build/test

export DBT_PROFILES_DIR := $(CURDIR)
export LWH_PROJECT_DIR  := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

DBT := $(BIN)/dbt

.PHONY: install demo test check ruff pytest lint dbt-test metrics dashboard docs browsers postgres java bench bench-generate lock clean help

help:
	@echo "make demo            build the demo warehouse from generated exports ($(LWH_WAREHOUSE_PATH))"
	@echo "make check           the fast check before every commit (Ruff, tests without dbt, codegen --check, macro lint, seam, SQLFluff on changed models; < 3 min)"
	@echo "make test            every check: Ruff, pytest, SQLFluff, dbt build + tests on a small generated data set, MetricFlow"
	@echo "make dashboard       Superset with the dashboards on http://127.0.0.1:$(DASHBOARD_PORT) (user admin, password generated on first start), read-only"
	@echo "make docs            the dbt docs site on http://127.0.0.1:$(DOCS_PORT)"
	@echo "make bench           build benchmark at SCALE (default 1; REPEAT=3 for medians): floor, full build, one more day, memory"
	@echo "make bench-generate  generator throughput at SCALE (default 1)"

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,spark]'
	@touch $(STAMP)

install: $(STAMP)

# The demo's exports end today (so `dbt source freshness` is green); `make test` keeps its fixed
# dates. Each run starts the demo over: it replaces the landing area only if make demo made it.
demo: $(STAMP)
	@if [ -d "$(LWH_RAW_DIR)" ] && [ -n "$$(ls -A "$(LWH_RAW_DIR)")" ] && [ ! -f "$(LWH_RAW_DIR)/.lwh-demo" ]; then \
		echo "make demo: $(LWH_RAW_DIR) is a landing area make demo did not make; set LWH_RAW_DIR to another folder"; exit 1; fi
	rm -rf $(LWH_EXPORTS_DIR) $(LWH_RAW_DIR)
	$(BIN)/lwh generate --scale $(DEMO_SCALE) --seed $(SEED) --out $(LWH_EXPORTS_DIR) --end $$(date -u +%Y-%m-%d)
	$(BIN)/lwh land $(LWH_EXPORTS_DIR) --raw-dir $(LWH_RAW_DIR)
	@touch $(LWH_RAW_DIR)/.lwh-demo
	LWH_RAW_DIR=$(abspath $(LWH_RAW_DIR)) LWH_TEMP_DIR=$(LWH_TEMP_DIR) \
		$(BIN)/lwh build --warehouse $(LWH_WAREHOUSE_PATH) --fresh --fail-fast
	@$(BIN)/lwh info --warehouse $(LWH_WAREHOUSE_PATH)

test: $(STAMP) browsers postgres java ruff pytest lint dbt-test metrics

# headless Chromium for the dashboard and docs tests (Debian packages; installed when missing and
# apt-get can run, as on CI; the tests skip with the reason otherwise)
browsers:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; \
	else echo "make browsers: chromium and chromium-driver are missing and cannot be installed here (the browser tests will skip)"; fi

# PostgreSQL for the `lwh pull learnamp` tests, which start their own server in a temporary folder
# (the Debian package; installed when missing and apt-get can run, as on CI; the tests skip with
# the reason otherwise)
postgres:
	@if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null; \
	else echo "make postgres: PostgreSQL is missing and cannot be installed here (the lwh pull learnamp tests will skip)"; fi

# Java for the `spark` target's local Spark (tests/python/project/test_spark.py; the Debian package,
# installed when missing and apt-get can run, as on CI; the tests skip with the reason otherwise)
java:
	@if command -v java >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		mkdir -p /usr/share/man/man1 && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null; \
	else echo "make java: Java is missing and cannot be installed here (the Spark tests will skip)"; fi

# the Python linter over every Python folder (settings in pyproject.toml, [tool.ruff])
ruff: $(STAMP)
	$(BIN)/ruff check src tests dashboard

pytest: $(STAMP)
	$(BIN)/pytest -q

# Lint: SQLFluff on the models, analyses and data tests; lwh.devtools.macro_lint on the macros (SQLFluff
# renders a macro file to nothing); lwh.devtools.engine_seam: no DuckDB-only SQL outside macros/adapters/.
# SQLFluff never depends on local state: pass 1 renders every model as a first build does (an empty
# warehouse, nothing landed); pass 2 renders the incremental branch of every incremental model
# and the landing-log branch of its test (LWH_LINT_INCREMENTAL_BRANCH, for the linter only).
LINT_DIR := build/lint
LINT_SETUP := rm -rf $(LINT_DIR) && mkdir -p $(LINT_DIR)/raw-empty $(LINT_DIR)/raw-log && \
	touch $(LINT_DIR)/raw-log/_landing_log.jsonl
LINT_PASS_1 := LWH_LINT=1 LWH_WAREHOUSE_PATH=$(LINT_DIR)/empty.duckdb LWH_RAW_DIR=$(abspath $(LINT_DIR))/raw-empty \
	$(BIN)/sqlfluff lint
LINT_PASS_2 := LWH_LINT=1 LWH_WAREHOUSE_PATH=$(LINT_DIR)/empty.duckdb LWH_RAW_DIR=$(abspath $(LINT_DIR))/raw-log \
	LWH_LINT_INCREMENTAL_BRANCH=1 $(BIN)/sqlfluff lint
lint: $(STAMP)
	$(LINT_SETUP)
	$(LINT_PASS_1) models macros analyses tests/dbt
	$(LINT_PASS_2) models macros analyses tests/dbt
	$(BIN)/python -m lwh.devtools.macro_lint
	$(BIN)/python -m lwh.devtools.engine_seam

# The check a contributor runs before every commit (CONTRIBUTING.md, "Which check when"): Ruff,
# every Python test that does not run dbt (unit tests and the light integration tests),
# `lwh codegen --check`, the macro lint, the engine-seam check and SQLFluff on
# the SQL files changed since the branch left main (or since the last commit when there is no
# main to compare with), committed or not; the incremental ones in both passes of `make lint`.
# Under 3 minutes on 2 cores; `make test` is everything.
CHECK_BASE ?= $(shell git merge-base HEAD origin/main 2>/dev/null || git merge-base HEAD main 2>/dev/null || echo HEAD)
check: $(STAMP)
	@started=$$(date +%s); \
	$(BIN)/ruff check src tests dashboard && \
	$(BIN)/pytest -q -p no:cacheprovider -m "not dbt" && \
	$(BIN)/lwh codegen --check && \
	$(BIN)/python -m lwh.devtools.macro_lint && \
	$(BIN)/python -m lwh.devtools.engine_seam || { echo "make check: FAILED after $$(( $$(date +%s) - started )) s"; exit 1; }; \
	changed=$$( { git diff --name-only --diff-filter=d $(CHECK_BASE) -- models analyses tests/dbt; \
	              git ls-files --others --exclude-standard -- models analyses tests/dbt; } | grep '\.sql$$' | sort -u); \
	if [ -n "$$changed" ]; then \
		$(LINT_SETUP) && $(LINT_PASS_1) $$changed || exit 1; \
		incremental=$$(grep -l -e incremental -e landing_log $$changed); \
		if [ -n "$$incremental" ]; then $(LINT_PASS_2) $$incremental || exit 1; fi; \
	else echo "make check: no changed SQL file to lint (base $(CHECK_BASE))"; fi; \
	echo "make check: passed in $$(( $$(date +%s) - started )) s"

dbt-test: $(STAMP)
	rm -rf $(TEST_DIR)
	$(BIN)/lwh generate --scale $(TEST_SCALE) --seed 7 --out $(TEST_DIR)/exports --quiet
	$(BIN)/lwh land $(TEST_DIR)/exports --raw-dir $(TEST_DIR)/raw
	LWH_RAW_DIR=$(abspath $(TEST_DIR))/raw LWH_TEMP_DIR=$(TEST_DIR)/tmp \
		$(BIN)/lwh build --warehouse $(TEST_DIR)/learning.duckdb --fail-fast
	$(BIN)/python -m lwh.devtools.verify_sources --exports $(TEST_DIR)/exports --raw-dir $(TEST_DIR)/raw

# The semantic layer (models/marts/_marts__semantic_models.yml, _marts__metrics.yml): MetricFlow
# checks the semantic models and metrics, then each dimension, entity, measure and metric against
# the warehouse dbt-test built. mf reads target/semantic_manifest.json (dbt parse writes it) and
# queries the warehouse the profile names (LWH_WAREHOUSE_PATH) through its `reader` target.
METRICS_ENV = LWH_RAW_DIR=$(abspath $(TEST_DIR))/raw LWH_WAREHOUSE_PATH=$(TEST_DIR)/learning.duckdb LWH_TEMP_DIR=$(TEST_DIR)/tmp LWH_TARGET=reader
metrics: $(STAMP) dbt-test
	$(METRICS_ENV) $(DBT) parse --quiet
	$(METRICS_ENV) $(BIN)/mf validate-configs

dashboard: $(STAMP)
	$(BIN)/lwh dashboard --warehouse $(LWH_WAREHOUSE_PATH) --port $(DASHBOARD_PORT)

docs: $(STAMP)
	$(BIN)/lwh docs --warehouse $(LWH_WAREHOUSE_PATH) --raw-dir $(LWH_RAW_DIR) --port $(DOCS_PORT)

bench: $(STAMP)
	$(BIN)/python -m lwh.devtools.bench --scale $(or $(SCALE),1) --seed $(SEED) --repeat $(or $(REPEAT),1)

bench-generate: $(STAMP)
	$(BIN)/lwh generate --scale $(or $(SCALE),1) --seed $(SEED) --out build/bench/exports-$(or $(SCALE),1)

lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^learning-warehouse' > constraints.txt.new
	@(echo "# Exact versions of every package (direct and transitive) that the project was tested with."; \
	  echo "# Used as pip constraints by 'make install'; regenerate with 'make lock'."; cat constraints.txt.new) > constraints.txt
	@rm constraints.txt.new

clean:
	rm -rf target logs build $(LWH_EXPORTS_DIR) $(LWH_RAW_DIR) $(LWH_WAREHOUSE_PATH) $(LWH_TEMP_DIR) $(SUPERSET_VENV) .superset
