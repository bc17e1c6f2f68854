"""Stage: order events into a timeline and give every event its id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from service.pipeline.types import Event, Relation

_EPSILON = timedelta(microseconds=1)


def _key(event: Event) -> tuple[int, datetime, timedelta, int]:
    when = event.when
    if when is None or when.interval is None:
        return (1, datetime.max.replace(tzinfo=None), timedelta(0), event.trigger.start)
    start = when.interval.start.replace(tzinfo=None) - (
        when.interval.start.utcoffset() or timedelta(0)
    )
    length = when.interval.end - when.interval.start
    if when.relation == Relation.BEFORE:
        start -= _EPSILON  # just before what it is relative to
    elif when.relation == Relation.AFTER:
        start = start + length
        length = timedelta(0)
    return (0, start, length, event.trigger.start)


def order_timeline(events: Sequence[Event]) -> tuple[Event, ...]:
    """Chronological order: interval start, then the shorter interval, then document order.

    An event ``before`` a time sorts just before it, one ``after`` it just after its end;
    events with no time come last, in document order.
    """
    ordered = sorted(events, key=_key)
    return tuple(replace(e, id=f"e{i + 1}") for i, e in enumerate(ordered))
