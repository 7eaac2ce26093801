"""Connecting a workstation to the dealership's PostgreSQL server: the form, the connection test against a
real server (a private one, with password authentication for the `clerk` role), a sentence for each
failure, the profile remembered without its password, the password in the keyring, in memory when there
is no keyring, or in libpq's .pgpass."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url

from dealercrm import i18n
from dealercrm.db import postgres
from dealercrm.db.postgres import Problem, ServerProfile
from dealercrm.ui.connect_server_dialog import (
    SETTINGS_GROUP,
    ConnectServerDialog,
    save_profile,
    saved_profile,
)
from dealercrm.ui.workers import SyncExecutor
from tests import pgserver
from tests.conftest import MemoryKeyring

pytestmark = pytest.mark.postgres

PASSWORD = "s3cret-clerk"
SHOTS = Path("/tmp/shots")


@dataclass
class Server:
    server: pgserver.PgServer
    host: str
    port: int

    def profile(self, database: str = "shop", user: str = "clerk", **kw: Any) -> ServerProfile:
        return ServerProfile(host=self.host, port=self.port, database=database, user=user, **kw)

    def admin_url(self, database: str = "postgres") -> URL:
        return make_url(self.server.url).set(database=database)


@pytest.fixture(scope="module")
def clerk_server() -> Iterator[Server]:
    """A server of our own where `clerk` must give a password (scram-sha-256), with: `shop` (migrated,
        owned by clerk), `empty`, `old` (an older schema revision), `future` (a newer one) and `locked` (whose
    tables clerk may not read)."""
    try:
        server = pgserver.start(own=True, hba=("host all clerk 127.0.0.1/32 scram-sha-256",))
    except pgserver.NoServer as exc:
        pytest.skip(str(exc))
    try:
        url = make_url(server.url)
        admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE ROLE clerk LOGIN PASSWORD '{PASSWORD}'")
            for name in ("shop", "empty", "old", "future"):
                conn.exec_driver_sql(f"CREATE DATABASE {name} OWNER clerk")
            conn.exec_driver_sql("CREATE DATABASE locked")  # alembic_version there is not clerk's
        admin.dispose()
        from dealercrm.db import open_database

        shop = open_database(
            url.set(username="clerk", password=PASSWORD, database="shop"), create=True, upgrade_shared=True
        )
        shop.dispose()
        for name, revision in (("old", "0006"), ("future", "9999_from_the_future")):
            engine = create_engine(url.set(username="clerk", password=PASSWORD, database=name))
            with engine.begin() as conn:
                conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
                conn.exec_driver_sql(f"INSERT INTO alembic_version VALUES ('{revision}')")
                if name == "future":  # the newer version said who it is, as `db upgrade` does
                    conn.exec_driver_sql("CREATE TABLE settings (key VARCHAR(80) PRIMARY KEY, value JSON)")
                    conn.exec_driver_sql("""INSERT INTO settings VALUES ('schema.written_by', '"9.4.0"')""")
            engine.dispose()
        engine = create_engine(url.set(database="locked"))
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
            conn.exec_driver_sql("REVOKE ALL ON alembic_version FROM PUBLIC")
        engine.dispose()
        yield Server(server, str(url.host), int(url.port or 0))
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _forget_session_passwords() -> Iterator[None]:
    yield
    postgres._session_passwords.clear()


class NoKeyring(KeyringBackend):
    """What `keyring` gives on a headless Linux: every call raises NoKeyringError."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("no backend")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")


def open_dialog(qtbot: QtBot, **kw: Any) -> ConnectServerDialog:
    dialog = ConnectServerDialog(SyncExecutor(), **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(qtbot: QtBot, dialog: ConnectServerDialog, profile: ServerProfile, password: str = "") -> None:
    for edit, value in (
        (dialog.host_edit, profile.host),
        (dialog.database_edit, profile.database),
        (dialog.user_edit, profile.user),
        (dialog.password_edit, password),
    ):
        edit.clear()
        qtbot.keyClicks(edit, value)
    dialog.port_spin.setValue(profile.port)
    dialog.sslmode_combo.setCurrentIndex(dialog.sslmode_combo.findData(profile.sslmode))


def settings_text(folder: Path) -> str:
    QSettings().sync()
    return "\n".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


# The form ---------------------------------------------------------------------------------------------------
def test_the_form_has_the_server_fields_with_postgresql_defaults(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    assert dialog.port_spin.value() == 5432
    assert dialog.database_edit.text() == "dealercrm"
    modes = [dialog.sslmode_combo.itemData(i) for i in range(dialog.sslmode_combo.count())]
    assert modes == ["prefer", "require", "verify-full", "disable"]
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
    assert dialog.remember_check.isChecked() and dialog.remember_check.isEnabled()
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)  # nothing filled in
    assert dialog.result() == 0 and "Fill in the server" in dialog.result_label.text()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "connect_server_dialog.png"))


