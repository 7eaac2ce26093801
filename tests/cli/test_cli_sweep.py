"""The bad-input sweep (benchmarks/cli_sweep.py), its quick cases in-process: every known way the command
line used to print a traceback now exits with its documented code and a sentence."""

from __future__ import annotations

import importlib.util
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dealercrm.cli import main
from dealercrm.db import sqlite

ROOT = Path(__file__).resolve().parents[2]


def _load_sweep() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_sweep", ROOT / "benchmarks" / "cli_sweep.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


SWEEP = _load_sweep()
QUICK = [case for case in SWEEP.CASES if case.quick]
# The reproductions that printed a traceback before: each must stay among the quick cases.
KNOWN = {
    "kpi from year 1",
    "report year 9999",
    "undo 1e30",
    "export ids 1e30",
    "import a fake workbook",
    "--db unknown dialect: user list",
    "--db postgresql, no driver or no server: user list",
    "--db postgresql+psycopg, no driver or no server: kpi",
    "gdpr erase on a locked database",
    "user add on a locked database",
    "user list, reader gone",
    "gdpr erase, VACUUM on a damaged page",
    "report onto the database",
    "export onto a database named .csv",
}


class _GoneReader(io.StringIO):
    """Standard output whose reader went away (`| head`)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    folder = tmp_path_factory.mktemp("sweep")
    db = folder / "demo.db"
    assert main(["--db", str(db), "demo", "--contacts", "200"]) == 0
    placeholders: dict[str, str] = SWEEP.prepare(folder, db)
    locker = SWEEP.hold_lock(placeholders["locked"])
    try:
        yield placeholders
    finally:
        SWEEP.release_lock(locker)


def test_the_known_reproductions_are_quick_cases() -> None:
    assert KNOWN <= {case.name for case in QUICK}
    assert 20 <= len(QUICK) <= 30
    assert len(SWEEP.CASES) >= 150


@pytest.mark.parametrize("case", QUICK, ids=[case.name for case in QUICK])
def test_quick_case(
    case: Any,
    files: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A locked database gives up after 0.2 s instead of 5.
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 200)
    pragmas = tuple(p.replace("busy_timeout = 5000", "busy_timeout = 200") for p in sqlite.CONNECTION_PRAGMAS)
    monkeypatch.setattr(sqlite, "CONNECTION_PRAGMAS", pragmas)
    monkeypatch.setattr(sys, "stdin", io.StringIO(case.stdin))
    if "no driver" in case.name:  # whether or not this venv has them, the drivers are missing here
        for driver in ("psycopg", "psycopg2", "MySQLdb"):
            monkeypatch.setitem(sys.modules, driver, None)
    if case.stdout == "closed":
        monkeypatch.setattr(sys, "stdout", None)
    elif case.stdout == "broken":
        monkeypatch.setattr(sys, "stdout", _GoneReader())
    try:
        code = main(SWEEP.expand(case, files, tmp_path))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == case.expect, err
    for line in err.splitlines():
        if line.startswith("dealercrm"):
            assert line.rstrip().endswith((".", "!", "?")), line
    if case.stdout == "broken":
        assert err == ""  # quietly, as Unix tools do
    if code in (1, 3) and case.stdout == "normal":
        assert err.startswith("dealercrm: ") and err.count("\n") == 1, err  # one sentence


def test_the_postgres_message_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    assert main(["--db", "postgresql://u@localhost/crm", "user", "list"]) == 3
    assert "pip install 'dealercrm[postgres]'" in capsys.readouterr().err


def test_wait_is_parsed_for_restore_and_upgrade() -> None:
    from dealercrm.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["db", "restore", "f.sqlite3"]).wait == 10.0
    assert parser.parse_args(["db", "restore", "f.sqlite3", "--wait", "2.5"]).wait == 2.5
    assert parser.parse_args(["db", "upgrade", "--wait", "0"]).wait == 0.0
    with pytest.raises(SystemExit):
        parser.parse_args(["db", "upgrade", "--wait", "-1"])
