"""Small pure helpers over a dependency parse: predicates, their participants, phrase spans.

The event stage reads the parse through these functions only, so they must work with any
spaCy English pipeline that follows Universal Dependencies labels (the shipped one does) and
with ClearNLP-style labels where they differ (``nsubjpass``, ``dobj``, ``agent``, ``relcl``).
Offsets are character offsets into the request text: pass the paragraph's start offset
(``Sentence.base`` / ``Paragraph.start``) as ``base``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Doc, Span, Token

from service.locale.syntax import load_syntax_words
from service.nlp.boundaries import date_prefix_end, dateline_end

SUBJECT_DEPS: Final = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "csubj", "csubj:pass"})
OBJECT_DEPS: Final = frozenset({"obj", "dobj", "iobj", "dative"})
PASSIVE_AUX_DEPS: Final = frozenset({"aux:pass", "auxpass"})
PASSIVE_SUBJECT_DEPS: Final = frozenset({"nsubj:pass", "nsubjpass", "csubj:pass"})
RELCL_DEPS: Final = frozenset({"acl:relcl", "relcl"})
APPOS_DEPS: Final = frozenset({"appos"})
CONTROL_DEPS: Final = frozenset({"xcomp"})
CONJ_DEPS: Final = frozenset({"conj"})
# Non-finite adverbial clauses ("... joined other countries in arming Ukraine") share the
# subject of the clause they modify.
ADVCL_DEPS: Final = frozenset({"advcl"})
NONFINITE_FORMS: Final = frozenset({"Inf", "Ger", "Part"})

_DEP_PUNCT: Final = frozenset({"punct"})
_PREDICATE_MARKERS: Final = frozenset({"cop", "aux", "aux:pass", "auxpass"})
# The English words these helpers read: verb classes, prepositions, inflections.
_WORDS: Final = load_syntax_words("en")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A contiguous stretch of the request text, with the token that heads it.

    Attributes:
        start: offset of the first character in the request text.
        end: offset just after the last character.
        text: ``request_text[start:end]``.
        head: the syntactic head token.
    """

    start: int
    end: int
    text: str
    head: Token


def lemma_candidates(token: Token) -> frozenset[str]:
    """Possible lemmas of ``token``, lower case.

    The pipeline's lemma when it has a lemmatizer; otherwise (or in addition) the word itself,
    an irregular form's lemma and the stems left by removing an inflection, so membership tests
    such as ``"speak" in lemma_candidates(token)`` work with any pipeline.
    """
    word = token.lower_
    found = {word}
    if token.lemma_:
        found.add(token.lemma_.lower())
    irregular = _WORDS.lemma_of_form.get(word)
    if irregular is not None:
        found.add(irregular)
    for suffix, replacements in _WORDS.inflections:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            found.update(stem + ending for ending in replacements)
            if suffix in _WORDS.doubling_inflections and len(stem) > 2 and stem[-1] == stem[-2]:
                found.add(stem[:-1])  # "planned" -> "plan"
    return frozenset(found)


def has_lemma(token: Token, lemmas: Collection[str]) -> bool:
    """True if one of ``token``'s possible lemmas is in ``lemmas``."""
    return not lemma_candidates(token).isdisjoint(lemmas)


def is_predicate(token: Token, event_nouns: Collection[str] = ()) -> bool:
    """True if ``token`` can carry an event: a verb, a copular predicate or an event noun.

    Auxiliaries and copulas are not predicates (their clause's head is); a nominal or
    adjectival head with a copula ("Putin is wary") is, and so is a noun in ``event_nouns``.
    """
    if token.dep_ in {"aux", "aux:pass", "auxpass", "cop"}:
        return False
    if token.pos_ in {"VERB", "AUX"}:
        return True
    # a copula, or auxiliaries even when the tagger got the word class wrong ("may march"
    # tagged PROPN, "is getting married" tagged ADJ)
    if any(child.dep_ in _PREDICATE_MARKERS for child in token.children):
        return True
    return token.pos_ == "NOUN" and has_lemma(token, event_nouns)


def head_chain(token: Token) -> Iterator[Token]:
    """Yield ``token``'s heads, nearest first, up to the root of its sentence."""
    current = token
    while current.head.i != current.i:
        current = current.head
        yield current


