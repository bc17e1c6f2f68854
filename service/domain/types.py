"""Frozen types shared by every pipeline stage.

Stages are pure functions over these values; nothing here is mutated after construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import NewType
from zoneinfo import ZoneInfo


class Grain(IntEnum):
    """Granularity of a resolved time; a larger value is coarser."""

    SECOND = 1
    MINUTE = 2
    HOUR = 3
    PART_OF_DAY = 4
    DAY = 5
    WEEK = 6
    MONTH = 7
    SEASON = 8
    QUARTER = 9
    HALF = 10
    YEAR = 11
    DECADE = 12
    CENTURY = 13

    @property
    def label(self) -> str:
        """The name the API uses for this grain."""
        return _GRAIN_LABELS[self]


_GRAIN_LABELS = {
    Grain.SECOND: "second",
    Grain.MINUTE: "minute",
    Grain.HOUR: "hour",
    Grain.PART_OF_DAY: "part_of_day",
    Grain.DAY: "day",
    Grain.WEEK: "week",
    Grain.MONTH: "month",
    Grain.SEASON: "season",
    Grain.QUARTER: "quarter",
    Grain.HALF: "half",
    Grain.YEAR: "year",
    Grain.DECADE: "decade",
    Grain.CENTURY: "century",
}


class TimexType(StrEnum):
    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class Resolution(StrEnum):
    ABSOLUTE = "absolute"
    DOCUMENT_DATE = "document_date"
    PREVIOUS_TIME = "previous_time"
    UNRESOLVED = "unresolved"


class Tense(StrEnum):
    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"
    UNKNOWN = "unknown"


class Relation(StrEnum):
    ON = "on"
    BEFORE = "before"
    AFTER = "after"
    SINCE = "since"
    UNTIL = "until"
    DURING = "during"


class Factuality(StrEnum):
    ASSERTED = "asserted"
    REPORTED = "reported"
    PLANNED = "planned"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


class DateSource(StrEnum):
    REQUEST = "request"
    TEXT = "text"
    NONE = "none"


class Prefer(StrEnum):
    """Which way an expression without a stated direction points ("Friday", "in March"):
    by the tense of its verb (the default), or always to the past or the future."""

    TENSE = "tense"
    PAST = "past"
    FUTURE = "future"


class DateOrder(StrEnum):
    """How a numeric date ("03/04/2025") is read: month first, day first, year first, or
    from the text (a day-first date such as "25/12/2025" in the same text decides)."""

    MDY = "MDY"
    DMY = "DMY"
    YMD = "YMD"
    AUTO = "auto"


@dataclass(frozen=True, slots=True)
class DocContext:
    """What every stage may read about the request."""

    document_date: date | None
    document_date_source: DateSource
    timezone: ZoneInfo
    language: str = "en"
    include_inferred: bool = True
    prefer: Prefer = Prefer.TENSE
    date_order: DateOrder = DateOrder.MDY


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Interval:
    """Half-open [start, end) in the request time zone."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class TimeRange:
    """Two time expressions that bound one span of time: "from May 2012 to October 2014"."""

    start_id: str
    end_id: str


@dataclass(frozen=True, slots=True)
class TimeExpression:
    id: str
    start: int
    end: int
    text: str
    type: TimexType
    value: str
    mod: str | None
    granularity: Grain | None
    interval: Interval | None
    resolution: Resolution
    confidence: float
    rule: str
    range: TimeRange | None = None  # set on both ends of a range


class Role(StrEnum):
    """What a participant does in an event."""

    AGENT = "agent"
    PATIENT = "patient"
    RECIPIENT = "recipient"
    LOCATION = "location"


@dataclass(frozen=True, slots=True)
class Participant:
    text: str
    role: Role
    start: int
    end: int


EventRef = NewType("EventRef", str)
"""An event's identity: internal ("x12") inside the event stage, "e1", "e2" ... once the
timeline is ordered."""


class Inference(StrEnum):
    """Where an inferred time comes from, when it is not another event."""

    DOCUMENT_DATE = "document_date"  # said, is, has done: the day the article was written
    PREVIOUS_TIME = "previous_time"  # the narrative time carried over from earlier sentences
    SENTENCE_TIME = "sentence_time"  # the time that scopes the event's sentence or clause
    NEWS_DAY = "news_day"  # the day the article's lead gives its news ("yesterday, ... unveiled")


