# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres lint install demo screenshots clean dist dist-build dist-check dist-tour

# The suite on a throwaway PostgreSQL server (tests/pgserver.py), or on $$DEALERCRM_TEST_DATABASE_URL's;
# sqlite_only tests are skipped by the fixtures. tests/unit/test_search.py is left out of this run because
# it runs every case on both databases itself, in the first run.
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

## The Linux packages in dist/ (a .deb and a tarball; installer/README.md), then their smoke test.
# The bundle is built in its own venv: the project, PyInstaller, and psycopg[c] rather than the postgres
# extra's psycopg[binary] (the same driver with its C speed-ups, compiled here against the system's libpq:
# needs libpq-dev; the .deb then depends on libpq5 instead of carrying 10 MB of libpq, OpenSSL, Kerberos).
DIST_VENV ?= build/dist-venv
DIST_STAMP := $(DIST_VENV)/.installed
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
DEB := dist/dealercrm_$(VERSION)_amd64.deb

$(DIST_STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(DIST_VENV)
	$(DIST_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DIST_VENV)/bin/python -m pip install --quiet -e . 'psycopg[c]>=3.1,<4' 'pyinstaller>=6.10,<7'
	$(DIST_VENV)/bin/python -m pip uninstall --quiet --yes psycopg-binary
	touch $(DIST_STAMP)

dist-build: $(DIST_STAMP)
	$(DIST_VENV)/bin/python installer/build_linux.py

dist: dist-build
	python3 installer/smoke_test.py $(DEB)

## CI: build, then the smoke test with an upgrade (the same bundle packaged as VERSION+smoke1 installed
## over the first, the database taken one migration back so that it must be upgraded).
dist-check: dist-build
	$(DIST_VENV)/bin/python installer/build_linux.py --no-tarball --bundle installer/build/bundle/dealercrm \
		--version $(VERSION)+smoke1 --out build/dist-newer
	python3 installer/smoke_test.py $(DEB) --newer build/dist-newer/dealercrm_$(VERSION)+smoke1_amd64.deb \
		--downgrade-python $(DIST_VENV)/bin/python

## What the bundle loads (installer/README.md): a bundle with bundle-runner beside the app, in build/tour,
## then installer/gui_tour.py inside it (every area, dialog, PDF, export, import, the purchase model;
## PostgreSQL too with TOUR_PG=postgresql+psycopg://user@host:port/db).
dist-tour: $(DIST_STAMP)
	DEALERCRM_BUNDLE_RUNNER=1 $(DIST_VENV)/bin/python -m PyInstaller --noconfirm --log-level=WARN \
		--workpath build/tour/work --distpath build/tour installer/dealercrm.spec
	build/tour/dealercrm/bundle-runner installer/gui_tour.py $(if $(TOUR_PG),--pg $(TOUR_PG))

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache installer/build dist
