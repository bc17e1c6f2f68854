"""Caps on what one document may cost: past them the rest is left out, with a warning.

A pathological text ("5 days ago " two hundred thousand characters long) holds tens of thousands
of time expressions; the caps keep its answer, and the time and memory spent on it, bounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

from service.domain.types import Notice
from service.nlp.parse import MAX_SEGMENT_CHARS

T = TypeVar("T")

TRUNCATED: Final = "truncated"
SENTENCE_SPLIT: Final = "sentence_split"


@dataclass(frozen=True, slots=True)
class Caps:
    """The most time expressions and events one document returns, and the longest line
    handed to the parser in one piece (a longer one is cut, with a ``sentence_split``
    warning)."""

    max_time_expressions: int = 2_000
    max_events: int = 10_000
    max_sentence_chars: int = MAX_SEGMENT_CHARS


def cap(items: Sequence[T], limit: int, what: str) -> tuple[tuple[T, ...], tuple[Notice, ...]]:
    """The first ``limit`` items, and a ``truncated`` warning when some were left out.

    Args:
        items: in document order.
        limit: how many to keep.
        what: what they are, for the warning ("time expressions").

    Returns:
        The kept items and zero or one notice.
    """
    if len(items) <= limit:
        return tuple(items), ()
    return tuple(items[:limit]), (Notice(
        TRUNCATED,
        f"the text holds {len(items)} {what}; only the first {limit} are returned",
    ),)


def split_notices(split: Sequence[tuple[int, int]], limit: int) -> tuple[Notice, ...]:
    """One ``sentence_split`` warning per line cut inside a sentence before parsing.

    Args:
        split: ``(start, end)`` of each such line.
        limit: the longest piece handed to the parser, in characters.

    Returns:
        The warnings, in document order.
    """
    return tuple(Notice(
        SENTENCE_SPLIT,
        f"a line of {end - start} characters was cut inside a sentence into pieces of at "
        f"most {limit} before parsing; tenses and events across the cut may be missed",
        start, end,
    ) for start, end in split)


DEFAULT_CAPS: Final = Caps()
