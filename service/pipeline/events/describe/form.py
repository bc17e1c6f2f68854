"""The tense and aspect of an event word, from its own tag and its auxiliaries."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from spacy.tokens import Token

from service.locale.events import EventLexicon

AUX_DEPS: Final = frozenset({"aux", "aux:pass", "auxpass"})
_SUBJECT_DEPS: Final = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})


class Form(StrEnum):
    """The tense and aspect of an event word, as far as the timeline needs them."""

    PAST = "past"
    PRESENT = "present"
    PRESENT_PERFECT = "present_perfect"
    PAST_PERFECT = "past_perfect"
    FUTURE = "future"
    MODAL = "modal"
    NONFINITE = "nonfinite"
    NOMINAL = "nominal"


def is_nominal(token: Token) -> bool:
    """A noun that is not the predicate of a copula ("the attack", not "was an attack")."""
    return token.pos_ in {"NOUN", "PROPN"} and not any(c.dep_ == "cop" for c in token.children)


def auxiliaries(token: Token) -> list[Token]:
    """The auxiliaries and copula before ``token``."""
    return [c for c in token.children if c.dep_ in AUX_DEPS | {"cop"} and c.i < token.i]


def _auxiliary_form(token: Token, auxes: list[Token], lex: EventLexicon) -> Form | None:
    words = [a.lower_ for a in auxes]
    if any(w in lex.future_modals for w in words):
        return Form.FUTURE
    if any(w in lex.hypothetical_modals for w in words if w not in lex.had_forms):
        return Form.MODAL
    if not auxes:
        return None
    first = auxes[0]
    if first.lower_ in lex.have_forms and token.tag_ == "VBN":
        return Form.PRESENT_PERFECT
    if first.lower_ in lex.had_forms and token.tag_ == "VBN":
        return Form.PAST_PERFECT
    if first.tag_ == "VBD":
        return Form.PAST
    if first.tag_ in {"VBZ", "VBP"}:
        return Form.PRESENT
    if first.tag_ == "MD":
        return Form.MODAL
    return None


def verb_form(token: Token, lex: EventLexicon) -> Form:
    """Tense and aspect of a predicate from its own word and auxiliaries.

    A conjoined verb without auxiliaries of its own shares its first conjunct's ("has met and
    talked"). Nouns are ``NOMINAL``.

    Args:
        token: the event word.
        lex: the event lexicon (modals, forms of "have").

    Returns:
        The form.
    """
    if is_nominal(token):
        return Form.NOMINAL
    found = _auxiliary_form(token, auxiliaries(token), lex)
    if found is not None:
        return found
    tag = token.tag_
    morph = token.morph
    if tag == "VBD" or "Past" in morph.get("Tense", []) and "Fin" in morph.get("VerbForm", []):
        return Form.PAST
    if tag in {"VBZ", "VBP"}:
        return Form.PRESENT
    if token.dep_ == "conj" and token.head.i != token.i and not any(
        c.dep_ in _SUBJECT_DEPS for c in token.children
    ):
        head_form = verb_form(token.head, lex)
        if head_form != Form.NOMINAL:
            return head_form
    return Form.NONFINITE
