#!/usr/bin/env python3
"""Where the contacts search's time goes, statement by statement, and what removing some would give.

    python benchmarks/search_profile.py [--contacts 1000000] [--db FILE] [--walk] [--json]

On the benchmark dataset of that size (benchmarks/.data/, not written), runs SearchService.search_contacts
(limit 50) over benchmarks/measures.py's broad query set, as salesperson and manager, three times a
query, and keeps each query's fastest run with the time of every FTS5 statement db/fts.py ran in it (a
proxy around the driver connection: it adds a constant overhead, so the p95 here sit above measures.py's).
Prints the p95 as it is and as it would be if some statements cost (almost) nothing:

- idf_free: bm25's statements at 0.3 ms (a ranking that needs no count of the phrase's rows);
- bm25_capped: bm25's statements at most 1.5 ms (what an order-only ranking of 150 rows costs);
- count_free: the counts of matches at 0.1 ms.

These are projections from measured times, not measurements of code that exists. `--walk` searches as
when the contacts' word pairs (db/fts_pairs.py) are not current: a word and a letter ("maggie r") walk
the letter's list, as before migration 0025. Issue 16's search section of docs/PERFORMANCE.md gives the
figures and what they mean.
"""

from __future__ import annotations

import argparse
import collections
import gc
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


class _Timed:
    """The driver connection, every execute() timed (rows fetched at once, as db/fts.py does)."""

    def __init__(self, raw: Any, log: list[tuple[float, str, list[str]]]) -> None:
        self._raw, self._log = raw, log

    def execute(self, sql: str, args: tuple[Any, ...] = ()) -> Any:
        started = time.perf_counter()
        rows = self._raw.execute(sql, args).fetchall()
        self._log.append(
            ((time.perf_counter() - started) * 1000, sql, [a for a in args if isinstance(a, str)])
        )
        return _Rows(rows)


class _Rows:
    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows

    def fetchall(self) -> list[Any]:
        return self._rows

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None


def profile(path: Path, *, walk: bool = False) -> list[dict[str, Any]]:
    from benchmarks.measures import actors, broad_queries  # type: ignore[import-not-found]
    from dealercrm.db import fts, fts_pairs, open_database
    from dealercrm.services.search import SearchService

    if walk:  # the file is not written: the pairs are only taken for not current
        fts_pairs.current = lambda _raw: False  # type: ignore[assignment]

    db = open_database(path, create=False)
    people = actors(db)
    with db.session_factory() as session:
        queries = broad_queries(session)
    log: list[tuple[float, str, list[str]]] = []
    driver = fts._driver  # noqa: SLF001 - instrumentation
    fts._driver = lambda connection: _Timed(driver(connection), log)  # type: ignore[assignment]  # noqa: SLF001
    found: list[dict[str, Any]] = []
    try:
        for who, actor in people.items():
            search = SearchService(db.session_factory, actor=actor)
            for _kind, text in queries:
                search.search_contacts(query=text, limit=50)
            gc.collect()
            gc.freeze()
            for kind, text in queries:
                best: tuple[float, list[Any]] | None = None
                for _ in range(3):
                    log.clear()
                    started = time.perf_counter()
                    search.search_contacts(query=text, limit=50)
                    ms = (time.perf_counter() - started) * 1000
                    if best is None or ms < best[0]:
                        best = (ms, list(log))
                assert best is not None
                statements = [{"ms": ms, "sql": sql[:120], "match": args} for ms, sql, args in best[1]]
                found.append(
                    {"who": who, "kind": kind, "query": text, "ms": best[0], "statements": statements}
                )
    finally:
        fts._driver = driver  # type: ignore[assignment]  # noqa: SLF001
        db.dispose()
    return found


def projected(search: dict[str, Any], *, idf: float | None, count: bool) -> float:
    ms = float(search["ms"])
    for statement in search["statements"]:
        cost = float(statement["ms"])
        if idf is not None and "bm25" in statement["sql"]:
            ms -= max(0.0, cost - idf)
        elif count and "count(*)" in statement["sql"]:
            ms -= max(0.0, cost - 0.1)
    return ms


def summary(searches: list[dict[str, Any]]) -> dict[str, Any]:
    times = [s["ms"] for s in searches]
    cut = p95(times)
    by_kind: dict[str, list[float]] = collections.defaultdict(list)
    for s in searches:
        by_kind[s["kind"]].append(s["ms"])
    return {
        "searches": len(searches),
        "p95_ms": round(cut, 2),
        "max_ms": round(max(times), 2),
        "p95_by_kind_ms": {k: round(p95(v), 2) for k, v in sorted(by_kind.items())},
        "above_p95_by_kind": dict(collections.Counter(s["kind"] for s in searches if s["ms"] > cut)),
        "projected_p95_ms": {
            name: round(p95([projected(s, **how) for s in searches]), 2)
            for name, how in {
                "idf_free": {"idf": 0.3, "count": False},
                "bm25_capped": {"idf": 1.5, "count": False},
                "count_free": {"idf": None, "count": True},
                "idf_free_count_free": {"idf": 0.3, "count": True},
            }.items()
        },
        "bm25_capped_max_ms": round(max(projected(s, idf=1.5, count=False) for s in searches), 2),
        "pairs_statements": sum(
            "contacts_pairs_fts" in st["sql"] for s in searches for st in s["statements"]
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument(
        "--db", type=Path, help="an SQLite file (default: the benchmark dataset); not written"
    )
    parser.add_argument("--walk", action="store_true", help="search without the word pairs")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args()
    path = args.db
    if path is None:
        path = ROOT / "benchmarks" / ".data" / f"dealership-{args.contacts // 1000}k.sqlite3"
        if not path.exists():
            print(f"No dataset at {path}: build it with benchmarks/dataset.py first.", file=sys.stderr)
            return 2
    from benchmarks.measures import print_result  # type: ignore[import-not-found]

    found = profile(path, walk=args.walk)
    result = {"database": str(path), "walk": args.walk, "load_average": os.getloadavg(), **summary(found)}
    print_result(result, as_json=args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
