#!/usr/bin/env python3
"""A throwaway PostgreSQL 15 server for the benchmarks, under /tmp, for `--db postgresql+psycopg://...`.

    python benchmarks/pgserver.py start [--fast]   # prints the server's URL (database "postgres")
    python benchmarks/pgserver.py url              # the running one's URL
    python benchmarks/pgserver.py stop             # stops it and removes its folder

It is tests/pgserver.py's server (initdb in a temporary folder, a free loopback port, trust
authentication; as root it runs as the `postgres` system user through runuser, since PostgreSQL refuses
to run as root), left running between commands: its URL and folder are kept in
benchmarks/.data/pgserver.json. By default it keeps PostgreSQL's durable settings (fsync, synchronous
commit, full-page writes), as a dealership's server would; `--fast` turns them off as the tests do.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / "benchmarks" / ".data" / "pgserver.json"
sys.path.insert(0, str(ROOT))

from tests import pgserver  # noqa: E402 - after the path is set


def database_url(server_url: str, database: str) -> str:
    """The URL of `database` on the server whose maintenance URL is `server_url`."""
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=database).render_as_string(hide_password=False)


def server_cpu_seconds(url: str) -> float | None:
    """CPU seconds the benchmark server's processes have used so far (the postmaster's reaped children,
    its live children, itself), read from /proc; None when `url` is not the running benchmark server's
    or /proc cannot tell. The difference over a measurement is the server's share of its work, which the
    wall time on a shared machine does not show."""
    import os

    from sqlalchemy.engine import make_url

    if not STATE.exists():
        return None
    state = json.loads(STATE.read_text())
    if make_url(state["url"]).port != make_url(url).port:
        return None
    try:
        postmaster = int((Path(state["folder"]) / "data" / "postmaster.pid").read_text().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")

        def stat(pid: int | str) -> list[str]:
            text = Path(f"/proc/{pid}/stat").read_text()
            return text[text.rindex(")") + 2 :].split()

        own = stat(postmaster)
        total = sum(int(x) for x in own[11:15])  # utime, stime, cutime, cstime
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = stat(entry)
                except OSError:
                    continue
                if int(fields[1]) == postmaster:
                    total += int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return None
    return total / ticks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("command", choices=("start", "url", "stop"))
    parser.add_argument("--fast", action="store_true", help="fsync and synchronous commit off (as the tests)")
    args = parser.parse_args(argv)
    state = json.loads(STATE.read_text()) if STATE.exists() else None
    if args.command == "url":
        if state is None:
            print("No benchmark server is running: python benchmarks/pgserver.py start", file=sys.stderr)
            return 1
        print(state["url"])
        return 0
    if args.command == "stop":
        if state is None:
            return 0
        server = pgserver.PgServer(
            url=state["url"],
            folder=Path(state["folder"]),
            bindir=Path(state["bindir"]),
            run_as=state["run_as"],
        )
        server.stop()
        STATE.unlink()
        return 0
    if state is not None:
        print(state["url"])
        return 0
    try:
        server = pgserver.start(durable=not args.fast)
    except pgserver.NoServer as exc:
        print(exc, file=sys.stderr)
        return 1
    STATE.parent.mkdir(parents=True, exist_ok=True)
    STATE.write_text(
        json.dumps(
            {
                "url": server.url,
                "folder": str(server.folder),
                "bindir": str(server.bindir),
                "run_as": server.run_as,
                "durable": not args.fast,
            }
        )
        + "\n"
    )
    print(server.url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
