"""Stage: turn candidates into TIMEX3 values, granularities and intervals.

Each candidate is resolved against what its anchor names: nothing (absolute), the document
date, the previously mentioned time, or the document date in the direction of the tense.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from service.domain.calendar import (
    SEASON_START_MONTH,
    Period,
    easter_sunday,
    end_of,
    interval_of,
    nth_weekday,
    season_of,
    season_start,
    shift,
    timex_value,
    truncate,
)
from service.domain.types import (
    DocContext,
    Grain,
    Notice,
    Prefer,
    Resolution,
    Tense,
    TimeExpression,
    TimexType,
)
from service.locale.lexicon import load_lexicon
from service.rules.types import Anchor, Candidate


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str
    period: Period | None
    resolution: Resolution


def _direction(cand: Candidate, tense: Tense) -> tuple[int, bool]:
    """(-1 | 0 | +1, strict): a stated direction is strict; one read from the tense is not."""
    if cand.direction:
        return cand.direction, True
    if cand.cue_direction:
        return cand.cue_direction, False
    if tense == Tense.FUTURE:
        return 1, False
    if tense == Tense.PAST or cand.past_leaning:
        return -1, False
    if tense == Tense.PRESENT and (cand.weekday is not None or cand.holiday):
        return 1, False  # news uses the present for a scheduled day: "they meet Monday"
    return 0, False


def _weekday_date(doc: date, weekday: int, direction: int, strict: bool) -> date:
    delta = weekday - doc.isoweekday()
    if direction > 0:
        ahead = delta % 7
        if ahead == 0 and strict:
            ahead = 7
        return doc + timedelta(days=ahead)
    if direction < 0:
        back = (-delta) % 7
        if back == 0 and strict:
            back = 7
        return doc - timedelta(days=back)
    back = (-delta) % 7  # no tense: news reports the past, so the latest one
    return doc - timedelta(days=back)


def _directed(
    options: Sequence[Period], current: Period, direction: int, strict: bool
) -> Period:
    """Pick from ``options`` (sorted) the one that lies in ``direction`` of ``current``."""
    if direction < 0:
        past = [p for p in options if (p.start < current.start if strict else
                                       p.start <= current.start)]
        return past[-1] if past else options[0]
    if direction > 0:
        future = [p for p in options if (p.start > current.start if strict else
                                         p.start >= current.start)]
        return future[0] if future else options[-1]
    return min(options, key=lambda p: abs((p.start - current.start).days))


def _nearest(options: Sequence[Period], doc: date, direction: int) -> Period:
    """The option nearest ``doc``, unless the tense points clearly (two months) the other way."""
    found = min(options, key=lambda p: abs((p.start - doc).days))
    index = options.index(found)
    if direction < 0 and (found.start - doc).days > 60 and index > 0:
        return options[index - 1]
    if direction > 0 and (doc - found.start).days > 60 and index + 1 < len(options):
        return options[index + 1]
    return found


def _weekday_period(cand: Candidate, doc: date, direction: int, strict: bool) -> Period:
    """A bare weekday ("on Sunday", "Friday night", "the weekend") in ``direction``."""
    assert cand.weekday is not None
    day = _weekday_date(doc, cand.weekday, direction, strict)
    if cand.weekend:  # "the weekend": the one around that Saturday
        return Period(Grain.WEEK, day - timedelta(days=day.weekday()), weekend=True)
    if cand.part_of_day:
        return Period(Grain.PART_OF_DAY, day, part_of_day=cand.part_of_day)
    return Period(Grain.DAY, day)


def _month_day_period(
    month: int, day: int, doc: date, years: Sequence[int], direction: int
) -> Period | None:
    """"May 20" without a year: the nearest one, unless the tense points clearly away."""
    options = []
    for year in years:
        try:
            options.append(Period(Grain.DAY, date(year, month, day)))
        except ValueError:
            continue
    if not options:
        return None
    return _nearest(options, doc, direction)


def _season_period(cand: Candidate, doc: date, direction: int, strict: bool) -> Period:
    """A season without a year: this / next / last one by its shift, else by the tense."""
    assert cand.season is not None
    if cand.shift_unit == Grain.YEAR:  # this / next / last summer
        year = season_of(doc)[0] + cand.shift
        return Period(Grain.SEASON, season_start(year, cand.season))
    year_of_doc = season_of(doc)[0]
    options = [Period(Grain.SEASON, season_start(y, cand.season))
               for y in (year_of_doc - 1, year_of_doc, year_of_doc + 1)]
    return _directed(options, truncate(doc, Grain.SEASON), direction, strict)


def _quarter_period(quarter: int, doc: date, direction: int) -> Period:
    """A quarter without a year is the document year's, unless the tense says it is over
    (or still to come) and that one is not. The quarter just ended stays in the future
    tense: its results are what "expects to report third-quarter earnings" speaks of."""
    found = Period(Grain.QUARTER, date(doc.year, 3 * quarter - 2, 1))
    if direction < 0 and found.start > doc:
        return shift(found, Grain.YEAR, -1)
    if direction > 0 and end_of(found) <= doc and end_of(shift(found, Grain.QUARTER, 1)) <= doc:
        return shift(found, Grain.YEAR, 1)
    return found


def _day_of_month_period(day: int, doc: date, direction: int) -> Period:
    """"On the 20th": that day of the document's month or of one beside it."""
    base = doc.replace(day=1)
    options = []
    for months in (-1, 0, 1):
        start = shift(Period(Grain.MONTH, base), Grain.MONTH, months).start
        try:
            options.append(Period(Grain.DAY, start.replace(day=day)))
        except ValueError:
            continue
    return _directed(options, Period(Grain.DAY, doc), direction, False)


