"""`dealercrm kpi` and `dealercrm report monthly`: the same fixture gives the same numbers as the service."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable
from pathlib import Path

from dealercrm import cli_kpi
from dealercrm.db import Database
from dealercrm.services.permissions import Actor
from tests.unit.test_kpi_figures import build_acquisition_world


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dealercrm")
    parser.add_argument("--db")
    parser.add_argument("--lang")
    cli_kpi.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(list(argv))


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli_kpi.run(parse(*argv), out=out)
    return code, out.getvalue()


def test_kpi_json_gives_the_hand_computed_figures(
    db: Database, db_path: Path, make_user: Callable[..., Actor]
) -> None:
    build_acquisition_world(db, make_user)
    code, text = run("--db", str(db_path), "kpi", "--from", "2026-03-01", "--to", "2026-03-31", "--json")
    assert code == 0
    doc = json.loads(text)
    assert doc["version"] == 1 and doc["period"] == {"from": "2026-03-01", "to": "2026-03-31"}
    assert doc["summary"]["vehicles_sold"] == 2 and doc["summary"]["margin"] == "3000.00"
    assert doc["cac"] == "1500.00"
    assert abs(doc["conversion"] - 1 / 3) < 1e-6
    assert doc["churn"]["active_at_start"] == 3 and abs(doc["churn"]["rate"] - 1 / 3) < 1e-6
    channels = {c["channel"]: c for c in doc["channels"]}
    assert channels["website"]["cac"] == "1000.00" and channels["website"]["conversion"] == 0.5
    assert channels["walk_in"]["cac"] is None  # n/a
    assert doc["clv"]["historical"] == "1094.00" and doc["clv"]["predictive"] == "3270.00"
    assert doc["loyalty"]["repeat_rate"] == 0.2
    campaigns = {c["name"]: c for c in doc["campaigns"]}
    assert campaigns["X"]["roi"] == 4.0 and campaigns["Y"]["cost_per_sale"] == "100.00"
    assert doc["aftersales"]["mean_hours_to_resolution"] == 42.0
    assert [s["count"] for s in doc["funnel"]] == [4, 3, 2, 1, 1]
    assert "rows" not in doc


def test_kpi_by_channel_and_salesperson(db: Database, db_path: Path, make_user: Callable[..., Actor]) -> None:
    build_acquisition_world(db, make_user)
    code, text = run(
        "--db", str(db_path), "kpi", "--from", "2026-03-01", "--to", "2026-03-31", "--by", "channel"
    )
    assert code == 0 and "website" in text and "€1,000.00" in text and "n/a" in text
    code, text = run(
        "--db",
        str(db_path),
        "kpi",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--by",
        "salesperson",
        "--json",
    )
    rows = json.loads(text)["rows"]
    assert rows[0]["display_name"] == "Julie Martin" and rows[0]["sales"] == 1


def test_kpi_bad_period_is_a_usage_error(db_path: Path) -> None:
    assert run("--db", str(db_path), "kpi", "--from", "2026-03-31", "--to", "2026-03-01")[0] == 2


def test_report_monthly_writes_a_pdf(
    db: Database, db_path: Path, make_user: Callable[..., Actor], tmp_path: Path
) -> None:
    build_acquisition_world(db, make_user)
    target = tmp_path / "march.pdf"
    code, text = run(
        "--db", str(db_path), "report", "monthly", "2026-03", "--output", str(target), "--lang", "en"
    )
    assert code == 0 and target.read_bytes().startswith(b"%PDF") and "2026-03" in text
