"""Stage: events from the parse, each dated by the time expression that modifies it.

A time expression attaches to the predicate (verb or event noun) above it in the dependency
tree, not to the nearest word; the event gets that predicate as trigger, its participants
from the parse, a summary made of the sentence's own words, and a factuality.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Token

from service.nlp.parse import ParsedText, Sentence
from service.nlp.syntax import (
    governing_predicate,
    is_passive,
    noun_phrase,
    objects,
    passive_agent,
    recipient,
    subject,
)
from service.pipeline.types import (
    Event,
    Factuality,
    Participant,
    Relation,
    Span,
    TimeExpression,
    TimexType,
    When,
)

RELATION_BY_CASE: Final = {
    "on": Relation.ON, "in": Relation.ON, "at": Relation.ON, "of": Relation.ON,
    "before": Relation.BEFORE, "by": Relation.BEFORE, "prior": Relation.BEFORE,
    "ahead": Relation.BEFORE, "after": Relation.AFTER, "following": Relation.AFTER,
    "since": Relation.SINCE, "until": Relation.UNTIL, "till": Relation.UNTIL,
    "through": Relation.UNTIL, "during": Relation.DURING, "throughout": Relation.DURING,
    "within": Relation.DURING, "over": Relation.DURING, "from": Relation.SINCE,
}
REPORTING_VERBS: Final = frozenset(
    "say tell report claim allege believe think accuse announce state insist argue suggest "
    "warn add note write estimate assert deny confirm suspect fear expect predict "
    "acknowledge admit testify explain".split()
)
PLAN_VERBS: Final = frozenset("plan intend expect schedule aim hope want prepare seek "
                              "propose promise pledge vow threaten".split())
HYPOTHETICAL_MODALS: Final = frozenset({"could", "would", "may", "might", "should", "ca", "can",
                                        "'d", "must"})
FUTURE_MODALS: Final = frozenset({"will", "shall", "'ll", "wo"})
NEGATIONS: Final = frozenset({"not", "n't", "never", "no", "neither", "nor", "nobody", "none"})
TOPIC_CASES: Final = ("about", "on", "over", "against", "into", "for", "from", "with", "to",
                      "in", "at")
_CLAUSAL: Final = frozenset({"advcl", "ccomp", "parataxis", "conj", "cc", "mark", "punct",
                             "acl:relcl", "relcl", "csubj", "discourse", "dep", "list",
                             "vocative", "dislocated", "reparandum"})


@dataclass(frozen=True, slots=True)
class Anchoring:
    """A time expression and the predicate it dates."""

    timex: TimeExpression
    sentence: Sentence
    predicate: Token
    relation: Relation


def _relation(timex_root: Token) -> Relation:
    for child in timex_root.children:
        if child.dep_ in ("case", "mark", "prep") and child.lower_ in RELATION_BY_CASE:
            return RELATION_BY_CASE[child.lower_]
    head = timex_root.head
    if timex_root.dep_ == "pobj" and head.lower_ in RELATION_BY_CASE:  # ClearNLP style
        return RELATION_BY_CASE[head.lower_]
    return Relation.ON


def _anchorings(parsed: ParsedText, timexes: Sequence[TimeExpression]) -> list[Anchoring]:
    found: list[Anchoring] = []
    for timex in timexes:
        if timex.type not in (TimexType.DATE, TimexType.TIME) or timex.interval is None:
            continue
        located = parsed.char_span(timex.start, timex.end)
        if located is None:
            continue
        sentence, span = located
        root = span.root
        predicate = governing_predicate(root)
        if predicate is None:
            sent_root = sentence.span.root
            if sent_root.i in range(span.start, span.end):
                continue
            predicate = sent_root
        found.append(Anchoring(timex, sentence, predicate, _relation(root)))
    return found


def _specific_first(anchorings: Iterable[Anchoring]) -> dict[int, Anchoring]:
    """One time per predicate: the finest granularity wins, then the first mentioned."""
    best: dict[int, Anchoring] = {}
    for a in anchorings:
        key = a.predicate.i + a.sentence.base * 100_000
        current = best.get(key)
        rank = (a.timex.granularity or 99, a.timex.start)
        if current is None or rank < (current.timex.granularity or 99, current.timex.start):
            best[key] = a
    return best


def _coordinated(a: Anchoring) -> list[Token]:
    """Verbs conjoined with the predicate before the time expression share it."""
    timex_offset = a.timex.start - a.sentence.base
    return [
        c for c in a.predicate.conjuncts
        if c.idx < timex_offset and c.pos_ in ("VERB", "AUX") and c.i != a.predicate.i
        and not any(ch.dep_ in ("obl", "obl:tmod", "nmod:tmod") and ch.ent_type_ == "" and
                    ch.idx > c.idx and ch.idx < a.predicate.idx for ch in c.children)
    ]


def factuality(predicate: Token) -> Factuality:
    """Negated, hypothetical, reported, planned or asserted, read from the parse."""
    children = list(predicate.children)
    if any(c.dep_ in ("neg", "advmod") and c.lower_ in NEGATIONS for c in children) or any(
        c.dep_ in ("nsubj", "nsubj:pass") and c.lower_ in ("nobody", "no-one")
        for c in children
    ):
        return Factuality.NEGATED
    if any(c.dep_ == "det" and c.lower_ == "no" for c in children) and predicate.pos_ == "NOUN":
        return Factuality.NEGATED
    aux_words = {c.lower_ for c in children if c.dep_ in ("aux", "aux:pass", "auxpass")}
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in children):
        return Factuality.HYPOTHETICAL
    if aux_words & HYPOTHETICAL_MODALS:
        return Factuality.HYPOTHETICAL
    current = predicate
    planned = bool(aux_words & FUTURE_MODALS)
    for _ in range(8):
        head = current.head
        if head.i == current.i:
            break
        lemma = head.lemma_.lower()
        if current.dep_ in ("ccomp", "xcomp", "parataxis") and lemma in REPORTING_VERBS and \
                current.dep_ != "xcomp":
            return Factuality.REPORTED
        if current.dep_ == "xcomp" and lemma in PLAN_VERBS:
            planned = True
        if current.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in current.children
        ):
            return Factuality.HYPOTHETICAL
        if current.dep_ not in ("xcomp", "ccomp", "conj"):
            break
        current = head
    if planned:
        return Factuality.PLANNED
    return Factuality.ASSERTED


def _participants(predicate: Token, base: int) -> list[Participant]:
    found: list[Participant] = []
    seen: set[tuple[int, int]] = set()

    def add(token: Token | None, role: str) -> None:
        if token is None or token.pos_ == "PRON" and token.lower_ in ("who", "which", "that"):
            return
        phrase = noun_phrase(token, base)
        key = (phrase.start, phrase.end)
        if key in seen:
            return
        seen.add(key)
        found.append(Participant(phrase.text, role, phrase.start, phrase.end))

    subj = subject(predicate)
    if is_passive(predicate):
        add(passive_agent(predicate), "agent")
        add(subj, "patient")
    else:
        add(subj, "agent")
    rec = recipient(predicate)
    for obj in objects(predicate):
        if rec is None or obj.i != rec.i:
            add(obj, "patient")
    add(rec, "recipient")
    for child in predicate.children:
        if child.dep_ in ("obl", "nmod") and child.pos_ == "PROPN" and any(
            c.dep_ == "case" and c.lower_ in ("in", "at") for c in child.children
        ):
            add(child, "location")
    return found


def _phrase_ids(head: Token, stop: int | None = None) -> set[int]:
    """Token indices of ``head``'s subtree without its clauses."""
    keep: set[int] = set()
    stack = [head]
    while stack:
        node = stack.pop()
        keep.add(node.i)
        for child in node.children:
            if child.dep_ in ("acl:relcl", "relcl", "appos", "advcl", "parataxis"):
                continue
            if child.dep_ in ("punct",) and child.i > head.i and node.i == head.i:
                continue
            stack.append(child)
    return keep


