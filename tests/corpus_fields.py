"""What the two event corpora (``tests/corpus/en/events`` and ``tests/corpus/en/articles``)
share: the relation names, an event's basis under the corpus names, and the events at a marked
span (YAML values read back as text and overlapping spans come from ``service.eval.marked``,
which the main-event corpus shares)."""

from __future__ import annotations

from typing import Literal

from service.domain.types import RelatedEvent, When
from service.eval.marked import Text, as_text, at_mark, overlaps

__all__ = ["RelationName", "Text", "as_text", "at_mark", "basis_name", "overlaps"]

RelationName = Literal["on", "before", "after", "since", "until", "during"]


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

