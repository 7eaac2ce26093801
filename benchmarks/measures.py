"""Measurements shared by the benchmarks for issue 16 (workspace.py, kpi.py, scale.py): the contacts
list's first page under every sort, the broad search query set, the dashboard of a month and a year.

Each function takes an open `dealercrm.db.Database` and actors, measures, and returns plain numbers;
none asserts anything. Run alone, this module prints them for a dataset:

    python benchmarks/measures.py [--contacts 100000] [--db FILE] [--json]
"""

from __future__ import annotations

import argparse
import collections
import functools
import gc
import json
import os
import random
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LIST_PAGE = 100  # ui/contacts/table_model.PAGE_SIZE
TARGETS = {
    "sort_page_p95_ms": 10.0,
    "search_broad_p95_ms": 5.0,
    "search_broad_max_ms": 20.0,
    "dashboard_month_ms": 150.0,
    "dashboard_year_ms": 400.0,
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed_ms(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def timed_both(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall ms, this process's CPU ms): SQLite runs in-process, so on a machine shared with other work
    the CPU time is the steadier figure."""
    started, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def print_result(result: dict[str, Any], *, as_json: bool) -> None:
    """A benchmark's figures: with `--json` one JSON object on one line, else the same indented."""
    print(json.dumps(result, ensure_ascii=False, indent=None if as_json else 2))


def target(name: str, measured: float) -> dict[str, Any]:
    """One entry of a benchmark's `targets` object."""
    goal = TARGETS[name]
    return {"measured": round(measured, 2), "target": goal, "met": measured < goal}


def actors(db: Any) -> dict[str, Any]:
    """{"salesperson": julie (or the first salesperson), "manager": marc (or the first manager)}."""
    from sqlalchemy import select

    from dealercrm.models import User
    from dealercrm.services.auth import actor_of

    with db.session_factory() as session:
        users = {u.login: actor_of(u) for u in session.scalars(select(User))}
    julie = users.get("julie") or next(a for a in users.values() if a.role.value == "salesperson")
    marc = users.get("marc") or next(a for a in users.values() if a.role.value == "manager")
    return {"salesperson": julie, "manager": marc}


# --- the contacts list, first page under every sort ------------------------------------------------


def sort_pages(db: Any, people: dict[str, Any], repeat: int = 7) -> dict[str, Any]:
    """The first page (100 rows, as the list fetches it) of the unfiltered contacts list under every
    sort key in both directions, for each actor: median per (actor, key, direction) and the p95 and
    max over all the runs."""
    from dealercrm.services.contacts import SORT_KEYS, ContactFilter, ContactService

    per_sort: dict[str, float] = {}
    every: list[float] = []
    cpus: list[float] = []
    for who, actor in people.items():
        service = ContactService(db.session_factory, actor=actor)
        for key in SORT_KEYS:
            for descending in (False, True):
                filters = ContactFilter(order=key, descending=descending)

                def page(f: ContactFilter = filters, s: ContactService = service) -> Any:
                    return s.list_page(filters=f, after=None, limit=LIST_PAGE)

                page()  # warm
                runs = [timed_both(page) for _ in range(repeat)]
                every += [wall for wall, _ in runs]
                cpus += [cpu for _, cpu in runs]
                per_sort[f"{who}:{key}:{'desc' if descending else 'asc'}"] = round(
                    statistics.median(wall for wall, _ in runs), 2
                )
    return {
        "p95_ms": round(percentile(every, 0.95), 2),
        "max_ms": round(max(every), 2),
        "cpu_p95_ms": round(percentile(cpus, 0.95), 2),
        "median_by_sort_ms": per_sort,
    }


# --- broad search -------------------------------------------------------------------------------


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def broad_queries(session: Any, seed: int = 42) -> list[tuple[str, str]]:
    """(kind, text): 1-3 letter prefixes of the 200 most frequent last and first names; two-word
    combinations of frequent names with a one-letter last word ("de s", "jean d"); phone prefixes
    ("06", "061", "0612 3" ...); the cities; plate prefixes. Seeded: the same set on every run for a
    given dataset."""
    from sqlalchemy import func, select

    from dealercrm.models import Contact, Vehicle

    rng = random.Random(seed)

    def frequent(column: Any, n: int = 200) -> list[str]:
        rows = session.execute(
            select(column, func.count())
            .where(column.is_not(None))
            .group_by(column)
            .order_by(func.count().desc(), column)
            .limit(n)
        )
        return [fold(str(v)) for v, _ in rows]

    last, first = frequent(Contact.last_name), frequent(Contact.first_name)
    queries: set[tuple[str, str]] = set()
    for kind, names in (("last_name", last), ("first_name", first)):
        for name in names:
            for k in (1, 2, 3):
                if len(name) >= k:
                    queries.add((kind, name[:k]))
    letters = "abcdefghijklmnopqrstuvwxyz"
    for _ in range(150):  # "jean d", "de s", "martin j"
        word = rng.choice(last + first).split()[0]
        queries.add(("two_words", f"{word} {rng.choice(letters)}"))
    for a in range(6, 8):
        queries.add(("phone", f"0{a}"))
        for b in range(10):
            queries.add(("phone", f"0{a}{b}"))
            queries.add(("phone", f"0{a}{b}{rng.randrange(10)} {rng.randrange(10)}"))
    for city in frequent(Contact.city, 60):
        queries.add(("city", city))
    plates = session.scalars(
        select(Vehicle.plate).where(Vehicle.plate.is_not(None)).order_by(Vehicle.id).limit(2000)
    ).all()
    for plate in rng.sample(list(plates), min(60, len(plates))):
        compact = plate.replace("-", "").lower()
        queries.add(("plate", compact[: rng.choice((2, 4, 7))]))
    ordered = sorted(queries)
    rng.shuffle(ordered)
    return ordered


def broad_search(db: Any, people: dict[str, Any], queries: list[tuple[str, str]]) -> dict[str, Any]:
    """SearchService.search_contacts (limit 50, the list's search box) over `queries` for each actor:
    p50, p95, max, and p95 by kind, over a second pass (the first pass's max is cold_max_ms)."""
    from dealercrm.services.search import SearchService

    every: list[float] = []
    cpus: list[float] = []
    cold: list[float] = []
    by_kind: dict[str, list[float]] = collections.defaultdict(list)
    cpu_by_kind: dict[str, list[float]] = collections.defaultdict(list)
    slowest: list[tuple[float, str, str]] = []
    slowest_cpu: list[tuple[float, str, str]] = []
    for who, actor in people.items():
        search = SearchService(db.session_factory, actor=actor)
        # One pass first, as a list in use has its pages in cache: the first touch of a prefix's pages
        # (a cold file) is reported apart, as cold_max_ms.
        for _kind, text in queries:
            cold.append(timed_ms(functools.partial(search.search_contacts, query=text, limit=50)))
        # As the app after start-up (dealercrm/startup_gc.py): what is alive now (modules, mappers, the
        # statement cache) lives as long as the process and is frozen, so the collector's passes during
        # a search walk that search's own objects, as in the app, not the benchmark's whole heap.
        gc.collect()
        gc.freeze()
        for kind, text in queries:
            ms, cpu = timed_both(functools.partial(search.search_contacts, query=text, limit=50))
            every.append(ms)
            cpus.append(cpu)
            by_kind[kind].append(ms)
            cpu_by_kind[kind].append(cpu)
            slowest.append((ms, who, text))
            slowest_cpu.append((cpu, who, text))
    slowest.sort(reverse=True)
    slowest_cpu.sort(reverse=True)
    return {
        "queries": len(queries),
        "p50_ms": round(statistics.median(every), 2),
        "p95_ms": round(percentile(every, 0.95), 2),
        "max_ms": round(max(every), 2),
        "cpu_p95_ms": round(percentile(cpus, 0.95), 2),
        "cpu_max_ms": round(max(cpus), 2),
        "cold_max_ms": round(max(cold), 2),
        "p95_by_kind_ms": {k: round(percentile(v, 0.95), 2) for k, v in sorted(by_kind.items())},
        "cpu_p95_by_kind_ms": {k: round(percentile(v, 0.95), 2) for k, v in sorted(cpu_by_kind.items())},
        "slowest": [f"{who} {text!r} {ms:.1f} ms" for ms, who, text in slowest[:8]],
        # On a loaded machine the slowest wall times are runs caught by the load; these are the queries.
        "slowest_cpu": [f"{who} {text!r} {ms:.1f} ms CPU" for ms, who, text in slowest_cpu[:8]],
    }


# --- dashboard ------------------------------------------------------------------------------------


def dashboard(db: Any, repeat: int = 5) -> dict[str, Any]:
    """What benchmarks/kpi.py times: figures, the previous period's summary and the ranking, for the
    last complete month of the data and its year (median wall ms)."""
    from sqlalchemy import func, select

    from dealercrm.models import Sale
    from dealercrm.services.kpi import KpiService, Period
    from dealercrm.services.permissions import SYSTEM_ACTOR

    kpi = KpiService(db.session_factory, actor=SYSTEM_ACTOR)
    with db.session_factory() as session:
        last = session.scalar(select(func.max(Sale.sold_on)))
    month = Period.month(last.year, last.month).previous()
    year = Period.year(month.start.year)

    def run(p: Any) -> None:
        kpi.figures(period=p)
        kpi.summary(period=p.previous())
        kpi.by_salesperson(period=p)

    result: dict[str, Any] = {}
    for name, p in (("month", month), ("year", year)):
        run(p)
        result[f"dashboard_{name}_ms"] = round(
            statistics.median(timed_ms(functools.partial(run, p)) for _ in range(repeat)), 1
        )
    result["month"] = month.iso()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument(
        "--db", type=Path, help="an SQLite file (default: the benchmark dataset); not written"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", choices=("sort", "search", "dashboard"), action="append")
    args = parser.parse_args()
    from dealercrm.db import open_database

    path = args.db
    if path is None:
        from benchmarks.dataset import ensure_dataset  # type: ignore[import-not-found]

        path = ensure_dataset(contacts=args.contacts, seed=42)
    db = open_database(path, create=True)
    people = actors(db)
    only = set(args.only or ("sort", "search", "dashboard"))
    result: dict[str, Any] = {"database": str(path), "load_average": os.getloadavg()}
    targets: dict[str, Any] = {}
    if "sort" in only:
        result["sort_page"] = sort_pages(db, people)
        targets["sort_page_p95_ms"] = target("sort_page_p95_ms", result["sort_page"]["p95_ms"])
    if "search" in only:
        with db.session_factory() as session:
            queries = broad_queries(session)
        result["search_broad"] = broad_search(db, people, queries)
        targets["search_broad_p95_ms"] = target("search_broad_p95_ms", result["search_broad"]["p95_ms"])
        targets["search_broad_max_ms"] = target("search_broad_max_ms", result["search_broad"]["max_ms"])
    if "dashboard" in only:
        result["dashboard"] = dashboard(db)
        for name in ("dashboard_month_ms", "dashboard_year_ms"):
            targets[name] = target(name, result["dashboard"][name])
    db.dispose()
    result["targets"] = targets
    print_result(result, as_json=args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
