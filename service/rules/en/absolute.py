"""Explicit calendar dates: "May 19, 2025", "19 May 2025", "2025-05-19", "5/19/2025", "1998".

A month and day without a year ("May 19", "Tuesday, May 20") keep the anchor TENSE: the year
comes from the document date, picked by the tense of the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from service.domain.types import Grain, TimexType
from service.rules.en.words import (
    DAY_NUM,
    DIGITS,
    MONTH,
    MONTH_KEYS,
    NUMBER_WORD,
    WEEKDAY_ANY,
    YEAR4,
    B,
    E,
    month_is_safe,
    month_number,
    number_value,
    weekday_number,
)
from service.rules.types import Anchor, Candidate, RegexParser, Source

_I = re.IGNORECASE | re.VERBOSE


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _valid(year: int | None, month: int, day: int) -> bool:
    from calendar import monthrange

    return 1 <= month <= 12 and 1 <= day <= monthrange(year or 2000, month)[1]


def _iso(m: re.Match[str], text: str) -> Candidate | None:
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid(year, month, day):
        return None
    if m["hh"] is not None:
        hour, minute = int(m["hh"]), int(m["mm"])
        if hour > 23 or minute > 59:
            return None
        return Candidate(
            m.start(), m.end(), "iso_datetime", TimexType.TIME, Anchor.ABSOLUTE, Grain.MINUTE,
            year=year, month=month, day=day, hour=hour, minute=minute, confidence=0.99,
        )
    return Candidate(
        m.start(), m.end(), "iso_date", TimexType.DATE, Anchor.ABSOLUTE, Grain.DAY,
        year=year, month=month, day=day, confidence=0.99,
    )


ISO: Final = RegexParser(
    "iso_date",
    re.compile(
        rf"{B}(?P<y>{YEAR4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
        r"(?:[T ](?P<hh>[0-2]\d):(?P<mm>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
        r"(?![\w-])",
    ),
    _iso,
    keywords=DIGITS,
)


def _numeric(m: re.Match[str], text: str) -> Candidate | None:
    first, second, raw_year = m["a"], m["b"], m["y"]
    if m["sep"] != "/" and len(raw_year) != 4:
        return None  # "3.5.2", "10-12-14": a version or a score more often than a date
    # month-first until the request's date order is applied (refine.order_numeric_dates)
    month, day = int(first), int(second)
    if not (_valid(2000, month, day) or _valid(2000, day, month)):
        return None
    return Candidate(
        m.start(), m.end(), "numeric_date", TimexType.DATE, Anchor.ABSOLUTE, Grain.DAY,
        year=_full_year(raw_year), month=month, day=day, numerals=(first, second, raw_year),
        confidence=0.9,
    )


def _full_year(raw: str) -> int:
    """"2025" as it is; "97" -> 1997, "25" -> 2025."""
    if len(raw) == 4:
        return int(raw)
    return (1900 if int(raw) >= 50 else 2000) + int(raw)


NUMERIC: Final = RegexParser(
    "numeric_date",
    re.compile(r"(?<![\w/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
               r"(?P<y>\d{4}|\d{2})(?![\w/]|[.-]\d)"),
    _numeric,
    keywords=DIGITS,
)


def _month_year_numeric(m: re.Match[str], text: str) -> Candidate | None:
    return Candidate(
        m.start(), m.end(), "numeric_month", TimexType.DATE, Anchor.ABSOLUTE, Grain.MONTH,
        year=int(m["y"]), month=int(m["m"]), confidence=0.8,
    )


# "11/2019": a month and a four-digit year
NUMERIC_MONTH: Final = RegexParser(
    "numeric_month",
    re.compile(r"(?<![\w/.-])(?P<m>1[0-2]|0?[1-9])/(?P<y>(?:19|20)\d\d)(?![\w/]|[.-]\d)"),
    _month_year_numeric,
)


def _month_day(m: re.Match[str], text: str) -> Candidate | None:
    if not month_is_safe(m["mon"], text, m.start("mon"), m.end("mon")):
        return None
    month, day = month_number(m["mon"]), _day(m["day"])
    year = int(m["year"]) if m["year"] else None
    if not _valid(year, month, day):
        return None
    weekday = weekday_number(m["wd"]) if m["wd"] else None
    start = m.start()
    if m["wd"] and not m["wd"][0].isupper():
        return None
    return Candidate(
        start, m.end(), "month_day", TimexType.DATE,
        Anchor.ABSOLUTE if year else Anchor.TENSE, Grain.DAY,
        year=year, month=month, day=day, weekday=weekday, confidence=0.97 if year else 0.93,
    )


MONTH_DAY: Final = RegexParser(
    "month_day",
    re.compile(
        rf"{B}(?:(?P<wd>{WEEKDAY_ANY}),?\s+)?(?P<mon>{MONTH})\s+(?P<day>{DAY_NUM})(?!\d|:\d)"
        rf"(?:(?:\s?,\s*|\s+)(?P<year>{YEAR4}){E})?(?![\d%])",
        _I,
    ),
    _month_day,
    keywords=MONTH_KEYS,
)


def _day_month(m: re.Match[str], text: str) -> Candidate | None:
    if not m["mon"][0].isupper():
        return None
    month, day = month_number(m["mon"]), _day(m["day"])
    year = int(m["year"]) if m["year"] else None
    if not _valid(year, month, day):
        return None
    if m["wd"] and not m["wd"][0].isupper():
        return None
    return Candidate(
        m.start(), m.end(), "day_month", TimexType.DATE,
        Anchor.ABSOLUTE if year else Anchor.TENSE, Grain.DAY,
        year=year, month=month, day=day,
        weekday=weekday_number(m["wd"]) if m["wd"] else None, confidence=0.95,
    )


DAY_MONTH: Final = RegexParser(
    "day_month",
    re.compile(
        rf"{B}(?:(?P<wd>{WEEKDAY_ANY}),?\s+)?(?:the\s+)?(?P<day>{DAY_NUM})\s+(?:of\s+)?"
        rf"(?P<mon>{MONTH}){E}(?:,?\s+(?P<year>{YEAR4}){E})?",
        _I,
    ),
    _day_month,
    keywords=MONTH_KEYS,
)


def _month_year(m: re.Match[str], text: str) -> Candidate | None:
    if not m["mon"][0].isupper():
        return None
    return Candidate(
        m.start(), m.end(), "month_year", TimexType.DATE, Anchor.ABSOLUTE, Grain.MONTH,
        year=int(m["year"]), month=month_number(m["mon"]), confidence=0.97,
    )


MONTH_YEAR: Final = RegexParser(
    "month_year",
    re.compile(rf"{B}(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<year>{YEAR4}){E}(?![%\d])", _I),
    _month_year,
    keywords=MONTH_KEYS,
)

# Words before a bare four-digit number that make it a year ("in 1998", "the 1998 election").
_YEAR_CONTEXT = re.compile(
    r"(?:\b(?:in|since|by|until|till|of|from|to|through|thru|during|before|after|early|late|"
    r"mid|the|fiscal|year|between|and|or|around|circa|for|about|on|at|than|with|last|"
    r"spring|summer|autumn|fall|winter|election|elections|budget|season|calendar|"
    r"throughout|within|into|a|an|his|her|its|their|our|both|is|was)|['’]s|mid-|[(\[,;:])\s*$",
    re.IGNORECASE,
)
# Words after a number that make it a count rather than a year ("1500 troops").
_COUNT_AFTER = re.compile(r"\s*(?:[a-z]+s\b(?!')|%|percent|per|\$|[.,]\d|-[a-z])", re.IGNORECASE)


def _year(m: re.Match[str], text: str) -> Candidate | None:
    start, end = m.start(), m.end()
    before = text[max(0, start - 40) : start]
    after = text[end : end + 20]
    if _COUNT_AFTER.match(after) and not re.match(r"'s\b", after):
        return None
    if re.search(r"[$€£#]\s*$|\bNo\.\s*$", before):
        return None
    sentence_start = not before.strip() or bool(re.search(r"[.!?\n]\s*$", before))
    # Without a preposition or determiner before it, a number is a name or a count
    # ("Windows 2000", "Vision 2030", "room 1200"); recent years pass after a lower-case word.
    if not sentence_start and not _YEAR_CONTEXT.search(before):
        prev = re.search(r"([A-Za-z][\w'-]*)\W*$", before)
        if not 1900 <= int(m.group(0)) <= 2039 or prev is None or prev.group(1)[0].isupper():
            return None
    return Candidate(
        start, end, "year", TimexType.DATE, Anchor.ABSOLUTE, Grain.YEAR,
        year=int(m.group(0)), confidence=0.85,
    )


YEAR: Final = RegexParser(
    "year",
    re.compile(rf"(?:(?<=\bmid-)|(?<=\bpost-)|(?<=\bpre-)|(?<![\w$.,/:'’-])){YEAR4}"
               r"(?![\w/:-]|,\d|\.\d)"),
    _year,
    keywords=DIGITS,
)


@dataclass(frozen=True, slots=True)
class YearRange:
    """"2014-2016", "1998-99", "2014–16": two years, each its own expression (the pipeline's
    range stage links them)."""

    name: str = "year_range"
    pattern: re.Pattern[str] = re.compile(
        rf"(?<![\w$.,/:'’-])(?P<a>{YEAR4})\s?[-–—/]\s?(?P<b>{YEAR4}|\d\d)(?![\w/:-]|,\d|\.\d)"
    )

    def find(self, source: Source) -> Iterator[Candidate]:
        for m in self.pattern.finditer(source.text):
            first, raw = int(m["a"]), m["b"]
            second = int(raw) if len(raw) == 4 else first - first % 100 + int(raw)
            if not first < second <= first + 50:
                continue
            for group, year in (("a", first), ("b", second)):
                yield Candidate(
                    m.start(group), m.end(group), "year_range", TimexType.DATE,
                    Anchor.ABSOLUTE, Grain.YEAR, year=year, confidence=0.85,
                )


def _ordinal_day(m: re.Match[str], text: str) -> Candidate | None:
    day = _day(m["day"])
    if not 1 <= day <= 31:
        return None
    return Candidate(
        m.start("ext"), m.end(), "ordinal_day", TimexType.DATE, Anchor.TENSE, Grain.DAY,
        day=day, confidence=0.7,
    )


ORDINAL_DAY: Final = RegexParser(
    "ordinal_day",
    re.compile(r"\b(?:on|by|until|before|after|since)\s+(?P<ext>the\s+(?P<day>\d{1,2}(?:st|nd|rd|th)))"
               r"(?!\s+(?:century|anniversary|floor|place|time|round|day|year|minute|hour|amendment))"
               r"\b", re.IGNORECASE),
    _ordinal_day,
    keywords=DIGITS,  # every match holds the day's digits
)


_TEENS = r"(?:nineteen|eighteen|seventeen)"
_SPELLED_YEAR: Final = re.compile(
    rf"{B}(?:the\s+year\s+)?(?:(?P<c>{_TEENS})[\s-]+(?P<rest>{NUMBER_WORD})"
    rf"|(?P<k>two\s+thousand)(?:\s+(?:and\s+)?(?P<rest2>{NUMBER_WORD}))?){E}",
    _I,
)


def _spelled_year(m: re.Match[str], text: str) -> Candidate | None:
    if m["c"]:
        rest = number_value(m["rest"])
        if rest is None or not 10 <= rest <= 99:
            return None
        year = int(number_value(m["c"]) or 0) * 100 + int(rest)
    else:
        rest = number_value(m["rest2"]) if m["rest2"] else 0
        if rest is None or not 0 <= rest <= 99:
            return None
        if not m["rest2"] and not m.group(0).lower().startswith("the year"):
            return None  # "two thousand" alone is a count
        year = 2000 + int(rest)
    return Candidate(
        m.start(), m.end(), "spelled_year", TimexType.DATE, Anchor.ABSOLUTE, Grain.YEAR,
        year=year, confidence=0.8,
    )


# every match holds one of the teens ("nineteen ninety") or "thousand" ("two thousand and one")
SPELLED_YEAR: Final = RegexParser(
    "spelled_year", _SPELLED_YEAR, _spelled_year, keywords=("teen", "thousand")
)

PARSERS: Final = (ISO, NUMERIC, NUMERIC_MONTH, YearRange(), MONTH_DAY, DAY_MONTH, MONTH_YEAR,
                  YEAR, ORDINAL_DAY, SPELLED_YEAR)
