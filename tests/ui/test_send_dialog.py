"""The send dialog against a real local SMTP server (aiosmtpd on 127.0.0.1, a random port): consenting
targets receive the message and every recipient's result is shown; a stop midway then a resume sends each
exactly once; with no keyring the password is asked for and stored nowhere."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import keyring
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from PySide6.QtWidgets import QInputDialog, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from dealercrm.db import Database
from dealercrm.models import Setting
from dealercrm.models.enums import Lifecycle
from dealercrm.services.permissions import Actor
from dealercrm.services.suppression import SuppressionService
from dealercrm.ui.campaigns.send_dialog import SendDialog
from dealercrm.ui.context import AppContext
from tests.unit.test_compliance import person
from tests.unit.test_messaging_smtp import FAST, BrokenKeyring, email_campaign, free_port


class Server:
    """Records accepted messages and the logins tried."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if isinstance(data, LoginPassword):
            self.logins.append((data.login, data.password))
            return AuthResult(success=data.login == b"crm" and data.password == b"typed-pw")
        return AuthResult(success=False)

    def recipients(self) -> list[str]:
        return [str(m["To"]) for m in self.messages]


@pytest.fixture
def smtp(db: Database) -> Iterator[Server]:
    recorder = Server()
    port = free_port()
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=port,
        authenticator=recorder.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    with db.session_factory.begin() as s:
        s.add(Setting(key="smtp.host", value="127.0.0.1"))
        s.add(Setting(key="smtp.port", value=port))
        s.add(Setting(key="smtp.tls", value="none"))
        s.add(Setting(key="dealership.email", value="contact@garage-des-tilleuls.fr"))
        s.add(Setting(key="dealership.name", value="Garage des Tilleuls"))
    yield recorder
    controller.stop()


def open_dialog(qtbot: QtBot, ctx: AppContext, campaign: int) -> SendDialog:
    dialog = SendDialog(ctx, campaign_id=campaign, options=FAST)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def table(dialog: SendDialog) -> list[tuple[str, str, str]]:
    t = dialog.results_table
    return [tuple(t.item(r, c).text() for c in range(3)) for r in range(t.rowCount())]  # type: ignore[misc]


def test_sends_to_consenting_targets_and_shows_each_result(
    qtbot: QtBot, db: Database, marketing: Actor, make_ctx: Callable[[Actor], AppContext], smtp: Server
) -> None:
    person(db, lifecycle=Lifecycle.PROSPECT, email="prospect@ex.fr")  # no consent: excluded at the freeze
    campaign, _contacts = email_campaign(db, marketing, n=3)
    SuppressionService(db.session_factory, actor=marketing).add(value="anne2@ex.fr", reason="unsubscribed")
    dialog = open_dialog(qtbot, make_ctx(marketing), campaign)
    assert dialog.state_label.text() == "3 recipients to send to."
    assert dialog.send_button.text() == "&Send"
    assert "127.0.0.1" in dialog.server_label.text()
    assert "No pause between messages" in dialog.throttle_label.text()

    dialog.send_button.click()

    assert sorted(smtp.recipients()) == ["anne0@ex.fr", "anne1@ex.fr"]
    rows = table(dialog)
    assert ("anne0@ex.fr", "Sent", "") in rows and ("anne1@ex.fr", "Sent", "") in rows
    assert ("anne2@ex.fr", "Skipped", "On the suppression list (opted out)") in rows
    assert dialog.summary_label.text() == "2 sent · 0 failed · 0 to retry later · 1 skipped"
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    assert dialog.state_label.text() == "2 already sent, nobody left to send to."
    assert not dialog.send_button.isEnabled() and dialog.close_button.isEnabled()
    dialog.grab().save("/tmp/shots/send_dialog_done.png")


