"""Inferred times: dating events that no time expression modifies.

Each inferred time carries ``inferred=True``, a ``basis`` and a lower confidence. The rules run
in this order, each only on events still undated:

1. a related event: "spoke ... before the US leader's call with Putin" is ``before`` the
   call's date, "spoke on Monday after Vance said ..." puts the saying ``before`` Monday
   (basis: the event);
2. the document date, for reporting verbs ("a source ... said"), present perfect ("has stood
   firm") and present-tense statements ("says", "is wary") of main clauses (basis
   ``document_date``);
3. narrative context: a past-tense sentence with no time of its own, following a dated one in
   the same paragraph, inherits its time (basis ``previous_time``);
4. related events again, now that more events are dated.

Reporting verbs come before narrative context: in news, who said what is dated by the
article, not by the story it tells.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Final

from spacy.tokens import Token

from service.domain.calendar import interval_of, truncate
from service.domain.types import (
    Basis,
    DocContext,
    EventRef,
    Factuality,
    Grain,
    Inference,
    RelatedEvent,
    Relation,
    When,
)
from service.locale.events import EventLexicon
from service.nlp.syntax import has_lemma
from service.pipeline.events.describe.form import Form
from service.pipeline.events.describe.participants import case_marker
from service.pipeline.events.detect import Candidate, Kind, Level
from service.pipeline.events.merge import Cluster
from service.pipeline.events.times import Anchors, Dated, SentenceTime

CONFIDENCE_RELATED: Final = 0.6
CONFIDENCE_DOCUMENT: Final = 0.55
CONFIDENCE_NARRATIVE: Final = 0.5
CONFIDENCE_SCOPE: Final = 0.7
# How many sentences a stated time carries over to (a story moves on).
NARRATIVE_REACH: Final = 6
CONFIDENCE_BEFORE_DOCUMENT: Final = 0.35
# Forms whose time is not the sentence's: "had already agreed" happened before it.
# A present tense is the article's now.
_OWN_TIME_FORMS: Final = frozenset({Form.PAST_PERFECT, Form.PRESENT, Form.PRESENT_PERFECT})
_PAST_FORMS: Final = frozenset({Form.PAST, Form.PAST_PERFECT})
# Dependencies by which a word completes the event of its head: "began selling", "announced
# the launch", "plans to visit".
_COMPLETIONS: Final = frozenset({"xcomp", "ccomp", "obj", "dobj", "nsubj:pass", "acl"})
_OBLIQUES: Final = frozenset({"obl", "nmod", "prep", "pobj", "advmod", "obl:npmod"})
_INVERSE: Final = {Relation.BEFORE: Relation.AFTER, Relation.AFTER: Relation.BEFORE}
_DOCUMENT_FORMS: Final = frozenset({Form.PRESENT, Form.PRESENT_PERFECT})
_REPORT_FORMS: Final = frozenset({Form.PAST, Form.PRESENT, Form.PRESENT_PERFECT})
_NARRATIVE_FORMS: Final = frozenset({Form.PAST})
# Only an "on" (or "during") time carries over to the next sentences: after "before Monday",
# the next sentence is not known to be before Monday too.
_CARRIED: Final = frozenset({Relation.ON, Relation.DURING})


def _relation_word(token: Token, lex: EventLexicon) -> Relation | None:
    """The relation an oblique or clause states: "before the call", "ahead of his call"."""
    marker = case_marker(token)
    if marker is None:
        marker = next((c.lower_ for c in token.children if c.dep_ == "mark"), None)
    if marker in lex.relation_completers:
        edge = token.left_edge
        before = token.doc[edge.i - 1] if edge.i > 0 else None
        if edge.lower_ == marker and before is not None:
            marker = before.lower_
    if marker is None:
        return None
    if marker in lex.relational_prepositions:
        relation = lex.relation_of.get(marker) or lex.clause_relation_of.get(marker)
        return relation if relation in (Relation.BEFORE, Relation.AFTER) else None
    return None


def _clause_relation(clause: Token, lex: EventLexicon) -> Relation | None:
    """Relation of the main event to an adverbial clause: "after Vance said" -> AFTER.

    The subordinator is the clause's first word, wherever the parse attached it ("after" may
    hang from the clause's subject).
    """
    first = next((t for t in clause.subtree if not t.is_punct and not t.is_space), clause)
    if first.i < clause.i and first.dep_ in {"mark", "case", "advmod"}:
        return lex.clause_relation_of.get(first.lower_)
    return None


def _shifted(target: Dated, relation: Relation, basis: Basis) -> Dated:
    when = replace(target.when, relation=relation, inferred=True, basis=basis,
                   expression_id=None)
    return Dated(when, round(min(target.confidence, 1.0) * CONFIDENCE_RELATED, 3))


def _related_links(
    candidate: Candidate, by_token: Mapping[tuple[int, int], Candidate], lex: EventLexicon
) -> Iterator[tuple[Candidate, Relation]]:
    """Events ``candidate`` is placed before or after, with its relation to each."""
    token = candidate.token
    for child in token.children:
        other = by_token.get((candidate.base, child.i))
        if other is None:
            continue
        if child.dep_ in _OBLIQUES and other.kind == Kind.NOUN:
            relation = _relation_word(child, lex)
            if relation is not None:
                yield other, relation
        elif child.dep_ == "advcl":
            relation = _clause_relation(child, lex)
            if relation is not None:
                yield other, relation
    head = by_token.get((candidate.base, token.head.i))
    if token.dep_ == "advcl" and head is not None:
        relation = _clause_relation(token, lex)
        if relation is not None:
            yield head, _INVERSE.get(relation, relation)


def _document_day(ctx: DocContext) -> When | None:
    if ctx.document_date is None:
        return None
    day: date = ctx.document_date
    return When(
        expression_id=None,
        value=day.isoformat(),
        granularity=Grain.DAY,
        interval=interval_of(truncate(day, Grain.DAY), ctx.timezone),
        relation=Relation.ON,
        inferred=True,
        basis=Inference.DOCUMENT_DATE,
    )


def _by_document_date(candidate: Candidate, lex: EventLexicon) -> bool:
    if not candidate.dated_ok or candidate.quoted or candidate.level == Level.SUBORDINATE:
        return False
    if candidate.kind == Kind.REPORT:
        return candidate.form in _REPORT_FORMS and not has_lemma(candidate.token, lex.belief_verbs)
    if candidate.kind == Kind.NOUN or candidate.light or candidate.level != Level.MAIN:
        return False
    return candidate.form in _DOCUMENT_FORMS


def _narrative(candidate: Candidate) -> bool:
    return (
        candidate.dated_ok
        and not candidate.quoted
        and candidate.level != Level.SUBORDINATE
        and candidate.kind in (Kind.VERB, Kind.REPORT, Kind.STATE)
        and not candidate.light
        and candidate.form in _NARRATIVE_FORMS
    )


def infer_times(
    ctx: DocContext,
    candidates: Sequence[Candidate],
    clusters: Sequence[Cluster],
    anchors: Anchors,
    timed_sentences: frozenset[int],
    lex: EventLexicon,
) -> dict[EventRef, Dated]:
    """Date every event that can be dated, explicitly or by inference.

    Args:
        ctx: the request context (document date, time zone).
        candidates: all event candidates, in document order.
        clusters: the merged events (:func:`service.pipeline.merge.merge_mentions`).
        anchors: the explicit times by candidate key and the stated times by sentence.
        timed_sentences: indices of sentences that hold a date or time expression.
        lex: the event lexicon.

    Returns:
        The time of each dated event, keyed by its cluster's head key.
    """
    explicit = anchors.explicit
    by_key = {c.key: c for c in candidates}
    cluster_of = {key: cluster for cluster in clusters for key in cluster.members}
    by_token = {(c.base, c.token.i): c for c in candidates}
    dated: dict[EventRef, Dated] = {
        c.head: explicit[c.dated_by] for c in clusters if c.dated_by is not None
    }

    def relate() -> None:
        for cluster in clusters:
            if cluster.head in dated:
                continue
            for key in cluster.members:
                candidate = by_key[key]
                if candidate.light or not candidate.dated_ok and candidate.kind != Kind.NOUN:
                    continue
                for other, relation in _related_links(candidate, by_token, lex):
                    target = cluster_of[other.key]
                    if target is cluster or target.head not in dated:
                        continue
                    if dated[target.head].when.relation not in _CARRIED:
                        continue
                    dated[cluster.head] = _shifted(
                        dated[target.head], relation, RelatedEvent(target.head)
                    )
                    break
                if cluster.head in dated:
                    break

    relate()
    _scope_sentences(clusters, by_key, anchors, dated)
    document_day = _document_day(ctx)
    if document_day is not None:
        for cluster, head in _undated(clusters, by_key, dated):
            if _by_document_date(head, lex):
                confidence = CONFIDENCE_DOCUMENT + (0.05 if head.kind == Kind.REPORT else 0.0)
                dated[cluster.head] = Dated(document_day, confidence)
    _carry_narrative(candidates, cluster_of, explicit, dated, timed_sentences)
    relate()
    _follow_governors(clusters, by_key, by_token, cluster_of, dated)
    if document_day is not None:
        _before_document(clusters, by_key, document_day, dated)
    return dated


def _undated(
    clusters: Sequence[Cluster],
    by_key: Mapping[EventRef, Candidate],
    dated: Mapping[EventRef, Dated],
) -> Iterator[tuple[Cluster, Candidate]]:
    """The clusters not dated yet, with their head mentions; checked as the walk goes, so a
    step that dates an event does not date it again."""
    for cluster in clusters:
        if cluster.head not in dated:
            yield cluster, by_key[cluster.head]


def _scope_sentences(
    clusters: Sequence[Cluster],
    by_key: Mapping[EventRef, Candidate],
    anchors: Anchors,
    dated: dict[EventRef, Dated],
) -> None:
    """The time that scopes a sentence dates its other events: "On Sunday, Russia launched
    ... and fired ...". The nearest stated time wins; a reported clause keeps its own time
    (the statement's day is not the day of what it reports), and so does a past perfect."""
    for cluster, head in _undated(clusters, by_key, dated):
        times = anchors.by_sentence.get(head.sentence_index)
        if not times or not _scoped(head):
            continue
        usable = [t for t in times if _scopes(t, head, by_key)]
        if not usable:
            continue
        nearest = min(usable, key=lambda t: abs(t.position - head.token.i))
        when = replace(nearest.dated.when, inferred=True, basis=Inference.SENTENCE_TIME)
        dated[cluster.head] = Dated(when, round(nearest.dated.confidence * CONFIDENCE_SCOPE, 3))


def _scopes(time: SentenceTime, event: Candidate, by_key: Mapping[EventRef, Candidate]) -> bool:
    """Whether a time stated in ``event``'s sentence is the time of its clause too.

    Not when it modifies a word of the event's own complement ("announced that it would
    ship in 2007": 2007 is the shipping's), a relative or adverbial clause elsewhere ("the
    agreement reached in 1991"), or the verb that reports the event's clause.
    """
    if time.dated.when.relation not in _CARRIED:
        return False
    if time.governor is None:
        return True
    governor = by_key[time.governor]
    if event.level == Level.REPORTED and governor.kind == Kind.REPORT:
        return False
    token = governor.token
    if token.i != event.token.i and event.token in token.ancestors:
        return False
    return governor.level != Level.SUBORDINATE or token in event.token.ancestors


def _scoped(candidate: Candidate) -> bool:
    if not candidate.eventive or candidate.quoted:
        return False
    if candidate.kind == Kind.NOUN:
        return candidate.factuality in (Factuality.ASSERTED, Factuality.REPORTED)
    return candidate.dated_ok and candidate.form not in _OWN_TIME_FORMS


def _follow_governors(
    clusters: Sequence[Cluster],
    by_key: Mapping[EventRef, Candidate],
    by_token: Mapping[tuple[int, int], Candidate],
    cluster_of: Mapping[EventRef, Cluster],
    dated: dict[EventRef, Dated],
) -> None:
    """A non-finite verb or an event noun takes the time of the event it completes: "began
    selling", "announced the launch"; what is planned or intended comes after it."""
    for cluster, head in _undated(clusters, by_key, dated):
        if not head.eventive or head.form not in (Form.NONFINITE, Form.NOMINAL):
            continue
        governor = by_token.get((head.base, head.token.head.i))
        if governor is None or governor.key == head.key or head.token.dep_ not in _COMPLETIONS:
            continue
        target = cluster_of[governor.key]
        if target.head not in dated or dated[target.head].when.relation not in _CARRIED:
            continue
        relation = Relation.AFTER if head.factuality == Factuality.PLANNED else Relation.ON
        dated[cluster.head] = _shifted(dated[target.head], relation, RelatedEvent(target.head))


def _before_document(
    clusters: Sequence[Cluster],
    by_key: Mapping[EventRef, Candidate],
    document_day: When,
    dated: dict[EventRef, Dated],
) -> None:
    """A past event of a main clause with nothing else to date it happened before the article
    was written; a planned or future one after it."""
    for cluster, head in _undated(clusters, by_key, dated):
        if not head.eventive or head.quoted:
            continue
        if head.level == Level.SUBORDINATE:
            continue
        if head.form in _PAST_FORMS and head.dated_ok:
            relation = Relation.BEFORE
        elif head.form == Form.FUTURE or head.factuality == Factuality.PLANNED:
            relation = Relation.AFTER
        else:
            continue
        when = replace(document_day, relation=relation)
        dated[cluster.head] = Dated(when, CONFIDENCE_BEFORE_DOCUMENT)


def _carry_narrative(
    candidates: Sequence[Candidate],
    cluster_of: Mapping[EventRef, Cluster],
    explicit: Mapping[EventRef, Dated],
    dated: dict[EventRef, Dated],
    timed_sentences: frozenset[int],
) -> None:
    """Past-tense sentences with no time inherit the last stated time before them, across
    line breaks (many texts put every sentence on a line of its own), for a few sentences."""
    times: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        if candidate.key in explicit:
            times.setdefault(candidate.sentence_index, []).append(candidate)
    last: Dated | None = None
    since = -1
    sentence = -1
    for candidate in candidates:
        if candidate.sentence_index != sentence:
            sentence = candidate.sentence_index
            if sentence in timed_sentences:
                last, since = _sentence_time(times.get(sentence, []), explicit), sentence
        if sentence in timed_sentences or last is None or sentence - since > NARRATIVE_REACH:
            continue
        cluster = cluster_of[candidate.key]
        if cluster.head != candidate.key or cluster.head in dated or not _narrative(candidate):
            continue
        when = replace(last.when, inferred=True, basis=Inference.PREVIOUS_TIME, expression_id=None)
        dated[cluster.head] = Dated(when, round(last.confidence * CONFIDENCE_NARRATIVE, 3))


def _sentence_time(own: Sequence[Candidate], explicit: Mapping[EventRef, Dated]) -> Dated | None:
    """The time a dated sentence hands on: its main clause's, else its last one."""
    if not own:
        return None
    main = [c for c in own if c.level == Level.MAIN]
    chosen = explicit[(main or own)[-1 if not main else 0].key]
    if chosen.when.relation not in _CARRIED:
        return None
    return chosen
