"""Calendar dates in any locale: "2025-10-03", "03/10/2025", "le 3 octobre 2025",
"3 de octubre de 2025", "octubre de 1999", "l'année 2001", "les années 60", "mardi 1er juin".

A written-out date with its year is read by ``dateparser.parse`` (once per candidate, with the
locale's language and date order); a day and month without a year keep the anchor TENSE and
take their year from the document date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final

import dateparser

from service.domain.types import Grain, TimexType
from service.rules.common.words import DAY_NUM, YEAR4, B, E, Words, in_a_name, words
from service.rules.types import Anchor, Candidate, Parser, RegexParser, Source

_I: Final = re.IGNORECASE


def _valid(year: int | None, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year or 2000, month)[1]


def _day(text: str, w: Words) -> int:
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group(0))
    return w.lex.ordinals.get(text.lower(), 0)


def _iso(m: re.Match[str], text: str) -> Candidate | None:
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid(year, month, day):
        return None
    return Candidate(m.start(), m.end(), "iso_date", TimexType.DATE, Anchor.ABSOLUTE, Grain.DAY,
                     year=year, month=month, day=day, confidence=0.99)


ISO: Final = RegexParser(
    "iso_date", re.compile(rf"{B}(?P<y>{YEAR4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w-])"), _iso,
)


def numeric_date(order: str) -> Parser:
    """"03/10/2025", "3.10.25": the fields in the locale's date order."""
    d, m, y = r"(?P<d>3[01]|[12]\d|0?[1-9])", r"(?P<m>1[0-2]|0?[1-9])", r"(?P<y>\d{4}|\d{2})"
    fields = {"D": d, "M": m, "Y": y}
    sep = r"(?P<sep>[/.-])"
    parts = [fields[c] for c in order]
    body = parts[0] + sep + parts[1] + r"(?P=sep)" + parts[2]

    def build(match: re.Match[str], text: str) -> Candidate | None:
        raw_year = match["y"]
        year = int(raw_year) if len(raw_year) == 4 else 1900 + int(raw_year)
        if len(raw_year) == 2 and int(raw_year) < 50:
            year += 100
        month, day = int(match["m"]), int(match["d"])
        if not _valid(year, month, day):
            return None
        return Candidate(match.start(), match.end(), "numeric_date", TimexType.DATE,
                         Anchor.ABSOLUTE, Grain.DAY, year=year, month=month, day=day,
                         confidence=0.9)

    return RegexParser("numeric_date", re.compile(rf"(?<![\w/.,-]){body}(?![\w/]|[.,]\d)"), build)


def _dateparser_settings(w: Words) -> dict[str, Any]:
    return {"DATE_ORDER": w.lex.date_order, "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_LOCALE_DATE_ORDER": True, "RETURN_AS_TIMEZONE_AWARE": False}


def parse_full_date(phrase: str, language: str, w: Words) -> datetime | None:
    """``dateparser.parse`` on one written-out date ("3 octobre 2025"), or None."""
    found = dateparser.parse(phrase, languages=[language], settings=_dateparser_settings(w))
    return found if isinstance(found, datetime) else None


