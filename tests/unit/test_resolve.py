"""Resolution details the example corpora do not show: intervals, warnings, offsets."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from service.domain.calendar import Period, interval_of, shift, timex_value, truncate
from service.domain.types import Grain, Prefer, Resolution
from service.pipeline.context import make_options
from service.pipeline.resolve import nth_weekday
from service.pipeline.run import run

UTC = ZoneInfo("UTC")


def _one(text: str, day: str = "2025-05-20", **kw: str) -> tuple[str, str | None, str | None]:
    timeline = run(text, make_options(day, **kw))
    assert len(timeline.time_expressions) == 1, timeline.time_expressions
    timex = timeline.time_expressions[0]
    interval = timex.interval
    return (
        timex.value,
        interval.start.isoformat() if interval else None,
        interval.end.isoformat() if interval else None,
    )


@pytest.mark.parametrize(
    ("text", "value", "start", "end"),
    [
        ("in June 2024", "2024-06", "2024-06-01T00:00:00+00:00", "2024-07-01T00:00:00+00:00"),
        ("on May 19", "2025-05-19", "2025-05-19T00:00:00+00:00", "2025-05-20T00:00:00+00:00"),
        ("this week", "2025-W21", "2025-05-19T00:00:00+00:00", "2025-05-26T00:00:00+00:00"),
        ("in the second quarter of 2025", "2025-Q2", "2025-04-01T00:00:00+00:00",
         "2025-07-01T00:00:00+00:00"),
        ("in winter 2024", "2024-WI", "2024-12-01T00:00:00+00:00", "2025-03-01T00:00:00+00:00"),
        ("in the 1990s", "199", "1990-01-01T00:00:00+00:00", "2000-01-01T00:00:00+00:00"),
        ("at 3 p.m. on May 19", "2025-05-19T15:00", "2025-05-19T15:00:00+00:00",
         "2025-05-19T15:01:00+00:00"),
        ("for three years", "P3Y", None, None),
    ],
)
def test_values_and_half_open_intervals(
    text: str, value: str, start: str | None, end: str | None
) -> None:
    assert _one(text) == (value, start, end)


def test_early_june_is_the_first_third_of_june() -> None:
    value, start, end = _one("in early June 2024")
    assert value == "2024-06"
    assert start == "2024-06-01T00:00:00+00:00"
    assert end == "2024-06-11T00:00:00+00:00"


def test_intervals_follow_the_request_time_zone() -> None:
    value, start, end = _one("on May 19", timezone="America/New_York")
    assert value == "2025-05-19"
    assert start == "2025-05-19T00:00:00-04:00"
    assert end == "2025-05-20T00:00:00-04:00"


def test_relative_times_stay_unresolved_without_a_document_date() -> None:
    timeline = run("Russia launched an attack on Sunday, not in June 2024.")
    by_text = {t.text: t for t in timeline.time_expressions}
    assert by_text["Sunday"].resolution == Resolution.UNRESOLVED
    assert by_text["Sunday"].value == "XXXX-WXX-7"
    assert by_text["Sunday"].interval is None
    assert by_text["June 2024"].value == "2024-06"
    assert by_text["June 2024"].resolution == Resolution.ABSOLUTE
    assert any(w.code == "no_document_date" for w in timeline.warnings)


def test_a_weekday_that_contradicts_its_date_is_reported() -> None:
    timeline = run("They met on Monday (May 20).", make_options("2025-05-22"))
    assert [w.code for w in timeline.warnings] == ["weekday_mismatch"]
    consistent = run("They met on Monday (May 19).", make_options("2025-05-22"))
    assert consistent.warnings == ()


def test_a_prefer_that_moves_a_weekday_off_its_written_date_is_reported() -> None:
    text = "Trump spoke to Putin on Monday (May 19)."
    moved = run(text, make_options("2025-05-20", prefer=Prefer.FUTURE))
    assert [t.value for t in moved.time_expressions] == ["2025-05-26", "2025-05-19"]
    assert [w.code for w in moved.warnings] == ["prefer_mismatch"]
    assert "2025-05-26" in moved.warnings[0].message and "May 19" in moved.warnings[0].message
    assert run(text, make_options("2025-05-20", prefer=Prefer.PAST)).warnings == ()
    assert run(text, make_options("2025-05-20")).warnings == ()


def test_offsets_survive_characters_whose_lower_case_is_longer() -> None:
    text = "İstanbul İİİ: talks ended on Monday, May 19, 2025, after years."
    timeline = run(text, make_options("2025-05-20"))
    assert [t.text for t in timeline.time_expressions] == ["Monday, May 19, 2025", "years"]
    for timex in timeline.time_expressions:
        assert text[timex.start : timex.end] == timex.text


def test_previous_time_anchors_anaphora() -> None:
    timeline = run("The talks opened on March 6, 2024. They collapsed the next day.",
                   make_options("2025-05-20"))
    last = timeline.time_expressions[-1]
    assert (last.text, last.value, last.resolution) == (
        "the next day", "2024-03-07", Resolution.PREVIOUS_TIME
    )


def test_calendar_arithmetic() -> None:
    assert timex_value(shift(truncate(date(2025, 1, 31), Grain.MONTH), Grain.MONTH, 1)) == "2025-02"
    assert timex_value(truncate(date(2025, 1, 15), Grain.SEASON)) == "2024-WI"
    assert timex_value(truncate(date(2021, 1, 3), Grain.WEEK)) == "2020-W53"
    assert nth_weekday(2025, 11, 4, 4) == date(2025, 11, 27)  # Thanksgiving
    assert nth_weekday(2024, 11, 2, 0) == date(2024, 11, 5)  # Election Day
    assert nth_weekday(2025, 5, 1, -1) == date(2025, 5, 26)  # Memorial Day
    night = interval_of(Period(Grain.PART_OF_DAY, date(2025, 5, 20), part_of_day="NI"), UTC)
    assert (night.start.hour, night.end.isoformat()) == (21, "2025-05-21T06:00:00+00:00")
