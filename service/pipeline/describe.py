"""What the parse says about one event word: its verb form, factuality, participants, summary.

Pure functions over a parsed token; the event stage calls them once per candidate (summaries
only for the events it returns). Offsets are request-text offsets: ``base`` is the start of the
paragraph the token's Doc was parsed from.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from spacy.tokens import Doc, Token

from service.domain.types import Factuality, Participant
from service.nlp.syntax import (
    has_lemma,
    is_passive,
    objects,
    passive_agent,
    phrase_tokens,
    recipient,
    resolve_relative,
    subject,
)
from service.pipeline.eventlex import EventLexicon

AUX_DEPS: Final = frozenset({"aux", "aux:pass", "auxpass"})
NEG_DEPS: Final = frozenset({"neg", "advmod", "det"})
OBJECT_DEPS: Final = frozenset({"obj", "dobj", "iobj", "dative", "attr", "oprd"})
OBLIQUE_DEPS: Final = frozenset({"obl", "nmod", "prep", "obl:agent", "agent", "obl:tmod",
                                 "nmod:tmod", "obl:npmod", "advmod"})
CASE_DEPS: Final = frozenset({"case", "mark", "prep"})
CLAUSE_DEPS: Final = frozenset({"acl:relcl", "relcl", "acl", "appos", "advcl", "parataxis",
                                "ccomp", "csubj", "dislocated", "list", "vocative"})
POSSESSIVE_DEPS: Final = frozenset({"nmod:poss", "poss"})
QUOTES: Final = frozenset({'"', "“", "”", "``", "''", "‘", "’", "'"})
_OPENING_QUOTES: Final = frozenset({"“", "``", "‘"})
_CLOSING_QUOTES: Final = frozenset({"”", "''", "’"})
_HAVE: Final = frozenset({"have", "has", "'ve", "’ve", "having"})
_HAD: Final = frozenset({"had", "'d", "’d"})
_EDGE: Final = " ,;:-—–\"'“”‘’`()"

_PARTICLES: Final = frozenset({"away", "out", "back", "off", "up", "down", "over", "along"})
_GROUP_DEPS: Final = AUX_DEPS | {"cop", "prt", "compound:prt", "neg", "expl"}

_Adder = Callable[[Token | None, str], None]


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


# --- verb form --------------------------------------------------------------------------------


def _auxiliaries(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in AUX_DEPS | {"cop"} and c.i < token.i]


def verb_form(token: Token, lex: EventLexicon) -> Form:
    """Tense and aspect of a predicate from its own word and auxiliaries.

    A conjoined verb without auxiliaries of its own shares its first conjunct's ("has met and
    talked"). Nouns are ``NOMINAL``.

    Args:
        token: the event word.
        lex: the event lexicon (modals).

    Returns:
        The form.
    """
    if token.pos_ in {"NOUN", "PROPN"} and not any(c.dep_ == "cop" for c in token.children):
        return Form.NOMINAL
    auxes = _auxiliaries(token)
    words = [a.lower_ for a in auxes]
    if any(w in lex.future_modals for w in words):
        return Form.FUTURE
    if any(w in lex.hypothetical_modals for w in words if w not in _HAD):
        return Form.MODAL
    if auxes:
        first = auxes[0]
        if first.lower_ in _HAVE and token.tag_ == "VBN":
            return Form.PRESENT_PERFECT
        if first.lower_ in _HAD and token.tag_ == "VBN":
            return Form.PAST_PERFECT
        if first.tag_ == "VBD":
            return Form.PAST
        if first.tag_ in {"VBZ", "VBP"}:
            return Form.PRESENT
        if first.tag_ == "MD":
            return Form.MODAL
    tag = token.tag_
    morph = token.morph
    if tag == "VBD" or "Past" in morph.get("Tense", []) and "Fin" in morph.get("VerbForm", []):
        return Form.PAST
    if tag in {"VBZ", "VBP"}:
        return Form.PRESENT
    if token.dep_ == "conj" and token.head.i != token.i and not any(
        c.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"} for c in token.children
    ):
        head_form = verb_form(token.head, lex)
        if head_form != Form.NOMINAL:
            return head_form
    return Form.NONFINITE


# --- quotes -----------------------------------------------------------------------------------


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens of ``doc`` that lie between an opening and a closing quote.

    Straight double quotes toggle; typographic and TeX-style double quotes (also when the
    tokenizer splits ```` `` ```` into two backticks) open and close. Computed once per
    paragraph.
    """
    inside: set[int] = set()
    depth = 0
    skip_next = False
    for token in doc:
        if skip_next:
            skip_next = False
            continue
        text = token.text
        following = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
        if text in {"`", "'"} and following == text and not token.whitespace_:
            text, skip_next = text * 2, True
        if text == '"':
            depth = 0 if depth else 1
        elif text in _OPENING_QUOTES and text != "‘":
            depth += 1
        elif text in _CLOSING_QUOTES and text != "’":
            depth = max(0, depth - 1)
        elif depth:
            inside.add(token.i)
    return frozenset(inside)