def summarize(predicate: Token, excluded: tuple[int, int], base: int) -> str:
    """A short clause of the sentence's own words, in order: agent, verb group, object or
    complement, and the most informative prepositional phrases."""
    doc = predicate.doc
    keep: set[int] = {predicate.i}
    children = list(predicate.children)
    subj = subject(predicate)
    if subj is not None and subj.i not in range(predicate.i - 60, predicate.i + 60):
        subj = None
    agent_ids: set[int] = set()
    if subj is not None:
        phrase = noun_phrase(subj, 0)
        agent_ids = {t.i for t in doc if phrase.start <= t.idx < phrase.end}
    for child in children:
        dep = child.dep_
        if dep in ("aux", "aux:pass", "auxpass", "neg", "prt", "compound:prt", "cop") or (
            dep == "advmod" and child.lower_ in NEGATIONS
        ):
            keep.add(child.i)
        elif dep in ("obj", "dobj", "iobj", "dative", "attr", "acomp", "xcomp", "ccomp",
                     "oprd"):
            keep |= _phrase_ids(child)
    topic_budget = 2
    obliques = [c for c in children if c.dep_ in ("obl", "nmod", "prep", "obl:agent", "agent")]
    for case in TOPIC_CASES:
        for child in obliques:
            marker = next((c.lower_ for c in child.children if c.dep_ == "case"), child.lower_)
            start = base + child.idx
            if marker != case or excluded[0] <= start < excluded[1] or topic_budget == 0:
                continue
            if any(t.i in keep for t in child.subtree):
                continue
            keep |= _phrase_ids(child)
            topic_budget -= 1
    keep = {i for i in keep if not (excluded[0] <= base + doc[i].idx < excluded[1])}
    keep |= agent_ids
    # drop time-expression tokens and anything after a quote-opening clause mark
    ordered = sorted(i for i in keep if not doc[i].is_space)
    if not ordered:
        return predicate.text
    words: list[str] = []
    prev = None
    for i in ordered:
        token = doc[i]
        if prev is not None and i == prev + 1:
            words[-1] = words[-1] + doc[prev].whitespace_
            words.append(token.text)
        else:
            if words:
                words[-1] = words[-1].rstrip() + " "
            words.append(token.text)
        prev = i
    summary = "".join(words).strip()
    summary = summary.strip(" ,;:-—\"'“”")
    return summary


