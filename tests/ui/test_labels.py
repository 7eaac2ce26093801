"""The widgets' enum labels come from the one table of words (services/enum_words.py), in the language the
interface speaks: after a switch too, even for labels already cached in the other language."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from dealercrm.models.enums import ClaimStatus, Lifecycle, Role, Stage
from dealercrm.services.enum_words import WORDS, enum_word
from dealercrm.ui.i18n import role_label, switch_language
from dealercrm.ui.labels import label, labels_for


def test_every_label_is_the_word_of_the_table_in_both_languages(qapp: QApplication) -> None:
    for language in ("fr", "en"):
        switch_language(qapp, language)
        for enum in WORDS:
            assert labels_for(enum) == {member: enum_word(member, language) for member in enum}


def test_cached_labels_follow_a_language_switch(qapp: QApplication) -> None:
    switch_language(qapp, "en")
    assert label(Stage.CONTACTED) == "Contacted"
    assert list(labels_for(Lifecycle).values()) == ["Prospect", "Customer", "Lost"]
    assert role_label(Role.AFTERSALES) == "After-sales"

    switch_language(qapp, "fr")
    assert label(Stage.CONTACTED) == "Contactée"
    assert label("in_progress", ClaimStatus) == "En cours"
    assert list(labels_for(Lifecycle).values()) == ["Prospect", "Client", "Perdu"]
    assert role_label("aftersales") == "Après-vente"

    switch_language(qapp, "en")  # back at logout: the English words again, not the cached French
    assert label(Stage.CONTACTED) == "Contacted"
    assert label("in_progress", ClaimStatus) == "In progress"


def test_an_unknown_value_shows_as_itself(qapp: QApplication) -> None:
    assert label(None) == ""
    assert label("no_such_status", ClaimStatus) == "no_such_status"
    assert role_label("janitor") == "janitor"
