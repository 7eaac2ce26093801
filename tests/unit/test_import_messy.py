"""The importer tried as a new dealership would: old customer files with free-text sources, companies,
history dates and duplicates, built here (no checked-in data files). Nothing a person typed may cost a
row, and every value read, guessed, kept or merged is said, with its line."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import Contact, ContactLink
from dealercrm.models.enums import Civility, ContactKind, Fuel, Lifecycle, LinkKind, SourceChannel
from dealercrm.services.importing import (
    ImportMapping,
    ImportResult,
    ImportService,
    MappingStore,
    read_mapping_file,
    write_error_report,
    write_mapping_file,
)
from dealercrm.services.permissions import Actor

# The dealership's old customer file: Windows-1252, semicolons, French headers, sources as typed.
OLD_FILE = [
    "Civilité;Nom;Prénom;Société;Tél;E-mail;Adresse;CP;Ville;Origine;Date de création;Notes",
    "M.;Martin;Paul;;06 11 22 33 44;paul.martin@orange.fr;3 place de la République;6700;Strasbourg;"
    "Site internet;12/03/2024;Cherche un SUV hybride, budget 35 k€",
    "Mme;Durand;Claire;;06 22 33 44 55;;;67000;Strasbourg;Passage showroom;05/06/2024;",
    ";SARL Garage Weber;;;03 88 11 22 33;contact@weber.fr;;67100;Strasbourg;Salon auto;;",
    "M.;Klein;Marc;Transports Klein;06 33 44 55 66;m.klein@tk.fr;;67200;Strasbourg;Instagram;01/09/2024;",
    "Mr;Schmitt;Luc;;06 44 55 66 77;;;68000;Colmar;Recommandé par un ami;;",
    "Mlle;Muller;Anne;;06 55 66 77 88;;;13001;Strasbourg;Facebok;;",
    "M;Roth;Yves;Transports Klein;06 66 77 88 99;;;67200;Strasbourg;Bouche à oreille;;",
    "Madame;Bauer;Eva;;06 77 88 99 00;;;67000;Strasbourg;???;;",
    # A duplicate of Paul Martin (same mobile): must not overwrite his note nor "République".
    "M.;Martin;Paul;;0611223344;;3 place de la Republique;67000;Strasbourg;Site web;;Rappeler en janvier",
]


@pytest.fixture
def service(db: Database, admin: Actor, tmp_path: Path) -> ImportService:
    return ImportService(db.session_factory, actor=admin, mapping_store=MappingStore(tmp_path / "m.json"))


def write(tmp_path: Path, lines: list[str], *, encoding: str = "cp1252", name: str = "clients.csv") -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def day(moment: dt.datetime | None) -> dt.date | None:
    """The dealership's calendar day of a stored (UTC) moment: a date alone is its local midnight."""
    return moment.astimezone(ZoneInfo("Europe/Paris")).date() if moment is not None else None


def everyone(db: Database) -> list[Contact]:
    with db.session_factory() as session:
        return list(session.scalars(select(Contact).order_by(Contact.id)))


