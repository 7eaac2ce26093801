"""The importer on messy files as old systems and spreadsheets write them."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import io
import json
import sys
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from dealercrm import cli_data
from dealercrm.db import Database, open_database
from dealercrm.models import (
    AuditEntry,
    Claim,
    Consent,
    Contact,
    ImportRow,
    ImportRun,
    Interaction,
    Sale,
    ServiceVisit,
    Vehicle,
)
from dealercrm.models.enums import (
    AuditAction,
    Channel,
    ConsentStatus,
    ContactKind,
    InteractionType,
    Lifecycle,
    StockStatus,
)
from dealercrm.services import validation as v
from dealercrm.services.errors import PermissionDenied
from dealercrm.services.importing import (
    ImportFailed,
    ImportService,
    MappingStore,
    SourceError,
    guess_mapping,
    write_error_report,
)
from dealercrm.services.importing import engine as import_engine
from dealercrm.services.permissions import Actor
from dealercrm.services.progress import Progress

HEADER = "Civilité;NOM;Prénom;Tél. portable;Tél fixe;E-mail;CP;Ville;Opt-in SMS;Date de naissance"


@pytest.fixture
def store(tmp_path: Path) -> MappingStore:
    return MappingStore(tmp_path / "mappings.json")


@pytest.fixture
def service(db: Database, admin: Actor, store: MappingStore) -> ImportService:
    return ImportService(db.session_factory, actor=admin, mapping_store=store)


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "clients.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def contacts(db: Database) -> list[Contact]:
    with db.session_factory() as session:
        return list(session.scalars(select(Contact).order_by(Contact.id)))


def count(db: Database, model: type) -> int:
    with db.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- Parsers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "0612345678",
        "+33 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "0033 6 12 34 56 78",
        "33612345678",
        "612345678",
        612345678,
        612345678.0,
        "06\u00a012\u00a034\u00a056\u00a078",
    ],
)
def test_every_way_of_writing_a_french_mobile_gives_the_same_e164(raw: object) -> None:
    phone = v.parse_phone(raw)
    assert phone.e164 == "+33612345678"
    assert phone.mobile


@pytest.mark.parametrize("raw", ["123", "06 12 34", "00 00 00 00 00", "bonjour", "+33 0 00 00 00 00"])
def test_impossible_phone_numbers_are_refused_with_a_reason(raw: str) -> None:
    with pytest.raises(v.InvalidValue, match="phone"):
        v.parse_phone(raw)


def test_foreign_numbers_keep_their_country() -> None:
    assert v.parse_phone("+44 20 7946 0958").e164 == "+442079460958"
    assert v.parse_phone("+32 470 12 34 56").mobile


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15/03/2021", dt.date(2021, 3, 15)),
        ("15.03.2021", dt.date(2021, 3, 15)),
        ("15-3-2021", dt.date(2021, 3, 15)),
        ("2021-03-15", dt.date(2021, 3, 15)),
        ("15 mars 2021", dt.date(2021, 3, 15)),
        ("1er février 2020", dt.date(2020, 2, 1)),
        ("15/03/21", dt.date(2021, 3, 15)),
        ("15/03/85", dt.date(1985, 3, 15)),
        ("15/03/2021 14:30", dt.date(2021, 3, 15)),
        (dt.datetime(2021, 3, 15, 10, 0), dt.date(2021, 3, 15)),
    ],
)
def test_french_dates(raw: object, expected: dt.date) -> None:
    assert v.parse_date(raw, today=dt.date(2026, 1, 1)) == expected


@pytest.mark.parametrize("raw", ["31/02/2020", "15/13/2020", "hier", "2021", "15/03/1850"])
def test_impossible_dates_are_refused(raw: str) -> None:
    with pytest.raises(v.InvalidValue):
        v.parse_date(raw, today=dt.date(2026, 1, 1))


def test_local_times_are_stored_in_utc() -> None:
    assert v.parse_datetime(
        "15/07/2021 14:30", tz=ZoneInfo("Europe/Paris"), today=dt.date(2026, 1, 1)
    ) == dt.datetime(2021, 7, 15, 12, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12 345,50 €", "12345.50"),
        ("12345.50", "12345.50"),
        ("12.345,50", "12345.50"),
        ("12,345.50", "12345.50"),
        ("1.500", "1500"),
        ("1 234 €", "1234"),
        ("12\u202f345,5", "12345.5"),
        ("32 000 EUR", "32000"),
        (1500, "1500"),
        (19.9, "19.9"),
    ],
)
def test_amounts_with_decimal_commas(raw: object, expected: str) -> None:
    assert v.parse_decimal(raw) == Decimal(expected)


def test_postal_codes_plates_vins() -> None:
    assert v.parse_postal_code("1000") == "01000"
    assert v.parse_postal_code("75 001") == "75001"
    assert v.parse_postal_code("75008 CEDEX") == "75008"
    with pytest.raises(v.InvalidValue):
        v.parse_postal_code("99999")
    assert v.parse_postal_code("1050", country="BE") == "1050"
    assert v.parse_plate("ab123cd") == "AB-123-CD"
    assert v.parse_plate("AB 123 CD") == "AB-123-CD"
    assert v.parse_plate("1234 ab 75") == "1234 AB 75"
    assert v.parse_vin("vf1 ab000 123456789") == "VF1AB000123456789"
    with pytest.raises(v.InvalidValue, match="I, O and Q"):
        v.parse_vin("VF1AB000I23456789")


def test_emails_are_checked_without_dns_and_lowered() -> None:
    assert v.parse_email("Jean.Dupont@Orange.FR") == "jean.dupont@orange.fr"
    assert v.parse_email("Jean Dupont <jean@free.fr>") == "jean@free.fr"
    assert v.parse_email("élodie@café.fr") == "élodie@café.fr"
    for bad in ("x@", "jean.free.fr", "a@b.test", "a@@b.fr", "un@a.fr; deux@b.fr"):
        with pytest.raises(v.InvalidValue):
            v.parse_email(bad)


# --- Mapping --------------------------------------------------------------------------------------


def test_mapping_is_guessed_from_french_and_english_headers() -> None:
    headers = [
        "Civ.",
        "NOM",
        "Prénom",
        "Tél. portable",
        "Tél fixe",
        "Courriel",
        "Code postal",
        "Ville",
        "Adresse",
        "Code client",
        "First name",
    ]
    mapping = guess_mapping("contacts", headers)
    assert mapping == {
        "NOM": "last_name",
        "Prénom": "first_name",
        "Tél. portable": "mobile",
        "Tél fixe": "landline",
        "Courriel": "email",
        "Code postal": "postal_code",
        "Ville": "city",
        "Adresse": "address_line1",
        "Civ.": "civility",
    }
    english = guess_mapping(
        "contacts", ["Last name", "First name", "Mobile phone", "Email address", "Zip code"]
    )
    assert set(english.values()) == {"last_name", "first_name", "mobile", "email", "postal_code"}
    vehicles = guess_mapping(
        "vehicles",
        ["Immatriculation", "VIN", "Marque", "Modèle", "Date de mise en circulation", "Kilométrage", "Prix"],
    )
    assert vehicles["Date de mise en circulation"] == "first_registration_on"
    assert vehicles["Kilométrage"] == "mileage_km"
    assert vehicles["Prix"] == "price"


def test_a_confirmed_mapping_is_remembered(service: ImportService, tmp_path: Path) -> None:
    path = write(tmp_path, "Nom;Zone libre 1\nDupont;0612345678\n")
    assert service.inspect(path=path, kind="contacts").mapping == {"Nom": "last_name"}
    service.remember_mapping(kind="contacts", mapping={"Nom": "last_name", "Zone libre 1": "mobile"})
    assert service.inspect(path=path, kind="contacts").mapping == {
        "Nom": "last_name",
        "Zone libre 1": "mobile",
    }


# --- Files as they come ---------------------------------------------------------------------------

ROWS = [
    "M.;DUPONT;Jean;06 12 34 56 78;01 45 67 89 10;jean.dupont@orange.fr;75001;Paris;oui;15/03/1970",
    "Mme;Lefèvre;Élodie;+33 7 81 23 45 67;;elodie@free.fr;1000;Bourg-en-Bresse;non;01/02/1985",
    "M;Nguyễn;Noël;0033 6 98 76 54 32;;;13001;Marseille;;",
]


@pytest.mark.parametrize(
    ("encoding", "separator", "newline"),
    [("utf-8-sig", ";", "\r\n"), ("utf-8", ",", "\n"), ("cp1252", "\t", "\r\n"), ("utf-8", ";", "\r")],
)
def test_encodings_separators_and_line_ends_are_detected(
    service: ImportService, db: Database, tmp_path: Path, encoding: str, separator: str, newline: str
) -> None:
    rows = ROWS if encoding != "cp1252" else [r.replace("Nguyễn", "Nguyen") for r in ROWS]
    text = newline.join([HEADER, *rows]).replace(";", separator) + newline
    result = service.run(path=write(tmp_path, text, encoding=encoding), kind="contacts")
    assert (result.created, result.rejected) == (3, 0), result.issues
    people = contacts(db)
    assert [c.last_name for c in people] == [
        "DUPONT",
        "Lefèvre",
        "Nguyễn" if encoding != "cp1252" else "Nguyen",
    ]
    assert people[1].first_name == "Élodie"
    assert [c.mobile for c in people] == ["+33612345678", "+33781234567", "+33698765432"]
    assert people[0].landline == "+33145678910"
    assert people[1].postal_code == "01000"
    assert people[0].birth_date == dt.date(1970, 3, 15)
    assert people[0].search_phones is not None and "0612345678" in people[0].search_phones


def test_title_lines_empty_lines_and_quoted_line_breaks_keep_physical_line_numbers(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    text = (
        "Export clients du 12/03/2024;;;\r\n"  # line 1: a title above the header
        "\r\n"  # line 2
        "NOM;Prénom;Adresse;E-mail\r\n"  # line 3: the header
        'Dupont;Jean;"12 rue de la Paix\r\nBâtiment B";jean@orange.fr\r\n'  # lines 4-5
        ";;;\r\n"  # line 6: empty
        "Martin;Paul;3 place du Marché;pas-un-mail\r\n"  # line 7: bad e-mail
        '"Durand";"Zoé";"""Les Tilleuls""";zoe@free.fr\r\n'  # line 8
    )
    result = service.run(path=write(tmp_path, text), kind="contacts")
    assert (result.rows, result.created, result.rejected) == (3, 2, 1)
    (issue,) = result.issues
    assert (issue.line, issue.column, issue.value) == (7, "E-mail", "pas-un-mail")
    assert "not a valid e-mail address" in issue.message
    people = contacts(db)
    assert people[0].address_line1 == "12 rue de la Paix Bâtiment B"
    assert people[1].address_line1 == '"Les Tilleuls"'


def test_bad_rows_are_explained_while_good_rows_import(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    text = "\n".join(
        [
            HEADER,
            ROWS[0],
            "M.;Bad;Row;123;;x@;99999;X;peut-être;31/02/1980",
            ";;Sans;0612345679;;;;;;",
            "M.;Extra;Values;0612345670;;;75001;Paris;oui;01/01/1990;surplus",
            ROWS[1],
        ]
    )
    result = service.run(path=write(tmp_path, text), kind="contacts")
    assert (result.created, result.rejected) == (2, 3)
    by_line: dict[int, list[str]] = {}
    for issue in result.issues:
        assert issue.message and issue.action
        if issue.outcome == "rejected":
            by_line.setdefault(issue.line, []).append(issue.column)
    assert sorted(by_line[3]) == sorted(["Tél. portable", "E-mail", "CP", "Opt-in SMS", "Date de naissance"])
    assert by_line[4] == [""]  # no name at all: the whole row
    assert by_line[5] == [""]  # a value too many
    assert "last name or a company" in next(i.message for i in result.issues if i.line == 4)
    (padded,) = [i for i in result.issues if i.outcome == "warning"]  # imported, but said
    assert (padded.line, padded.column, padded.value, padded.done) == (6, "CP", "1000", "stored as 01000")
    report = tmp_path / "report.csv"
    assert write_error_report(result, report) == 8
    with report.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:6] == ["line", "outcome", "column", "value", "what was done", "why"]
    assert rows[0][6:] == HEADER.split(";")
    assert [r[0] for r in rows[1:]] == ["3"] * 5 + ["4", "5", "6"]
    assert rows[1][1] == "rejected" and rows[1][4] == "row not imported"
    assert rows[1][6:8] == ["M.", "Bad"]  # the rejected row's own values, to fix and import again
    assert rows[-1][1:6] == ["warning", "CP", "1000", "stored as 01000", padded.message]
    assert rows[-1][6:] == []


def test_xlsx_with_real_dates_and_numbers(service: ImportService, db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Nom", "Prénom", "Portable", "CP", "Date de naissance", "E-mail"])
    sheet.append(["Dupont", "Jean", 612345678, 1000, dt.datetime(1970, 3, 15), "jean@orange.fr"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Martin", "Élodie", "07 81 23 45 67", "75001", "15/04/1985", "pas-un-mail"])
    path = tmp_path / "clients.xlsx"
    workbook.save(path)
    result = service.run(path=path, kind="contacts")
    assert (result.created, result.rejected) == (1, 1)
    assert [(i.line, i.outcome) for i in result.issues] == [(2, "warning"), (4, "rejected")]
    (person,) = contacts(db)
    assert (person.mobile, person.postal_code, person.birth_date) == (
        "+33612345678",
        "01000",
        dt.date(1970, 3, 15),
    )


def test_unreadable_files_are_refused_in_plain_words(service: ImportService, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="empty"):
        service.run(path=write(tmp_path, "\n\n"), kind="contacts")
    with pytest.raises(SourceError, match=".xlsx or .csv"):
        service.run(path=write(tmp_path, "x", name="old.xls"), kind="contacts")
    with pytest.raises(SourceError, match="not a text file"):
        service.run(path=tmp_path.joinpath("x.csv"), kind="contacts") if False else service.run(
            path=write(tmp_path, "\x00\x01\x02PK", encoding="latin-1"), kind="contacts"
        )
    with pytest.raises(ImportFailed, match="Last name"):
        service.run(path=write(tmp_path, "Ville;CP\nParis;75001\n"), kind="contacts")


# --- Duplicates, consents, journal ----------------------------------------------------------------


def test_duplicates_are_matched_on_phone_or_email_and_never_doubled(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    first = service.run(path=write(tmp_path, "\n".join([HEADER, ROWS[0]]), name="a.csv"), kind="contacts")
    assert first.created == 1
    text = "\n".join(
        [
            "NOM;Prénom;Tél. portable;E-mail;Ville",
            "Dupont;Jean;+33612345678;;Lyon",  # same mobile: blanks filled, Paris kept
            "DUPONT;J.;;JEAN.DUPONT@ORANGE.FR;Lyon",  # same e-mail (other case): nothing new
            "Nouveau;Client;0699999999;nouveau@free.fr;Nice",
            "Nouveau;Client bis;06 99 99 99 99;;Nice",  # duplicate of the row above, in the same file
        ]
    )
    result = service.run(path=write(tmp_path, text, name="b.csv"), kind="contacts")
    assert (result.created, result.updated, result.unchanged, result.rejected) == (1, 0, 3, 0), result.issues
    people = contacts(db)
    assert len(people) == 2
    assert people[0].city == "Paris"  # filling blanks is the default: nothing good is overwritten
    merged = {i.line: i for i in result.issues if i.outcome == "merged"}
    assert sorted(merged) == [2, 3, 5]  # every merged line named
    assert "same phone as contact #1" in merged[2].message
    assert "city 'Paris' (the file says 'Lyon')" in merged[2].message
    overwrite = service.run(
        path=write(tmp_path, text, name="b2.csv"), kind="contacts", on_duplicate="overwrite"
    )
    assert overwrite.updated == 1
    (line2,) = [i for i in overwrite.issues if i.line == 2]
    assert line2.done == "contact #1 completed: city: 'Paris' -> 'Lyon'"
    people = contacts(db)
    assert people[0].city == "Lyon"
    assert people[0].first_name == "Jean"  # names only fill blanks: a shared phone renames nobody
    skip = service.run(
        path=write(tmp_path, "NOM;Tél. portable;Ville\nDupont;0612345678;Brest\n", name="c.csv"),
        kind="contacts",
        on_duplicate="skip",
    )
    assert (skip.created, skip.skipped) == (0, 1)
    assert skip.issues[0].outcome == "skipped" and "phone" in skip.issues[0].message
    assert contacts(db)[0].city == "Lyon"


def test_consents_are_recorded_with_their_proof(service: ImportService, db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "\n".join([HEADER, ROWS[0], ROWS[1]]), name="ancien-dms.csv")
    service.run(path=path, kind="contacts")
    with db.session_factory() as session:
        consents = session.scalars(select(Consent).order_by(Consent.contact_id)).all()
    assert [(c.channel, c.status) for c in consents] == [
        (Channel.SMS, ConsentStatus.GRANTED),
        (Channel.SMS, ConsentStatus.REFUSED),
    ]
    today = dt.datetime.now(dt.UTC).astimezone(ZoneInfo("Europe/Paris")).strftime("%d/%m/%Y")
    assert consents[0].proof == f"import from ancien-dms.csv on {today}"


def test_a_rerun_of_the_same_file_adds_nothing_and_says_so(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    text = "\n".join(["NOM;Prénom;Ville", "Sans;Téléphone;Paris", "Autre;Personne;Lyon", ";;"])
    path = write(tmp_path, text)
    first = service.run(path=path, kind="contacts")
    again = service.run(path=path, kind="contacts")
    assert (first.created, again.created, again.already_imported) == (2, 0, 2)
    assert again.previous_runs == (first.run_id,)
    assert count(db, Contact) == 2
    assert service.inspect(path=path, kind="contacts").already_imported == (first.run_id, again.run_id)


def test_each_batch_is_one_transaction_with_its_journal_and_one_audit_entry(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    lines = ["NOM;Portable"] + [f"Client{i};06{i:08d}" for i in range(25)]
    result = service.run(path=write(tmp_path, "\n".join(lines)), kind="contacts", batch_size=10)
    assert result.created == 25
    with db.session_factory() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "imports")).all()
        journal = session.scalar(
            select(func.count()).select_from(ImportRow).where(ImportRow.run_id == result.run_id)
        )
        run = session.get_one(ImportRun, result.run_id)
    assert [e.changes["created"] for e in entries] == [10, 10, 5]
    assert all(e.action is AuditAction.CREATE and e.entity_id == result.run_id for e in entries)
    assert journal == 25
    assert (run.status, run.created, run.rows_total, run.last_line) == ("done", 25, 25, 26)


def test_a_cancelled_import_keeps_whole_batches_and_a_rerun_completes_it(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    lines = ["NOM;Portable"] + [f"Client{i};06{i:08d}" for i in range(35)]
    path = write(tmp_path, "\n".join(lines))
    progress = Progress()
    calls = []

    def stop_after_two(done: int, total: int, text: str) -> None:
        calls.append(done)
        if len(calls) == 2:
            progress.cancel()

    progress._callback = stop_after_two  # noqa: SLF001 - a Progress whose user clicks Stop
    cancelled = service.run(path=path, kind="contacts", batch_size=10, progress=progress)
    assert cancelled.status == "cancelled"
    assert count(db, Contact) == 20
    finished = service.run(path=path, kind="contacts", batch_size=10)
    assert (finished.status, finished.already_imported, finished.created) == ("done", 20, 15)
    assert count(db, Contact) == 35


@pytest.mark.parametrize("read_all", [False, True], ids=["asked-per-batch", "all-read-first"])
def test_existing_contacts_are_matched_as_if_all_were_read_before_the_run(
    service: ImportService, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read_all: bool
) -> None:
    """The importer asks the database for the contacts each batch's rows may match (not every contact at
    the start): a key shared by two contacts matches the earlier one, an erased contact matches nothing,
    a contact whose phone an overwrite changed is still found by its old phone later in the run, and an
    existing company is found by its name written another way."""
    seed = "\n".join(
        [
            "NOM;Prénom;Portable;E-mail;Raison sociale",
            "Alpha;Jean;0611111111;a@x.fr;",
            "Beta;Paul;0633333333;b@x.fr;",
            "Gamma;Luc;0622222222;g@x.fr;",
            "Delta;Eve;0655555555;;Garage Lefèvre",
        ]
    )
    assert service.run(path=write(tmp_path, seed, name="seed.csv"), kind="contacts").created == 4
    assert len(contacts(db)) == 5  # and Delta's company
    with db.session_factory.begin() as session:
        session.execute(text("UPDATE contacts SET mobile = '+33611111111' WHERE last_name = 'Beta'"))
        session.execute(text("UPDATE contacts SET erased_at = created_at WHERE last_name = 'Gamma'"))
    ids = {p.last_name or p.company_name: p.id for p in contacts(db)}
    monkeypatch.setattr(import_engine, "READ_ALL_CONTACTS_PER_LINE", 100.0 if read_all else 0.0)
    text_ = "\n".join(
        [
            "NOM;Prénom;Portable;E-mail;Raison sociale",
            "Alpha;Jean;0644444444;A@X.FR;",  # by e-mail: Alpha's mobile overwritten
            "Alpha;Jean;0611111111;;",  # Alpha's old mobile (Beta's too): still Alpha, the earlier
            "Gamma;Luc;0622222222;;",  # the erased contact's mobile: a new contact
            "Martin;Léa;0677777777;;GARAGE LEFEVRE",  # works for the existing company
        ]
    )
    result = service.run(
        path=write(tmp_path, text_, name="next.csv"), kind="contacts", on_duplicate="overwrite", batch_size=1
    )
    assert (result.created, result.updated + result.unchanged, result.rejected) == (2, 2, 0), result.issues
    merged = {i.line: i.message for i in result.issues if i.outcome == "merged"}
    assert merged[2].startswith(f"same e-mail as contact #{ids['Alpha']}")
    assert merged[3].startswith(f"same phone as contact #{ids['Alpha']}")
    linked = [i for i in result.issues if i.outcome == "linked"]
    assert [i.line for i in linked] == [5] and f"company #{ids['Garage Lefèvre']}" in linked[0].done
    assert len(contacts(db)) == 7


def test_duplicates_across_batches_written_beside_the_planning_are_one_contact(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    """Batch N is written on another thread while batch N+1 is planned: a contact created in one batch
    and met again in the next ones (by one key, adding another) is the same contact, never two."""
    lines = ["NOM;Prénom;Portable;Fixe;E-mail"]
    for i in range(30):
        lines.append(f"Client{i};A;06{i:08d};;c{i}@free.fr")  # batch 1 creates them
    for i in range(30):
        lines.append(f"Client{i};A;;01{i:08d};c{i}@free.fr")  # batch 2: same e-mail, adds a landline
    for i in range(30):
        lines.append(f"Client{i};A;;01{i:08d};C{i}@FREE.FR")  # batch 3: both keys at once
    result = service.run(path=write(tmp_path, "\n".join(lines)), kind="contacts", batch_size=30)
    outcome = (result.created, result.updated, result.unchanged, result.rejected)
    assert outcome == (30, 30, 30, 0), result.issues
    people = contacts(db)
    assert len(people) == 30
    assert all(p.mobile and p.landline for p in people)
    assert sys.getswitchinterval() == pytest.approx(0.005)  # the pipeline put it back
    assert gc.get_freeze_count() == 0 and gc.get_threshold()[0] == 700  # and the collector's settings


def test_batches_that_json_cannot_carry_are_bound_row_by_row(
    service: ImportService, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dealercrm.db import bulk

    monkeypatch.setattr(bulk, "json_insert", lambda *args, **kwargs: None)
    lines = ["NOM;Portable;Opt-in SMS"] + [f"Client{i};06{i:08d};oui" for i in range(120)]
    result = service.run(path=write(tmp_path, "\n".join(lines)), kind="contacts", batch_size=60)
    assert result.created == 120 and count(db, Contact) == 120 and count(db, Consent) == 120
    with db.session_factory() as session:
        journal = session.scalar(select(func.count()).select_from(ImportRow))
    assert journal == 120


def test_a_large_batch_is_stored_exactly_as_row_by_row(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    """From 50 rows a batch reaches SQLite as one JSON array: every kind of value comes out the same."""
    header = "Civilité;NOM;Prénom;Portable;E-mail;CP;Ville;Date de naissance;Opt-in SMS;Commentaire"
    row = 'M.;L\'Écuyer;Zoé {i};06 {i:02d} 00 00 01;z{i}@free.fr;06000;Nice;03/02/1980;oui;"Dit ""ok"""'
    path = write(tmp_path, "\n".join([header, *(row.format(i=i) for i in range(60))]))
    service.run(path=path, kind="contacts", batch_size=60)
    small = tmp_path / "one.csv"
    small.write_text("\n".join([header, row.format(i=99)]), encoding="utf-8")
    service.run(path=small, kind="contacts", batch_size=60)
    people = {p.email: p for p in contacts(db)}
    bulk, single = people["z7@free.fr"], people["z99@free.fr"]
    for name in ("civility", "last_name", "postal_code", "city", "birth_date", "notes", "kind", "country"):
        assert getattr(bulk, name) == getattr(single, name), name
    assert (bulk.last_name, bulk.birth_date, bulk.mobile) == ("L'Écuyer", dt.date(1980, 2, 3), "+33607000001")
    assert bulk.notes == 'Dit "ok"'
    if db.is_sqlite:  # the FTS5 index the bulk path fills itself
        with db.session_factory() as session:
            found = session.execute(
                text("SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH 'ecuyer'")
            ).all()
        assert len(found) == 61


