"""Full-text search on PostgreSQL: the same `search()` as dealercrm.db.fts, with PostgreSQL's own tools.

dealercrm.db.fts dispatches here when the connection is PostgreSQL's; nothing else imports this module.

Design (the schema is migration 0007's):
- Each indexed table has a generated, stored `search_vector` tsvector column with a GIN index. It holds
  the columns of `fts.INDEXES`, each folded by `dealercrm_search_text()` (unaccent, lower case, every
  punctuation or space run one space, so that the parser sees plain words and numbers, as FTS5's
  unicode61 tokenizer does: no e-mail, URL or hyphenated-word tokens) and parsed with the 'simple'
  configuration (names, not language stems). The index's `primary` columns have weight A, the others
  B, C or D by their bm25 weight (`weight_classes()`), which ts_rank weighs. Contacts and vehicles also
  have `search_primary`, their primary columns alone, with its own GIN index: GIN does not store
  weights, so a query restricted to weight A (`'orleans':A`) would read back the 20,000 rows of a city
  only to find none in a name. Neither column is in the models.
- Queries are the terms of `fts.parse_terms()` rendered as tsquery text whose lexemes are quoted here,
  so that no input is a syntax error: prefixes `'dup':*`, phrases `'ab' <-> '123' <-> 'cd':*`. Words
  that are not plain ASCII are folded by the server first (one query), as the index folded them.
- Ranking, as on SQLite: tiers first (whole words in the primary columns, prefixes there, whole words
  anywhere, any match), then ts_rank of the whole-word query with the weight classes' weights, then the
  caller's `then_by`. A match's score is its tier minus its ts_rank (normalised below 1), so lower is
  better and kinds merge by score as on SQLite.
- Bounded work, in one statement: the newest `RANK_ALL_UP_TO` + 1 matches are candidates, with their
  tier and rank; when there are more, each tier adds its newest `CANDIDATES_PER_TIER` (or 3 x the
  limit) rows (a one-time filter skips those scans otherwise; a tier whose scan is another's is not
  scanned twice), and only the candidates are filtered by `within` (visibility) and ordered. When
  `within` reads the searched table alone, each scan carries its filter's verdict and the tie-break
  columns from the rows it fetched (no join back to the table: a heap fetch per candidate); otherwise
  the candidates are joined to `within`. When fewer visible candidates than the limit come out of a
  bounded set (an actor who sees few of many matches), a second statement ranks every match.
- "Newest" is `ORDER BY id DESC LIMIT n` in every scan: a total order, so that a search finds the same
  people at every call whatever the plan (SQLite's FTS5 reads its doclists newest first too). Scans
  with `LIMIT` and no order took "the first rows met", which depended on the plan and on where rows
  lay in the table, and on a large table PostgreSQL's synchronized sequential scans started each one
  where the last had stopped: 64 short prefixes of the 100k benchmark found other people at each call.
  The planner reads many matches by walking the ids backwards (on contacts through the covering index
  `ix_contacts_search_walk` of migration 0018: both vectors and the visibility and name columns, about
  thirty contacts a page where the table holds three) and few through the GIN index, then sorts them.
  Where its estimate is known to be far too low (`_misestimated`: short phone prefixes, phrases) it
  would read and sort tens of thousands of rows, so those scans walk the newest `WALK_ROWS` rows first
  without the GIN index and ask it only when fewer than `n` match there (the same rows either way).
- Words of a few hundred to a few thousand matches ("gilles", "sully") made the planner walk tens of
  thousands of rows or sort every match. Migration 0020's `contacts_fts_words` holds each contact's
  lexemes in a B-tree on (word, contact id): when a query has a term made of whole words or letter
  prefixes (`_word_ranges`) and that term's ranges hold between WORDS_FROM and WORDS_UP_TO entries
  (counted first, `_words_held`), each scan takes the holders' ids newest first from the B-tree and
  fetches contacts until it has its n matches (the same rows as the other scans: every match holds one
  of those words). Fewer entries: the GIN index reads them all at once; more: the walk finds n sooner.
  Phrases ("yves.l") take the B-tree whatever their count, up to WORDS_UP_TO: the GIN index would merge
  the lists of every word of their short prefix. The ranges are merged where they overlap and each is
  a condition on constants in the statement (a whole word is `word = ...`, read in id order with no
  sort), so that the planner reads their sizes from the column's statistics: behind `unnest()` of
  arrays it took each range for a ninth of the table and sized its hash tables for 100,000 rows.
- A search's statements are built once per shape (`_statements`): building them and their SQLAlchemy
  cache key cost more client CPU than the server spent on most searches.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnExpressionArgument, Connection, Select
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from dealercrm.db import fts

VECTOR_COLUMN = fts.VECTOR_COLUMN
PRIMARY_VECTOR_COLUMN = fts.PRIMARY_VECTOR_COLUMN
# ts_rank's weights of the classes D, C, B and A are the heaviest bm25 weight of each class, relative
# to the heaviest of all; normalisation 32 maps a rank r to r / (r + 1), below 1.
RANK_NORMALISATION = 32
WEIGHT_CLASSES = "ABCD"


def weight_classes(index: fts.FtsIndex) -> dict[str, str]:
    """The weight class of each indexed column: A for the primary columns, then B, C and D by decreasing
    bm25 weight (equal weights share a class; past three distinct weights, the lightest share D)."""
    primary = set(index.primary or index.columns)
    others = sorted(
        {w for c, w in zip(index.columns, index.weights, strict=True) if c not in primary}, reverse=True
    )
    classes = {}
    for column, weight in zip(index.columns, index.weights, strict=True):
        if column in primary:
            classes[column] = "A"
        else:
            classes[column] = WEIGHT_CLASSES[min(others.index(weight) + 1, 3)]
    return classes


def has_primary_vector(index: fts.FtsIndex) -> bool:
    """Whether the table has a `search_primary` column: when its primary columns are not all its columns
    (GIN does not store weights: a query restricted to weight A would read every row holding the word)."""
    return bool(index.primary) and set(index.primary) != set(index.columns)


def rank_weights(index: fts.FtsIndex) -> list[float]:
    """ts_rank's weights array: {D, C, B, A}."""
    classes = weight_classes(index)
    heaviest = max(index.weights)
    by_class = {
        letter: max((w for c, w in zip(index.columns, index.weights, strict=True) if classes[c] == letter),
                    default=0.0) / heaviest
        for letter in WEIGHT_CLASSES
    }  # fmt: skip
    # An empty class keeps a small weight: ts_rank wants four positive ones.
    return [by_class[letter] or 0.1 for letter in reversed(WEIGHT_CLASSES)]


