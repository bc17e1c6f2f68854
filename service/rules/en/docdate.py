"""Stage: find the document date in the text when the request gives none.

Looks only at the opening of the article: a leading "date 2025-05-20" line, an ISO date,
a dateline such as "MOSCOW, May 20 (Reuters) -" or "May 20, 2025 --".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Final

from service.domain.calendar import EARLIEST_DOCUMENT_DATE, LATEST_DOCUMENT_DATE
from service.locale.grammar import load_grammar
from service.locale.lexicon import alternation
from service.rules.en.words import MONTH, WEEKDAY_ANY, month_number, weekday_number

_HEAD_CHARS: Final = 400
_MORE_TEXT: Final = re.compile(r"\w")  # a dateline heads some text
_I = re.IGNORECASE

_WORDS: Final = load_grammar("en").document_date
# "Published: ", "last updated on ", "date "
_LABEL: Final = (
    rf"(?:{alternation(_WORDS.labels)}(?:\s+{alternation(_WORDS.label_prepositions)})?\s*[:=]?\s*)"
)
_LABEL_LINE: Final = re.compile(rf"\s*{_LABEL}$", re.IGNORECASE)
_ISO: Final = re.compile(
    rf"\A\s*{_LABEL}?(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?"
    r"(?![\d-])",
    _I,
)
_SLASH: Final = re.compile(rf"\A\s*{_LABEL}?(?P<y>\d{{4}})/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})\b", _I)
_US_NUMERIC: Final = re.compile(
    rf"\A\s*{_LABEL}?(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>\d{{4}})\b", _I
)
# "20.05.2025", "Published: 20.05.2025"
_DOTTED: Final = re.compile(
    rf"\A\s*{_LABEL}?(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}})\b", _I
)
# The weekday belongs to the dateline: "Tuesday" in "Tuesday, May 20, 2025" is no story time.
_WEEKDAY: Final = rf"(?:(?P<wd>{WEEKDAY_ANY}),?\s+)?"
# ... and so does its clock time: "Tuesday 20 May 2025 10:00 BST".
_CLOCK: Final = (
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+(?-i:[A-Z]{2,5})\b)?)?"
)
# A written-out date heads the article only when a separator ends it: "May 19, 2025 was a
# Monday." is a sentence, "May 19, 2025 --" or "May 19, 2025<newline>" a dateline.
_ENDS_LINE: Final = r"(?=[ \t]*(?:\([\w .&-]{2,30}\)[ \t]*)?(?:[-—–:|•]|\r?\n|\Z))"
# "May 20, 2025 --", "Tuesday, May 20, 2025", "Published: May 20, 2025"
_MONTH_FIRST: Final = re.compile(
    rf"\A\s*{_LABEL}?{_WEEKDAY}(?P<mon>{MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?"
    rf"\s+(?P<y>\d{{4}})\b{_CLOCK}{_ENDS_LINE}",
    _I,
)
# "20 May 2025"
_DAY_FIRST: Final = re.compile(
    rf"\A\s*{_LABEL}?{_WEEKDAY}(?P<d>\d{{1,2}})\s+(?P<mon>{MONTH})\s+(?P<y>\d{{4}})\b{_CLOCK}"
    rf"{_ENDS_LINE}",
    _I,
)
# "MOSCOW, May 20 (Reuters) -", "WASHINGTON (AP) - May 20, 2025", "KYIV, Ukraine, May 20, 2025 -",
# "NEW YORK, May 20, 2025 /PRNewswire/ --". The place must be capitalised, so only the month
# and weekday words (lower case in the lexicon) are matched without regard to case.
_DATELINE: Final = re.compile(
    r"\A\s*(?P<place>[A-Z][A-Z.'/ -]{1,60}"
    rf"(?:,\s*(?!(?i:{WEEKDAY_ANY})\b)[A-Z][\w.' -]{{1,30}})?)"
    r"(?:\s*\([\w .&-]{2,30}\))?\s*[,—–-]+\s*"
    rf"(?i:{_WEEKDAY}(?P<mon>{MONTH}))\s+(?P<d>\d{{1,2}})(?:,?\s+(?P<y>\d{{4}}))?"
    r"(?:\s*\([\w .&-]{2,30}\))?(?:\s*/[\w .&-]{2,30}/)?\s*(?:[-—–:]|$)",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class DetectedDate:
    """A document date found in the text, with the span that states it."""

    value: date
    start: int
    end: int
    year_assumed: bool = False
    # a labelled date line or a bare date opening the text: about the document, so its span is
    # no time of the story (a dateline is story text, and TimeML annotates it)
    date_line: bool = False


def _make(y: int, m: int, d: int) -> date | None:
    try:
        found = date(y, m, d)
    except ValueError:
        return None
    # a date the request could not give (e.g. year 1) is no dateline either
    return found if EARLIEST_DOCUMENT_DATE <= found <= LATEST_DOCUMENT_DATE else None


def _assume_year(month: int, day: int, today: date, weekday: int | None = None) -> int | None:
    """The year that puts month/day latest on or before ``today`` (a dateline is not future).

    With a stated weekday (ISO number), the latest such year in which the date falls on it:
    "Tuesday, May 20" read in 2026 is 2025. A weekday no year in the last 28 fits is ignored.
    """
    if weekday is not None:
        for year in range(today.year, today.year - 28, -1):  # the calendar repeats in 28 years
            found = _make(year, month, day)
            if found is not None and found <= today and found.isoweekday() == weekday:
                return year
    # February 29 needs up to eight years back to meet a leap year (2100 is not one).
    for year in range(today.year, today.year - 9, -1):
        found = _make(year, month, day)
        if found is not None and found <= today:
            return year
    return None


def _start(m: re.Match[str], group: str) -> int:
    """Where the stated date begins: at its weekday when it has one."""
    return m.start("wd") if m["wd"] else m.start(group)


def is_date_line(text: str, found: DetectedDate) -> bool:
    """True for a labelled date line ("date 2025-05-20", "Published: May 20, 2025") or a bare
    ISO date opening the text: it is about the document, not a time in the story.

    Args:
        text: the article.
        found: the date :func:`detect_document_date` found in it.

    Returns:
        Whether the date's span is a metadata line rather than story text (a dateline).
    """
    before = text[: found.start]
    if _LABEL_LINE.fullmatch(before):
        return True
    return not before.strip() and text[found.start : found.end][:4].isdigit()


def detect_document_date(text: str, today: date) -> DetectedDate | None:
    """Find the publication date stated at the start of ``text``.

    Args:
        text: the article.
        today: the reference for a dateline without a year (the caller's clock).

    Returns:
        The date and its span (``date_line`` set as :func:`is_date_line` says), or None when
        the opening states no date. A date with nothing after it is the text itself, not a
        dateline.
    """
    found = _detect(text[:_HEAD_CHARS], today)
    if found is None or not _MORE_TEXT.search(text, found.end):
        return None
    return replace(found, date_line=is_date_line(text, found))


def _detect(head: str, today: date) -> DetectedDate | None:
    numeric = ((_ISO, "y"), (_SLASH, "y"), (_US_NUMERIC, "m"), (_DOTTED, "d"))
    for pattern, first in numeric:
        m = pattern.search(head)
        if m:
            found = _make(int(m["y"]), int(m["m"]), int(m["d"]))
            if found is not None:
                return DetectedDate(found, m.start(first), m.end())
    for pattern, first in ((_MONTH_FIRST, "mon"), (_DAY_FIRST, "d")):
        m = pattern.search(head)
        if m and m["mon"][0].isupper():
            found = _make(int(m["y"]), month_number(m["mon"]), int(m["d"]))
            if found is not None:
                return DetectedDate(found, _start(m, first), m.end())
    m = _DATELINE.search(head)
    if m and m["mon"][0].isupper():
        month, day = month_number(m["mon"]), int(m["d"])
        if m["y"]:
            found = _make(int(m["y"]), month, day)
            if found is not None:
                return DetectedDate(found, _start(m, "mon"), m.end("y"))
            return None
        year = _assume_year(month, day, today, weekday_number(m["wd"]) if m["wd"] else None)
        if year is not None:
            found = _make(year, month, day)
            if found is not None:
                return DetectedDate(found, _start(m, "mon"), m.end("d"), year_assumed=True)
    return None