def governing_predicate(
    token: Token, event_nouns: Collection[str] = (), include_self: bool = False
) -> Token | None:
    """The verb or event noun that ``token`` modifies, found by walking its head chain.

    Args:
        token: usually the head of a time expression ("Monday" in "on Monday (May 19)").
        event_nouns: lemmas of nouns that count as events; pass ``()`` for verbs only.
        include_self: return ``token`` itself if it is a predicate.

    Returns:
        The nearest predicate above ``token``, or None if the chain reaches the root first.
    """
    if include_self and is_predicate(token, event_nouns):
        return token
    for head in head_chain(token):
        if is_predicate(head, event_nouns):
            return head
    return None


def attached_predicate(span: Span, event_nouns: Collection[str] = ()) -> Token | None:
    """The predicate a phrase attaches to: :func:`governing_predicate` of the span's root.

    "on Monday (May 19)" in "Trump spoke to Putin on Monday (May 19)" -> "spoke".

    Args:
        span: tokens of a time expression or other modifier (see ``Sentence.char_span``).
        event_nouns: lemmas of nouns that count as events; pass ``()`` for verbs only.

    Returns:
        The nearest predicate above the span, or None.
    """
    return governing_predicate(span.root, event_nouns)


def auxiliaries(predicate: Token) -> tuple[Token, ...]:
    """The auxiliaries, copula and negation of ``predicate`` in text order, for tense and mood.

    "has repeatedly called" -> (has,); "would also speak" -> (would,); "is not serious" ->
    (is, not).
    """
    deps = {"aux", "aux:pass", "auxpass", "cop", "neg", "advmod"}
    found = [
        child
        for child in predicate.children
        if child.dep_ in deps and (child.dep_ != "advmod" or child.lower_ in {"not", "n't"})
    ]
    return tuple(sorted(found, key=lambda t: t.i))


def _children(token: Token, deps: Collection[str]) -> list[Token]:
    return [child for child in token.children if child.dep_ in deps]


def resolve_relative(token: Token) -> Token:
    """Map a relative pronoun ("who", "which", "that") to the noun its clause modifies."""
    is_relative = (
        token.tag_ in {"WP", "WDT"}
        or "PronType=Rel" in str(token.morph)
        or (token.lower_ == "that" and token.pos_ in {"PRON", "SCONJ", "DET"})
    )
    if not is_relative:
        return token
    for head in head_chain(token):
        if head.dep_ in RELCL_DEPS:
            return head.head
    return token


def _conjuncts_of(token: Token) -> list[Token]:
    return [token, *[c for c in token.conjuncts if c.i > token.i]]


def subject(predicate: Token) -> Token | None:
    """The subject of ``predicate``, inherited where the parse leaves it implicit.

    Inheritance: an infinitive or other controlled clause (xcomp) takes the controller of its
    head ("Moscow intended to fire": fire <- Moscow; "want the US to join": join <- US), a
    conjoined verb takes the first conjunct's subject ("fighting cannot be paused ... and
    says"), and a non-finite adverbial clause takes the subject of the clause it modifies. A
    relative pronoun subject is mapped to the noun it stands for ("Trump, who has promised").

    Args:
        predicate: a predicate token (see :func:`governing_predicate`).

    Returns:
        The head token of the subject, or None.
    """
    seen: set[int] = set()
    current = predicate
    while current.i not in seen:
        seen.add(current.i)
        direct = _children(current, SUBJECT_DEPS)
        if direct:
            # "KYIV: Ukrainian officials said": a dateline word parsed as a second subject
            cut = prefix_end(current.doc)
            outside = [token for token in direct if token.i >= cut]
            return resolve_relative(outside[0] if outside else skip_prefix(direct[0]))
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ in CONTROL_DEPS:
            objects_ = _children(head, OBJECT_DEPS)
            if objects_ and not has_lemma(head, _WORDS.subject_control_verbs):
                return objects_[-1]
            current = head
        elif current.dep_ in CONJ_DEPS:
            current = head
        elif current.dep_ in ADVCL_DEPS and _is_nonfinite(current):
            current = head
        elif current.dep_ in RELCL_DEPS or (current.dep_ == "acl" and current.tag_ == "VBG"):
            # a relative clause with no overt subject ("a deal [that] would leave Ukraine
            # shorn") or a gerund modifier ("forces advancing on Kyiv"): the modified noun
            return head
        else:
            return None
    return None


