"""Stage: parse the text and read, for each time expression, the tense of the verb it modifies.

A bare "Sunday" means the last one in "Russia launched an attack on Sunday" and the next one in
"Russia will launch an attack on Sunday"; the verb the expression attaches to (through its
dependency head chain) decides, with its auxiliaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from spacy.tokens import Token

from service.domain.types import Tense
from service.nlp.parse import ParsedText
from service.nlp.syntax import head_chain
from service.rules.types import Candidate

_FUTURE_MODALS: Final = frozenset({"will", "shall", "'ll", "’ll", "wo", "would", "may",
                                   "might", "should", "must", "'d"})
# "could"/"can" are as often about the past ability as about the future: no direction.
_NEUTRAL_MODALS: Final = frozenset({"could", "can", "ca"})
_HAVE: Final = frozenset({"have", "has", "had", "'ve", "'s", "’ve"})
_PAST_AUX: Final = frozenset({"was", "were", "had", "did", "'d"})
_PRESENT_BE: Final = frozenset({"is", "are", "am", "'s", "'re", "'m", "’s", "’re"})
# Verbs whose infinitive complement lies ahead of them ("expected to join in April").
_FUTURE_VERBS: Final = frozenset({"plan", "expect", "schedule", "hope", "aim", "want", "set",
                                  "due", "slate", "decide", "agree", "prepare", "propose",
                                  "promise", "pledge", "vow", "threaten", "seek", "likely"})


_VERB_MARKERS: Final = frozenset({"aux", "aux:pass", "auxpass", "cop"})


def _is_clause_head(token: Token) -> bool:
    """A verb, or any word that carries auxiliaries or a copula: "the meeting is on Monday",
    "is getting married" (the parser may tag "married" ADJ; its auxiliaries still say it)."""
    if token.dep_ in _VERB_MARKERS:
        return False
    return token.pos_ in ("VERB", "AUX") or any(c.dep_ in _VERB_MARKERS for c in token.children)


def _verb_of(token: Token) -> Token | None:
    """The nearest verb (or clause head with a copula or auxiliary) at or above ``token``."""
    if _is_clause_head(token):
        return token
    for head in head_chain(token):
        if _is_clause_head(head):
            return head
    return None


def _inherit(verb: Token, depth: int) -> Tense:
    """The tense of the clause a non-finite verb depends on."""
    head = verb.head
    if head.i == verb.i or depth >= 4:
        return Tense.UNKNOWN
    if head.lemma_.lower() in _FUTURE_VERBS or head.lower_ == "going":
        return Tense.FUTURE  # "expected to join", "is going to meet"
    return _verb_tense(head, depth + 1)


def _verb_tense(verb: Token, depth: int = 0) -> Tense:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "aux:pass", "auxpass", "cop")
             and c.i < verb.i]
    words = [a.lower_ for a in auxes]
    if any(w in _FUTURE_MODALS for w in words):
        return Tense.FUTURE
    if any(w in _NEUTRAL_MODALS for w in words):
        negated = any(c.dep_ in ("neg", "advmod") and c.lower_ in ("not", "n't", "never")
                      for c in verb.children)
        # "could spread on Monday" looks ahead; "could not be located Wednesday" looks back
        return Tense.UNKNOWN if negated else Tense.FUTURE
    infinitive = any(c.dep_ == "mark" and c.lower_ == "to" for c in verb.children)
    if infinitive or (verb.tag_ == "VB" and not auxes):
        return _inherit(verb, depth)  # "intended to fire", "plans to visit"
    if not auxes and verb.dep_ in ("xcomp", "conj") and verb.tag_ in ("VBN", "VBG"):
        return _inherit(verb, depth)  # "is getting married", "was seen and arrested"
    if verb.tag_ == "VBG":
        if any(w in _PAST_AUX for w in words):
            return Tense.PAST
        if any(w in _PRESENT_BE for w in words):
            return Tense.FUTURE  # present progressive refers ahead: "is meeting on Sunday"
        return _inherit(verb, depth)
    if verb.tag_ == "VBN":
        if any(w in _HAVE for w in words) or any(w in _PAST_AUX for w in words):
            return Tense.PAST
        if any(w in _PRESENT_BE for w in words):
            return Tense.PRESENT
        head = verb.head  # reduced relative: "the attack launched on Sunday"
        if not auxes and verb.dep_ in ("acl", "amod") and head.pos_ in ("VERB", "AUX"):
            return _verb_tense(head, depth + 1) if depth < 4 else Tense.PAST
        return Tense.PAST
    if verb.tag_ == "VBD" or any(w in _PAST_AUX for w in words):
        return Tense.PAST
    if verb.tag_ in ("VBZ", "VBP") or any(w in _PRESENT_BE for w in words):
        return Tense.PRESENT
    morph_tense = verb.morph.get("Tense", [])
    if "Past" in morph_tense:
        return Tense.PAST
    if "Pres" in morph_tense:
        return Tense.PRESENT
    return Tense.UNKNOWN


def tense_of(parsed: ParsedText, start: int, end: int) -> Tense:
    """The tense of the verb the expression at ``[start, end)`` attaches to."""
    found = parsed.char_span(start, end)
    if found is None:
        return Tense.UNKNOWN
    _, span = found
    verb = _verb_of(span.root)
    if verb is None:
        root = span.root.sent.root
        verb = root if root.pos_ in ("VERB", "AUX") else None
    return _verb_tense(verb) if verb is not None else Tense.UNKNOWN


def read_tenses(parsed: ParsedText, candidates: Sequence[Candidate]) -> tuple[Tense, ...]:
    """The tense for each candidate, in order."""
    return tuple(tense_of(parsed, c.start, c.end) for c in candidates)


def sentence_ids(parsed: ParsedText, candidates: Sequence[Candidate]) -> tuple[int, ...]:
    """The index of the sentence each candidate starts in (-1 outside any sentence)."""
    bounds = [(s.start, s.end) for s in parsed.sentences()]
    ids: list[int] = []
    pos = 0
    for cand in candidates:
        while pos < len(bounds) and bounds[pos][1] <= cand.start:
            pos += 1
        ids.append(pos if pos < len(bounds) and bounds[pos][0] <= cand.start else -1)
    return tuple(ids)
