"""What the two event corpora (``tests/corpus/en/events`` and ``tests/corpus/en/articles``)
share: YAML values read back as text, the relation names, an event's basis under the corpus
names, and the events at a marked span."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator

from service.domain.types import Event, RelatedEvent, Timeline, When

RelationName = Literal["on", "before", "after", "since", "until", "during"]


def as_text(raw: object) -> object:
    """YAML reads ``2025-05-19`` as a date and ``2020`` as an int: turn both back into text."""
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return raw


Text = Annotated[str, BeforeValidator(as_text)]


def basis_name(when: When | None) -> str | None:
    """``explicit`` for a stated time, ``event`` for one taken from another event, else the
    inference's name (``document_date``, ``previous_time``, ``sentence_time``)."""
    if when is None:
        return None
    if not when.inferred:
        return "explicit"
    basis = when.basis
    if basis is None:
        return None
    return "event" if isinstance(basis, RelatedEvent) else basis.value


def overlaps(a: int, b: int, start: int, end: int) -> bool:
    """Whether [a, b) and [start, end) share a character."""
    return a < end and start < b


def at_mark(timeline: Timeline, start: int, end: int) -> list[Event]:
    """The events whose trigger or one of whose mentions overlaps [start, end)."""
    return [
        e for e in timeline.events
        if overlaps(e.trigger.start, e.trigger.end, start, end)
        or any(overlaps(m.start, m.end, start, end) for m in e.mentions)
    ]