def test_test_then_connect_saves_the_profile_without_the_password_and_the_password_in_the_keyring(
    qtbot: QtBot, clerk_server: Server, _memory_keyring: MemoryKeyring, _isolated_qsettings: Path
) -> None:
    profile = clerk_server.profile(sslmode="disable")
    dialog = open_dialog(qtbot)
    fill(qtbot, dialog, profile, PASSWORD)

    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.result_label.text() == "Connected: the server and its database are ready."
    assert saved_profile() is None and _memory_keyring._store == {}  # a test saves nothing

    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.profile == profile and dialog.check is not None and dialog.check.ok
    assert saved_profile() == profile
    assert _memory_keyring.get_password("dealercrm", f"clerk@{profile.host}:{profile.port}/shop") == PASSWORD
    stored = settings_text(_isolated_qsettings)
    assert SETTINGS_GROUP.split("/")[0] in stored and PASSWORD not in stored
    # The saved profile's URL has no password, and the app's engine connects with the keyring's.
    url = profile.url()
    assert url.password is None and PASSWORD not in url.render_as_string(hide_password=False)
    postgres._session_passwords.clear()
    from dealercrm.db import open_database

    database = open_database(url)
    try:
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT current_user").scalar() == "clerk"
    finally:
        database.dispose()


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("bad_password", "The server refused the password for clerk"),
        ("no_password", "The server asks for clerk's password and none was found"),
        ("unreachable", "cannot be reached"),
        ("no_database", "The server has no database nowhere"),
        ("no_role", "The server has no user nobody"),
        ("no_rights", "The user clerk may not use the dealership's tables"),
        ("tls", "The secure (TLS) connection failed"),
        ("older", "the administrator must run `dealercrm db upgrade`"),
        ("newer", "needs dealercrm 9.4.0 or newer"),
        ("empty", "Connected, but the database empty is empty"),
    ],
)
def test_each_failure_has_its_own_sentence(
    qtbot: QtBot, clerk_server: Server, case: str, expected: str
) -> None:
    profile = clerk_server.profile(sslmode="disable")
    password = PASSWORD
    if case == "bad_password":
        password = "wrong"
    elif case == "no_password":
        password = ""
    elif case == "unreachable":
        profile = ServerProfile(host="127.0.0.1", port=pgserver._free_port(), database="shop", user="clerk")
    elif case == "no_database":
        profile = clerk_server.profile(database="nowhere")
    elif case == "no_role":
        profile = clerk_server.profile(user="nobody")
    elif case == "tls":
        profile = clerk_server.profile(sslmode="require")  # the test server offers no TLS
    elif case == "no_rights":
        profile = clerk_server.profile(database="locked")
    elif case in ("older", "newer", "empty"):
        profile = clerk_server.profile(database={"older": "old", "newer": "future", "empty": "empty"}[case])
    dialog = open_dialog(qtbot)
    fill(qtbot, dialog, profile, password)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert expected in dialog.result_label.text()
    if case == "older":
        assert "schema 0006" in dialog.result_label.text()
    if case != "empty":
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == 0 and dialog.isVisible()  # refused: the form stays as typed
        assert dialog.password_edit.text() == password and saved_profile() is None
    if case == "bad_password":
        SHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SHOTS / "connect_server_bad_password.png"))


