"""Names sort as a French reader expects: accents and case set aside."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from dealercrm.ui import formatting as fmt


def test_accented_names_sort_with_their_letter(qapp: object) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    names = ["Nicolas", "Émile", "zoé", "Dominique", "Éric", "agathe", "Client 10", "Client 9"]
    assert fmt.by_name(names) == [
        "agathe",
        "Client 9",
        "Client 10",
        "Dominique",
        "Émile",
        "Éric",
        "Nicolas",
        "zoé",
    ]
