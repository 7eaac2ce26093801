"""The switch interval: the shortest one asked for while any request stands, the one before after."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealercrm.switch_interval import shorten, shortened


@pytest.fixture(autouse=True)
def _interval_before() -> Iterator[None]:
    before = sys.getswitchinterval()
    yield
    sys.setswitchinterval(before)


@given(
    st.lists(
        st.one_of(
            st.floats(0.0001, 0.01).map(lambda s: ("ask", s)), st.integers(0, 20).map(lambda n: ("drop", n))
        ),
        max_size=30,
    )
)
def test_the_shortest_request_holds_and_the_interval_before_comes_back(
    steps: list[tuple[str, float]],
) -> None:
    before = sys.getswitchinterval()
    standing: list[tuple[float, Callable[[], None]]] = []
    try:
        for step, value in steps:
            if step == "ask":
                standing.append((value, shorten(value)))
            elif standing:
                _seconds, withdraw = standing.pop(int(value) % len(standing))
                withdraw()
                withdraw()  # a second call does nothing
            expected = min([before] + [seconds for seconds, _ in standing])
            # CPython keeps the interval in whole microseconds.
            assert sys.getswitchinterval() == pytest.approx(expected, abs=1e-6)
    finally:
        for _seconds, withdraw in standing:
            withdraw()
    assert sys.getswitchinterval() == pytest.approx(before, abs=1e-6)


def test_a_block_shortens_it_on_any_thread_and_puts_it_back_even_when_it_raises() -> None:
    before = sys.getswitchinterval()
    seen: list[float] = []

    def work() -> None:
        with shortened(0.0005):
            seen.append(sys.getswitchinterval())

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [pytest.approx(0.0005)]
    with pytest.raises(ValueError), shortened(0.0003):
        raise ValueError
    assert sys.getswitchinterval() == pytest.approx(before)
