"""Reading the free-text labels of a file's choice columns ("Site internet", "Passage showroom",
"Salon auto", "Instagram") as the app's closed lists (source channels, civilities, fuels...).

A label never costs a row: it is matched, in this order, as a whole (case, accents and punctuation
ignored) against each member's code and a table of French and English synonyms; then word by word (the
longest run of words that is a known synonym: "Passage showroom" -> walk-in); then fuzzily (rapidfuzz,
for typos: "Facebok", "Telephne"); and when nothing fits, the list's "other" member (or nothing, for a
list without one), with a warning naming the value. The importer matches each distinct value of a
column once per run, not once per row, and the user may choose the member of any value beforehand.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from dealercrm.i18n import _
from dealercrm.services import validation as v

FUZZY_CUTOFF = 85.0  # rapidfuzz ratio (0-100) from which a typo is read as the label it resembles
MIN_WORD = 3  # shorter synonyms ("m", "go", "el") count only as the whole value, never as one word of it
MAX_WORDS = 4  # the longest run of words looked up at once


@dataclass(frozen=True)
class ChoiceMatch:
    """How one value of the file reads: `member` is None when the field is left empty."""

    value: str  # as in the file
    member: enum.Enum | None
    how: str  # known, words, fuzzy, chosen (by the user), unknown
    detail: str = ""  # the synonym or word that decided, for the report

    @property
    def certain(self) -> bool:
        return self.how in ("known", "chosen")

    def note(self, what: str) -> str:
        """Why the value reads as it does, for the report ("" when it needs no explanation)."""
        shown = self.member.value if self.member is not None else None
        what = _(what)
        if self.how == "words":
            return _("{value!r} read as {what} {shown!r} (from the word {word!r})").format(
                value=self.value, what=what, shown=shown, word=self.detail
            )
        if self.how == "fuzzy":
            return _("{value!r} read as {what} {shown!r} (close to {word!r})").format(
                value=self.value, what=what, shown=shown, word=self.detail
            )
        if self.how == "unknown":
            if shown is None:
                return _("{value!r} is not a known {what}: left empty (the usual default applies)").format(
                    value=self.value, what=what
                )
            return _("{value!r} is not a known {what}: stored as {shown!r}").format(
                value=self.value, what=what, shown=shown
            )
        return ""


class ChoiceTable:
    """One closed list with its synonyms. Called with a value, it reads it strictly (an unknown value
    raises InvalidValue, as the other parsers do); `match` reads it leniently (see the module docstring)."""

    def __init__(self, table: dict[str, Any], *, what: str, fallback: enum.Enum | None = None) -> None:
        members = list(table.values())
        self.enum: type[enum.Enum] = type(members[0])
        self.table = table
        self.what = what
        if fallback is None:
            fallback = next((m for m in self.enum if m.value == "other"), None)
        self.fallback = fallback
        self._words = sorted(key for key in table if len(key) >= MIN_WORD and "_" not in key)

    def __call__(self, value: Any) -> Any:
        return v.parse_choice(value, self.table, what=self.what)

    @property
    def members(self) -> tuple[enum.Enum, ...]:
        return tuple(self.enum)

    def member(self, code: str) -> enum.Enum:
        """The member whose code (its value) is `code`; ValueError otherwise."""
        for member in self.enum:
            if member.value == code:
                return member
        raise ValueError(f"{code!r} is not a {self.what} (one of {', '.join(m.value for m in self.enum)})")

    def match(self, value: Any, chosen: Mapping[str, enum.Enum | None] | None = None) -> ChoiceMatch:
        """`value` read leniently; `chosen` ({folded value: member or None}) holds the user's choices."""
        text = v.cell_text(value).strip()
        folded = v.fold(text)
        if chosen and folded in chosen:
            return ChoiceMatch(text, chosen[folded], "chosen")
        found = self.table.get(folded) or self.table.get(folded.replace(" ", "_"))
        if found is not None:
            return ChoiceMatch(text, found, "known")
        words = folded.split()
        if len(words) > 1:
            by_words = self._by_words(words)
            if by_words is not None:
                return ChoiceMatch(text, by_words[0], "words", by_words[1])
        fuzzy = self._fuzzy(folded, words)
        if fuzzy is not None:
            return ChoiceMatch(text, fuzzy[0], "fuzzy", fuzzy[1])
        return ChoiceMatch(text, self.fallback, "unknown")

    def _by_words(self, words: list[str]) -> tuple[enum.Enum, str] | None:
        """The longest run of words that is a synonym; runs of that length that disagree: none."""
        for size in range(min(MAX_WORDS, len(words) - 1), 0, -1):
            hits: dict[enum.Enum, str] = {}
            for start in range(len(words) - size + 1):
                run = " ".join(words[start : start + size])
                if len(run) >= MIN_WORD and run in self.table:
                    hits.setdefault(self.table[run], run)
            if len(hits) == 1:
                ((member, run),) = hits.items()
                return member, run
            if hits:
                return None  # "Monsieur et Madame": two answers, no guess
        return None

    def _fuzzy(self, folded: str, words: list[str]) -> tuple[enum.Enum, str] | None:
        if not self._words or len(folded) < MIN_WORD + 1:
            return None
        best = process.extractOne(folded, self._words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is not None:
            return self.table[best[0]], best[0]
        hits: dict[enum.Enum, str] = {}
        for word in words if len(words) > 1 else ():
            if len(word) > MIN_WORD:
                found = process.extractOne(word, self._words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
                if found is not None:
                    hits.setdefault(self.table[found[0]], found[0])
        if len(hits) == 1:
            ((member, key),) = hits.items()
            return member, key
        return None


@dataclass(frozen=True)
class ValueProposal:
    """One distinct value of a choice column, what it will be imported as, and on how many rows."""

    value: str
    rows: int
    proposed: str | None  # the member's code, None for "left empty"
    how: str  # known, words, fuzzy, chosen, unknown
    note: str  # why, in English ("" when the value is a known label)


@dataclass(frozen=True)
class ChoiceColumn:
    """A choice column of the file, its distinct values (the most frequent first) and the list's codes."""

    header: str
    field: str
    label: str  # the field's English label
    enum: type[enum.Enum]  # the closed list
    options: tuple[str, ...]  # the members' codes, in the list's order
    values: tuple[ValueProposal, ...]
    more: int = 0  # distinct values left out of `values` (a column of free text mapped by mistake?)
