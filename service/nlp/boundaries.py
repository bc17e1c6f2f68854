"""Sentence-boundary hints for news text, set before the parser runs.

spaCy's parser respects sentence starts that are already set: a token marked
``is_sent_start = False`` never starts a sentence and one marked ``True`` always does. The
treebanks contain no datelines, document-date prefixes or all-caps headings, so these hints
fix the cases the trained model gets wrong on news copy. They only ever forbid or force a
boundary where the evidence is unambiguous; everything else is left to the model.
"""

from __future__ import annotations

import re
from typing import Final

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token

from service.locale.grammar import load_grammar

COMPONENT_NAME: Final = "timeline_sentence_hints"
REPAIR_COMPONENT_NAME: Final = "timeline_sentence_repair"

_WORDS: Final = load_grammar("en").boundaries
# Abbreviations after which a sentence never ends in news copy (titles, months). The tokenizer
# keeps the period on these, so without a hint the parser alone decides whether one ends.
NEVER_FINAL_ABBREVIATIONS: Final = _WORDS.never_final_abbreviations
# Abbreviations that end a company's name ("Co.", "Corp.", "Inc."): news names companies
# mid-sentence far more often than it ends a sentence on one, so a sentence ends there only
# before a word that opens sentences ("... Halvard Corp. The company said").
COMPANY_ABBREVIATIONS: Final = _WORDS.company_abbreviations
_SENTENCE_OPENERS: Final = _WORDS.sentence_openers
# Initialisms with periods ("U.S.", "U.N."): a sentence may end on them ("... moved to the
# U.S. Then ..."), but not when the next word is lower case, a number or punctuation.
_INITIALISM: Final = re.compile(r"^(?:[A-Za-z]\.){2,}$")
# "date 2025-05-20" (the tokenizer splits the date at its hyphens, so match characters)
_DATE_PREFIX: Final = re.compile(r"\s*date\s+\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-][\d:]+)?)?\b")
_DATELINE_SEPARATORS: Final = frozenset({":", "-", "—", "–", "--"})
_DATELINE_MAX_TOKENS: Final = 16
_HEADING_MAX_TOKENS: Final = 10
_CLOSING_QUOTES: Final = frozenset({"”", "’", "»"})
_CLOSING_BRACKETS: Final = frozenset({")", "]", "}"})
_DOUBLE_QUOTES: Final = frozenset({'"', "“", "”", "«", "»"})
_SENTENCE_FINAL: Final = frozenset({".", "!", "?", "...", "…"})
# Word forms that introduce or follow a quotation's attribution.
SPEECH_VERB_FORMS: Final = _WORDS.speech_verb_forms
_ATTRIBUTION_WINDOW: Final = 6  # tokens after the closing quote, e.g. '" the White House said'
_NEVER_INITIAL_PUNCT: Final = frozenset({",", ";", ":", ".", "!", "?"})


def date_prefix_end(doc: Doc) -> int:
    """Token index just after a leading ``date 2025-05-20`` prefix (0 if there is none)."""
    match = _DATE_PREFIX.match(doc.text)
    if match is None:
        return 0
    for token in doc:
        if token.idx >= match.end():
            return token.i
    return 0  # nothing follows the prefix: leave the paragraph alone


def _is_dateline_word(token: Token) -> bool:
    if token.is_space or token.is_punct or token.like_num:
        return True
    if token.is_upper:
        return True
    # "KYIV, May 20 (Reuters) -": month names, agency names in parentheses
    return token.is_title and len(token) <= 12


def dateline_end(doc: Doc, start: int = 0) -> int:
    """Token index just after a dateline such as ``MOSCOW/WASHINGTON/KYIV:`` (0 if none).

    A dateline starts with an all-caps word at ``start`` (after any date prefix), holds only
    capitalised words, numbers and punctuation, and ends with a colon or a dash.

    Args:
        doc: the paragraph.
        start: token index where the dateline may begin.

    Returns:
        The index of the first token after the separator, or 0.
    """
    first = start
    while first < len(doc) and doc[first].is_space:
        first += 1
    if first >= len(doc):
        return 0
    lead = doc[first]
    if not (lead.is_upper and lead.is_alpha and len(lead) > 1):
        return 0
    limit = min(len(doc), first + _DATELINE_MAX_TOKENS)
    for i in range(first + 1, limit):
        token = doc[i]
        if token.text in _DATELINE_SEPARATORS and i + 1 < len(doc):
            if token.text == "-" and token.whitespace_ == "":
                continue  # a hyphen inside a word, not a separator
            return i + 1
        if not _is_dateline_word(token):
            return 0
    return 0


