"""Factuality: whether an event happened, is reported, planned, hypothetical or denied."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from service.domain.types import Factuality
from service.locale.events import EventLexicon
from service.nlp.syntax import has_lemma
from service.pipeline.events.describe.form import auxiliaries, is_nominal

_SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})
_CHAIN_DEPS = frozenset({"xcomp", "ccomp", "conj", "parataxis"})
_MAX_CLAUSES = 10


def _is_negated(token: Token, lex: EventLexicon) -> bool:
    for child in token.children:
        if child.dep_ in {"neg", "advmod"} and child.lower_ in lex.negations:
            return True
        if child.dep_ in _SUBJECT_DEPS and (
            child.lower_ in lex.negative_subjects
            or any(g.dep_ == "det" and g.lower_ in lex.negative_subject_determiners
                   for g in child.children)
        ):
            return True
    return False


def _modals(token: Token) -> set[str]:
    own = {c.lower_ for c in auxiliaries(token)}
    if not own and token.dep_ == "conj" and token.head.i != token.i:
        own = {c.lower_ for c in auxiliaries(token.head)}
    return own


def is_attribution(report: Token, lex: EventLexicon) -> bool:
    """True for a reporting verb that attributes the clause it hangs from.

    "..., a source said" and "..., according to officials" attribute; "after Vance said ..."
    is a clause of its own, and so is a verb reporting a clause of its own.

    Args:
        report: a reporting verb.
        lex: the event lexicon.

    Returns:
        Whether it is an attribution of its head's clause.
    """
    head = report.head
    if head.i == report.i or report.i < head.i:
        return False
    if report.lower_ in lex.attribution_words:
        return True
    if report.dep_ not in {"parataxis", "ccomp", "advcl"} or not has_lemma(
        report, lex.reporting_verbs
    ):
        return False
    if any(c.dep_ in {"ccomp", "xcomp"} for c in report.children):
        return False  # it reports a clause of its own
    edge = report.left_edge
    opener = edge.lower_
    return not (
        opener in lex.clause_relation_of
        or opener in lex.condition_marks
        or opener in lex.relation_of and edge.dep_ in {"case", "mark"}
        or any(c.dep_ == "mark" for c in report.children)
    )


def _attributed(token: Token, lex: EventLexicon) -> bool:
    """An attribution hangs below the clause (see :func:`is_attribution`)."""
    return any(c.i > token.i and is_attribution(c, lex) for c in token.children)


def factuality(token: Token, lex: EventLexicon) -> Factuality:
    """Negated, hypothetical, reported, planned or asserted, read from the parse.

    A verb is ``negated`` by its own negation; a noun only by "no" ("no confirmation"), since
    "did not comment on the call" does not deny the call. Then, walking up through
    complements: a condition or a modal of possibility makes it ``hypothetical``; a reporting
    verb above it (or an attribution below it) ``reported``; "will" or a plan verb above it
    ``planned``.

    Args:
        token: the event word.
        lex: the event lexicon.

    Returns:
        The factuality.
    """
    if is_nominal(token):
        if any(c.dep_ == "det" and c.lower_ in lex.negative_determiners for c in token.children):
            return Factuality.NEGATED
        clause = next(
            (h for h in _heads(token) if h.pos_ in {"VERB", "AUX"}
             or any(c.dep_ == "cop" for c in h.children)),
            None,
        )
        if clause is None:
            return Factuality.ASSERTED
        found = _clause_factuality(clause, lex)
        return Factuality.ASSERTED if found == Factuality.NEGATED else found
    if _is_negated(token, lex):
        return Factuality.NEGATED
    return _clause_factuality(token, lex)


def _heads(token: Token) -> Iterator[Token]:
    current = token
    while current.head.i != current.i:
        current = current.head
        yield current


@dataclass(slots=True)
class _Marks:
    """What the walk up a clause chain has seen so far."""

    hypothetical: bool = False
    reported: bool = False
    planned: bool = False

    def verdict(self) -> Factuality:
        if self.hypothetical:
            return Factuality.HYPOTHETICAL
        if self.reported:
            return Factuality.REPORTED
        if self.planned:
            return Factuality.PLANNED
        return Factuality.ASSERTED


def _conditional(clause: Token, lex: EventLexicon) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in lex.condition_marks for c in clause.children)


def _mark_link(current: Token, head: Token, marks: _Marks, lex: EventLexicon) -> None:
    """What the dependency from ``current`` up to ``head`` says about the event."""
    dep = current.dep_
    if dep in {"ccomp", "parataxis"} and has_lemma(head, lex.reporting_verbs):
        marks.reported = True
    elif dep in {"xcomp", "acl", "advcl"} and has_lemma(head, lex.plan_verbs) and (
        dep == "xcomp" or any(c.lower_ in lex.infinitive_markers for c in current.children)
    ):
        marks.planned = True  # "plans to visit", also where "plans" is parsed as a noun
    elif dep == "advcl" and _conditional(current, lex):
        marks.hypothetical = True


def _clause_factuality(predicate: Token, lex: EventLexicon) -> Factuality:
    if _is_negated(predicate, lex):
        return Factuality.NEGATED
    modals = _modals(predicate)
    marks = _Marks(
        hypothetical=bool(modals & lex.hypothetical_modals - lex.had_forms),
        planned=bool(modals & lex.future_modals),
    )
    current = predicate
    for _ in range(_MAX_CLAUSES):
        if _conditional(current, lex):
            marks.hypothetical = True
        if _attributed(current, lex):
            marks.reported = True
        head = current.head
        if head.i == current.i:
            break
        _mark_link(current, head, marks, lex)
        if current.dep_ not in _CHAIN_DEPS:
            break
        current = head
    return marks.verdict()
