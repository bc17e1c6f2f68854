"""Stage: events worth a timeline, from the parse and the resolved time expressions.

The sub-pipeline, in this order:

1. detect (:mod:`.detect`): verbs, copular predicates and event nouns;
2. attach (:mod:`.attach`): each date or time expression dates the predicate it modifies;
3. merge (:mod:`.merge`): repeated mentions of one event;
4. infer (:mod:`.infer`): related events, the document date, narrative context;
5. link (:mod:`.links`): reporting verbs and what they report;
6. describe (:mod:`.describe`): participants, summary, factuality.

Only events with a time are returned: an undated event is not worth a timeline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from service.domain.types import (
    DocContext,
    Event,
    EventRef,
    Mention,
    RelatedEvent,
    Span,
    TimeExpression,
)
from service.locale.events import EventLexicon, load_event_lexicon
from service.nlp.parse import ParsedText
from service.pipeline.events.attach import ANCHORED_TYPES, anchor_times, locate_times
from service.pipeline.events.describe.summary import summarize
from service.pipeline.events.detect import Candidate, find_candidates, timex_token_ids
from service.pipeline.events.infer import Dated, infer_times
from service.pipeline.events.links import link_reports
from service.pipeline.events.merge import Cluster, merge_mentions


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
    candidates = find_candidates(parsed, timex_token_ids(parsed, timexes), lex)
    located = locate_times(parsed, timexes)
    explicit = anchor_times(located, candidates, lex)
    clusters = merge_mentions(candidates, {k: d.when for k, d in explicit.items()}, lex)
    timed = _timed_sentences(parsed, timexes)
    dated = infer_times(ctx, candidates, clusters, explicit, timed, lex)
    links = link_reports(candidates, clusters, dated, lex)
    return _describe(candidates, clusters, dated, links, lex)


def _timed_sentences(parsed: ParsedText, timexes: Sequence[TimeExpression]) -> frozenset[int]:
    """Indices of the sentences that hold a date or time expression (resolved or not)."""
    found = (parsed.index_at(t.start) for t in timexes if t.type in ANCHORED_TYPES)
    return frozenset(i for i in found if i is not None)


def _describe(
    candidates: Sequence[Candidate],
    clusters: Sequence[Cluster],
    dated: Mapping[EventRef, Dated],
    links: Mapping[EventRef, set[EventRef]],
    lex: EventLexicon,
) -> tuple[Event, ...]:
    """One event per dated cluster, presented by its head mention."""
    by_key = {c.key: c for c in candidates}
    order = {c.key: i for i, c in enumerate(candidates)}
    events: list[Event] = []
    for cluster in clusters:
        if cluster.head not in dated:
            continue
        head = by_key[cluster.head]
        time = dated[cluster.head]
        related = set(links.get(cluster.head, ()))
        if isinstance(time.when.basis, RelatedEvent):
            related.add(time.when.basis.event)
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
                related=tuple(sorted(related, key=order.__getitem__)),
            )
        )
    events.sort(key=lambda e: e.trigger.start)
    return tuple(events)
