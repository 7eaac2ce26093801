"""Which database the suite runs on (`--db-backend`, see tests/conftest.py), for markers."""

from __future__ import annotations

import pytest

# pytest evaluates a string condition with `config` at hand, once options are parsed.
ON_POSTGRESQL = "config.getoption('--db-backend') == 'postgresql'"

# Tests that fail on PostgreSQL only because full-text search raises FullTextUnavailable there: the
# pgsearch branch brings PostgreSQL search; remove the marker from each test it makes pass.
needs_pg_search = pytest.mark.xfail(ON_POSTGRESQL, reason="PostgreSQL search: pgsearch branch", strict=False)
