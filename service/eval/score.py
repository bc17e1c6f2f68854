"""TempEval-3 Task A scoring of time expressions, and event anchoring, as pure functions.

Time expressions (TempEval-3, SemEval-2013 Task 1, Task A): gold and system extents are aligned
one-to-one where they overlap; a relaxed match is an aligned pair, a strict match an aligned pair
with identical extent; precision and recall are micro-averaged (counts are summed over documents
before dividing); an attribute's F1 is the relaxed F1 times the share of aligned pairs whose
attribute is exactly equal. The DCT is not counted (the reader keeps it out of the gold).

Event anchoring: the gold items are the distinct (EVENT, value) pairs of TLINKs between an event
instance and a DATE TIMEX3 of the text with an inclusion-like relType (`ANCHOR_REL_TYPES`).

Event extent (TempEval-3 Task B): every trigger and every mention of a returned event is a
system event instance (an extent given twice counts once); gold EVENTs and instances are
aligned one-to-one where they overlap, as time expressions are; class accuracy is the share of
aligned pairs whose returned event has a TimeML class that equals the gold one, counted over the
pairs whose event has a class at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Final, Protocol

from service.formats.timeml import GoldEvent, TimeMLDocument
from service.locale.grammar import load_grammar

if TYPE_CHECKING:
    from service.domain.types import Timeline

Runner = Callable[[str, "date | None"], "Timeline"]
"""The pipeline as the evaluation calls it: (text, document date) -> Timeline."""

ANCHOR_REL_TYPES: Final = frozenset(
    {
        "IS_INCLUDED",
        "DURING",
        "SIMULTANEOUS",
        "BEGINS",
        "ENDS",
        "BEGUN_BY",
        "ENDED_BY",
        "INCLUDES",
    }
)
ANCHOR_TIMEX_TYPE: Final = "DATE"


# --- what the scorer reads from gold and system items ---------------------------------------


class Extent(Protocol):
    """Anything with character offsets into the document text."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class TimexLike(Extent, Protocol):
    """A time expression: a gold `GoldTimex` or a pipeline `TimeExpression`."""

    @property
    def text(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def value(self) -> str: ...


class SpanLike(Extent, Protocol):
    """An event trigger."""

    @property
    def text(self) -> str: ...


class WhenLike(Protocol):
    """The time an event is anchored to."""

    @property
    def value(self) -> str | None: ...


class EventLike(Protocol):
    """A pipeline `Event`: a trigger and, maybe, a time."""

    @property
    def trigger(self) -> SpanLike: ...

    @property
    def when(self) -> WhenLike | None: ...


class MentionedEventLike(EventLike, Protocol):
    """A pipeline `Event` with the extents of all its mentions (the trigger's among them)."""

    @property
    def mentions(self) -> Sequence[Extent]: ...


# --- precision, recall, F1 --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1, each a fraction in [0, 1]."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, system_correct: int, system: int, gold_found: int, gold: int) -> PRF:
        """Compute P = system_correct / system and R = gold_found / gold (0 when empty)."""
        precision = system_correct / system if system else 0.0
        recall = gold_found / gold if gold else 0.0
        return cls(precision, recall, _f1(precision, recall))

    def scaled(self, factor: float) -> PRF:
        """Multiply P, R and F1 by the same factor (an attribute's accuracy)."""
        return PRF(self.precision * factor, self.recall * factor, self.f1 * factor)


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


@dataclass(frozen=True, slots=True)
class TimexCounts:
    """Time-expression counts; they add up over documents (micro-averaging)."""

    gold: int = 0
    system: int = 0
    relaxed: int = 0  # aligned pairs
    strict: int = 0  # aligned pairs with identical extent
    type: int = 0  # aligned pairs with the same type
    value: int = 0  # aligned pairs with the same value

    def __add__(self, other: TimexCounts) -> TimexCounts:
        return TimexCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in _TC_FIELDS))


_TC_FIELDS: Final = fields(TimexCounts)


@dataclass(frozen=True, slots=True)
class TimexScores:
    """TempEval-3 Task A scores."""

    strict: PRF
    relaxed: PRF
    type: PRF
    value: PRF


