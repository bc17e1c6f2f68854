"""Stage: parse the text and read, for each time expression, the tense of the verb it modifies.

A bare "Sunday" means the last one in "Russia launched an attack on Sunday" and the next one in
"Russia will launch an attack on Sunday"; the verb the expression attaches to (through its
dependency head chain) decides, with its auxiliaries.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Final

from spacy.tokens import Token

from service.domain.types import Grain, Tense
from service.locale.grammar import TenseWords, load_grammar
from service.nlp.parse import ParsedText
from service.nlp.syntax import head_chain
from service.rules.types import Anchor, Candidate

# Dependency labels of the words that carry a clause's tense: auxiliaries and the copula.
_VERB_MARKERS: Final = frozenset({"aux", "aux:pass", "auxpass", "cop"})
# Dependency labels of a clause's subject: a verb without one at the root is a command.
_SUBJECTS: Final = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "csubj", "expl"})
_MAX_DEPTH: Final = 4  # how far up the tree a non-finite verb looks for its tense
_LOOK_BACK: Final = 12  # tokens before an expression the parser left without a verb
_SENTENCE_ENDS: Final = frozenset({".", "!", "?", ";", ":"})


def _is_clause_head(token: Token) -> bool:
    """A verb, or any word that carries auxiliaries or a copula: "the meeting is on Monday",
    "is getting married" (the parser may tag "married" ADJ; its auxiliaries still say it)."""
    if token.dep_ in _VERB_MARKERS or _is_counted_noun(token):
        return False
    return token.pos_ in ("VERB", "AUX") or any(c.dep_ in _VERB_MARKERS for c in token.children)


def _is_counted_noun(token: Token) -> bool:
    """A noun the parser labelled a verb but tagged as a noun, with a number or determiner of
    its own: "points" in "The DAX dropped 19.69 points Friday" is no present tense."""
    return token.tag_.startswith("NN") and any(
        c.dep_ in ("nummod", "det") for c in token.children
    )


def _verb_of(token: Token) -> Token | None:
    """The nearest verb (or clause head with a copula or auxiliary) at or above ``token``."""
    if _is_clause_head(token):
        return token
    for head in head_chain(token):
        if _is_clause_head(head):
            return head
    return None


def _inherit(verb: Token, words: TenseWords, depth: int) -> Tense:
    """The tense of the clause a non-finite verb depends on."""
    head = verb.head
    if head.i == verb.i or depth >= _MAX_DEPTH:
        return Tense.UNKNOWN
    if head.lemma_.lower() in words.future_verbs or head.lower_ in words.future_forms:
        return Tense.FUTURE  # "expected to join", "is going to meet"
    return _verb_tense(head, words, depth + 1)


def _modal_tense(verb: Token, forms: frozenset[str], words: TenseWords) -> Tense | None:
    """The tense a modal auxiliary gives, or None without one."""
    if not forms.isdisjoint(words.future_modals):
        return Tense.FUTURE
    if not forms.isdisjoint(words.neutral_modals):
        negated = any(c.dep_ in ("neg", "advmod", "dep", "preconj", "cc:preconj")
                      and c.lower_ in words.negations for c in verb.children) or any(
            g.lower_ in words.negations  # "Neither he nor his aides could be reached"
            for c in verb.children if c.dep_ in _SUBJECTS for g in (c, *c.children)
        )
        # "could spread on Monday" looks ahead; "could not be located Wednesday" looks back
        return Tense.UNKNOWN if negated else Tense.FUTURE
    return None


def _is_non_finite(verb: Token, has_aux: bool, words: TenseWords) -> bool:
    """An infinitive ("intended to fire", "plans to visit") or a bare participle joined to
    another verb ("is getting married", "was seen and arrested"): it takes that verb's tense."""
    if any(c.dep_ == "mark" and c.lower_ in words.infinitive_markers for c in verb.children):
        return True
    if verb.tag_ == "VB" and not has_aux:
        return True
    return (
        not has_aux
        and verb.dep_ in ("xcomp", "conj")
        and verb.tag_ in ("VBN", "VBG")
        and not _is_reduced_relative(verb)
    )


def _is_reduced_relative(verb: Token) -> bool:
    """A past participle after a noun and a comma, which the parser may join to the verb
    before as a second verb: "appeal the decision, announced Wednesday by the agency" tells
    of the announcement, already made, whatever the tense of "appeal"."""
    if verb.tag_ != "VBN" or verb.i < 2:
        return False
    doc = verb.doc
    return doc[verb.i - 1].text == "," and doc[verb.i - 2].pos_ in ("NOUN", "PROPN")


