"""Salience from the article's structure: main news against background, and words that are no
events at all (headings, participles that open a clause or modify a noun)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Final

import pytest

from service.domain.types import Event, Salience, Timeline
from service.locale.events import load_event_lexicon
from service.nlp import load_nlp
from service.nlp.parse import parse_text
from service.pipeline.context import make_options
from service.pipeline.events.structure import read_structure
from service.pipeline.run import run

DAY: Final = date(2025, 6, 10)  # a Tuesday
REFERENCE: Final = Path(__file__).resolve().parents[1] / "fixtures" / "reference_article.txt"


def _events(text: str, word: str, day: date = DAY) -> list[Event]:
    return [e for e in run(text, make_options(day)).events if e.trigger.text == word]


def _salience(text: str, word: str) -> Salience:
    found = _events(text, word)
    assert len(found) == 1, [(e.trigger.text, e.salience) for e in run(text,
                                                                       make_options(DAY)).events]
    return found[0].salience


@pytest.fixture(scope="module")
def reference() -> Timeline:
    return run(REFERENCE.read_text(encoding="utf-8"), make_options("2025-05-20"))


def test_reference_article_keeps_the_june_2024_statement_as_news(reference: Timeline) -> None:
    said = [e for e in reference.events if e.trigger.text == "said"
            and e.sentence.text.startswith("In June 2024, Putin said")]
    assert len(said) == 1
    assert said[0].salience == Salience.MAIN
    assert said[0].when is not None and said[0].when.value == "2024-06"


def test_reference_article_has_no_heading_or_opening_participle(reference: Timeline) -> None:
    words = {e.trigger.text for e in reference.events}
    assert "WAR" not in words
    assert "Asked" not in words


def test_structure_headline_heading_and_lead() -> None:
    text = ("Senate passes budget\nBUDGET\nALDMOOR, Nov. 12 — The Senate passed a budget on "
            "Tuesday. Officials cheered.\nThe vote was close.")
    structure = read_structure(parse_text(load_nlp(), text), load_event_lexicon().salience)
    assert structure.headlines == frozenset({0})
    assert structure.headings == frozenset({1})
    assert structure.lead == frozenset({2})  # the third sentence: "The Senate passed ..."


@pytest.mark.parametrize(("text", "word"), [
    ("PEACE OR WAR\nThe talks resumed on Monday.", "WAR"),
    ("Trade pact for the northern ports\nThe two states signed a pact on Monday.", "pact"),
    ("Asked if sanctions remain on the table, she said: \"Everything is.\"", "Asked"),
])
def test_not_an_event(text: str, word: str) -> None:
    assert _events(text, word) == []


RESULTS: Final = ("Northwind Coffee reported on Monday a 12 percent rise in profit for the quarter "
                  "ending May 31, helped by strong demand for cold drinks.")


@pytest.mark.parametrize(("text", "word"), [
    ("Speaking in Paris on Monday, the minister announced a new tax.", "Speaking"),
    (RESULTS, "helped"),
    ("Rescuers reached 12 miners trapped underground on Tuesday.", "trapped"),
])
def test_a_participle_that_only_modifies_is_never_news(text: str, word: str) -> None:
    """TimeML counts it as an event, so it stays one, in the background."""
    assert [e.salience for e in _events(text, word)] == [Salience.BACKGROUND]


def test_the_period_a_participle_names_is_no_news() -> None:
    assert Salience.MAIN not in {e.salience for e in _events(RESULTS, "ending")}


def test_a_one_line_text_is_a_sentence_not_a_heading() -> None:
    assert _salience("Rebels attacked the town on Monday", "attacked") == Salience.MAIN


@pytest.mark.parametrize(("text", "word", "salience"), [
    # a reported event is the news, its attribution background
    ("Police said they arrested 14 people on Tuesday.", "arrested", Salience.MAIN),
    ("Police said they arrested 14 people on Tuesday.", "said", Salience.BACKGROUND),
    # a statement whose content is an opinion is news itself
    ("The minister said the ruling was a mistake.", "said", Salience.MAIN),
    # "would" under a reporting verb: the future seen from the past
    ("The judge said she would sentence him next month.", "sentence", Salience.MAIN),
    ("The judge said she would sentence him next month.", "said", Salience.BACKGROUND),
    # a quotation is colour
    ('"We are ready for this," the coach told reporters.', "told", Salience.BACKGROUND),
    # beliefs, and what they are about
    ("Officials believe a cargo ship caused the damage.", "caused", Salience.BACKGROUND),
    # a refusal tells what did not happen
    ("The airline declined to comment.", "declined", Salience.BACKGROUND),
    # a scheduled event with its own time
    ("The teams will play again on June 21.", "play", Salience.MAIN),
    # what might happen, even with a time
    ("The vaccine could reach clinics in 2028.", "reach", Salience.BACKGROUND),
])
def test_salience(text: str, word: str, salience: Salience) -> None:
    assert _salience(text, word) == salience


def test_relative_clause_is_background_without_a_time_of_its_own() -> None:
    text = ("CITY, June 10 — The mayor resigned on Monday.\n"
            "The council, which met in private, named a successor.\n"
            "The mayor, who took office in 2022, thanked the staff.")
    assert _salience(text, "met") == Salience.BACKGROUND
    assert _salience(text, "took") == Salience.MAIN
    assert _salience(text, "named") == Salience.MAIN


def test_lead_adverbial_clause_is_news_but_not_in_the_body() -> None:
    text = ("Rescuers reached the miners on Tuesday after a tunnel collapsed.\n"
            "Police arrested two men after a crowd gathered.")
    assert _salience(text, "collapsed") == Salience.MAIN
    assert _salience(text, "gathered") == Salience.BACKGROUND


def test_attribution_is_background_without_a_document_date() -> None:
    """The links of the event stage join dated events only; salience reads the parse."""
    found = run("Rebels attacked the town of Kessa on Sunday, officials said.\n"
                "The army will retake it, the defence minister told reporters.\n").events
    salience = {e.trigger.text: e.salience for e in found}
    assert salience["attacked"] == Salience.MAIN
    assert salience["said"] == Salience.BACKGROUND
    assert salience["told"] == Salience.BACKGROUND
