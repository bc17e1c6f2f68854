"""Event times on the TimeBank-EventTime corpus (JSON lines, one document a line).

Each gold event (kind ``single`` or ``multi``; ``na`` is left out) is looked up among the events
the API returns for its document: an event is *found* when its trigger, or one of its merged
mentions, overlaps the gold span; *dated* when its ``when`` gives usable days; *exact* when the
``when`` states what the gold states; *compatible* when every day the ``when`` allows lies within
what the gold allows. Two baselines are scored from the gold alone with the same rules: every
event on the document date, and every event before it.

The rules are those of the shared reference scorer ``score_eventtime.py`` with its defaults
(``before D`` and ``after D`` exclude D; merged mentions count), so that the two give the same
figures on the same answers:

* Days. A ``when`` covers the days of its interval (half-open: an end at midnight excludes its
  own day), else those of its value (a day, month, year, ISO week or weekend, quarter, half,
  meteorological season, decade or century). Other values (``PRESENT_REF``, durations) give no
  days: the event is found but undated.
* Single-day gold: ``on D`` is exact for on/during the day D; ``before D`` for ``before`` with
  first day D; ``after D`` for ``after`` with last day D; ``after A before B`` for on/during a
  span within [A, B]; alternatives for any of them.
* Multi-day gold (a begin and an end point): the answer is read as a pair of point statements,
  every reading is tried, and exact means both points equal the gold's. on/during [s, e] is read
  as "inside" (both points "between s and e"), as "fills" (begin on s, end on e, when s < e) and,
  when the ``when`` has a ``range``, as its two time expressions; ``before`` V and ``after`` V
  put both points before V's first day or after its last; ``since`` V begins within V and leaves
  the end open, ``until`` V ends within V and leaves the begin open (an open point equals a gold
  begin "before", a gold end "after", or an unknown gold point).
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, Protocol, TypeAlias

from schemas.timeline import TimelineOut
from service.domain.calendar import SEASON_START_MONTH, month_add

CORPUS_FILE: Final = "eventtime-dev.jsonl"
JSONL_SUFFIX: Final = ".jsonl"
_CONTEXT_WIDTH: Final = 200  # characters of text shown around a gold event in error lists

Responder: TypeAlias = Callable[[str, str | None], TimelineOut]
"""The library as the evaluation calls it: (text, document date) -> the API's answer."""


class ResponderFactory(Protocol):
    """Makes the responder once, with the request options of the evaluation."""

    def __call__(self, *, include_inferred: bool, language: str) -> Responder: ...


class EventtimeFormatError(ValueError):
    """A corpus or prediction line that cannot be read."""


# --- days and regions -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DaySpan:
    """Whole days from ``first`` to ``last`` (date ordinals, both included)."""

    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Region:
    """A closed range of days (date ordinals); None is an open side."""

    first: int | None
    last: int | None

    def contains(self, inner: Region) -> bool:
        """Return whether every day of ``inner`` lies within this region."""
        if self.first is not None and (inner.first is None or inner.first < self.first):
            return False
        return self.last is None or (inner.last is not None and inner.last <= self.last)


