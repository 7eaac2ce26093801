"""The contacts' word-pair index (SQLite): a two-word search with a one-letter word ("maggie r") without
walking that letter's list.

FTS5 answers `"maggie"* AND "r"*` by stepping through every row of the one-letter prefix's list between
the long word's rows (162,000 rows at 1M contacts): its cost grows with the dealership, and it set the
search's p95 at 1M contacts (docs/PERFORMANCE.md, "Search at 1M contacts"). Here each contact holds one
term per pair of its words: the initial of any word, then a word of at least MIN_WORD characters, the
pair of the names columns marked NAMES, that of all the indexed columns marked EVERYWHERE ("n" "r"
"maggie" -> `nrmaggie`). `"nrmaggie"*` then finds exactly the rows where `"maggie"* AND "r"*` matches
in the names, and reads those rows only.

The words are FTS5's own: `keep()` passes the rows through a temporary FTS5 table with the same columns
and tokenizer as contacts_fts and reads its tokens back (fts5vocab), so the pairs hold what the index
holds, whatever the text. SQL triggers cannot tokenize, so they only note which contacts changed
(`contacts_pairs_fts_dirty`, in plain SQL: any program may write the contacts); until `keep()` has
re-read them the index is not used (`current()`), and the search walks the lists as before: the same
rows either way. dealercrm calls `keep()` in the transaction that saved a few contacts (db/changes.py);
in the background on the main window's upkeep thread after a bulk change (an import) or another
program's writes (services/search.keep_index); in `fts.keep_merged` (the demo, the automatic backups);
before a compaction (an erasure's words must go); and after the upgrade to 0025, whose revision notes
every contact (db/migrate.py).

The pairs table is contentless (FTS5 would otherwise keep each contact's pair text: 32 MB at 100k
contacts, four times its index). To delete a contact's pairs FTS5 needs the text it indexed, so each
contact's words are kept in `contacts_pairs_fts_words`, compactly (the long words and the initials of its
names, then of all its columns), and `pair_text()` makes the same text from them again. Pairs start with
anything but a digit; a search uses them only when its letter and word are plain letters
(`query_pair()`), which every stored pair of theirs covers. A change to `pair_text()` or `_WORDS_SQL`
needs a revision that empties the index and notes every contact again: the pairs written are those of
the old rule, and deleting them needs it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

TABLE = "contacts"
PAIRS = "contacts_pairs_fts"
DIRTY = "contacts_pairs_fts_dirty"
WORDS = "contacts_pairs_fts_words"
TRIGGERS = ("contacts_pairs_ai", "contacts_pairs_ad", "contacts_pairs_au")
# The indexed columns of contacts_fts (fts.INDEXES["contacts"]), the first three the names.
COLUMNS = ("first_name", "last_name", "company_name", "email", "city", "postal_code", "search_phones")
NAME_COLUMNS = frozenset(COLUMNS[:3])
TOKENIZE = "unicode61 remove_diacritics 2"
# The long word of a pair: longer than the index's prefix indexes (1 to 3 characters), whose lists are
# read lazily; a shorter word's rows are dense enough that the walk stops early.
MIN_WORD = 4
NAMES, EVERYWHERE = "n", "a"
BATCH = 500  # contacts a transaction: about 15 ms of the write lock
KEEP_ON_COMMIT = 200
_SCRATCH = "contacts_pairs_scratch"
_SCRATCH_VOCAB = "contacts_pairs_scratch_vocab"
# Each contact's words in the scratch table (FTS5's tokens, every column): the long words and the initials
# of its names, then of all its columns, each list comma-separated (a token holds no comma). A long word
# has MIN_WORD characters or more; neither it nor an initial starts with a digit (phones, postcodes: a
# search's letter and word are letters, `query_pair`). One row per contact that has any word.
_NAMES_IN = "(" + ", ".join(f"'{c}'" for c in COLUMNS[:3]) + ")"
_WORDS_SQL = f"""
SELECT doc,
    coalesce(group_concat(DISTINCT CASE WHEN name AND long THEN term END), ''),
    coalesce(group_concat(DISTINCT CASE WHEN name AND letter THEN initial END), ''),
    coalesce(group_concat(DISTINCT CASE WHEN long THEN term END), ''),
    coalesce(group_concat(DISTINCT CASE WHEN letter THEN initial END), '')