def is_heading(doc: Doc) -> bool:
    """True for a short line in capitals with no final punctuation ("PEACE OR WAR")."""
    words = [t for t in doc if not t.is_space]
    if not words or len(words) > _HEADING_MAX_TOKENS:
        return False
    if words[-1].text in _SENTENCE_FINAL:
        return False
    letters = [t for t in words if t.is_alpha]
    return (
        bool(letters)
        and all(t.is_upper or len(t) == 1 for t in letters)
        and any(len(t) > 1 for t in letters)
    )


def _quote_roles(doc: Doc) -> list[bool]:
    """For each token, True if it is a closing quotation mark.

    Curly quotes say which they are; straight double quotes alternate within the paragraph; a
    straight single quote closes when it follows sentence-final punctuation.
    """
    closing = [False] * len(doc)
    open_straight = False
    for token in doc:
        if token.text in _CLOSING_QUOTES:
            # "’" is also an apostrophe ("Zürich’s"); it closes only after a non-letter
            closing[token.i] = token.text != "’" or token.i == 0 or not doc[token.i - 1].is_alpha
        elif token.text == '"':
            closing[token.i] = open_straight
            open_straight = not open_straight
        elif token.text == "'" and token.i > 0 and doc[token.i - 1].text in _SENTENCE_FINAL:
            closing[token.i] = True
    return closing


def quotations(doc: Doc) -> list[tuple[int, int]]:
    """Token index pairs (opening, closing) of the double-quoted stretches of a paragraph."""
    pairs: list[tuple[int, int]] = []
    opened: int | None = None
    for token in doc:
        if token.text in _DOUBLE_QUOTES:
            if opened is None and token.text not in {"”", "»"}:
                opened = token.i
            elif opened is not None and token.text not in {"“", "«"}:
                pairs.append((opened, token.i))
                opened = None
    return pairs


def _attributed(doc: Doc, close: int) -> bool:
    """True if a speech verb follows the closing quote ('..." Vance said', '..." said Vance')."""
    for token in doc[close + 1 : close + 1 + _ATTRIBUTION_WINDOW]:
        if token.text in _SENTENCE_FINAL:
            return False
        if token.lower_ in SPEECH_VERB_FORMS:
            return True
    return False


def _split_abbreviation(doc: Doc, i: int) -> bool:
    """True if token ``i`` is the period of an abbreviation the tokenizer split ("Lt" ".")."""
    return (
        doc[i].text == "."
        and i > 0
        and not doc[i - 1].whitespace_
        and doc[i - 1].lower_ + "." in NEVER_FINAL_ABBREVIATIONS
    )


def _company_abbreviation(doc: Doc, i: int) -> bool:
    """True if token ``i`` ends a company abbreviation ("Co.", or "Co" "." when split)."""
    token = doc[i]
    if token.lower_ in COMPANY_ABBREVIATIONS:
        return True
    return (
        token.text == "."
        and i > 0
        and not doc[i - 1].whitespace_
        and doc[i - 1].lower_ + "." in COMPANY_ABBREVIATIONS
    )


def add_abbreviation_exceptions(nlp: Language) -> None:
    """Keep the abbreviations above as single tokens ("Lt.", "Col."), as the treebanks do.

    spaCy's English tokenizer already keeps most of them ("Gen.", "Jan.") but splits some.
    """
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # a custom tokenizer: leave it as it is
    for abbreviation in NEVER_FINAL_ABBREVIATIONS | COMPANY_ABBREVIATIONS:
        if abbreviation.count(".") > 1:
            continue  # "e.g." and friends are tokenizer exceptions already
        for form in {abbreviation, abbreviation.capitalize()}:
            if len(tokenizer(form)) > 1:
                tokenizer.add_special_case(form, [{ORTH: form}])