def timex_scores(counts: TimexCounts) -> TimexScores:
    """Turn (summed) counts into strict and relaxed extent scores and type and value scores.

    Args:
        counts: Counts, usually summed over all documents.

    Returns:
        The scores; an attribute's P, R and F1 are the relaxed ones times its accuracy on the
        aligned pairs.
    """
    relaxed = PRF.of(counts.relaxed, counts.system, counts.relaxed, counts.gold)
    return TimexScores(
        strict=PRF.of(counts.strict, counts.system, counts.strict, counts.gold),
        relaxed=relaxed,
        type=relaxed.scaled(counts.type / counts.relaxed if counts.relaxed else 0.0),
        value=relaxed.scaled(counts.value / counts.relaxed if counts.relaxed else 0.0),
    )


@dataclass(frozen=True, slots=True)
class AnchorCounts:
    """Event-anchoring counts; they add up over documents."""

    gold: int = 0  # distinct (gold event, value) items
    found: int = 0  # gold items some returned event recovers
    system: int = 0  # returned events with a when.value
    correct: int = 0  # of those, the ones whose value is a gold anchor of an overlapped event

    def __add__(self, other: AnchorCounts) -> AnchorCounts:
        return AnchorCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in _AC_FIELDS))


_AC_FIELDS: Final = fields(AnchorCounts)


def anchor_scores(counts: AnchorCounts) -> PRF:
    """Turn (summed) anchoring counts into P, R and F1."""
    return PRF.of(counts.correct, counts.system, counts.found, counts.gold)


# --- alignment --------------------------------------------------------------------------------


def overlaps(a: Extent, b: Extent) -> bool:
    """Return whether two half-open extents share at least one character."""
    return max(a.start, b.start) < min(a.end, b.end)


def align(gold: Sequence[Extent], system: Sequence[Extent]) -> tuple[tuple[int, int], ...]:
    """Align gold and system extents one-to-one where they overlap.

    Among all one-to-one alignments of overlapping extents, the one chosen has the most pairs,
    then the most pairs with identical extents, then the most overlapping characters, so that
    neither relaxed nor strict matches are lost to the order of the items.

    Args:
        gold: Gold extents.
        system: System extents.

    Returns:
        (gold index, system index) pairs, sorted.
    """
    pairs: list[tuple[int, int]] = []
    for gold_ids, system_ids in _clusters(gold, system):
        if len(gold_ids) == 1 and len(system_ids) == 1:
            pairs.append((gold_ids[0], system_ids[0]))
            continue
        pairs.extend(_best_alignment(gold, system, gold_ids, system_ids))
    return tuple(sorted(pairs))


def _clusters(
    gold: Sequence[Extent], system: Sequence[Extent]
) -> Iterable[tuple[list[int], list[int]]]:
    """Yield groups of items that can only overlap within their group, each with both sides."""
    items = sorted(
        [(g.start, g.end, 0, i) for i, g in enumerate(gold) if g.start < g.end]
        + [(s.start, s.end, 1, i) for i, s in enumerate(system) if s.start < s.end]
    )
    group: tuple[list[int], list[int]] = ([], [])
    reach = -1
    for start, end, side, index in items:
        if start >= reach and (group[0] or group[1]):
            if group[0] and group[1]:
                yield group
            group = ([], [])
        group[side].append(index)
        reach = max(reach, end)
    if group[0] and group[1]:
        yield group


def _best_alignment(
    gold: Sequence[Extent],
    system: Sequence[Extent],
    gold_ids: Sequence[int],
    system_ids: Sequence[int],
) -> list[tuple[int, int]]:
    # Lexicographic (pairs, identical extents, overlapping characters) as one integer weight.
    chars = sum(gold[i].end - gold[i].start for i in gold_ids) + 1
    per_pair = (min(len(gold_ids), len(system_ids)) + 1) * chars
    weights = [
        [_pair_weight(gold[g], system[s], chars, per_pair) for s in system_ids] for g in gold_ids
    ]
    return [
        (gold_ids[r], system_ids[c]) for r, c in _max_weight_matching(weights) if weights[r][c] > 0
    ]


def _pair_weight(g: Extent, s: Extent, chars: int, per_pair: int) -> int:
    shared = min(g.end, s.end) - max(g.start, s.start)
    if shared <= 0:
        return 0
    identical = (g.start, g.end) == (s.start, s.end)
    return per_pair + chars * identical + shared