def _tense_period(cand: Candidate, doc: date, tense: Tense) -> Period | None:
    """The period of an expression whose direction from the document date the tense decides."""
    direction, strict = _direction(cand, tense)
    years = (doc.year - 1, doc.year, doc.year + 1)
    # a yearly holiday lies where the tense points, however near the other one is
    if cand.easter_offset is not None:
        return _directed([Period(Grain.DAY, easter_sunday(y) + timedelta(days=cand.easter_offset))
                          for y in years], Period(Grain.DAY, doc), direction, False)
    if cand.nth is not None and cand.month is not None and cand.weekday is not None:
        return _directed([Period(Grain.DAY, nth_weekday(y, cand.month, cand.weekday, cand.nth))
                          for y in years], Period(Grain.DAY, doc), direction, False)
    if cand.holiday and cand.month is not None and cand.day is not None:
        return _directed([Period(Grain.DAY, date(y, cand.month, cand.day)) for y in years],
                         Period(Grain.DAY, doc), direction, False)
    if cand.weekday is not None and cand.month is None and cand.day is None:
        return _weekday_period(cand, doc, direction, strict)
    if cand.month is not None and cand.day is not None:
        return _month_day_period(cand.month, cand.day, doc, years, direction)
    if cand.month is not None:
        options = [Period(Grain.MONTH, date(y, cand.month, 1)) for y in years]
        return _directed(options, truncate(doc, Grain.MONTH), direction, strict)
    if cand.season is not None:
        return _season_period(cand, doc, direction, strict)
    if cand.quarter is not None:
        return _quarter_period(cand.quarter, doc, direction)
    if cand.day is not None:
        return _day_of_month_period(cand.day, doc, direction)
    return None


def _stated_period(cand: Candidate) -> Period | None:
    """The period of an expression whose words state it all."""
    grain = cand.grain
    year = cand.year
    if grain is None or year is None:
        return None
    try:
        if grain in (Grain.MINUTE, Grain.HOUR):
            return Period(grain, date(year, cand.month or 1, cand.day or 1), hour=cand.hour,
                          minute=cand.minute)
        if grain == Grain.DAY:
            return Period(grain, date(year, cand.month or 1, cand.day or 1))
        if grain == Grain.MONTH:
            return Period(grain, date(year, cand.month or 1, 1))
        if grain == Grain.SEASON and cand.season:
            return Period(grain, season_start(year, cand.season))
        if grain == Grain.QUARTER and cand.quarter:
            return Period(grain, date(year, 3 * cand.quarter - 2, 1))
        if grain == Grain.HALF and cand.half:
            return Period(grain, date(year, 1 if cand.half == 1 else 7, 1))
        if grain in (Grain.YEAR, Grain.DECADE, Grain.CENTURY):
            return Period(grain, date(max(year, 1), 1, 1))
    except ValueError:
        return None
    return None


