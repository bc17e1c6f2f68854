"""The English event lexicon: its files validate, well-known words land where they should, and
the generated file is what the generator writes from WordNet 3.0."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from service.domain.types import EventClass
from service.locale import wordnet
from service.locale.event_lexicon import EventWords, load_event_words

WORDNET = Path("/usr/share/wordnet")
COMMITTED = Path(wordnet.__file__).parent / "en" / wordnet.OUT_NAME


@pytest.fixture(scope="module")
def lex() -> EventWords:
    return load_event_words("en")


def test_loads_once(lex: EventWords) -> None:
    assert load_event_words("en") is lex
    assert len(lex.event_nouns) > 5000 and len(lex.verbs) > 5000


@pytest.mark.parametrize(
    "noun", ["attack", "decision", "sale", "launch", "merger", "lawsuit", "war", "election"]
)
def test_event_nouns(lex: EventWords, noun: str) -> None:
    assert lex.is_event_noun(noun)


@pytest.mark.parametrize("noun", ["table", "dog", "government", "Monday", "building"])
def test_not_event_nouns(lex: EventWords, noun: str) -> None:
    assert not lex.is_event_noun(noun)


def test_noun_entries(lex: EventWords) -> None:
    decision = lex.noun_event("decision")
    assert decision is not None and decision.first and decision.verb == "decide"
    launch = lex.noun_event("launch")  # sense 1 is the boat; sense 2 the act
    assert launch is not None and not launch.first
    assert not lex.is_event_noun("launch", require_first=True)
    assert lex.noun_event("government") is None  # WordNet has acts of governing; listed out
    assert lex.noun_event("table") is None


@pytest.mark.parametrize(
    ("verb", "cls"),
    [
        ("say", EventClass.REPORTING),  # "said": the runtime passes spaCy's lemma
        ("announce", EventClass.REPORTING),
        ("want", EventClass.I_STATE),
        ("begin", EventClass.ASPECTUAL),
        ("try", EventClass.I_ACTION),
        ("hear", EventClass.PERCEPTION),
        ("be", EventClass.STATE),  # verb.stative, through the hint
        ("talk", EventClass.OCCURRENCE),  # a communication verb listed against the hint
        ("kill", EventClass.OCCURRENCE),
        ("frobnicate", EventClass.OCCURRENCE),
    ],
)
def test_verb_class(lex: EventWords, verb: str, cls: EventClass) -> None:
    assert lex.verb_class(verb) is cls


def test_verb_files(lex: EventWords) -> None:
    assert lex.verb_file("say") == "communication"
    assert lex.verb_file("see") == "perception"
    assert lex.is_stative("be") and not lex.is_stative("run")


@pytest.mark.parametrize(
    ("noun", "cls"),
    [
        ("announcement", EventClass.REPORTING),  # from announce
        ("beginning", EventClass.ASPECTUAL),
        ("attempt", EventClass.I_ACTION),
        ("attack", EventClass.OCCURRENCE),
    ],
)
def test_noun_class(lex: EventWords, noun: str, cls: EventClass) -> None:
    assert lex.noun_class(noun) is cls


def test_a_lemma_in_two_classes_fails(lex: EventWords) -> None:
    data = lex.model_dump(by_alias=True)
    data["classes"][EventClass.STATE] = {"say"}
    with pytest.raises(ValidationError, match="both"):
        EventWords.model_validate(data)


def test_unknown_field_fails(lex: EventWords) -> None:
    data = lex.model_dump(by_alias=True)
    data["event_nouns"]["attack"]["strength"] = 1
    with pytest.raises(ValidationError):
        EventWords.model_validate(data)


def test_parse_data_line() -> None:
    line = (
        "00123456 04 n 02 launch 0 launching 0 002 @ 00000001 n 0000 + 00000002 v 0101 "
        "| the act of propelling  "
    )
    synset = wordnet.parse_data_line(line, wordnet.LEXNAMES)
    assert synset.lexname == "noun.act" and synset.words == ("launch", "launching")
    assert [p.symbol for p in synset.lexical("launch", "+", "v")] == ["+"]


def test_parse_index_line() -> None:
    lemma, senses = wordnet.parse_index_line("launch n 2 3 @ ~ + 2 0 03647423 00103140  ")
    assert lemma == "launch" and senses.offsets == (3647423, 103140) and senses.tagged == 0


@pytest.mark.skipif(
    not (WORDNET / "data.noun").exists(),
    reason="no WordNet 3.0 database in /usr/share/wordnet (apt-get install wordnet-base)",
)
def test_regenerates_byte_identical(tmp_path: Path) -> None:
    assert wordnet.main(["--wordnet", str(WORDNET), "--out", str(tmp_path)]) == 0
    assert (tmp_path / wordnet.OUT_NAME).read_bytes() == COMMITTED.read_bytes()