def test_a_batch_the_database_cannot_write_fails_the_run_and_keeps_the_earlier_ones(
    service: ImportService, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dealercrm.services.importing import engine

    lines = ["NOM;Portable"] + [f"Client{i};06{i:08d}" for i in range(35)]
    flushed = []
    real_flush = engine._ContactWriter.flush

    def flush_then_break(self: object, conn: object, counts: object, planned: object) -> object:
        flushed.append(1)
        if len(flushed) == 2:
            raise OSError("disk full")
        return real_flush(self, conn, counts, planned)  # type: ignore[arg-type]

    monkeypatch.setattr(engine._ContactWriter, "flush", flush_then_break)
    with pytest.raises(OSError, match="disk full"):
        service.run(path=write(tmp_path, "\n".join(lines)), kind="contacts", batch_size=10)
    assert count(db, Contact) == 10
    with db.session_factory() as session:
        run = session.scalars(select(ImportRun)).one()
    assert run.status == "failed"
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_imported_people_are_found_and_the_next_contact_gets_a_new_id(
    service: ImportService, db: Database, admin: Actor, tmp_path: Path
) -> None:
    """However the batches reached the database (SQLite: one JSON insert each, the full-text trigger set
    aside; PostgreSQL: COPY, two batches in flight on two connections), search finds the people, accents
    folded, and no id the import took is handed out again."""
    from dealercrm.services.search import SearchService

    lines = ["NOM;Prénom;Portable"] + [f"Lefèvre{i};Élodie;06{i:08d}" for i in range(130)]
    result = service.run(path=write(tmp_path, "\n".join(lines)), kind="contacts", batch_size=60)
    assert (result.created, result.rejected) == (130, 0)
    people = {p.last_name: p.id for p in contacts(db)}
    search = SearchService(db.session_factory, actor=admin)
    assert search.search_contacts(query="lefevre129 elodie") == [people["Lefèvre129"]]
    assert len(search.search_contacts(query="Lefèvre1", limit=100)) == 41  # 1, 10-19, 100-129
    with db.session_factory.begin() as session:
        later = Contact(kind=ContactKind.PERSON, last_name="Après")
        session.add(later)
        session.flush()
        assert later.id > max(people.values())


def test_dry_run_writes_nothing(service: ImportService, db: Database, tmp_path: Path) -> None:
    result = service.run(path=write(tmp_path, "\n".join([HEADER, *ROWS])), kind="contacts", dry_run=True)
    assert (result.status, result.created, result.run_id) == ("dry_run", 3, None)
    assert count(db, Contact) == 0
    assert count(db, ImportRun) == 0


def test_preview_shows_rows_as_stored(service: ImportService, tmp_path: Path) -> None:
    path = write(tmp_path, "\n".join([HEADER, ROWS[0], "M.;Bad;Row;123;;;;;;"]))
    mapping = service.inspect(path=path, kind="contacts").mapping
    first, second = service.preview(path=path, kind="contacts", mapping=mapping)
    assert first.action == "create" and first.values["mobile"] == "+33612345678"
    assert first.values["birth_date"] == "1970-03-15"
    assert second.action == "reject" and second.issues[0].column == "Tél. portable"


def test_undo_removes_what_the_import_added_and_restores_what_it_changed(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    service.run(
        path=write(tmp_path, "NOM;Portable;Ville\nAncien;0612345678;Paris\n", name="a.csv"), kind="contacts"
    )
    text = "NOM;Portable;Ville;Opt-in SMS\nAncien;0612345678;Lyon;oui\nNouveau;0698765432;Nice;oui\n"
    result = service.run(path=write(tmp_path, text, name="b.csv"), kind="contacts", on_duplicate="overwrite")
    assert (result.created, result.updated) == (1, 1)
    undo = service.undo(run_id=result.run_id or 0)
    assert undo.deleted == {"consents": 1, "contacts": 1}
    assert undo.restored == 1
    (person,) = contacts(db)
    assert person.city == "Paris"
    assert count(db, Consent) == 0
    with db.session_factory() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "imports", AuditEntry.action == AuditAction.DELETE)
        ).one()
        assert session.get_one(ImportRun, result.run_id).status == "undone"
    assert entry.entity_id == result.run_id
    with pytest.raises(Exception, match="already undone"):
        service.undo(run_id=result.run_id or 0)


