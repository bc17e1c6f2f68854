"""Summaries: a short clause of the sentence's own words, in their order."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from typing import Final

from spacy.tokens import Doc, Token

from service.locale.describe import DescribeWords, load_describe_words
from service.locale.events import EventLexicon
from service.nlp.syntax import (
    has_lemma,
    is_passive,
    passive_agent,
    recipient,
    resolve_relative,
    subject,
)
from service.pipeline.events.describe.form import AUX_DEPS, is_nominal
from service.pipeline.events.describe.participants import case_marker, name_words, phrase_words
from service.pipeline.events.describe.quotes import QUOTES

OBJECT_DEPS: Final = frozenset({"obj", "dobj", "iobj", "dative", "attr", "oprd"})
OBLIQUE_DEPS: Final = frozenset({"obl", "nmod", "prep", "obl:agent", "agent", "obl:tmod",
                                 "nmod:tmod", "obl:npmod", "advmod"})
CLAUSE_DEPS: Final = frozenset({"acl:relcl", "relcl", "acl", "appos", "advcl", "parataxis",
                                "ccomp", "csubj", "dislocated", "list", "vocative"})
_SUBJECT_DEPS: Final = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})
_GROUP_DEPS: Final = AUX_DEPS | {"cop", "prt", "compound:prt", "neg", "expl"}
_PREDICATE_MODIFIER_DEPS: Final = frozenset(
    {"det", "amod", "compound", "nummod", "nmod:poss", "poss", "case"}
)
_EDGE: Final = " ,;:-—–\"'“”‘’`()"
_MAX_CHAIN: Final = 4
# an xcomp is never finite: a finite one is a misparsed clause of its own
_FINITE_TAGS: Final = frozenset({"VBD", "VBZ", "VBP"})
_BARE_AMOUNT_DEPS: Final = frozenset({"obl:unmarked", "obl:npmod", "nmod:npmod", "npadvmod"})


def _compact(head: Token, excluded: Collection[int], lex: EventLexicon) -> set[int]:
    """``head``'s phrase: its subtree minus clauses, relational or timed phrases and quotes."""
    keep: set[int] = set()
    stack = [head]
    while stack:
        node = stack.pop()
        if node.i in excluded:
            continue
        keep.add(node.i)
        for child in node.children:
            if child.text in QUOTES or (child.dep_ in CLAUSE_DEPS and not _kept_clause(child)):
                continue
            if child.dep_ in OBLIQUE_DEPS and child.i > node.i and (
                _marker(child, lex) in lex.relational_prepositions
            ):
                continue
            stack.append(child)
    return keep


def _kept_clause(child: Token) -> bool:
    """Clauses that are part of a noun phrase's meaning: a name in apposition with no comma
    ("former fund manager David Lee"), an infinitive ("a bill to cap rents") and "of" with a
    gerund ("accused the government of hiding the report")."""
    doc = child.doc
    if child.dep_ == "appos":
        return child.i > child.head.i and child.pos_ == "PROPN" and not any(
            doc[j].is_punct for j in range(child.head.i + 1, child.i)
        )
    if child.dep_ == "acl" and child.head.pos_ in {"NOUN", "PROPN"} and child.i > child.head.i:
        # "a bill to cap rents", "accused the government of hiding the report"
        return any(c.dep_ == "mark" and c.i < child.i and (
            c.lower_ == "to" or (c.lower_ == "of" and child.tag_ == "VBG")
        ) for c in child.children)
    return False


def _manner(child: Token, words: DescribeWords) -> bool:
    """A one-word adverb of degree or manner ("little changed", "fell sharply", "scored
    twice"), which a summary keeps; linking adverbs ("also", "however") it leaves out."""
    return (
        child.dep_ == "advmod"
        and child.is_alpha
        and not any(True for _ in child.children)
        and child.lower_ not in words.dropped_adverbs
        and child.pos_ in {"ADV", "ADJ", "NOUN"}
    )


def _marker(token: Token, lex: EventLexicon) -> str | None:
    """The preposition of a phrase, the first word of a two-word one that relates it to a time
    or event ("ahead of the trip": "ahead")."""
    marker = case_marker(token)
    if marker is None:
        return None
    start = token.left_edge.i
    if start > 0 and token.doc[start].lower_ == marker:
        before = token.doc[start - 1]
        if before.lower_ in lex.relational_prepositions:
            return before.lower_
    return marker


def _verb_group(verb: Token, lex: EventLexicon) -> set[int]:
    words = load_describe_words()
    keep = {verb.i}
    for child in verb.children:
        dep = child.dep_
        if (dep in _GROUP_DEPS and child.i < verb.i + 2) or (
            dep == "advmod" and child.lower_ in lex.negations
        ) or (dep == "mark" and child.lower_ in lex.infinitive_markers) or (
            # "walk away", "pulled out": a particle parsed as an adverb
            dep == "advmod" and child.i == verb.i + 1 and child.lower_ in lex.particles
        ) or _manner(child, words):
            keep.add(child.i)
    return keep


