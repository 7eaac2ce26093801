"""SMS campaigns: the outbox CSV provider, the HTTP provider against a local http.server (127.0.0.1),
STOP mention, retries, resume without duplicates, consent and suppression at send time."""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from dealercrm.db import Database
from dealercrm.models.enums import CampaignKind, CampaignObjective, Lifecycle
from dealercrm.services.campaigns import CampaignBuilder, CampaignDraft
from dealercrm.services.messaging import (
    CampaignSender,
    HttpSmsProvider,
    OutboxCsvProvider,
    RecipientStatus,
    SendOptions,
    with_stop_mention,
)
from dealercrm.services.permissions import Actor
from dealercrm.services.suppression import SuppressionService
from tests.unit.test_compliance import NOW, person

FAST = SendOptions(throttle_seconds=0.0, retries=2, retry_wait_seconds=0.0, now=lambda: NOW)


def sms_campaign(db: Database, marketing: Actor, n: int = 3) -> tuple[int, list[int]]:
    contacts = [
        person(db, lifecycle=Lifecycle.CUSTOMER, first_name=f"Marc{i}", mobile=f"+3361000000{i}")
        for i in range(n)
    ]
    builder = CampaignBuilder(db.session_factory, actor=marketing)
    campaign = builder.save(
        draft=CampaignDraft(
            name="CT -20 %",
            kind=CampaignKind.SMS,
            objective=CampaignObjective.SERVICE_REMINDER,
            starts_on=NOW.date(),
            filters={"lifecycle": ["customer"]},
            body="Bonjour {prenom}, -20 % sur le contrôle technique ce mois-ci.",
        )
    ).id
    builder.freeze(campaign_id=campaign, now=NOW)
    return campaign, contacts


def test_stop_mention() -> None:
    assert with_stop_mention("Promo").endswith("STOP au 36180")
    assert with_stop_mention("Promo. Stop au 36180") == "Promo. Stop au 36180"
    # "Non-stop" is no opt-out mention: the real one is added.
    assert with_stop_mention("Ouvert non-stop samedi") == "Ouvert non-stop samedi STOP au 36180"
    assert with_stop_mention("Répondez STOP") == "Répondez STOP STOP au 36180"


def test_outbox_csv_provider_and_resume(db: Database, marketing: Actor, tmp_path: Path) -> None:
    campaign, _contacts = sms_campaign(db, marketing, n=3)
    SuppressionService(db.session_factory, actor=marketing).add(value="06 10 00 00 02", reason="STOP")
    outbox = tmp_path / "outbox.csv"
    sender = CampaignSender(db.session_factory, actor=marketing)
    report = sender.send_sms(
        campaign_id=campaign, provider=OutboxCsvProvider(outbox, sender="GARAGE"), options=FAST
    )
    assert (report.count(RecipientStatus.SENT), report.count(RecipientStatus.SKIPPED)) == (2, 1)
    again = sender.send_sms(campaign_id=campaign, provider=OutboxCsvProvider(outbox), options=FAST)
    assert again.results == () and again.already_sent == 2
    rows = list(csv.reader(outbox.open(encoding="utf-8"), delimiter=";"))
    assert rows[0] == ["phone", "message", "sender", "reference", "created_at"]
    assert [r[0] for r in rows[1:]] == ["+33610000000", "+33610000001"]
    assert rows[1][1] == "Bonjour Marc0, -20 % sur le contrôle technique ce mois-ci. STOP au 36180"


class Gateway(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []
    failures_left = 0

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if Gateway.failures_left:
            Gateway.failures_left -= 1
            self.send_response(503)
            self.end_headers()
            return
        if payload["to"].endswith("9"):
            self.send_response(400)
            self.end_headers()
            return
        Gateway.received.append(payload)
        body = json.dumps({"id": f"gw-{len(Gateway.received)}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def gateway() -> Iterator[str]:
    Gateway.received = []
    Gateway.failures_left = 0
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sms"
    server.shutdown()
    server.server_close()


def test_http_provider_retries_transient_and_reports_permanent(
    db: Database, marketing: Actor, gateway: str
) -> None:
    campaign, _contacts = sms_campaign(db, marketing, n=2)
    person(db, lifecycle=Lifecycle.CUSTOMER, mobile="+33610000009")  # not in the frozen list
    Gateway.failures_left = 1  # the first try gets a 503, the retry goes through
    report = CampaignSender(db.session_factory, actor=marketing).send_sms(
        campaign_id=campaign, provider=HttpSmsProvider(gateway, token="t0k", sender="GARAGE"), options=FAST
    )
    assert report.count(RecipientStatus.SENT) == 2
    assert [r.message_id for r in report.results] == ["gw-1", "gw-2"]
    assert Gateway.received[0]["text"].endswith("STOP au 36180") and Gateway.received[0]["sender"] == "GARAGE"
    provider = HttpSmsProvider(gateway)
    from dealercrm.services.messaging import PermanentError

    with pytest.raises(PermanentError):
        provider.send(to="+33610000009", text="x", reference="r")


def test_http_provider_needs_an_http_url() -> None:
    from dealercrm.services.errors import ValidationError

    with pytest.raises(ValidationError):
        HttpSmsProvider("file:///etc/passwd")