def written_date(w: Words, language: str) -> Parser:
    """"le 3 octobre 2025", "3 de octubre de 2025", "samedi 5 juin", "el 19 de mayo"."""
    joiner = rf"(?:\s+{w.joiner}\s+|\s+)"
    day_noun = words([u for u, e in w.lex.units.items() if e.grain == "DAY"])
    first_words = words([k for k, v in w.lex.ordinals.items() if v == 1])  # "1er", "primero"
    pattern = re.compile(
        rf"{B}(?:{w.article})?(?:(?P<pre>{w.shift})\s+)?(?:(?P<wd>{w.weekday_any}),?\s+"
        rf"(?:{w.det})?)?(?:{day_noun}\s+)?(?P<day>{DAY_NUM}|{first_words})"
        rf"{joiner}(?P<mon>{w.month_any})(?:{joiner}(?P<year>{YEAR4}|'?\d\d){E})?(?![\d%])"
        rf"(?:\s+(?P<post>{w.shift}){E})?",
        _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        if in_a_name(w, text, m.start(), m.end()):
            return None
        month, day = w.month_of(m["mon"]), _day(m["day"], w)
        weekday = w.weekday_of(m["wd"]) if m["wd"] else None
        if m["year"]:
            raw = m["year"].lstrip("'")
            core = f"{day} {m['mon'].rstrip('.')} {raw}"
            found = parse_full_date(core, language, w)
            if found is None:
                return None
            return Candidate(m.start(), m.end(), "written_date", TimexType.DATE,
                             Anchor.ABSOLUTE, Grain.DAY, year=found.year, month=found.month,
                             day=found.day, weekday=weekday, confidence=0.97)
        if not _valid(None, month, day):
            return None
        shift_word = m["post"] or m["pre"]
        direction = w.lex.deictic_shifts[shift_word.lower()] if shift_word else 0
        return Candidate(m.start(), m.end(), "written_date", TimexType.DATE, Anchor.TENSE,
                         Grain.DAY, month=month, day=day, weekday=weekday, direction=direction,
                         confidence=0.93)

    return RegexParser("written_date", pattern, build)


@dataclass(frozen=True, slots=True)
class DayRange:
    """"del 2 al 7 de mayo", "du 19 au 23 juillet": the first day of a range takes the month
    (and year) of the second; each day is an expression of its own."""

    words: Words
    language: str
    name: str = "day_range"

    def find(self, source: Source) -> Iterator[Candidate]:
        w = self.words
        pattern = _range_pattern(w)
        second = written_date(w, self.language)
        for m in pattern.finditer(source.text):
            tail = Source.of(source.text[m.start("second") : m.end()])
            found = next(iter(second.find(tail)), None)
            if found is None or found.month is None:
                continue
            day = int(m["d1"])
            if not _valid(found.year, found.month, day):
                continue
            yield replace(found, start=m.start(), end=m.end("d1"), day=day, weekday=None,
                          rule=self.name)


def _range_pattern(w: Words) -> re.Pattern[str]:
    joiner = rf"(?:\s+{w.joiner}\s+|\s+)"
    return re.compile(
        rf"{B}(?:{w.article})?(?P<d1>3[01]|[12]\d|0?[1-9])\s+(?:{words(w.lex.common.range_words)})"
        rf"\s+(?P<second>(?:{w.article})?(?:3[01]|[12]\d|0?[1-9]){joiner}(?:{w.month_any})"
        rf"(?:{joiner}{YEAR4})?){E}",
        _I,
    )


def month_year(w: Words) -> Parser:
    """"octobre 1999", "mayo de 1999", "agosto de 1988", "octobre 98"."""
    joiner = rf"(?:\s+{w.joiner}\s+|\s+)"
    month_noun = words([u for u, e in w.lex.units.items() if e.grain == "MONTH"])
    pattern = re.compile(
        rf"{B}(?:{w.det})?(?:{month_noun}\s+(?:{w.joiner})\s+)?(?P<mon>{w.month_any}){joiner}"
        rf"(?P<year>{YEAR4}|'?\d\d){E}(?![\d%])", _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        raw = m["year"].lstrip("'")
        year = int(raw) if len(raw) == 4 else 1900 + int(raw)
        return Candidate(m.start(), m.end(), "month_year", TimexType.DATE, Anchor.ABSOLUTE,
                         Grain.MONTH, year=year, month=w.month_of(m["mon"]), confidence=0.95)

    return RegexParser("month_year", pattern, build)


def year(w: Words) -> Parser:
    """"1999", "el 2000", "l'année 2001": a year alone."""
    year_words = words([u for u, e in w.lex.units.items() if e.grain == "YEAR"]
                       + [p for p, u in w.lex.unit_plurals.items()
                          if w.lex.units[u].grain == "YEAR"])
    pattern = re.compile(
        rf"(?<![\w$€£.,/])(?<!\D-)(?:{w.det}(?:{year_words}\s+)?)?(?P<year>{YEAR4})"
        + (rf"(?:-{YEAR4}(?!\d))?" if w.lex.common.year_range_is_one else "") +
        r"(?![\w%]|[.,/]\d|-(?!\d{4}\b)\d|\s*[%€$])",
        _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        if in_a_name(w, text, m.start(), m.end()):
            return None
        return Candidate(m.start(), m.end(), "year", TimexType.DATE, Anchor.ABSOLUTE, Grain.YEAR,
                         year=int(m["year"]), confidence=0.8)

    return RegexParser("year", pattern, build)


def decade(w: Words) -> Parser:
    """"les années 60", "los años 90", "anos 80": a decade."""
    pattern = re.compile(
        rf"{B}(?:{words(w.lex.common.decade_words)})\s+(?P<d>(?:19|20)?[0-9]0){E}", _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        raw = m["d"]
        start = int(raw) if len(raw) == 4 else 1900 + int(raw)
        return Candidate(m.start(), m.end(), "decade", TimexType.DATE, Anchor.ABSOLUTE,
                         Grain.DECADE, year=start, confidence=0.85)

    return RegexParser("decade", pattern, build)


_ROMAN: Final = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral.lower()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
               for i, v in enumerate(values))


def century(w: Words) -> Parser:
    """"el siglo XIX", "le XXe siècle", "século XX": a century by its Roman numeral."""
    centuries = words([u for u, e in w.lex.units.items() if e.grain == "CENTURY"])
    pattern = re.compile(
        rf"{B}(?i:{w.article})?(?:(?i:{centuries})\s+(?P<after>[IVXLC]+)"
        rf"|(?P<before>[IVXLC]+)(?:e|ème)\s+(?i:{centuries})){E}",
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        number = _roman(m["after"] or m["before"])
        if not 1 <= number <= 21:
            return None
        return Candidate(m.start(), m.end(), "century", TimexType.DATE, Anchor.ABSOLUTE,
                         Grain.CENTURY, year=(number - 1) * 100, confidence=0.85)

    return RegexParser("century", pattern, build)


def second_decade(w: Words) -> Parser:
    """"los años 20 y 30": the second decade of a pair is one of its own."""
    pattern = re.compile(
        rf"{B}(?:{words(w.lex.common.decade_words)})\s+(?:19|20)?[0-9]0\s+"
        rf"(?:{words(w.lex.common.and_words)})\s+(?P<d>(?:19|20)?[0-9]0){E}(?![\d%])", _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        raw = m["d"]
        start = int(raw) if len(raw) == 4 else 1900 + int(raw)
        return Candidate(m.start("d"), m.end("d"), "decade", TimexType.DATE, Anchor.ABSOLUTE,
                         Grain.DECADE, year=start, confidence=0.75)

    return RegexParser("second_decade", pattern, build)


def parsers(w: Words, language: str) -> tuple[Parser, ...]:
    """The date families of one locale, most specific first."""
    return (ISO, numeric_date(w.lex.date_order), written_date(w, language),
            DayRange(w, language), month_year(w),
            decade(w), second_decade(w), century(w), year(w))