def _subject_ids(predicate: Token, excluded: Collection[int], cut: int) -> set[int]:
    subj = subject(predicate)
    if subj is None:
        return set()
    head = resolve_relative(subj)
    words = name_words(phrase_words(head, cut), head, excluded, cut)
    return {t.i for t in words if t.i not in excluded}


@dataclass(frozen=True, slots=True)
class Scope:
    """What a summary must know about the paragraph around the event word.

    Attributes:
        excluded: indices of words that must not appear (the time expressions).
        quoted: indices of words inside quotation marks.
        cut: index of the first word after the paragraph's date prefix and dateline.
    """

    excluded: Collection[int]
    quoted: Collection[int]
    cut: int


def _noun_summary(predicate: Token, scope: Scope, lex: EventLexicon, depth: int) -> set[int]:
    head = predicate.head
    if depth == 0 and predicate.dep_ in _SUBJECT_DEPS and (
        head.pos_ in {"VERB", "AUX"} or any(c.dep_ == "cop" for c in head.children)
    ):
        # "the attack killed three soldiers": the clause it is the subject of
        return _summary_ids(head, scope, lex, depth + 1, with_subject=True)
    return _compact(predicate, scope.excluded, lex)


def _control_chain(predicate: Token, depth: int) -> list[Token]:
    """"Moscow intended to fire": the verbs a controlled infinitive depends on, up to the one
    with a subject of its own."""
    chain = [predicate]
    while (
        depth == 0
        and chain[-1].dep_ == "xcomp"
        and chain[-1].tag_ not in _FINITE_TAGS  # "Revenue ... ended climbed": a misparse
        and not _own_subject(chain[-1])
        and chain[-1].head.pos_ in {"VERB", "AUX", "ADJ"}
        and len(chain) < _MAX_CHAIN
    ):
        chain.append(chain[-1].head)
    return chain


def _copular_modifiers(predicate: Token, excluded: Collection[int], lex: EventLexicon) -> set[int]:
    keep: set[int] = set()
    if any(c.dep_ == "cop" for c in predicate.children):
        for child in predicate.children:
            if child.dep_ in _PREDICATE_MODIFIER_DEPS and child.i < predicate.i:
                keep |= _compact(child, excluded, lex)
    return keep


def _reports_clause(predicate: Token, child: Token, scope: Scope, lex: EventLexicon) -> bool:
    """``child`` is the clause a reporting verb reports, after it and not a direct quote."""
    return (
        child.i > predicate.i
        and has_lemma(predicate, lex.reporting_verbs)
        and not _quoted_clause(child, scope)
        and all(c.lower_ in lex.complementizers for c in child.children if c.dep_ == "mark")
    )


def _complement_ids(predicate: Token, scope: Scope, lex: EventLexicon, depth: int) -> set[int]:
    """Objects, complements and, after a reporting verb, the first clause it reports."""
    keep: set[int] = set()
    reported_clause_seen = False
    for child in predicate.children:
        if child.i in scope.excluded:
            continue
        if child.dep_ in OBJECT_DEPS:
            keep |= _compact(child, scope.excluded, lex)
        elif child.dep_ in _BARE_AMOUNT_DEPS and any(t.like_num for t in child.subtree):
            keep |= _compact(child, scope.excluded, lex)  # "will miss at least six weeks"
        elif child.dep_ in {"xcomp", "acomp"} and depth < 3 and child.tag_ not in _FINITE_TAGS:
            keep |= _summary_ids(child, scope, lex, depth + 1, _own_subject(child))
        elif child.dep_ == "ccomp" and depth < 2 and not reported_clause_seen \
                and _reports_clause(predicate, child, scope, lex):
            # what is said after the verb; "X happened, a source said" summarizes as the
            # attribution alone
            reported_clause_seen = True
            keep |= _summary_ids(child, scope, lex, depth + 1, with_subject=True)
            keep |= {c.i for c in child.children
                     if c.dep_ == "mark" and c.lower_ in lex.complementizers}
    return keep


