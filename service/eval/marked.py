"""Hand-written corpora that mark words in a text: ``[...]`` marks, YAML values read back as
text, and spans that overlap. Shared by the main-event corpus (``timeline eval``) and the
article and event corpora of the tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Final

from pydantic import BeforeValidator

from service.domain.types import Event, Span, Timeline

MARK: Final = re.compile(r"\[([^\[\]]+)\]")


def as_text(raw: object) -> object:
    """YAML reads ``2025-05-19`` as a date and ``2020`` as an int: turn both back into text."""
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return raw


Text = Annotated[str, BeforeValidator(as_text)]


def overlaps(a: int, b: int, start: int, end: int) -> bool:
    """Whether [a, b) and [start, end) share a character."""
    return a < end and start < b


def is_at(event: Event, start: int, end: int) -> bool:
    """Whether the event's trigger or one of its mentions overlaps [start, end)."""
    return overlaps(event.trigger.start, event.trigger.end, start, end) or any(
        overlaps(m.start, m.end, start, end) for m in event.mentions
    )


def at_mark(timeline: Timeline, start: int, end: int) -> list[Event]:
    """The events whose trigger or one of whose mentions overlaps [start, end)."""
    return [e for e in timeline.events if is_at(e, start, end)]


@dataclass(frozen=True, slots=True)
class Marked:
    """A text without its ``[...]`` marks, and the marks as spans of that text."""

    text: str
    marks: tuple[Span, ...]


def unmark(marked: str) -> Marked:
    """Remove every ``[...]`` marker; the spans are offsets into the text without them.

    Raises:
        ValueError: a marker is unbalanced or nested.
    """
    parts: list[str] = []
    spans: list[Span] = []
    length = 0
    last = 0
    for match in MARK.finditer(marked):
        before = marked[last : match.start()]
        parts.append(before)
        length += len(before)
        word = match.group(1)
        spans.append(Span(length, length + len(word), word))
        parts.append(word)
        length += len(word)
        last = match.end()
    parts.append(marked[last:])
    text = "".join(parts)
    if "[" in text or "]" in text:
        raise ValueError(f"unbalanced or nested [...] marker in {marked!r}")
    return Marked(text, tuple(spans))