def test_undo_keeps_contacts_that_have_been_used_since(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    result = service.run(
        path=write(tmp_path, "NOM;Portable\nUn;0611111111\nDeux;0622222222\n"), kind="contacts"
    )
    with db.session_factory.begin() as session:
        first = session.scalars(select(Contact).where(Contact.last_name == "Un")).one()
        session.add(
            Interaction(contact_id=first.id, type=InteractionType.CALL, summary="called after the import")
        )
    undo = service.undo(run_id=result.run_id or 0)
    assert (undo.deleted, undo.kept) == ({"contacts": 1}, {"contacts": 1})
    assert [c.last_name for c in contacts(db)] == ["Un"]


def test_only_managers_and_admins_import(
    db: Database, salesperson: Actor, store: MappingStore, tmp_path: Path
) -> None:
    service = ImportService(db.session_factory, actor=salesperson, mapping_store=store)
    with pytest.raises(PermissionDenied):
        service.run(path=write(tmp_path, "NOM\nDupont\n"), kind="contacts")


# --- The other kinds ------------------------------------------------------------------------------


@pytest.mark.parametrize("read_all", [False, True], ids=["asked-per-batch", "all-read-first"])
def test_vehicles_with_owners_and_sales_then_visits_claims_interactions(
    service: ImportService,
    db: Database,
    tmp_path: Path,
    manager: Actor,
    monkeypatch: pytest.MonkeyPatch,
    read_all: bool,
) -> None:
    # Existing contacts and records read whole at the start, or asked for by each batch's rows.
    monkeypatch.setattr(import_engine, "READ_ALL_CONTACTS_PER_LINE", 100.0 if read_all else 0.0)
    vehicles = (
        "Immatriculation;VIN;Marque;Modèle;Énergie;Date de mise en circulation;Kilométrage;Nom;Prénom;"
        "Portable;Date de vente;Prix;Financement;Vendeur\n"
        "ab-123-cd;VF1AB000123456789;Renault;Clio;Essence;15/03/2019;45 000 km;Dupont;Jean;0612345678;"
        "20/03/2019;15 990,00 €;LOA;marc\n"
        "EF456GH;;Peugeot;3008;Hybride;01/06/2021;12000;Dupont;Jean;06 12 34 56 78;;;;\n"
        "XX;;;Sans marque;;;;;;;;;;\n"
    )
    result = service.run(path=write(tmp_path, vehicles, name="vo.csv"), kind="vehicles")
    assert (result.created, result.rejected) == (2, 1), result.issues
    with db.session_factory() as session:
        cars = session.scalars(select(Vehicle).order_by(Vehicle.id)).all()
        sale = session.scalars(select(Sale)).one()
        owner = session.get_one(Contact, sale.contact_id)
    assert [c.plate for c in cars] == ["AB-123-CD", "EF-456-GH"]
    assert cars[0].stock_status is StockStatus.SOLD and cars[1].stock_status is StockStatus.CUSTOMER_OWNED
    assert cars[0].mileage_km == 45000 and cars[0].first_registration_on == dt.date(2019, 3, 15)
    assert cars[1].owner_contact_id == owner.id  # the same owner, found again by phone
    assert (sale.price, sale.salesperson_id, owner.lifecycle) == (
        Decimal("15990.00"),
        manager.id,
        Lifecycle.CUSTOMER,
    )
    assert count(db, Contact) == 1

    visits = (
        "Immat;Date;Type;Km;Montant\nAB123CD;10/04/2022;Révision;60 000;189,90\nZZ-999-ZZ;10/04/2022;CT;;\n"
    )
    visits_result = service.run(path=write(tmp_path, visits, name="atelier.csv"), kind="service_visits")
    assert (visits_result.created, visits_result.rejected) == (1, 1)
    assert "import the vehicles first" in visits_result.issues[0].message
    claims = (
        "Email client;Tél client;Immatriculation;Description;Gravité;Date\n"
        ";0612345678;AB-123-CD;Bruit;haute;02/05/2022\n"
    )
    assert service.run(path=write(tmp_path, claims, name="sav.csv"), kind="claims").created == 1
    interactions = "Téléphone;Date;Type;Résumé\n06 12 34 56 78;03/05/2022 10:15;Appel;Rappel satisfaction\n"
    assert service.run(path=write(tmp_path, interactions, name="hist.csv"), kind="interactions").created == 1
    with db.session_factory() as session:
        visit = session.scalars(select(ServiceVisit)).one()
        claim = session.scalars(select(Claim)).one()
        call = session.scalars(select(Interaction)).one()
    assert (visit.amount, visit.contact_id, visit.mileage_km) == (Decimal("189.90"), owner.id, 60000)
    assert claim.vehicle_id == cars[0].id and claim.due_at > claim.opened_at
    # Severity high: 16 working hours (9:00-18:00, Paris) from Monday 2 May 2022 -> Tuesday 16:00.
    assert claim.due_at == dt.datetime(2022, 5, 3, 14, 0, tzinfo=dt.UTC)
    assert call.occurred_at == dt.datetime(2022, 5, 3, 8, 15, tzinfo=dt.UTC)
    same_file = service.run(path=write(tmp_path, claims, name="sav-copie.csv"), kind="claims")
    assert (same_file.created, same_file.already_imported) == (0, 1)
    other_file = service.run(path=write(tmp_path, claims + "\n", name="sav-bis.csv"), kind="claims")
    assert (other_file.created, other_file.skipped) == (0, 1)
    again = service.run(path=write(tmp_path, visits + "\n", name="atelier-bis.csv"), kind="service_visits")
    assert (again.created, again.skipped) == (0, 1)
    again = service.run(path=write(tmp_path, interactions + "\n", name="hist-bis.csv"), kind="interactions")
    assert (again.created, again.skipped) == (0, 1)


# --- Command line ---------------------------------------------------------------------------------


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="dealercrm")
    parser.add_argument("--db")
    cli_data.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    code = cli_data.run(args, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_import_report_list_undo(db_path: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "\n".join([HEADER, ROWS[0], "M.;Bad;Row;123;;;;;;"]))
    report = tmp_path / "errors.csv"
    code, out, _err = run_cli(["--db", str(db_path), "import", "contacts", str(path), "--dry-run"])
    assert code == 1 and "Dry run" in out and "line 3 [Tél. portable]" in out
    code, out, _err = run_cli(
        ["--db", str(db_path), "import", "contacts", str(path), "--report", str(report)]
    )
    assert code == 1 and "created 1" in out
    assert report.read_text(encoding="utf-8-sig").count("\n") == 2
    code, out, _err = run_cli(["--db", str(db_path), "import", "list"])
    assert code == 0 and "#1" in out and "contacts" in out
    code, out, _err = run_cli(["--db", str(db_path), "import", "undo", "1"])
    assert code == 0 and "undone" in out
    # A mapping file chooses how a value reads and what a duplicate does.
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": {"NOM": "last_name", "Tél. portable": "mobile", "Origine": "source_channel"},
                "values": {"Origine": {"Salon auto": "phone"}},
                "on_duplicate": "skip",
            }
        ),
        encoding="utf-8",
    )
    sourced = write(tmp_path, "NOM;Tél. portable;Origine\nWeber;0633445566;salon AUTO\n", name="s.csv")
    code, out, _err = run_cli(
        ["--db", str(db_path), "import", "contacts", str(sourced), "--mapping", str(mapping)]
    )
    assert code == 0 and "created 1" in out
    database = open_database(db_path)
    with database.session_factory() as session:
        assert session.scalar(select(Contact.source_channel).where(Contact.last_name == "Weber")) == "phone"
    database.dispose()
    again = write(tmp_path, "NOM;Tél. portable;Origine\nWEBER;06 33 44 55 66;Salon\n", name="s2.csv")
    code, out, _err = run_cli(
        ["--db", str(db_path), "import", "contacts", str(again), "--mapping", str(mapping)]
    )
    assert code == 0 and "skipped 1" in out
    mapping.write_text('{"NOM": "nope"}', encoding="utf-8")
    code, _out, err = run_cli(
        ["--db", str(db_path), "import", "contacts", str(path), "--mapping", str(mapping)]
    )
    assert code == 2 and "nope" in err
    code, _out, err = run_cli(["--db", str(db_path), "import", "contacts", str(tmp_path / "missing.csv")])
    assert code == 1 and "does not exist" in err


