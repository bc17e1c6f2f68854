"""Event detection: every word of the parse that can name an event, with what the parse says
about it.

Candidates are verbs (reporting verbs marked as such), copular predicates ("is wary") and
event nouns from the lexicon ("attack", "call", "talks"). Only the candidates that end up with
a time become events; the others still serve as anchors for relative times and as earlier
mentions to merge with.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from spacy.tokens import Token

from service.domain.types import EventRef, Factuality, TimeExpression
from service.locale.event_lexicon import EventWords, load_event_words
from service.locale.events import EventLexicon
from service.nlp.parse import ParsedText, Sentence
from service.nlp.syntax import has_lemma, lemma_candidates, prefix_end
from service.pipeline.events.describe.factuality import factuality
from service.pipeline.events.describe.form import Form, verb_form
from service.pipeline.events.describe.participants import Found, participants
from service.pipeline.events.describe.quotes import quoted_tokens
from service.pipeline.events.describe.summary import Scope

_NOT_EVENTS: Final = frozenset({"aux", "aux:pass", "auxpass", "cop", "case", "mark", "det",
                                "amod", "compound", "flat", "fixed", "punct"})
_SUBJECTS: Final = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "expl", "csubj"})
_STATE_POS: Final = frozenset({"ADJ", "NOUN", "PROPN", "ADV", "ADP", "NUM", "PRON"})
# "the election campaign", a heading "Drone attack": a noun that names an event only as a
# modifier or a title.
_NOT_EVENT_NOUN_DEPS: Final = frozenset({"compound", "ROOT"})
# The least share of a noun's first WordNet senses that must be eventive.
NOUN_MIN_SHARE: Final = 0.5
# Most event candidates read in one sentence: a longer list, or a phrase repeated on one line,
# keeps its first ones (with a ``truncated`` warning, see :func:`crowded_sentences`), so the
# work per sentence, and the mentions merging compares, stay bounded.
MAX_CANDIDATES_PER_SENTENCE: Final = 64


class Kind(StrEnum):
    """What sort of word names the event."""

    VERB = "verb"
    REPORT = "report"  # a reporting verb ("said", "told", "according to")
    STATE = "state"  # a copular predicate ("is wary", "was in Washington")
    NOUN = "noun"


class Level(StrEnum):
    """How deep in the sentence the event's clause sits."""

    MAIN = "main"  # the main clause or a clause coordinated with it
    REPORTED = "reported"  # the clause a main reporting verb reports
    SUBORDINATE = "subordinate"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A word that can name an event, in document order (``key`` "x1", "x2", ...).

    Attributes:
        key: internal id, stable within one request.
        token: the event word.
        sentence: its sentence.
        paragraph: index of its paragraph.
        sentence_index: index of its sentence in the whole text.
        kind: verb, reporting verb, copular state or noun.
        form: tense and aspect.
        factuality: asserted, reported, planned, hypothetical or negated.
        level: main clause, reported clause or subordinate clause.
        quoted: inside quotation marks.
        light: a light verb ("be", "have") with no event meaning of its own.
        klass: the event class for merging ("call", "attack"), if any.
        sentence_names: proper-noun words of its whole sentence (a parse that misattaches a
            participant still leaves its name in the sentence).
        scope: the paragraph's time-expression words, quoted words and dateline end.
    """

    key: EventRef
    token: Token
    sentence: Sentence
    paragraph: int
    sentence_index: int
    kind: Kind
    form: Form
    factuality: Factuality
    level: Level
    quoted: bool
    light: bool
    klass: str | None
    sentence_names: frozenset[str]
    scope: Scope

    @property
    def base(self) -> int:
        """Offset of the candidate's paragraph in the request text."""
        return self.sentence.base

    @property
    def start(self) -> int:
        """Offset of the event word in the request text."""
        return self.sentence.base + self.token.idx

    @property
    def end(self) -> int:
        """Offset just after the event word."""
        return self.start + len(self.token.text)

    def participants(self, lex: EventLexicon) -> tuple[Found, ...]:
        """Its participants (computed on demand: the parse walk is not free)."""
        return participants(self.token, self.base, self.scope.excluded, self.scope.cut, lex)

    @property
    def eventive(self) -> bool:
        """Whether it names an event on its own, dated or not: verbs (not light ones) and
        event nouns that are arguments (not a modifier in a compound, not a bare heading); a
        copular state or a light verb is an event only with a time of its own."""
        if self.kind == Kind.NOUN:
            return self.token.dep_ not in _NOT_EVENT_NOUN_DEPS
        return self.kind in (Kind.VERB, Kind.REPORT) and not self.light

    @property
    def dated_ok(self) -> bool:
        """Whether a time may be inferred for it (it happens, or is said to happen)."""
        return self.factuality in (Factuality.ASSERTED, Factuality.REPORTED)


