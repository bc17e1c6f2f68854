"""Stage: find the document date in the text when the request gives none.

Looks only at the opening of the article: a leading "date 2025-05-20" line, an ISO date,
a dateline such as "MOSCOW, May 20 (Reuters) -" or "May 20, 2025 --".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Final

from service.rules.en.words import MONTH, WEEKDAY_ANY, month_number

_HEAD_CHARS: Final = 400
_I = re.IGNORECASE

_LABEL = r"(?:(?:date|dated|published|posted|updated|filed|last\s+updated)(?:\s+on)?\s*[:=]?\s*)"
_ISO: Final = re.compile(
    rf"\A\s*{_LABEL}?(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?"
    r"(?![\d-])",
    _I,
)
_SLASH: Final = re.compile(rf"\A\s*{_LABEL}?(?P<y>\d{{4}})/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})\b", _I)
_US_NUMERIC: Final = re.compile(
    rf"\A\s*{_LABEL}?(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>\d{{4}})\b", _I
)
# "May 20, 2025 --", "Tuesday, May 20, 2025", "Published: May 20, 2025"
_MONTH_FIRST: Final = re.compile(
    rf"\A\s*{_LABEL}?(?:{WEEKDAY_ANY},?\s+)?(?P<mon>{MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?"
    rf"\s+(?P<y>\d{{4}})\b",
    _I,
)
# "20 May 2025"
_DAY_FIRST: Final = re.compile(
    rf"\A\s*{_LABEL}?(?:{WEEKDAY_ANY},?\s+)?(?P<d>\d{{1,2}})\s+(?P<mon>{MONTH})\s+(?P<y>\d{{4}})\b",
    _I,
)
# "MOSCOW, May 20 (Reuters) -", "WASHINGTON (AP) - May 20, 2025", "KYIV, Ukraine, May 20, 2025 -"
_DATELINE: Final = re.compile(
    r"\A\s*(?P<place>[A-Z][A-Z.'/ -]{1,60}(?:,\s*[A-Z][\w.' -]{1,30})?)"
    r"(?:\s*\([\w .&-]{2,30}\))?\s*[,—–-]+\s*"
    rf"(?:{WEEKDAY_ANY},?\s+)?(?P<mon>{MONTH})\s+(?P<d>\d{{1,2}})(?:,?\s+(?P<y>\d{{4}}))?"
    r"(?:\s*\([\w .&-]{2,30}\))?\s*(?:[-—–:]|$)",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class DetectedDate:
    """A document date found in the text, with the span that states it."""

    value: date
    start: int
    end: int
    year_assumed: bool = False


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _assume_year(month: int, day: int, today: date) -> int | None:
    """The year that puts month/day latest on or before ``today`` (a dateline is not future)."""
    for year in (today.year, today.year - 1):
        found = _make(year, month, day)
        if found is not None and found <= today:
            return year
    return None


def detect_document_date(text: str, today: date | None = None) -> DetectedDate | None:
    """Find the publication date stated at the start of ``text``.

    Args:
        text: the article.
        today: the reference for a dateline without a year (defaults to the clock, UTC).

    Returns:
        The date and its span, or None when the opening states no date.
    """
    head = text[:_HEAD_CHARS]
    for pattern in (_ISO, _SLASH, _US_NUMERIC):
        m = pattern.search(head)
        if m:
            found = _make(int(m["y"]), int(m["m"]), int(m["d"]))
            if found is not None:
                return DetectedDate(found, m.start("y") if pattern is not _US_NUMERIC else
                                    m.start("m"), m.end())
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        m = pattern.search(head)
        if m and m["mon"][0].isupper():
            found = _make(int(m["y"]), month_number(m["mon"]), int(m["d"]))
            if found is not None:
                return DetectedDate(found, m.start("mon") if pattern is _MONTH_FIRST
                                    else m.start("d"), m.end("y"))
    first_lines = "\n".join(head.splitlines()[:3])
    m = _DATELINE.search(first_lines)
    if m and m["mon"][0].isupper():
        month, day = month_number(m["mon"]), int(m["d"])
        if m["y"]:
            found = _make(int(m["y"]), month, day)
            if found is not None:
                return DetectedDate(found, m.start("mon"), m.end("y"))
            return None
        now = today or datetime.now(UTC).date()
        year = _assume_year(month, day, now)
        if year is not None:
            found = _make(year, month, day)
            if found is not None:
                return DetectedDate(found, m.start("mon"), m.end("d"), year_assumed=True)
    return None