def test_a_wrong_vin_check_digit_refuses_only_north_american_vins(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    vehicles = (
        "Immatriculation;VIN;Marque;Modèle\n"
        "AB-123-CD;VF1RFB00356789012;Renault;Clio\n"  # European, check digit should be 9: a warning
        "EF-456-GH;1HGCM82643A004352;Honda;Accord\n"  # North American, should be 3: refused
        "GH-789-JK;VF1RFB00956789012;Renault;Mégane\n"  # right check digit: nothing to say
    )
    result = service.run(path=write(tmp_path, vehicles, name="vo.csv"), kind="vehicles")
    assert (result.created, result.rejected) == (2, 1), result.issues
    by_outcome = {(i.line, i.outcome): i for i in result.issues}
    assert set(by_outcome) == {(2, "warning"), (3, "rejected")}
    warning = by_outcome[2, "warning"]
    assert warning.column == "VIN" and "should be 9" in warning.message
    assert "should be 3" in by_outcome[3, "rejected"].message
    with db.session_factory() as session:
        assert session.scalars(select(Vehicle.vin).order_by(Vehicle.id)).all() == [
            "VF1RFB00356789012",
            "VF1RFB00956789012",
        ]


@pytest.mark.postgres
def test_on_postgresql_the_name_indexes_covered_by_their_twins_are_dropped_and_come_back(
    db: Database,
) -> None:
    """Migration 0019: every contact written updates two indexes fewer on PostgreSQL; a downgrade puts
    them back as 0001 made them (SQLite keeps them: its list walks them by name). The company twin goes
    too at 0023 (test below)."""
    from alembic import command

    from dealercrm.db.migrate import alembic_config

    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's indexes")
    query = text(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'contacts' "
        "AND indexname IN ('ix_contacts_name', 'ix_contacts_company', 'ix_contacts_name_id', "
        "'ix_contacts_company_id')"
    )

    def indexes() -> dict[str, str]:
        with db.engine.connect() as conn:
            return {name: definition.split(" USING ")[1] for name, definition in conn.execute(query)}

    assert set(indexes()) == {"ix_contacts_name_id"}
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0018_pg_search")
    back = indexes()
    assert back["ix_contacts_name"] == "btree (last_name, first_name)"
    assert back["ix_contacts_company"] == "btree (company_name)"
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    assert set(indexes()) == {"ix_contacts_name_id"}


def _contacts_indexes(db: Database) -> dict[str, str]:
    """{name: definition} of the indexes of `contacts`, on either database."""
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "postgresql":
            query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'contacts'"
        else:
            query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts'"
        return {name: definition or "" for name, definition in conn.exec_driver_sql(query)}


def test_migration_0023_drops_the_unread_company_index_on_postgresql_only(db: Database) -> None:
    """Migration 0023: on PostgreSQL every contact written updates one index fewer, the (company_name,
    id) one that the companies' partial index of 0012 replaced; a downgrade puts it back as 0008 made
    it. SQLite never had it: its indexes stay as they are both ways."""
    from alembic import command

    from dealercrm.db.migrate import alembic_config

    on_postgresql = db.engine.dialect.name == "postgresql"
    at_head = _contacts_indexes(db)
    assert "ix_contacts_company_id" not in at_head
    assert ("ix_contacts_companies_only" in at_head) == on_postgresql
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0022_kpi_cohorts")
    back = _contacts_indexes(db)
    if on_postgresql:
        assert set(back) - set(at_head) == {"ix_contacts_company_id"}
        assert back["ix_contacts_company_id"].split(" USING ")[1] == (
            "btree (company_name NULLS FIRST, id NULLS FIRST)"
        )
    else:
        assert back == at_head
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    assert _contacts_indexes(db) == at_head
