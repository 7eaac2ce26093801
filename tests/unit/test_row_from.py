"""services.base.row_from: a row dataclass from an object's same-named attributes, but for those given."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from dealercrm.services.base import row_from


@dataclass(frozen=True)
class _Row:
    id: int
    name: str
    note: str = ""


def test_fields_not_given_are_copied_from_the_source() -> None:
    source = SimpleNamespace(id=7, name="Martin", note="VIP", other="not a field")
    assert row_from(_Row, source) == _Row(id=7, name="Martin", note="VIP")


def test_given_fields_win_and_are_not_read_from_the_source() -> None:
    source = SimpleNamespace(id=7)  # no `name`, no `note`: both are given
    assert row_from(_Row, source, name="Martin", note="") == _Row(id=7, name="Martin")


def test_a_field_the_source_lacks_is_an_error_even_with_a_default() -> None:
    with pytest.raises(AttributeError, match="note"):
        row_from(_Row, SimpleNamespace(id=7, name="Martin"))