def _max_weight_matching(weights: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """Return the (row, column) assignment of greatest total weight (Hungarian algorithm)."""
    if len(weights) > len(weights[0]):
        transposed = [list(column) for column in zip(*weights, strict=True)]
        return [(r, c) for c, r in _max_weight_matching(transposed)]
    rows, cols = len(weights), len(weights[0])
    big = 2 * (rows + cols + 1) * (max(max(row) for row in weights) + 1) + 1
    # Shortest augmenting paths with potentials u (rows) and v (columns), 1-based, on cost = -w.
    u = [0] * (rows + 1)
    v = [0] * (cols + 1)
    owner = [0] * (cols + 1)  # owner[j]: the row assigned to column j (0: none)
    way = [0] * (cols + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        col = 0
        slack = [big] * (cols + 1)
        used = [False] * (cols + 1)
        while owner[col] != 0:
            used[col] = True
            current = owner[col]
            delta, nxt = big, 0
            for j in range(1, cols + 1):
                if used[j]:
                    continue
                reduced = -weights[current - 1][j - 1] - u[current] - v[j]
                if reduced < slack[j]:
                    slack[j], way[j] = reduced, col
                if slack[j] < delta:
                    delta, nxt = slack[j], j
            for j in range(cols + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    slack[j] -= delta
            col = nxt
        while col:
            prev = way[col]
            owner[col] = owner[prev]
            col = prev
    return [(owner[j] - 1, j - 1) for j in range(1, cols + 1) if owner[j]]


# --- time expressions -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimexResult:
    """One document's time-expression comparison."""

    counts: TimexCounts
    pairs: tuple[tuple[int, int], ...]  # (gold index, system index)
    misses: tuple[int, ...]  # gold indexes left unaligned
    false_alarms: tuple[int, ...]  # system indexes left unaligned


def score_timexes(gold: Sequence[TimexLike], system: Sequence[TimexLike]) -> TimexResult:
    """Compare one document's system time expressions with its gold ones (DCT excluded).

    Args:
        gold: Gold time expressions of the text.
        system: System time expressions, offsets into the same text.

    Returns:
        Counts for `timex_scores` and the alignment behind them.
    """
    pairs = align(gold, system)
    aligned_gold = {g for g, _ in pairs}
    aligned_system = {s for _, s in pairs}
    counts = TimexCounts(
        gold=len(gold),
        system=len(system),
        relaxed=len(pairs),
        strict=sum(_same_extent(gold[g], system[s]) for g, s in pairs),
        type=sum(_label(gold[g].type) == _label(system[s].type) for g, s in pairs),
        value=sum(gold[g].value == system[s].value for g, s in pairs),
    )
    return TimexResult(
        counts=counts,
        pairs=pairs,
        misses=tuple(i for i in range(len(gold)) if i not in aligned_gold),
        false_alarms=tuple(i for i in range(len(system)) if i not in aligned_system),
    )


def _same_extent(a: Extent, b: Extent) -> bool:
    return (a.start, a.end) == (b.start, b.end)


def _label(value: str) -> str:
    """Return an enum's value, or the string itself (str(StrEnumMember) is its qualified name)."""
    return str(value.value) if isinstance(value, Enum) else value


# --- event anchoring --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldAnchor:
    """A gold (EVENT, value) item: the event is anchored to a DATE of that value."""

    event: GoldEvent
    value: str
    timex_text: str  # the first linked TIMEX3's text, for error listings


def gold_anchors(doc: TimeMLDocument) -> tuple[GoldAnchor, ...]:
    """Collect the distinct (EVENT, value) anchoring items of a gold document.

    An item comes from a TLINK between an event instance and a DATE TIMEX3 of the text (never
    the DCT) whose relType is in `ANCHOR_REL_TYPES`, in either direction.

    Args:
        doc: The gold document.

    Returns:
        The items in order of the event's position, then value.
    """
    events = {e.eid: e for e in doc.events}
    instance_events = {i.eiid: i.event_id for i in doc.instances}
    dates = {t.tid: t for t in doc.timexes if t.type == ANCHOR_TIMEX_TYPE}
    items: dict[tuple[str, str], GoldAnchor] = {}
    for link in doc.tlinks:
        if link.rel_type not in ANCHOR_REL_TYPES:
            continue
        if link.event_instance_id and link.related_to_time:
            instance, tid = link.event_instance_id, link.related_to_time
        elif link.time_id and link.related_to_event_instance:
            instance, tid = link.related_to_event_instance, link.time_id
        else:
            continue
        event = events.get(instance_events.get(instance, ""))
        timex = dates.get(tid)
        if event is None or timex is None:
            continue
        items.setdefault((event.eid, timex.value), GoldAnchor(event, timex.value, timex.text))
    return tuple(sorted(items.values(), key=lambda a: (a.event.start, a.event.end, a.value)))


@dataclass(frozen=True, slots=True)
class AnchorResult:
    """One document's event-anchoring comparison."""

    counts: AnchorCounts
    missed: tuple[int, ...]  # indexes of gold anchors no returned event recovers
    wrong: tuple[int, ...]  # indexes of returned events whose when.value is not a gold anchor


def score_anchors(
    anchors: Sequence[GoldAnchor], gold_events: Sequence[GoldEvent], system: Sequence[EventLike]
) -> AnchorResult:
    """Compare the times of returned events with the gold event anchors.

    Recall is the share of gold items (event, value) for which some returned event's trigger
    overlaps the gold EVENT and its when.value equals the value; precision is the share of
    returned events with a when.value whose trigger overlaps a gold EVENT anchored to that value.

    Args:
        anchors: The document's gold items (`gold_anchors`).
        gold_events: All gold EVENTs of the document.
        system: The returned events (events without a when.value are not counted).

    Returns:
        Counts for `anchor_scores` and the items behind them.
    """
    values_by_event: dict[str, set[str]] = {}
    for anchor in anchors:
        values_by_event.setdefault(anchor.event.eid, set()).add(anchor.value)
    anchored_events = [e for e in gold_events if e.eid in values_by_event]
    dated = [(i, e.trigger, e.when.value) for i, e in enumerate(system) if e.when and e.when.value]

    missed = tuple(
        i
        for i, anchor in enumerate(anchors)
        if not any(value == anchor.value and overlaps(anchor.event, t) for _, t, value in dated)
    )
    wrong = tuple(
        i
        for i, trigger, value in dated
        if not any(
            value in values_by_event[g.eid] and overlaps(g, trigger) for g in anchored_events
        )
    )
    counts = AnchorCounts(
        gold=len(anchors),
        found=len(anchors) - len(missed),
        system=len(dated),
        correct=len(dated) - len(wrong),
    )
    return AnchorResult(counts=counts, missed=missed, wrong=wrong)


# --- event extent (TempEval-3 Task B) ----------------------------------------------------------

# The attribute an event may carry its TimeML class in (OCCURRENCE, REPORTING, STATE, ...).
EVENT_CLASS_ATTRIBUTE: Final = "event_class"


@dataclass(frozen=True, slots=True)
class EventCounts:
    """Event-extent counts; they add up over documents."""

    gold: int = 0  # gold EVENTs
    system: int = 0  # system event instances: distinct trigger and mention extents
    matched: int = 0  # aligned (gold EVENT, instance) pairs
    classed: int = 0  # aligned pairs whose returned event has a class
    class_correct: int = 0  # of those, the ones with the gold EVENT's class

    def __add__(self, other: EventCounts) -> EventCounts:
        return EventCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in _EC_FIELDS))


_EC_FIELDS: Final = fields(EventCounts)


def event_scores(counts: EventCounts) -> PRF:
    """Turn (summed) event-extent counts into P, R and F1."""
    return PRF.of(counts.matched, counts.system, counts.matched, counts.gold)


def class_accuracy(counts: EventCounts) -> float | None:
    """The share of aligned events with a class whose class is right; None when none has one."""
    return counts.class_correct / counts.classed if counts.classed else None


@dataclass(frozen=True, slots=True)
class EventInstance:
    """One system event instance: a trigger or mention extent and the event it belongs to."""

    start: int
    end: int
    event: int  # index of the returned event


@dataclass(frozen=True, slots=True)
class EventResult:
    """One document's event-extent comparison."""

    counts: EventCounts
    instances: tuple[EventInstance, ...]
    pairs: tuple[tuple[int, int], ...]  # (gold EVENT index, instance index)


def event_class_of(event: object) -> str | None:
    """Return an event's TimeML class, if it carries one (an `event_class` attribute)."""
    value = getattr(event, EVENT_CLASS_ATTRIBUTE, None)
    if isinstance(value, Enum):
        value = value.value
    return value if isinstance(value, str) and value else None


def event_instances(events: Sequence[MentionedEventLike]) -> tuple[EventInstance, ...]:
    """List the instances of returned events: each trigger and each mention, in text order.

    The trigger is normally one of its event's mentions too; an extent is counted once, for the
    first event (in the order given) that has it.

    Args:
        events: The returned events.

    Returns:
        The instances, sorted by extent.
    """
    seen: dict[tuple[int, int], int] = {}
    for index, event in enumerate(events):
        for extent in (event.trigger, *event.mentions):
            seen.setdefault((extent.start, extent.end), index)
    return tuple(EventInstance(start, end, index) for (start, end), index in sorted(seen.items()))


def score_event_extents(
    gold: Sequence[GoldEvent], system: Sequence[MentionedEventLike]
) -> EventResult:
    """Align one document's gold EVENTs one-to-one with the instances of its returned events.

    Args:
        gold: The gold EVENTs.
        system: The returned events (their triggers and mentions are the instances).

    Returns:
        Counts for `event_scores` and `class_accuracy`, and the alignment behind them.
    """
    instances = event_instances(system)
    pairs = align(gold, instances)
    classes = [event_class_of(system[instances[i].event]) for _, i in pairs]
    counts = EventCounts(
        gold=len(gold),
        system=len(instances),
        matched=len(pairs),
        classed=sum(c is not None for c in classes),
        class_correct=sum(
            c is not None and c == gold[g].event_class
            for (g, _), c in zip(pairs, classes, strict=True)
        ),
    )
    return EventResult(counts=counts, instances=instances, pairs=pairs)


# --- error listings ---------------------------------------------------------------------------


class ErrorKind(StrEnum):
    """What went wrong for one listed item."""

    MISS = "miss"
    FALSE_ALARM = "false_alarm"
    WRONG_VALUE = "wrong_value"
    WRONG_TYPE = "wrong_type"
    WRONG_EXTENT = "wrong_extent"
    ANCHOR_MISS = "anchor_miss"
    ANCHOR_WRONG_VALUE = "anchor_wrong_value"
    ANCHOR_FALSE_ALARM = "anchor_false_alarm"


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """One miss, false alarm or wrong attribute, with the sentence it occurs in."""

    document: str
    kinds: tuple[ErrorKind, ...]
    start: int
    end: int
    gold_text: str | None
    gold_type: str | None
    gold_value: str | None
    system_text: str | None
    system_type: str | None
    system_value: str | None
    sentence: str  # the span from start to end is marked with [ ]


def timex_errors(
    doc: TimeMLDocument, system: Sequence[TimexLike], result: TimexResult
) -> tuple[ErrorItem, ...]:
    """List a document's missed, false and wrongly typed, valued or delimited time expressions.

    Args:
        doc: The gold document.
        system: The system time expressions scored in `result`.
        result: `score_timexes(doc.timexes, system)`.

    Returns:
        The errors, in text order.
    """
    items: list[ErrorItem] = []
    for g in result.misses:
        gold = doc.timexes[g]
        items.append(_item(doc, (ErrorKind.MISS,), gold, None))
    for s in result.false_alarms:
        items.append(_item(doc, (ErrorKind.FALSE_ALARM,), None, system[s]))
    for g, s in result.pairs:
        gold, sys = doc.timexes[g], system[s]
        kinds = tuple(
            kind
            for kind, wrong in (
                (ErrorKind.WRONG_VALUE, gold.value != sys.value),
                (ErrorKind.WRONG_TYPE, gold.type != _label(sys.type)),
                (ErrorKind.WRONG_EXTENT, not _same_extent(gold, sys)),
            )
            if wrong
        )
        if kinds:
            items.append(_item(doc, kinds, gold, sys))
    return tuple(sorted(items, key=lambda e: (e.start, e.end, e.kinds)))


def _item(
    doc: TimeMLDocument,
    kinds: tuple[ErrorKind, ...],
    gold: TimexLike | None,
    system: TimexLike | None,
) -> ErrorItem:
    spans = [x for x in (gold, system) if x is not None]
    start, end = min(x.start for x in spans), max(x.end for x in spans)
    return ErrorItem(
        document=doc.name,
        kinds=kinds,
        start=start,
        end=end,
        gold_text=gold.text if gold else None,
        gold_type=_label(gold.type) if gold else None,
        gold_value=gold.value if gold else None,
        system_text=system.text if system else None,
        system_type=_label(system.type) if system else None,
        system_value=system.value if system else None,
        sentence=sentence_around(doc.text, start, end),
    )


def anchor_errors(
    doc: TimeMLDocument,
    anchors: Sequence[GoldAnchor],
    system: Sequence[EventLike],
    result: AnchorResult,
) -> tuple[ErrorItem, ...]:
    """List a document's missed event anchors, wrong event times and unfounded event times.

    A missed gold item is listed as a wrong value when a returned event overlapping its EVENT
    has a time (their values are shown), otherwise as a miss. A returned event with a time
    that is not a gold anchor is listed as a false alarm unless it was already shown beside a
    wrong value.

    Args:
        doc: The gold document.
        anchors: `gold_anchors(doc)`.
        system: The returned events scored in `result`.
        result: `score_anchors(anchors, doc.events, system)`.

    Returns:
        The errors, in text order.
    """
    items: list[ErrorItem] = []
    shown: set[int] = set()
    for a in result.missed:
        anchor = anchors[a]
        near = [
            (i, e)
            for i, e in enumerate(system)
            if overlaps(anchor.event, e.trigger) and e.when is not None and e.when.value
        ]
        shown.update(i for i, _ in near)
        start = min([anchor.event.start, *(e.trigger.start for _, e in near)])
        end = max([anchor.event.end, *(e.trigger.end for _, e in near)])
        items.append(
            ErrorItem(
                document=doc.name,
                kinds=(ErrorKind.ANCHOR_WRONG_VALUE if near else ErrorKind.ANCHOR_MISS,),
                start=start,
                end=end,
                gold_text=f"{anchor.event.text} @ {anchor.timex_text}",
                gold_type=None,
                gold_value=anchor.value,
                system_text=" | ".join(e.trigger.text for _, e in near) or None,
                system_type=None,
                system_value=" | ".join(_when_value(e) for _, e in near) or None,
                sentence=sentence_around(doc.text, start, end),
            )
        )
    for i in result.wrong:
        if i in shown:
            continue
        event = system[i]
        gold = [g for g in doc.events if overlaps(g, event.trigger)]
        gold_values = sorted({a.value for a in anchors if a.event in gold})
        start = min([event.trigger.start, *(g.start for g in gold)])
        end = max([event.trigger.end, *(g.end for g in gold)])
        items.append(
            ErrorItem(
                document=doc.name,
                kinds=(ErrorKind.ANCHOR_FALSE_ALARM,),
                start=start,
                end=end,
                gold_text=" | ".join(g.text for g in gold) or None,
                gold_type=None,
                gold_value=" | ".join(gold_values) or None,
                system_text=event.trigger.text,
                system_type=None,
                system_value=_when_value(event),
                sentence=sentence_around(doc.text, start, end),
            )
        )
    return tuple(sorted(items, key=lambda e: (e.start, e.end, e.kinds)))


def _when_value(event: EventLike) -> str:
    return (event.when.value if event.when else None) or ""


# --- sentences --------------------------------------------------------------------------------

# A sentence ends at a blank line, or at . ! ? (and closing quotes or brackets) followed by
# space and a character that is not lower case, unless the word before the full stop is an
# abbreviation ("U.S.", "a.m.", "Mr.", "Jan.").
_BOUNDARY: Final = re.compile(r"""(\S*)[.!?]['"”’)\]]*\s+(?=[^\sa-z])|\n[ \t]*\n""")
_INITIALS: Final = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?|[A-Z]")
_ABBREVIATIONS: Final = load_grammar("en").boundaries.evaluation_abbreviations
_SPACES: Final = re.compile(r"\s+")
_WINDOW: Final = 600
_MAX_SENTENCE: Final = 320


def sentence_around(text: str, start: int, end: int) -> str:
    """Return the sentence holding text[start:end], on one line, with that span marked [ ].

    Args:
        text: The document text.
        start: Start offset of the span.
        end: End offset of the span.

    Returns:
        The sentence (cut to about 320 characters around the span when longer).
    """
    low = max(0, start - _WINDOW)
    high = min(len(text), end + _WINDOW)
    left, right = low, high
    for match in _BOUNDARY.finditer(text, low, high):
        word = match[1] or ""
        if _INITIALS.fullmatch(word) or word.lower() in _ABBREVIATIONS:
            continue
        stop = match.end(1) if match[1] is not None else match.start()  # the . ! ? or \n
        if match.end() <= start:
            left = match.end()
        elif stop >= end:
            right = match.end()
            break
    before = _SPACES.sub(" ", text[left:start]).lstrip()
    inside = _SPACES.sub(" ", text[start:end])
    after = _SPACES.sub(" ", text[end:right]).rstrip()
    room = max(0, _MAX_SENTENCE - len(inside)) // 2
    if len(before) > room:
        before = "…" + before[len(before) - room :]
    if len(after) > room:
        after = after[:room] + "…"
    return f"{before}[{inside}]{after}"


def timex_type_counts(timexes: Iterable[TimexLike]) -> Mapping[str, int]:
    """Count time expressions by type (for reports)."""
    counts: dict[str, int] = {}
    for timex in timexes:
        label = _label(timex.type)
        counts[label] = counts.get(label, 0) + 1
    return counts