class EventClass(StrEnum):
    """The TimeML class of an event."""

    OCCURRENCE = "OCCURRENCE"
    REPORTING = "REPORTING"
    STATE = "STATE"
    I_ACTION = "I_ACTION"
    I_STATE = "I_STATE"
    ASPECTUAL = "ASPECTUAL"
    PERCEPTION = "PERCEPTION"


class EventTense(StrEnum):
    """The grammatical tense of an event word (TimeML's, without the non-finite forms)."""

    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"
    NONE = "none"


class Aspect(StrEnum):
    NONE = "none"
    PROGRESSIVE = "progressive"
    PERFECTIVE = "perfective"
    PERFECTIVE_PROGRESSIVE = "perfective_progressive"


class Polarity(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class EventsMode(StrEnum):
    """Which events a request wants: all, the main ones, or none (time expressions only)."""

    ALL = "all"
    MAIN = "main"
    NONE = "none"


class Salience(StrEnum):
    """Whether an event is one of the article's own news (``main``) or background and
    attribution."""

    MAIN = "main"
    BACKGROUND = "background"


@dataclass(frozen=True, slots=True)
class RelatedEvent:
    """An inferred time taken from another event ("before the call")."""

    event: EventRef


Basis = Inference | RelatedEvent


class PointRelation(StrEnum):
    """Where one end of a multi-day event lies against a time: on it (some day in it), before
    it, after it, or nowhere the article says (open)."""

    ON = "on"
    BEFORE = "before"
    AFTER = "after"
    OPEN = "open"


@dataclass(frozen=True, slots=True)
class Point:
    """One end of an event that lasts (a state, a process): "began before 20 May 2025",
    "ends after it", "began in 1990". ``value`` is a TIMEX3 date value (None when open)."""

    relation: PointRelation
    value: str | None = None
    granularity: Grain | None = None


@dataclass(frozen=True, slots=True)
class When:
    """An event's time. ``relation``/``value``/``interval`` say where the event lies (for a
    multi-day event: a time at which it holds, or that its span is ``since``/``until``);
    ``begin`` and ``end``, when set, are the two ends of an event that lasts."""

    expression_id: str | None
    value: str | None
    granularity: Grain | None
    interval: Interval | None
    relation: Relation
    inferred: bool
    basis: Basis | None = None
    range: TimeRange | None = None  # the range the dating expression is one end of
    begin: Point | None = None
    end: Point | None = None

    @property
    def spans(self) -> bool:
        """Whether it is the time of an event that lasts (begin and end are stated)."""
        return self.begin is not None and self.end is not None


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    sentence_start: int


@dataclass(frozen=True, slots=True)
class ReportedBy:
    """The reporting event that states another event ("said", "according to")."""

    event: EventRef
    verb: str
    source: str | None  # who reported it, when the parse names them


@dataclass(frozen=True, slots=True)
class Grammar:
    """What the event word's form says: TimeML class, tense, aspect, polarity."""

    event_class: EventClass = EventClass.OCCURRENCE
    tense: EventTense = EventTense.NONE
    aspect: Aspect = Aspect.NONE
    polarity: Polarity = Polarity.POSITIVE


@dataclass(frozen=True, slots=True)
class Event:
    id: EventRef
    trigger: Span
    summary: str
    participants: tuple[Participant, ...]
    sentence: Span
    when: When | None
    factuality: Factuality
    confidence: float
    mentions: tuple[Mention, ...] = ()
    related: tuple[EventRef, ...] = ()
    grammar: Grammar = field(default_factory=Grammar)
    salience: Salience = Salience.MAIN
    reported_by: ReportedBy | None = None

    @property
    def event_class(self) -> EventClass:
        """The TimeML class (from :attr:`grammar`)."""
        return self.grammar.event_class


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning returned to the caller (e.g. a weekday that contradicts its date)."""

    code: str
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    document_date: date | None
    document_date_source: DateSource
    language: str
    time_expressions: tuple[TimeExpression, ...]
    events: tuple[Event, ...]
    warnings: tuple[Notice, ...] = field(default=())
