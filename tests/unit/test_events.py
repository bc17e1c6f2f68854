"""Unit tests of the event stage: lexicon, ordering, merging, links, options, summaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import pytest
from pydantic import ValidationError

from service.domain.types import (
    Basis,
    Event,
    EventRef,
    Factuality,
    Grain,
    Inference,
    Interval,
    Mention,
    Point,
    PointRelation,
    RelatedEvent,
    Relation,
    Span,
    Timeline,
    When,
)
from service.locale.events import EventLexicon, load_event_lexicon
from service.pipeline.context import make_options
from service.pipeline.run import run
from service.pipeline.timeline import order_timeline

DOC_DATE: Final = date(2025, 5, 20)


def _events(text: str, **options: Any) -> Timeline:
    return run(text, make_options(DOC_DATE, **options))


def _at(timeline: Timeline, word: str) -> Event:
    """The one event whose trigger is ``word``."""
    found = [e for e in timeline.events if e.trigger.text == word]
    assert len(found) == 1, [(e.trigger.text, e.when) for e in timeline.events]
    return found[0]


# --- lexicon ----------------------------------------------------------------------------------


def test_lexicon_loads_and_maps_relations() -> None:
    lex = load_event_lexicon("en")
    assert lex.relation_of["ahead"] == Relation.BEFORE
    assert lex.relation_of["on"] == Relation.ON
    assert lex.relation_of["since"] == Relation.SINCE
    assert lex.clause_relation_of["after"] == Relation.AFTER
    assert lex.class_of["speak"] == lex.class_of["call"] == "call"
    assert "attack" in lex.event_nouns and "say" in lex.reporting_verbs


def _raw_lexicon() -> dict[str, Any]:
    return load_event_lexicon("en").model_dump()


@pytest.mark.parametrize(
    "change",
    [
        {"belief_verbs": ["ponder"]},  # a belief verb that is no reporting verb
        {"event_nouns": ["Attack"]},  # lemmas are lower case
        {"relations": {"on": ["on"], "before": ["on"]}},  # one word, two relations
        {"unknown_list": []},  # a misspelt key
        {"relations": {"whenever": ["on"]}},  # not a relation
    ],
)
def test_bad_lexicon_fails_at_load(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        EventLexicon.model_validate({**_raw_lexicon(), **change})


# --- ordering ---------------------------------------------------------------------------------


def _day(d: date) -> Interval:
    start = datetime(d.year, d.month, d.day, tzinfo=UTC)
    return Interval(start, start + timedelta(days=1))


AFTER_X1: Final = RelatedEvent(EventRef("x1"))  # a time taken from event x1


def _event(
    key: str,
    start: int,
    day: date | None,
    relation: Relation = Relation.ON,
    basis: Basis | None = None,
    grain: Grain = Grain.DAY,
    related: tuple[str, ...] = (),
) -> Event:
    interval = None
    if day is not None:
        interval = _day(day)
        if grain == Grain.MONTH:
            interval = Interval(interval.start.replace(day=1), interval.start.replace(month=6))
    when = None if day is None else When(
        expression_id=None if basis else "t1",
        value=day.isoformat() if grain == Grain.DAY else day.isoformat()[:7],
        granularity=grain,
        interval=interval,
        relation=relation,
        inferred=basis is not None,
        basis=basis,
    )
    return Event(
        id=EventRef(key),
        trigger=Span(start, start + 3, "did"),
        summary="X did",
        participants=(),
        sentence=Span(start, start + 10, "X did it."),
        when=when,
        factuality=Factuality.ASSERTED,
        confidence=0.9,
        mentions=(Mention(start, start + 3, start),),
        related=tuple(EventRef(r) for r in related),
    )


def test_order_chronological_then_finer_then_document_order() -> None:
    may = date(2025, 5, 1)
    events = [
        _event("x1", 50, date(2025, 5, 19)),
        _event("x2", 10, date(2025, 5, 18)),
        _event("x3", 40, may, grain=Grain.MONTH),
        _event("x4", 20, date(2025, 5, 18)),
        _event("x5", 30, may),  # the same start as the month, but a day: first
    ]
    ordered = order_timeline(events)
    assert [e.trigger.start for e in ordered] == [30, 40, 10, 20, 50]
    assert [e.id for e in ordered] == ["e1", "e2", "e3", "e4", "e5"]


def test_before_and_after_sit_next_to_what_they_are_relative_to() -> None:
    monday, sunday = date(2025, 5, 19), date(2025, 5, 18)
    events = [
        _event("x1", 10, monday),
        _event("x2", 20, sunday),
        _event("x3", 30, monday, Relation.BEFORE, basis=AFTER_X1, related=("x1",)),
        _event("x4", 40, monday, Relation.AFTER, basis=AFTER_X1),
        _event("x5", 50, date(2025, 5, 20)),
        _event("x6", 5, sunday, Relation.AFTER),  # after Sunday: after every Sunday event
        _event("x7", 60, None),
    ]
    ordered = order_timeline(events)
    assert [e.trigger.start for e in ordered] == [20, 5, 30, 10, 40, 50, 60]
    before = ordered[2]
    assert before.when is not None and before.when.basis == RelatedEvent(EventRef("e4"))
    assert before.related == ("e4",)


def test_references_to_missing_events_are_dropped() -> None:
    events = [_event("x2", 10, date(2025, 5, 19), Relation.BEFORE, AFTER_X1, related=("x1",))]
    (event,) = order_timeline(events)
    assert event.related == ()
    assert event.when is not None and event.when.basis is None


def test_order_is_pure() -> None:
    events = (_event("x1", 10, date(2025, 5, 19)),)
    order_timeline(events)
    assert events[0].id == "x1"
    assert replace(events[0], id=EventRef("e1")) == order_timeline(events)[0]


# --- the stage through run() ------------------------------------------------------------------


def test_an_event_without_a_time_is_dated_by_its_tense_against_the_document_date() -> None:
    (event,) = _events("Rebels burned the market.").events
    assert event.trigger.text == "burned"
    assert event.when is not None and event.when.relation == Relation.ON
    assert event.when.value == "2025-05-20" and event.when.basis == Inference.DOCUMENT_DATE
    assert event.when.begin is None and event.when.end is None


def test_a_state_begins_before_the_document_date_and_still_holds() -> None:
    event = _at(_events("Putin is wary of a ceasefire."), "wary")
    assert event.when is not None and event.when.relation == Relation.ON
    assert event.when.begin == Point(PointRelation.BEFORE, "2025-05-20", Grain.DAY)
    assert event.when.end == Point(PointRelation.AFTER, "2025-05-20", Grain.DAY)
    stood = _at(_events("The rebels have been fighting in the north."), "fighting")
    assert stood.when is not None and stood.when.begin is not None
    assert stood.when.begin.relation == PointRelation.BEFORE


def test_a_possible_event_comes_after_the_document_date_in_the_story() -> None:
    timeline = _events("The talks resumed on Monday. Delegates might eventually sign a deal.")
    triggers = [e.trigger.text for e in timeline.events]
    sign = timeline.events[triggers.index("sign")]
    assert sign.when is not None and sign.when.relation == Relation.AFTER
    assert sign.when.value == "2025-05-20"
    assert triggers.index("sign") > triggers.index("resumed")


def test_a_past_event_in_this_week_lies_in_the_part_up_to_the_article_date() -> None:
    # 2025-05-20 is a Tuesday: "this week" is Mon 19 - Sun 25 May
    met = _at(_events("The ministers met this week in Geneva."), "met")
    assert met.when is not None and met.when.value == "2025-W21"
    assert met.when.interval is not None
    assert met.when.interval.start.date() == date(2025, 5, 19)
    assert met.when.interval.end.date() == date(2025, 5, 21)  # half-open: up to the 20th
    opens = _at(_events("The company will open its first store this year."), "open")
    assert opens.when is not None and opens.when.interval is not None
    assert opens.when.interval.start.date() == DOC_DATE
    assert opens.when.interval.end.date() == date(2026, 1, 1)


def test_the_lead_gives_the_day_of_the_news_to_past_events_without_a_time() -> None:
    lead = "Yesterday, the company unveiled its new phone at a conference in Lisbon."
    rest = " The phone is thin. Shares rose as investors welcomed the news."
    welcomed = _at(_events(lead + rest), "welcomed").when
    assert welcomed is not None and welcomed.value == "2025-05-19"
    assert welcomed.basis == Inference.NEWS_DAY
    # a lead that tells today's news leaves the article's date
    today = _events(lead.replace("Yesterday", "Today") + rest)
    welcomed = _at(today, "welcomed").when
    assert welcomed is not None and welcomed.value == "2025-05-20"
    assert welcomed.basis == Inference.DOCUMENT_DATE


def test_statements_follow_the_day_the_lead_gives_unless_they_have_an_occasion_of_their_own(
) -> None:
    text = ("The chief executive said yesterday that the company will offer refunds. "
            "She also said that the recall was not needed. "
            "A rival said in a statement that the offer came too late.")
    timeline = _events(text)
    said = [e for e in timeline.events if e.trigger.text == "said"]
    assert [e.when.value for e in said if e.when is not None] == [
        "2025-05-19", "2025-05-19", "2025-05-20"]
    assert said[1].when is not None and said[1].when.basis == Inference.NEWS_DAY


def test_a_flashback_holds_for_the_next_sentence_then_the_story_is_back_at_its_news() -> None:
    text = ("Yesterday, the company unveiled its new phone at its annual conference. In April, "
            "a technology blog obtained a prototype. The blog's editor paid 5,000 dollars for "
            "the device. Its lawyers returned it. During the keynote, the chief executive "
            "showed the new camera.")
    timeline = _events(text)
    paid, showed = _at(timeline, "paid").when, _at(timeline, "showed").when
    assert paid is not None and paid.value == "2025-04" and paid.basis == Inference.PREVIOUS_TIME
    assert showed is not None and showed.value == "2025-05-19"
    assert showed.basis == Inference.NEWS_DAY


def test_an_event_noun_takes_the_time_of_the_verb_that_told_its_event() -> None:
    text = ("Russia invaded the village on May 2. The United Nations condemned the invasion "
            "on Friday.")
    invasion = _at(_events(text), "invasion").when
    assert invasion is not None and invasion.value == "2025-05-02"
    assert isinstance(invasion.basis, RelatedEvent)


def test_a_present_tense_clause_of_a_condition_or_a_time_ahead_comes_after_the_date() -> None:
    timeline = _events("The soldiers will stay in the city until the rebels withdraw. Officials "
                       "warned of strikes if the rebels refuse the offer.")
    for word in ("withdraw", "refuse"):
        when = _at(timeline, word).when
        assert when is not None and when.relation == Relation.AFTER, word
    # "when" looks ahead only from a clause that is itself ahead
    ahead = _at(_events("The envoy will speak when the delegates arrive."), "arrive").when
    assert ahead is not None and ahead.relation == Relation.AFTER
    now = _at(_events("Prices fall when buyers leave the market."), "leave").when
    assert now is not None and now.relation == Relation.ON


def test_a_present_perfect_with_just_or_now_is_news_of_the_day() -> None:
    hot = _at(_events("The minister has just resigned."), "resigned").when
    assert hot is not None and hot.relation == Relation.ON and hot.value == "2025-05-20"
    done = _at(_events("The minister has resigned."), "resigned").when
    assert done is not None and done.relation == Relation.BEFORE


def test_since_and_until_give_an_event_that_lasts_its_ends() -> None:
    text = ("The company launched the store on March 3. Since its launch the store has sold "
            "3,000 bikes. "
            "Dale worked as an inspector until he retired in 1984.")
    timeline = _events(text)
    sold, worked = _at(timeline, "sold").when, _at(timeline, "worked").when
    assert sold is not None and sold.relation == Relation.SINCE and sold.value == "2025-03-03"
    assert worked is not None and worked.relation == Relation.UNTIL and worked.value == "1984"
    assert worked.end == Point(PointRelation.ON, "1984", Grain.YEAR)
    # not working is a state that began with the attack
    idle = _at(_events("The driver has not worked since the attack in March."), "worked").when
    assert idle is not None and idle.relation == Relation.SINCE and idle.value == "2025-03"
    # a reason, not a time: "since" with a simple past
    left = _at(_events("He left early on Monday, since he was tired."), "left").when
    assert left is not None and left.relation == Relation.ON


def test_a_length_in_the_present_perfect_gives_the_begin() -> None:
    run = _at(_events("Marlow has run the bakery for 31 years."), "run").when
    assert run is not None and run.relation == Relation.SINCE and run.value == "1994"
    assert run.begin == Point(PointRelation.ON, "1994", Grain.YEAR)
    assert run.end == Point(PointRelation.AFTER, "2025-05-20", Grain.DAY)
    # a length in the past is not counted back from the article's date
    past = _at(_events("Marlow ran the bakery for 31 years."), "ran").when
    assert past is not None and past.relation != Relation.SINCE


def test_a_past_perfect_is_before_the_day_of_the_news() -> None:
    text = ("A man was jailed for 30 months on Monday. He had admitted assault at an earlier "
            "hearing.")
    admitted = _at(_events(text), "admitted").when
    assert admitted is not None and admitted.relation == Relation.BEFORE
    assert admitted.value == "2025-05-19"


def test_a_decade_is_not_the_time_of_the_next_sentences() -> None:
    text = ("The group held power in the late 1970s. At the time, the engineer was captured "
            "near the border.")
    captured = _at(_events(text), "captured").when
    assert captured is not None and captured.basis != Inference.PREVIOUS_TIME


def test_without_a_document_date_an_event_with_no_time_stays_undated() -> None:
    timeline = run("Rebels burned the market.", make_options(None))
    (event,) = timeline.events
    assert event.when is None


def test_reporting_verb_linked_to_what_it_reports() -> None:
    timeline = _events("Officials said the rebels withdrew on Sunday.")
    said, withdrew = _at(timeline, "said"), _at(timeline, "withdrew")
    assert withdrew.when is not None and withdrew.when.value == "2025-05-18"
    assert said.when is not None and said.when.basis == "document_date"
    assert withdrew.id in said.related and said.id in withdrew.related
    assert withdrew.factuality == Factuality.REPORTED


def test_include_inferred_false_keeps_stated_times_only() -> None:
    text = "Rebels attacked the town on Sunday. They burned the market, officials said."
    everything = _events(text)
    stated = _events(text, include_inferred=False)
    assert any(e.when and e.when.inferred for e in everything.events)
    assert stated.events and all(e.when and not e.when.inferred for e in stated.events)
    assert [e.id for e in stated.events] == [f"e{i + 1}" for i in range(len(stated.events))]


def test_inferred_times_have_lower_confidence() -> None:
    timeline = _events("Rebels attacked the town on Sunday. They burned the market.")
    attacked, burned = _at(timeline, "attacked"), _at(timeline, "burned")
    assert burned.when is not None and burned.when.basis == "previous_time"
    assert burned.confidence < attacked.confidence


def test_support_verb_and_its_noun_are_one_event() -> None:
    timeline = _events("Russia launched a drone attack on Sunday.")
    (event,) = timeline.events
    assert event.trigger.text == "launched"
    assert [m.start for m in event.mentions] == [7, 24]


def test_repeated_call_merged_and_dated_by_most_specific_mention() -> None:
    text = (
        "Trump spoke with Putin in May.\n"
        "The call between Trump and Putin on May 19 lasted two hours."
    )
    timeline = _events(text)
    calls = [e for e in timeline.events if len(e.mentions) == 2]
    assert len(calls) == 1
    assert calls[0].when is not None and calls[0].when.value == "2025-05-19"


def test_mentions_with_different_dates_stay_apart() -> None:
    text = (
        "Trump spoke with Putin on Monday.\n"
        "The call between Trump and Putin on Sunday was short."
    )
    timeline = _events(text)
    values = sorted(
        e.when.value for e in timeline.events if e.when and e.when.value and not e.when.inferred
    )
    assert values == ["2025-05-18", "2025-05-19"]
    assert all(len(e.mentions) == 1 for e in timeline.events)


def test_summary_leaves_out_times_quotes_and_clauses() -> None:
    timeline = _events(
        'On Sunday, the minister, who took office in March, told reporters "we will win".'
    )
    told = _at(timeline, "told")
    assert "Sunday" not in told.summary and "March" not in told.summary
    assert "win" not in told.summary and "who" not in told.summary
    assert told.summary.startswith("the minister told reporters")


def test_participants_are_offsets_into_the_text() -> None:
    text = "MOSCOW, May 20 (Reuters) - Russia launched a drone attack on Ukraine on Sunday."
    timeline = _events(text)
    (event,) = timeline.events
    for participant in event.participants:
        assert text[participant.start : participant.end] == participant.text
    assert ("agent", "Russia") in [(p.role, p.text) for p in event.participants]


def test_no_time_expressions_no_events_no_failure() -> None:
    for text in ("", "Monday " * 200, "\x00\x01 junk ))((", "PEACE OR WAR"):
        timeline = run(text, make_options(DOC_DATE))
        for event in timeline.events:
            assert text[event.trigger.start : event.trigger.end] == event.trigger.text