def search(
    connection: Connection,
    table: str,
    query: str,
    limit: int,
    *,
    within: Select[Any] | None = None,
    then_by: Sequence[ColumnExpressionArgument[Any]] = (),
) -> list[fts.Match]:
    """fts.search() on PostgreSQL (see its docstring and this module's)."""
    if limit <= 0:
        return []
    loose_terms = fts.parse_terms(query)
    exact_terms = fts.parse_terms(query, exact=True)
    folded = _folder(connection, loose_terms + exact_terms)
    loose, exact = _tsquery(loose_terms, folded), _tsquery(exact_terms, folded)
    if loose is None or exact is None:
        return []
    misestimated = _misestimated(loose_terms)
    values: dict[str, Any] = {LOOSE: loose, EXACT: exact}
    # The words' B-tree (migration 0020) gives the newest matches of a query in id order when each of
    # its queries has a term whose words it finds in a few index ranges (see `_word_ranges`), and when
    # those ranges hold neither few entries (every match is ranked: the GIN index reads them at once)
    # nor many (a dense prefix: the walk through the newest rows finds n matches sooner than a sort).
    # A query whose estimate is far off (a phrase, "yves.l") takes them however few they are: the GIN
    # index would merge the lists of every word of its short prefix ('l':*), and the walk through the
    # newest rows finds few of its rare matches (10-12 ms of server CPU, against 2-3 through the words).
    ranges = None if table not in WORDS_TABLES else _word_ranges(loose_terms, exact_terms, folded)
    held = 0 if ranges is None else _words_held(connection, table, ranges[LOOSE])
    if ranges is not None and (misestimated or WORDS_FROM < held) and held < WORDS_UP_TO:
        values.update(_range_values(ranges))
        word_shape: tuple[tuple[bool, ...], tuple[bool, ...]] | None = (
            _range_shape(ranges[LOOSE]),
            _range_shape(ranges[EXACT]),
        )
    else:
        word_shape = None
    statements = _statements(
        table,
        limit,
        _Same(within),
        tuple(_Same(order) for order in then_by),
        misestimated=misestimated,
        word_shape=word_shape,
        exact_is_loose=exact == loose,
        rank_all_up_to=fts.RANK_ALL_UP_TO,
        candidates_per_tier=fts.CANDIDATES_PER_TIER,
        walk_rows=WALK_ROWS,
    )
    rows = connection.execute(statements.bounded, values).all()
    if len(rows) == limit or (rows and rows[0].matched <= statements.rank_all):
        return [_match(row) for row in rows]
    # Fewer visible candidates than the page holds, out of a bounded set (the actor sees few of the many
    # matches), or none at all: rank every match.
    return [_match(row) for row in connection.execute(statements.every, values).all()]