FROM (
    SELECT doc, term, substr(term, 1, 1) AS initial, col IN {_NAMES_IN} AS name,
        substr(term, 1, 1) NOT BETWEEN '0' AND '9' AS letter,
        length(term) >= {MIN_WORD} AND substr(term, 1, 1) NOT BETWEEN '0' AND '9' AS long
    FROM temp.{_SCRATCH_VOCAB}
)
GROUP BY doc
"""


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def ddl() -> list[str]:
    """The pairs table, the words they were made of, the changed-contacts table and the triggers that
    fill it, as migration 0025 writes them (its names are plain words: no quoting)."""
    cols = ", ".join(COLUMNS)
    return [
        f"CREATE VIRTUAL TABLE {PAIRS} USING FTS5 (\n    pairs,\n"
        f"    tokenize='{TOKENIZE}',\n    detail='none',\n    columnsize=0,\n    content=''\n)",
        f"CREATE TABLE {WORDS} (\n    id INTEGER PRIMARY KEY,\n    names TEXT NOT NULL,\n"
        "    name_initials TEXT NOT NULL,\n    words TEXT NOT NULL,\n    initials TEXT NOT NULL\n)",
        f"CREATE TABLE {DIRTY} (id INTEGER PRIMARY KEY)",
        f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON {TABLE} BEGIN\n"
        f"  INSERT OR IGNORE INTO {DIRTY} (id) VALUES (new.id);\nEND",
        f"CREATE TRIGGER {TRIGGERS[1]} AFTER DELETE ON {TABLE} BEGIN\n"
        f"  INSERT OR IGNORE INTO {DIRTY} (id) VALUES (old.id);\nEND",
        f"CREATE TRIGGER {TRIGGERS[2]} AFTER UPDATE OF id, {cols} ON {TABLE} BEGIN\n"
        f"  INSERT OR IGNORE INTO {DIRTY} (id) VALUES (old.id);\n"
        f"  INSERT OR IGNORE INTO {DIRTY} (id) VALUES (new.id);\nEND",
    ]


def drop_ddl() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {_q(t)}" for t in TRIGGERS] + [
        f"DROP TABLE IF EXISTS {_q(DIRTY)}",
        f"DROP TABLE IF EXISTS {_q(WORDS)}",
        f"DROP TABLE IF EXISTS {_q(PAIRS)}",
    ]


def repair(raw: sqlite3.Connection) -> None:
    """Make the triggers again (a batch migration that copies contacts drops them) and read every contact
    again, in the caller's transaction. A no-op without the pairs table."""
    if not present(raw):
        return
    for statement in drop_ddl()[: len(TRIGGERS)] + ddl()[-len(TRIGGERS) :]:
        raw.execute(statement)
    raw.execute(f"INSERT INTO {_q(PAIRS)} ({_q(PAIRS)}) VALUES ('delete-all')")
    raw.execute(f"DELETE FROM {_q(WORDS)}")
    mark_all(raw)
    keep(raw)


def missing_triggers(raw: sqlite3.Connection) -> list[str]:
    """The pairs' triggers missing from the file ([] without the pairs table)."""
    if not present(raw):
        return []
    found = {
        str(name)
        for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (TABLE,)
        )
    }
    return [name for name in TRIGGERS if name not in found]


def present(raw: sqlite3.Connection) -> bool:
    found = raw.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (DIRTY,)).fetchone()
    return found is not None


def current(raw: sqlite3.Connection) -> bool:
    """Whether the pairs hold every contact as it is now (no change left to read); False without them."""
    try:
        return bool(raw.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {_q(DIRTY)})").fetchone()[0])
    except sqlite3.OperationalError:  # a database before 0025
        if present(raw):
            raise
        return False


def mark_all(raw: sqlite3.Connection) -> None:
    """Note every contact as changed (the pairs are then all read again by `keep()`)."""
    raw.execute(f"INSERT OR IGNORE INTO {_q(DIRTY)} (id) SELECT id FROM {_q(TABLE)}")