def _function_word(token: Token, lex: EventLexicon) -> bool:
    """Auxiliaries, markers, determiners and modifiers (but an event noun as a compound)."""
    if token.dep_ in _NOT_EVENTS and not (token.dep_ == "amod" and token.pos_ == "NOUN"):
        return token.dep_ != "compound" or not has_lemma(token, lex.event_nouns)
    return False


def _pseudo_verb(token: Token, lex: EventLexicon) -> bool:
    """Words that only look like verbs."""
    if token.pos_ != "VERB":
        return False
    if token.lower_ in lex.to_nouns and token.i > 0 and (
        token.doc[token.i - 1].lower_ in lex.infinitive_markers
    ):
        return True  # "returned to office": a noun read as an infinitive
    return token.lower_ in lex.prepositional_participles and token.tag_ in {"VBN", "VBG"} and any(
        c.dep_ in {"case", "mark"} or c.dep_ in {"obl", "obj", "nmod"} and c.i > token.i
        for c in token.children
    )  # "compared with", "including": a preposition in a verb's form


def _event_noun(token: Token, lex: EventLexicon, words: EventWords) -> bool:
    """A noun that names something that happens: listed by the event stage, or one WordNet
    reads as an event (an act, process or happening, or a nominalisation) in most senses."""
    lemmas = lemma_candidates(token)
    if not lemmas.isdisjoint(lex.event_nouns):
        return True
    lemma = token.lemma_.lower() or token.lower_
    return words.is_event_noun(lemma, min_share=NOUN_MIN_SHARE) and _instance_context(token)


def _instance_context(token: Token) -> bool:
    """A noun WordNet calls an event names one particular event where a verb acts on it as
    a singular, determined object: "filed a lawsuit", "gave his keynote", "lost its case"."""
    if token.tag_ != "NN" or token.dep_ not in {"obj", "dobj"} or token.head.pos_ != "VERB":
        return False
    return any(c.dep_ in {"det", "nmod:poss", "poss"} for c in token.children)


def _mistagged_verb(token: Token, lex: EventLexicon, words: EventWords) -> bool:
    """A finite verb the tagger took for an adjective or a noun ("Jobs unveiled iPhone 4",
    "Jobs demoed the device"): it heads a clause with a subject, has no copula, and its form
    is an inflection of a verb WordNet knows."""
    if token.pos_ not in {"ADJ", "NOUN"} or token.dep_ not in {"ROOT", "conj", "ccomp"}:
        return False
    children = list(token.children)
    if any(c.dep_ in {"cop", "det"} for c in children):
        return False
    if not any(c.dep_ in _SUBJECTS for c in children):
        return False
    word = token.lower_
    if not word.endswith(lex.finite_verb_endings):
        return False
    return any(words.verb_file(lemma) is not None for lemma in lemma_candidates(token)
               if lemma != word)


def kind_of(token: Token, lex: EventLexicon, words: EventWords | None = None) -> Kind | None:
    """The kind of event ``token`` names, or None if it names none.

    Args:
        token: a word of the parse.
        lex: the event lexicon (event nouns, reporting verbs, words that only look like
            verbs).

    Returns:
        Verb, reporting verb, copular state or event noun; None for anything else.
    """
    words = words or load_event_words()
    if _function_word(token, lex):
        return None
    if token.lower_ in lex.attribution_words:
        return Kind.REPORT
    if _pseudo_verb(token, lex):
        return None
    if token.pos_ == "VERB":
        return Kind.REPORT if has_lemma(token, lex.reporting_verbs) else Kind.VERB
    if token.pos_ == "AUX":
        return Kind.VERB if any(c.dep_ in _SUBJECTS for c in token.children) else None
    if _mistagged_verb(token, lex, words):
        return Kind.REPORT if has_lemma(token, lex.reporting_verbs) else Kind.VERB
    if any(c.dep_ == "cop" for c in token.children) and token.pos_ in _STATE_POS:
        return Kind.STATE
    if token.pos_ == "NOUN" and _event_noun(token, lex, words):
        return Kind.NOUN
    return None


def _level(token: Token, lex: EventLexicon) -> Level:
    current = token
    level = Level.MAIN
    for _ in range(12):
        dep = current.dep_
        if dep == "ROOT" or current.head.i == current.i:
            return level
        head = current.head
        if dep == "conj":
            current = head
            continue
        if dep in {"ccomp", "parataxis"} and has_lemma(head, lex.reporting_verbs) and (
            level == Level.MAIN
        ):
            level = Level.REPORTED
            current = head
            continue
        if dep == "parataxis":
            current = head
            continue
        return Level.SUBORDINATE
    return Level.SUBORDINATE


