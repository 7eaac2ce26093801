"""Hypothesis on how the importer reads the labels of choice columns: any way of typing a known label
(case, accents, spaces, punctuation) reads as the same member; any text at all is read without an
exception, and whatever is not a known label comes with a warning; nonsense becomes "other"."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dealercrm.models.enums import SourceChannel
from dealercrm.services import validation as v
from dealercrm.services.importing import FIELDS, ChoiceTable

TABLES: list[tuple[str, ChoiceTable]] = []
for _kind, _specs in FIELDS.items():
    for _spec in _specs:
        if isinstance(_spec.parse, ChoiceTable) and all(_spec.parse is not t for _n, t in TABLES):
            TABLES.append((_spec.name, _spec.parse))
KNOWN = [
    (name, table, key)
    for name, table in TABLES
    for key in table.table
    if key == v.fold(key) and key  # the folded spellings (codes with "_" are their own key)
]
SOURCES = next(table for name, table in TABLES if name == "source_channel")
ACCENTED = {"e": "éèêë", "a": "àâä", "i": "îï", "o": "ôö", "u": "ùûü", "c": "ç"}
SEPARATORS = st.sampled_from([" ", "  ", "-", "_", ".", " - ", "\t", "\u00a0", "/"])


@st.composite
def variant(draw: st.DrawFn, key: str) -> str:
    """`key` as a person might type it."""
    words = []
    for word in key.split():
        chars = []
        for char in word:
            if char in ACCENTED and draw(st.booleans()):
                char = draw(st.sampled_from(ACCENTED[char]))
            chars.append(char.upper() if draw(st.booleans()) else char)
        words.append("".join(chars))
    text = words[0]
    for word in words[1:]:
        text += draw(SEPARATORS) + word
    return (
        draw(st.sampled_from(["", " ", "  ", "\t"])) + text + draw(st.sampled_from(["", " ", ".", " \u00a0"]))
    )


@settings(max_examples=300, deadline=None)
@given(data=st.data(), known=st.sampled_from(KNOWN))
def test_any_spelling_of_a_known_label_reads_as_its_member(
    data: st.DataObject, known: tuple[str, ChoiceTable, str]
) -> None:
    _name, table, key = known
    typed = data.draw(variant(key))
    match = table.match(typed)
    assert match.member is table.table[key], (typed, match)
    assert match.how == "known" and match.note(table.what) == ""


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=40),
    table=st.sampled_from([table for _name, table in TABLES]),
)
def test_any_text_is_read_without_error_and_a_guess_is_said(text: str, table: ChoiceTable) -> None:
    match = table.match(text)
    assert match.member is None or isinstance(match.member, table.enum)
    if match.how != "known":
        assert match.note(table.what), match
    if match.how == "unknown":
        assert match.member is table.fallback


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="0123456789#%*?!()[]{}<>+=~^$", min_size=1, max_size=20))
def test_nonsense_is_other_with_a_warning(text: str) -> None:
    match = SOURCES.match(text)
    assert (match.member, match.how) == (SourceChannel.OTHER, "unknown")
    assert "is not a known source: stored as 'other'" in match.note("source")


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    known=st.sampled_from([(n, t, k) for n, t, k in KNOWN if t is SOURCES]),
    before=st.sampled_from(["", "via ", "par ", "contact "]),
    after=st.sampled_from(["", " 2024", " (client)", " !"]),
)
def test_a_known_source_inside_a_longer_label_is_found(
    data: st.DataObject, known: tuple[str, ChoiceTable, str], before: str, after: str
) -> None:
    _name, table, key = known
    typed = before + data.draw(variant(key)) + after
    match = table.match(typed)
    assert match.member is not None  # never an exception, never a lost row
    if v.fold(before + after) == "" or match.how == "known":
        assert match.member is table.table[key]


def test_user_choices_win_over_any_reading() -> None:
    chosen = {v.fold("Salon auto"): SourceChannel.PHONE}
    assert SOURCES.match("SALON  AUTO", chosen).member is SourceChannel.PHONE
    assert SOURCES.match("SALON  AUTO", chosen).how == "chosen"
