"""Participants: who did what to whom, where, as whole noun phrases of the sentence."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Token

from service.domain.types import Participant, Role
from service.locale.events import EventLexicon
from service.nlp.syntax import (
    is_passive,
    objects,
    passive_agent,
    phrase_tokens,
    recipient,
    resolve_relative,
    subject,
)
from service.pipeline.events.describe.form import is_nominal

CASE_DEPS: Final = frozenset({"case", "mark", "prep"})
POSSESSIVE_DEPS: Final = frozenset({"nmod:poss", "poss"})

_Adder = Callable[[Token | None, Role], None]


@dataclass(frozen=True, slots=True)
class Found:
    """A participant and the words of its phrase (for matching names across mentions)."""

    participant: Participant
    words: tuple[Token, ...]


def case_marker(token: Token) -> str | None:
    """The preposition of an oblique ("to" in "to Russia's Vladimir Putin", wherever parsed)."""
    for child in token.children:
        if child.dep_ in CASE_DEPS and child.i < token.i:
            return child.lower_
    edge = token.left_edge
    if edge.i < token.i and edge.dep_ in CASE_DEPS and edge.pos_ in {"ADP", "SCONJ"}:
        return edge.lower_
    if token.dep_ == "pobj" and token.head.dep_ == "prep":  # ClearNLP: the head is the preposition
        return token.head.lower_
    return None


def phrase_words(head: Token, cut: int) -> list[Token]:
    """The words of ``head``'s noun phrase, minus relative clauses, appositions and any date
    prefix or dateline (which ends at token ``cut``).

    Same result as :func:`service.nlp.syntax.noun_phrase`, with the paragraph's prefix end
    computed once by the caller instead of once per phrase.

    Args:
        head: the phrase's head word.
        cut: index of the first word after the paragraph's date prefix and dateline.

    Returns:
        The phrase's words, contiguous and in order.
    """
    if head.i < cut:
        head = next(
            (t for t in head.subtree
             if t.i >= cut and t.head.i < cut and t.pos_ in {"NOUN", "PROPN", "PRON", "NUM"}),
            head,
        )
    words = phrase_tokens(head)
    if cut and words and words[0].i < cut:
        rest = [t for t in words if t.i >= cut]
        while rest and (rest[0].is_punct or rest[0].is_space):
            rest = rest[1:]
        words = rest or words
    if not any(t.i == head.i for t in words):
        words = [head]
    return words


def _phrase(
    token: Token, role: Role, base: int, excluded: Collection[int], cut: int
) -> Found | None:
    """The participant's noun phrase, cut before any time expression inside it."""
    head = token
    words = phrase_words(head, cut)
    for k, word in enumerate(words):
        if word.i in excluded or (word.dep_ in CASE_DEPS and word.head.i in excluded):
            words = words[:k]
            break
    while words and (words[-1].is_punct or words[-1].dep_ in CASE_DEPS | {"cc"}):
        words.pop()
    if not words or head.i in excluded:
        return None
    first, last = words[0], words[-1]
    text = "".join(t.text_with_ws for t in words[:-1]) + last.text
    participant = Participant(text, role, base + first.idx, base + first.idx + len(text))
    return Found(participant, tuple(words))


def participants(
    token: Token, base: int, excluded: Collection[int], cut: int, lex: EventLexicon
) -> tuple[Found, ...]:
    """Agent, patient, recipient and location of an event word, as whole noun phrases.

    Verbs: the subject (or the by-phrase of a passive) is the agent, objects and a passive
    subject the patient, the "to"-phrase of speaking and giving the recipient, an "in"/"at"
    name the location. Nouns: a possessor or "by"/"between"-phrase is the agent, an "of"/"on"/
    "against"-phrase the patient, a "with"-phrase the recipient.

    Args:
        token: the event word.
        base: the paragraph's offset in the request text.
        excluded: indices of the words of time expressions, which are never participants.
        cut: index of the first word after the paragraph's date prefix and dateline.
        lex: the event lexicon.

    Returns:
        The participants in the order found, without repeats or phrases inside earlier ones.
    """
    found: list[Found] = []

    def add(head: Token | None, role: Role) -> None:
        if head is None:
            return
        head = resolve_relative(head)
        if head.tag_ in {"WP", "WDT"} or head.lower_ in lex.relative_pronouns:
            return
        item = _phrase(head, role, base, excluded, cut)
        if item is None:
            return
        p = item.participant
        if any(f.participant.start <= p.start and p.end <= f.participant.end for f in found):
            return
        found.append(item)

    if is_nominal(token):
        _noun_participants(token, lex, add)
        return tuple(found)
    subj = subject(token)
    if is_passive(token):
        add(passive_agent(token), Role.AGENT)
        add(subj, Role.PATIENT)
    else:
        add(subj, Role.AGENT)
    rec = recipient(token)
    for obj in objects(token):
        if rec is None or obj.i != rec.i:
            add(obj, Role.PATIENT)
    add(rec, Role.RECIPIENT)
    for child in token.children:
        if child.dep_ in {"obl", "nmod"} and child.pos_ == "PROPN" and (
            case_marker(child) in lex.location_prepositions
        ):
            add(child, Role.LOCATION)
    return tuple(found)


def _noun_participants(token: Token, lex: EventLexicon, add: _Adder) -> None:
    klass = next((lex.class_of[w] for w in _lemmas(token) if w in lex.class_of), None)
    for child in token.children:
        if child.dep_ in POSSESSIVE_DEPS and child.pos_ != "PRON":
            add(child, Role.AGENT)
    for child in token.children:
        if child.dep_ not in {"nmod", "obl", "pobj", "prep"}:
            continue
        case = case_marker(child) or ""
        roles = lex.noun_roles
        if case in roles.agent:
            add(child, Role.AGENT)
        elif case in roles.patient:
            add(child, Role.PATIENT)
        elif case in roles.recipient or (klass is not None and case in roles.class_recipient.get(
            klass, ()
        )):
            add(child, Role.RECIPIENT)
        elif case in roles.location and child.pos_ == "PROPN":
            add(child, Role.LOCATION)


def _lemmas(token: Token) -> Iterable[str]:
    yield token.lemma_.lower()
    yield token.lower_


def names_of(found: Iterable[Found]) -> frozenset[str]:
    """Lower-cased proper-noun words of agent, patient and recipient phrases."""
    return frozenset(
        w.lower_ for f in found if f.participant.role != Role.LOCATION for w in f.words
        if w.pos_ == "PROPN"
    )

