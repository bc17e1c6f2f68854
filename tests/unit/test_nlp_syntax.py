"""Syntax helpers over the shipped parser: predicates, subjects, phrases, datelines."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Span, Token

from service.nlp import load_nlp
from service.nlp.parse import ParsedText, Sentence, parse_text
from service.nlp.syntax import (
    attached_predicate,
    auxiliaries,
    governing_predicate,
    noun_phrase,
    objects,
    participant,
    passive_agent,
    recipient,
    subject,
)

REFERENCE_ARTICLE = Path(__file__).parents[1] / "fixtures" / "reference_article.txt"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _find_span(parsed: ParsedText, needle: str, context: str) -> tuple[Sentence, Span]:
    """The sentence and tokens of ``needle``, located inside the string ``context``."""
    at = parsed.text.index(context) + context.index(needle)
    found = parsed.char_span(at, at + len(needle))
    assert found is not None, needle
    sentence, span = found
    assert span.text == needle
    return sentence, span


def _find(parsed: ParsedText, needle: str, context: str) -> tuple[Sentence, Token]:
    """The sentence and head token of ``needle``, located inside the string ``context``."""
    sentence, span = _find_span(parsed, needle, context)
    return sentence, span.root


def _subject_text(sentence: Sentence, predicate: Token) -> str | None:
    phrase = participant(subject(predicate), sentence.base)
    if phrase is None:
        return None
    assert sentence.span.doc.text[phrase.start - sentence.base : phrase.end - sentence.base] == (
        phrase.text
    )
    return phrase.text


def test_infinitive_inherits_subject(nlp: Language) -> None:
    parsed = parse_text(nlp, "Ukraine said Moscow intended to fire a missile on Sunday.")
    sentence, fire = _find(parsed, "fire", "to fire")
    assert _subject_text(sentence, fire) == "Moscow"


def test_object_control_and_conjunct_subjects(nlp: Language) -> None:
    parsed = parse_text(
        nlp, "European leaders want the United States to join them. Putin is wary and says no."
    )
    sentence, join = _find(parsed, "join", "to join")
    assert _subject_text(sentence, join) == "the United States"
    sentence, says = _find(parsed, "says", "and says")
    assert _subject_text(sentence, says) == "Putin"


def test_dateline_is_trimmed_from_first_subject(nlp: Language) -> None:
    text = (
        " date 2025-05-20 MOSCOW/WASHINGTON/KYIV: US President Donald Trump spoke to "
        "Russia's Vladimir Putin about Ukraine on Monday (May 19)."
    )
    parsed = parse_text(nlp, text)
    sentence, spoke = _find(parsed, "spoke", "Trump spoke")
    phrase = participant(subject(spoke), sentence.base)
    assert phrase is not None
    assert phrase.text == "US President Donald Trump"
    assert text[phrase.start : phrase.end] == phrase.text
    to = participant(recipient(spoke), sentence.base)
    assert to is not None and to.text == "Russia's Vladimir Putin"


def test_dateline_without_date_prefix(nlp: Language) -> None:
    parsed = parse_text(nlp, "KYIV: Ukrainian officials said the talks had failed.")
    sentence, said = _find(parsed, "said", "officials said")
    assert _subject_text(sentence, said) == "Ukrainian officials"


def test_passive_agent_and_objects(nlp: Language) -> None:
    parsed = parse_text(nlp, "The plan was rejected by Moscow. Kyiv sent Washington a letter.")
    sentence, rejected = _find(parsed, "rejected", "was rejected")
    agent = participant(passive_agent(rejected), sentence.base)
    assert agent is not None and agent.text == "Moscow"
    assert _subject_text(sentence, rejected) == "The plan"
    sentence, sent = _find(parsed, "sent", "Kyiv sent")
    assert {t.text for t in objects(sent)} == {"Washington", "letter"}
    assert noun_phrase(recipient(sent) or sent, sentence.base).text == "Washington"


def test_time_expression_attaches_to_event(nlp: Language) -> None:
    parsed = parse_text(nlp, "Putin has stood firm since the talks began in March.")
    sentence, march = _find(parsed, "March", "in March")
    began = governing_predicate(march)
    assert began is not None and began.text == "began"
    _, stood = _find(parsed, "stood", "has stood")
    assert [t.text for t in auxiliaries(stood)] == ["has"]
    assert _subject_text(sentence, stood) == "Putin"


@pytest.mark.parametrize(
    ("text", "word", "verb"),
    [
        ("Protesters may march on Sunday.", "Sunday", "march"),
        ("The couple is getting married on Saturday.", "Saturday", "married"),
        ("Putin is wary of a ceasefire since May.", "May", "wary"),
    ],
)
def test_predicates_with_auxiliaries_or_copula(
    nlp: Language, text: str, word: str, verb: str
) -> None:
    parsed = parse_text(nlp, text)
    _, token = _find(parsed, word, word)
    predicate = governing_predicate(token)
    assert predicate is not None and predicate.text == verb


def test_relative_clause_and_apposition_left_out(nlp: Language) -> None:
    parsed = parse_text(
        nlp,
        "Trump, who has promised to end the war, has repeatedly called for a ceasefire.",
    )
    sentence, called = _find(parsed, "called", "repeatedly called")
    assert _subject_text(sentence, called) == "Trump"
    sentence, promised = _find(parsed, "promised", "has promised")
    assert _subject_text(sentence, promised) == "Trump"


# (time expression, where it occurs, event verb, the verb in context, expected subject)
REFERENCE_CASES = [
    ("Monday", "on Monday (May 19)", "spoke", "Trump spoke", "US President Donald Trump"),
    (
        "Sunday",
        "to Trump on Sunday ahead",
        "spoke",
        "Italy spoke",
        "The leaders of Britain, France, Germany and Italy",
    ),
    ("Sunday", "On Sunday, Russia", "launched", "Russia launched", "Russia"),
    ("Sunday", "missile on Sunday", "fire", "to fire", "Moscow"),
    ("June 2024", "In June 2024, Putin", "said", "Putin said Ukraine", "Putin"),
    ("this year", "office this year", "returned", "Trump returned", "Trump"),
]


@pytest.fixture(scope="module")
def reference(nlp: Language) -> ParsedText:
    return parse_text(nlp, REFERENCE_ARTICLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("timex", "context", "verb", "verb_context", "actor"),
    REFERENCE_CASES,
    ids=[f"{case[0]}->{case[2]}" for case in REFERENCE_CASES],
)
def test_reference_article_time_attachment(
    reference: ParsedText, timex: str, context: str, verb: str, verb_context: str, actor: str
) -> None:
    sentence, span = _find_span(reference, timex, context)
    predicate = attached_predicate(span, event_nouns=())
    _, expected = _find(reference, verb, verb_context)
    assert predicate is not None, f"{timex!r} reaches no predicate"
    assert predicate.i == expected.i and predicate.text == verb
    assert sentence.offset(predicate) == reference.text.index(verb_context) + verb_context.index(
        verb
    )
    assert _subject_text(sentence, predicate) == actor


def test_reference_article_offsets(reference: ParsedText) -> None:
    text = reference.text
    for paragraph in reference.paragraphs:
        for token in paragraph.doc:
            assert text[paragraph.offset(token) :].startswith(token.text)
    assert "PEACE OR WAR" in [s.text for s in reference.sentences()]
