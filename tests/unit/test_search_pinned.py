"""Issue 16: the same searches return the same people in the same order.

A seeded dealership of a few thousand contacts with skewed names (so that common prefixes match
thousands of rows and take the bounded-candidates path of dealercrm.db.fts), searched with a broad
query set (1-3 letter prefixes of the names, two words with a one-letter last word, phone prefixes,
cities, e-mails) as a manager and as a salesperson. The results are pinned in
tests/unit/data/search_pinned.json, written by the code before the search was made faster: a change
to the search's speed must not change what it finds. SQLite only (PostgreSQL ranks with its own
index, dealercrm.db.fts_pg).

To pin again after a deliberate change of the ranking: DEALERCRM_PIN_SEARCH=1 pytest this file.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from dealercrm.db import Database
from dealercrm.models import Contact
from dealercrm.models.enums import ContactKind, Lifecycle, Role
from dealercrm.services.permissions import Actor
from dealercrm.services.search import SearchService

PINNED = Path(__file__).parent / "data" / "search_pinned.json"
CONTACTS = 3000
LIMIT = 20

# Frequent French surnames and first names, most frequent first (weights fall off as 1/rank).
LAST_NAMES = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre "
    "Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent "
    "Muller Lefevre Faure Andre Mercier Blanc Guerin Boyer Garnier Chevalier Francois Legrand Gauthier "
    "Garcia Perrin Robin Clement Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval "
    "Denis Dumont Marie Lemaire Noel Meyer Dufour Meunier Brun Blanchard Giraud Joly Riviere Lucas "
    "Brunet Gaillard Barbier Arnaud Martinez Gerard Roche Renard Schmitt Roy Leroux Colin Vidal Caron "
    "Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoit "
    "Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger "
    "Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein "
    "Jacquet Adam Paris Poirier Marty Aubry Guyot Carre Charles Renault Charpentier Menard Maillard "
    "Baron Bertin Bailly Herve Schneider Fernandez Le\u00a0Gall Collet Leger Bouvier Julien Prevost "
    "Millet Perrot Daniel Le\u00a0Roux Cousin Germain Breton Besson Langlois Remy Le\u00a0Goff Pelletier "
    "Leveque Perrier Leblanc Barre Lebrun Marchal Weber Mallet Hamon Boulanger Jacob Monnier Michaud "
    "Rodriguez Guichard Gillet Etienne Grondin Poulain Tessier Chevallier Collin Chauvin Da\u00a0Silva "
    "Bouchet Gay Lemaitre Benard Marechal Humbert Reynaud Antoine Hoarau Perret Barthelemy Cordier "
    "Pichon Lejeune Gilbert Lamy Delaunay Pasquier Carlier Laporte De\u00a0Sousa Dos\u00a0Santos"
).split()
FIRST_NAMES = (
    "Jean Marie Michel Philippe Nathalie Isabelle Alain Sylvie Catherine Patrick Nicolas Christophe "
    "Christine Pierre Francoise Stephane Sandrine Eric Laurent Frederic Valerie Sebastien David Julien "
    "Celine Olivier Thierry Veronique Pascal Daniel Anne Jacques Bernard Monique Nicole Helene Chantal "
    "Emilie Camille Lea Manon Chloe Ines Jade Louise Lucas Hugo Louis Gabriel Arthur Jules Adam Raphael "
    "Leo Nathan Ethan Paul Tom Theo Noah Sarah Laura Julie Marion Pauline Elodie Aurelie Audrey"
).split()
CITIES = (
    "Orléans",
    "Olivet",
    "Saint-Jean-de-Braye",
    "Fleury-les-Aubrais",
    "Saran",
    "Blois",
    "Tours",
    "Montargis",
    "Pithiviers",
    "Gien",
    "Meung-sur-Loire",
    "Beaugency",
    "Saint-Jean-de-la-Ruelle",
    "La Ferté-Saint-Aubin",
    "Chécy",
)


def _weighted(rng: random.Random, names: list[str] | tuple[str, ...]) -> str:
    return rng.choices(names, weights=[1 / (k + 1) for k in range(len(names))])[0]


@pytest.fixture
def dealership(db: Database, make_user: Callable[..., Actor]) -> dict[str, Actor]:
    manager = make_user(Role.MANAGER, login="marc")
    julie = make_user(Role.SALESPERSON, login="julie")
    other = make_user(Role.SALESPERSON, login="paul")
    rng = random.Random(16)
    names = [n.replace("\u00a0", " ") for n in LAST_NAMES]
    with db.session_factory.begin() as s:
        for n in range(CONTACTS):
            company = rng.random() < 0.08
            last = _weighted(rng, names)
            first = _weighted(rng, FIRST_NAMES)
            mobile = f"+33{rng.choice('67')}{rng.randrange(10**8):08d}" if rng.random() < 0.8 else None
            s.add(
                Contact(
                    kind=ContactKind.COMPANY if company else ContactKind.PERSON,
                    last_name=None if company else last,
                    first_name=None if company else first,
                    company_name=f"Garage {last}" if company else None,
                    mobile=mobile,
                    email=f"{first.lower()}.{last.lower().replace(' ', '')}{n}@exemple.fr"
                    if rng.random() < 0.6
                    else None,
                    city=rng.choice(CITIES) if rng.random() < 0.9 else None,
                    postal_code=f"45{rng.randrange(1000):03d}",
                    lifecycle=rng.choice((Lifecycle.PROSPECT, Lifecycle.PROSPECT, Lifecycle.CUSTOMER)),
                    owner_id=rng.choice((julie.id, other.id, None)),
                )
            )
    return {"manager": manager, "salesperson": julie}


def _queries() -> list[str]:
    rng = random.Random(1616)
    queries: set[str] = set()
    for name in [n.replace("\u00a0", " ") for n in LAST_NAMES[:60]] + list(FIRST_NAMES[:40]):
        word = name.lower()
        for k in (1, 2, 3):
            queries.add(word[:k])
    for _ in range(40):
        word = rng.choice(LAST_NAMES[:40] + FIRST_NAMES[:30]).replace("\u00a0", " ").lower().split()[0]
        queries.add(f"{word} {rng.choice('abcdefghijlmnoprst')}")
    queries |= {"de s", "le g", "da s", "jean d", "marie m", "martin j"}
    queries |= {"06", "07", "061", "072", "0612 3", "06 12", "+33 6", "0612"}
    queries |= {"orléans", "orl", "saint-jean", "saint jean de", "fleury", "tours", "la f"}
    queries |= {"garage", "garage m", "exemple", "jean.d", "marie.m"}
    return sorted(queries)


def _pinned_text(found: dict[str, dict[str, list[int]]]) -> str:
    """JSON with one line per query (diffs stay readable)."""
    blocks = []
    for who in sorted(found):
        lines = ",\n".join(f"    {json.dumps(q)}: {json.dumps(ids)}" for q, ids in sorted(found[who].items()))
        blocks.append(f"  {json.dumps(who)}: {{\n{lines}\n  }}")
    return "{\n" + ",\n".join(blocks) + "\n}\n"


@pytest.mark.sqlite_only
@pytest.mark.parametrize("pairs", [True, False], ids=["word_pairs", "lists_walked"])
def test_the_same_searches_find_the_same_people_in_the_same_order(
    dealership: dict[str, Actor], db: Database, pairs: bool
) -> None:
    """Both ways a search of a word and a letter can go (db/fts_pairs.py): through the contacts' word
    pairs once they are read, and walking the letter's list while a bulk write's are not."""
    from dealercrm.db import fts, fts_pairs

    if pairs:
        assert fts.keep_search_pairs(db.engine) == CONTACTS  # one bulk write: left to this
    with db.engine.connect() as conn:
        assert fts_pairs.current(fts._driver(conn)) is pairs  # noqa: SLF001
    found = {
        who: {
            q: SearchService(db.session_factory, actor=actor).search_contacts(query=q, limit=LIMIT)
            for q in _queries()
        }
        for who, actor in dealership.items()
    }
    assert sum(len(ids) for ids in found["manager"].values()) > 100 * LIMIT  # the set finds people
    if os.environ.get("DEALERCRM_PIN_SEARCH"):
        PINNED.parent.mkdir(exist_ok=True)
        PINNED.write_text(_pinned_text(found), encoding="utf-8")
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    for who in found:
        differing = [q for q in found[who] if found[who][q] != pinned[who].get(q)]
        assert not differing, f"{who}: {differing[:10]}"


def _contacts_fts_sql(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(
            conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'contacts_fts'").scalar_one()
        )


@pytest.mark.sqlite_only
def test_the_contacts_index_has_short_prefix_indexes_and_migration_0008_goes_down_and_up(
    db: Database, make_user: Callable[..., Actor]
) -> None:
    from alembic import command

    from dealercrm.db import fts
    from dealercrm.db.migrate import alembic_config

    manager = make_user(Role.MANAGER, login="marc")
    with db.session_factory.begin() as s:
        s.add(Contact(kind=ContactKind.PERSON, first_name="Hélène", last_name="Dupont", city="Orléans"))
    search = SearchService(db.session_factory, actor=manager)
    assert "prefix='1 2 3'" in _contacts_fts_sql(db)
    config = alembic_config()
    for target in ("0007", "head"):
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            (command.downgrade if target == "0007" else command.upgrade)(config, target)
        assert ("prefix=" in _contacts_fts_sql(db)) is (target == "head")
        with db.engine.connect() as conn:
            assert fts.check_indexes(conn) == []
        assert len(search.search_contacts(query="h d")) == 1
        assert len(search.search_contacts(query="o")) == 1


def test_the_filter_read_in_the_candidate_scans_finds_what_the_joined_filter_finds(
    dealership: dict[str, Actor], db: Database
) -> None:
    """PostgreSQL reads a filter on the searched table alone inside its candidate scans (no join back to
    the table); a filter with a join takes the joined path. Both must find the same people in the same
    order, with the same scores (SQLite joins in both cases: the same check, trivially)."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import aliased

    from dealercrm.db import fts
    from dealercrm.services.permissions import visible_contacts_clause

    same = aliased(Contact)
    then_by = (func.coalesce(Contact.last_name, Contact.company_name), Contact.first_name, Contact.id)
    compared = 0
    with db.session_factory() as session:
        conn = session.connection()
        for actor in dealership.values():
            visible = (visible_contacts_clause(actor), Contact.erased_at.is_(None))
            alone = select(Contact.id).where(*visible)
            joined = select(Contact.id).join(same, same.id == Contact.id).where(*visible)
            for q in _queries():
                found = fts.search(conn, "contacts", q, LIMIT, within=alone, then_by=then_by)
                assert found == fts.search(conn, "contacts", q, LIMIT, within=joined, then_by=then_by), q
                compared += len(found)
    assert compared > 100 * LIMIT
