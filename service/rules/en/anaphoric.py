"""Expressions anchored on the previously mentioned time: "the next day", "two days later",
"that week", "the following year", "a year earlier", "the year-ago quarter".
"""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import Grain, TimexType
from service.rules.en.words import NUMBER, UNIT_WORDS, B, E, number_value, unit_grain
from service.rules.types import Anchor, Candidate, RegexParser

_I = re.IGNORECASE
_UNIT1 = r"(?:day|week|weekend|month|year|morning|afternoon|evening|night)"
_STEP = {"next": 1, "following": 1, "previous": -1, "preceding": -1, "prior": -1, "same": 0}


def _unit_grain(word: str) -> tuple[Grain, str | None]:
    w = word.lower()
    if w in ("morning", "afternoon", "evening", "night"):
        return Grain.PART_OF_DAY, {"morning": "MO", "afternoon": "AF", "evening": "EV",
                                   "night": "NI"}[w]
    return unit_grain(w)[1], None


def _next_unit(m: re.Match[str], text: str) -> Candidate | None:
    grain, pod = _unit_grain(m["unit"])
    step = _STEP[m["which"].lower()]
    kind = TimexType.TIME if pod else TimexType.DATE
    return Candidate(
        m.start(), m.end(), "next_unit", kind, Anchor.PREVIOUS, grain, part_of_day=pod,
        shift=step, shift_unit=Grain.DAY if pod else grain,
        weekend=m["unit"].lower() == "weekend", confidence=0.85,
    )


NEXT_UNIT: Final = RegexParser(
    "next_unit",
    re.compile(rf"{B}the\s+(?P<which>next|following|previous|preceding|prior|same)\s+"
               rf"(?P<unit>{_UNIT1}){E}", _I),
    _next_unit,
    keywords=('next', 'following', 'previous', 'preceding', 'prior', 'same'),
)


def _that_unit(m: re.Match[str], text: str) -> Candidate | None:
    grain, pod = _unit_grain(m["unit"])
    return Candidate(
        m.start(), m.end(), "that_unit", TimexType.TIME if pod else TimexType.DATE,
        Anchor.PREVIOUS, grain, part_of_day=pod, shift_unit=Grain.DAY, confidence=0.8,
    )


THAT_UNIT: Final = RegexParser(
    "that_unit",
    re.compile(rf"{B}that\s+(?P<unit>{_UNIT1}){E}(?!\s+(?:when|that|which|of)\b)", _I),
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
    re.compile(rf"{B}the\s+(?P<unit>day|week|month|year)\s+(?P<rel>before|after){E}"
               rf"(?!\s+(?:the|a|an|his|her|their|its|\w+ing)\b)", _I),
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
    sign = 1 if m["dir"].lower() in ("later", "afterward", "afterwards", "after that") else -1
    return Candidate(
        m.start(), m.end(), "later", TimexType.DATE, Anchor.PREVIOUS, grain,
        shift=sign * int(amount) * factor, shift_unit=grain,
        keep_reference_grain=grain >= Grain.MONTH, confidence=0.8,
    )


LATER: Final = RegexParser(
    "later",
    re.compile(rf"{B}(?P<num>{NUMBER})[\s-]+(?P<unit>{UNIT_WORDS})\s+"
               rf"(?P<dir>later|afterwards?|after\s+that|earlier|before\s+that|before){E}"
               rf"(?!\s+(?:the|a|an|his|her|their|its|\w+ing)\b)", _I),
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
               r"(?:\s+(?:period|quarter|third\s+quarter|second\s+quarter|fourth\s+quarter|"
               r"first\s+quarter))?\b", _I),
    _year_ago,
    keywords=('year-', 'year ago', 'year earlier'),
)


PARSERS: Final = (NEXT_UNIT, THAT_UNIT, DAY_BEFORE, LATER, YEAR_AGO)
