"""Inferred times: every event placed in time from the whole article.

Each event's time is its tense and aspect applied to a reference time (Reichenbach): simple
past happened on the reference time, past perfect before it, present perfect began before it
and holds at it, present tense, progressives and states hold at it, future, modal and planned
events come after it. The reference time is, in order of strength: a time expression that
modifies the event or scopes its clause or sentence; a related event ("before the call"); the
narrative time carried from earlier sentences; the event that governs it ("began selling");
else the article's date, itself evidence: a news article tells what happened shortly before
it, what holds at it and what is expected after it.

The steps (:data:`STEPS`) run in this order, each a pure function that takes the facts and
the times found so far and returns them with its own additions; each dates only events still
undated, so an earlier (stronger) step always wins. Every inferred time carries
``inferred=True``, a ``basis`` and a lower confidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

from spacy.tokens import Token

from service.domain.calendar import interval_of, timex_value, truncate
from service.domain.types import (
    Basis,
    DocContext,
    EventRef,
    Factuality,
    Grain,
    Inference,
    Interval,
    Point,
    PointRelation,
    RelatedEvent,
    Relation,
    When,
)
from service.locale.event_lexicon import EventWords, load_event_words
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
# A flashback (a time well before the day of the news: "In April, a blog obtained a
# prototype") holds for its own sentence and the next; then the story is back at its news.
FLASHBACK_REACH: Final = 1
CONFIDENCE_BEFORE_DOCUMENT: Final = 0.35
# Forms whose time is not the sentence's: "had already agreed" happened before it.
# A present tense is the article's now.
_OWN_TIME_FORMS: Final = frozenset({Form.PAST_PERFECT, Form.PRESENT, Form.PRESENT_PERFECT})
# Dependencies by which a word completes the event of its head: "began selling", "announced
# the launch", "plans to visit".
_COMPLETIONS: Final = frozenset({"xcomp", "ccomp", "obj", "dobj", "nsubj:pass", "acl"})
_OBLIQUES: Final = frozenset({"obl", "nmod", "prep", "pobj", "advmod", "obl:npmod"})
_INVERSE: Final = {Relation.BEFORE: Relation.AFTER, Relation.AFTER: Relation.BEFORE}
_REPORT_FORMS: Final = frozenset({Form.PAST, Form.PRESENT, Form.PRESENT_PERFECT})
_NARRATIVE_FORMS: Final = frozenset({Form.PAST})
# Only an "on" (or "during") time carries over to the next sentences: after "before Monday",
# the next sentence is not known to be before Monday too.
_CARRIED: Final = frozenset({Relation.ON, Relation.DURING})
# The coarsest time a story is told in: a decade or a century ("the late 1970s", "the 11th
# century temple") names an era, not the time of the next sentences.
_STORY_GRAIN: Final = Grain.YEAR
# How many sentences back an event noun looks for the verb that told its event ("Iraq invaded
# Kuwait on Aug. 2 ... the invasion").
REFERENCE_REACH: Final = 12
# Clauses that describe a participant ("the plane, which exploded ...").
_DESCRIBING: Final = frozenset({"acl:relcl", "relcl"})
# Complements that make a verb a state: "stood firm", "remained calm".
_STATE_COMPLEMENTS: Final = frozenset({"xcomp", "acomp"})
# What is yet to happen when it is told.
_AHEAD: Final = frozenset({Factuality.PLANNED, Factuality.HYPOTHETICAL})


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


def _first_word(token: Token) -> Token:
    """The first word of the phrase or clause ``token`` heads (its subordinator, if any)."""
    return next((t for t in token.subtree if not t.is_punct and not t.is_space), token)


def _span_word(token: Token, lex: EventLexicon) -> Relation | None:
    """SINCE or UNTIL when an oblique or a clause opens with "since" or "until"."""
    first = _first_word(token)
    if first.i < token.i and first.lower_ in lex.span_words:
        relation = lex.relation_of.get(first.lower_)
        return relation if relation in (Relation.SINCE, Relation.UNTIL) else None
    return None


def _clause_relation(clause: Token, lex: EventLexicon) -> Relation | None:
    """Relation of the main event to an adverbial clause: "after Vance said" -> AFTER.

    The subordinator is the clause's first word, wherever the parse attached it ("after" may
    hang from the clause's subject).
    """
    first = _first_word(clause)
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
    lasting = _lasting(candidate) or candidate.form == Form.PRESENT_PERFECT
    for child in token.children:
        other = by_token.get((candidate.base, child.i))
        if other is None:
            continue
        end = _span_word(child, lex)
        if (end == Relation.SINCE and not lasting
                or end == Relation.UNTIL and candidate.factuality == Factuality.NEGATED):
            end = None  # "left since he was tired" gives a reason; "not until" a day
        if end is not None and (child.dep_ == "advcl" or child.dep_ in _OBLIQUES
                                and other.kind == Kind.NOUN):
            yield other, end  # "has not worked since the attack", "until he retired"
        elif child.dep_ in _OBLIQUES and other.kind == Kind.NOUN:
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


@dataclass(frozen=True, slots=True)
class Facts:
    """What every step reads, built once per request.

    Attributes:
        ctx: the request context.
        candidates: every event candidate, in document order.
        clusters: the merged events.
        anchors: the explicit times by candidate and the stated times by sentence.
        timed_sentences: indices of the sentences that hold a date or time expression.
        lex: the event lexicon.
        by_key: candidates by key.
        by_token: candidates by (paragraph offset, token index).
        cluster_of: the cluster of each candidate.
        document_day: the article's date as an inferred time, if known.
        words: the event words (which verb an event noun names).
    """

    ctx: DocContext
    candidates: Sequence[Candidate]
    clusters: Sequence[Cluster]
    anchors: Anchors
    timed_sentences: frozenset[int]
    lex: EventLexicon
    by_key: Mapping[EventRef, Candidate]
    by_token: Mapping[tuple[int, int], Candidate]
    cluster_of: Mapping[EventRef, Cluster]
    document_day: When | None
    words: EventWords
    news_day: When | None = None


Times = Mapping[EventRef, Dated]
Step = Callable[[Facts, Times], Times]


def make_facts(
    ctx: DocContext,
    candidates: Sequence[Candidate],
    clusters: Sequence[Cluster],
    anchors: Anchors,
    timed_sentences: frozenset[int],
    lex: EventLexicon,
) -> Facts:
    """The lookup tables every step shares, built once."""
    by_key = MappingProxyType({c.key: c for c in candidates})
    by_token = MappingProxyType({(c.base, c.token.i): c for c in candidates})
    return Facts(
        ctx=ctx,
        candidates=candidates,
        clusters=clusters,
        anchors=anchors,
        timed_sentences=timed_sentences,
        lex=lex,
        by_key=by_key,
        by_token=by_token,
        cluster_of=MappingProxyType(
            {key: cluster for cluster in clusters for key in cluster.members}
        ),
        document_day=_document_day(ctx),
        words=load_event_words(),
        news_day=_news_day(ctx, anchors, by_key, by_token),
    )


# The lead: the first sentences with a time, among the first few of the text (a headline and
# a dateline may come before it).
LEAD_SENTENCES: Final = 3
LEAD_REACH: Final = 6
NEWS_DAYS: Final = 7


def _news_day(
    ctx: DocContext,
    anchors: Anchors,
    by_key: Mapping[EventRef, Candidate],
    by_token: Mapping[tuple[int, int], Candidate],
) -> When | None:
    """The day the article's news happened, when the first main-clause event its lead dates
    is shortly before the article's date ("Yesterday, Jobs unveiled ..."); None when that
    event is on the article's date ("today sought peace") or the lead dates nothing. A
    dateline dates no event, and a time inside what someone said ("officials said the rebels
    withdrew on Sunday") is not the day of the news: neither counts."""
    if ctx.document_date is None:
        return None
    lead = [i for i in sorted(anchors.by_sentence)[:LEAD_SENTENCES] if i <= LEAD_REACH]
    for time in (t for sentence in lead for t in anchors.by_sentence[sentence]):
        when = time.dated.when
        if (time.governor is None or not _told_in_main(by_key[time.governor], by_token)
                or when.relation not in _CARRIED or when.granularity != Grain.DAY
                or not when.value):
            continue
        try:
            day = date.fromisoformat(when.value[:10])
        except ValueError:
            continue
        if 0 < (ctx.document_date - day).days <= NEWS_DAYS:
            return replace(when, inferred=True, basis=Inference.NEWS_DAY, expression_id=None)
        return None
    return None


def _told_in_main(
    candidate: Candidate, by_token: Mapping[tuple[int, int], Candidate]
) -> bool:
    """An event of a main clause (or of the clause after a dateline), or an event noun a
    main-clause verb acts on ("reported a rise in profit on Wednesday")."""
    if candidate.level == Level.MAIN:
        return True
    head = by_token.get((candidate.base, candidate.token.head.i))
    token = candidate.token
    if token.dep_ == "parataxis" and head is None and token.head.i < token.i:
        return True  # the clause after a dateline ("MOSCOW: Trump spoke ...")
    return (candidate.kind == Kind.NOUN and head is not None and head.level == Level.MAIN
            and candidate.token.dep_ in _COMPLETIONS)


def _with(times: Times, added: Mapping[EventRef, Dated]) -> Times:
    """``times`` with ``added`` (never overriding an earlier, stronger step)."""
    if not added:
        return times
    merged = dict(added)
    merged.update(times)
    return MappingProxyType(merged)


def _refined(times: Times, changed: Mapping[EventRef, Dated]) -> Times:
    """``times`` with ``changed`` replacing what it held (a step that refines given times)."""
    if not changed:
        return times
    return MappingProxyType({**times, **changed})


def _undated(facts: Facts, times: Times) -> Iterator[tuple[Cluster, Candidate]]:
    for cluster in facts.clusters:
        if cluster.head not in times:
            yield cluster, facts.by_key[cluster.head]


def stated_times(facts: Facts, times: Times) -> Times:
    """The times expressions state: the expression that modifies one of the event's
    mentions."""
    explicit = facts.anchors.explicit
    return _with(times, {
        c.head: explicit[c.dated_by] for c in facts.clusters if c.dated_by is not None
    })


def related_events(facts: Facts, times: Times) -> Times:
    """Events placed before or after a dated event: "spoke ... before the US leader's call
    with Putin" is before the call's date."""
    dated = dict(times)
    for cluster, _ in _undated(facts, times):
        for key in cluster.members:
            candidate = facts.by_key[key]
            if candidate.light:
                continue
            # what did not happen is placed only by the start of its not happening ("has
            # not worked since the attack")
            since_only = not candidate.dated_ok and candidate.kind != Kind.NOUN
            for other, relation in _related_links(candidate, facts.by_token, facts.lex):
                if since_only and relation != Relation.SINCE:
                    continue
                target = facts.cluster_of[other.key]
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
    return MappingProxyType(dated)


def scoped_sentences(facts: Facts, times: Times) -> Times:
    """The time that scopes a sentence dates its other events: "On Sunday, Russia launched
    ... and fired ...". The nearest stated time wins; a reported clause keeps its own time
    (the statement's day is not the day of what it reports), and so does a past perfect."""
    added: dict[EventRef, Dated] = {}
    for cluster, head in _undated(facts, times):
        found = facts.anchors.by_sentence.get(head.sentence_index)
        if not found or not _scoped(head):
            continue
        usable = [t for t in found if _scopes(t, head, facts.by_key)]
        if not usable:
            continue
        nearest = min(usable, key=lambda t: abs(t.position - head.token.i))
        when = replace(nearest.dated.when, inferred=True, basis=Inference.SENTENCE_TIME)
        added[cluster.head] = Dated(when, round(nearest.dated.confidence * CONFIDENCE_SCOPE, 3))
    return _with(times, added)


def reports_on_document_date(facts: Facts, times: Times) -> Times:
    """Who said what is dated by the article, not by the story it tells: a reporting verb of a
    main clause ("a source ... said") is on the article's date, or on the day its lead gives
    the news ("Jobs said yesterday ... Jobs also said ...")."""
    day = facts.news_day or facts.document_day
    if day is None:
        return times
    added: dict[EventRef, Dated] = {}
    for cluster, head in _undated(facts, times):
        if head.kind == Kind.REPORT and _report_on_document_date(head, facts.lex):
            # "said in a statement" tells of an occasion of its own, not the lead's
            # and a present tense ("says") is the article's now
            own = (facts.document_day if head.form != Form.PAST or _has_occasion(head, facts)
                   else day)
            if own is not None:
                added[cluster.head] = Dated(own, CONFIDENCE_DOCUMENT + 0.05)
    return _with(times, added)


def narrative_time(facts: Facts, times: Times) -> Times:
    """Past-tense sentences with no time inherit the last stated time before them, across
    line breaks (many texts put every sentence on a line of its own), for a few sentences."""
    explicit = facts.anchors.explicit
    by_sentence: dict[int, list[Candidate]] = {}
    for candidate in facts.candidates:
        if candidate.key in explicit:
            by_sentence.setdefault(candidate.sentence_index, []).append(candidate)
    added: dict[EventRef, Dated] = {}
    last: Dated | None = None
    since = -1
    sentence = -1
    reach = NARRATIVE_REACH
    own: Dated | None = None
    for candidate in facts.candidates:
        if candidate.sentence_index != sentence:
            sentence = candidate.sentence_index
            own = None
            if sentence in facts.timed_sentences:
                own = _sentence_time(by_sentence.get(sentence, []), explicit) or _stated_in(
                    facts, sentence
                )
                if own is not None:
                    last, since = own, sentence
                    reach = FLASHBACK_REACH if _flashback(last, facts.news_day) else NARRATIVE_REACH
        # a sentence whose only times are not days of the story ("before half-time", "for
        # two hours") stays in the story's time
        if own is not None or last is None or sentence - since > reach:
            continue
        cluster = facts.cluster_of[candidate.key]
        if (cluster.head != candidate.key or cluster.head in times
                or not _narrative(candidate)):
            continue
        when = replace(last.when, inferred=True, basis=Inference.PREVIOUS_TIME,
                       expression_id=None)
        added[cluster.head] = Dated(when, round(last.confidence * CONFIDENCE_NARRATIVE, 3))
    return _with(times, added)


def _flashback(time: Dated, news_day: When | None) -> bool:
    """Whether ``time`` ends well before the day the article's lead gives its news."""
    if news_day is None or news_day.interval is None or time.when.interval is None:
        return False
    gap = news_day.interval.start - time.when.interval.end
    return gap.days >= NEWS_DAYS


def referring_nouns(facts: Facts, times: Times) -> Times:
    """An event noun takes the time of the event a verb told a few sentences before it, when
    the noun names that verb's act: "Iraq invaded Kuwait on Aug. 2 ... the invasion", "the
    company launched the phone on Monday ... its launch"."""
    told: dict[str, tuple[int, EventRef]] = {}
    added: dict[EventRef, Dated] = {}
    for candidate in facts.candidates:
        cluster = facts.cluster_of[candidate.key]
        if candidate.kind in (Kind.VERB, Kind.REPORT):
            dated = times.get(cluster.head)
            if dated is not None and dated.when.relation in _CARRIED:
                told[candidate.token.lemma_.lower()] = (candidate.sentence_index, cluster.head)
            continue
        if (candidate.kind != Kind.NOUN or cluster.head != candidate.key
                or cluster.head in times or candidate.factuality in _AHEAD):
            continue
        entry = facts.words.noun_event(candidate.token.lemma_)
        if entry is None or entry.verb is None or entry.verb not in told:
            continue
        sentence, target = told[entry.verb]
        if candidate.sentence_index - sentence <= REFERENCE_REACH:
            added[cluster.head] = _shifted(times[target], Relation.ON, RelatedEvent(target))
    return _with(times, added)


def governing_events(facts: Facts, times: Times) -> Times:
    """A non-finite verb or an event noun takes the time of the event it completes: "began
    selling", "announced the launch"; what is planned or intended comes after it."""
    added: dict[EventRef, Dated] = {}
    for cluster, head in _undated(facts, times):
        if not head.eventive or head.form not in (Form.NONFINITE, Form.NOMINAL):
            continue
        governor = facts.by_token.get((head.base, head.token.head.i))
        infinitive = _infinitive(head, facts.lex)
        if governor is None or governor.key == head.key or (
            head.token.dep_ not in _COMPLETIONS and not infinitive
        ):
            continue
        target = facts.cluster_of[governor.key]
        if target.head not in times or times[target.head].when.relation not in _CARRIED:
            continue
        relation = Relation.AFTER if _ahead(head, facts.lex) else Relation.ON
        added[cluster.head] = _shifted(times[target.head], relation, RelatedEvent(target.head))
    return _with(times, added)


def tense_on_document_date(facts: Facts, times: Times) -> Times:
    """The rest of the finite events, by tense and aspect against the article's date."""
    if facts.document_day is None:
        return times
    added: dict[EventRef, Dated] = {}
    for cluster, head in _undated(facts, times):
        if head.form in (Form.NONFINITE, Form.NOMINAL):
            continue
        if _present_ahead(head, facts):
            added[cluster.head] = Dated(replace(facts.document_day, relation=Relation.AFTER),
                                        CONFIDENCE_BEFORE_DOCUMENT)
            continue
        dated = _by_tense(head, facts.document_day, facts.news_day, facts.lex)
        if dated is not None:
            added[cluster.head] = dated
    return _with(times, added)


def nominal_on_document_date(facts: Facts, times: Times) -> Times:
    """Event nouns and non-finite verbs that nothing else dates: what is planned, intended or
    possible comes after the article's date; what happened is on it."""
    if facts.document_day is None:
        return times
    added: dict[EventRef, Dated] = {}
    for cluster, head in _undated(facts, times):
        if not head.eventive:
            continue
        relation = Relation.AFTER if _ahead(head, facts.lex) else Relation.ON
        added[cluster.head] = Dated(
            replace(facts.document_day, relation=relation), CONFIDENCE_BEFORE_DOCUMENT
        )
    return _with(times, added)


def _infinitive(candidate: Candidate, lex: EventLexicon) -> bool:
    """A "to" infinitive: "plans to visit", "sent troops to protect"."""
    token = candidate.token
    base = token.tag_ == "VB" or any(
        c.dep_ in {"aux", "aux:pass"} and c.tag_ == "VB" for c in token.children
    )  # "to visit", "to be expelled", "to have left"
    return base and any(
        c.lower_ in lex.infinitive_markers and c.i < token.i for c in token.children
    )


def _ahead(candidate: Candidate, lex: EventLexicon) -> bool:
    """Whether an event is told before it happens: planned or possible, or an infinitive
    that completes a verb other than an aspectual one ("wants to end", "sent troops to
    protect", but "began to fall")."""
    if candidate.factuality in _AHEAD:
        return True
    return _infinitive(candidate, lex) and not has_lemma(candidate.token.head, lex.aspectual_verbs)


def _present_ahead(candidate: Candidate, facts: Facts) -> bool:
    """A present tense that tells what is still to come: the clause of a condition or a time
    ahead ("until the crisis ends", "if it does not back down"), or of a time ("when", "as")
    in a clause that is itself ahead ("will stay when the troops arrive")."""
    token = candidate.token
    if candidate.form != Form.PRESENT or token.dep_ != "advcl":
        return False
    first = _first_word(token)
    if first.i >= token.i:
        return False
    mark = first.lower_
    if mark in facts.lex.ahead_clause_marks:
        return True
    if mark not in facts.lex.ahead_with_head_marks:
        return False
    governor = facts.by_token.get((candidate.base, token.head.i))
    return governor is not None and (
        governor.form in (Form.FUTURE, Form.MODAL) or _ahead(governor, facts.lex)
    )


def _lasting(candidate: Candidate) -> bool:
    """A state or a process rather than a happening: a copular or light verb, a progressive
    ("has been fighting"), or a verb with an adjective complement ("has stood firm")."""
    if candidate.kind == Kind.STATE or candidate.light or candidate.token.tag_ == "VBG":
        return True
    return any(c.dep_ in _STATE_COMPLEMENTS and c.pos_ == "ADJ" for c in candidate.token.children)


def _by_tense(
    head: Candidate, document_day: When, news_day: When | None, lex: EventLexicon
) -> Dated | None:
    """Reichenbach on the article's date: the time of a finite event from its form."""
    day = document_day.value
    form = head.form
    if head.factuality in _AHEAD or form in (Form.FUTURE, Form.MODAL):
        return Dated(replace(document_day, relation=Relation.AFTER), CONFIDENCE_BEFORE_DOCUMENT)
    if form == Form.PAST_PERFECT:
        # before the story's past: the day of the news when the lead gives one
        return Dated(replace(news_day or document_day, relation=Relation.BEFORE),
                     CONFIDENCE_BEFORE_DOCUMENT)
    if form == Form.PAST:
        if head.token.dep_ in _DESCRIBING:
            # a relative clause describes a participant by what it did before
            return Dated(replace(document_day, relation=Relation.BEFORE),
                         CONFIDENCE_BEFORE_DOCUMENT)
        return Dated(news_day or document_day, CONFIDENCE_NARRATIVE)
    if form == Form.PRESENT_PERFECT and not _lasting(head):
        if any(c.dep_ == "advmod" and c.lower_ in lex.hot_news_adverbs
               for c in head.token.children):
            return Dated(document_day, CONFIDENCE_DOCUMENT)  # "has just resigned": today's news
        # "three of his buyers have backed out": done before now, its result holds
        return Dated(replace(document_day, relation=Relation.BEFORE), CONFIDENCE_DOCUMENT)
    if form in (Form.PRESENT, Form.PRESENT_PERFECT):
        # "is wary", "has stood firm": began before the article and still holds
        when = replace(document_day, begin=Point(PointRelation.BEFORE, day, Grain.DAY),
                       end=Point(PointRelation.AFTER, day, Grain.DAY))
        return Dated(when, CONFIDENCE_DOCUMENT)
    return None


_LENGTH: Final = re.compile(r"P(\d{1,4})([YMWD])")
_LENGTH_GRAINS: Final = {"Y": Grain.YEAR, "M": Grain.MONTH, "W": Grain.DAY, "D": Grain.DAY}


def lasting_lengths(facts: Facts, times: Times) -> Times:
    """An event told in the present or present perfect with a length ("has run the bakery
    for 31 years", "has lived here for a decade") began that long before the article's date
    and still holds: it is dated since the article's date less its length."""
    day = facts.document_day
    if day is None or facts.ctx.document_date is None or not facts.anchors.lengths:
        return times
    added: dict[EventRef, Dated] = {}
    for cluster in facts.clusters:
        dated = times.get(cluster.head)
        head = facts.by_key[cluster.head]
        if (dated is None or not dated.when.inferred or dated.when.value != day.value
                or head.form not in (Form.PRESENT, Form.PRESENT_PERFECT)):
            continue
        length = next((facts.anchors.lengths[k] for k in cluster.members
                       if k in facts.anchors.lengths), None)
        match = _LENGTH.fullmatch(length.value or "") if length is not None else None
        if match is None:
            continue
        count, unit = int(match[1]), match[2]
        grain = _LENGTH_GRAINS[unit]
        start = _before(facts.ctx.document_date, count, unit)
        if start is None:
            continue
        period = truncate(start, grain)
        when = replace(dated.when, relation=Relation.SINCE, value=timex_value(period),
                       granularity=grain, interval=interval_of(period, facts.ctx.timezone),
                       begin=None, end=None)
        added[cluster.head] = replace(dated, when=when)
    return _refined(times, added)


def _before(day: date, count: int, unit: str) -> date | None:
    """``day`` less ``count`` years, months, weeks or days; None before year 1."""
    try:
        if unit == "D":
            return day - timedelta(days=count)
        if unit == "W":
            return day - timedelta(weeks=count)
        months = day.year * 12 + day.month - 1 - (count * 12 if unit == "Y" else count)
        return date(months // 12, months % 12 + 1, 1)
    except (ValueError, OverflowError):
        return None


def lasting_ends(facts: Facts, times: Times) -> Times:
    """The two ends of an event whose time is a "since" or "until": "has lived in the city
    since 1990" began in 1990 and, told in the present, still holds after the article's
    date; "worked as an inspector until 1984" ended in 1984 and began before it."""
    added: dict[EventRef, Dated] = {}
    for cluster in facts.clusters:
        dated = times.get(cluster.head)
        if dated is None or dated.when.spans or dated.when.value is None:
            continue
        when = dated.when
        head = facts.by_key[cluster.head]
        point = Point(PointRelation.ON, when.value, when.granularity)
        if when.relation == Relation.SINCE:
            holds = head.form in (Form.PRESENT, Form.PRESENT_PERFECT)
            day = facts.document_day
            end = (Point(PointRelation.AFTER, day.value, Grain.DAY)
                   if holds and day is not None else Point(PointRelation.OPEN))
            added[cluster.head] = replace(dated, when=replace(when, begin=point, end=end))
        elif when.relation == Relation.UNTIL:
            begin = Point(PointRelation.BEFORE, when.value, when.granularity)
            added[cluster.head] = replace(dated, when=replace(when, begin=begin, end=point))
    return _refined(times, added)


_TOLD_BEFORE: Final = frozenset({Form.PAST, Form.PAST_PERFECT, Form.PRESENT_PERFECT})


def within_document_date(facts: Facts, times: Times) -> Times:
    """An event in a period that holds the article's date lies on the side of the date its
    tense says: "met this week" is in the part of the week up to the article's day, "will
    open stores this year" in the part after it. The value still names the period; the
    interval is cut at the article's day."""
    day = facts.document_day
    if day is None or day.interval is None:
        return times
    today = day.interval
    added: dict[EventRef, Dated] = {}
    for cluster in facts.clusters:
        dated = times.get(cluster.head)
        if dated is None:
            continue
        when = dated.when
        span = when.interval
        if (when.spans or when.relation not in _CARRIED or span is None
                or not span.start <= today.start < today.end <= span.end
                or (span.start, span.end) == (today.start, today.end)):
            continue
        head = facts.by_key[cluster.head]
        if head.factuality in _AHEAD or head.form in (Form.FUTURE, Form.MODAL):
            cut = Interval(today.start, span.end)
        elif head.form in _TOLD_BEFORE:
            cut = Interval(span.start, today.end)
        else:
            continue
        added[cluster.head] = replace(dated, when=replace(when, interval=cut))
    return _refined(times, added)


# The order of the steps is the order of strength of their reference times.
STEPS: Final[tuple[Step, ...]] = (
    stated_times,
    related_events,
    referring_nouns,
    scoped_sentences,
    reports_on_document_date,
    narrative_time,
    referring_nouns,
    related_events,
    governing_events,
    tense_on_document_date,
    related_events,
    governing_events,
    nominal_on_document_date,
    lasting_lengths,
    lasting_ends,
    within_document_date,
)


def infer_times(facts: Facts, steps: Sequence[Step] = STEPS) -> Times:
    """Date every event, explicitly or by inference.

    Args:
        facts: the request's candidates, clusters, anchors and lookup tables
            (:func:`make_facts`).
        steps: the steps, in order (default :data:`STEPS`).

    Returns:
        The time of each dated event, keyed by its cluster's head key.
    """
    times: Times = MappingProxyType({})
    for step in steps:
        times = step(facts, times)
    return times


def _report_on_document_date(candidate: Candidate, lex: EventLexicon) -> bool:
    """A reporting verb of a main clause, not quoted, that states (not believes) something."""
    if not candidate.dated_ok or candidate.quoted or candidate.level == Level.SUBORDINATE:
        return False
    return candidate.form in _REPORT_FORMS and not has_lemma(candidate.token, lex.belief_verbs)


def _narrative(candidate: Candidate) -> bool:
    return (
        candidate.dated_ok
        and not candidate.quoted
        and candidate.level != Level.SUBORDINATE
        and candidate.kind in (Kind.VERB, Kind.REPORT, Kind.STATE)
        and not candidate.light
        and candidate.form in _NARRATIVE_FORMS
    )


def _scopes(time: SentenceTime, event: Candidate, by_key: Mapping[EventRef, Candidate]) -> bool:
    """Whether a time stated in ``event``'s sentence is the time of its clause too.

    Not when it modifies a word of the event's own complement ("announced that it would
    ship in 2007": 2007 is the shipping's), a relative or adverbial clause elsewhere ("the
    agreement reached in 1991"), or the verb that reports the event's clause.
    """
    if time.dated.when.relation not in _CARRIED:
        return False
    if time.governor is None:
        return _story_time(time.dated)
    governor = by_key[time.governor]
    if event.level == Level.REPORTED and governor.kind == Kind.REPORT:
        return False
    if _occasion(governor, event):
        return True
    token = governor.token
    if token.i != event.token.i and event.token in token.ancestors:
        return False
    return governor.level != Level.SUBORDINATE or token in event.token.ancestors


def _occasion(noun: Candidate, event: Candidate) -> bool:
    """Whether an event noun is the occasion of ``event``, so that its time is the event's:
    "In a July 16 press conference, Jobs said ..."."""
    token = noun.token
    return noun.kind == Kind.NOUN and token.head.i == event.token.i and token.dep_ in _OBLIQUES


def _has_occasion(candidate: Candidate, facts: Facts) -> bool:
    """Whether an event noun hangs from ``candidate`` as its occasion ("said in a statement")."""
    for child in candidate.token.children:
        noun = facts.by_token.get((candidate.base, child.i))
        if noun is not None and _occasion(noun, candidate):
            return True
    return False


def _scoped(candidate: Candidate) -> bool:
    if not candidate.eventive or candidate.quoted:
        return False
    if candidate.kind == Kind.NOUN:
        return candidate.factuality in (Factuality.ASSERTED, Factuality.REPORTED)
    return candidate.dated_ok and candidate.form not in _OWN_TIME_FORMS


def _stated_in(facts: Facts, sentence: int) -> Dated | None:
    """The first day-like time stated in a sentence whose events the parse does not tie it
    to ("Marsh scored twice as City beat Rovers 3-1 on Saturday", "beat" read as a noun)."""
    for time in facts.anchors.by_sentence.get(sentence, ()):
        if not _story_time(time.dated):
            continue
        if time.governor is not None:
            governor = facts.by_key[time.governor]
            if not governor.dated_ok or governor.form in (Form.FUTURE, Form.MODAL):
                continue
        return time.dated
    return None


def _sentence_time(own: Sequence[Candidate], explicit: Mapping[EventRef, Dated]) -> Dated | None:
    """The time a dated sentence hands on: its main clause's, else its last one."""
    if not own:
        return None
    # the story's time is what happened: a planned or possible event's time ("plans 400
    # new stores in 2026") is not the time of the next sentence
    own = [c for c in own if c.dated_ok and c.form not in (Form.FUTURE, Form.MODAL)]
    if not own:
        return None
    main = [c for c in own if c.level == Level.MAIN]
    chosen = explicit[(main or own)[-1 if not main else 0].key]
    return chosen if _story_time(chosen) else None


def _story_time(dated: Dated) -> bool:
    """Whether a time can be the time a story is told in (and so carried on)."""
    when = dated.when
    return when.relation in _CARRIED and (
        when.granularity is None or when.granularity <= _STORY_GRAIN
    )
