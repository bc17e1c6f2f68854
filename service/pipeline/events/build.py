"""Stage: events worth a timeline, from the parse and the resolved time expressions.

The sub-pipeline, in this order:

1. detect (:mod:`.detect`): verbs, copular predicates and event nouns;
2. attach (:mod:`.attach`): each date or time expression dates the predicate it modifies;
3. merge (:mod:`.merge`): repeated mentions of one event;
4. infer (:mod:`.infer`): related events, the document date, narrative context;
5. link (:mod:`.links`): reporting verbs and what they report;
6. describe (:mod:`.describe`): participants, summary, factuality; the words of a heading
   and a participle opening a question ("Asked if ...") are no events (:mod:`.structure`);
7. salience (:mod:`.salience`): the article's own news against background.

Every event is returned. With a document date every event has a time (stated, or inferred
from its tense and the article's date); without one, an event the text gives no bound has
``when`` None and takes its place in the timeline by document order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Final

from service.domain.types import (
    DocContext,
    Event,
    EventRef,
    Mention,
    RelatedEvent,
    ReportedBy,
    Role,
    Span,
    TimeExpression,
)
from service.locale.event_lexicon import load_event_words
from service.locale.events import EventLexicon, load_event_lexicon
from service.nlp.parse import ParsedText
from service.nlp.syntax import has_lemma
from service.pipeline.events.attach import (
    ANCHORED_TYPES,
    anchor_times,
    lengths_of,
    locate_times,
)
from service.pipeline.events.describe.form import Form
from service.pipeline.events.describe.grammar import event_class, grammar_of
from service.pipeline.events.describe.summary import summarize
from service.pipeline.events.detect import Candidate, Kind, Level, find_candidates, timex_token_ids
from service.pipeline.events.infer import infer_times, make_facts
from service.pipeline.events.links import link_reports
from service.pipeline.events.merge import Cluster, merge_mentions
from service.pipeline.events.salience import Item, assign_salience
from service.pipeline.events.structure import Structure, not_an_event, read_structure
from service.pipeline.events.times import Dated

CONFIDENCE_UNDATED: Final = 0.5  # that the words name an event at all


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
    located = locate_times(parsed, timexes, undated_document=ctx.document_date is None)
    anchors = replace(anchor_times(located, candidates, lex),
                      lengths=MappingProxyType(lengths_of(parsed, timexes, candidates, lex)))
    explicit = anchors.explicit
    clusters = merge_mentions(candidates, {k: d.when for k, d in explicit.items()}, lex)
    timed = _timed_sentences(parsed, timexes)
    dated = infer_times(make_facts(ctx, candidates, clusters, anchors, timed, lex))
    links = link_reports(candidates, clusters, dated, lex)
    structure = read_structure(parsed, lex.salience)
    return _describe(candidates, clusters, dated, links, structure, lex)


def _dated_state(head: Candidate, time: Dated | None, lex: EventLexicon) -> bool:
    """A state or light verb is an event only with a time: one of its own, or one its tense
    gives it as the predicate of a main or reported clause ("Putin is wary of a ceasefire",
    "prices remained high"); a bare "be", "have" or "do" needs a stated time."""
    if time is None:
        return False
    if not time.when.inferred:
        return True
    if head.form in (Form.NONFINITE, Form.NOMINAL) or head.level == Level.SUBORDINATE:
        return False
    return head.kind == Kind.STATE or not has_lemma(head.token, lex.bare_light_verbs)


def _reporter(
    event: Candidate,
    linked: Iterable[EventRef],
    by_key: Mapping[EventRef, Candidate],
    lex: EventLexicon,
) -> ReportedBy | None:
    """The reporting event that states ``event`` ("said it launched ..."), with its source."""
    if event.kind == Kind.REPORT:
        return None
    for key in sorted(linked):
        report = by_key[key]
        if report.kind != Kind.REPORT:
            continue
        agents = [f.participant.text for f in report.participants(lex)
                  if f.participant.role == Role.AGENT]
        return ReportedBy(key, report.token.text, agents[0] if agents else None)
    return None


def _timed_sentences(parsed: ParsedText, timexes: Sequence[TimeExpression]) -> frozenset[int]:
    """Indices of the sentences that hold a date or time expression (resolved or not)."""
    found = (parsed.index_at(t.start) for t in timexes if t.type in ANCHORED_TYPES)
    return frozenset(i for i in found if i is not None)


def _describe(
    candidates: Sequence[Candidate],
    clusters: Sequence[Cluster],
    dated: Mapping[EventRef, Dated],
    links: Mapping[EventRef, set[EventRef]],
    structure: Structure,
    lex: EventLexicon,
) -> tuple[Event, ...]:
    """One event per cluster, presented by its head mention; a word of a heading or a
    participle opening a question is none."""
    words = load_event_words()
    by_key = {c.key: c for c in candidates}
    order = {c.key: i for i, c in enumerate(candidates)}
    items: dict[EventRef, Item] = {}
    for cluster in clusters:
        head = by_key[cluster.head]
        time = dated.get(cluster.head)
        if not head.eventive and not _dated_state(head, time, lex):
            continue
        if not_an_event(head.token, head.paragraph, structure, lex):
            continue
        klass = event_class(head.token, nominal=head.kind == Kind.NOUN,
                            state=head.kind == Kind.STATE, report=head.kind == Kind.REPORT,
                            words=words)
        items[cluster.head] = Item(head, klass, time is not None and not time.when.inferred)
    saliences = assign_salience(items, links, structure, lex)
    events: list[Event] = []
    for cluster in clusters:
        if cluster.head not in items:
            continue
        item = items[cluster.head]
        head = item.head
        time = dated.get(cluster.head)
        related = set(links.get(cluster.head, ()))
        if time is not None and isinstance(time.when.basis, RelatedEvent):
            related.add(time.when.basis.event)
        reporter = _reporter(head, links.get(cluster.head, ()), by_key, lex)
        events.append(
            Event(
                id=cluster.head,
                trigger=Span(head.start, head.end, head.token.text),
                summary=summarize(head.token, head.scope, lex),
                participants=tuple(f.participant for f in head.participants(lex)),
                sentence=Span(head.sentence.start, head.sentence.end, head.sentence.text),
                when=time.when if time is not None else None,
                factuality=head.factuality,
                confidence=time.confidence if time is not None else CONFIDENCE_UNDATED,
                mentions=tuple(
                    Mention(by_key[k].start, by_key[k].end, by_key[k].sentence.start)
                    for k in cluster.members
                ),
                related=tuple(sorted(related, key=order.__getitem__)),
                grammar=grammar_of(head.token, head.form, head.factuality, item.klass),
                salience=saliences[cluster.head],
                reported_by=reporter,
            )
        )
    events.sort(key=lambda e: e.trigger.start)
    return tuple(events)
