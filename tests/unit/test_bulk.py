"""dealercrm.db.bulk on both databases (COPY on PostgreSQL, JSON / executemany on SQLite), and the importer
through it: values stored exactly, ids from the sequence, the search index kept, undo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Table, event, func, select

from dealercrm.db import Database, bulk
from dealercrm.models import Consent, Contact, ImportRow
from dealercrm.models.base import Base
from dealercrm.models.enums import (
    Channel,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Lifecycle,
    SourceChannel,
)
from dealercrm.services.contact_edit import ContactEditService
from dealercrm.services.importing import ImportService, MappingStore
from dealercrm.services.permissions import Actor
from dealercrm.services.search import SearchService


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


CONTACTS = _table(Contact)
CONSENTS = _table(Consent)
NOW = dt.datetime(2026, 3, 14, 9, 30, 15, 123456, tzinfo=dt.UTC)
# Text that COPY's text format must escape (tab, newline, backslash, quotes) and non-ASCII.
AWKWARD = 'Dit "ok"\tpuis\\n\nà relancer; l\'Écuyer'


def contact_row(n: int, **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "kind": ContactKind.PERSON,
        "first_name": f"Zoé{n}",
        "last_name": f"Brûlé{n}",
        "company_name": None,
        "mobile": f"+336{n:08d}",
        "email": f"z{n}@exemple.fr",
        "city": "Saint-Étienne",
        "country": "FR",
        "source_channel": SourceChannel.WEBSITE,
        "lifecycle": Lifecycle.PROSPECT,
        "budget": Decimal("18500.50"),
        "birth_date": dt.date(1980, 2, 3),
        "notes": AWKWARD if n % 2 else None,
        "created_at": NOW - dt.timedelta(days=n),
        "search_phones": f"06{n:08d}",
    }
    row.update(overrides)
    return row


def test_insert_rows_stores_every_kind_of_value_as_the_orm_does(db: Database) -> None:
    rows = [contact_row(n) for n in range(120)]  # past JSON_ROWS_FROM: SQLite's one-statement path
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    with db.engine.begin() as conn:
        ids = bulk.insert_rows(conn, CONTACTS, rows, constants={"updated_at": NOW, "version": 1})
    event.remove(db.engine, "before_cursor_execute", seen)
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT")]
    # PostgreSQL: COPY on the driver's cursor, no INSERT; SQLite: one INSERT ... SELECT FROM json_each.
    assert len(inserts) == (0 if db.engine.dialect.name == "postgresql" else 1), inserts
    assert len(ids) == 120 and ids == sorted(ids) and len(set(ids)) == 120
    with db.session_factory() as session:
        stored = {c.id: c for c in session.scalars(select(Contact))}
    for ident, row in zip(ids, rows, strict=True):
        contact = stored[ident]
        for name, value in row.items():
            assert getattr(contact, name) == value, name
        assert contact.updated_at == NOW and contact.version == 1


def test_a_value_the_binary_copy_cannot_write_goes_in_as_the_text_format_reads_it(db: Database) -> None:
    # PostgreSQL copies in the binary format, which writes an integer column from Python ints only: a
    # digit string there (which the text format lets the server read) sends the batch again as text,
    # in the same transaction. SQLite stores it by the column's affinity.
    rows = [contact_row(n, score="42" if n == 7 else n) for n in range(60)]
    with db.engine.begin() as conn:
        ids = bulk.insert_rows(conn, CONTACTS, rows, constants={"updated_at": NOW, "version": 1})
        # The transaction goes on after the binary attempt failed.
        more = bulk.insert_rows(conn, CONTACTS, [contact_row(100 + n) for n in range(3)], constants={})
    with db.session_factory() as session:
        found = session.execute(select(Contact.id, Contact.score).where(Contact.id.in_(ids)))
        scores = {ident: score for ident, score in found}
        assert session.scalar(select(func.count(Contact.id))) == 63 and len(more) == 3
    assert [scores[i] for i in ids] == [42 if n == 7 else n for n in range(60)]


def test_ids_come_after_existing_rows_and_the_next_ordinary_insert_does_not_collide(
    db: Database, salesperson: Actor
) -> None:
    editor = ContactEditService(db.session_factory, actor=salesperson)
    before = editor.create(values={"last_name": "Avant", "mobile": "06 99 99 99 01"}).id
    with db.engine.begin() as conn:
        ids = bulk.insert_rows(conn, CONTACTS, [contact_row(n) for n in range(60)], constants={"version": 1})
        # Rows without ids of their own (the journal's): numbered by the table's default.
        consents = [
            {
                "contact_id": ident,
                "channel": Channel.SMS,
                "purpose": ConsentPurpose.PROSPECTING,
                "status": ConsentStatus.GRANTED,
                "recorded_at": NOW,
                "proof": "test",
            }
            for ident in ids
        ]
        assert bulk.insert_rows(conn, CONSENTS, consents, constants={}, ids=False) == []
    assert min(ids) > before
    after = editor.create(values={"last_name": "Après", "mobile": "06 99 99 99 02"}).id
    assert after > max(ids)
    with db.session_factory() as session:
        assert session.scalar(select(func.count(Consent.id))) == 60


def test_next_ids_are_distinct_and_increasing(db: Database) -> None:
    with db.engine.begin() as conn:
        first = list(bulk.next_ids(conn, CONTACTS, 5))
        assert list(bulk.next_ids(conn, CONTACTS, 0)) == []
    assert first == sorted(set(first)) and len(first) == 5


def write_file(tmp_path: Path, rows: int) -> Path:
    lines = ["NOM;Prénom;Portable;E-mail;Ville;Opt-in SMS"]
    lines += [
        f"Quéméner{i};Anaïs;06 {i // 10000:02d} {i // 100 % 100:02d} {i % 100:02d} 17;"
        f"a{i}@exemple.fr;Brest;oui"
        for i in range(rows)
    ]
    path = tmp_path / "clients.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_import_is_searchable_then_undone_and_new_contacts_still_get_ids(
    db: Database, admin: Actor, salesperson: Actor, tmp_path: Path
) -> None:
    service = ImportService(db.session_factory, actor=admin, mapping_store=MappingStore(tmp_path / "m.json"))
    result = service.run(path=write_file(tmp_path, 700), kind="contacts", batch_size=300)
    assert (result.status, result.created, result.rejected) == ("done", 700, 0)
    with db.session_factory() as session:
        assert session.scalar(select(func.count(ImportRow.id))) == 700
        assert session.scalar(select(func.count(Consent.id))) == 700
        wanted = session.scalar(select(Contact.id).where(Contact.email == "a432@exemple.fr"))
    search = SearchService(db.session_factory, actor=admin)
    assert wanted in search.search_contacts(query="quemener432", limit=5)
    assert wanted in search.search_contacts(query="06 00 04 32", limit=5)
    assert [hit.id for hit in search.search(query="a432@exemple", limit=5)][:1] == [wanted]
    created = ContactEditService(db.session_factory, actor=salesperson).create(
        values={"last_name": "Après-import", "mobile": "06 98 76 54 32"}
    )
    assert created.id > wanted
    undone = service.undo(run_id=result.run_id or 0)
    assert undone.deleted["contacts"] == 700
    with db.session_factory() as session:
        assert session.scalar(select(func.count(Contact.id))) == 1  # the one created since
    assert search.search_contacts(query="quemener432", limit=5) == []
    again = service.run(path=write_file(tmp_path, 700), kind="contacts", batch_size=300)
    assert again.created == 700  # the undone run's lines are imported anew
    assert search.search_contacts(query="quemener432", limit=5) != []