def by_line(result: ImportResult, outcome: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for issue in result.issues:
        if issue.outcome == outcome:
            found.setdefault(issue.line, []).append(
                f"{issue.column}|{issue.value}|{issue.done}|{issue.message}"
            )
    return found


def test_the_old_customer_file_loses_nobody(service: ImportService, db: Database, tmp_path: Path) -> None:
    result = service.run(path=write(tmp_path, OLD_FILE), kind="contacts")
    assert result.rejected == 0, result.issues
    assert (result.created, result.unchanged + result.updated) == (8, 1)
    people = {c.display_name: c for c in everyone(db)}
    assert people["Paul Martin"].source_channel is SourceChannel.WEBSITE
    assert people["Claire Durand"].source_channel is SourceChannel.WALK_IN
    assert people["SARL Garage Weber"].source_channel is SourceChannel.EVENT
    assert people["Marc Klein"].source_channel is SourceChannel.SOCIAL
    assert people["Luc Schmitt"].source_channel is SourceChannel.REFERRAL
    assert people["Anne Muller"].source_channel is SourceChannel.SOCIAL  # "Facebok": a typo
    assert people["Yves Roth"].source_channel is SourceChannel.REFERRAL
    assert people["Eva Bauer"].source_channel is SourceChannel.OTHER  # "???": other, and said
    assert people["Anne Muller"].civility is Civility.MRS
    warnings = by_line(result, "warning")
    assert any("'???' is not a known source: stored as 'other'" in w for w in warnings[9])
    assert any("'Facebok' read as source 'social'" in w for w in warnings[7])
    # History: created in 2024, not on the day of the import.
    assert day(people["Paul Martin"].created_at) == dt.date(2024, 3, 12)
    assert day(people["Claire Durand"].created_at) == dt.date(2024, 6, 5)
    # "6700" beside Strasbourg is not 06700 (Alpes-Maritimes): kept as typed and flagged.
    assert people["Paul Martin"].postal_code == "6700"
    assert any("département 06" in w and "Strasbourg is in 67" in w for w in warnings[2])
    # 13001 is Marseille's: stored as typed, flagged.
    assert people["Anne Muller"].postal_code == "13001"
    assert any("13001 is in département 13, but Strasbourg is in 67" in w for w in warnings[7])


def test_companies_are_companies_and_their_people_work_for_them(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    result = service.run(path=write(tmp_path, OLD_FILE), kind="contacts")
    people = {c.display_name: c for c in everyone(db)}
    weber = people["SARL Garage Weber"]
    assert weber.kind is ContactKind.COMPANY and weber.last_name is None
    klein = people["Transports Klein"]  # one company for the two people who work there
    assert klein.kind is ContactKind.COMPANY
    assert people["Marc Klein"].kind is ContactKind.PERSON
    with db.session_factory() as session:
        links = {
            (link.from_contact_id, link.to_contact_id, link.kind)
            for link in session.scalars(select(ContactLink))
        }
    assert links == {
        (people["Marc Klein"].id, klein.id, LinkKind.EMPLOYEE),
        (people["Yves Roth"].id, klein.id, LinkKind.EMPLOYEE),
    }
    linked = by_line(result, "linked")
    assert sorted(linked) == [5, 8]
    assert "company created" in linked[5][0] and "company created" not in linked[8][0]
    # Undo removes the links with the contacts.
    service.undo(run_id=result.run_id or 0)
    assert everyone(db) == []


def test_a_duplicate_fills_blanks_and_says_what_it_changed(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    result = service.run(path=write(tmp_path, OLD_FILE), kind="contacts")
    paul = next(c for c in everyone(db) if c.display_name == "Paul Martin")
    assert paul.address_line1 == "3 place de la République"
    assert paul.notes == "Cherche un SUV hybride, budget 35 k€\n\nRappeler en janvier"
    (merged,) = by_line(result, "merged")[10]
    assert "same phone as an earlier row of this file" in merged
    assert "notes: added below the existing note" in merged
    assert "address_line1 '3 place de la République' (the file says '3 place de la Republique')" in merged


def test_the_report_explains_each_value_with_its_line(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    result = service.run(path=write(tmp_path, OLD_FILE), kind="contacts")
    report = tmp_path / "report.csv"
    written = write_error_report(result, report)
    with report.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert written == len(rows) == len(result.issues)
    assert all(row["line"] and row["what was done"] and row["why"] for row in rows)
    origin = [row for row in rows if row["column"] == "Origine"]
    assert {row["value"] for row in origin} >= {"???", "Facebok", "Recommandé par un ami"}
    assert [row["line"] for row in rows] == sorted((row["line"] for row in rows), key=int)


# A second file: other headers, other sources, companies by SIREN, history, duplicates in the file.
OTHER_FILE = [
    "Export CRM du 02/01/2025",
    "Raison sociale,Nom de famille,Prénom,N° SIRET,Portable,Courriel,Code postal,Ville,"
    "Canal d'acquisition,Client depuis,Date dernier achat,Statut,Commentaires",
    ",AMBULANCES DU RHIN,,73282932000074,0611111111,,67000,Strasbourg,LeBonCoin,03/02/2019,,,",
    ",Keller,Sophie,,0622222222,sophie@keller.fr,69001,Lyon,Foire de Paris,2021-05-17,15/01/2023,,VIP",
    ",Weiss,Tom,,0633333333,,31000,Toulouse,campagne emailing,,,Ancien client,",
    ",keller,sophie,,06 22 22 22 22,SOPHIE@KELLER.FR,69001,Lyon,foire,,,,Voiture de courtoisie",
    "EURL Fischer Conseil,Fischer,Hans,,0644444444,,75011,Paris 11e,PARRAINAGE,,,Prospect,",
    ",Zimmer,Léa,,0655555555,,1000,Bourg-en-Bresse,n'importe quoi,,,Bof,",
    ",Hoffmann,,,0666666666,,1000,Lyon,Tél,,,,",
]


def test_a_second_messy_file(service: ImportService, db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, OTHER_FILE, encoding="utf-8-sig", name="export.csv")
    overview = service.inspect(path=path, kind="contacts")
    assert overview.mapping["Raison sociale"] == "company_name"
    assert overview.mapping["N° SIRET"] == "siren"
    assert overview.mapping["Canal d'acquisition"] == "source_channel"
    assert overview.mapping["Client depuis"] == "created_at"
    assert overview.mapping["Date dernier achat"] == "last_purchase_at"
    result = service.run(path=path, kind="contacts")
    assert result.rejected == 0, result.issues
    people = {c.display_name: c for c in everyone(db)}
    rhin = people["AMBULANCES DU RHIN"]
    assert (rhin.kind, rhin.siren) == (ContactKind.COMPANY, "732829320")
    assert rhin.source_channel is SourceChannel.WEBSITE
    assert day(rhin.created_at) == dt.date(2019, 2, 3)
    sophie = people["Sophie Keller"]
    assert sophie.source_channel is SourceChannel.EVENT
    assert day(sophie.created_at) == dt.date(2021, 5, 17)
    assert day(sophie.last_contact_at) == dt.date(2023, 1, 15)
    assert sophie.lifecycle is Lifecycle.CUSTOMER  # a purchase date: a customer
    assert sophie.notes == "VIP\n\nVoiture de courtoisie"
    assert people["Tom Weiss"].source_channel is SourceChannel.CAMPAIGN
    assert people["Tom Weiss"].lifecycle is Lifecycle.CUSTOMER
    assert people["Hans Fischer"].source_channel is SourceChannel.REFERRAL
    assert people["EURL Fischer Conseil"].kind is ContactKind.COMPANY
    assert people["Léa Zimmer"].source_channel is SourceChannel.OTHER
    assert people["Léa Zimmer"].lifecycle is Lifecycle.PROSPECT  # "Bof": default, and said
    assert people["Léa Zimmer"].postal_code == "01000"  # padded, and said
    assert people["Hoffmann"].postal_code == "1000"  # 01000 is not Lyon: kept as typed
    warnings = by_line(result, "warning")
    assert any("'Bof' is not a known status: left empty" in w for w in warnings[8])
    assert any("stored as 01000" in w for w in warnings[8])
    assert any("kept as typed (1000)" in w for w in warnings[9])


def test_choices_are_proposed_and_can_be_changed_through_the_mapping_file(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    path = write(tmp_path, OLD_FILE)
    mapping = service.inspect(path=path, kind="contacts").mapping
    columns = service.propose_choices(path=path, kind="contacts", mapping=mapping)
    by_header = {column.header: column for column in columns}
    assert set(by_header) == {"Civilité", "Origine"}
    origin = {p.value: p for p in by_header["Origine"].values}
    assert origin["Site internet"].proposed == "website"
    assert origin["???"].proposed == "other" and origin["???"].how == "unknown"
    assert "walk_in" in by_header["Origine"].options
    mapping_file = tmp_path / "mapping.json"
    write_mapping_file(mapping_file, mapping=mapping, columns=columns, on_duplicate="update")
    data = json.loads(mapping_file.read_text(encoding="utf-8"))
    assert data["values"]["Origine"]["Salon auto"]["use"] == "event"
    data["values"]["Origine"]["???"]["use"] = "phone"  # the user knows better
    data["on_duplicate"] = "overwrite"
    mapping_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    chosen = read_mapping_file(mapping_file, kind="contacts")
    assert isinstance(chosen, ImportMapping) and chosen.on_duplicate == "overwrite"
    result = service.run(path=path, kind="contacts", mapping=chosen)
    people = {c.display_name: c for c in everyone(db)}
    assert people["Eva Bauer"].source_channel is SourceChannel.PHONE
    assert people["Paul Martin"].notes == "Rappeler en janvier"  # overwrite, as the file asked
    assert not [i for i in result.issues if i.column == "Origine"]  # every value was confirmed


def test_a_wrong_code_in_the_mapping_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mapping.json"
    path.write_text(
        json.dumps({"columns": {"Origine": "source_channel"}, "values": {"Origine": {"Salon": "fair"}}}),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="'fair' is not a source"):
        read_mapping_file(path, kind="contacts")


def test_vehicle_fuels_and_bodies_read_leniently() -> None:
    from dealercrm.services.importing.choices import ChoiceTable
    from dealercrm.services.importing.fields import field_specs

    fuel = field_specs("vehicles")["fuel"].parse
    assert isinstance(fuel, ChoiceTable)
    assert fuel.match("1.5 BlueHDi").member is Fuel.DIESEL
    assert fuel.match("Hybride rechargeable").member is Fuel.PLUGIN_HYBRID
    assert fuel.match("Hydrogène").member is None  # no "other" fuel: left empty, and said
    assert "left empty" in fuel.match("Hydrogène").note("fuel")


def test_a_two_digit_year_is_read_and_said(service: ImportService, db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, ["Nom;Date de naissance;Date de création", "Dupont;15/03/70;02/01/24 14:30"])
    result = service.run(path=path, kind="contacts")
    assert result.created == 1
    (person,) = everyone(db)
    assert person.birth_date == dt.date(1970, 3, 15)
    assert day(person.created_at) == dt.date(2024, 1, 2)
    done = {issue.column: issue.done for issue in result.issues if issue.outcome == "warning"}
    assert done == {"Date de naissance": "read as 15/03/1970", "Date de création": "read as 02/01/2024"}


def test_a_city_shared_by_several_departements_is_not_flagged(
    service: ImportService, db: Database, tmp_path: Path
) -> None:
    path = write(tmp_path, ["Nom;CP;Ville", "Payet;97400;Saint-Denis", "Morel;75015;Paris 15e"])
    result = service.run(path=path, kind="contacts")
    assert result.created == 2 and result.issues == ()