def _is_nonfinite(token: Token) -> bool:
    forms = set(token.morph.get("VerbForm", []))
    if forms & NONFINITE_FORMS and "Fin" not in forms:
        # a subordinator such as "as"/"because" makes it a full clause with its own subject
        return not any(
            child.dep_ == "mark"
            and child.lower_ not in _WORDS.subjectless_marks
            for child in token.children
        )
    return token.tag_ in {"VBG", "VBN"} or (
        token.tag_ == "VB" and any(child.lower_ in _WORDS.infinitive_markers
                                   for child in token.children)
    )


def is_passive(predicate: Token) -> bool:
    """True for a passive clause ("was launched", "were met by")."""
    return bool(
        _children(predicate, PASSIVE_AUX_DEPS) or _children(predicate, PASSIVE_SUBJECT_DEPS)
    )


def passive_agent(predicate: Token) -> Token | None:
    """The by-agent of a passive predicate ("was criticised by Moscow" -> Moscow), or None."""
    for child in predicate.children:
        if child.dep_ in {"obl:agent", "agent"}:
            # ClearNLP attaches "by" as the agent and its object below it
            objects_ = [c for c in child.children if c.dep_ in {"pobj", "obj"}]
            return objects_[0] if objects_ else child
    if not is_passive(predicate):
        return None
    for child in predicate.children:
        if child.dep_ == "obl" and any(
            c.dep_ == "case" and c.lower_ in _WORDS.agent_prepositions for c in child.children
        ):
            return child
    return None


def objects(predicate: Token) -> tuple[Token, ...]:
    """Direct and indirect objects of ``predicate``, with their conjuncts, in text order."""
    found: list[Token] = []
    for child in _children(predicate, OBJECT_DEPS):
        found.extend(_conjuncts_of(child))
    return tuple(sorted(found, key=lambda t: t.i))


def _oblique_with(predicate: Token, prepositions: Collection[str]) -> Token | None:
    for child in predicate.children:
        if child.dep_ in {"obl", "nmod", "obl:to"} and (
            any(c.dep_ == "case" and c.lower_ in prepositions for c in child.children)
            # "to Russia's Vladimir Putin" with "to" misattached to the possessor
            or (child.left_edge.dep_ == "case" and child.left_edge.lower_ in prepositions)
        ):
            return child
        if child.dep_ == "prep" and child.lower_ in prepositions:  # ClearNLP style
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    return None


def recipient(predicate: Token) -> Token | None:
    """Who receives a speaking or giving act: the indirect object or the "to"-phrase.

    "spoke to Trump" -> Trump; "told reporters" -> reporters; "spoke with Trump" -> Trump
    (talking verbs only).

    Returns:
        The head token of the recipient, or None.
    """
    indirect = _children(predicate, {"iobj", "dative"})
    if indirect:
        return indirect[0]
    if has_lemma(predicate, _WORDS.tell_verbs):
        direct = _children(predicate, {"obj", "dobj"})
        if direct:
            return direct[0]
    found = None
    if has_lemma(predicate, _WORDS.recipient_verbs | _WORDS.counterpart_verbs):
        found = _oblique_with(predicate, _WORDS.recipient_prepositions)
    if found is None and has_lemma(predicate, _WORDS.counterpart_verbs):
        found = _oblique_with(predicate, _WORDS.counterpart_prepositions)
    return found


def _excluded(token: Token, head: Token) -> bool:
    """True if ``token``'s subtree is left out of ``head``'s noun phrase."""
    if token.dep_ in RELCL_DEPS:
        return True
    if token.head.i != head.i:
        return False
    if token.dep_ in APPOS_DEPS:
        return True
    # A name takes no prepositional modifier but "of" ("Duke of York"): "spoke to Putin about
    # Ukraine" with "about Ukraine" attached to "Putin" is a misattachment, not part of the name.
    return (
        head.pos_ == "PROPN"
        and token.dep_ in {"nmod", "prep"}
        and token.i > head.i
        and not any(c.dep_ == "case" and c.lower_ in _WORDS.name_prepositions
                    for c in token.children)
        and token.lower_ not in _WORDS.name_prepositions
    )


