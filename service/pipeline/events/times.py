"""The times the event stage hands from step to step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from service.domain.types import EventRef, TimeExpression, When


@dataclass(frozen=True, slots=True)
class Dated:
    """A time for an event and how sure we are of it."""

    when: When
    confidence: float


@dataclass(frozen=True, slots=True)
class SentenceTime:
    """A time stated in a sentence, for the events of the sentence it does not modify.

    Attributes:
        position: the expression's root token (index in the paragraph's Doc).
        dated: its time, as it dates the event it modifies.
        governor: that event, if the parse names one.
    """

    position: int
    dated: Dated
    governor: EventRef | None


@dataclass(frozen=True, slots=True)
class Anchors:
    """The explicit times, by event, every stated time, by sentence index, and the lengths
    the text gives events ("for 31 years"), by event."""

    explicit: Mapping[EventRef, Dated]
    by_sentence: Mapping[int, tuple[SentenceTime, ...]]
    lengths: Mapping[EventRef, TimeExpression] = field(
        default_factory=lambda: MappingProxyType({})
    )