def keep(raw: sqlite3.Connection, *, batch: int = BATCH, max_rows: int | None = None) -> int:
    """Bring the pairs of the changed contacts up to date, `batch` contacts a statement, in the caller's
    transaction (the caller holds or takes the write lock: BEGIN IMMEDIATE on a shared file); at most
    `max_rows` contacts when given. Returns how many were read. A no-op without the pairs table."""
    if not present(raw):
        return 0
    done = 0
    _scratch(raw)
    pairs, words, within = _q(PAIRS), _q(WORDS), "(SELECT value FROM json_each(?))"
    cols = ", ".join(_q(c) for c in COLUMNS)
    while max_rows is None or done < max_rows:
        size = batch if max_rows is None else min(batch, max_rows - done)
        ids = [int(i) for (i,) in raw.execute(f"SELECT id FROM {_q(DIRTY)} ORDER BY id LIMIT ?", (size,))]
        if not ids:
            break
        listed = json.dumps(ids)
        # The old pairs out, by the text they were indexed with (a contentless table). A contact without
        # pairs was never inserted: deleting it would count one row too few (FTS5 then finds the index
        # corrupt).
        old = raw.execute(f"SELECT * FROM {words} WHERE id IN {within}", (listed,)).fetchall()
        raw.executemany(
            f"INSERT INTO {pairs} ({pairs}, rowid, pairs) VALUES ('delete', ?, ?)",
            ((row[0], text) for row in old if (text := pair_text(*row[1:]))),
        )
        raw.execute(f"DELETE FROM {words} WHERE id IN {within}", (listed,))
        # The contacts as they are, tokenized by FTS5 itself; their words, grouped by SQLite.
        raw.execute(
            f"INSERT INTO temp.{_q(_SCRATCH)} (rowid, {cols}) SELECT id, {cols} FROM {_q(TABLE)} "
            f"WHERE id IN {within}",
            (listed,),
        )
        new = raw.execute(_WORDS_SQL).fetchall()
        raw.executemany(f"INSERT INTO {words} VALUES (?, ?, ?, ?, ?)", new)
        raw.executemany(
            f"INSERT INTO {pairs} (rowid, pairs) VALUES (?, ?)",
            ((row[0], text) for row in new if (text := pair_text(*row[1:]))),
        )
        raw.execute(f"INSERT INTO temp.{_q(_SCRATCH)} ({_q(_SCRATCH)}) VALUES ('delete-all')")
        raw.execute(f"DELETE FROM {_q(DIRTY)} WHERE id IN {within}", (listed,))
        done += len(ids)
    return done


def keep_if_few(raw: sqlite3.Connection, *, at_most: int = KEEP_ON_COMMIT) -> int:
    """`keep()` when at most `at_most` contacts changed (a record saved: a few milliseconds in the saving
    transaction); a bulk change (an import's batch) is left to `fts.keep_search_pairs`, which the main
    window's upkeep calls once it is committed. Returns how many were read."""
    try:
        waiting = raw.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {_q(DIRTY)} LIMIT ?)", (at_most + 1,)
        ).fetchone()[0]
    except sqlite3.OperationalError:  # a database before 0025
        if present(raw):
            raise
        return 0
    return keep(raw) if 0 < waiting <= at_most else 0


def _scratch(raw: sqlite3.Connection) -> None:
    """This connection's temporary FTS5 table that tokenizes rows as contacts_fts does, and its tokens."""
    cols = ", ".join(_q(c) for c in COLUMNS)
    raw.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_q(_SCRATCH)} USING fts5 ({cols}, "
        f"tokenize='{TOKENIZE}', content='')"
    )
    raw.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_q(_SCRATCH_VOCAB)} USING fts5vocab "
        f"(temp, {_q(_SCRATCH)}, 'instance')"
    )


def pair_text(names: str, name_initials: str, words: str, initials: str) -> str:
    """A contact's pair terms, space-separated, from its row of `contacts_pairs_fts_words` (`_WORDS_SQL`,
    each a comma-separated list): each initial of a name word before each long word of the names
    (NAMES), each initial of any word before each long word of any column (EVERYWHERE). The same row
    always gives the same text (FTS5 needs it to delete the terms)."""
    firsts, every_first = name_initials.split(","), initials.split(",")
    return " ".join(
        [f"{NAMES}{i}{w}" for w in names.split(",") if w for i in firsts if i]
        + [f"{EVERYWHERE}{i}{w}" for w in words.split(",") if w for i in every_first if i]
    )


def _plain(word: str) -> bool:
    """Letters that unicode61 keeps as they are within a token and folds one to one (ASCII, Latin-1 and
    Latin Extended-A and B): a pair typed with them is the same token as the one `keep()` wrote."""
    return all(c.isalpha() and (c.isascii() or "\u00c0" <= c <= "\u024f") for c in word)


def query_pair(words: Sequence[str]) -> tuple[str, str] | None:
    """(initial, long word) when a search of these two words (each a prefix) can read the pairs: one is a
    single letter, the other at least MIN_WORD letters; None otherwise."""
    if len(words) != 2 or not all(_plain(w) for w in words):
        return None
    short, long = sorted(words, key=len)
    if len(short) != 1 or len(long) < MIN_WORD:
        return None
    return short, long


def match(kind: str, pair: tuple[str, str], *, prefix: bool = True) -> str:
    """The pairs table's MATCH for `pair` in the names (NAMES) or anywhere (EVERYWHERE); without `prefix`,
    the long word as a whole word."""
    initial, word = pair
    return f'"{kind}{initial}{word}"' + ("*" if prefix else "")
