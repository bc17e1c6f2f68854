"""What a parser says about a time expression, before it is resolved."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from service.domain.types import Grain, TimexType


class Anchor(StrEnum):
    """What an expression must be resolved against."""

    ABSOLUTE = "absolute"  # the words state the whole value ("May 19, 2025")
    DOCUMENT = "document"  # a shift from the document date ("yesterday", "last week")
    PREVIOUS = "previous"  # a shift from the previously mentioned time ("the next day")
    TENSE = "tense"  # stated fields lack a year or week; the verb's tense picks it ("Sunday")
    NONE = "none"  # a fixed value (durations, sets, vague references)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One expression found in the text, with only what its words state."""

    start: int
    end: int
    rule: str
    type: TimexType
    anchor: Anchor
    grain: Grain | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    # "the fourth Thursday": 4; -1 the last; 0 the one after the first Monday
    nth: int | None = None
    easter_offset: int | None = None  # "Good Friday": -2, days from Easter Sunday
    # a yearly holiday: in the present tense the coming one ("shops open on Boxing Day")
    holiday: bool = False
    quarter: int | None = None
    half: int | None = None
    season: str | None = None
    hour: int | None = None
    minute: int | None = None
    part_of_day: str | None = None
    zone: str | None = None  # the zone the text states after a clock time ("EST", "+03:00")
    weekend: bool = False
    shift: int = 0  # steps of ``shift_unit`` (default: ``grain``) away from the anchor
    shift_unit: Grain | None = None
    direction: int = 0  # -1 the previous one, +1 the next one, 0 let the tense decide
    # the way a cue word before it points ("ahead of", "since"): like the tense, it lets a
    # day equal to the document's be the document date
    cue_direction: int = 0
    # "a year earlier" after "the third quarter" -> a quarter
    keep_reference_grain: bool = False
    # "two weeks later": an offset from the anchor, at the anchor's grain when that is finer
    # (a day two weeks after a stated day, not that day's week)
    offset: bool = False
    past_leaning: bool = False  # "Friday's close": a possessive day is one already past
    # a numeric date as written ("03", "04", "2025"): the request's date order reads it
    numerals: tuple[str, str, str] | None = None
    value: str | None = None  # fixed value: durations, sets, references
    mod: str | None = None
    confidence: float = 0.9
    priority: int = 0  # breaks ties between overlapping candidates of equal length

    @property
    def length(self) -> int:
        return self.end - self.start


Build = Callable[[re.Match[str], str], Candidate | None]


@dataclass(frozen=True, slots=True)
class Source:
    """The text the parsers scan, with its ASCII-lowered copy made once for all of them."""

    text: str
    lowered: str
    # windows by (keywords, reach), computed once for all the parsers that share a word list
    # (the month parsers, the unit parsers); a cache, never part of the value
    _windows: dict[tuple[tuple[str, ...], int], tuple[tuple[int, int], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(cls, text: str) -> Source:
        """``text`` with its lowered copy. ``str.lower`` is not used: it can change the
        length of a text ("İ" becomes two characters) and so every offset after it."""
        return cls(text, text.translate(_ASCII_LOWER))

    def windows(self, words: tuple[str, ...], reach: int) -> tuple[tuple[int, int], ...]:
        """The spans of text within ``reach`` characters of any of ``words`` (the whole text
        without words), merged where they overlap and never ending inside a word."""
        key = (words, reach)
        found = self._windows.get(key)
        if found is None:
            found = self._windows[key] = _windows_around(self, words, reach)
        return found


class Parser(Protocol):
    """A family of expressions: finds candidates in the whole text in one regex pass."""

    @property
    def name(self) -> str: ...

    def find(self, source: Source) -> Iterator[Candidate]: ...


@dataclass(frozen=True, slots=True)
class RegexParser:
    """A parser made of one compiled pattern and a function that reads its groups."""

    name: str
    pattern: re.Pattern[str]
    build: Build
    # Words one of which every match contains (lower case). The pattern then only runs in
    # windows of ``reach`` characters around them: one fast literal scan instead of trying
    # the full pattern at every position of the text.
    keywords: tuple[str, ...] = ()
    reach: int = 48
    _words: tuple[str, ...] = field(init=False, default=(), repr=False)

    def __post_init__(self) -> None:
        if any(not word for word in self.keywords):
            raise ValueError(f"parser {self.name!r} has an empty keyword")
        object.__setattr__(self, "_words", tuple(sorted(set(self.keywords))))

    def find(self, source: Source) -> Iterator[Candidate]:
        text = source.text
        seen: set[tuple[int, int]] = set()
        for lo, hi in source.windows(self._words, self.reach):
            for match in self.pattern.finditer(text, lo, hi):
                if (match.start(), match.end()) in seen:
                    continue
                seen.add((match.start(), match.end()))
                candidate = self.build(match, text)
                if candidate is not None:
                    yield candidate


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _windows_around(
    source: Source, words: tuple[str, ...], reach: int
) -> tuple[tuple[int, int], ...]:
    text = source.text
    if not words:
        return ((0, len(text)),)
    windows: list[tuple[int, int]] = []
    for start, end in keyword_hits(source.lowered, words):
        lo, hi = max(0, start - reach), end + reach
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    # never end a window inside a word: lookaheads must see what follows
    return tuple((lo, _word_end(text, hi)) for lo, hi in windows)


def keyword_hits(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Where ``words`` occur in ``text``, as the successive matches of the alternation
    ``longest|...|shortest`` would find them (leftmost, then longest, never overlapping).

    One ``str.find`` scan per word is several times faster than that alternation, which tries
    its branches at every position of the text.

    Args:
        text: the text to scan (already lowered).
        words: non-empty literal words.

    Returns:
        ``(start, end)`` pairs in text order.
    """
    longest: dict[int, int] = {}  # start -> end of the longest word starting there
    for word in words:
        size = len(word)
        at = text.find(word)
        while at >= 0:
            if longest.get(at, -1) < at + size:
                longest[at] = at + size
            at = text.find(word, at + 1)
    hits: list[tuple[int, int]] = []
    reached = 0
    for start in sorted(longest):
        if start >= reached:
            reached = longest[start]
            hits.append((start, reached))
    return hits


def _word_end(text: str, pos: int) -> int:
    """The first whitespace at or after ``pos`` (or the end of the text), plus a little."""
    if pos >= len(text):
        return len(text)
    gap = _SPACE.search(text, pos)
    return min(len(text), (gap.end() if gap else len(text)) + 16)


_SPACE = re.compile(r"\s")


Refiner = Callable[[str, tuple[Candidate, ...]], tuple[Candidate, ...]]