def _progressive_tense(
    verb: Token, forms: frozenset[str], words: TenseWords, depth: int
) -> Tense:
    """The tense of a gerund-participle ("was meeting", "is meeting")."""
    if not forms.isdisjoint(words.past_auxiliaries):
        return Tense.PAST
    if not forms.isdisjoint(words.present_be):
        return Tense.FUTURE  # present progressive refers ahead: "is meeting on Sunday"
    return _inherit(verb, words, depth)


def _participle_tense(
    verb: Token, forms: frozenset[str], words: TenseWords, depth: int
) -> Tense:
    """The tense of a past participle ("has met", "is expected", "the attack launched")."""
    if not forms.isdisjoint(words.have) or not forms.isdisjoint(words.past_auxiliaries):
        return Tense.PAST
    if not forms.isdisjoint(words.present_be):
        return Tense.PRESENT
    head = verb.head  # reduced relative: "the attack launched on Sunday"
    if not forms and verb.dep_ in ("acl", "amod") and head.pos_ in ("VERB", "AUX"):
        return _verb_tense(head, words, depth + 1) if depth < _MAX_DEPTH else Tense.PAST
    return Tense.PAST


def _is_imperative(verb: Token, forms: frozenset[str], words: TenseWords) -> bool:
    """A command or a suggestion: a base form at the root with no subject and no auxiliary
    but "do" ("Call me Monday", "Don't forget Saturday")."""
    return (
        verb.tag_ == "VB"
        and verb.dep_ == "ROOT"
        and forms <= words.imperative_auxiliaries
        and not any(c.dep_ in _SUBJECTS for c in verb.children)
    )


def _is_misread_present(token: Token) -> bool:
    """A present verb in "-s" the tagger read as a plural noun, known by its subject:
    "Parliament resumes on Monday", "The minister testifies Thursday"."""
    return token.tag_ == "NNS" and any(c.dep_ in _SUBJECTS for c in token.children)


def _is_bare_weekday(cand: Candidate) -> bool:
    """A weekday whose direction the tense decides ("Friday", "Friday night")."""
    return (
        cand.weekday is not None
        and cand.anchor == Anchor.TENSE
        and cand.nth is None
        and cand.month is None
        and not cand.direction
        and not cand.holiday
    )


def _is_reported_present(cand: Candidate, verb: Token, words: TenseWords) -> bool:
    """A bare weekday on a simple present that is no scheduled event: the historic present of
    a headline or report ("Obama signs climate bill Monday") tells of a day already past,
    while "the Lakers play Friday" and "the show opens Saturday" look ahead."""
    return (
        _is_bare_weekday(cand)
        and (verb.tag_ in ("VBZ", "VBP") or _is_misread_present(verb))
        and not any(c.dep_ in _VERB_MARKERS for c in verb.children)
        and verb.lemma_.lower() not in words.scheduled_verbs
    )


def _finite_tense(verb: Token, forms: frozenset[str], words: TenseWords) -> Tense:
    """The tense of a finite verb, from its tag, its auxiliaries, then its morphology."""
    if verb.tag_ == "VBD" or not forms.isdisjoint(words.past_auxiliaries):
        return Tense.PAST
    if verb.tag_ in ("VBZ", "VBP") or not forms.isdisjoint(words.present_be):
        return Tense.PRESENT
    morph_tense = verb.morph.get("Tense", [])
    if "Past" in morph_tense:
        return Tense.PAST
    if "Pres" in morph_tense:
        return Tense.PRESENT
    return Tense.UNKNOWN


def _verb_tense(verb: Token, words: TenseWords, depth: int = 0) -> Tense:
    """The tense of ``verb``'s clause: its modal, its non-finite form, its participle or its
    finite form, in that order."""
    forms = frozenset(c.lower_ for c in verb.children if c.dep_ in _VERB_MARKERS and c.i < verb.i)
    modal = _modal_tense(verb, forms, words)
    if modal is not None:
        return modal
    if _is_imperative(verb, forms, words):
        return Tense.FUTURE  # "Call me on Monday", "Let's talk Thursday"
    if _is_non_finite(verb, bool(forms), words):
        return _inherit(verb, words, depth)
    if verb.tag_ == "VBG":
        return _progressive_tense(verb, forms, words, depth)
    if verb.tag_ == "VBN":
        return _participle_tense(verb, forms, words, depth)
    return _finite_tense(verb, forms, words)


