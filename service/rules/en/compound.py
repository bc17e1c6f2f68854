"""Compound and mixed forms: "the second Tuesday of April", "June twenty-first",
"25-Dec-1999", "Dec-2019", "Mar 97", "2019 June".
"""

from __future__ import annotations

import re
from typing import Final

from service.domain.calendar import nth_weekday
from service.domain.types import Grain, TimexType
from service.rules.en.words import (
    LEX,
    MONTH,
    MONTH_KEYS,
    WEEKDAY,
    WEEKDAY_KEYS,
    YEAR4,
    B,
    E,
    cue,
    month_is_safe,
    month_number,
    ordinal_number,
    weekday_number,
)
from service.rules.types import Anchor, Candidate, RegexParser

_I = re.IGNORECASE
# ordinal words only: "the 2nd Tuesday" and "the last Friday" of a month are read too
_NTH: Final = r"(?:\d(?:st|nd|rd|th)|" + "|".join(
    re.escape(w) for w, n in LEX.ordinals.items() if n <= 5) + ")"
_SPELLED_DAY: Final = "|".join(
    re.escape(w).replace(r"\-", r"[\s-]")
    for w, _ in sorted(LEX.ordinals.items(), key=lambda kv: -len(kv[0])) if _ > 0
)


def _valid_day(month: int, day: int, year: int | None = None) -> bool:
    from calendar import monthrange

    return 1 <= day <= monthrange(year or 2000, month)[1]


def _nth_weekday(m: re.Match[str], text: str) -> Candidate | None:
    if not m["mon"][0].isupper() or not m["wd"][0].isupper():
        return None
    nth = ordinal_number(m["nth"])
    if nth is None or nth == 0 or nth > 5:
        return None
    month, weekday = month_number(m["mon"]), weekday_number(m["wd"])
    if m["year"]:
        day = nth_weekday(int(m["year"]), month, weekday, nth)
        if day.month != month:
            return None  # "the fifth Monday" of a month that has four
        return Candidate(
            m.start(), m.end(), "nth_weekday", TimexType.DATE, Anchor.ABSOLUTE, Grain.DAY,
            year=day.year, month=day.month, day=day.day, confidence=0.85,
        )
    return Candidate(
        m.start(), m.end(), "nth_weekday", TimexType.DATE, Anchor.TENSE, Grain.DAY,
        month=month, weekday=weekday, nth=nth, confidence=0.85,
    )


# "the second Tuesday of April", "the last Friday in May"
NTH_WEEKDAY: Final = RegexParser(
    "nth_weekday",
    re.compile(rf"{B}the\s+(?P<nth>{_NTH}|last)\s+(?P<wd>{WEEKDAY})\s+"
               rf"{cue('compound', 'of_month')}\s+(?P<mon>{MONTH})(?:,?\s+(?P<year>{YEAR4}))?{E}",
               _I),
    _nth_weekday,
    keywords=WEEKDAY_KEYS,
)


def _spelled_day(m: re.Match[str], text: str) -> Candidate | None:
    if not month_is_safe(m["mon"], text, m.start("mon"), m.end("mon")):
        return None
    day = ordinal_number(re.sub(r"\s+", "-", m["day"].lower()))
    month = month_number(m["mon"])
    if day is None or not _valid_day(month, day):
        return None
    return Candidate(
        m.start(), m.end(), "spelled_day", TimexType.DATE, Anchor.TENSE, Grain.DAY,
        month=month, day=day, confidence=0.85,
    )


# "June twenty-first", "March the third"
SPELLED_DAY: Final = RegexParser(
    "spelled_day",
    re.compile(rf"{B}(?P<mon>{MONTH})\s+(?:the\s+)?(?P<day>{_SPELLED_DAY}){E}", _I),
    _spelled_day,
    keywords=MONTH_KEYS,
)


def _full_year(raw: str) -> int:
    return int(raw) if len(raw) == 4 else (1900 if int(raw) >= 30 else 2000) + int(raw)


def _dashed(m: re.Match[str], text: str) -> Candidate | None:
    if not m["mon"][0].isupper():
        return None
    month = month_number(m["mon"])
    year = _full_year(m["year"])
    if m["day"]:
        day = int(m["day"])
        if not _valid_day(month, day, year):
            return None
        return Candidate(
            m.start(), m.end(), "dashed_date", TimexType.DATE, Anchor.ABSOLUTE, Grain.DAY,
            year=year, month=month, day=day, confidence=0.9,
        )
    return Candidate(
        m.start(), m.end(), "dashed_date", TimexType.DATE, Anchor.ABSOLUTE, Grain.MONTH,
        year=year, month=month, confidence=0.85,
    )


# "25-Dec-1999", "Dec-2019", "Mar-97"
DASHED: Final = RegexParser(
    "dashed_date",
    re.compile(rf"(?<![\w-])(?:(?P<day>[0-3]?\d)-)?(?P<mon>{MONTH})-(?P<year>{YEAR4}|\d\d)"
               r"(?![\w-])", _I),
    _dashed,
    keywords=MONTH_KEYS,
)


def _month_short_year(m: re.Match[str], text: str) -> Candidate | None:
    if not m["mon"][0].isupper():
        return None
    # "June 21" is a day: only an abbreviated month takes a bare two-digit year ("Mar 97")
    if m["year2"] and (len(m["mon"].rstrip(".")) > 4 or int(m["year2"]) <= 31):
        return None
    return Candidate(
        m.start(), m.end(), "month_short_year", TimexType.DATE, Anchor.ABSOLUTE, Grain.MONTH,
        year=_full_year(m["year"] or m["year2"]), month=month_number(m["mon"]), confidence=0.8,
    )


# "Mar 97", "June '96"
MONTH_SHORT_YEAR: Final = RegexParser(
    "month_short_year",
    re.compile(rf"{B}(?P<mon>{MONTH})\s+(?:(?P<apos>['’])(?P<year>\d\d)(?![\w,:/-]|\.\d)"
               rf"|(?P<year2>\d\d)(?![\w,.:/-]|\s+[a-z]))", _I),
    _month_short_year,
    keywords=MONTH_KEYS,
)


def _year_month(m: re.Match[str], text: str) -> Candidate | None:
    if not m["mon"][0].isupper():
        return None
    return Candidate(
        m.start(), m.end(), "year_month", TimexType.DATE, Anchor.ABSOLUTE, Grain.MONTH,
        year=int(m["year"]), month=month_number(m["mon"]), confidence=0.8,
    )


# "2019 June": the year first, as tables and some agencies write it
YEAR_MONTH: Final = RegexParser(
    "year_month",
    re.compile(rf"{B}(?P<year>{YEAR4})\s+(?P<mon>{MONTH})(?![\w'’]|\s+\d)", _I),
    _year_month,
    keywords=MONTH_KEYS,
)


PARSERS: Final = (NTH_WEEKDAY, SPELLED_DAY, DASHED, MONTH_SHORT_YEAR, YEAR_MONTH)
