"""Expressions anchored on the document date: "today", "yesterday morning", "tonight",
"this week", "last month", "next year", "two years ago", "three days from now".
"""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import Grain, TimexType
from service.locale.lexicon import alternation, choice
from service.rules.en.words import (
    LEX,
    NUMBER,
    PART_OF_DAY,
    UNIT_KEYS,
    UNIT_WORDS,
    VAGUE,
    WEEKDAY,
    B,
    E,
    cue,
    cue_words,
    number_value,
    unit_grain,
    weekday_number,
)
from service.rules.types import Anchor, Candidate, RegexParser

_I = re.IGNORECASE

CASUAL: Final = alternation(LEX.casual_days)


def _casual(m: re.Match[str], text: str) -> Candidate | None:
    word = m["day"].lower()
    if m["day"][0].isupper() and re.search(r"[A-Z][\w.]*\s+$", text[max(0, m.start() - 12) :
                                                                 m.start()]):
        return None  # "USA Today": part of a name
    shift = LEX.casual_days[word]
    if m["rel"]:  # "the day before yesterday", "the day after tomorrow"
        shift += -1 if m["rel"].lower() == "before" else 1
    if m["pod"]:
        pod = LEX.parts_of_day[m["pod"].lower()]
        return Candidate(
            m.start(), m.end(), "casual_day", TimexType.TIME, Anchor.DOCUMENT, Grain.PART_OF_DAY,
            part_of_day=pod, shift=shift, shift_unit=Grain.DAY, confidence=0.95,
        )
    return Candidate(
        m.start(), m.end(), "casual_day", TimexType.DATE, Anchor.DOCUMENT, Grain.DAY,
        shift=shift, confidence=0.97,
    )


CASUAL_DAYS: Final = RegexParser(
    "casual_day",
    re.compile(rf"{B}(?:the\s+day\s+(?P<rel>before|after)\s+)?(?P<day>{CASUAL})"
               rf"(?:\s+(?P<pod>{PART_OF_DAY}))?{E}", _I),
    _casual,
    keywords=tuple(LEX.casual_days),
)


def _tonight(m: re.Match[str], text: str) -> Candidate | None:
    word = m["w"].lower()
    if word == "tonight":
        pod, shift = "NI", 0
    elif word.startswith("last"):
        pod, shift = LEX.parts_of_day[m["pod2"].lower()], -1
    else:
        pod, shift = LEX.parts_of_day[m["pod"].lower()], 0
    return Candidate(
        m.start(), m.end(), "part_of_today", TimexType.TIME, Anchor.DOCUMENT, Grain.PART_OF_DAY,
        part_of_day=pod, shift=shift, shift_unit=Grain.DAY, confidence=0.93,
    )


PARTS_OF_TODAY: Final = RegexParser(
    "part_of_today",
    re.compile(
        rf"\b(?P<w>tonight|this\s+(?P<pod>{cue('deictic', 'this_parts_of_day')})"
        rf"|last\s+(?P<pod2>{cue('deictic', 'last_parts_of_day')}))"
        r"(?!['’]s)\b",
        _I,
    ),
    _tonight,
    keywords=("tonight", *cue_words("deictic", "this_parts_of_day"),
              *cue_words("deictic", "last_parts_of_day")),
)


_UNITS_REL: Final = cue("deictic", "relative_units")
_DURATION_LIKE: Final = cue_words("deictic", "duration_like_determiners")
_NEVER_DURATIONS: Final = cue_words("deictic", "units_never_durations")


def _this_unit(m: re.Match[str], text: str) -> Candidate | None:
    det = re.sub(r"\s+", " ", m["det"].lower())
    unit = m["unit"].lower()
    if det in _DURATION_LIKE and unit not in _NEVER_DURATIONS:
        return None  # "past month" without a number reads as a duration; left to that parser
    _, grain, _, _, _ = unit_grain(unit)
    return Candidate(
        m.start(), m.end(), "relative_unit", TimexType.DATE, Anchor.DOCUMENT, grain,
        shift=LEX.deictic_shifts[det], weekend=unit == "weekend", confidence=0.95,
    )


THIS_UNIT: Final = RegexParser(
    "relative_unit",
    re.compile(
        rf"{B}(?:the\s+(?=past\s+year))?(?P<det>{cue('deictic', 'relative_unit_determiners')})"
        rf"\s+(?P<unit>{_UNITS_REL})(?!['’]s\s+(?:\w+\s+)?quarter){E}",
        _I,
    ),
    _this_unit,
    keywords=UNIT_KEYS,
)


def _ago(m: re.Match[str], text: str) -> Candidate | None:
    unit, grain, _, _, factor = unit_grain(m["unit"])
    if m["vague"]:
        return Candidate(
            m.start(), m.end(), "ago", TimexType.DATE, Anchor.NONE, None, value="PAST_REF"
            if m["dir"].lower() == "ago" else "FUTURE_REF", confidence=0.8,
        )
    amount = number_value(m["num"])
    if amount is None or amount != int(amount) or amount > 5000:
        return None
    sign = -1 if m["dir"].lower() == "ago" else 1
    result_grain = Grain.DAY if grain < Grain.DAY else grain
    if grain < Grain.DAY:
        return None  # "three hours ago": a time of day the text does not state
    return Candidate(
        m.start(), m.end(), "ago", TimexType.DATE, Anchor.DOCUMENT, result_grain,
        shift=sign * int(amount) * factor, shift_unit=grain, confidence=0.9,
        keep_reference_grain=grain == Grain.YEAR,
    )


