"""`dealercrm kpi` and `dealercrm report monthly`: the same fixture gives the same numbers as the service."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

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
    assert code == 0 and "Website" in text and "€1,000.00" in text and "n/a" in text
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


def test_kpi_of_a_period_across_two_months(
    db: Database, db_path: Path, make_user: Callable[..., Actor]
) -> None:
    """15 March - 14 April: no traceback; the churn months end with 1-14 April; spend pro rata."""
    build_acquisition_world(db, make_user)
    code, text = run("--db", str(db_path), "kpi", "--from", "2026-03-15", "--to", "2026-04-14", "--json")
    assert code == 0
    doc = json.loads(text)
    assert doc["period"] == {"from": "2026-03-15", "to": "2026-04-14"}
    assert doc["churn"]["period"] == {"from": "2026-03-15", "to": "2026-04-14"}
    assert 0 <= doc["churn"]["rate"] <= 1
    channels = {c["channel"]: c for c in doc["channels"]}
    # Website: 1 000 € in March, of which 17 of 31 days are in the period (cumulative rounding).
    assert channels["website"]["spend"] == "548.39"


def test_import_spend_reports_bad_rows_and_exits_1(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dealercrm.cli import main

    good = tmp_path / "depenses.csv"
    good.write_text("mois;canal;montant\n2026-03;Site web;1 234,50\n04/2026;Réseaux sociaux;99,90\n", "utf-8")
    assert main(["--db", str(db_path), "import", "spend", str(good)]) == 0
    assert "2 imported, 0 rejected" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "month,channel,amount\n2026-05,website,10\n2026-05,nowhere,10\n13/2026,social,5\n", "utf-8"
    )
    assert main(["--db", str(db_path), "import", "spend", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "1 imported, 2 rejected" in out
    assert "line 3: 'nowhere' is not a known channel" in out and "line 4: '13/2026' is not a month" in out

    assert main(["--db", str(db_path), "import", "spend", str(tmp_path / "missing.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err
    code, text = run("--db", str(db_path), "kpi", "--from", "2026-03-01", "--to", "2026-05-31", "--json")
    channels = {c["channel"]: c for c in json.loads(text)["channels"]}
    assert channels["website"]["spend"] == "1244.50" and channels["social"]["spend"] == "99.90"


def _claim_and_campaign(db: Database, manager: Actor, salesperson: Actor) -> tuple[int, int]:
    import datetime as dt

    from dealercrm.models.enums import Channel, ClaimCategory, Severity
    from dealercrm.services.claims import ClaimService
    from tests.unit.test_campaign_results import test_results_of_a_hand_computed_dataset as build_dataset
    from tests.unit.test_vehicles_service import add_contact

    build_dataset(db, manager, salesperson)  # campaign 1
    claim = ClaimService(db.session_factory, actor=manager).create(
        contact_id=add_contact(db, last_name="Durand"),
        category=ClaimCategory.BILLING,
        severity=Severity.LOW,
        channel=Channel.PHONE,
        description="Facture en double.",
        now=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
    )
    return claim.row.id, 1


def test_report_claim_and_campaign_write_french_pdfs(
    db: Database, db_path: Path, manager: Actor, salesperson: Actor, tmp_path: Path
) -> None:
    import pypdf

    claim_id, campaign_id = _claim_and_campaign(db, manager, salesperson)
    sheet = tmp_path / "claim.pdf"
    code, text = run(
        "--db", str(db_path), "report", "claim", str(claim_id), "--output", str(sheet), "--copy", "customer"
    )
    assert code == 0 and f"Claim #{claim_id} (customer copy) written" in text
    words = pypdf.PdfReader(sheet).pages[0].extract_text()
    assert "Votre réclamation n°" in words and "Facturation" in words and "Téléphone" in words

    report = tmp_path / "campaign.pdf"
    code, text = run("--db", str(db_path), "report", "campaign", str(campaign_id), "--output", str(report))
    assert code == 0 and report.read_bytes().startswith(b"%PDF") and "written to" in text
    assert "Rapport de campagne" in pypdf.PdfReader(report).pages[0].extract_text()


def test_report_claim_and_campaign_errors_are_sentences(
    db: Database,
    db_path: Path,
    manager: Actor,
    salesperson: Actor,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from dealercrm.cli import main

    _claim_and_campaign(db, manager, salesperson)
    target = tmp_path / "x.pdf"
    assert main(["--db", str(db_path), "report", "claim", "999", "--output", str(target)]) == 1
    assert "No claim #999." in capsys.readouterr().err and not target.exists()
    assert main(["--db", str(db_path), "report", "campaign", "999", "--output", str(target)]) == 1
    assert "No campaign #999." in capsys.readouterr().err and not target.exists()
    # The output may not be the database itself.
    assert main(["--db", str(db_path), "report", "claim", "1", "--output", str(db_path)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db_path), "report", "claim", "abc", "--output", str(target)])
    assert usage.value.code == 2
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db_path), "report", "claim", "1", "--output", str(target), "--copy", "both"])
    assert usage.value.code == 2
