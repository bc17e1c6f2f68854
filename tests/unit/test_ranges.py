"""Ranges: the two ends of "from X to Y", "between X and Y", "X-Y" share one range object."""

from __future__ import annotations

import pytest

from service.pipeline.context import make_options
from service.pipeline.run import run, run_times

Ends = list[tuple[str, str, tuple[str, str] | None]]


def _ends(text: str, document_date: str = "2025-05-20") -> Ends:
    timeline = run_times(text, make_options(document_date))
    return [
        (t.text, t.value, (t.range.start_id, t.range.end_id) if t.range else None)
        for t in timeline.time_expressions
    ]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("He lived there from May 2012 to October 2014.", ["2012-05", "2014-10"]),
        ("He served from 2001 until 2005.", ["2001", "2005"]),
        ("Since 2019 until 2021 he led the team.", ["2019", "2021"]),
        ("Output rose in 2014-2016.", ["2014", "2016"]),
        ("Output rose in 2014–2016.", ["2014", "2016"]),
        ("The 1998-99 season was poor.", ["1998", "1999"]),
        ("The 2019/20 budget passed.", ["2019", "2020"]),
    ],
)
def test_both_ends_are_linked(text: str, values: list[str]) -> None:
    found = _ends(text)
    assert [v for _, v, _ in found] == values
    ids = [r for _, _, r in found]
    assert ids[0] is not None and ids[0] == ids[1]


def test_between_weekdays_in_the_past_is_one_stretch() -> None:
    timeline = run("The strike ran between Monday and Wednesday.",
                   make_options("2025-05-20", events="none"))
    assert [t.value for t in timeline.time_expressions] == ["2025-05-12", "2025-05-14"]


def test_between_weekdays_ahead_is_one_stretch() -> None:
    timeline = run("The talks will run between Monday and Wednesday.",
                   make_options("2025-05-20", events="none"))
    assert [t.value for t in timeline.time_expressions] == ["2025-05-26", "2025-05-28"]


@pytest.mark.parametrize(
    "text",
    [
        "On Monday and Wednesday it rained.",
        "Prices fell in 2014, and 2016 was worse.",
        "Call 1998-2099 for tickets.",
        "It rose from 3% in 2014 to 5% in 2016.",
    ],
)
def test_no_range_without_its_words(text: str) -> None:
    assert all(r is None for _, _, r in _ends(text))


def test_an_event_dated_by_a_range_end_carries_the_range() -> None:
    timeline = run("Smith ran the company from May 2012 to October 2014.",
                   make_options("2025-05-20"))
    dated = [e for e in timeline.events if e.when is not None and e.when.range is not None]
    assert dated
    (first, second) = timeline.time_expressions[:2]
    assert dated[0].when is not None and dated[0].when.range == first.range == second.range


def _parsed_ends(text: str) -> Ends:
    """As :func:`_ends`, with the tense of each sentence read (a bare weekday needs it)."""
    timeline = run(text, make_options("2025-05-20", events="none"))
    return [
        (t.text, t.value, (t.range.start_id, t.range.end_id) if t.range else None)
        for t in timeline.time_expressions
    ]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("The webinar will run 3pm-5pm on Friday.", ["2025-05-23T15:00", "2025-05-23T17:00"]),
        ("The webinar will run from 3pm to 5pm on Friday.",
         ["2025-05-23T15:00", "2025-05-23T17:00"]),
        ("The webinar will run Friday 3pm-5pm.", ["2025-05-23T15:00", "2025-05-23T17:00"]),
        ("The desk will be staffed from 2pm to 4pm on Thursday.",
         ["2025-05-22T14:00", "2025-05-22T16:00"]),
        ("The road will be closed between 9 a.m. and 5 p.m. on Sunday.",
         ["2025-05-25T09:00", "2025-05-25T17:00"]),
        ("The vote ran from 8 a.m. until 8 p.m. yesterday.",
         ["2025-05-19T08:00", "2025-05-19T20:00"]),
        ("The webinar will run 3-5pm on Friday.", ["2025-05-23T15:00", "2025-05-23T17:00"]),
        ("The clinic will be open 9-11am tomorrow.", ["2025-05-21T09:00", "2025-05-21T11:00"]),
        ("Lunch will be served 11-1pm on Friday.", ["2025-05-23T11:00", "2025-05-23T13:00"]),
        ("Lunch will be served 12-2 p.m. on Friday.",
         ["2025-05-23T12:00", "2025-05-23T14:00"]),
    ],
)
def test_a_range_of_hours_is_on_the_day_one_end_states(text: str, values: list[str]) -> None:
    found = _parsed_ends(text)
    assert [v for _, v, _ in found] == values
    ids = [r for _, _, r in found]
    assert ids[0] is not None and ids[0] == ids[1]


def test_an_hour_without_a_range_keeps_its_own_day() -> None:
    """"3pm. ... 5pm on Friday" is no range: the first hour is not moved to Friday."""
    found = _parsed_ends("The shop shuts at 3pm today. It will shut at 5pm on Friday.")
    assert [v for _, v, _ in found] == ["2025-05-20T15:00", "2025-05-23T17:00"]
    found = _parsed_ends("The shop shuts at 3pm. It will shut at 5pm on Friday.")
    assert [v for _, v, _ in found] == ["2025-05-20T15:00", "2025-05-23T17:00"]


@pytest.mark.parametrize("text", ["The score was 3-5 at the break.", "See pages 3-5.",
                                  "They won 3-5 pm."])
def test_a_number_before_a_dash_is_an_hour_only_before_a_clock_time(text: str) -> None:
    found = run(text, make_options("2025-05-20", events="none")).time_expressions
    assert "3" not in [t.text for t in found]
    assert not any(t.rule.startswith("clock_range_start") for t in found)