def set_sentence_hints(doc: Doc) -> Doc:
    """Forbid or force sentence starts where news conventions make the answer certain.

    Args:
        doc: a paragraph, tokenised (and possibly tagged) but not yet parsed.

    Returns:
        The same Doc, with ``is_sent_start`` set on some tokens.
    """
    if len(doc) < 2:
        return doc
    # A heading is one sentence on its own line.
    if is_heading(doc):
        for token in doc[1:]:
            token.is_sent_start = False
        return doc
    # "date 2025-05-20 MOSCOW/WASHINGTON/KYIV: US President ..." is one sentence with its prefix.
    prefix = date_prefix_end(doc)
    head_end = dateline_end(doc, prefix) or prefix
    for token in doc[1 : min(head_end + 1, len(doc))]:
        token.is_sent_start = False
    # A quotation followed by its attribution is one sentence with it, even when the quote
    # holds several ("'Look, are you serious? Are you real about this?'" Vance said).
    for opening, close in quotations(doc):
        if _attributed(doc, close):
            for token in doc[opening + 1 : close + 1]:
                token.is_sent_start = False
    closing = _quote_roles(doc)
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if closing[token.i] or token.text in _CLOSING_BRACKETS:
            token.is_sent_start = False  # a closing quote or bracket ends the sentence it is in
        elif prev.text in _DOUBLE_QUOTES and not closing[prev.i] and not prev.whitespace_:
            token.is_sent_start = False  # an opening quote starts the sentence after it
        elif token.text in _NEVER_INITIAL_PUNCT:
            token.is_sent_start = False
        elif prev.lower_ in NEVER_FINAL_ABBREVIATIONS or _split_abbreviation(doc, prev.i):
            token.is_sent_start = False
        elif _company_abbreviation(doc, prev.i) and token.lower_ not in _SENTENCE_OPENERS:
            token.is_sent_start = False
        elif _INITIALISM.match(prev.text) and (token.is_lower or token.like_num or token.is_punct):
            token.is_sent_start = False
    return doc


@Language.component(COMPONENT_NAME)
def sentence_hints_component(doc: Doc) -> Doc:
    """spaCy component wrapper around :func:`set_sentence_hints`."""
    return set_sentence_hints(doc)


def _after_abbreviation(doc: Doc, i: int) -> bool:
    """True if token ``i`` follows an abbreviation a sentence does not end on here."""
    if i == 0:
        return False
    prev = doc[i - 1]
    if prev.lower_ in NEVER_FINAL_ABBREVIATIONS or _split_abbreviation(doc, prev.i):
        return True
    return _company_abbreviation(doc, prev.i) and doc[i].lower_ not in _SENTENCE_OPENERS


def _phrase_head(token: Token) -> Token:
    """The nominal ``token`` belongs to: up its heads while they are nouns or names."""
    current = token
    while current.head.i != current.i and current.head.pos_ in {"NOUN", "PROPN", "ADJ", "NUM"}:
        current = current.head
    return current


def join_abbreviation_breaks(doc: Doc) -> Doc:
    """Undo a sentence break the parser made right after an abbreviation.

    The parser may still end a sentence where :func:`set_sentence_hints` forbade it ("Halvard
    Corp." / "Chief Executive Dana Reyes said ..."). The piece before the break is then a
    phrase on its own; it is attached to the phrase after the abbreviation, which makes the two
    one sentence again.

    Args:
        doc: a parsed paragraph.

    Returns:
        The same Doc, with those pieces re-attached.
    """
    if not doc.has_annotation("DEP"):
        return doc
    for token in doc[1:]:
        if not token.is_sent_start or not _after_abbreviation(doc, token.i):
            continue
        piece = doc[token.i - 1].sent
        root = piece.root
        target = _phrase_head(token)
        if target.i == root.i or not piece.end == token.i:
            continue
        nominal = root.pos_ in {"NOUN", "PROPN"} and all(
            t.pos_ not in {"VERB", "AUX"} for t in piece
        )
        root.head = target
        root.dep_ = "compound" if nominal else "dep"
    return doc


@Language.component(REPAIR_COMPONENT_NAME)
def sentence_repair_component(doc: Doc) -> Doc:
    """spaCy component wrapper around :func:`join_abbreviation_breaks`."""
    return join_abbreviation_breaks(doc)