def _ordinal(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def _span(first: date, last: date) -> DaySpan:
    return DaySpan(first.toordinal(), last.toordinal())


# An interval end at midnight (or a bare date) excludes its own day.
_MIDNIGHT_END: Final = re.compile(r"(?:T00(?::00(?::00(?:\.0+)?)?)?)?(?:Z|[+-]\d\d(?::?\d\d)?)?")
_DAY_VALUE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?")
_MONTH_VALUE: Final = re.compile(r"(\d{4})-(\d{2})")
_YEAR_VALUE: Final = re.compile(r"\d{4}")
_WEEK_VALUE: Final = re.compile(r"(\d{4})-W(\d{2})(-WE)?")
_QUARTER_VALUE: Final = re.compile(r"(\d{4})-Q([1-4])")
_HALF_VALUE: Final = re.compile(r"(\d{4})-H([12])")
_SEASON_VALUE: Final = re.compile(r"(\d{4})-(SP|SU|FA|AU|WI)")
_DECADE_VALUE: Final = re.compile(r"\d{3}")
_CENTURY_VALUE: Final = re.compile(r"\d{2}")
_SEASON_FIRST_MONTH: Final = {**SEASON_START_MONTH, "AU": SEASON_START_MONTH["FA"]}


def days_of_interval(interval: object) -> DaySpan | None:
    """The days of a half-open ISO interval ``{start, end}``, or None when it is not one."""
    if not isinstance(interval, Mapping):
        return None
    start, end = interval.get("start"), interval.get("end")
    if not isinstance(start, str) or not isinstance(end, str):
        return None
    try:
        first = date.fromisoformat(start[:10])
        last = date.fromisoformat(end[:10])
    except ValueError:
        return None
    if _MIDNIGHT_END.fullmatch(end[10:]):
        last -= timedelta(days=1)
    return _span(first, max(first, last))


def days_of_value(value: object) -> DaySpan | None:
    """The days of a TIMEX3-style value (``2025-05-20``, ``2025-05``, ``2025-W21``, ``199``...),
    or None for values that name no days (``PRESENT_REF``, durations, unknown parts)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return _days_of_calendar_value(text)
    except ValueError:  # a month 13, a week 53 of a year without one, the year 0
        return None


def _days_of_calendar_value(text: str) -> DaySpan | None:
    if m := _DAY_VALUE.fullmatch(text):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return _span(day, day)
    if m := _MONTH_VALUE.fullmatch(text):
        year, month = int(m[1]), int(m[2])
        return _span(date(year, month, 1), _month_end(year, month))
    if _YEAR_VALUE.fullmatch(text):
        return _span(date(int(text), 1, 1), date(int(text), 12, 31))
    if m := _WEEK_VALUE.fullmatch(text):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return _span(monday + timedelta(days=5), monday + timedelta(days=6))
        return _span(monday, monday + timedelta(days=6))
    if m := _QUARTER_VALUE.fullmatch(text):
        year, quarter = int(m[1]), int(m[2])
        return _span(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
    if m := _HALF_VALUE.fullmatch(text):
        year, half = int(m[1]), int(m[2])
        return _span(date(year, 6 * half - 5, 1), _month_end(year, 6 * half))
    if m := _SEASON_VALUE.fullmatch(text):
        year, month = int(m[1]), _SEASON_FIRST_MONTH[m[2]]
        last_year, last_month = (year + 1, 2) if month == 12 else (year, month + 2)  # winter
        return _span(date(year, month, 1), _month_end(last_year, last_month))
    if _DECADE_VALUE.fullmatch(text):
        year = int(text) * 10
        return _span(date(year, 1, 1), date(year + 9, 12, 31))
    if _CENTURY_VALUE.fullmatch(text):
        year = int(text) * 100
        return _span(date(max(year, 1), 1, 1), date(year + 99, 12, 31))
    return None


def _month_end(year: int, month: int) -> date:
    return date(*month_add(year, month, 1), 1) - timedelta(days=1)


# --- gold -------------------------------------------------------------------------------------


class PointForm(StrEnum):
    """How a gold point (a single day, or a multi-day event's begin or end) is stated."""

    ON = "on"
    BEFORE = "before"
    AFTER = "after"
    BOUNDED = "bounded"  # after A before B: some day from A to B
    UNKNOWN = "unknown"  # xxxx-xx-xx


class Side(StrEnum):
    """Which point of a multi-day event."""

    BEGIN = "begin"
    END = "end"


class StatementKind(StrEnum):
    """What an answer says about one point of an event."""

    ON = "on"
    BETWEEN = "between"
    BEFORE = "before"
    AFTER = "after"
    OPEN = "open"  # nothing: the free end of since / until


@dataclass(frozen=True, slots=True)
class Statement:
    """A point statement: on a day, between two days, before or after a day, or open."""

    kind: StatementKind
    first: int = 0
    last: int = 0

    @classmethod
    def of_days(cls, days: DaySpan) -> Statement:
        """On the day, or between the first and the last day of a span."""
        kind = StatementKind.ON if days.first == days.last else StatementKind.BETWEEN
        return cls(kind, days.first, days.last)

    def region(self) -> Region | None:
        """The days the statement allows; None for an open point (it states nothing)."""
        if self.kind in (StatementKind.ON, StatementKind.BETWEEN):
            return Region(self.first, self.last)
        if self.kind == StatementKind.BEFORE:
            return Region(None, self.first - 1)
        if self.kind == StatementKind.AFTER:
            return Region(self.last + 1, None)
        return None


_OPEN: Final = Statement(StatementKind.OPEN)


@dataclass(frozen=True, slots=True)
class GoldPoint:
    """A gold point: on D, before D, after D, after A before B, or unknown.

    ``first`` is D (A when bounded); ``last`` is D (B when bounded).
    """

    form: PointForm
    first: int = 0
    last: int = 0

    def region(self) -> Region:
        """The days the point allows (``before D`` and ``after D`` exclude D)."""
        if self.form in (PointForm.ON, PointForm.BOUNDED):
            return Region(self.first, self.last)
        if self.form == PointForm.BEFORE:
            return Region(None, self.first - 1)
        if self.form == PointForm.AFTER:
            return Region(self.first + 1, None)
        return Region(None, None)

    def is_stated_by(self, statement: Statement, side: Side) -> bool:
        """Return whether a point statement of an answer says the same as this gold point."""
        kind = statement.kind
        if self.form == PointForm.UNKNOWN:
            return kind == StatementKind.OPEN
        if kind == StatementKind.OPEN:
            # an open end is "after" the gold's end; an open begin "before" its begin
            open_side = Side.END if self.form == PointForm.AFTER else Side.BEGIN
            return self.form in (PointForm.AFTER, PointForm.BEFORE) and side == open_side
        if self.form == PointForm.BOUNDED:
            inside = self.first <= statement.first and statement.last <= self.last
            return kind in (StatementKind.ON, StatementKind.BETWEEN) and inside
        same_kind = kind.value == self.form.value  # on, before and after name both alike
        return same_kind and statement.first == self.first


class Row(StrEnum):
    """The rows of the table: all events, and the single-day ones by gold form."""

    ALL = "all"
    SINGLE = "single"
    SINGLE_ON = "single:on"
    SINGLE_BEFORE = "single:before"
    SINGLE_AFTER = "single:after"
    SINGLE_BOUNDED = "single:bounded"
    SINGLE_ANY_OF = "single:any_of"
    MULTI = "multi"


_SINGLE_ROW: Final = {
    PointForm.ON: Row.SINGLE_ON,
    PointForm.BEFORE: Row.SINGLE_BEFORE,
    PointForm.AFTER: Row.SINGLE_AFTER,
    PointForm.BOUNDED: Row.SINGLE_BOUNDED,
}


@dataclass(frozen=True, slots=True)
class SingleTime:
    """A single-day gold time: one of the alternatives (usually just one)."""

    alternatives: tuple[GoldPoint, ...]

    @property
    def row(self) -> Row:
        """The table row of its form."""
        if len(self.alternatives) > 1:
            return Row.SINGLE_ANY_OF
        return _SINGLE_ROW[self.alternatives[0].form]


@dataclass(frozen=True, slots=True)
class MultiTime:
    """A multi-day gold time: a begin point and an end point."""

    begin: GoldPoint
    end: GoldPoint


GoldTime: TypeAlias = SingleTime | MultiTime


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One scored gold event."""

    eid: str
    start: int
    end: int
    text: str
    gold: str  # the annotation as written ("beginPoint=before1998-02-13endPoint=...")
    time: GoldTime

    @property
    def rows(self) -> tuple[Row, ...]:
        """The rows it counts in."""
        if isinstance(self.time, SingleTime):
            return (Row.ALL, Row.SINGLE, self.time.row)
        return (Row.ALL, Row.MULTI)


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One corpus document with its scored events (kind ``na`` left out)."""

    id: str
    split: str
    document_date: str
    text: str
    events: tuple[GoldEvent, ...]


def find_corpus_files(path: str | Path) -> tuple[Path, ...]:
    """The corpus files at a path: the file itself, or a folder's ``eventtime-dev.jsonl``,
    else every ``.jsonl`` file of the folder whose first line is an event-time document."""
    root = Path(path)
    if root.is_file():
        return (root,) if root.suffix == JSONL_SUFFIX else ()
    if not root.is_dir():
        return ()
    if (root / CORPUS_FILE).is_file():
        return (root / CORPUS_FILE,)
    return tuple(p for p in sorted(root.glob(f"*{JSONL_SUFFIX}")) if _first_line_has_times(p))


def is_eventtime_corpus(path: str | Path) -> bool:
    """Return whether a path is a .jsonl file, or a folder holding an event-time corpus file."""
    root = Path(path)
    if root.is_file():
        return root.suffix == JSONL_SUFFIX
    return any(_first_line_has_times(p) for p in find_corpus_files(root))


def _first_line_has_times(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            record = json.loads(handle.readline())
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    events = record.get("events") if isinstance(record, dict) else None
    return isinstance(events, list) and any(
        isinstance(e, dict) and "time" in e for e in events
    )


def read_corpus(path: str | Path) -> tuple[GoldDocument, ...]:
    """Read the gold documents at a path (see `find_corpus_files`), in file and line order.

    Raises:
        EventtimeFormatError: A line is not a valid event-time document.
        OSError: A file cannot be read.
    """
    documents: list[GoldDocument] = []
    for file in find_corpus_files(path):
        with file.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    documents.append(_read_document(line, f"{file.name}:{number}"))
    return tuple(documents)


def _read_document(line: str, where: str) -> GoldDocument:
    try:
        record = json.loads(line)
        events = tuple(
            _gold_event(e) for e in record["events"] if e["kind"] in ("single", "multi")
        )
        return GoldDocument(
            id=str(record["id"]),
            split=str(record.get("split") or ""),
            document_date=date.fromisoformat(record["document_date"]).isoformat(),
            text=record["text"],
            events=events,
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise EventtimeFormatError(f"{where}: not an event-time document: {exc!r}") from exc


def _gold_event(record: Mapping[str, Any]) -> GoldEvent:
    stated: Mapping[str, Any] = record["time"]
    gold_time: GoldTime
    if record["kind"] == "multi":
        gold_time = MultiTime(_gold_point(stated["begin"]), _gold_point(stated["end"]))
    else:
        points = stated["any_of"] if "any_of" in stated else [stated]
        gold_time = SingleTime(tuple(_gold_point(p) for p in points))
        if any(p.form == PointForm.UNKNOWN for p in gold_time.alternatives):
            raise ValueError(f"event {record['eid']}: a single day cannot be unknown")
    return GoldEvent(
        eid=str(record["eid"]),
        start=int(record["start"]),
        end=int(record["end"]),
        text=str(record["text"]),
        gold=str(record["gold"]),
        time=gold_time,
    )


def _gold_point(point: Mapping[str, Any]) -> GoldPoint:
    if "unknown" in point:
        return GoldPoint(PointForm.UNKNOWN)
    if "on" in point:
        day = _ordinal(point["on"])
        return GoldPoint(PointForm.ON, day, day)
    if "after" in point and "before" in point:
        return GoldPoint(PointForm.BOUNDED, _ordinal(point["after"]), _ordinal(point["before"]))
    form = PointForm.BEFORE if "before" in point else PointForm.AFTER
    day = _ordinal(point[form.value])
    return GoldPoint(form, day, day)


# --- answers ----------------------------------------------------------------------------------


class Relation(StrEnum):
    """The relation of an event to its ``when`` value, as the API states it."""

    ON = "on"
    DURING = "during"
    BEFORE = "before"
    AFTER = "after"
    SINCE = "since"
    UNTIL = "until"


_ON_LIKE: Final = frozenset({Relation.ON, Relation.DURING})
_RELATIONS: Final = frozenset(r.value for r in Relation)


@dataclass(frozen=True, slots=True)
class Answer:
    """A dated answer: the relation, the value's days, and those of a range's two ends."""

    relation: Relation
    days: DaySpan
    range_days: tuple[DaySpan, DaySpan] | None = None

    def region(self) -> Region:
        """The days a single-day event can be on, by this answer."""
        first, last = self.days.first, self.days.last
        if self.relation == Relation.BEFORE:
            return Region(None, first - 1)
        if self.relation == Relation.AFTER:
            return Region(last + 1, None)
        if self.relation == Relation.SINCE:
            return Region(first, None)
        if self.relation == Relation.UNTIL:
            return Region(None, last)
        return Region(first, last)

    def readings(self) -> tuple[tuple[Statement, Statement], ...]:
        """The (begin, end) statements a multi-day event can be read as, by this answer."""
        days = Statement.of_days(self.days)
        if self.relation == Relation.BEFORE:
            point = Statement(StatementKind.BEFORE, self.days.first, self.days.first)
            return ((point, point),)
        if self.relation == Relation.AFTER:
            point = Statement(StatementKind.AFTER, self.days.last, self.days.last)
            return ((point, point),)
        if self.relation == Relation.SINCE:
            return ((days, _OPEN),)
        if self.relation == Relation.UNTIL:
            return ((_OPEN, days),)
        found = [(days, days)]  # inside the value
        if self.days.first < self.days.last:  # filling it
            found.append((
                Statement(StatementKind.ON, self.days.first, self.days.first),
                Statement(StatementKind.ON, self.days.last, self.days.last),
            ))
        if self.range_days is not None:  # from one end of the range to the other
            found.append((Statement.of_days(self.range_days[0]),
                          Statement.of_days(self.range_days[1])))
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Offsets:
    """Character offsets into the document text (half-open)."""

    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        """Return whether it shares a character with [start, end)."""
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class WhenText:
    """What a returned ``when`` said, for the error list."""

    label: str | None
    relation: str | None
    value: str | None
    basis: str | None

    def describe(self) -> str:
        """One line: the label, then the relation and value, then the basis."""
        parts = [json.dumps(self.label, ensure_ascii=False) if self.label else "-"]
        parts.append(f"({self.relation or '?'} {self.value or '-'}")
        parts.append(f"basis {self.basis})" if self.basis else "basis -)")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    """A returned event, as far as scoring reads it."""

    trigger: Offsets
    trigger_text: str
    mentions: tuple[Offsets, ...]  # merged mentions other than the trigger
    answer: Answer | None  # None: no ``when``, or one without usable days
    when: WhenText | None

    def overlaps(self, start: int, end: int) -> bool:
        """Return whether its trigger or one of its mentions overlaps [start, end)."""
        return self.trigger.overlaps(start, end) or any(
            m.overlaps(start, end) for m in self.mentions
        )


def events_of_response(response: Mapping[str, Any]) -> tuple[PredictedEvent, ...]:
    """Read the events of one API answer (``TimelineOut`` as JSON); events without a trigger
    are skipped, a ``when`` without a known relation is read as ``on``."""
    expressions = {
        t["id"]: t
        for t in response.get("time_expressions") or ()
        if isinstance(t, Mapping) and t.get("id") is not None
    }
    found: list[PredictedEvent] = []
    for event in response.get("events") or ():
        if not isinstance(event, Mapping):
            continue
        trigger = _offsets(event.get("trigger"))
        if trigger is None:
            continue
        mentions = tuple(
            o for o in (_offsets(m) for m in event.get("mentions") or ()) if o and o != trigger
        )
        when = event.get("when")
        raw_trigger = event.get("trigger")
        trigger_text = raw_trigger.get("text") if isinstance(raw_trigger, Mapping) else None
        found.append(PredictedEvent(
            trigger=trigger,
            trigger_text=str(trigger_text or ""),
            mentions=mentions,
            answer=_answer(when, expressions) if isinstance(when, Mapping) else None,
            when=_when_text(when) if isinstance(when, Mapping) and when else None,
        ))
    return tuple(found)


def _offsets(span: object) -> Offsets | None:
    if not isinstance(span, Mapping):
        return None
    try:
        return Offsets(int(span["start"]), int(span["end"]))
    except (KeyError, TypeError, ValueError):
        return None


def _answer(when: Mapping[str, Any], expressions: Mapping[Any, Any]) -> Answer | None:
    interval = when.get("interval")
    days = days_of_interval(interval) if isinstance(interval, Mapping) else None
    days = days or days_of_value(when.get("value"))
    if days is None:
        return None
    relation = when.get("relation")
    return Answer(
        relation=(
            Relation(relation)
            if isinstance(relation, str) and relation in _RELATIONS
            else Relation.ON
        ),
        days=days,
        range_days=_range_days(when.get("range"), expressions),
    )


def _range_days(
    span: object, expressions: Mapping[Any, Any]
) -> tuple[DaySpan, DaySpan] | None:
    if not isinstance(span, Mapping):
        return None
    start, end = expressions.get(span.get("start_id")), expressions.get(span.get("end_id"))
    if not start or not end:
        return None
    first, last = _days_of_expression(start), _days_of_expression(end)
    return (first, last) if first and last else None


def _days_of_expression(expression: Mapping[str, Any]) -> DaySpan | None:
    interval = expression.get("interval")
    return days_of_interval(interval) if interval else days_of_value(expression.get("value"))


def _when_text(when: Mapping[str, Any]) -> WhenText:
    def text(name: str) -> str | None:
        value = when.get(name)
        return None if value is None else str(value)

    return WhenText(text("label"), text("relation"), text("value"), text("basis"))


def prediction_record(document_id: str, response: TimelineOut) -> dict[str, Any]:
    """One line of a prediction file: the document id and the API answer as JSON."""
    return {"id": document_id, "response": response.model_dump(mode="json")}


def read_predictions(path: str | Path) -> dict[str, tuple[PredictedEvent, ...]]:
    """Read a prediction file: one ``{"id", "response"}`` line per document (a line with
    ``events`` and no ``response`` is read as the answer itself).

    Raises:
        EventtimeFormatError: A line is not JSON, has no id, or repeats one.
        OSError: The file cannot be read.
    """
    found: dict[str, tuple[PredictedEvent, ...]] = {}
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise EventtimeFormatError(f"{path}:{number}: not JSON: {exc}") from exc
            if not isinstance(record, dict) or "id" not in record:
                raise EventtimeFormatError(f'{path}:{number}: no "id"')
            key = str(record["id"])
            if key in found:
                raise EventtimeFormatError(f"{path}:{number}: the id {key!r} comes again")
            response = record.get("response") if "response" in record else record
            found[key] = events_of_response(response if isinstance(response, Mapping) else {})
    return found


# --- judging ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an answer earns on one gold event."""

    found: bool = False
    dated: bool = False
    exact: bool = False
    compatible: bool = False


def judge(answer: Answer, gold: GoldTime) -> Outcome:
    """Score a dated answer against a gold time (found and dated by definition).

    Args:
        answer: The answer's relation and days.
        gold: The gold time.

    Returns:
        The outcome; exact implies compatible.
    """
    if isinstance(gold, SingleTime):
        exact = any(_states_day(answer, point) for point in gold.alternatives)
        region = answer.region()
        compatible = any(point.region().contains(region) for point in gold.alternatives)
    else:
        exact = compatible = False
        for begin, end in answer.readings():
            exact = exact or (
                gold.begin.is_stated_by(begin, Side.BEGIN) and gold.end.is_stated_by(end, Side.END)
            )
            compatible = compatible or (
                _allows(gold.begin, begin) and _allows(gold.end, end)
            )
    return Outcome(found=True, dated=True, exact=exact, compatible=exact or compatible)


def _states_day(answer: Answer, point: GoldPoint) -> bool:
    """Return whether an answer states a single-day gold point."""
    days = answer.days
    if point.form == PointForm.BEFORE:
        return answer.relation == Relation.BEFORE and days.first == point.first
    if point.form == PointForm.AFTER:
        return answer.relation == Relation.AFTER and days.last == point.first
    if answer.relation not in _ON_LIKE:
        return False
    if point.form == PointForm.ON:
        return days.first == days.last == point.first
    return point.form == PointForm.BOUNDED and point.first <= days.first and days.last <= point.last


def _allows(point: GoldPoint, statement: Statement) -> bool:
    """Return whether a gold point allows every day a statement allows (open: no check)."""
    region = statement.region()
    return region is None or point.region().contains(region)


def match(event: GoldEvent, predicted: Iterable[PredictedEvent]) -> PredictedEvent | None:
    """The returned event that answers for a gold event: one whose trigger overlaps it before
    one whose mention does, then a dated one, then the earliest."""
    hits = [p for p in predicted if p.overlaps(event.start, event.end)]
    return min(
        hits,
        key=lambda p: (
            not p.trigger.overlaps(event.start, event.end), p.answer is None, p.trigger.start
        ),
        default=None,
    )


@dataclass(frozen=True, slots=True)
class EventResult:
    """One gold event's outcome for the service and the two baselines."""

    document: str
    event: GoldEvent
    matched: PredictedEvent | None
    service: Outcome
    on_document_date: Outcome
    before_document_date: Outcome
    context: str  # the text around the gold event, the trigger marked [ ]


def score_document(
    document: GoldDocument, predicted: Sequence[PredictedEvent]
) -> tuple[EventResult, ...]:
    """Score every gold event of a document against the events returned for it.

    Args:
        document: The gold document.
        predicted: The events returned for it (empty when there is no answer).

    Returns:
        One result per gold event, in corpus order.
    """
    day = _ordinal(document.document_date)
    on_date = Answer(Relation.ON, DaySpan(day, day))
    before_date = Answer(Relation.BEFORE, DaySpan(day, day))
    results: list[EventResult] = []
    for event in document.events:
        matched = match(event, predicted)
        if matched is None:
            outcome = Outcome()
        elif matched.answer is None:
            outcome = Outcome(found=True)
        else:
            outcome = judge(matched.answer, event.time)
        results.append(EventResult(
            document=document.id,
            event=event,
            matched=matched,
            service=outcome,
            on_document_date=judge(on_date, event.time),
            before_document_date=judge(before_date, event.time),
            context=context_of(document.text, event.start, event.end),
        ))
    return tuple(results)


# Where a sentence ends, for the context of an error line: end punctuation (closing quotes
# and brackets kept) before white space, or a blank line.
_SENTENCE_END: Final = re.compile(r"[.!?][\"')\]]*(?=\s)|\n[ \t]*\n")
_SPACES: Final = re.compile(r"\s+")


def context_of(text: str, start: int, end: int, width: int = _CONTEXT_WIDTH) -> str:
    """The sentence around [start, end) on one line, the span marked ``[ ]``, cut to about
    ``width`` characters around the span."""
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    stop = after.end() if after else len(text)
    left = _SPACES.sub(" ", text[begin:start]).lstrip()
    span = _SPACES.sub(" ", text[start:end])
    right = _SPACES.sub(" ", text[end:stop]).rstrip()
    room = max(width - len(span) - 2, 0)
    if len(left) + len(right) > room:
        keep_left = min(len(left), max(room // 2, room - len(right)))
        keep_right = room - keep_left
        if keep_left < len(left):
            left = "…" + left[len(left) - keep_left + 1 :]
        if keep_right < len(right):
            right = right[: max(keep_right - 1, 0)] + "…"
    return f"{left}[{span}]{right}"


# --- counts and table -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Counts:
    """Gold events and how many were found, dated, exact and compatible; they add up."""

    n: int = 0
    found: int = 0
    dated: int = 0
    exact: int = 0
    compatible: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in _COUNT_FIELDS))

    @classmethod
    def of(cls, outcome: Outcome) -> Counts:
        """Count one gold event."""
        return cls(
            1, int(outcome.found), int(outcome.dated), int(outcome.exact), int(outcome.compatible)
        )

    def percent(self, count: int) -> float:
        """A count as a percentage of the gold events (0 when there are none)."""
        return 100 * count / self.n if self.n else 0.0


_COUNT_FIELDS: Final = fields(Counts)


@dataclass(frozen=True, slots=True)
class RowScore:
    """One row of the table: the service and the two baselines."""

    row: Row
    service: Counts
    on_document_date: Counts
    before_document_date: Counts

    @property
    def exact_gain(self) -> float:
        """Exact, service minus the every-event-on-the-document-date baseline (points)."""
        return self.service.percent(self.service.exact) - self.on_document_date.percent(
            self.on_document_date.exact
        )


def tabulate(results: Iterable[EventResult]) -> tuple[RowScore, ...]:
    """Sum the results into the rows of the table, in `Row` order."""
    done = list(results)
    scores: list[RowScore] = []
    for row in Row:
        members = [r for r in done if row in r.event.rows]
        scores.append(RowScore(
            row=row,
            service=sum((Counts.of(r.service) for r in members), Counts()),
            on_document_date=sum((Counts.of(r.on_document_date) for r in members), Counts()),
            before_document_date=sum(
                (Counts.of(r.before_document_date) for r in members), Counts()
            ),
        ))
    return tuple(scores)


class AnswerSource(StrEnum):
    """Where the scored answers came from."""

    LIBRARY = "library"  # run now, through service.library.extract
    FILE = "predictions file"


@dataclass(frozen=True, slots=True)
class EventtimeReport:
    """The result of an event-time evaluation."""

    path: str
    documents: int
    results: tuple[EventResult, ...]
    source: AnswerSource
    source_path: str | None = None  # the prediction file read or written, if any
    missing: tuple[str, ...] = ()  # documents without an answer (scored as empty)
    failures: tuple[tuple[str, str], ...] = ()  # (document, the library's exception)
    extra: int = 0  # answers for documents not in the corpus (ignored)
    seconds: float = 0.0  # running the library (0 for a prediction file)
    elapsed_seconds: float = 0.0
    errors_listed: bool = False
    include_inferred: bool = True

    @property
    def rows(self) -> tuple[RowScore, ...]:
        """The table."""
        return tabulate(self.results)

    @property
    def misses(self) -> tuple[EventResult, ...]:
        """The gold events the service did not date exactly, in corpus order."""
        return tuple(r for r in self.results if not r.service.exact)


def score_answers(
    documents: Sequence[GoldDocument],
    answers: Mapping[str, Sequence[PredictedEvent]],
) -> tuple[tuple[EventResult, ...], tuple[str, ...]]:
    """Score every gold document against the answers by document id.

    Returns:
        The results, and the ids of the documents without an answer (scored as empty).
    """
    results: list[EventResult] = []
    missing: list[str] = []
    for document in documents:
        if document.id not in answers:
            missing.append(document.id)
        results.extend(score_document(document, answers.get(document.id, ())))
    return tuple(results), tuple(missing)


def evaluate_eventtime(
    path: str | Path,
    respond: Responder,
    *,
    errors: bool = False,
    predictions: str | Path | None = None,
    include_inferred: bool = True,
) -> EventtimeReport:
    """Run every corpus document through the library and score its event times.

    Args:
        path: The corpus: a .jsonl file or a folder holding one.
        respond: The library, (text, document date) -> the API's answer.
        errors: Whether to list every gold event not dated exactly.
        predictions: A file to write the answers to, one ``{"id", "response"}`` line per
            document (the reference scorer's input).
        include_inferred: The request option the responder was made with (for the report).

    Returns:
        The report; a document on which the library raises is listed and scored as empty.

    Raises:
        EventtimeFormatError: A corpus line cannot be read.
        OSError: The corpus cannot be read or the prediction file written.
    """
    started = time.perf_counter()
    documents = read_corpus(path)
    answers: dict[str, tuple[PredictedEvent, ...]] = {}
    failures: list[tuple[str, str]] = []
    seconds = 0.0
    with contextlib.ExitStack() as stack:
        out = (
            stack.enter_context(Path(predictions).open("w", encoding="utf-8"))
            if predictions is not None
            else None
        )
        for document in documents:
            began = time.perf_counter()
            try:
                response = respond(document.text, document.document_date)
            except Exception as exc:  # one failing document must not hide the others' scores
                failures.append((document.id, f"{type(exc).__name__}: {exc}"))
                continue
            finally:
                seconds += time.perf_counter() - began
            record = prediction_record(document.id, response)
            answers[document.id] = events_of_response(record["response"])
            if out is not None:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    results, missing = score_answers(documents, answers)
    failed = {name for name, _ in failures}
    return EventtimeReport(
        path=str(path),
        documents=len(documents),
        results=results,
        source=AnswerSource.LIBRARY,
        source_path=str(predictions) if predictions is not None else None,
        missing=tuple(m for m in missing if m not in failed),
        failures=tuple(failures),
        seconds=seconds,
        elapsed_seconds=time.perf_counter() - started,
        errors_listed=errors,
        include_inferred=include_inferred,
    )


def score_prediction_file(
    path: str | Path, predictions: str | Path, *, errors: bool = False
) -> EventtimeReport:
    """Score an existing prediction file (as written by ``--predictions``) without running the
    library.

    Args:
        path: The corpus: a .jsonl file or a folder holding one.
        predictions: The prediction file.
        errors: Whether to list every gold event not dated exactly.

    Returns:
        The report.

    Raises:
        EventtimeFormatError: A corpus or prediction line cannot be read.
        OSError: A file cannot be read.
    """
    started = time.perf_counter()
    documents = read_corpus(path)
    answers = read_predictions(predictions)
    results, missing = score_answers(documents, answers)
    known = {d.id for d in documents}
    return EventtimeReport(
        path=str(path),
        documents=len(documents),
        results=results,
        source=AnswerSource.FILE,
        source_path=str(predictions),
        missing=missing,
        extra=sum(key not in known for key in answers),
        elapsed_seconds=time.perf_counter() - started,
        errors_listed=errors,
    )


# --- output -----------------------------------------------------------------------------------


def format_eventtime_report(report: EventtimeReport) -> str:
    """Render a report as a plain-text table (counts and percentages), then any errors.

    Args:
        report: The report.

    Returns:
        The text, ending with a newline.
    """
    rows = report.rows
    total = rows[0].service.n
    source = report.source.value + (f" {report.source_path}" if report.source_path else "")
    lines = [
        f"TimeBank-EventTime event times: {report.path}",
        f"documents: {report.documents:,}, gold events: {total:,} (n/a left out); "
        f"answers: {source}" + ("" if report.include_inferred else " (include_inferred=false)"),
        "",
        f"{'':<15}{'n':>6} |{'found':>13}{'dated':>13}{'exact':>13}{'compatible':>13} |"
        f"{'on-date exact':>16}{'compat':>13} |{'before exact':>15}{'compat':>13} |"
        f"{'exact vs on-date':>17}",
    ]
    for score in rows:
        s, on, before = score.service, score.on_document_date, score.before_document_date
        if not s.n:
            continue
        lines.append(
            f"{score.row.value:<15}{s.n:>6} |"
            + "".join(_cell(s, c) for c in (s.found, s.dated, s.exact, s.compatible))
            + f" |   {_cell(on, on.exact)}{_cell(on, on.compatible)}"
            + f" |  {_cell(before, before.exact)}{_cell(before, before.compatible)}"
            + f" |{score.exact_gain:>+17.1f}"
        )
    lines += [
        "",
        "found: a returned trigger or mention overlaps the gold event; dated: its time gives "
        "days; exact: it states the gold time;",
        "compatible: every day it allows is allowed by the gold. Baselines: every event on "
        "the document date (on-date), every event before it.",
    ]
    if report.source == AnswerSource.LIBRARY:
        lines.append(
            f"time: library {report.seconds:.2f} s, elapsed {report.elapsed_seconds:.2f} s"
        )
    if report.missing:
        lines.append(f"warning: {len(report.missing):,} documents have no answer (scored as "
                     "empty): " + ", ".join(report.missing))
    if report.extra:
        lines.append(f"warning: {report.extra:,} answers are for documents not in the corpus "
                     "(ignored)")
    lines += [f"library failed: {name}: {error}" for name, error in report.failures]
    if report.errors_listed:
        lines += ["", f"not exact ({len(report.misses):,}):"]
        lines += [_miss_lines(r) for r in report.misses]
    return "\n".join(lines) + "\n"


def _cell(counts: Counts, count: int) -> str:
    return f"{count:>6,}{counts.percent(count):>6.1f}%"


def _answer_text(result: EventResult) -> str:
    matched = result.matched
    if matched is None:
        return "not found"
    shown = matched.when.describe() if matched.when is not None else ""
    if matched.answer is None:
        return "undated" + (f": {shown}" if shown else "")
    return shown + (" (compatible)" if result.service.compatible else "")


def _miss_lines(result: EventResult) -> str:
    event = result.event
    trigger = json.dumps(event.text, ensure_ascii=False)
    return (
        f"{result.document} {event.eid} {trigger}  gold {event.gold}  answer "
        f"{_answer_text(result)}\n    {result.context}"
    )


def eventtime_report_to_dict(report: EventtimeReport) -> dict[str, Any]:
    """Return a report as JSON-ready data (percentages rounded to 0.01).

    Args:
        report: The report.

    Returns:
        Plain dicts, lists, strings and numbers.
    """
    data: dict[str, Any] = {
        "path": report.path,
        "kind": "eventtime",
        "documents": report.documents,
        "answers": {"source": report.source.value, "path": report.source_path},
        "include_inferred": report.include_inferred,
        "rows": {score.row.value: _row_dict(score) for score in report.rows},
        "missing": list(report.missing),
        "extra": report.extra,
        "failures": [{"document": name, "error": error} for name, error in report.failures],
        "time": {
            "library_seconds": round(report.seconds, 3),
            "elapsed_seconds": round(report.elapsed_seconds, 3),
        },
    }
    if report.errors_listed:
        data["errors"] = [_miss_dict(r) for r in report.misses]
    return data


def eventtime_report_to_json(report: EventtimeReport) -> str:
    """Return a report as indented JSON (see `eventtime_report_to_dict`)."""
    return json.dumps(eventtime_report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def _counts_dict(counts: Counts, names: Sequence[str]) -> dict[str, float]:
    data: dict[str, float] = {}
    for name in names:
        count = int(getattr(counts, name))
        data[name] = count
        data[f"{name}_pct"] = round(counts.percent(count), 2)
    return data


_SERVICE_COUNTS: Final = tuple(f.name for f in _COUNT_FIELDS if f.name != "n")
_BASELINE_COUNTS: Final = ("exact", "compatible")


def _row_dict(score: RowScore) -> dict[str, Any]:
    return {
        "n": score.service.n,
        **_counts_dict(score.service, _SERVICE_COUNTS),
        "baseline_on_document_date": _counts_dict(score.on_document_date, _BASELINE_COUNTS),
        "baseline_before_document_date": _counts_dict(
            score.before_document_date, _BASELINE_COUNTS
        ),
        "exact_minus_on_document_date": round(score.exact_gain, 2),
    }


def _miss_dict(result: EventResult) -> dict[str, Any]:
    matched = result.matched
    when = matched.when if matched is not None else None
    return {
        "document": result.document,
        "eid": result.event.eid,
        "trigger": result.event.text,
        "gold": result.event.gold,
        "sentence": result.context,
        "found": result.service.found,
        "dated": result.service.dated,
        "compatible": result.service.compatible,
        "answer": None if when is None else {
            "label": when.label, "relation": when.relation, "value": when.value,
            "basis": when.basis,
        },
    }