# --- factuality -------------------------------------------------------------------------------


def _is_negated(token: Token, lex: EventLexicon) -> bool:
    for child in token.children:
        if child.dep_ in {"neg", "advmod"} and child.lower_ in lex.negations:
            return True
        if child.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"} and (
            child.lower_ in lex.negative_subjects
            or any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)
        ):
            return True
    return False


def _modals(token: Token) -> set[str]:
    own = {c.lower_ for c in _auxiliaries(token)}
    if not own and token.dep_ == "conj" and token.head.i != token.i:
        own = {c.lower_ for c in _auxiliaries(token.head)}
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
    if report.lower_ == "according":
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
    nominal = token.pos_ in {"NOUN", "PROPN"} and not any(c.dep_ == "cop" for c in token.children)
    if nominal:
        if any(c.dep_ == "det" and c.lower_ in {"no", "neither"} for c in token.children):
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


def _clause_factuality(predicate: Token, lex: EventLexicon) -> Factuality:
    if _is_negated(predicate, lex):
        return Factuality.NEGATED
    modals = _modals(predicate)
    hypothetical = bool(modals & lex.hypothetical_modals - _HAD)
    planned = bool(modals & lex.future_modals)
    reported = False
    current = predicate
    for _ in range(10):
        if any(c.dep_ == "mark" and c.lower_ in lex.condition_marks for c in current.children):
            hypothetical = True
        if _attributed(current, lex):
            reported = True
        head = current.head
        if head.i == current.i:
            break
        dep = current.dep_
        if dep in {"ccomp", "parataxis"} and has_lemma(head, lex.reporting_verbs):
            reported = True
        elif dep in {"xcomp", "acl", "advcl"} and has_lemma(head, lex.plan_verbs) and (
            dep == "xcomp" or any(c.lower_ == "to" for c in current.children)
        ):
            planned = True  # "plans to visit", also where "plans" is parsed as a noun
        elif dep == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in lex.condition_marks for c in current.children
        ):
            hypothetical = True
        if dep not in {"xcomp", "ccomp", "conj", "parataxis"}:
            break
        current = head
    if hypothetical:
        return Factuality.HYPOTHETICAL
    if reported:
        return Factuality.REPORTED
    if planned:
        return Factuality.PLANNED
    return Factuality.ASSERTED


# --- participants -----------------------------------------------------------------------------


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
    token: Token, role: str, base: int, excluded: Collection[int], cut: int
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

    def add(head: Token | None, role: str) -> None:
        if head is None:
            return
        head = resolve_relative(head)
        if head.tag_ in {"WP", "WDT"} or head.lower_ in {"who", "which", "that"}:
            return
        item = _phrase(head, role, base, excluded, cut)
        if item is None:
            return
        p = item.participant
        if any(f.participant.start <= p.start and p.end <= f.participant.end for f in found):
            return
        found.append(item)

    if token.pos_ in {"NOUN", "PROPN"} and not any(c.dep_ == "cop" for c in token.children):
        _noun_participants(token, lex, add)
        return tuple(found)
    subj = subject(token)
    if is_passive(token):
        add(passive_agent(token), "agent")
        add(subj, "patient")
    else:
        add(subj, "agent")
    rec = recipient(token)
    for obj in objects(token):
        if rec is None or obj.i != rec.i:
            add(obj, "patient")
    add(rec, "recipient")
    for child in token.children:
        if child.dep_ in {"obl", "nmod"} and child.pos_ == "PROPN" and case_marker(child) in {
            "in", "at"
        }:
            add(child, "location")
    return tuple(found)


def _noun_participants(token: Token, lex: EventLexicon, add: _Adder) -> None:
    klass = next((lex.class_of[w] for w in _lemmas(token) if w in lex.class_of), None)
    for child in token.children:
        if child.dep_ in POSSESSIVE_DEPS and child.pos_ != "PRON":
            add(child, "agent")
    for child in token.children:
        if child.dep_ not in {"nmod", "obl", "pobj", "prep"}:
            continue
        case = case_marker(child)
        if case in {"by", "between", "among"}:
            add(child, "agent")
        elif case in {"of", "on", "against"}:
            add(child, "patient")
        elif case == "with" or (case == "to" and klass == "call"):
            add(child, "recipient")
        elif case in {"in", "at", "to"} and child.pos_ == "PROPN":
            add(child, "location")


def _lemmas(token: Token) -> Iterable[str]:
    yield token.lemma_.lower()
    yield token.lower_


def names_of(found: Iterable[Found]) -> frozenset[str]:
    """Lower-cased proper-noun words of agent, patient and recipient phrases."""
    return frozenset(
        w.lower_ for f in found if f.participant.role != "location" for w in f.words
        if w.pos_ == "PROPN"
    )