def _fill(period: Period, cand: Candidate) -> Period:
    """Apply the fields the words state on top of a period found by shifting."""
    grain = cand.grain or period.grain
    start = period.start
    if cand.weekday is not None and grain == Grain.DAY and period.grain == Grain.WEEK:
        start = start + timedelta(days=cand.weekday - 1)
    elif cand.month is not None and grain == Grain.MONTH:
        start = date(start.year, cand.month, 1)
    elif cand.quarter is not None and grain == Grain.QUARTER:
        start = date(start.year, 3 * cand.quarter - 2, 1)
    elif cand.half is not None and grain == Grain.HALF:
        start = date(start.year, 1 if cand.half == 1 else 7, 1)
    elif cand.season is not None and grain == Grain.SEASON:
        year = start.year
        if cand.season == "WI" and start.month <= 2:
            year -= 1
        start = date(year, SEASON_START_MONTH[cand.season], 1)
    result = truncate(start, grain) if grain > Grain.DAY else Period(grain, start)
    if grain <= Grain.DAY and period.grain == Grain.WEEK and cand.weekday is None:
        result = Period(grain, period.start)
    return replace(
        result,
        grain=grain,
        hour=cand.hour,
        minute=cand.minute,
        part_of_day=cand.part_of_day,
        weekend=cand.weekend,
    )


def _relative(base: date, cand: Candidate) -> Period:
    """Truncate ``base`` to the shift unit, move it, then apply the stated fields."""
    unit = cand.shift_unit or cand.grain or Grain.DAY
    period = shift(truncate(base, max(unit, Grain.DAY)), unit, cand.shift)
    return _fill(period, cand)


def _from_previous(cand: Candidate, previous: Period) -> Period:
    """"A year earlier" after "the third quarter" keeps the quarter; others re-truncate."""
    unit = cand.shift_unit or cand.grain or Grain.DAY
    if cand.keep_reference_grain and previous.grain <= Grain.QUARTER and previous.grain < unit:
        moved = shift(previous, unit, cand.shift)
        floor = cand.grain if cand.grain is not None and cand.grain < unit else previous.grain
        grain = max(previous.grain, floor, Grain.DAY)
        return replace(truncate(moved.start, grain), grain=grain)
    if cand.offset and previous.grain < unit and unit <= Grain.MONTH:
        grain = max(previous.grain, Grain.DAY)
        day = shift(Period(Grain.DAY, previous.start), unit, cand.shift)
        return replace(day, grain=grain)
    return _relative(previous.start, cand)


def _unresolved_value(cand: Candidate) -> str:
    grain = cand.grain
    if cand.weekday is not None and cand.month is None:
        return f"XXXX-WXX-{cand.weekday}"
    if cand.month is not None and cand.day is not None:
        return f"XXXX-{cand.month:02d}-{cand.day:02d}"
    if cand.month is not None:
        return f"XXXX-{cand.month:02d}"
    if cand.quarter is not None:
        return f"XXXX-Q{cand.quarter}"
    if cand.season is not None:
        return f"XXXX-{cand.season}"
    return {
        Grain.MINUTE: f"XXXX-XX-XXT{cand.hour or 0:02d}:{cand.minute or 0:02d}",
        Grain.PART_OF_DAY: f"XXXX-XX-XXT{cand.part_of_day}",
        Grain.DAY: "XXXX-XX-XX",
        Grain.WEEK: "XXXX-WXX",
        Grain.MONTH: "XXXX-XX",
        Grain.QUARTER: "XXXX-QX",
        Grain.HALF: "XXXX-HX",
        Grain.SEASON: "XXXX-XX",
        Grain.YEAR: "XXXX",
        Grain.DECADE: "XXX",
        Grain.CENTURY: "XX",
    }.get(grain or Grain.DAY, "XXXX-XX-XX")


