"""Explicit times: each date or time expression dates the event word it modifies.

The event is found by following the expression's dependency head chain (not the nearest
word); the relation comes from its preposition ("on", "before", "since" ...); coordinated verbs
share the time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from service.domain.types import EventRef, Relation, TimeExpression, TimexType, When
from service.locale.events import EventLexicon
from service.nlp.parse import ParsedText, Sentence
from service.nlp.syntax import prefix_end
from service.pipeline.events.detect import Candidate, Kind
from service.pipeline.events.times import Anchors, Dated, SentenceTime

ANCHORED_TYPES: Final = frozenset({TimexType.DATE, TimexType.TIME})
CONFIDENCE_EXPLICIT: Final = 0.9
CONFIDENCE_SHARED: Final = 0.8  # a time shared by a coordinated verb
_SUBJECTS: Final = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "expl", "csubj"})
_RELATIVE: Final = frozenset({"acl:relcl", "relcl", "acl"})


@dataclass(frozen=True, slots=True)
class _Located:
    """A time expression found in the parse."""

    timex: TimeExpression
    sentence: Sentence
    span: TokenSpan
    index: int  # of the sentence, among all sentences of the text


def locate_times(
    parsed: ParsedText, timexes: Sequence[TimeExpression], *, undated_document: bool = False
) -> tuple[_Located, ...]:
    """The date and time expressions in the parse, except those of a dateline (the date of
    the article, not of its story). Each is looked up once; later steps reuse the result.

    Args:
        parsed: the parsed text.
        timexes: the resolved time expressions.

    Returns:
        The located expressions, in document order.
    """
    cuts: dict[int, int] = {}
    found: list[_Located] = []
    for timex in timexes:
        # an unresolved "Sunday" (no document date) still dates its event: the value says
        # which day of the week, and the timeline keeps the story's order
        if timex.type not in ANCHORED_TYPES or (timex.interval is None and not undated_document):
            continue
        where = parsed.locate(timex.start, timex.end)
        if where is None:
            continue
        sentence, span = where.sentence, where.span
        if sentence.base not in cuts:
            cuts[sentence.base] = prefix_end(span.doc)
        if span.start >= cuts[sentence.base]:
            found.append(_Located(timex, sentence, span, where.index))
    return tuple(found)


def lengths_of(
    parsed: ParsedText,
    timexes: Sequence[TimeExpression],
    candidates: Sequence[Candidate],
    lex: EventLexicon,
) -> dict[EventRef, TimeExpression]:
    """The lengths the text gives events: a duration after a length preposition, by the event
    it modifies ("has run the bakery for 31 years")."""
    by_token = {(c.base, c.token.i): c for c in candidates}
    found: dict[EventRef, TimeExpression] = {}
    for timex in timexes:
        if timex.type != TimexType.DURATION:
            continue
        where = parsed.locate(timex.start, timex.end)
        if where is None:
            continue
        span = where.span
        before = span.doc[span.start - 1] if span.start > 0 else None
        if before is None or before.lower_ not in lex.length_prepositions:
            continue
        event = _governor(_Located(timex, where.sentence, span, where.index), by_token)
        if event is not None:
            found.setdefault(event.key, timex)
    return found


def relation_of(span: TokenSpan, lex: EventLexicon) -> Relation:
    """The relation a time expression's preposition states ("since 1990" -> SINCE).

    Read from the words just before the expression, so that a misattached case marker still
    counts; "ahead of Sunday" and "prior to 1990" are BEFORE.

    Args:
        span: the expression's tokens.
        lex: the event lexicon (prepositions -> relations).

    Returns:
        The relation; ON when no preposition says otherwise.
    """
    doc = span.doc
    start = span.start
    sentence_start = span.sent.start
    if start <= sentence_start:
        return Relation.ON
    word = doc[start - 1]
    if word.lower_ in lex.relation_completers and start - 2 >= sentence_start:
        before = doc[start - 2].lower_
        if lex.relation_of.get(before) in (Relation.BEFORE, Relation.AFTER, Relation.UNTIL):
            return lex.relation_of[before]
    if word.pos_ in {"ADP", "SCONJ", "ADV"} or word.dep_ in {"case", "mark", "prep"}:
        return lex.relation_of.get(word.lower_, Relation.ON)
    return Relation.ON


def _restates(located: _Located, previous: _Located | None) -> bool:
    """"May 19" in "on Monday (May 19)" restates the expression before it: one time, not two."""
    if previous is None or previous.sentence.start != located.sentence.start:
        return False
    head = located.span.root.head
    if previous.span.start <= head.i < previous.span.end:
        return True
    # the words between the two, not the paragraph's text: cost bounded by the sentence
    between = located.span.doc[previous.span.end : located.span.start]
    return "".join(t.text_with_ws for t in between).strip() == "("


def _governor(
    located: _Located, by_token: Mapping[tuple[int, int], Candidate]
) -> Candidate | None:
    """The event the expression modifies: the first candidate up its head chain."""
    base = located.sentence.base
    inside = range(located.span.start, located.span.end)
    current: Token = located.span.root
    while current.head.i != current.i:
        current = current.head
        if current.i in inside:
            continue
        found = by_token.get((base, current.i))
        if found is not None:
            return found
    root = located.sentence.span.root
    if root.i in inside:
        return None
    return by_token.get((base, root.i))


def anchor_times(
    located_times: Sequence[_Located],
    candidates: Sequence[Candidate],
    lex: EventLexicon,
) -> Anchors:
    """Explicit times: each date or time expression dates the event it modifies.

    One time per event (the finest grain wins, then the first mentioned); a verb coordinated
    with the dated one shares its time unless it has its own ("signed and ratified on
    Monday").

    Args:
        located_times: the time expressions in the parse (:func:`locate_times`).
        candidates: the event candidates.
        lex: the event lexicon.

    Returns:
        The explicit time of each dated candidate, by key, and the stated times of each
        sentence.
    """
    by_token = {(c.base, c.token.i): c for c in candidates}
    best: dict[EventRef, tuple[tuple[int, int], Dated, int]] = {}
    by_sentence: dict[int, list[SentenceTime]] = {}
    previous: _Located | None = None
    for located in located_times:
        if _restates(located, previous):
            continue
        previous = located
        event = _governor(located, by_token)
        timex = located.timex
        when = When(
            expression_id=timex.id,
            value=timex.value,
            granularity=timex.granularity,
            interval=timex.interval,
            relation=relation_of(located.span, lex),
            inferred=False,
            basis=None,
            range=timex.range,
        )
        rank = (int(timex.granularity or 99), timex.start)
        dated = Dated(when, round(timex.confidence * CONFIDENCE_EXPLICIT, 3))
        by_sentence.setdefault(located.index, []).append(
            SentenceTime(located.span.root.i, dated, event.key if event else None)
        )
        if event is None:
            continue
        if event.key not in best or rank < best[event.key][0]:
            best[event.key] = (rank, dated, located.span.start)
    explicit = {key: dated for key, (_, dated, _) in best.items()}
    shared: dict[EventRef, Dated] = {}
    by_key = {c.key: c for c in candidates}
    for key, (_, dated, position) in best.items():
        for other in _coordinated(by_key[key], position, by_token):
            if other.key not in explicit:
                confidence = dated.confidence / CONFIDENCE_EXPLICIT * CONFIDENCE_SHARED
                shared.setdefault(other.key, Dated(dated.when, round(confidence, 3)))
    return Anchors({**shared, **explicit}, {k: tuple(v) for k, v in by_sentence.items()})


def _coordinated(
    event: Candidate, position: int, by_token: Mapping[tuple[int, int], Candidate]
) -> Iterator[Candidate]:
    """Verbs coordinated with ``event`` that a time at token ``position`` also dates.

    A time after the coordination ("signed and ratified on Monday") or before its first verb
    ("on Tuesday condemned ... and offered") scopes over it; in "paid tribute Tuesday and
    promised ...", "promised" keeps no time of its own. A conjunct
    with a subject of its own is a clause of its own, and a relative clause keeps its verbs.
    """
    if event.kind == Kind.NOUN or event.token.dep_ in _RELATIVE:
        return
    for conjunct in event.token.conjuncts:
        other = by_token.get((event.base, conjunct.i))
        # a time before the first verb scopes over all: "on Tuesday condemned ... and offered"
        after_time = conjunct.i > position and position > event.token.i
        if other is None or other.kind == Kind.NOUN or after_time or conjunct.dep_ in _RELATIVE:
            continue
        if any(c.dep_ in _SUBJECTS for c in conjunct.children) and conjunct.i > event.token.i:
            continue
        yield other


