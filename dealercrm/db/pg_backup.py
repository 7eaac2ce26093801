"""Backups of a shared PostgreSQL database with PostgreSQL's own tools: `pg_dump -Fc` writes a
consistent archive (one snapshot, while others keep working), `pg_restore --list` verifies that the
archive reads back whole, and `pg_restore --single-transaction --clean` brings one back (all or nothing).

The tools come with the PostgreSQL client (Debian: `postgresql-client`; Windows: the command-line tools
of the PostgreSQL installer). pg_dump refuses a server newer than itself, so its version is checked first
and the message says what to install. The password (the URL's, else the keyring's) goes to the tools
through their environment (PGPASSWORD), never through a file of ours or the command line; `.pgpass` works too.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

from dealercrm.db.engine import DatabaseError
from dealercrm.db.paths import written_in_full
from dealercrm.i18n import _

TIMEOUT_SECONDS = 3600


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    raise DatabaseError(
        _(
            "Backups of a PostgreSQL database need PostgreSQL's {name}, which is not "
            "installed here (Debian/Ubuntu: apt install postgresql-client; Windows: the "
            "PostgreSQL installer's command-line tools)."
        ).format(name=name)
    )


def _major(version_text: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    return int(match.group(1)) if match else 0


def _environment(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    if url.host:
        env["PGHOST"] = url.host
    if url.port:
        env["PGPORT"] = str(url.port)
    if url.username:
        env["PGUSER"] = url.username
    from dealercrm.db.postgres import password_for

    password = password_for(url)  # the URL's, one typed this session, or the keyring's; else .pgpass
    if password:
        env["PGPASSWORD"] = password
    sslmode = url.query.get("sslmode")
    if isinstance(sslmode, str):
        env["PGSSLMODE"] = sslmode
    if url.database:
        env["PGDATABASE"] = url.database
    env.setdefault("PGAPPNAME", "dealercrm-backup")
    return env


def _run(command: list[str], url: URL) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            command,
            env=_environment(url),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=True,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or exc.stdout or "").strip().splitlines()
        raise DatabaseError(
            _("{name} failed: {detail}").format(
                name=Path(command[0]).name, detail=detail[-1] if detail else exc
            )
        ) from exc
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DatabaseError(
            _("{name} could not run: {exc}").format(name=Path(command[0]).name, exc=exc)
        ) from exc


def check_client(engine: Engine) -> str:
    """The pg_dump to use; DatabaseError when it is missing or older than the server."""
    pg_dump = _tool("pg_dump")
    client = _major(_run([pg_dump, "--version"], engine.url).stdout)
    with engine.connect() as conn:
        server = int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000
    if client < server:
        raise DatabaseError(
            _(
                "pg_dump {client} cannot back up a PostgreSQL {server} server: install the "
                "PostgreSQL {server} client tools (or newer)."
            ).format(client=client, server=server)
        )
    return pg_dump


def backup(engine: Engine, target: Path) -> Path:
    """A verified `pg_dump -Fc` archive of the database at `target` (written beside it, then renamed)."""
    pg_dump = check_client(engine)
    target = target.expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with written_in_full(target) as partial:
        _run([pg_dump, "--format=custom", "--no-owner", f"--file={partial}"], engine.url)
        verify(engine.url, partial)
    return target


def verify(url: URL, archive: Path) -> None:
    """The archive reads back whole: its table of contents lists the tables and their data."""
    listing = _run([_tool("pg_restore"), "--list", str(archive)], url).stdout
    if "TABLE DATA" not in listing or "alembic_version" not in listing:
        raise DatabaseError(_("{archive} is not a complete dealercrm backup.").format(archive=archive))


def stored_revision(url: URL, archive: Path) -> str | None:
    """The schema revision recorded in an archive (its alembic_version data)."""
    data = _run(
        [_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(archive)], url
    ).stdout
    lines = data.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and i + 1 < len(lines):
            value = lines[i + 1].strip()
            return None if value == "\\." else value
    return None


def restore(url: URL, archive: Path) -> None:
    """Bring `archive` back into the database, all or nothing (one transaction)."""
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={url.database}",
            str(archive),
        ],
        url,
    )


def other_connections(engine: Engine) -> list[str]:
    """The application names (dealercrm:USER@WORKSTATION) of the other connections to this database."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT DISTINCT coalesce(nullif(application_name, ''), usename || '@' || "
                "coalesce(host(client_addr), 'local')) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'"
            )
        ).scalars()
        return sorted(str(r) for r in rows)