def _resolve_one(
    cand: Candidate, doc: date | None, previous: Period | None, day_context: Period | None,
    tense: Tense, year_context: date | None = None,
) -> Resolved:
    if cand.anchor == Anchor.NONE:
        return Resolved(cand.value or "", None, Resolution.ABSOLUTE)
    if cand.anchor == Anchor.ABSOLUTE:
        period = _stated_period(cand)
        if period is None:
            return Resolved(_unresolved_value(cand), None, Resolution.UNRESOLVED)
        return Resolved(timex_value(period), period, Resolution.ABSOLUTE)
    if cand.anchor == Anchor.PREVIOUS and previous is not None:
        period = _from_previous(cand, previous)
        return Resolved(timex_value(period), period, Resolution.PREVIOUS_TIME)
    if doc is None and cand.anchor == Anchor.TENSE and year_context is not None and (
        cand.month is not None and cand.weekday is None
    ):
        # no document date: "22 May" takes its year from the nearest full date in the text,
        # the year that puts it nearest that date (a story's past tense says nothing of it)
        period = _tense_period(cand, year_context, Tense.UNKNOWN)
        if period is not None:
            return Resolved(timex_value(period), period, Resolution.PREVIOUS_TIME)
    if doc is None:
        return Resolved(_unresolved_value(cand), None, Resolution.UNRESOLVED)
    if cand.anchor == Anchor.TENSE:
        period = _tense_period(cand, doc, tense)
        if period is None:
            return Resolved(_unresolved_value(cand), None, Resolution.UNRESOLVED)
        if cand.hour is not None:
            period = replace(period, grain=Grain.MINUTE, hour=cand.hour, minute=cand.minute)
        if cand.shift and cand.shift_unit is not None and cand.season is None:
            period = shift(period, cand.shift_unit, cand.shift)
        return Resolved(timex_value(period), period, Resolution.DOCUMENT_DATE)
    if cand.keep_reference_grain and previous is not None and previous.grain == Grain.QUARTER:
        return Resolved(timex_value(period := _from_previous(cand, previous)), period,
                        Resolution.PREVIOUS_TIME)
    if cand.grain == Grain.MINUTE and day_context is not None:  # "3 p.m." on a stated day
        period = replace(day_context, grain=Grain.MINUTE, hour=cand.hour, minute=cand.minute,
                         part_of_day=None)
        return Resolved(timex_value(period), period, Resolution.PREVIOUS_TIME)
    period = _relative(doc, cand)
    return Resolved(timex_value(period), period, Resolution.DOCUMENT_DATE)


def _nearest_full_date(candidates: Sequence[Candidate], index: int) -> date | None:
    """The date of the stated full date (day and year) nearest candidate ``index`` in the
    text, the one before it winning a tie."""
    here = candidates[index].start
    best: tuple[int, date] | None = None
    for other in candidates:
        if other.anchor != Anchor.ABSOLUTE or other.grain != Grain.DAY or other.year is None:
            continue
        period = _stated_period(other)
        if period is None:
            continue
        distance = abs(other.start - here) + (1 if other.start > here else 0)
        if best is None or distance < best[0]:
            best = (distance, period.start)
    return best[1] if best else None


def _weekday_notice(cand: Candidate, period: Period | None, names: Sequence[str]) -> Notice | None:
    if cand.weekday is None or period is None or cand.day is None:
        return None
    if period.start.isoweekday() == cand.weekday:
        return None
    return Notice(
        "weekday_mismatch",
        f"{names[cand.weekday - 1]} does not match {period.start.isoformat()} "
        f"(a {names[period.start.weekday()]})",
        cand.start,
        cand.end,
    )


def _adjacent_weekday_notice(
    first: TimeExpression,
    first_cand: Candidate,
    second: TimeExpression,
    text: str,
    names: Sequence[str],
    prefer: Prefer = Prefer.TENSE,
) -> Notice | None:
    """"Monday (May 19)": a weekday right beside a full date must name that date's weekday, and
    a ``prefer`` option must not move it off that date."""
    between = text[first.end : second.start]
    if first_cand.weekday is None or first_cand.day is not None:
        return None
    if second.granularity != Grain.DAY or second.interval is None:
        return None
    if between.strip() not in ("(", ",", "", "—", "-", "–"):
        return None
    day = second.interval.start.date()
    if day.isoweekday() == first_cand.weekday:
        if prefer == Prefer.TENSE or first.interval is None:
            return None
        read = first.interval.start.date()
        if read == day:
            return None
        # "on Monday (May 19)" with prefer=future: the option moved the weekday off its date
        return Notice(
            "prefer_mismatch",
            f"{first.text} is read as {read.isoformat()} (prefer={prefer.value}), but the date "
            f"written beside it, {second.text}, is {day.isoformat()}",
            first.start,
            second.end,
        )
    return Notice(
        "weekday_mismatch",
        f"{first.text} does not match {second.text} ({day.isoformat()} is a "
        f"{names[day.weekday()]})",
        first.start,
        second.end,
    )


