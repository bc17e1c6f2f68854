"""Bare weekdays, months and holidays whose direction follows the tense of their verb:
"on Sunday", "Friday morning", "in March", "last Monday", "next March", "Christmas".
The holidays counted from Easter, and holidays with a year, have their examples in
tests/corpus/en/holiday.yaml.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

from service.domain.calendar import easter_sunday, nth_weekday
from service.domain.types import Grain, TimexType
from service.locale.grammar import load_grammar
from service.locale.lexicon import alternation
from service.rules.en.words import (
    B_MOD,
    LEX,
    MONTH,
    MONTH_KEYS,
    PART_OF_DAY,
    WEEKDAY,
    WEEKDAY_KEYS,
    B,
    E,
    month_is_safe,
    month_number,
    weekday_number,
)
from service.rules.types import Anchor, Candidate, RegexParser

_I = re.IGNORECASE
# Capitalised words that make a weekday part of a name: "The Sunday Times", "Sunday School".
_NAME_FOLLOWER: Final = re.compile(
    rf"\s+{alternation(load_grammar('en').weekday_name_followers)}\b"
)


_LOWER_CONTEXT: Final = re.compile(
    rf"\b(?:{alternation(load_grammar('en').rules['tense_words']['lowercase_weekday_before'])})"
    r"\s+$",
    re.IGNORECASE,
)


def _direction(det: str) -> int:
    """The shift a determiner gives ("last" -1, "next" +1); none without one."""
    return LEX.deictic_shifts[det] if det else 0


def _weekday(m: re.Match[str], text: str) -> Candidate | None:
    word = m["wd"]
    if not word[0].isupper() and (m["det"] is None and not _LOWER_CONTEXT.search(
            text[max(0, m.start() - 12) : m.start()])):
        # "see you monday", "on tuesday night": lower case (chat, transcripts) after a
        # preposition or a verb of meeting; a bare lower-case weekday is too often a name part
        return None
    if not m["pod"] and _NAME_FOLLOWER.match(text[m.end() : m.end() + 14]):
        return None  # "The Sunday Times": a name
    det = re.sub(r"\s+", " ", (m["det"] or "").lower())
    # "as early as Tuesday", "ahead of Saturday's trip": refine.apply_direction_cues points
    # these ahead from the cue words of grammar.yaml
    if det == "this" and not m["pod"]:  # "this Friday": the one in the document's week
        return Candidate(
            m.start(), m.end(), "weekday", TimexType.DATE, Anchor.DOCUMENT, Grain.DAY,
            weekday=weekday_number(word), shift_unit=Grain.WEEK, confidence=0.85,
        )
    if m["pod"]:
        # typed DATE as TempEval-3 does for a named day's part ("Friday night")
        return Candidate(
            m.start(), m.end(), "weekday", TimexType.DATE, Anchor.TENSE, Grain.PART_OF_DAY,
            weekday=weekday_number(word), part_of_day=LEX.parts_of_day[m["pod"].lower()],
            direction=_direction(det), confidence=0.9,
        )
    return Candidate(
        m.start(), m.end(), "weekday", TimexType.DATE, Anchor.TENSE, Grain.DAY,
        weekday=weekday_number(word), direction=_direction(det),
        past_leaning=text[m.end() : m.end() + 2] in ("'s", "’s"),
        confidence=0.9 if det else 0.85,
    )


WEEKDAYS: Final = RegexParser(
    "weekday",
    re.compile(
        rf"{B}(?:(?P<det>this\s+past|this\s+coming|last|next|this|coming|past)\s+)?"
        rf"(?P<wd>{WEEKDAY})(?:\s+(?P<pod>{PART_OF_DAY}))?{E}(?!s)",
        _I,
    ),
    _weekday,
    keywords=WEEKDAY_KEYS,
)


def _month(m: re.Match[str], text: str) -> Candidate | None:
    det = re.sub(r"\s+", " ", (m["det"] or "").lower())
    if not month_is_safe(m["mon"], text, m.start("mon"), m.end("mon")):
        return None
    if len(m["mon"].rstrip(".")) <= 3 and not m["mon"].endswith(".") and m["mon"].lower() != "may":
        return None  # "Jan" alone is a name more often than a month
    if det == "this":  # "this September": the document's year
        return Candidate(
            m.start(), m.end(), "month", TimexType.DATE, Anchor.DOCUMENT, Grain.MONTH,
            month=month_number(m["mon"]), shift_unit=Grain.YEAR, confidence=0.85,
        )
    return Candidate(
        m.start(), m.end(), "month", TimexType.DATE, Anchor.TENSE, Grain.MONTH,
        month=month_number(m["mon"]), direction=_direction(det), confidence=0.85,
    )


MONTHS: Final = RegexParser(
    "month",
    re.compile(rf"{B_MOD}(?:(?P<det>this\s+past|this\s+coming|last|next|this|coming|past)\s+)?"
               rf"(?P<mon>{MONTH})(?![\w'’])", _I),
    _month,
    keywords=MONTH_KEYS,
)


HOLIDAY: Final = alternation(LEX.holidays)


def _holiday(m: re.Match[str], text: str) -> Candidate | None:
    # a holiday's name is no common word: "christmas" in lower case is Christmas
    month, day = LEX.holidays[re.sub(r"\s+", " ", m["name"].lower()).replace("’", "'")]
    year = int(m["year"]) if m["year"] else None
    return Candidate(
        m.start(), m.end(), "holiday", TimexType.DATE,
        Anchor.ABSOLUTE if year else Anchor.TENSE, Grain.DAY,
        year=year, month=month, day=day, holiday=True, confidence=0.85,
    )


HOLIDAYS: Final = RegexParser(
    "holiday",
    re.compile(rf"{B}(?P<name>{HOLIDAY})(?:,?\s+(?P<year>(?:19|20)\d\d))?{E}", _I),
    _holiday,
    keywords=tuple(name.split()[0] for name in LEX.holidays),
)


WEEKDAY_HOLIDAY: Final = alternation(LEX.weekday_holidays)


def _weekday_holiday(m: re.Match[str], text: str) -> Candidate | None:
    key = re.sub(r"\s+", " ", m["name"].lower()).replace("’", "'")
    month, weekday, nth = LEX.weekday_holidays[key]
    if m["year"]:  # "Thanksgiving 2019"
        day = nth_weekday(int(m["year"]), month, weekday, nth)
        return Candidate(
            m.start(), m.end(), "holiday", TimexType.DATE, Anchor.ABSOLUTE, Grain.DAY,
            year=day.year, month=day.month, day=day.day, confidence=0.85,
        )
    return Candidate(
        m.start(), m.end(), "holiday", TimexType.DATE, Anchor.TENSE, Grain.DAY,
        month=month, weekday=weekday, nth=nth, confidence=0.85,
    )


WEEKDAY_HOLIDAYS: Final = RegexParser(
    "weekday_holiday",
    re.compile(rf"{B}(?:(?:last|next|this)\s+)?(?P<name>{WEEKDAY_HOLIDAY})"
               rf"(?:,?\s+(?P<year>(?:19|20)\d\d))?{E}", _I),
    _weekday_holiday,
    keywords=(' day', 'thanksgiving'),
)


EASTER_HOLIDAY: Final = alternation(LEX.easter_holidays)


def _easter_holiday(m: re.Match[str], text: str) -> Candidate | None:
    offset = LEX.easter_holidays[re.sub(r"\s+", " ", m["name"].lower())]
    if m["year"]:  # "Easter 2019"
        day = easter_sunday(int(m["year"])) + timedelta(days=offset)
        return Candidate(
            m.start(), m.end(), "easter_holiday", TimexType.DATE, Anchor.ABSOLUTE, Grain.DAY,
            year=day.year, month=day.month, day=day.day, confidence=0.85,
        )
    return Candidate(
        m.start(), m.end(), "easter_holiday", TimexType.DATE, Anchor.TENSE, Grain.DAY,
        easter_offset=offset, holiday=True, confidence=0.85,
    )


EASTER_HOLIDAYS: Final = RegexParser(
    "easter_holiday",
    re.compile(rf"{B}(?P<name>{EASTER_HOLIDAY})(?:,?\s+(?P<year>(?:19|20)\d\d))?{E}"
               r"(?!\s+(?:egg|bunny|island|rising|week|offensive)s?\b)", _I),
    _easter_holiday,
    keywords=tuple(sorted({name.split()[-1] for name in LEX.easter_holidays}
                          | {name.split()[0] for name in LEX.easter_holidays})),
)


PARSERS: Final = (WEEKDAYS, MONTHS, HOLIDAYS, WEEKDAY_HOLIDAYS, EASTER_HOLIDAYS)
