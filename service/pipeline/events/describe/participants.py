"""Participants: who did what to whom, where, as whole noun phrases of the sentence."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Token

from service.domain.types import Participant, Role
from service.locale.describe import DescribeWords, load_describe_words
from service.locale.events import EventLexicon
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
from service.pipeline.events.describe.form import is_nominal

CASE_DEPS: Final = frozenset({"case", "mark", "prep"})
POSSESSIVE_DEPS: Final = frozenset({"nmod:poss", "poss"})
_NAME_POS: Final = frozenset({"PROPN", "NOUN", "ADJ"})
_MODIFIER_POS: Final = frozenset({"ADJ", "ADV"})
_MODIFIER_TAGS: Final = ("JJ", "RB")
_PP_DEPS: Final = frozenset({"nmod", "prep", "obl", "acl"})

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


def _name_word(token: Token, words: DescribeWords) -> bool:
    """A word that can be part of a name or a title before it: "Judge", "Okafor", "US"."""
    if token.lower_ in words.titles and (token.is_title or token.is_upper or "." in token.text):
        return True
    return (
        token.pos_ in _NAME_POS
        and token.is_alpha
        and token.text[:1].isupper()
        and not any(c.dep_ in CASE_DEPS for c in token.children)
    )


def _attached(token: Token, inside: Collection[int], head: Token) -> bool:
    """``token`` hangs on the phrase, on the word the phrase hangs on, or on nothing (a name
    the parser left as a fragment of its own)."""
    return token.head.i in inside or token.head.i == head.head.i or token.head.i == token.i or any(
        c.i in inside for c in token.children
    )


def name_words(
    words: list[Token], head: Token, excluded: Collection[int], cut: int,
    lex: DescribeWords | None = None,
) -> list[Token]:
    """``words`` widened to the whole name with its title, where the parse cut it.

    A small parser often splits "Judge Miriam Okafor" or "US President Donald Trump" into two
    phrases; the capitalised words next to the phrase (and a title written in lower case:
    "captain Ben Ashdown") that hang on it, or on the word it hangs on, are taken back.

    Args:
        words: the phrase's words, contiguous and in order.
        head: the phrase's head word.
        excluded: indices of time-expression words, never taken.
        cut: index of the first word after the paragraph's date prefix and dateline.
        lex: the words of titles (default: English).

    Returns:
        The words, still contiguous and in order.
    """
    if not words:
        return words
    lex = lex or load_describe_words()
    doc = head.doc
    inside = {t.i for t in words}
    first, last = words[0].i, words[-1].i

    def takes(token: Token) -> bool:
        return (
            token.i not in excluded
            and token.i >= cut
            and token.i != head.head.i
            and (_name_word(token, lex) or token.lower_ in lex.titles)
        )

    left = first
    while left - 1 >= 0 and takes(doc[left - 1]):
        left -= 1
    if any(_attached(doc[j], inside, head) for j in range(left, first)):
        first = left
    right = last
    while right + 1 < len(doc) and _name_word(doc[right + 1], lex) and takes(doc[right + 1]):
        right += 1
    if any(_attached(doc[j], inside, head) for j in range(last + 1, right + 1)):
        last = right
    return list(doc[first : last + 1])


def _without_verb_phrases(
    words: list[Token], head: Token, lex: DescribeWords, event: Token | None = None
) -> list[Token]:
    """An acted-on phrase without the phrases that belong to the verb: "80,000 vehicles [over
    faulty brakes]", "Dorian Pell [of fraud]", "the government [of hiding the report]"; "the
    town of Kessa" and "the case against the two officers" stay whole."""
    drop: set[int] = set()
    for child in head.children:
        if child.dep_ not in _PP_DEPS or child.i < head.i:
            continue
        marker = case_marker(child)
        if marker is None:
            if child.dep_ == "acl":
                drop |= {t.i for t in child.subtree}
            continue
        verbs_of = marker == "of" and event is not None and has_lemma(event, lex.of_verbs)
        keep = marker in lex.patient_prepositions and child.pos_ not in {"VERB", "AUX"} and not (
            head.pos_ == "PROPN" and child.pos_ != "PROPN"
        ) and not verbs_of
        if not keep:
            drop |= {t.i for t in child.subtree}
    if not drop:
        return words
    kept = [t for t in words if t.i not in drop]
    run = [t for t in kept if t.i <= head.i or all(j not in drop for j in range(head.i, t.i))]
    return run or words


def _amount_word(token: Token, lex: DescribeWords) -> bool:
    return (
        token.like_num or token.is_punct or token.pos_ in {"NUM", "SYM"}
        or token.lower_ in lex.measure_words
    )


def _without_amounts(words: list[Token], head: Token, lex: DescribeWords) -> list[Token]:
    """A phrase without a trailing score or figure ("Everton 3-1" -> "Everton", "Shares, 6" ->
    "Shares"); empty when it is nothing but an amount ("6%", "12 percent", "$3 billion")."""
    trimmed = list(words)
    while trimmed and trimmed[-1].i > head.i and _amount_word(trimmed[-1], lex):
        trimmed.pop()
    content = [t for t in trimmed if not _amount_word(t, lex) and t.pos_ != "ADP"
               and t.lower_ not in {"least", "most"}]
    return trimmed if content else []


def _state_word(token: Token, event: Token, role: Role, lex: DescribeWords) -> bool:
    """An adjective or adverb ("safely"), or the bare state after a verb like "stand" ("has
    stood firm", "held rates steady"): no participant."""
    if token.pos_ in _MODIFIER_POS or token.tag_.startswith(_MODIFIER_TAGS):
        return True
    bare = not any(True for _ in token.children) and token.is_lower
    return role == Role.PATIENT and bare and has_lemma(event, lex.complement_verbs) and (
        token.i > event.i
    ) and not any(c.dep_ in {"obj", "dobj"} and c.i < token.i for c in event.children)


def _phrase(
    token: Token, role: Role, base: int, excluded: Collection[int], cut: int,
    event: Token | None = None,
) -> Found | None:
    """The participant's noun phrase, cut before any time expression inside it."""
    lex = load_describe_words()
    head = token
    if event is not None and _state_word(head, event, role, lex):
        return None
    words = phrase_words(head, cut)
    if role != Role.LOCATION:  # "In Kyiv President Zelenskyy said": the place is "Kyiv"
        words = name_words(words, head, excluded, cut, lex)
    if role in (Role.PATIENT, Role.RECIPIENT):
        words = _without_verb_phrases(words, head, lex, event)
    for k, word in enumerate(words):
        if word.i in excluded or (word.dep_ in CASE_DEPS and word.head.i in excluded):
            words = words[:k]
            break
    while words and (words[-1].is_punct or words[-1].dep_ in CASE_DEPS | {"cc"}):
        words.pop()
    words = _without_amounts(words, head, lex)
    if words and words[0].lower_ in {"least", "most"} and words[0].i > 0 and (
        words[0].doc[words[0].i - 1].lower_ == "at"
    ):
        words.insert(0, words[0].doc[words[0].i - 1])  # "at least 40 people"
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
        item = _phrase(head, role, base, excluded, cut, token)
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