AGO: Final = RegexParser(
    "ago",
    re.compile(
        rf"{B}(?:(?P<vague>{VAGUE})|(?P<num>{NUMBER}))[\s-]+(?P<unit>{UNIT_WORDS})\s+"
        rf"(?P<dir>{cue('deictic', 'ago_directions')}){E}",
        _I,
    ),
    _ago,
    keywords=cue_words("deictic", "ago_directions"),
)


_FISCAL_FOLLOWER: Final = re.compile(rf"\s+{cue('deictic', 'fiscal_year_followers')}\b")


def _the_unit(m: re.Match[str], text: str) -> Candidate | None:
    unit = m["unit"].lower()
    after = text[m.end() : m.end() + 12]
    if unit == "year" and _FISCAL_FOLLOWER.match(after):
        # "the year ended Sept. 30": a fiscal year, annotated as a duration
        return Candidate(
            m.start(), m.end(), "the_unit", TimexType.DURATION, Anchor.NONE, None,
            value="P1Y", confidence=0.7,
        )
    if unit == "weekend":  # the weekend before (or, in the future tense, after) the document
        return Candidate(
            m.start(), m.end(), "the_unit", TimexType.DATE, Anchor.TENSE, Grain.WEEK,
            weekday=6, weekend=True, past_leaning=True, confidence=0.7,
        )
    _, grain, _, _, _ = unit_grain(unit)
    return Candidate(
        m.start(), m.end(), "the_unit", TimexType.DATE, Anchor.DOCUMENT, grain,
        confidence=0.65,
    )


THE_UNIT: Final = RegexParser(
    "the_unit",
    re.compile(rf"\bthe\s+(?P<unit>{cue('deictic', 'the_units')})\b"
               rf"(?![-'’]|\s+{cue('deictic', 'the_unit_blockers')}\b)", _I),
    _the_unit,
    keywords=cue_words("deictic", "the_unit_keywords"),
)


def _fiscal_year(m: re.Match[str], text: str) -> Candidate | None:
    which = (m["which"] or "").lower()
    shift = LEX.deictic_shifts.get(which, 0)  # "the fiscal year": the current one
    return Candidate(
        m.start(), m.end(), "fiscal_year_relative", TimexType.DATE, Anchor.DOCUMENT, Grain.YEAR,
        shift=shift, confidence=0.75,
    )


FISCAL_YEARS: Final = RegexParser(
    "fiscal_year_relative",
    re.compile(rf"\bthe\s+(?:(?:(?P<which>{cue('deictic', 'fiscal_year_determiners')})\s+)?fiscal"
               r"|(?P<w2>current|full))\s+year\b(?![-'’])", _I),
    _fiscal_year,
    keywords=(' year',),
)


def _from(m: re.Match[str], text: str) -> Candidate | None:
    amount = number_value(m["num"])
    if amount is None or amount != int(amount):
        return None
    _, grain, _, _, factor = unit_grain(m["unit"])  # days or weeks: the pattern allows no other
    days = int(amount) * factor * (7 if grain == Grain.WEEK else 1)
    base = m["base"].lower()
    if base in LEX.casual_days:  # "a week from today"
        return Candidate(
            m.start(), m.end(), "unit_from", TimexType.DATE, Anchor.DOCUMENT, Grain.DAY,
            shift=LEX.casual_days[base] + days, shift_unit=Grain.DAY, confidence=0.85,
        )
    if not m["base"][0].isupper():
        return None
    return Candidate(  # "a week from Monday": that Monday, then a week on
        m.start(), m.end(), "unit_from", TimexType.DATE, Anchor.TENSE, Grain.DAY,
        weekday=weekday_number(base), direction=1, shift=int(amount) * factor,
        shift_unit=grain, confidence=0.8,
    )


UNIT_FROM: Final = RegexParser(
    "unit_from",
    re.compile(rf"{B}(?P<num>{NUMBER})\s+(?P<unit>days?|weeks?)\s+from\s+"
               rf"(?P<base>{choice(LEX.casual_days)}|{WEEKDAY}){E}", _I),
    _from,
    keywords=(' from ',),
)


def _part_of_day(m: re.Match[str], text: str) -> Candidate | None:
    return Candidate(
        m.start("pod"), m.end(), "part_of_day", TimexType.TIME, Anchor.PREVIOUS,
        Grain.PART_OF_DAY, part_of_day=LEX.parts_of_day[m["pod"].lower()],
        shift_unit=Grain.DAY, confidence=0.7,
    )


PARTS_OF_DAY: Final = RegexParser(
    "part_of_day",
    re.compile(r"(?:(?<=\bmid-)|(?<=\bmid\s)|(?<=\blate\s)|(?<=\bearly\s)|(?<=\bthe\s))"
               rf"(?P<pod>{cue('deictic', 'parts_of_day')})\b"
               rf"(?!['’]s|\s+{cue('deictic', 'part_of_day_blockers')}\b)", _I),
    _part_of_day,
    keywords=cue_words("deictic", "parts_of_day"),
)


PARSERS: Final = (
    CASUAL_DAYS, PARTS_OF_DAY, PARTS_OF_TODAY, THIS_UNIT, AGO, THE_UNIT, FISCAL_YEARS, UNIT_FROM,
)
