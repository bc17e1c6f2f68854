"""Stage: events worth a timeline, from the parse and the resolved time expressions.

The stage runs, in this order:

1. detection (:mod:`service.pipeline.mentions`): verbs, copular predicates and event nouns;
2. explicit times: each date or time expression dates the predicate it modifies, found by
   following its dependency head chain (not the nearest word), with a relation from its
   preposition ("on", "before", "since" ...) and shared by coordinated verbs;
3. merging (:mod:`service.pipeline.merge`): repeated mentions of one event;
4. inferred times (:mod:`service.pipeline.infer`): related events, the document date,
   narrative context;
5. description (:mod:`service.pipeline.describe`): participants, summary, factuality, and
   the links between reporting verbs and what they report.

Only events with a time are returned: an undated event is not worth a timeline.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from service.domain.types import (
    DocContext,
    Event,
    Mention,
    Relation,
    Span,
    TimeExpression,
    TimexType,
    When,
)
from service.nlp.parse import ParsedText, Sentence
from service.nlp.syntax import prefix_end
from service.pipeline.describe import is_attribution, summarize
from service.pipeline.eventlex import EventLexicon, load_event_lexicon
from service.pipeline.infer import Dated, infer_times
from service.pipeline.mentions import (
    Candidate,
    Kind,
    find_candidates,
    timex_token_ids,
)
from service.pipeline.merge import Cluster, merge_mentions

ANCHORED_TYPES: Final = frozenset({TimexType.DATE, TimexType.TIME})
CONFIDENCE_EXPLICIT: Final = 0.9
CONFIDENCE_SHARED: Final = 0.8  # a time shared by a coordinated verb
_COMPLEMENTS: Final = frozenset({"ccomp", "xcomp", "parataxis", "conj"})
_SUBJECTS: Final = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "expl", "csubj"})
_RELATIVE: Final = frozenset({"acl:relcl", "relcl", "acl"})
# "of"/"to" complete a relation word before them: "ahead of", "prior to", "up to".
_COMPOUND_CASES: Final = frozenset({"of", "to"})


@dataclass(frozen=True, slots=True)
class _Located:
    """A time expression found in the parse."""

    timex: TimeExpression
    sentence: Sentence
    span: TokenSpan


@dataclass(frozen=True, slots=True)
class SentenceIndex:
    """The text's sentences, found by offset (bisection over their starts)."""

    sentences: tuple[Sentence, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, parsed: ParsedText) -> SentenceIndex:
        """Index the sentences of ``parsed``."""
        sentences = tuple(parsed.sentences())
        return cls(sentences, tuple(s.start for s in sentences))

    def index_at(self, offset: int) -> int | None:
        """The index of the sentence holding request-text ``offset`` (None between them)."""
        i = bisect_right(self.starts, offset) - 1
        if i < 0 or offset >= self.sentences[i].end:
            return None
        return i


def _locate(sentences: SentenceIndex, timexes: Sequence[TimeExpression]) -> Iterator[_Located]:
    """The date and time expressions in the parse, except those of a dateline (the date of
    the article, not of its story)."""
    cuts: dict[int, int] = {}
    for timex in timexes:
        if timex.type not in ANCHORED_TYPES or timex.interval is None:
            continue
        index = sentences.index_at(timex.start)
        if index is None:
            continue
        sentence = sentences.sentences[index]
        span = sentence.char_span(timex.start, min(timex.end, sentence.end))
        if span is None or not len(span):
            continue
        if sentence.base not in cuts:
            cuts[sentence.base] = prefix_end(span.doc)
        if span.start >= cuts[sentence.base]:
            yield _Located(timex, sentence, span)


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
    if word.lower_ in _COMPOUND_CASES and start - 2 >= sentence_start:
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
    doc = located.span.doc
    between = doc.text[previous.span.end_char : located.span.start_char]
    return between.strip() == "("


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
    sentences: SentenceIndex,
    timexes: Sequence[TimeExpression],
    candidates: Sequence[Candidate],
    lex: EventLexicon,
) -> dict[str, Dated]:
    """Explicit times: each date or time expression dates the event it modifies.

    One time per event (the finest grain wins, then the first mentioned); a verb coordinated
    with the dated one shares its time unless it has its own ("signed and ratified on
    Monday").

    Args:
        sentences: the parsed text's sentences.
        timexes: the resolved time expressions.
        candidates: the event candidates.
        lex: the event lexicon.

    Returns:
        The explicit time of each dated candidate, by key.
    """
    by_token = {(c.base, c.token.i): c for c in candidates}
    best: dict[str, tuple[tuple[int, int], Dated, int]] = {}
    previous: _Located | None = None
    for located in _locate(sentences, timexes):
        if _restates(located, previous):
            continue
        previous = located
        event = _governor(located, by_token)
        if event is None:
            continue
        timex = located.timex
        when = When(
            expression_id=timex.id,
            value=timex.value,
            granularity=timex.granularity,
            interval=timex.interval,
            relation=relation_of(located.span, lex),
            inferred=False,
            basis=None,
        )
        rank = (int(timex.granularity or 99), timex.start)
        dated = Dated(when, round(timex.confidence * CONFIDENCE_EXPLICIT, 3))
        if event.key not in best or rank < best[event.key][0]:
            best[event.key] = (rank, dated, located.span.start)
    explicit = {key: dated for key, (_, dated, _) in best.items()}
    shared: dict[str, Dated] = {}
    by_key = {c.key: c for c in candidates}
    for key, (_, dated, position) in best.items():
        for other in _coordinated(by_key[key], position, by_token):
            if other.key not in explicit:
                confidence = dated.confidence / CONFIDENCE_EXPLICIT * CONFIDENCE_SHARED
                shared.setdefault(other.key, Dated(dated.when, round(confidence, 3)))
    return {**shared, **explicit}


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


