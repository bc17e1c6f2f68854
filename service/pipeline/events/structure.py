"""The article's structure as the event stage reads it: headings and the headline, the lead,
and words that look like events but only head a heading or modify a noun.

Which lines are headings and which participles are modifiers is decided from the parse and the
cues of ``salience`` in ``service/locale/<lang>/events.yaml``; nothing here names a word.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from service.locale.events import EventLexicon, SalienceCues
from service.nlp.parse import ParsedText
from service.nlp.syntax import has_lemma, prefix_end


@dataclass(frozen=True, slots=True)
class Structure:
    """Where the article's parts are.

    Attributes:
        headings: paragraphs (by index) that are a heading without a verb, or in capitals: no
            event at all ("PEACE OR WAR", "Trade pact for the northern ports").
        headlines: heading paragraphs with a verb ("Senate passes emergency budget"): they
            report the article's news.
        lead: indices (among all the text's sentences) of the lead sentences.
    """

    headings: frozenset[int]
    headlines: frozenset[int]
    lead: frozenset[int]


def _words(doc: Doc) -> list[Token]:
    cut = prefix_end(doc)
    return [t for t in doc if t.i >= cut and not t.is_space]


def _is_heading_line(doc: Doc, cues: SalienceCues) -> bool:
    """A short line without sentence-final punctuation."""
    words = _words(doc)
    if not words or len(words) > cues.heading_max_words:
        return False
    return words[-1].text not in cues.sentence_final


def _in_capitals(words: list[Token]) -> bool:
    letters = [t for t in words if t.is_alpha]
    return any(len(t) > 1 for t in letters) and all(t.is_upper or len(t) == 1 for t in letters)


def _has_verb(words: list[Token], cues: SalienceCues) -> bool:
    return any(t.pos_ in cues.verb_pos for t in words)


def _lead(doc: Doc, cues: SalienceCues) -> list[int]:
    """The first ``lead_sentences`` sentences of a paragraph that have a verb past the dateline,
    with the fragments before them (a parse may split a sentence: "A magnitude | 6.4 quake
    struck ...")."""
    cut = prefix_end(doc)
    found: list[int] = []
    clauses = 0
    for number, sentence in enumerate(doc.sents):
        if clauses >= cues.lead_sentences:
            break
        found.append(number)
        clauses += _has_verb([t for t in sentence if t.i >= cut], cues)
    return found


def read_structure(parsed: ParsedText, cues: SalienceCues) -> Structure:
    """Headings, headline and lead of a parsed article.

    A heading is a short line without final punctuation that is followed by another line (a
    one-line text is a sentence, however it ends). In capitals or without a verb it names no
    event; with a verb it is a headline. The lead is the first ``lead_sentences`` sentences with
    a verb of the first paragraph that is not a heading.

    Args:
        parsed: the parsed text (one paragraph per line).
        cues: the salience cues of the language.

    Returns:
        The structure.
    """
    headings: set[int] = set()
    headlines: set[int] = set()
    lead: set[int] = set()
    sentence_index = 0
    last = len(parsed.paragraphs) - 1
    for number, paragraph in enumerate(parsed.paragraphs):
        count = sum(1 for _ in paragraph.sentences())
        if number < last and _is_heading_line(paragraph.doc, cues):
            words = _words(paragraph.doc)
            if _in_capitals(words) or not _has_verb(words, cues):
                headings.add(number)
            else:
                headlines.add(number)
        elif not lead:
            lead.update(sentence_index + i for i in _lead(paragraph.doc, cues))
        sentence_index += count
    return Structure(frozenset(headings), frozenset(headlines), frozenset(lead))


def _bare(token: Token, cues: SalienceCues) -> bool:
    """Without a subject or an auxiliary of its own: a participle, not a finite clause."""
    return not any(
        c.dep_ in cues.subject_relations or c.dep_ in cues.auxiliary_relations
        for c in token.children
    )


def _first_word(token: Token) -> bool:
    """The first word of its sentence (after any opening punctuation and the dateline)."""
    cut = prefix_end(token.doc)
    for other in token.sent:
        if other.i < cut or other.is_punct or other.is_space:
            continue
        return other.i == token.i
    return False


def _ends_sentence(token: Token, cues: SalienceCues) -> bool:
    words = [t for t in token.sent if not t.is_space]
    return bool(words) and words[-1].text in cues.sentence_final


def opens_clause(token: Token, cues: SalienceCues) -> bool:
    """A participle that opens its sentence as an adverbial clause ("Asked if ..., she said",
    "Speaking in Paris, he ..."): it frames what follows and is no event of its own. A parser
    may make it the sentence's root; then the clause with a subject after it is the main one."""
    if not (token.tag_ in cues.participle_tags and _first_word(token) and _bare(token, cues)):
        return False
    if token.dep_ in cues.adverbial_relations:
        return token.head.i > token.i
    return token.dep_ == "ROOT" and any(
        other.i > token.i and other.pos_ in cues.verb_pos
        and any(c.dep_ in cues.subject_relations for c in other.children)
        for other in token.sent
    )


def _agent(token: Token, cues: SalienceCues) -> bool:
    """A passive's agent ("helped by strong demand")."""
    return any(
        c.dep_ in cues.agent_relations
        or any(g.dep_ == "case" and g.lower_ in cues.agent_prepositions for g in c.children)
        for c in token.children
    )


def _verbless(token: Token, cues: SalienceCues) -> bool:
    """No other word of the sentence (past the dateline) is a finite verb: the parse has made
    the main verb a modifier."""
    cut = prefix_end(token.doc)
    return not any(
        other.i != token.i and other.i >= cut and other.tag_ in cues.finite_tags
        for other in token.sent
    )


def modifies_noun(token: Token, lex: EventLexicon, headline: bool = False) -> bool:
    """A participle that only modifies a noun ("the quarter ending May 31", "customers hoping
    to save", "an injury picked up in the match"), or a past participle that only adds a
    circumstance ("..., helped by strong demand") or a participant's state ("miners trapped
    underground").

    A parser sometimes takes a sentence's main verb for a modifier ("A rocket carrying a
    satellite lifted off": "lifted" read as modifying "satellite"; "Hacker jailed for attack").
    A past form in a sentence or headline the parse left without a main verb is read as that
    verb; so is a reporting verb in a past form without a passive's agent ("..., the host
    government announced on Wednesday").
    """
    cues = lex.salience
    if token.tag_ not in cues.participle_tags or not _bare(token, cues):
        return False
    past = token.tag_ not in cues.present_participle_tags
    if past and _verbless(token, cues) and (headline or _ends_sentence(token, cues)):
        return False
    if past and has_lemma(token, lex.reporting_verbs) and not _agent(token, cues):
        return False
    if token.dep_ in cues.modifier_relations or token.dep_ in cues.relative_relations:
        # a relative clause without a subject is a participle; "after a crowd gathered" read
        # as "after" + a noun it modifies is a clause
        return not any(c.dep_ == "case" and c.lower_ in lex.clause_relation_of
                       for c in token.head.children)
    if token.dep_ in cues.predicate_relations:
        return token.tag_ in cues.past_participle_tags and token.tag_ not in cues.finite_past_tags
    return (
        token.dep_ in cues.adverbial_relations
        and token.tag_ in cues.past_participle_tags
        and (token.tag_ not in cues.finite_past_tags or _agent(token, cues))
        and token.head.i < token.i
        and not any(c.dep_ == "mark" for c in token.children)
    )


def frames_question(token: Token, cues: SalienceCues) -> bool:
    """A participle opening its sentence with the question put to the speaker ("Asked if a
    package of sanctions remains on the table, she said ...")."""
    if not opens_clause(token, cues):
        return False
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.lower_ in cues.question_openers


def not_an_event(token: Token, paragraph: int, structure: Structure, lex: EventLexicon) -> bool:
    """A word of a heading without a verb or in capitals, or a participle that frames the
    question a statement answers ("Asked if ..., she said").

    Args:
        token: the candidate's word.
        paragraph: the index of its paragraph.
        structure: the article's structure.
        lex: the event lexicon with its salience cues.

    Returns:
        Whether the word names no event at all.
    """
    return paragraph in structure.headings or frames_question(token, lex.salience)


def only_modifies(token: Token, paragraph: int, structure: Structure, lex: EventLexicon) -> bool:
    """A participle that opens its sentence ("Speaking in Paris, ..."), only modifies a noun or
    adds a circumstance (:func:`modifies_noun`).

    TimeML, and the corpora scored by ``timeline eval``, count such a participle as an event
    ("the man arrested on Friday", "Taking the stand, she said ..."); it is kept, and is never
    the article's news.
    """
    return opens_clause(token, lex.salience) or modifies_noun(
        token, lex, headline=paragraph in structure.headlines
    )
