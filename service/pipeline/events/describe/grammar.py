"""What an event word's form says for TimeML: class, tense, aspect, polarity; and whether the
event is one of the article's own news (``main``) or background and attribution."""

from __future__ import annotations

from typing import Final

from spacy.tokens import Token

from service.domain.types import (
    Aspect,
    EventClass,
    EventTense,
    Factuality,
    Grammar,
    Polarity,
)
from service.locale.event_lexicon import EventWords
from service.pipeline.events.describe.form import AUX_DEPS, Form

_TENSES: Final = {
    Form.PAST: EventTense.PAST,
    Form.PAST_PERFECT: EventTense.PAST,
    Form.PRESENT: EventTense.PRESENT,
    Form.PRESENT_PERFECT: EventTense.PRESENT,
    Form.FUTURE: EventTense.FUTURE,
}
_PERFECT: Final = frozenset({Form.PAST_PERFECT, Form.PRESENT_PERFECT})


def _progressive(token: Token) -> bool:
    """"was launching", "is holding": a present participle after an auxiliary."""
    return token.tag_ == "VBG" and any(c.dep_ in AUX_DEPS for c in token.children)


def event_class(token: Token, *, nominal: bool, state: bool, report: bool,
                words: EventWords) -> EventClass:
    """The TimeML class: the hand-written lists, then WordNet's file for verbs.

    Args:
        token: the event word.
        nominal: it is an event noun.
        state: it is a copular predicate ("is wary").
        report: it is a reporting word ("said", "according to").
        words: the event words (classes, WordNet files).

    Returns:
        The class; a copular predicate is a STATE, a reporting word REPORTING.
    """
    lemma = token.lemma_.lower() or token.lower_
    if state:
        return EventClass.STATE
    found = words.noun_class(lemma) if nominal else words.verb_class(lemma)
    if report and found not in (EventClass.REPORTING, EventClass.I_STATE):
        return EventClass.REPORTING
    return found


def grammar_of(token: Token, form: Form, factuality: Factuality, klass: EventClass) -> Grammar:
    """Class, tense, aspect and polarity of one event word."""
    progressive = _progressive(token)
    if form in _PERFECT:
        aspect = Aspect.PERFECTIVE_PROGRESSIVE if progressive else Aspect.PERFECTIVE
    else:
        aspect = Aspect.PROGRESSIVE if progressive else Aspect.NONE
    polarity = Polarity.NEGATIVE if factuality == Factuality.NEGATED else Polarity.POSITIVE
    return Grammar(klass, _TENSES.get(form, EventTense.NONE), aspect, polarity)