# --- summary ----------------------------------------------------------------------------------


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
            if child.dep_ in CLAUSE_DEPS or child.text in QUOTES:
                continue
            if child.dep_ in OBLIQUE_DEPS and child.i > node.i and (
                case_marker(child) in lex.relational_prepositions
                or any(t.i in excluded for t in child.subtree)
            ):
                continue
            stack.append(child)
    return keep


def _verb_group(verb: Token, lex: EventLexicon) -> set[int]:
    keep = {verb.i}
    for child in verb.children:
        dep = child.dep_
        if (dep in _GROUP_DEPS and child.i < verb.i + 2) or (
            dep == "advmod" and child.lower_ in lex.negations
        ) or (dep == "mark" and child.lower_ == "to") or (
            # "walk away", "pulled out": a particle parsed as an adverb
            dep == "advmod" and child.i == verb.i + 1 and child.lower_ in _PARTICLES
        ):
            keep.add(child.i)
    return keep


def _subject_ids(predicate: Token, excluded: Collection[int], cut: int) -> set[int]:
    subj = subject(predicate)
    if subj is None:
        return set()
    return {t.i for t in phrase_words(resolve_relative(subj), cut) if t.i not in excluded}


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


def _summary_ids(
    predicate: Token, scope: Scope, lex: EventLexicon, depth: int, with_subject: bool
) -> set[int]:
    excluded = scope.excluded
    if predicate.pos_ in {"NOUN", "PROPN"} and not any(c.dep_ == "cop" for c in predicate.children):
        head = predicate.head
        if depth == 0 and predicate.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"} and (
            head.pos_ in {"VERB", "AUX"} or any(c.dep_ == "cop" for c in head.children)
        ):
            # "the attack killed three soldiers": the clause it is the subject of
            return _summary_ids(head, scope, lex, depth + 1, with_subject=True)
        return _compact(predicate, excluded, lex)
    chain = [predicate]
    # "Moscow intended to fire": the verbs a controlled infinitive depends on, up to the one
    # with a subject of its own
    while (
        depth == 0
        and chain[-1].dep_ == "xcomp"
        and not _own_subject(chain[-1])
        and chain[-1].head.pos_ in {"VERB", "AUX", "ADJ"}
        and len(chain) < 4
    ):
        chain.append(chain[-1].head)
    keep: set[int] = set()
    for verb in chain:
        keep |= _verb_group(verb, lex)
    if with_subject:
        keep |= _subject_ids(chain[-1], excluded, scope.cut)
    passive_by = passive_agent(predicate) if is_passive(predicate) else None
    rec = recipient(predicate)
    copular = any(c.dep_ == "cop" for c in predicate.children)
    reported_clause_seen = False
    if copular:
        for child in predicate.children:
            if child.dep_ in {"det", "amod", "compound", "nummod", "nmod:poss", "poss", "case"} \
                    and child.i < predicate.i:
                keep |= _compact(child, excluded, lex)
    for child in predicate.children:
        if child.i in excluded:
            continue
        if child.dep_ in OBJECT_DEPS:
            keep |= _compact(child, excluded, lex)
        elif child.dep_ in {"xcomp", "acomp"} and depth < 3:
            keep |= _summary_ids(child, scope, lex, depth + 1, _own_subject(child))
        elif child.dep_ == "ccomp" and depth < 2 and child.i > predicate.i \
                and has_lemma(predicate, lex.reporting_verbs) \
                and not _quoted_clause(child, scope) and not reported_clause_seen \
                and all(c.lower_ == "that" for c in child.children if c.dep_ == "mark"):
            # what is said after the verb; "X happened, a source said" summarizes as the
            # attribution alone
            reported_clause_seen = True
            keep |= _summary_ids(child, scope, lex, depth + 1, with_subject=True)
            keep |= {c.i for c in child.children if c.dep_ == "mark" and c.lower_ == "that"}
    for pp in (passive_by, rec):
        if pp is not None and pp.i not in excluded and pp.dep_ in OBLIQUE_DEPS | {"pobj"}:
            keep |= _compact(pp, excluded, lex)
    pp = _best_oblique(predicate, keep, excluded, lex)
    if pp is not None:
        keep |= _compact(pp, excluded, lex)
    return {i for i in keep if i >= scope.cut and i not in excluded}


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubj:pass", "nsubjpass", "expl"} for c in verb.children)


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
        marker = case_marker(child)
        if marker is None or marker not in lex.summary_prepositions:
            continue
        if child.i in excluded or any(t.i in keep for t in child.subtree):
            continue
        # an adjective's own complement comes first ("wary of a ceasefire")
        rank = child.i if predicate.pos_ == "ADJ" else lex.summary_prepositions.index(marker)
        ranked.append((rank, child.i, child))
    return min(ranked)[2] if ranked else None


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
    ids = _summary_ids(token, scope, lex, depth=0, with_subject=True)
    ids.add(token.i)
    return render(token.doc, ids) or token.text


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