def test_a_missing_driver_says_how_to_install_it(
    qtbot: QtBot, clerk_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if dealercrm[postgres] were not installed
    dialog = open_dialog(qtbot)
    fill(qtbot, dialog, clerk_server.profile(), PASSWORD)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert "pip install 'dealercrm[postgres]'" in dialog.result_label.text()


def test_without_a_keyring_the_password_is_kept_in_memory_only(
    qtbot: QtBot, clerk_server: Server, _isolated_qsettings: Path, tmp_path: Path
) -> None:
    keyring.set_keyring(NoKeyring())
    dialog = open_dialog(qtbot)
    assert dialog.keyring_label.isVisible() and "No system keyring" in dialog.keyring_label.text()
    assert "~/.pgpass" in dialog.keyring_label.text()
    assert not dialog.remember_check.isChecked() and not dialog.remember_check.isEnabled()
    profile = clerk_server.profile()
    fill(qtbot, dialog, profile, PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert saved_profile() == profile and PASSWORD not in settings_text(_isolated_qsettings)
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "connect_server_no_keyring.png"))
    # This run's connections use it; it was written nowhere.
    from dealercrm.db import open_database

    database = open_database(profile.url())
    database.dispose()
    assert not any(PASSWORD in p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file())
    with pytest.raises(postgres.KeyringUnavailable, match="~/.pgpass"):
        postgres.store_password(profile, PASSWORD)


def test_a_keyring_that_fails_on_saving_is_said_once_then_connect_goes_on(
    qtbot: QtBot, clerk_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: Any) -> None:
        raise keyring.errors.PasswordSetError("locked")

    monkeypatch.setattr(keyring, "set_password", refuse)
    dialog = open_dialog(qtbot)
    fill(qtbot, dialog, clerk_server.profile(), PASSWORD)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "could not be saved in the system keyring" in dialog.result_label.text()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)