def _trigger(token: Token, base: int) -> Span:
    return Span(base + token.idx, base + token.idx + len(token.text), token.text)


def build_events(parsed: ParsedText, timexes: Sequence[TimeExpression]) -> tuple[Event, ...]:
    """One event per predicate that a time expression dates, with coordinated verbs.

    Args:
        parsed: the parsed request text.
        timexes: the resolved time expressions.

    Returns:
        Events in document order (ids are assigned when the timeline is ordered).
    """
    events: list[Event] = []
    by_predicate = _specific_first(_anchorings(parsed, timexes))
    for a in sorted(by_predicate.values(), key=lambda a: a.sentence.base + a.predicate.idx):
        base = a.sentence.base
        for predicate in (a.predicate, *_coordinated(a)):
            when = When(
                expression_id=a.timex.id,
                value=a.timex.value,
                granularity=a.timex.granularity,
                interval=a.timex.interval,
                relation=a.relation,
                inferred=False,
                basis=None,
            )
            sentence = Span(a.sentence.start, a.sentence.end, a.sentence.text)
            events.append(
                Event(
                    id="",
                    trigger=_trigger(predicate, base),
                    summary=summarize(predicate, (a.timex.start, a.timex.end), base),
                    participants=tuple(_participants(predicate, base)),
                    sentence=sentence,
                    when=when,
                    factuality=factuality(predicate),
                    confidence=round(a.timex.confidence * 0.9, 3),
                )
            )
    return tuple(events)