def test_stop_midway_then_resume_sends_each_exactly_once(
    qtbot: QtBot, db: Database, marketing: Actor, make_ctx: Callable[[Actor], AppContext], smtp: Server
) -> None:
    campaign, _contacts = email_campaign(db, marketing, n=5)
    ctx = make_ctx(marketing)
    dialog = open_dialog(qtbot, ctx, campaign)
    dialog.progress_changed.connect(lambda done, _total: dialog.cancel() if done == 2 else None)

    dialog.send_button.click()

    assert len(smtp.messages) == 2
    assert dialog.report is not None and dialog.report.stopped
    assert dialog.summary_label.text().startswith("Stopped.")
    assert dialog.state_label.text() == "2 already sent, 3 to go: the send resumes where it stopped."
    assert dialog.send_button.text() == "&Resume" and dialog.send_button.isEnabled()
    dialog.grab().save("/tmp/shots/send_dialog_stopped.png")

    resumed = open_dialog(qtbot, ctx, campaign)  # a new dialog, as after closing the first one
    assert resumed.state_label.text().startswith("2 already sent, 3 to go")
    resumed.send_button.click()

    assert len(smtp.messages) == 5
    assert sorted(smtp.recipients()) == sorted(f"anne{i}@ex.fr" for i in range(5))  # each exactly once
    assert resumed.report is not None and resumed.report.already_sent == 2
    assert resumed.state_label.text() == "5 already sent, nobody left to send to."


def test_keyring_unavailable_asks_the_password_for_this_send_only(
    qtbot: QtBot,
    db: Database,
    marketing: Actor,
    make_ctx: Callable[[Actor], AppContext],
    smtp: Server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    campaign, _contacts = email_campaign(db, marketing, n=2)
    with db.session_factory.begin() as s:
        s.add(Setting(key="smtp.login", value="crm"))
    keyring.set_keyring(BrokenKeyring())
    asked: list[Any] = []

    def get_text(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        asked.append(args)
        return "typed-pw", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    dialog = open_dialog(qtbot, make_ctx(marketing), campaign)

    dialog.send_button.click()

    assert len(asked) == 1 and asked[0][3] == QLineEdit.EchoMode.Password
    assert dialog.keyring_label.isVisible() and "No system keyring" in dialog.keyring_label.text()
    assert smtp.logins == [(b"crm", b"typed-pw")]
    assert sorted(smtp.recipients()) == ["anne0@ex.fr", "anne1@ex.fr"]
    with db.session_factory() as s:
        for table_name in ("settings", "audit_log", "interactions", "campaign_targets"):
            dump = " ".join(str(r) for r in s.execute(text(f"SELECT * FROM {table_name}")).all())  # noqa: S608
            assert "typed-pw" not in dump
    dialog.grab().save("/tmp/shots/send_dialog_keyring.png")


def test_cancelling_the_password_prompt_sends_nothing(
    qtbot: QtBot,
    db: Database,
    marketing: Actor,
    make_ctx: Callable[[Actor], AppContext],
    smtp: Server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    campaign, _contacts = email_campaign(db, marketing, n=1)
    with db.session_factory.begin() as s:
        s.add(Setting(key="smtp.login", value="crm"))  # nothing saved in the (working) keyring
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    dialog = open_dialog(qtbot, make_ctx(marketing), campaign)
    dialog.send_button.click()
    assert smtp.messages == []
    assert "No password is saved" in dialog.keyring_label.text()
    assert "password is needed" in dialog.error_label.text()


def test_smtp_settings_dialog_saves_the_password_in_the_keyring_only_and_tests_the_server(
    qtbot: QtBot, db: Database, manager: Actor, make_ctx: Callable[[Actor], AppContext], smtp: Server
) -> None:
    from dealercrm.services.messaging import get_smtp_password
    from dealercrm.ui.campaigns.smtp_dialog import SmtpSettingsDialog

    dialog = SmtpSettingsDialog(make_ctx(manager))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.host_edit.text() == "127.0.0.1"
    dialog.tls_combo.setCurrentIndex(dialog.tls_combo.findData("none"))
    dialog.login_edit.setText("crm")
    dialog.password_edit.setText("typed-pw")

    dialog.test_connection()
    assert dialog.result_label.text().startswith("Connection works (250")
    assert smtp.logins == [(b"crm", b"typed-pw")]

    dialog.save_button.click()
    assert dialog.result_label.text() == "Saved; the password is in the system keyring."
    assert get_smtp_password(host="127.0.0.1", login="crm") == "typed-pw"
    with db.session_factory() as s:
        dump = " ".join(str(r) for r in s.execute(text("SELECT * FROM settings")).all())
        assert "'crm'" in dump or '"crm"' in dump
        for table_name in ("settings", "audit_log"):
            assert "typed-pw" not in " ".join(
                str(r)
                for r in s.execute(text(f"SELECT * FROM {table_name}")).all()  # noqa: S608
            )
    dialog.grab().save("/tmp/shots/smtp_dialog_saved.png")
