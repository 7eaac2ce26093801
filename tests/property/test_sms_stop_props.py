"""The SMS opt-out mention (hypothesis): "STOP" must stand as a word of its own before a short number."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dealercrm.services.messaging import STOP_MENTION, has_stop_mention, with_stop_mention

# Message text that cannot form a mention by itself: no digits, no "stop" in any case.
words = st.text(
    st.characters(categories=["L", "Zs", "P"], exclude_characters="0123456789"), max_size=60
).filter(lambda t: "STOP" not in t.upper())
short_numbers = st.integers(30000, 89999).map(str)
stop_cases = st.sampled_from(["STOP", "Stop", "stop", "StOp"])
links = st.sampled_from([" ", " au ", " à ", " : ", ": ", " SMS ", " SMS au ", " sms au "])
# Letters or a hyphen glued to STOP make another word: non-stop, STOPPER, arrêt-stop, autostop...
glued_before = st.sampled_from(["non-", "auto", "x", "-", "NON-", "é"])
glued_after = st.sampled_from(["PER", "per", "s", "-", "ping", "É"])


@given(words, stop_cases, links, short_numbers, st.sampled_from(["", " ", ".", ",", "!", ")", "\n"]), words)
def test_a_real_mention_is_accepted_and_kept_as_it_is(
    before: str, stop: str, link: str, number: str, end: str, after: str
) -> None:
    text = f"{before} {stop}{link}{number}{end}" + (f" {after}" if end else "")
    assert has_stop_mention(text)
    assert with_stop_mention(text) == text


@given(words, stop_cases, glued_before, links, short_numbers)
def test_stop_inside_a_word_before_is_refused(
    before: str, stop: str, glue: str, link: str, number: str
) -> None:
    text = f"{before} {glue}{stop}{link}{number}"
    assert not has_stop_mention(text)
    assert with_stop_mention(text).endswith(STOP_MENTION)


@given(words, stop_cases, glued_after, links, short_numbers)
def test_stop_inside_a_word_after_is_refused(
    before: str, stop: str, glue: str, link: str, number: str
) -> None:
    text = f"{before} {stop}{glue}{link}{number}"
    assert not has_stop_mention(text)


@given(words, stop_cases, words)
def test_stop_without_a_short_number_is_refused(before: str, stop: str, after: str) -> None:
    text = f"{before} {stop} {after}"
    assert not has_stop_mention(text)
    assert has_stop_mention(with_stop_mention(text))


@given(
    words, st.sampled_from(["Ouvert non-stop", "NON-STOP", "STOPPER", "stoppez", "Autostop", "Stop-and-go"])
)
def test_the_words_of_the_bug_report_are_refused(before: str, word: str) -> None:
    assert not has_stop_mention(f"{before} {word} {before}")
    assert has_stop_mention(with_stop_mention(f"{before} {word}"))


@given(words, stop_cases, st.sampled_from(["0618", "123456", "06180", "99999", "3618"]))
def test_a_number_that_is_no_short_number_is_refused(before: str, stop: str, number: str) -> None:
    assert not has_stop_mention(f"{before} {stop} au {number}")
