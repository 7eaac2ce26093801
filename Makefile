# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres lint install demo screenshots clean

# The suite on a throwaway PostgreSQL server (tests/pgserver.py), or on $$DEALERCRM_TEST_DATABASE_URL's.
# tests/unit/test_search.py is left out until the pgsearch branch brings PostgreSQL full-text search (its
# tests need FTS5 or FullTextUnavailable's replacement); sqlite_only tests are skipped by the fixtures.
PG_PYTEST := QT_QPA_PLATFORM=offscreen $(PY) -m pytest --db-backend=postgresql --ignore=tests/unit/test_search.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Install and open the app (SQLite in the user data directory; first start offers demo data).
run: $(STAMP)
	$(VENV)/bin/dealercrm

## Install and run every test, plus lint and type checks: on SQLite, then on a throwaway PostgreSQL server.
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy dealercrm
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest
	$(PG_PYTEST)

## The tests on PostgreSQL only.
test-postgres: $(STAMP)
	$(PG_PYTEST)

demo: $(STAMP)
	$(VENV)/bin/dealercrm demo

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
