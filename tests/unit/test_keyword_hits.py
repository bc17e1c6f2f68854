"""The literal keyword scan finds exactly what the alternation of the same words would."""

from __future__ import annotations

import random
import re

import pytest

from service.rules.types import Source, keyword_hits


def _alternation(text: str, words: list[str]) -> list[tuple[int, int]]:
    ordered = sorted(set(words), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in ordered))
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("on monday and on sunday", ["day", "monday", "sunday"]),
        ("mar march marches", ["mar", "march"]),
        ("aaaa", ["aa", "a"]),
        ("the 1st and the 22nd", list("0123456789")),
        ("no keyword here", ["xyz"]),
        ("", ["a"]),
        ("a year-long year ago", ["year-", "year ago", " year"]),
    ],
)
def test_hits_equal_the_alternation(text: str, words: list[str]) -> None:
    assert keyword_hits(text, words) == _alternation(text, words)


def test_hits_equal_the_alternation_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = "ab c"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
                 for _ in range(rng.randint(1, 4))]
        assert keyword_hits(text, words) == _alternation(text, words), (text, words)


def test_windows_are_merged_and_shared() -> None:
    source = Source.of("It rained on Monday. " + "x " * 60 + "It cleared on Friday.")
    windows = source.windows(("friday", "monday"), 10)
    assert len(windows) == 2
    assert windows[0][0] < source.text.index("Monday") < windows[0][1]
    assert source.windows(("friday", "monday"), 10) is windows  # computed once
    assert source.windows((), 10) == ((0, len(source.text)),)
