"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, started on a free loopback
port, removed at the end of the session.

The server binaries come from Debian's `postgresql` package (`.ci/run` installs it when `initdb` is
missing); PostgreSQL refuses to run as root, so under root the cluster belongs to the `postgres` system
user that package creates, and the commands run through `runuser`. With
`DEALERCRM_TEST_DATABASE_URL=postgresql+psycopg://USER@HOST:PORT/postgres` the tests use that server
instead (they create and drop their own databases there).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV_URL = "DEALERCRM_TEST_DATABASE_URL"


class NoServer(Exception):
    """No PostgreSQL server binaries on this machine (and no server given)."""


@dataclass
class PgServer:
    url: str  # SQLAlchemy URL of the maintenance database ("postgres")
    folder: Path | None = None  # None: a server we did not start
    bindir: Path | None = None
    run_as: str | None = None
    options: str = ""  # pg_ctl -o: the port, sockets and settings it was started with

    @property
    def ours(self) -> bool:
        """Whether this process started the server (and so may stop and start it again)."""
        return self.folder is not None and self.bindir is not None

    def pause(self) -> None:
        """Stop the server as a restart or an outage would (`-m fast`: sessions are cut), keeping its data."""
        assert self.folder is not None and self.bindir is not None
        _run(self, [str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop"])

    def resume(self) -> None:
        """Start the paused server again, on the same port with the same data."""
        assert self.folder is not None and self.bindir is not None
        _run(
            self,
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-o",
                self.options,
                "-l",
                str(self.folder / "log"),
                "-w",
                "start",
            ],
        )

    def restart(self) -> None:
        self.pause()
        self.resume()

    def stop(self) -> None:
        if self.folder is None or self.bindir is None:
            return
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            _run(
                self,
                [str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"],
            )
        shutil.rmtree(self.folder, ignore_errors=True)


def _bindir() -> Path:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise NoServer(
        "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: apt-get install postgresql"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(server: PgServer, command: list[str]) -> subprocess.CompletedProcess[str]:
    if server.run_as:
        command = ["runuser", "-u", server.run_as, "--", *command]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)


def start(*, own: bool = False, hba: tuple[str, ...] = (), durable: bool = False) -> PgServer:
    """The test server: $DEALERCRM_TEST_DATABASE_URL's when given (unless `own`: tests that stop and start
    the server need one of their own), else a new one. `hba`: pg_hba.conf lines put before the default
    `trust` ones (e.g. a role that must give a password). `durable`: PostgreSQL's default fsync and commit
    settings (for benchmarks) instead of the tests' fast, crash-unsafe ones."""
    given = os.environ.get(ENV_URL)
    if given and not own:
        return PgServer(url=given)
    bindir = _bindir()
    folder = Path(tempfile.mkdtemp(prefix="dealercrm-pg-"))
    run_as = "postgres" if os.geteuid() == 0 else None
    server = PgServer(url="", folder=folder, bindir=bindir, run_as=run_as)
    if run_as:
        shutil.chown(folder, user=run_as)
        folder.chmod(0o700)
    data, sockets = folder / "data", folder / "sockets"
    try:
        _run(server, ["mkdir", "-p", str(sockets)])
        _run(
            server,
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "dealercrm",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        )
        if hba:
            conf = data / "pg_hba.conf"  # written in place: it keeps its owner (the server's user)
            conf.write_text("\n".join(hba) + "\n" + conf.read_text())
        port = _free_port()
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        server.options = options
        _run(
            server,
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "start",
            ],
        )
    except (subprocess.SubprocessError, OSError) as exc:
        log = ""
        with contextlib.suppress(OSError):
            log = (folder / "log").read_text()
        server.stop()
        detail = exc.stderr if isinstance(exc, subprocess.CalledProcessError) else str(exc)
        raise NoServer(f"the test PostgreSQL server did not start: {detail} {log}") from exc
    server.url = f"postgresql+psycopg://dealercrm@127.0.0.1:{port}/postgres"
    return server