def _summary_ids(
    predicate: Token, scope: Scope, lex: EventLexicon, depth: int, with_subject: bool
) -> set[int]:
    excluded = scope.excluded
    if is_nominal(predicate):
        return _noun_summary(predicate, scope, lex, depth)
    chain = _control_chain(predicate, depth)
    keep: set[int] = set()
    for verb in chain:
        keep |= _verb_group(verb, lex)
    if with_subject:
        keep |= _subject_ids(chain[-1], excluded, scope.cut)
    keep |= _copular_modifiers(predicate, excluded, lex)
    keep |= _complement_ids(predicate, scope, lex, depth)
    passive_by = passive_agent(predicate) if is_passive(predicate) else None
    for pp in (passive_by, recipient(predicate)):
        if pp is not None and pp.i not in excluded and pp.dep_ in OBLIQUE_DEPS | {"pobj"}:
            keep |= _compact(pp, excluded, lex)
    pp = _best_oblique(predicate, keep, excluded, lex)
    if pp is not None:
        keep |= _compact(pp, excluded, lex)
    return {i for i in keep if i >= scope.cut and i not in excluded}


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in _SUBJECT_DEPS | {"expl"} for c in verb.children)


def _quoted_clause(clause: Token, scope: Scope) -> bool:
    """A direct quotation ("said: 'Look ...'"): no summary material."""
    first = clause.left_edge
    return first.text in QUOTES or clause.i in scope.quoted and clause.head.i not in scope.quoted


def _best_oblique(
    predicate: Token, keep: set[int], excluded: Collection[int], lex: EventLexicon
) -> Token | None:
    ranked: list[tuple[int, int, Token]] = []
    for child in predicate.children:
        if child.dep_ not in {"obl", "nmod", "prep", "pobj"} or child.i in keep:
            continue
        if child.pos_ in {"VERB", "AUX"}:
            continue  # a clause parsed as a phrase ("scored twice as City beat Everton")
        marker = _marker(child, lex)
        if marker is None or marker not in lex.summary_prepositions:
            continue
        if child.i in excluded or any(t.i in keep for t in child.subtree):
            continue
        # an adjective's own complement comes first ("wary of a ceasefire")
        rank = child.i if predicate.pos_ == "ADJ" else lex.summary_prepositions.index(marker)
        ranked.append((rank, child.i, child))
    return min(ranked)[2] if ranked else None


def _without_lengths(doc: Doc, excluded: Collection[int]) -> frozenset[int]:
    """The time-expression words minus those of a length of time ("up to 20 years", "at least
    six weeks", "for two weeks"): how long is part of what happened, when is not."""
    words = load_describe_words()
    keep = frozenset(excluded)
    runs: list[list[int]] = []
    for i in sorted(keep):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    lengths: set[int] = set()
    for run in runs:
        tokens = [doc[i] for i in run if i < len(doc)]
        units = [t for t in tokens if t.lower_ in words.duration_units]
        numbers = [t for t in tokens if t.like_num]
        if units and numbers and all(
            t.like_num or t.lower_ in words.duration_units or t.lower_ in words.amount_openers
            for t in tokens
        ):
            lengths.update(run)
    return keep - lengths


def summarize(token: Token, scope: Scope, lex: EventLexicon) -> str:
    """A short clause of the sentence's own words, in their order.

    Agent, verb group (with the verbs it is the infinitive of: "intended to fire"), object or
    complement, the recipient and the most informative prepositional phrase ("US President
    Donald Trump spoke to Russia's Vladimir Putin about Ukraine"). Subordinate and relative
    clauses, quotes, attributions and the time expressions are left out.

    Args:
        token: the event word.
        scope: the words to leave out, the quoted words and the end of any dateline.
        lex: the event lexicon.

    Returns:
        The summary; the event word itself if nothing else is found.
    """
    scope = replace(scope, excluded=_without_lengths(token.doc, scope.excluded))
    ids = _summary_ids(token, scope, lex, depth=0, with_subject=True)
    ids.add(token.i)
    doc = token.doc
    # a noun event's phrase does not open with the preposition it hangs on ("of the trip")
    while (opening := min(ids)) != token.i and doc[opening].dep_ in {"case", "mark"} and (
        doc[opening].head.i == token.i
    ):
        ids.discard(opening)
    return render(doc, ids) or token.text


def render(doc: Doc, ids: Iterable[int]) -> str:
    """Join the words at ``ids`` in text order, keeping the spacing of adjacent words.

    Quotation marks are left out and a gap between kept words becomes one space.

    Args:
        doc: the paragraph.
        ids: token indices to keep.

    Returns:
        The text, without edge punctuation.
    """
    ordered = sorted(i for i in set(ids) if not doc[i].is_space and doc[i].text not in QUOTES)
    parts: list[str] = []
    previous: int | None = None
    for i in ordered:
        if previous is not None:
            adjacent = i == previous + 1 or all(
                doc[j].is_space or doc[j].text in QUOTES for j in range(previous + 1, i)
            )
            parts.append(doc[previous].whitespace_ if adjacent else " ")
        parts.append(doc[i].text)
        previous = i
    text = "".join(parts)
    text = " ".join(text.split())
    text = text.replace(" ,", ",").replace(",,", ",")
    return text.strip(_EDGE)
