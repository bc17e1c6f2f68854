"""Translation between the pipeline's frozen types and the response schema, shared by the HTTP API
and the Python library."""

from __future__ import annotations

from collections.abc import Mapping

from schemas.timeline import (
    EventOut,
    IntervalOut,
    MentionOut,
    MetaOut,
    ParticipantOut,
    PointOut,
    RangeOut,
    ReportedByOut,
    SpanOut,
    TimeExpressionOut,
    TimelineOut,
    WarningOut,
    WhenOut,
)
from service.domain.types import (
    Basis,
    Event,
    Interval,
    Notice,
    Point,
    RelatedEvent,
    TimeExpression,
    Timeline,
    TimeRange,
    When,
)
from service.formats.human import human_date, human_point, human_range, human_span


def _interval(interval: Interval | None) -> IntervalOut | None:
    if interval is None:
        return None
    return IntervalOut(start=interval.start.isoformat(), end=interval.end.isoformat())


def _timex(t: TimeExpression) -> TimeExpressionOut:
    return TimeExpressionOut(
        id=t.id,
        text=t.text,
        start=t.start,
        end=t.end,
        type=t.type.value,
        value=t.value,
        mod=t.mod,
        granularity=t.granularity.label if t.granularity is not None else None,
        interval=_interval(t.interval),
        resolution=t.resolution.value,
        confidence=round(t.confidence, 3),
        label=human_date(
            t.value, t.granularity.label if t.granularity is not None else None,
            mod=t.mod, kind=t.type.value,
        ),
        range=_range(t.range),
    )


def _range(r: TimeRange | None) -> RangeOut | None:
    return None if r is None else RangeOut(start_id=r.start_id, end_id=r.end_id)


def _range_label(w: When, timexes: Mapping[str, TimeExpression]) -> str | None:
    """"2019–2022" for an event in, through, from or until a stated range ("between 2019 and
    2022", "from June 2024 to March 2025"); None before or after one, or without a range."""
    if w.range is None or w.relation.value in ("before", "after"):
        return None
    first, last = timexes.get(w.range.start_id), timexes.get(w.range.end_id)
    if first is None or last is None:
        return None
    return human_range(
        first.value, first.granularity.label if first.granularity is not None else None,
        last.value, last.granularity.label if last.granularity is not None else None,
    )


def _when(w: When | None, timexes: Mapping[str, TimeExpression]) -> WhenOut | None:
    if w is None:
        return None
    return WhenOut(
        expression_id=w.expression_id,
        value=w.value,
        granularity=w.granularity.label if w.granularity is not None else None,
        interval=_interval(w.interval),
        relation=w.relation.value,
        inferred=w.inferred,
        basis=basis_text(w.basis),
        label=_range_label(w, timexes) or human_span(w.begin, w.end) or human_date(
            w.value, w.granularity.label if w.granularity is not None else None, w.relation.value
        ),
        range=_range(w.range),
        begin=_point(w.begin),
        end=_point(w.end),
    )


def _point(p: Point | None) -> PointOut | None:
    if p is None:
        return None
    return PointOut(relation=p.relation.value, value=p.value, label=human_point(p))


def basis_text(basis: Basis | None) -> str | None:
    """The API's form of an inferred time's basis: "document_date", "previous_time" or
    "event:<id>"."""
    if basis is None:
        return None
    if isinstance(basis, RelatedEvent):
        return f"event:{basis.event}"
    return basis.value


def _event(e: Event, timexes: Mapping[str, TimeExpression]) -> EventOut:
    return EventOut(
        id=e.id,
        trigger=SpanOut(text=e.trigger.text, start=e.trigger.start, end=e.trigger.end),
        summary=e.summary,
        participants=[
            ParticipantOut(text=p.text, role=p.role.value, start=p.start, end=p.end)
            for p in e.participants
        ],
        sentence=SpanOut(text=e.sentence.text, start=e.sentence.start, end=e.sentence.end),
        when=_when(e.when, timexes),
        factuality=e.factuality.value,
        confidence=round(e.confidence, 3),
        mentions=[
            MentionOut(start=m.start, end=m.end, sentence_start=m.sentence_start)
            for m in e.mentions
        ],
        related=list(e.related),
        event_class=e.grammar.event_class.value,
        tense=e.grammar.tense.value,
        aspect=e.grammar.aspect.value,
        polarity=e.grammar.polarity.value,
        salience=e.salience.value,
        reported_by=None if e.reported_by is None else ReportedByOut(
            event_id=e.reported_by.event, verb=e.reported_by.verb, source=e.reported_by.source
        ),
    )


def _warning(n: Notice) -> WarningOut:
    return WarningOut(code=n.code, message=n.message, start=n.start, end=n.end)


def to_schema(timeline: Timeline, *, version: str, elapsed_ms: float) -> TimelineOut:
    """Build the response body for one timeline."""
    timexes = {t.id: t for t in timeline.time_expressions}
    return TimelineOut(
        document_date=timeline.document_date.isoformat() if timeline.document_date else None,
        document_date_source=timeline.document_date_source.value,
        language=timeline.language,
        time_expressions=[_timex(t) for t in timeline.time_expressions],
        events=[_event(e, timexes) for e in timeline.events],
        warnings=[_warning(w) for w in timeline.warnings],
        meta=MetaOut(version=version, elapsed_ms=round(elapsed_ms, 2)),
    )