def _weekday_notices(
    cand: Candidate,
    period: Period | None,
    timex: TimeExpression,
    previous: tuple[TimeExpression, Candidate] | None,
    text: str,
    names: Sequence[str],
    prefer: Prefer = Prefer.TENSE,
) -> tuple[Notice, ...]:
    """The warnings for a weekday that does not match its own date or the date beside it."""
    found = [_weekday_notice(cand, period, names)]
    if previous is not None:
        found.append(_adjacent_weekday_notice(previous[0], previous[1], timex, text, names,
                                              prefer))
    return tuple(n for n in found if n)


def _confidence(cand: Candidate, tense: Tense, resolution: Resolution) -> float:
    """The rule's confidence, lowered for a direction guessed without a tense and for a value
    left unresolved."""
    confidence = cand.confidence
    if cand.anchor == Anchor.TENSE and not cand.direction and tense == Tense.UNKNOWN:
        confidence *= 0.8
    if resolution == Resolution.UNRESOLVED:
        confidence *= 0.5
    return confidence


def resolve(
    ctx: DocContext,
    text: str,
    candidates: Sequence[Candidate],
    tenses: Sequence[Tense],
    sentence_ids: Sequence[int],
) -> tuple[tuple[TimeExpression, ...], tuple[Notice, ...]]:
    """Resolve every candidate in document order.

    Args:
        ctx: the request context (document date, time zone).
        text: the request text.
        candidates: non-overlapping candidates in document order.
        tenses: the tense of the verb each candidate attaches to.
        sentence_ids: the sentence each candidate is in.

    Returns:
        The time expressions and the warnings they raise.
    """
    doc = ctx.document_date
    lexicon = load_lexicon(ctx.language)
    names = lexicon.weekday_names()
    previous: Period | None = None
    base: Period | None = None  # the last time not itself counted back from another
    quarter: Period | None = None  # the last quarter: "a year ago" in results means its quarter
    day_context: tuple[int, Period] | None = None
    out: list[TimeExpression] = []
    notices: list[Notice] = []
    cands: list[Candidate] = []
    for index, (cand, tense, sid) in enumerate(zip(candidates, tenses, sentence_ids, strict=True)):
        if ctx.prefer != Prefer.TENSE:  # the caller knows the genre: a schedule, an archive
            tense = Tense.PAST if ctx.prefer == Prefer.PAST else Tense.FUTURE
        same_day = day_context[1] if day_context and day_context[0] == sid else None
        reference = (quarter or base) if cand.keep_reference_grain else previous
        try:
            context_date = None if doc is not None else _nearest_full_date(candidates, index)
            resolved = _resolve_one(cand, doc, reference, same_day, tense, context_date)
            period = resolved.period
            interval = interval_of(period, ctx.timezone, cand.mod) if period else None
            if interval is not None and cand.zone and period is not None and (
                period.grain <= Grain.HOUR
            ):
                # "10 a.m. EST": the instant the text's zone names, with that zone's offset
                interval = interval_of(period, lexicon.zone(cand.zone), cand.mod)
        except (OverflowError, ValueError):  # "3000 centuries ago": outside the calendar
            resolved = Resolved(_unresolved_value(cand), None, Resolution.UNRESOLVED)
            interval = None
        period = resolved.period
        granularity = period.grain if period else cand.grain
        timex = TimeExpression(
            id=f"t{index + 1}",
            start=cand.start,
            end=cand.end,
            text=text[cand.start : cand.end],
            type=cand.type,
            value=resolved.value,
            mod=cand.mod,
            granularity=granularity,
            interval=interval,
            resolution=resolved.resolution,
            confidence=_confidence(cand, tense, resolved.resolution),
            rule=cand.rule,
        )
        if context_date is not None and resolved.resolution == Resolution.PREVIOUS_TIME and (
            cand.anchor == Anchor.TENSE
        ):
            notices.append(Notice(
                "year_from_context",
                f"no document date: the year of {timex.text!r} is taken from the nearest full "
                f"date in the text ({context_date.isoformat()})",
                cand.start, cand.end,
            ))
        previous_pair = (out[-1], cands[-1]) if out else None
        notices.extend(_weekday_notices(cand, period, timex, previous_pair, text, names,
                                        ctx.prefer))
        out.append(timex)
        cands.append(cand)
        if period is not None and cand.type in (TimexType.DATE, TimexType.TIME):
            previous = period
            if not cand.keep_reference_grain:
                base = period
                if period.grain == Grain.QUARTER:
                    quarter = period
            if period.grain <= Grain.DAY:
                day_context = (sid, replace(period, grain=Grain.DAY, hour=None, minute=None))
    return tuple(out), tuple(notices)