def test_the_password_can_come_from_pgpass(
    qtbot: QtBot, clerk_server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{clerk_server.host}:{clerk_server.port}:shop:clerk:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    dialog = open_dialog(qtbot)
    profile = clerk_server.profile()
    fill(qtbot, dialog, profile)  # no password typed, none in the keyring
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.result_label.text() == "Connected: the server and its database are ready."
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert keyring.get_password("dealercrm", profile.keyring_user) is None  # nothing to save


def test_a_db_url_without_password_uses_the_keyring(clerk_server: Server) -> None:
    from dealercrm.cli import main

    url = f"postgresql+psycopg://clerk@{clerk_server.host}:{clerk_server.port}/shop"
    assert main(["--db", url, "db", "check"]) == 3  # no password anywhere: a sentence, exit 3
    keyring.set_password("dealercrm", f"clerk@{clerk_server.host}:{clerk_server.port}/shop", PASSWORD)
    from dealercrm.db import open_database

    database = open_database(url)
    try:
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT current_user").scalar() == "clerk"
    finally:
        database.dispose()


def test_a_refused_password_at_start_is_one_sentence_on_the_command_line(
    clerk_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    from dealercrm.cli import main

    keyring.set_password("dealercrm", f"clerk@{clerk_server.host}:{clerk_server.port}/shop", "wrong")
    url = f"postgresql+psycopg://clerk@{clerk_server.host}:{clerk_server.port}/shop"
    assert main(["--db", url, "db", "check"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1
    assert "The server refused clerk's password" in err


# The app: first run, next start ---------------------------------------------------------------------------
@pytest.fixture
def shells(qapp: QApplication) -> Iterator[list[Any]]:
    made: list[Any] = []
    quit_on_close = qapp.quitOnLastWindowClosed()
    yield made
    qapp.setQuitOnLastWindowClosed(quit_on_close)
    for shell in made:
        for window in (shell.login_dialog, shell.first_run_dialog, shell.window, shell.server_dialog):
            if window is not None:
                window.close()
                window.deleteLater()
        if shell.db is not None:
            shell.db.dispose()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def start_shell(qapp: QApplication, shells: list[Any], db: str | None) -> Any:
    from dealercrm.app import Shell

    shell = Shell(qapp, SyncExecutor(), language="en")
    shells.append(shell)
    shell.start(db)
    return shell


def test_the_first_run_connects_to_the_server_and_the_next_start_opens_it(
    qtbot: QtBot, qapp: QApplication, shells: list[Any], clerk_server: Server, tmp_path: Path
) -> None:
    # A new workstation: an empty local file, so the first run is offered, with the server card.
    shell = start_shell(qapp, shells, str(tmp_path / "local.sqlite3"))
    assert shell.create_prompt is not None  # no file: asked first, with the server as a choice
    shell.create_prompt.done(QMessageBox.StandardButton.Yes)
    first_run = shell.first_run_dialog
    assert first_run is not None and first_run.server_card.isVisible()
    qtbot.mouseClick(first_run.server_button, Qt.MouseButton.LeftButton)
    dialog = first_run.server_dialog
    assert dialog is not None and dialog.isVisible()
    profile = clerk_server.profile()
    fill(qtbot, dialog, profile, PASSWORD)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)

    assert first_run.outcome == "server"
    assert shell.db is not None and shell.db.url.host == clerk_server.host and shell.db.url.database == "shop"
    # Nobody works on this server yet: its own first run comes next, without the server card.
    assert shell.first_run_dialog is not None and shell.first_run_dialog is not first_run
    assert shell.first_run_dialog.isVisible() and shell.first_run_dialog.server_card.isHidden()
    postgres._session_passwords.clear()

    # The next start, with no --db: the remembered server, its password from the keyring.
    again = start_shell(qapp, shells, None)
    assert again.db is not None and again.db.url.database == "shop" and again.db.url.password is None
    assert again.db.label.startswith("postgresql+psycopg://clerk@")


def test_a_server_that_refuses_at_start_reopens_the_connection_dialog(
    qtbot: QtBot, qapp: QApplication, shells: list[Any], clerk_server: Server
) -> None:
    profile = clerk_server.profile()
    save_profile(profile)  # remembered, but no password anywhere
    shell = start_shell(qapp, shells, None)
    dialog = shell.server_dialog
    assert dialog is not None and dialog.isVisible() and not shell.done
    assert dialog.host_edit.text() == profile.host and dialog.user_edit.text() == "clerk"
    assert "asks for clerk's password" in dialog.result_label.text()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert shell.db is not None and shell.db.url.database == "shop"


def test_the_app_says_in_one_sentence_that_the_driver_is_missing(
    qapp: QApplication, shells: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *rest: shown.append(text))
    shell = start_shell(qapp, shells, "postgresql+psycopg://clerk@127.0.0.1:5432/shop")
    assert shell.done and shell.exit_code == 2
    assert shown == [i18n.gettext(postgres.DRIVER_MISSING)]


def test_the_problem_classification_reads_libpq_words() -> None:
    cases = {
        'connection to server at "h" failed: FATAL:  password authentication failed for user "u"': (
            Problem.BAD_PASSWORD
        ),
        "connection failed: fe_sendauth: no password supplied": Problem.PASSWORD_NEEDED,
        'FATAL:  database "x" does not exist': Problem.NO_DATABASE,
        "FATAL:  la base de données « x » n'existe pas": Problem.NO_DATABASE,
        "FATAL:  authentification par mot de passe échouée pour l'utilisateur « u »": Problem.BAD_PASSWORD,
        'FATAL:  permission denied for database "x"': Problem.NO_RIGHTS,
        'FATAL:  too many connections for role "u"': Problem.OTHER,
        'could not translate host name "nowhere" to address': Problem.UNREACHABLE,
    }
    for words, problem in cases.items():
        assert postgres.classify_connect_error(Exception(words)) is problem, words


def test_a_backup_of_the_server_takes_the_password_from_the_keyring(
    clerk_server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dealercrm.cli import main

    keyring.set_password("dealercrm", f"clerk@{clerk_server.host}:{clerk_server.port}/shop", PASSWORD)
    url = f"postgresql+psycopg://clerk@{clerk_server.host}:{clerk_server.port}/shop?sslmode=disable"
    target = tmp_path / "shop.dump"
    assert main(["--db", url, "db", "backup", str(target)]) == 0, capsys.readouterr().err
    assert target.stat().st_size > 0


def test_the_remembered_url_is_the_profile_s_own(_isolated_qsettings: Path) -> None:
    """Written by hand (no SQLAlchemy at start-up), it must read back as the same profile."""
    from dealercrm.ui.connect_server_dialog import saved_url

    assert saved_url() is None
    for profile in (
        ServerProfile(host="crm-server", database="dealercrm", user="marie", port=5433, sslmode="require"),
        ServerProfile(host="::1", database="garage du centre", user="jean@ws/1", sslmode="verify-full"),
    ):
        save_profile(profile)
        url = saved_url()
        assert url is not None and ServerProfile.from_url(make_url(url)) == profile == saved_profile()
