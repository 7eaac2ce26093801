"""WrappedLabel keeps its heights per width: whatever is done to it, it answers as a plain QLabel would."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from dealercrm.ui.widgets.forms import WrappedLabel, text_label

TEXTS = [
    "",
    "Short.",
    "A sentence long enough to wrap onto a second line, then a third one in a narrow label.",
    "<b>Test drive</b><br>Clio V, 45 minutes<br><span style='color:#6b7280'>Julie Moreau</span>",
    "<table width='100%'>" + "<tr><td>Mobile</td><td>06 12 34 56 78</td></tr>" * 6 + "</table>",
    "".join(f"<p style='margin:0 0 7px 0'>Call {n}: no answer, will call back</p>" for n in range(12)),
]

# What may change a label's height, each applied to both labels.
OPERATIONS = st.one_of(
    st.tuples(st.just("setText"), st.sampled_from(TEXTS)),
    st.tuples(st.just("clear"), st.none()),
    st.tuples(st.just("setNum"), st.integers(min_value=-(10**6), max_value=10**6)),
    st.tuples(st.just("font"), st.integers(min_value=7, max_value=16)),
    st.tuples(st.just("setContentsMargins"), st.integers(min_value=0, max_value=20)),
    st.tuples(st.just("setIndent"), st.integers(min_value=-1, max_value=30)),
    st.tuples(st.just("setMargin"), st.integers(min_value=0, max_value=12)),
    st.tuples(st.just("setTextFormat"), st.sampled_from([Qt.TextFormat.RichText, Qt.TextFormat.PlainText])),
    st.tuples(st.just("setWordWrap"), st.booleans()),
    st.tuples(st.just("setStyleSheet"), st.sampled_from(["", "padding: 6px;", "font-size: 13pt;"])),
)


def apply(label: QLabel, name: str, argument: Any) -> None:
    if name == "clear":
        label.clear()
    elif name == "font":
        font = QFont(label.font())
        font.setPointSize(argument)
        label.setFont(font)
    elif name == "setContentsMargins":
        label.setContentsMargins(argument, argument // 2, argument, argument)
    else:
        getattr(label, name)(argument)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    operations=st.lists(OPERATIONS, min_size=1, max_size=8),
    widths=st.lists(st.integers(min_value=40, max_value=700), min_size=1, max_size=4),
)
def test_heights_are_a_plain_labels_whatever_was_done_to_it(
    qtbot: QtBot, operations: list[tuple[str, Any]], widths: list[int]
) -> None:
    wrapped, plain = WrappedLabel(), QLabel()
    plain.setWordWrap(True)
    for label in (wrapped, plain):
        qtbot.addWidget(label)
    for name, argument in operations:
        for label in (wrapped, plain):
            apply(label, name, argument)
        for width in [*widths, *widths]:  # the second time from what was kept
            assert wrapped.heightForWidth(width) == plain.heightForWidth(width), (name, width)
        assert wrapped.sizeHint() == plain.sizeHint()  # a preferred width: QLabel's own hint
        assert wrapped.minimumSizeHint() == plain.minimumSizeHint()


def test_a_label_given_its_width_but_not_wrapping_hints_as_qlabel(qtbot: QtBot) -> None:
    label, plain = WrappedLabel(TEXTS[2]), QLabel(TEXTS[2])
    for widget in (label, plain):
        qtbot.addWidget(widget)
        widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        widget.setWordWrap(False)
    assert label.sizeHint() == plain.sizeHint() and label.sizeHint().height() > 0
    assert label.minimumSizeHint() == plain.minimumSizeHint()


def test_a_label_given_its_width_is_as_tall_as_its_text_there(qtbot: QtBot) -> None:
    """With an Ignored width (the detail panes' sections) the layout gives the width: the hints are the
    height at the width the label has (and one line at least), not QLabel's search for a pleasing width;
    the label laid out in a column is as tall as its text at that width."""
    page = QWidget()
    qtbot.addWidget(page)
    column = QVBoxLayout(page)
    label = text_label(TEXTS[-1])
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    column.addWidget(label)
    column.addStretch(1)
    plain = QLabel(TEXTS[-1])
    plain.setWordWrap(True)
    plain.setTextFormat(Qt.TextFormat.RichText)
    qtbot.addWidget(plain)
    for width in (260, 420, 330):
        page.resize(width, 2000)
        page.show()
        qtbot.waitUntil(lambda w=width: label.width() == w - 2 * column.contentsMargins().left())
        assert label.height() == plain.heightForWidth(label.width())
        assert label.sizeHint().height() == plain.heightForWidth(label.width())
        assert label.minimumSizeHint().height() == label.fontMetrics().lineSpacing()
