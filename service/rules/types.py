"""What a parser says about a time expression, before it is resolved."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from service.pipeline.types import Grain, TimexType


class Anchor(str, Enum):
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
    nth: int | None = None  # "the fourth Thursday": 4; -1 the last; 0 the one after the first Monday
    quarter: int | None = None
    half: int | None = None
    season: str | None = None
    hour: int | None = None
    minute: int | None = None
    part_of_day: str | None = None
    weekend: bool = False
    shift: int = 0  # steps of ``shift_unit`` (default: ``grain``) away from the anchor
    shift_unit: Grain | None = None
    direction: int = 0  # -1 the previous one, +1 the next one, 0 let the tense decide
    keep_reference_grain: bool = False
    past_leaning: bool = False  # "Friday's close": a possessive day is one already past  # "a year earlier" after "the third quarter" -> a quarter
    value: str | None = None  # fixed value: durations, sets, references
    mod: str | None = None
    confidence: float = 0.9
    priority: int = 0  # breaks ties between overlapping candidates of equal length

    @property
    def length(self) -> int:
        return self.end - self.start


Build = Callable[[re.Match[str], str], Candidate | None]


class Parser(Protocol):
    """A family of expressions: finds candidates in the whole text in one regex pass."""

    name: str

    def find(self, text: str) -> Iterator[Candidate]: ...


@dataclass(frozen=True, slots=True)
class RegexParser:
    """A parser made of one compiled pattern and a function that reads its groups."""

    name: str
    pattern: re.Pattern[str]
    build: Build

    def find(self, text: str) -> Iterator[Candidate]:
        for match in self.pattern.finditer(text):
            candidate = self.build(match, text)
            if candidate is not None:
                yield candidate


Refiner = Callable[[str, tuple[Candidate, ...]], tuple[Candidate, ...]]