def _timed_sentences(sentences: SentenceIndex, timexes: Sequence[TimeExpression]) -> frozenset[int]:
    found = set()
    for timex in timexes:
        if timex.type in ANCHORED_TYPES:
            index = sentences.index_at(timex.start)
            if index is not None:
                found.add(index)
    return frozenset(found)


def _report_links(
    candidates: Sequence[Candidate],
    clusters: Sequence[Cluster],
    dated: Mapping[str, Dated],
    lex: EventLexicon,
) -> dict[str, set[str]]:
    """Reporting events and the dated events they report, linked both ways (cluster heads)."""
    by_token = {(c.base, c.token.i): c for c in candidates}
    head_of = {key: cluster.head for cluster in clusters for key in cluster.members}
    links: dict[str, set[str]] = {}

    def link(a: Candidate, b: Candidate) -> None:
        ha, hb = head_of[a.key], head_of[b.key]
        if ha != hb and ha in dated and hb in dated:
            links.setdefault(ha, set()).add(hb)
            links.setdefault(hb, set()).add(ha)

    def reported(token: Token, base: int, depth: int) -> Iterator[Candidate]:
        for child in token.children:
            if child.dep_ not in _COMPLEMENTS or depth > 4:
                continue
            found = by_token.get((base, child.i))
            if found is not None and head_of[found.key] in dated:
                yield found
            elif child.dep_ != "conj" or depth > 0:
                yield from reported(child, base, depth + 1)

    for report in candidates:
        if report.kind != Kind.REPORT or head_of[report.key] not in dated:
            continue
        for found in reported(report.token, report.base, 0):
            if found.token.i != report.token.i and found.token.head.i != found.token.i:
                link(report, found)
        governor = by_token.get((report.base, report.token.head.i))
        if governor is not None and is_attribution(report.token, lex):
            link(report, governor)
    return links


def build_events(
    ctx: DocContext,
    parsed: ParsedText,
    timexes: Sequence[TimeExpression],
    lex: EventLexicon | None = None,
) -> tuple[Event, ...]:
    """Events with a time, explicit or inferred, each with its mentions and links.

    Args:
        ctx: the request context (document date, time zone).
        parsed: the parsed request text.
        timexes: the resolved time expressions.
        lex: the event lexicon (default: the one of ``ctx.language``).

    Returns:
        Events in document order of their presenting mention; ids are internal ("x12") until
        :func:`service.pipeline.timeline.order_timeline` numbers them.
    """
    lex = lex or load_event_lexicon(ctx.language)
    timex_ids = timex_token_ids(parsed, timexes)
    candidates = find_candidates(parsed, timex_ids, lex)
    sentences = SentenceIndex.of(parsed)
    explicit = anchor_times(sentences, timexes, candidates, lex)
    clusters = merge_mentions(candidates, {k: d.when for k, d in explicit.items()}, lex)
    dated = infer_times(
        ctx, candidates, clusters, explicit, _timed_sentences(sentences, timexes), lex
    )
    links = _report_links(candidates, clusters, dated, lex)
    by_key = {c.key: c for c in candidates}
    events: list[Event] = []
    for cluster in clusters:
        if cluster.head not in dated:
            continue
        head = by_key[cluster.head]
        time = dated[cluster.head]
        basis = time.when.basis or ""
        related = set(links.get(cluster.head, ()))
        if basis.startswith("event:"):
            related.add(basis.removeprefix("event:"))
        events.append(
            Event(
                id=cluster.head,
                trigger=Span(head.start, head.end, head.token.text),
                summary=summarize(head.token, head.scope, lex),
                participants=tuple(f.participant for f in head.participants(lex)),
                sentence=Span(head.sentence.start, head.sentence.end, head.sentence.text),
                when=time.when,
                factuality=head.factuality,
                confidence=time.confidence,
                mentions=tuple(
                    Mention(by_key[k].start, by_key[k].end, by_key[k].sentence.start)
                    for k in cluster.members
                ),
                related=tuple(sorted(related, key=lambda k: int(k[1:]))),
            )
        )
    events.sort(key=lambda e: e.trigger.start)
    return tuple(events)