def tense_of(parsed: ParsedText, start: int, end: int, language: str = "en") -> Tense:
    """The tense of the verb the expression at ``[start, end)`` attaches to.

    Args:
        parsed: the parsed text.
        start: the expression's first character offset.
        end: the offset just after it.
        language: the locale whose tense words apply.

    Returns:
        The tense, or UNKNOWN when no verb governs the expression.
    """
    verb = _governing_verb(parsed, start, end)
    words = load_grammar(language).tense
    return _verb_tense(verb, words) if verb is not None else Tense.UNKNOWN


def _governing_verb(parsed: ParsedText, start: int, end: int) -> Token | None:
    """The verb the expression at ``[start, end)`` attaches to, else its sentence's verb root."""
    found = parsed.char_span(start, end)
    if found is None:
        return None
    _, span = found
    verb = _verb_of(span.root)
    if verb is not None:
        return verb
    root = span.root.sent.root
    if root.pos_ in ("VERB", "AUX") or _is_misread_present(root):
        return root
    # "The champions host the league leaders Saturday": the parser may make the weekday a
    # root of its own; the verb before it in the same sentence of the text governs it
    for token in reversed(span.doc[max(0, span.start - _LOOK_BACK) : span.start]):
        if token.text in _SENTENCE_ENDS or token.is_space or "\n" in token.whitespace_:
            break
        if token.pos_ in ("VERB", "AUX") and token.dep_ == "ROOT" or _is_misread_present(token):
            return token
    return None


def read_tenses(
    parsed: ParsedText, candidates: Sequence[Candidate], language: str = "en"
) -> tuple[Tense, ...]:
    """The tense for each candidate, in order.

    Args:
        parsed: the parsed text.
        candidates: the candidate time expressions.
        language: the locale whose tense words apply.

    Returns:
        One tense per candidate; a bare weekday on the simple present of a verb that names no
        scheduled event reads as past (the historic present of headlines and reports).
    """
    words = load_grammar(language).tense
    tenses: list[Tense] = []
    for cand in candidates:
        verb = _governing_verb(parsed, cand.start, cand.end)
        tense = _verb_tense(verb, words) if verb is not None else Tense.UNKNOWN
        if verb is not None and tense == Tense.UNKNOWN and _is_misread_present(verb):
            tense = Tense.PRESENT
        if verb is not None and _is_bare_weekday(cand) and (
            verb.lemma_.lower() in words.planning_verbs
        ):
            tense = Tense.FUTURE
        elif tense == Tense.PRESENT and verb is not None and _is_reported_present(
            cand, verb, words
        ):
            tense = Tense.PAST
        tenses.append(tense)
    return tuple(tenses)


def sentence_ids(parsed: ParsedText, candidates: Sequence[Candidate]) -> tuple[int, ...]:
    """A key per candidate for the sentence it starts in: equal keys, same sentence.

    The key is the sentence's start offset; a candidate in a paragraph that was not parsed
    gets its paragraph's start (no parsed sentence starts there), and one between sentences
    gets -1.

    Args:
        parsed: the parsed text (perhaps only some of its paragraphs).
        candidates: the candidate time expressions, in document order.

    Returns:
        One key per candidate.
    """
    text = parsed.text
    paragraph_starts = [p.start for p in parsed.paragraphs]
    keys: list[int] = []
    for cand in candidates:
        sentence = parsed.sentence_at(cand.start)
        if sentence is not None:
            keys.append(sentence.start)
            continue
        at = bisect_right(paragraph_starts, cand.start) - 1
        if at >= 0 and cand.start < parsed.paragraphs[at].end:
            keys.append(-1)  # inside a parsed paragraph, between its sentences
            continue
        line = text.rfind("\n", 0, cand.start) + 1
        keys.append(line + len(text[line:cand.start]) - len(text[line:cand.start].lstrip()))
    return tuple(keys)


def parse_ranges(text: str, candidates: Sequence[Candidate]) -> list[tuple[int, int]]:
    """The ranges whose parse the time-expression stages read when no event is wanted.

    Those are the expressions whose value the tense decides ("on Sunday"), and a clock time
    with an earlier expression in its paragraph ("on May 3 ... at 3 p.m."): it takes that
    day only within one sentence, so the sentence boundaries there are read too.

    Args:
        text: the request text.
        candidates: the candidate time expressions, in document order.

    Returns:
        ``(start, end)`` ranges; the paragraphs they overlap must be parsed.
    """
    ranges: list[tuple[int, int]] = []
    for index, cand in enumerate(candidates):
        if cand.anchor == Anchor.TENSE:
            ranges.append((cand.start, cand.end))
        elif cand.grain == Grain.MINUTE and index > 0:
            before = candidates[index - 1]
            if "\n" not in text[before.end:cand.start]:
                ranges.append((before.start, cand.end))
    return ranges
