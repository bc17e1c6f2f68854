"""Salience: which events are the article's own news (``main``) and which are background.

Main: the events of the headline and the lead sentence; an event the text gives a time of its
own (a scheduled sentencing, a match on Saturday, a launch in 2034); a reported event ("police
said they arrested 14 people": the arrest); a statement whose content is no event of its own
(an opinion, a demand, a warning: "Putin said Ukraine must drop its NATO ambitions"); and the
other events the body asserts in its main clauses.

Background: attribution ("said", "according to") of a clause that is an event of its own,
states and beliefs, what did not or might happen, quotations, refusals ("declined to
comment"), what a clause that only describes a participant tells ("the law, which came into
force"), participles that only modify a noun ("the quarter ending May 31"), purposes and
results in the infinitive ("to take the series"), and, outside the lead, adverbial clauses,
the past perfect (what happened before the story) and the simple present (how things are).

The cues are the ``salience`` section and the word lists of ``events.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Token

from service.domain.types import EventClass, EventRef, Factuality, Salience
from service.locale.events import EventLexicon
from service.nlp.syntax import has_lemma
from service.pipeline.events.describe.factuality import is_attribution
from service.pipeline.events.describe.form import Form
from service.pipeline.events.detect import Candidate, Kind, Level
from service.pipeline.events.structure import Structure, not_an_event, only_modifies

# Outside the lead, what happened before the story ("had been delayed twice") and how things
# are ("the cuts follow a fall in sales", "the comet orbits the Sun") are its backdrop.
_BACKDROP_FORMS: Final = frozenset({Form.PAST_PERFECT, Form.PRESENT})
# Relations between a reporting verb and the clause it reports, either way.
_REPORTED_RELATIONS: Final = frozenset({"ccomp", "parataxis"})


@dataclass(frozen=True, slots=True)
class Item:
    """One event as salience sees it: its presenting mention, its class and whether the text
    gives it a time of its own."""

    head: Candidate
    klass: EventClass
    stated: bool


def _modals(token: Token, lex: EventLexicon) -> set[str]:
    own = {c.lower_ for c in token.children
           if c.dep_ in lex.salience.auxiliary_relations and c.i < token.i}
    if not own and token.dep_ == "conj" and token.head.i != token.i:
        return _modals(token.head, lex)
    return own


def _future_in_past(head: Candidate, lex: EventLexicon) -> bool:
    """"would" in a reported clause is the future seen from the past ("said she would sentence
    him next month"), unless a condition makes it one."""
    if head.factuality != Factuality.HYPOTHETICAL or head.level != Level.REPORTED:
        return False
    modals = _modals(head.token, lex) & lex.hypothetical_modals
    if not modals or not modals <= lex.salience.reported_future_modals:
        return False
    return not any(c.dep_ == "mark" and c.lower_ in lex.condition_marks
                   for c in head.token.children)


def _refusal(token: Token, lex: EventLexicon) -> bool:
    """"declined to comment": a verb of refusal with an infinitive."""
    return has_lemma(token, lex.salience.refusal_verbs) and any(
        c.dep_ == "xcomp" for c in token.children
    )


def _infinitive(token: Token, lex: EventLexicon) -> bool:
    """"to take the series", "agreed to buy": an infinitive of purpose, result or plan."""
    return token.dep_ in lex.salience.infinitive_relations and any(
        c.lower_ in lex.infinitive_markers and c.i < token.i for c in token.children
    )


def _relative(token: Token, lex: EventLexicon) -> bool:
    """In a relative clause, or coordinated with one's verb."""
    current = token
    for _ in range(4):
        if current.dep_ in lex.salience.relative_relations:
            return True
        if current.dep_ != "conj" or current.head.i == current.i:
            return False
        current = current.head
    return False


def _denied_object(token: Token, lex: EventLexicon) -> bool:
    """"knew of no injuries", "found no evidence": a verb whose object is denied."""
    return token.pos_ in lex.salience.verb_pos and any(
        any(g.dep_ == "det" and g.lower_ in lex.negative_determiners for g in c.children)
        for c in token.children if c.i > token.i
    )


def _never_news(item: Item, lex: EventLexicon) -> bool:
    """Quotations, denials, copular states and beliefs, what might happen, refusals."""
    head = item.head
    if head.quoted or head.factuality == Factuality.NEGATED:
        return True
    if head.kind == Kind.STATE or item.klass == EventClass.I_STATE:
        return True
    if head.factuality == Factuality.HYPOTHETICAL and not _future_in_past(head, lex):
        return True
    return _refusal(head.token, lex) or _denied_object(head.token, lex)


def _passive(token: Token, lex: EventLexicon) -> bool:
    return any(c.dep_ in lex.salience.passive_relations for c in token.children)


def _wished(governor: Item | None, lex: EventLexicon) -> bool:
    """What someone hopes, wants or expects ("hoped to appoint", "expect a cut"), not what a
    passive announces ("is expected to close in March")."""
    return (
        governor is not None
        and governor.klass == EventClass.I_STATE
        and not _passive(governor.head.token, lex)
    )


def _news_content(item: Item, lex: EventLexicon) -> bool:
    """Whether a reported clause's event is news of its own (a reporting verb reporting it is
    then mere attribution)."""
    head = item.head
    if head.kind == Kind.REPORT or _never_news(item, lex):
        return False
    if head.kind == Kind.NOUN:
        return head.level != Level.SUBORDINATE
    if item.klass == EventClass.STATE or _infinitive(head.token, lex):
        return False  # "says each month costs it", "told residents to keep windows closed"
    return head.token.pos_ in lex.salience.verb_pos  # not "it was disappointed"


def _believed(item: Item, linked: Sequence[Item], lex: EventLexicon) -> bool:
    """Reported by a verb of belief ("officials believe an anchor caused it")."""
    return item.head.level == Level.REPORTED and any(
        other.head.kind == Kind.REPORT and has_lemma(other.head.token, lex.belief_verbs)
        and other.head.token.i != item.head.token.i
        for other in linked
    )


def _quotes(head: Candidate, lex: EventLexicon) -> bool:
    """A reporting verb whose reported clause is a quotation ('"We are ready," she said')."""
    token = head.token
    content = [c for c in token.children if c.dep_ in _REPORTED_RELATIONS]
    if token.dep_ in _REPORTED_RELATIONS and token.head.i != token.i:
        content.append(token.head)
    return any(c.i in head.scope.quoted for c in content)


def _report_salience(item: Item, linked: Sequence[Item], front: bool,
                     lex: EventLexicon) -> Salience:
    head = item.head
    token = head.token
    if token.tag_ in lex.salience.present_participle_tags and not _has_subject(token, lex):
        return Salience.BACKGROUND  # "..., saying inflation remained too high"
    if _quotes(head, lex):
        return Salience.BACKGROUND  # a quotation is colour, not the article's news
    if item.stated:
        return Salience.MAIN
    if head.level != Level.MAIN and not front:
        return Salience.BACKGROUND
    if any(_news_content(other, lex) for other in linked):
        return Salience.BACKGROUND
    return Salience.MAIN


def _has_subject(token: Token, lex: EventLexicon) -> bool:
    return any(c.dep_ in lex.salience.subject_relations for c in token.children)


def _backdrop(head: Candidate, lex: EventLexicon) -> bool:
    """A past perfect, or a simple present (not one under way: "is recalling")."""
    if head.form not in _BACKDROP_FORMS:
        return False
    return head.form != Form.PRESENT or head.token.tag_ not in lex.salience.present_participle_tags


def _scheduling(item: Item, lex: EventLexicon) -> bool:
    """"is scheduled to launch in 2034", "is expected to close": the frame of a planned event
    (the event it plans is the news)."""
    token = item.head.token
    return (
        has_lemma(token, lex.plan_verbs)
        and _passive(token, lex)
        and any(c.dep_ == "xcomp" for c in token.children)
    )


def _complement(token: Token, lex: EventLexicon) -> bool:
    """A clause introduced by a word that is not a time relation ("convicted of stealing"), as
    against "after a tunnel collapsed" or a bare participle ("..., killing 40 people")."""
    if token.dep_ not in lex.salience.adverbial_relations | lex.salience.modifier_relations:
        return False
    marks = [c.lower_ for c in token.children if c.dep_ in {"mark", "case"} and c.i < token.i]
    return any(m not in lex.clause_relation_of for m in marks)


def salience_of(item: Item, linked: Sequence[Item], governor: Item | None,
                structure: Structure, lex: EventLexicon) -> Salience:
    """Main or background for one event.

    Args:
        item: the event.
        linked: the events it is linked to (a reporting verb and what it reports).
        governor: the event whose word governs this one's, if it is an event.
        structure: the article's headline and lead.
        lex: the event lexicon with its salience cues.

    Returns:
        The salience.
    """
    head = item.head
    if _never_news(item, lex) or _believed(item, linked, lex) or _wished(governor, lex):
        return Salience.BACKGROUND
    if only_modifies(head.token, head.paragraph, structure, lex):
        return Salience.BACKGROUND  # "the quarter ending May 31", "helped by strong demand"
    governing = head.token.head
    if _complement(head.token, lex) and (
        only_modifies(governing, head.paragraph, structure, lex)
        or not_an_event(governing, head.paragraph, structure, lex)
    ):
        return Salience.BACKGROUND  # "a man charged with killing": the modifier's clause
    nominal = head.kind == Kind.NOUN and head.level == Level.SUBORDINATE
    if head.paragraph in structure.headlines:
        # "Leaders to meet in Solvik": the headline's news
        return Salience.BACKGROUND if nominal else Salience.MAIN
    front = head.sentence_index in structure.lead
    if head.kind == Kind.REPORT:
        return _report_salience(item, linked, front, lex)
    if item.stated:
        return Salience.MAIN  # the text itself says when it happened: news of its own
    if _relative(head.token, lex) or _infinitive(head.token, lex) or _scheduling(item, lex):
        return Salience.BACKGROUND
    if front:
        return Salience.BACKGROUND if nominal or _complement(head.token, lex) else Salience.MAIN
    if head.level == Level.SUBORDINATE or _backdrop(head, lex):
        return Salience.BACKGROUND
    if item.klass == EventClass.STATE:
        return Salience.BACKGROUND  # "prices remained high": how things are
    return Salience.MAIN


def _parse_links(item: Item, by_token: Mapping[tuple[int, int], Item],
                 lex: EventLexicon) -> list[Item]:
    """A reporting verb and what it reports, read from the parse alone (the links of the event
    stage join only dated events, and without a document date few are): its reported clause
    and what it attributes, or the reporting verb of a reported clause."""
    token = item.head.token
    base = item.head.base
    found: list[Item] = []
    near = [c for c in token.children if c.dep_ in _REPORTED_RELATIONS]
    near += [c for c in token.children if is_attribution(c, lex)]
    if token.dep_ in _REPORTED_RELATIONS or is_attribution(token, lex):
        near.append(token.head)
    for other in near:
        for word in (other, *(c for c in other.children if c.dep_ == "conj")):
            linked = by_token.get((base, word.i))
            if linked is not None and linked is not item:
                found.append(linked)
    return found


def assign_salience(
    items: Mapping[EventRef, Item],
    links: Mapping[EventRef, set[EventRef]],
    structure: Structure,
    lex: EventLexicon,
) -> dict[EventRef, Salience]:
    """Main or background for every event of the article.

    Args:
        items: the events, by the key of their presenting mention.
        links: reporting events and the events they report, both ways.
        structure: the article's headline and lead.
        lex: the event lexicon.

    Returns:
        The salience of each event.
    """
    by_token = {(item.head.base, item.head.token.i): item for item in items.values()}
    found: dict[EventRef, Salience] = {}
    for key, item in items.items():
        linked = [items[k] for k in sorted(links.get(key, ())) if k in items]
        linked += [i for i in _parse_links(item, by_token, lex) if i not in linked]
        governor = by_token.get((item.head.base, item.head.token.head.i))
        found[key] = salience_of(item, linked, governor, structure, lex)
    return found
