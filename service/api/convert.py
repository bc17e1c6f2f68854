"""Translation between the pipeline's frozen types and the API schema."""

from __future__ import annotations

from schemas.timeline import (
    EventOut,
    IntervalOut,
    MentionOut,
    MetaOut,
    ParticipantOut,
    SpanOut,
    TimeExpressionOut,
    TimelineOut,
    WarningOut,
    WhenOut,
)
from service.formats.human import human_date
from service.pipeline.types import Event, Interval, Notice, TimeExpression, Timeline, When


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
    )


def _when(w: When | None) -> WhenOut | None:
    if w is None:
        return None
    return WhenOut(
        expression_id=w.expression_id,
        value=w.value,
        granularity=w.granularity.label if w.granularity is not None else None,
        interval=_interval(w.interval),
        relation=w.relation.value,
        inferred=w.inferred,
        basis=w.basis,
        label=human_date(
            w.value, w.granularity.label if w.granularity is not None else None, w.relation.value
        ),
    )


def _event(e: Event) -> EventOut:
    return EventOut(
        id=e.id,
        trigger=SpanOut(text=e.trigger.text, start=e.trigger.start, end=e.trigger.end),
        summary=e.summary,
        participants=[
            ParticipantOut(text=p.text, role=p.role, start=p.start, end=p.end)
            for p in e.participants
        ],
        sentence=SpanOut(text=e.sentence.text, start=e.sentence.start, end=e.sentence.end),
        when=_when(e.when),
        factuality=e.factuality.value,
        confidence=round(e.confidence, 3),
        mentions=[
            MentionOut(start=m.start, end=m.end, sentence_start=m.sentence_start)
            for m in e.mentions
        ],
        related=list(e.related),
    )


def _warning(n: Notice) -> WarningOut:
    return WarningOut(code=n.code, message=n.message, start=n.start, end=n.end)


def to_schema(timeline: Timeline, *, version: str, elapsed_ms: float) -> TimelineOut:
    """Build the response body for one timeline."""
    return TimelineOut(
        document_date=timeline.document_date.isoformat() if timeline.document_date else None,
        document_date_source=timeline.document_date_source.value,
        language=timeline.language,
        time_expressions=[_timex(t) for t in timeline.time_expressions],
        events=[_event(e) for e in timeline.events],
        warnings=[_warning(w) for w in timeline.warnings],
        meta=MetaOut(version=version, elapsed_ms=round(elapsed_ms, 2)),
    )
