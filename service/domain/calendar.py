"""Calendar arithmetic over periods: truncate, shift, TIMEX3 values and intervals.

A period is a grain plus the date it starts on (and a clock time or part of day for finer
grains). Every relative expression resolves by truncating a reference date to a grain and
shifting it; the TIMEX3 value and the half-open interval both follow from the period.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Final

from service.domain.types import Grain, Interval

SEASON_CODES = ("WI", "SP", "SU", "FA")  # meteorological seasons: Dec, Mar, Jun, Sep starts
SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PART_OF_DAY_HOURS = {"MO": (6, 12), "MI": (11, 14), "AF": (12, 18), "EV": (18, 22), "NI": (21, 30)}

# Relative times are computed from the document date; a millennium of room on either side
# keeps "five centuries ago" or "next decade" inside the calendar Python can represent.
EARLIEST_DOCUMENT_DATE: Final = date(1000, 1, 1)
LATEST_DOCUMENT_DATE: Final = date(8999, 12, 31)


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar period: ``grain`` starting on ``start`` (plus clock time for fine grains)."""

    grain: Grain
    start: date
    hour: int | None = None
    minute: int | None = None
    part_of_day: str | None = None
    weekend: bool = False


def month_add(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) moved by n months."""
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def season_of(d: date) -> tuple[int, str]:
    """The (year, code) of the meteorological season holding ``d``.

    Winter belongs to the year of its December.
    """
    if d.month == 12:
        return d.year, "WI"
    if d.month <= 2:
        return d.year - 1, "WI"
    return d.year, ("SP", "SU", "FA")[(d.month - 3) // 3]


def season_start(year: int, code: str) -> date:
    """First day of the season ``code`` of ``year``."""
    return date(year, SEASON_START_MONTH[code], 1)


def truncate(d: date, grain: Grain) -> Period:
    """The period of ``grain`` that holds ``d``."""
    if grain <= Grain.DAY:
        return Period(Grain.DAY, d)
    if grain == Grain.WEEK:
        return Period(grain, d - timedelta(days=d.weekday()))
    if grain == Grain.MONTH:
        return Period(grain, d.replace(day=1))
    if grain == Grain.SEASON:
        year, code = season_of(d)
        return Period(grain, season_start(year, code))
    if grain == Grain.QUARTER:
        return Period(grain, date(d.year, 3 * ((d.month - 1) // 3) + 1, 1))
    if grain == Grain.HALF:
        return Period(grain, date(d.year, 1 if d.month <= 6 else 7, 1))
    if grain == Grain.YEAR:
        return Period(grain, date(d.year, 1, 1))
    if grain == Grain.DECADE:
        return Period(grain, date(d.year - d.year % 10, 1, 1))
    return Period(grain, date(d.year - d.year % 100, 1, 1))


def _months_in(grain: Grain) -> int:
    return {
        Grain.MONTH: 1,
        Grain.SEASON: 3,
        Grain.QUARTER: 3,
        Grain.HALF: 6,
        Grain.YEAR: 12,
        Grain.DECADE: 120,
        Grain.CENTURY: 1200,
    }[grain]


def shift(period: Period, grain: Grain, n: int) -> Period:
    """``period`` moved by ``n`` steps of ``grain`` (keeps the period's own grain)."""
    if n == 0:
        return period
    if grain <= Grain.DAY:
        return replace(period, start=period.start + timedelta(days=n))
    if grain == Grain.WEEK:
        return replace(period, start=period.start + timedelta(weeks=n))
    year, month = month_add(period.start.year, period.start.month, n * _months_in(grain))
    day = min(period.start.day, _days_in_month(year, month))
    return replace(period, start=date(year, month, day))


def _days_in_month(year: int, month: int) -> int:
    ny, nm = month_add(year, month, 1)
    return (date(ny, nm, 1) - timedelta(days=1)).day


def end_of(period: Period) -> date:
    """First day after the period (date grains)."""
    grain = period.grain
    if grain <= Grain.DAY:
        return period.start + timedelta(days=1)
    if grain == Grain.WEEK:
        return period.start + timedelta(days=7)
    year, month = month_add(period.start.year, period.start.month, _months_in(grain))
    return date(year, month, 1)


def timex_value(period: Period) -> str:
    """The TIMEX3 value of ``period`` (``2025-05-19``, ``2025-W21``, ``2025-SU``, ``199`` ...)."""
    s = period.start
    grain = period.grain
    if grain in (Grain.MINUTE, Grain.HOUR, Grain.SECOND):
        return f"{s.isoformat()}T{period.hour or 0:02d}:{period.minute or 0:02d}"
    if grain == Grain.PART_OF_DAY:
        return f"{s.isoformat()}T{period.part_of_day}"
    if grain == Grain.DAY:
        return s.isoformat()
    if grain == Grain.WEEK:
        iso_year, week, _ = s.isocalendar()
        return f"{iso_year:04d}-W{week:02d}" + ("-WE" if period.weekend else "")
    if grain == Grain.MONTH:
        return f"{s.year:04d}-{s.month:02d}"
    if grain == Grain.SEASON:
        year, code = season_of(s)
        return f"{year:04d}-{code}"
    if grain == Grain.QUARTER:
        return f"{s.year:04d}-Q{(s.month - 1) // 3 + 1}"
    if grain == Grain.HALF:
        return f"{s.year:04d}-H{1 if s.month <= 6 else 2}"
    if grain == Grain.YEAR:
        return f"{s.year:04d}"
    if grain == Grain.DECADE:
        return f"{s.year // 10:03d}"
    return f"{s.year // 100:02d}"


def _at(d: date, hour: int, zone: tzinfo) -> datetime:
    return datetime.combine(d, time(0), tzinfo=zone) + timedelta(hours=hour)


def interval_of(period: Period, zone: tzinfo, mod: str | None = None) -> Interval:
    """Half-open interval of ``period`` in ``zone``; START/MID/END narrow it to a third."""
    grain = period.grain
    if grain in (Grain.MINUTE, Grain.HOUR, Grain.SECOND):
        begin = datetime.combine(period.start, time(0), tzinfo=zone) + timedelta(
            hours=period.hour or 0, minutes=period.minute or 0
        )
        step = timedelta(minutes=1) if grain == Grain.MINUTE else timedelta(hours=1)
        if grain == Grain.SECOND:
            step = timedelta(seconds=1)
        return Interval(begin, begin + step)
    if grain == Grain.PART_OF_DAY:
        lo, hi = PART_OF_DAY_HOURS.get(period.part_of_day or "", (0, 24))
        return Interval(_at(period.start, lo, zone), _at(period.start, hi, zone))
    begin_d = period.start
    end_d = end_of(period)
    if period.weekend and grain == Grain.WEEK:
        begin_d = period.start + timedelta(days=5)
    begin = datetime.combine(begin_d, time(0), tzinfo=zone)
    end = datetime.combine(end_d, time(0), tzinfo=zone)
    if mod in ("START", "MID", "END"):
        third = (end - begin) / 3
        offset = {"START": 0, "MID": 1, "END": 2}[mod]
        begin, end = begin + third * offset, begin + third * (offset + 1)
        begin = begin.replace(minute=0, second=0, microsecond=0)
        end = end.replace(minute=0, second=0, microsecond=0)
    return Interval(begin, end)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth ISO ``weekday`` of a month; -1 the last; 0 the one after the first Monday."""
    first = date(year, month, 1)
    if nth == 0:  # US Election Day: the Tuesday after the first Monday
        monday = first + timedelta(days=(1 - first.isoweekday()) % 7)
        return monday + timedelta(days=(weekday - 1) % 7 or 7)
    if nth < 0:
        last = shift(Period(Grain.MONTH, first), Grain.MONTH, 1).start - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))


def easter_sunday(year: int) -> date:
    """Western (Gregorian) Easter Sunday of ``year``: the anonymous Gregorian computus."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)
