"""Stage: order events into a timeline and give every event its id.

Chronological by the start of the event's interval, then the shorter (finer) interval first,
then document order. An event ``before`` a time sorts just before that time's events, one
``after`` it just after them; an event placed before or after another event (a
:class:`RelatedEvent` basis) sorts right next to that event. An event with no time (or no
interval) keeps its place in
the story: right after the dated event before it in the text (before the first dated one if
it opens the text; in document order if nothing is dated).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Final

from service.domain.types import Event, EventRef, RelatedEvent, Relation, When

_LATEST: Final = datetime.max.replace(tzinfo=UTC)
# Phases within one instant: events before it, events at it, events right after an event.
_BEFORE: Final = 0.0
_AT: Final = 1.0
_NUDGE: Final = 0.25
_OUTSIDE: Final = 2 * _NUDGE + 0.1  # beyond any nudged phase

Key = tuple[int, datetime, float, timedelta, int]


def _instant(when: When) -> Key | None:
    interval = when.interval
    if interval is None:
        return None
    length = interval.end - interval.start
    if when.relation == Relation.BEFORE:
        return (0, interval.start, _BEFORE, length, 0)
    if when.relation == Relation.AFTER:
        return (0, interval.end, _BEFORE, length, 0)
    return (0, interval.start, _AT, length, 0)


def _keys(events: Sequence[Event]) -> dict[EventRef, Key]:
    by_id = {e.id: e for e in events}
    keys: dict[EventRef, Key] = {}

    def key_of(event: Event, depth: int) -> Key:
        if event.id in keys:
            return keys[event.id]
        when = event.when
        order = event.trigger.start
        found: Key = (1, _LATEST, _AT, timedelta(0), order)
        if when is not None:
            basis = when.basis
            target = by_id.get(basis.event) if isinstance(basis, RelatedEvent) else None
            if target is not None and depth < 8 and when.relation in (
                Relation.BEFORE, Relation.AFTER
            ):
                # right next to the event it is relative to
                t = key_of(target, depth + 1)
                nudge = -_NUDGE if when.relation == Relation.BEFORE else _NUDGE
                found = (t[0], t[1], t[2] + nudge, t[3], order)
            else:
                instant = _instant(when)
                if instant is not None:
                    found = (*instant[:4], order)
        keys[event.id] = found
        return found

    for event in events:
        key_of(event, 0)
    return _place_undated(events, keys)


def _place_undated(events: Sequence[Event], keys: dict[EventRef, Key]) -> dict[EventRef, Key]:
    in_text = sorted(events, key=lambda e: e.trigger.start)
    dated = [e for e in in_text if keys[e.id][0] == 0]
    if not dated:
        return keys
    placed = dict(keys)
    previous: Key | None = None
    for event in in_text:
        key = keys[event.id]
        if key[0] == 0:
            previous = key
            continue
        order = event.trigger.start
        # outside the phases of dated events, so that nothing comes between an event and the
        # one it is placed right before or after
        if previous is None:
            first = keys[dated[0].id]
            placed[event.id] = (0, first[1], min(first[2], _BEFORE) - _OUTSIDE, first[3], order)
        else:
            phase = max(previous[2], _AT) + _OUTSIDE
            placed[event.id] = (0, previous[1], phase, previous[3], order)
    return placed


def _renamed(event: Event, ids: Mapping[EventRef, EventRef]) -> Event:
    when = event.when
    if when is not None and isinstance(when.basis, RelatedEvent):
        target = ids.get(when.basis.event)
        when = replace(when, basis=RelatedEvent(target) if target else None)
    return replace(
        event,
        id=ids[event.id],
        when=when,
        related=tuple(ids[r] for r in event.related if r in ids),
    )


def order_timeline(events: Sequence[Event]) -> tuple[Event, ...]:
    """Order events chronologically and number them e1, e2, ... in that order.

    References between events (a :class:`RelatedEvent` basis and ``related``) are renumbered
    with them; references to events that are not in ``events`` are dropped.

    Args:
        events: the dated events, in any order.

    Returns:
        The timeline.
    """
    keys = _keys(events)
    ordered = sorted(events, key=lambda e: keys[e.id])
    ids = {e.id: EventRef(f"e{i + 1}") for i, e in enumerate(ordered)}
    return tuple(_renamed(e, ids) for e in ordered)