# The names of the two tsquery parameters of a search's statements.
LOOSE, EXACT = "fts_loose", "fts_exact"


class _Same:
    """A statement part compared by identity: the key of the statements built for it (SQL expressions'
    `==` builds SQL, and an equal-looking `within` may bind other values)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value


@dataclass(frozen=True)
class _Statements:
    bounded: Select[Any]  # the bounded candidates, ranked; each row also says how many matched
    every: Select[Any]  # every match, ranked
    rank_all: int


@functools.lru_cache(maxsize=64)
def _statements(
    table: str,
    limit: int,
    within_key: _Same,
    then_by_keys: tuple[_Same, ...],
    *,
    misestimated: bool,
    word_shape: tuple[tuple[bool, ...], tuple[bool, ...]] | None,
    exact_is_loose: bool,
    rank_all_up_to: int,
    candidates_per_tier: int,
    walk_rows: int,
) -> _Statements:
    """A search's two statements for one shape, built once: table, limit, `within`, `then_by`, whether
    the estimate is known to be far off, whether the whole-word query is the prefix one. The tsqueries
    are their parameters `LOOSE` and `EXACT`. Building the statements and their SQLAlchemy cache key
    cost more client CPU than the server spent on most searches; callers pass the same `within` and
    `then_by` objects at each call (SearchService keeps them)."""
    index = fts.INDEXES[table]
    within: Select[Any] | None = within_key.value
    then_by = [key.value for key in then_by_keys]
    primary_column = PRIMARY_VECTOR_COLUMN if has_primary_vector(index) else VECTOR_COLUMN
    if within is None:
        within = sa.select(sa.table(table, sa.column("id", sa.Integer)).c.id)
    id_column = within.selected_columns[0]
    # When `within` reads the table alone (contacts, vehicles), its filter and the tie-break are read in
    # the scans that find the candidates, from the rows those scans fetched anyway: joining the
    # candidates back to the table by primary key cost a heap fetch each (about half the statement).
    home = _home_table(within, id_column, table)
    source: Any = home if home is not None else sa.table(table, sa.column("id", sa.Integer))
    vector = sa.literal_column(f"{_quote(table)}.{VECTOR_COLUMN}", pg.TSVECTOR)
    primary = sa.literal_column(f"{_quote(table)}.{primary_column}", pg.TSVECTOR)
    loose = sa.cast(sa.bindparam(LOOSE, type_=sa.Text), pg.TSQUERY)
    exact = sa.cast(sa.bindparam(EXACT, type_=sa.Text), pg.TSQUERY)
    # The tiers: whole words in the primary columns, prefixes there, whole words anywhere, any match.
    queries = [(primary, exact), (primary, loose), (vector, exact), (vector, loose)]
    tier = sa.case(
        *((column.bool_op("@@")(q), n) for n, (column, q) in enumerate(queries[:-1])),
        else_=len(queries) - 1,
    )
    rank = sa.func.ts_rank(
        sa.literal(rank_weights(index), type_=pg.ARRAY(sa.REAL)),
        vector,
        queries[2][1],
        RANK_NORMALISATION,
        type_=sa.Float,
    )
    keys = [_order_key(order) for order in then_by] if home is not None else []
    carried: list[Any] = []
    if home is not None:
        visible = within.whereclause if within.whereclause is not None else sa.true()
        carried = [visible.label("visible"), *(key.label(f"key_{n}") for n, (key, _) in enumerate(keys))]

    def matching(column: Any, tsquery: Any, *, where: Any = None) -> Select[Any]:
        return (
            sa.select(source.c.id, tier.label("tier"), rank.label("rank"), *carried)
            .select_from(source)
            .where(column.bool_op("@@")(tsquery) if where is None else where)
        )

    newest = source.c.id.desc()

    def word_holders(name: str, *, primary_only: bool = False) -> Any:
        """The contacts holding a word of the ranges of the query `name` (`_word_ranges`), newest first,
        from the words' B-tree alone. Each range is its own condition on constants (`_range_values`), so
        that the planner reads its size from the column's statistics: behind an `unnest()` of arrays it
        took each range for a ninth of the table, and sized the hash tables of the distinct ids for
        100,000 rows (3 MB each, half of the statement's 12 ms of CPU)."""
        words = sa.table(
            WORDS_TABLES[table],
            sa.column("word", sa.Text),
            sa.column("contact_id", sa.Integer),
            sa.column("is_primary", sa.Boolean),
        ).alias("words")
        shape = word_shape[0 if name == LOOSE else 1] if word_shape is not None else ()
        parts = []
        for n, whole in enumerate(shape):
            if whole:
                condition = words.c.word == sa.bindparam(f"{name}_word_{n}", type_=sa.Text)
            else:
                condition = sa.and_(
                    words.c.word >= sa.bindparam(f"{name}_low_{n}", type_=sa.Text),
                    words.c.word < sa.bindparam(f"{name}_high_{n}", type_=sa.Text),
                )
            part = sa.select(words.c.contact_id).where(condition)
            parts.append(part.where(words.c.is_primary) if primary_only else part)
        if shape == (True,):
            # One whole word: its entries are in id order in the B-tree, each id once (the primary key).
            return parts[0].order_by(words.c.contact_id.desc()).subquery("holders")
        if len(parts) == 1:
            return parts[0].distinct().order_by(words.c.contact_id.desc()).subquery("holders")
        held = sa.union_all(*parts).subquery("held")
        return sa.select(held.c.contact_id).distinct().order_by(held.c.contact_id.desc()).subquery("holders")

    def by_word_ranges(column: Any, tsquery: Any, n: int, gate: Any) -> Any:
        """The newest `n` matches of one scan, from the contacts holding one of the words of the query's
        ranges: their ids in id order from the words' B-tree, each contact then fetched and tested, until
        `n` match."""
        holder = word_holders(LOOSE if tsquery is loose else EXACT, primary_only=column is primary)
        # LATERAL with LIMIT 1 (the id is unique): the planner cannot flatten it into a hash join of every
        # holder; it fetches the holders newest first and stops at the n-th match.
        fetched = (
            matching(column, tsquery).where(source.c.id == holder.c.contact_id).limit(1).lateral("fetched")
        )
        scan = sa.select(*fetched.c).select_from(holder).join(fetched, sa.true())
        if gate is not None:
            scan = scan.where(gate)
        return scan.order_by(holder.c.contact_id.desc()).limit(n)

    def latest(column: Any, tsquery: Any, n: int, *, gate: Any = None) -> Any:
        """The newest `n` matches of one scan (a total order: the same rows at every call, whatever the
        plan), behind the one-time filter `gate`. When the planner's estimate of the query is known to
        be far too low (`_misestimated`), the newest `walk_rows` rows are walked first, in id order
        without the GIN index; only when fewer than `n` match there is the index asked (the same rows
        either way)."""
        plain = matching(column, tsquery)
        if gate is not None:
            plain = plain.where(gate)
        if word_shape is not None:
            return by_word_ranges(column, tsquery, n, gate)
        # Only the whole vectors hold phone numbers and cities (the names' vector is small, and its
        # estimates are the names' own).
        if not (misestimated and column is vector and table in WALKED_TABLES):
            return plain.order_by(newest).limit(n)
        last = sa.table(table, sa.column("id", sa.Integer)).alias("latest")
        bound = sa.select(last.c.id).order_by(last.c.id.desc()).offset(walk_rows).limit(1).scalar_subquery()
        # coalesce(): an expression the GIN index does not serve, so the scan walks the ids backwards.
        unindexed = sa.func.coalesce(column, sa.cast("", pg.TSVECTOR), type_=pg.TSVECTOR)
        walked = matching(
            column, tsquery, where=sa.and_(unindexed.bool_op("@@")(tsquery), source.c.id >= bound)
        )
        if gate is not None:
            walked = walked.where(gate)
        walked_cte = walked.order_by(newest).limit(n).cte()
        enough = sa.select(sa.func.count()).select_from(walked_cte).scalar_subquery() >= n
        return sa.union_all(
            sa.select(*walked_cte.c).where(enough), plain.where(~enough).order_by(newest).limit(n)
        )

    # One statement: the newest matches (at most rank_all + 1) are candidates; when there are more, each
    # tier adds its newest per_tier rows (a one-time filter skips those scans otherwise), as on SQLite.
    # A row's tier and rank do not depend on the scan that found it, so UNION drops the duplicates.
    rank_all = max(rank_all_up_to, 4 * limit)
    per_tier = max(candidates_per_tier, 3 * limit)
    every = latest(*queries[-1], rank_all + 1).cte("every")
    matched = sa.select(sa.func.count()).select_from(every).scalar_subquery()
    # A tier whose scan is another's (digits: the whole-word query is the prefix one) adds nothing: its
    # newest rows are that scan's newest rows, already there.
    names = (primary_column, primary_column, VECTOR_COLUMN, VECTOR_COLUMN)
    texts = (LOOSE if exact_is_loose else EXACT, LOOSE) * 2
    scans = list(zip(names, texts, strict=True))
    candidates = sa.union(
        sa.select(*every.c),
        *(
            _selectable(latest(column, tsquery, per_tier, gate=matched > rank_all))
            for n, (column, tsquery) in enumerate(queries[:-1])
            if scans[n] not in scans[n + 1 :]
        ),
    ).subquery("candidates")

    def ranked(found: Any, *, count: bool) -> Select[Any]:
        if home is None:
            statement = within.join(found, found.c.id == id_column)
            order = list(then_by)
        else:
            statement = sa.select(found.c.id).where(found.c.visible)
            order = [_ordered(found.c[f"key_{n}"], modifier) for n, (_, modifier) in enumerate(keys)]
        if count:
            statement = statement.add_columns(matched.label("matched"))
        return _ranked(statement, found, order, limit)

    return _Statements(
        bounded=ranked(candidates, count=True),
        every=ranked(matching(*queries[-1]).subquery("candidates"), count=False),
        rank_all=rank_all,
    )


def _selectable(scan: Any) -> Select[Any]:
    """A scan as a SELECT that a UNION can hold (a walk and its fallback are a UNION ALL of their own)."""
    if isinstance(scan, sa.CompoundSelect):
        return sa.select(*scan.subquery().c)
    return scan  # type: ignore[no-any-return]


# How many of the newest rows a scan walks before it asks the GIN index (see `_misestimated`): a walk
# that finds its rows there reads a few hundred pages of the covering index `ix_contacts_search_walk`.
WALK_ROWS = 10_000
# The tables with such an index (the others' walks would read their heap).
WALKED_TABLES = frozenset({"contacts"})
SHORT_DIGITS = 3


# The tables with a words' B-tree (migration 0020), and its name.
WORDS_TABLES = {"contacts": "contacts_fts_words"}
# The shortest prefix looked up there: shorter ones hold a large share of the words ("ma": 19,000 of
# 100,000 contacts), whose newest matches the walk in id order finds sooner.
MIN_PREFIX = 3
# Past this many (word, contact) entries in the loose query's ranges, the scans walk the newest rows
# instead: sorting every holder costs about 1 us each, a walk about 0.7 us per row read, and it reads
# n x contacts / holders rows (501 of "saint", 24,000 holders at 100k: 2,100 rows).
WORDS_UP_TO = 8_000
# Up to this many, the GIN index reads every match at once and all are ranked (fts.RANK_ALL_UP_TO).
WORDS_FROM = fts.RANK_ALL_UP_TO
# The end of a one-word range [word, word + WORD_END): nothing but the word itself lies in it ("\x00",
# the only character below, is no text).
WORD_END = "\x01"


def _words_held(connection: Connection, table: str, ranges: Sequence[tuple[str, str]]) -> int:
    """How many (word, row) entries the loose query's ranges hold, counted up to WORDS_UP_TO, from the
    words' B-tree alone (a fraction of a millisecond: at most WORDS_UP_TO small index entries)."""
    return int(
        connection.exec_driver_sql(
            "SELECT count(*) FROM (SELECT 1 FROM unnest(%(low)s::text[], %(high)s::text[]) "
            f"AS bounds(low, high) JOIN {_quote(WORDS_TABLES[table])} AS words "
            "ON words.word >= bounds.low AND words.word < bounds.high LIMIT %(up_to)s) AS held",
            {"low": [low for low, _ in ranges], "high": [high for _, high in ranges], "up_to": WORDS_UP_TO},
        ).scalar_one()
    )


def _word_ranges(
    loose_terms: Sequence[fts.Term], exact_terms: Sequence[fts.Term], folded: dict[str, tuple[str, ...]]
) -> dict[str, list[tuple[str, str]]] | None:
    """The B-tree ranges of words that every match of the loose (`LOOSE`) and the exact (`EXACT`) query
    holds one of, merged where they overlap (`'dup':* | 'dup'` is one range: each entry read once); None
    when a query has no term whose words are whole or prefixes of at least MIN_PREFIX letters."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name, terms in ((LOOSE, loose_terms), (EXACT, exact_terms)):
        ranges = _term_ranges(terms, folded)
        if ranges is None:
            return None
        found[name] = _merged(ranges)
    return found


def _merged(ranges: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Half-open ranges [low, high) merged where they overlap or touch, in order."""
    merged: list[tuple[str, str]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _whole_word(low: str, high: str) -> bool:
    return high == low + WORD_END


def _range_shape(ranges: Sequence[tuple[str, str]]) -> tuple[bool, ...]:
    """Whether each range is a whole word (read with `=`, in id order) or a range of words."""
    return tuple(_whole_word(low, high) for low, high in ranges)


def _range_values(ranges: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """The statements' parameters for the ranges of each query (see `word_holders` in `_statements`)."""
    values: dict[str, str] = {}
    for name, found in ranges.items():
        for n, (low, high) in enumerate(found):
            if _whole_word(low, high):
                values[f"{name}_word_{n}"] = low
            else:
                values[f"{name}_low_{n}"], values[f"{name}_high_{n}"] = low, high
    return values


def _term_ranges(
    terms: Sequence[fts.Term], folded: dict[str, tuple[str, ...]]
) -> list[tuple[str, str]] | None:
    """The ranges (low, high) of one term of `terms` as `_tsquery` renders them: a row matches the query
    only if it matches each term, so only if it holds, for one of that term's alternatives, the first
    lexeme of its first phrase (the whole lexeme, or the prefix when the phrase is that prefix alone).
    The term whose shortest prefix is the longest is taken (whole words first). Prefixes with digits are
    not looked up there: phone numbers and plates are either short prefixes, which the walk serves, or
    rare, which the GIN index serves at once (no need to count their entries first)."""
    best: tuple[float, list[tuple[str, str]]] | None = None
    for term in terms:
        kept = [alternative for alternative in term if _alternative(alternative, folded)]
        if not kept:
            continue  # left out of the tsquery too
        ranges: list[tuple[str, str]] = []
        shortest = float("inf")
        for alternative in kept:
            phrase = next(p for p in alternative if _phrase(p, folded))
            lexemes = [lexeme for word in phrase.words for lexeme in folded.get(word, ())]
            if phrase.prefix and len(lexemes) == 1:
                prefix = lexemes[0]
                shortest = min(shortest, len(prefix) if prefix.isalpha() else 0)
                ranges.append((prefix, _after_prefix(prefix)))
            else:
                ranges.append((lexemes[0], lexemes[0] + WORD_END))  # the word alone
        if shortest >= MIN_PREFIX and (best is None or shortest > best[0]):
            best = (shortest, ranges)
    return None if best is None else best[1]


def _after_prefix(prefix: str) -> str:
    """The least text above every text starting with `prefix` in code point (UTF-8 byte, COLLATE "C")
    order: its last character's successor."""
    following = ord(prefix[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates are not text
        following = 0xE000
    return prefix[:-1] + chr(following)


def _misestimated(terms: Sequence[fts.Term]) -> bool:
    """Whether PostgreSQL's estimate of how many rows the query matches is known to be far too low, so
    that it would read every match through the GIN index and sort them where the newest rows, walked in
    id order, hold enough: a prefix of at most SHORT_DIGITS digits (each phone number is a lexeme of its
    own, none is among the column statistics' most common elements, so "06" is estimated at 33 rows
    where 67,000 match), or a phrase ("saint-jean-de-braye": the words' frequencies multiplied as if
    they were independent, 88 rows estimated, 7,000 found)."""
    for term in terms:
        for alternative in term:
            for phrase in alternative:
                if len(phrase.words) > 1:
                    return True
                word = phrase.words[-1] if phrase.words else ""
                if phrase.prefix and word.isascii() and word.isdigit() and len(word) <= SHORT_DIGITS:
                    return True
    return False


def _home_table(within: Select[Any], id_column: Any, table: str) -> sa.Table | None:
    """`table` itself when `within` selects its primary key from it alone (no join), else None."""
    home = getattr(id_column, "table", None)
    if not isinstance(home, sa.Table) or home.name != table or id_column.name != "id":
        return None
    return home if within.get_final_froms() == [home] else None


def _order_key(order: Any) -> tuple[Any, Any]:
    """An ORDER BY item as (its expression, its modifier: desc, asc or None)."""
    modifier = getattr(order, "modifier", None)
    if isinstance(order, UnaryExpression) and modifier in (operators.desc_op, operators.asc_op):
        return order.element, modifier
    return order, None


def _ordered(column: Any, modifier: Any) -> Any:
    if modifier is operators.desc_op:
        return column.desc()
    if modifier is operators.asc_op:
        return column.asc()
    return column


def _ranked(
    statement: Select[Any], candidates: Any, then_by: Sequence[ColumnExpressionArgument[Any]], limit: int
) -> Select[Any]:
    return (
        statement.add_columns(candidates.c.tier.label("tier"), candidates.c.rank.label("rank"))
        .order_by(candidates.c.tier, candidates.c.rank.desc(), *then_by)
        .limit(limit)
    )


def _match(row: sa.Row[Any]) -> fts.Match:
    return fts.Match(id=int(row[0]), score=int(row.tier) - float(row.rank))


def check_indexes(connection: Connection, tables: Iterable[str]) -> list[str]:
    """fts.check_indexes() on PostgreSQL: each table's generated tsvector column and its GIN index."""
    problems: list[str] = []
    for table in tables:
        columns = [VECTOR_COLUMN] + (
            [PRIMARY_VECTOR_COLUMN] if has_primary_vector(fts.INDEXES[table]) else []
        )
        for column in columns:
            problems += _check_vector(connection, table, column)
    return problems


def _check_vector(connection: Connection, table: str, column: str) -> list[str]:
    generated = connection.execute(
        sa.text(
            "SELECT attgenerated FROM pg_attribute "
            "WHERE attrelid = to_regclass(:table) AND attname = :column AND NOT attisdropped"
        ),
        {"table": _quote(table), "column": column},
    ).scalar()
    if generated != "s":
        return [f"{table}: generated column {column} is missing"]
    name = f"ix_{table}_{column}"
    method = connection.execute(
        sa.text(
            "SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = c.relam "
            "WHERE i.indrelid = to_regclass(:table) AND c.relname = :name"
        ),
        {"table": _quote(table), "name": name},
    ).scalar()
    return [] if method == "gin" else [f"{table}: index {name} is missing"]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


# --- Query text -------------------------------------------------------------------------------------


# A word the text parser would split: digits, "e", digits read as a number in scientific notation
# ("00e0abc" -> '00e0' 'abc'), as it did when it indexed the row.
_SCIENTIFIC = re.compile(r"\d+e\d", re.IGNORECASE)


def _folder(connection: Connection, terms: Sequence[fts.Term]) -> dict[str, tuple[str, ...]]:
    """Every word of `terms` as the index holds it: the lexemes the server's folding and text parser make
    of it (unaccent has ligatures and letters that Python's Unicode tables do not fold; the parser reads
    "00e0abc" as a number and a word). Plain ASCII words that the parser keeps whole are only lower-cased,
    without asking the server."""
    words = {
        word for term in terms for alternative in term for phrase in alternative for word in phrase.words
    }
    folded: dict[str, tuple[str, ...]] = {
        word: (word.lower(),) for word in words if word.isascii() and not _SCIENTIFIC.search(word)
    }
    others = sorted(words - folded.keys())
    if others:
        word = sa.column("word", sa.Text)
        parsed = (
            sa.func.ts_parse("default", sa.func.dealercrm_search_text(word))
            .table_valued(sa.column("tokid", sa.Integer), sa.column("token", sa.Text), with_ordinality="n")
            .render_derived(name="parsed", with_types=False)
        )
        tokens = (
            sa.select(sa.func.array_agg(pg.aggregate_order_by(parsed.c.token, parsed.c.n)))
            .where(parsed.c.tokid != BLANK_TOKEN)
            .scalar_subquery()
        )
        rows = connection.execute(
            sa.select(word, tokens).select_from(
                sa.func.unnest(sa.bindparam(None, others, type_=pg.ARRAY(sa.Text))).table_valued("word")
                .render_derived(name="words")
            )
        )  # fmt: skip
        folded.update({text: tuple(found or ()) for text, found in rows})
    return folded


BLANK_TOKEN = 12  # ts_parse's token type of spaces and punctuation


def _tsquery(terms: Sequence[fts.Term], folded: dict[str, tuple[str, ...]]) -> str | None:
    """`terms` as tsquery text; None when nothing is left to search. A word that folds to nothing is
    dropped; a term with nothing left is dropped too."""
    rendered = []
    for term in terms:
        alternatives = [a for a in (_alternative(alt, folded) for alt in term) if a]
        if alternatives:
            rendered.append(
                alternatives[0] if len(alternatives) == 1 else "(" + " | ".join(alternatives) + ")"
            )
    return " & ".join(rendered) or None


def _alternative(alternative: fts.Alternative, folded: dict[str, tuple[str, ...]]) -> str:
    phrases = [p for p in (_phrase(phrase, folded) for phrase in alternative) if p]
    if len(phrases) < len(alternative):
        return ""  # a part that cannot match anything: leave the whole alternative out
    return phrases[0] if len(phrases) == 1 else "(" + " & ".join(phrases) + ")"


def _phrase(phrase: fts.Phrase, folded: dict[str, tuple[str, ...]]) -> str:
    lexemes = [lexeme for word in phrase.words for lexeme in folded.get(word, ())]
    if not lexemes:
        return ""
    operands = [_lexeme(lexeme) for lexeme in lexemes[:-1]]
    operands.append(_lexeme(lexemes[-1]) + (":*" if phrase.prefix else ""))
    return operands[0] if len(operands) == 1 else "(" + " <-> ".join(operands) + ")"


def _lexeme(text: str) -> str:
    # tsquery quoting: a quote is doubled, a backslash escapes the next character.
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