def _klass(token: Token, lex: EventLexicon) -> str | None:
    for lemma in sorted(lemma_candidates(token)):
        if lemma in lex.class_of:
            return lex.class_of[lemma]
    return None


def timex_token_ids(parsed: ParsedText, timexes: Sequence[TimeExpression]) -> dict[int, set[int]]:
    """Token indices covered by a time expression, per paragraph.

    Args:
        parsed: the parsed text.
        timexes: the resolved time expressions.

    Returns:
        Token indices (in the paragraph's Doc) keyed by the paragraph's start offset.
    """
    found: dict[int, set[int]] = {}
    ordered = sorted(timexes, key=lambda t: t.start)
    starts = [t.start for t in ordered]
    for paragraph in parsed.paragraphs:
        lo = bisect_left(starts, paragraph.start)
        hi = bisect_left(starts, paragraph.end)
        ids: set[int] = set()
        for timex in ordered[lo:hi]:  # only this paragraph's: linear in the text's length
            span = paragraph.doc.char_span(
                timex.start - paragraph.start, timex.end - paragraph.start,
                alignment_mode="expand",
            )
            if span is not None:
                ids.update(token.i for token in span)
        found[paragraph.start] = ids
    return found


def find_candidates(
    parsed: ParsedText, timex_ids: Mapping[int, set[int]], lex: EventLexicon
) -> tuple[Candidate, ...]:
    """Every word of the text that can name an event, in document order.

    Words inside a time expression ("the start of the war" is not one, "World War Two" is
    not a time), inside a date prefix or dateline, and auxiliaries are skipped.

    Args:
        parsed: the parsed text.
        timex_ids: token indices of time expressions per paragraph (:func:`timex_token_ids`).
        lex: the event lexicon.

    Returns:
        The candidates.
    """
    return tuple(_iter_candidates(parsed, timex_ids, lex, load_event_words()))


def crowded_sentences(
    parsed: ParsedText, timex_ids: Mapping[int, set[int]], lex: EventLexicon
) -> tuple[Sentence, ...]:
    """The sentences with more candidates than :data:`MAX_CANDIDATES_PER_SENTENCE` (only
    their first ones are read); only sentences with more words than that are looked at."""
    limit = MAX_CANDIDATES_PER_SENTENCE
    counts: dict[int, tuple[Sentence, int]] = {}
    for found in _iter_candidates(parsed, timex_ids, lex, load_event_words(), limit + 1,
                                  lambda s: sum(t.is_alpha for t in s.span) > limit):
        counts[found.sentence_index] = (found.sentence, counts.get(
            found.sentence_index, (found.sentence, 0))[1] + 1)
    return tuple(sentence for sentence, count in counts.values() if count > limit)


def _iter_candidates(
    parsed: ParsedText, timex_ids: Mapping[int, set[int]], lex: EventLexicon, words: EventWords,
    limit: int = MAX_CANDIDATES_PER_SENTENCE, only: Callable[[Sentence], bool] | None = None,
) -> Iterator[Candidate]:
    number = 0
    sentence_index = -1
    for p_index, paragraph in enumerate(parsed.paragraphs):
        cut = prefix_end(paragraph.doc)
        skip = timex_ids.get(paragraph.start, set())
        scope = Scope(frozenset(skip), quoted_tokens(paragraph.doc), cut)
        for sentence in paragraph.sentences():
            sentence_index += 1
            if only is not None and not only(sentence):
                continue
            sentence_names = frozenset(
                t.lower_ for t in sentence.span if t.pos_ == "PROPN" and t.i >= cut
            )
            taken = 0
            for token in sentence.span:
                if taken == limit:
                    break
                if token.i < cut or token.i in skip or not token.is_alpha:
                    continue
                if token.dep_ in {"acl", "amod"} and token.head.i in skip:
                    continue  # "the quarter ended Sept. 30" names a period, not an event
                kind = kind_of(token, lex, words)
                if kind is None:
                    continue
                number += 1
                taken += 1
                yield Candidate(
                    key=EventRef(f"x{number}"),
                    token=token,
                    sentence=sentence,
                    paragraph=p_index,
                    sentence_index=sentence_index,
                    kind=kind,
                    form=verb_form(token, lex),
                    factuality=factuality(token, lex),
                    level=_level(token, lex),
                    quoted=token.i in scope.quoted,
                    light=has_lemma(token, lex.light_verbs) and kind != Kind.NOUN,
                    klass=_klass(token, lex),
                    sentence_names=sentence_names,
                    scope=scope,
                )
