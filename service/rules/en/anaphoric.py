"""Expressions anchored on the previously mentioned time: "the next day", "two days later",
"that week", "the following year", "a year earlier", "the year-ago quarter".
"""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import Grain, TimexType
from service.locale.lexicon import choice
from service.rules.en.words import (
    LEX,
    NUMBER,
    UNIT_WORDS,
    B,
    E,
    cue,
    cue_words,
    number_value,
    unit_grain,
)
from service.rules.types import Anchor, Candidate, RegexParser

_I = re.IGNORECASE
_UNIT1: Final = cue("anaphoric", "units")
_DETERMINER: Final = cue("anaphoric", "determiners")
_FORWARD: Final = cue_words("anaphoric", "forward")


def _unit_grain(word: str) -> tuple[Grain, str | None]:
    w = word.lower()
    if w in LEX.parts_of_day:  # "the next morning"
        return Grain.PART_OF_DAY, LEX.parts_of_day[w]
    return unit_grain(w)[1], None


def _next_unit(m: re.Match[str], text: str) -> Candidate | None:
    grain, pod = _unit_grain(m["unit"])
    step = LEX.anaphoric_steps[m["which"].lower()]
    kind = TimexType.TIME if pod else TimexType.DATE
    return Candidate(
        m.start(), m.end(), "next_unit", kind, Anchor.PREVIOUS, grain, part_of_day=pod,
        shift=step, shift_unit=Grain.DAY if pod else grain,
        weekend=m["unit"].lower() == "weekend", confidence=0.85,
    )


NEXT_UNIT: Final = RegexParser(
    "next_unit",
    re.compile(rf"{B}the\s+(?P<which>{choice(LEX.anaphoric_steps)})\s+"
               rf"(?P<unit>{_UNIT1}){E}", _I),
    _next_unit,
    keywords=tuple(LEX.anaphoric_steps),
)


def _that_unit(m: re.Match[str], text: str) -> Candidate | None:
    grain, pod = _unit_grain(m["unit"])
    return Candidate(
        m.start(), m.end(), "that_unit", TimexType.TIME if pod else TimexType.DATE,
        Anchor.PREVIOUS, grain, part_of_day=pod, shift_unit=Grain.DAY, confidence=0.8,
    )


THAT_UNIT: Final = RegexParser(
    "that_unit",
    re.compile(rf"{B}that\s+(?P<unit>{_UNIT1}){E}"
               rf"(?!\s+{cue('anaphoric', 'that_unit_blockers')}\b)", _I),
    _that_unit,
    keywords=('that ',),
)


def _day_before(m: re.Match[str], text: str) -> Candidate | None:
    grain, pod = _unit_grain(m["unit"])
    step = -1 if m["rel"].lower() == "before" else 1
    return Candidate(
        m.start(), m.end(), "unit_before", TimexType.DATE, Anchor.PREVIOUS, grain,
        shift=step, confidence=0.8,
    )


DAY_BEFORE: Final = RegexParser(
    "unit_before",
    re.compile(rf"{B}the\s+(?P<unit>{cue('anaphoric', 'before_after_units')})\s+"
               rf"(?P<rel>before|after){E}(?!\s+(?:{_DETERMINER}|\w+ing)\b)", _I),
    _day_before,
    keywords=('before', 'after'),
)


def _later(m: re.Match[str], text: str) -> Candidate | None:
    unit, grain, _, _, factor = unit_grain(m["unit"])
    if grain < Grain.DAY:
        return None
    amount = number_value(m["num"])
    if amount is None or amount != int(amount):
        return None
    sign = 1 if re.sub(r"\s+", " ", m["dir"].lower()) in _FORWARD else -1
    return Candidate(
        m.start(), m.end(), "later", TimexType.DATE, Anchor.PREVIOUS, grain,
        shift=sign * int(amount) * factor, shift_unit=grain,
        keep_reference_grain=grain >= Grain.MONTH, offset=True, confidence=0.8,
    )


LATER: Final = RegexParser(
    "later",
    re.compile(rf"{B}(?P<num>{NUMBER})[\s-]+(?P<unit>{UNIT_WORDS})\s+"
               rf"(?P<dir>{cue('anaphoric', 'directions')}){E}"
               rf"(?!\s+(?:{_DETERMINER}|\w+ing)\b)", _I),
    _later,
    keywords=('later', 'after', 'earlier', 'before'),
)


def _year_ago(m: re.Match[str], text: str) -> Candidate | None:
    return Candidate(
        m.start(), m.end(), "year_ago", TimexType.DATE, Anchor.PREVIOUS, Grain.QUARTER,
        shift=-1, shift_unit=Grain.YEAR, keep_reference_grain=True, confidence=0.75,
    )


YEAR_AGO: Final = RegexParser(
    "year_ago",
    re.compile(r"\b(?:the\s+(?:comparable\s+|same\s+)?)?year[\s-](?:ago|earlier)"
               rf"(?:\s+{cue('anaphoric', 'year_ago_periods')})?\b", _I),
    _year_ago,
    keywords=('year-', 'year ago', 'year earlier'),
)


PARSERS: Final = (NEXT_UNIT, THAT_UNIT, DAY_BEFORE, LATER, YEAR_AGO)