def phrase_tokens(head: Token) -> list[Token]:
    """Tokens of ``head``'s noun phrase: its subtree minus relative clauses and appositions.

    Only the contiguous run around ``head`` is kept, and punctuation at either edge is dropped,
    so "Trump, who has promised ..., has" gives "Trump".
    """
    keep: set[int] = set()
    stack = [head]
    while stack:
        node = stack.pop()
        keep.add(node.i)
        stack.extend(child for child in node.children if not _excluded(child, head))
    first = last = head.i
    while first - 1 in keep:
        first -= 1
    while last + 1 in keep:
        last += 1
    doc = head.doc
    while first < head.i and (_is_edge_punct(doc[first]) or _is_leading_function_word(doc[first])):
        first += 1
    while last > head.i and _is_edge_punct(doc[last]):
        last -= 1
    return list(doc[first : last + 1])


def _is_edge_punct(token: Token) -> bool:
    return token.is_punct or token.is_space or token.dep_ in _DEP_PUNCT and not token.is_alpha


def _is_leading_function_word(token: Token) -> bool:
    """A preposition or conjunction that opens a phrase but is not part of the participant."""
    return token.dep_ in {"case", "mark", "cc", "prep"} and token.pos_ in {"ADP", "SCONJ", "CCONJ"}


_PREFIX_KEY: Final = "timeline.prefix_end"


def prefix_end(doc: Doc) -> int:
    """Token index where the paragraph's text proper starts, after date prefix and dateline.

    Computed once per Doc (kept in ``doc.user_data``): every participant lookup asks for it.
    """
    cached = doc.user_data.get(_PREFIX_KEY)
    if isinstance(cached, int):
        return cached
    prefix = date_prefix_end(doc)
    found = dateline_end(doc, prefix) or prefix
    doc.user_data[_PREFIX_KEY] = found
    return found


def skip_prefix(token: Token) -> Token:
    """Move a head that lies inside the date prefix or dateline to the phrase after it.

    "KYIV: Ukrainian officials said ..." parsed with "KYIV" heading "officials" gives
    "officials"; a token outside the prefix is returned unchanged.
    """
    cut = prefix_end(token.doc)
    if token.i >= cut:
        return token
    for candidate in token.subtree:
        if (
            candidate.i >= cut
            and candidate.head.i < cut
            and candidate.pos_ in {"NOUN", "PROPN", "PRON", "NUM"}
        ):
            return candidate
    return token


def trim_prefix(tokens: list[Token]) -> list[Token]:
    """Drop a leading ``date 2025-05-20`` prefix and a ``MOSCOW/WASHINGTON/KYIV:`` dateline.

    Both sit at the start of a paragraph and the parser tends to pull them into the first
    subject ("MOSCOW/WASHINGTON/KYIV: US President Donald Trump" -> "US President Donald
    Trump"). The head token is never trimmed away.
    """
    if not tokens:
        return tokens
    cut = prefix_end(tokens[0].doc)
    if cut and tokens[0].i < cut:
        rest = [t for t in tokens if t.i >= cut]
        while rest and _is_edge_punct(rest[0]):
            rest = rest[1:]
        return rest or tokens
    return tokens


def noun_phrase(head: Token, base: int) -> Phrase:
    """The full noun phrase of a participant, as offsets into the request text.

    The subtree of ``head`` minus relative clauses, appositions and edge punctuation, with any
    dateline or date prefix trimmed: "the leaders of Britain, France, Germany and Italy",
    "Russia's Vladimir Putin", "US President Donald Trump".

    Args:
        head: the participant's head token (e.g. from :func:`subject`).
        base: the paragraph's start offset in the request text.

    Returns:
        The phrase; ``request_text[phrase.start:phrase.end] == phrase.text``.
    """
    head = skip_prefix(head)
    tokens = trim_prefix(phrase_tokens(head))
    if not any(token.i == head.i for token in tokens):
        tokens = [head]
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    return Phrase(base + start, base + end, head.doc.text[start:end], head)


def participant(token: Token | None, base: int) -> Phrase | None:
    """:func:`noun_phrase` for an optional token (None stays None)."""
    return None if token is None else noun_phrase(token, base)
