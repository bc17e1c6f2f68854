"""TIMEX3 values in words: ``service.formats.human.human_date``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import pytest
import yaml

from service.domain.types import Grain, Inference, Point, PointRelation
from service.formats.human import (
    BASIS_PHRASES,
    human_basis,
    human_date,
    human_point,
    human_range,
    human_span,
)

CORPUS_DIR: Final = Path(__file__).resolve().parents[1] / "corpus" / "en"

# (value, granularity, relation, expected)
DATES: Final = [
    # days: weekday, day, month (names of up to four letters whole), year
    ("2025-05-18", "day", None, "Sun 18 May 2025"),
    ("2025-05-19", "day", "before", "before Mon 19 May 2025"),
    ("2025-05-19", "day", "on", "Mon 19 May 2025"),
    ("2025-03-04", "day", None, "Tue 4 Mar 2025"),
    ("2024-06-30", "day", "after", "after Sun 30 June 2024"),
    ("2024-07-01", "day", "until", "until Mon 1 July 2024"),
    ("2024-02-29", "day", None, "Thu 29 Feb 2024"),
    ("2025-12-25", "day", "during", "during Thu 25 Dec 2025"),
    ("1998-09-07", "day", None, "Mon 7 Sep 1998"),
    ("2025-02-30", "day", None, "30 Feb 2025"),  # out of the calendar: no weekday
    # parts of day and clock times
    ("2025-03-04TMO", "part_of_day", None, "Tue 4 Mar 2025, morning"),
    ("2025-05-23TAF", "part_of_day", None, "Fri 23 May 2025, afternoon"),
    ("2025-05-23TEV", "part_of_day", None, "Fri 23 May 2025, evening"),
    ("2025-05-21TNI", "part_of_day", None, "Wed 21 May 2025, night"),
    ("2025-05-21TMI", "part_of_day", None, "Wed 21 May 2025, midday"),
    ("2025-05-22T15:00", "minute", None, "Thu 22 May 2025, 15:00"),
    ("2025-05-22T09", "hour", None, "Thu 22 May 2025, 09:00"),
    ("2025-05-22T21:45:30", "second", None, "Thu 22 May 2025, 21:45:30"),
    ("2025-05-22T24:00", "minute", None, "Thu 22 May 2025, 24:00"),
    ("2025-05-22T15:00Z", "minute", None, "Thu 22 May 2025, 15:00 UTC"),
    ("2025-05-22T15:00+02:00", "minute", None, "Thu 22 May 2025, 15:00 UTC+02:00"),
    ("2025-05-22T15:00-0500", "minute", None, "Thu 22 May 2025, 15:00 UTC-05:00"),
    ("T15:00", "minute", None, "15:00 (date unknown)"),
    # weeks and weekends (ISO weeks start on Monday)
    ("2025-W33", "week", None, "week of 11 Aug 2025"),
    ("2025-W01", "week", None, "week of 30 Dec 2024"),
    ("2025-W21", "week", "since", "since week of 19 May 2025"),
    ("2025-W21-WE", "week", None, "weekend of 24–25 May 2025"),
    ("2025-W22-WE", "week", None, "weekend of 31 May – 1 June 2025"),
    ("2022-W52-WE", "week", None, "weekend of 31 Dec 2022 – 1 Jan 2023"),
    ("2025-W21-3", "day", None, "Wed 21 May 2025"),
    ("2025-W53", "week", None, "week 53 of 2025"),  # 2025 has 52 ISO weeks
    # months
    ("2024-06", "month", None, "June 2024"),
    ("2024-08", "month", "since", "since Aug 2024"),
    ("2025-01", "month", None, "Jan 2025"),
    ("2025-05", "month", "before", "before May 2025"),
    ("2025-07", "month", None, "July 2025"),
    ("2025-09", "month", None, "Sep 2025"),
    # seasons (meteorological; winter runs from December into the next year)
    ("2025-SU", "season", None, "summer 2025"),
    ("2025-SP", "season", None, "spring 2025"),
    ("2024-FA", "season", None, "autumn 2024"),
    ("2019-WI", "season", None, "winter 2019–20"),
    ("1999-WI", "season", None, "winter 1999–2000"),
    # quarters and halves
    ("2025-Q1", "quarter", None, "first quarter of 2025"),
    ("2025-Q4", "quarter", "after", "after fourth quarter of 2025"),
    ("2025-H1", "half", None, "first half of 2025"),
    ("2025-H2", "half", None, "second half of 2025"),
    # years, decades, centuries
    ("2026", "year", None, "2026"),
    ("2025", "year", "before", "before 2025"),
    ("199", "decade", None, "1990s"),
    ("201", "decade", "since", "since 2010s"),
    ("19", "century", None, "20th century"),
    ("20", "century", None, "21st century"),
    ("10", "century", None, "11th century"),
    ("2", None, None, "3rd millennium"),
    # references
    ("PRESENT_REF", None, None, "now"),
    ("PAST_REF", None, "since", "since the past"),
    ("FUTURE_REF", None, None, "the future"),
    # values that leave the year, the week or the date open
    ("XXXX-WXX-1", "day", None, "Monday (date unknown)"),
    ("XXXX-WXX-7", "day", "before", "before Sunday (date unknown)"),
    ("XXXX-WXX-2TNI", "part_of_day", None, "Tuesday night (date unknown)"),
    ("XXXX-WXX-WE", "week", None, "a weekend (date unknown)"),
    ("XXXX-07", "month", None, "July (year unknown)"),
    ("XXXX-SU", "season", None, "summer (year unknown)"),
    ("XXXX-Q3", "quarter", None, "third quarter (year unknown)"),
    ("XXXX-05-20", "day", None, "20 May (year unknown)"),
    ("XXXX-05-20TMO", "part_of_day", None, "20 May, morning (year unknown)"),
    ("XXXX-12-25T18:00", "minute", None, "25 Dec, 18:00 (year unknown)"),
    ("XXXX-XX-XXT15:00", "minute", None, "15:00 (date unknown)"),
    ("XXXX-XX-XX", "day", None, "a day (date unknown)"),
    ("2025-05-XX", "day", None, "a day in May 2025"),
    ("2025-XX-XX", "day", None, "a day in 2025"),
    ("XXXX", "year", None, "a year (unknown)"),
]

DURATIONS: Final = [
    ("P3D", None, "3 days"),
    ("P1D", None, "1 day"),
    ("P2W", None, "2 weeks"),
    ("P18M", None, "18 months"),
    ("P2Y6M", None, "2 years 6 months"),
    ("P1Q", None, "1 quarter"),
    ("P100Y", None, "100 years"),
    ("P1DE", None, "1 decade"),
    ("P2CE", None, "2 centuries"),
    ("P1.5Y", None, "1.5 years"),
    ("PT90M", None, "90 minutes"),
    ("PT1H", None, "1 hour"),
    ("PT16H", None, "16 hours"),
    ("PT30S", None, "30 seconds"),
    ("P1DT2H", None, "1 day 2 hours"),
    ("PTXM", None, "some minutes"),
    ("PXY", None, "some years"),
    ("PXD", None, "some days"),
    ("P3Y", "MORE_THAN", "more than 3 years"),
    ("P1W", "LESS_THAN", "less than 1 week"),
    ("P5Y", "EQUAL_OR_LESS", "at most 5 years"),
    ("P10Y", "EQUAL_OR_MORE", "at least 10 years"),
    ("PT4H", "APPROX", "about 4 hours"),
]

SETS: Final = [
    ("XXXX-WXX-1", "every Monday"),
    ("XXXX-WXX-4", "every Thursday"),
    ("XXXX-WXX-2TNI", "every Tuesday night"),
    ("XXXX-WXX-WE", "every weekend"),
    ("P1D", "every day"),
    ("P1W", "every week"),
    ("P1M", "every month"),
    ("P1Y", "every year"),
    ("P1Q", "every quarter"),
    ("PT1H", "every hour"),
    ("P2W", "every 2 weeks"),
    ("XXXX-07", "every July"),
    ("XXXX-SU", "every summer"),
    ("XXXX-XX-XXTMO", "every morning"),
    ("XXXX-XX-XXT09:00", "every day at 09:00"),
    ("XXXX-05-20", "every 20 May"),
]

MODS: Final = [
    ("2024-06", "month", "START", "early June 2024"),
    ("2025", "year", "MID", "mid-2025"),
    ("2025", "year", "END", "late 2025"),
    ("199", "decade", "START", "early 1990s"),
    ("2025-SU", "season", "END", "late summer 2025"),
    ("2025-05-18", "day", "END", "late Sun 18 May 2025"),
    ("2025-05-18", "day", "START", "early Sun 18 May 2025"),
    ("2025-05-18", "day", "MID", "middle of Sun 18 May 2025"),
    ("2025-W33", "week", "START", "start of the week of 11 Aug 2025"),
    ("2025-H2", "half", "END", "end of the second half of 2025"),
    ("2025-Q3", "quarter", "MID", "middle of the third quarter of 2025"),
    ("2026", "year", "APPROX", "about 2026"),
    ("2025-05", "month", "BEFORE", "before May 2025"),
    ("2025-05-19", "day", "ON_OR_AFTER", "on or after Mon 19 May 2025"),
    ("XXXX-07", "month", "MID", "mid-July (year unknown)"),
]


@pytest.mark.parametrize(("value", "granularity", "relation", "expected"), DATES,
                         ids=[f"{d[0]}-{d[2] or 'on'}" for d in DATES])
def test_dates(value: str, granularity: str | None, relation: str | None, expected: str) -> None:
    assert human_date(value, granularity, relation) == expected


@pytest.mark.parametrize(("value", "mod", "expected"), DURATIONS, ids=[d[0] for d in DURATIONS])
def test_durations(value: str, mod: str | None, expected: str) -> None:
    assert human_date(value, None, mod=mod, kind="DURATION") == expected


@pytest.mark.parametrize(("value", "expected"), SETS, ids=[s[0] for s in SETS])
def test_sets(value: str, expected: str) -> None:
    assert human_date(value, None, kind="SET") == expected


@pytest.mark.parametrize(("value", "granularity", "mod", "expected"), MODS,
                         ids=[f"{m[0]}-{m[2]}" for m in MODS])
def test_modifiers(value: str, granularity: str, mod: str, expected: str) -> None:
    assert human_date(value, granularity, mod=mod) == expected


def test_modifier_and_relation_together() -> None:
    assert human_date("2024-06", "month", "since", mod="START") == "since early June 2024"
    assert human_date("XXXX-07", "month", "before", mod="END") == "before late July (year unknown)"


@pytest.mark.parametrize(
    ("value", "granularity", "expected"),
    [
        ("2025-05-22T15:00", "day", "Thu 22 May 2025"),
        ("2025-05-22TMO", "day", "Thu 22 May 2025"),
        ("2025-05-19", "week", "week of 19 May 2025"),
        ("2025-05-19", "month", "May 2025"),
        ("2025-05-19", "season", "spring 2025"),
        ("2025-01-19", "season", "winter 2024–25"),
        ("2025-12-01", "season", "winter 2025–26"),
        ("2025-05-19", "quarter", "second quarter of 2025"),
        ("2025-08-19", "half", "second half of 2025"),
        ("2025-05-19", "year", "2025"),
        ("2025-05", "year", "2025"),
        ("1994-05-19", "decade", "1990s"),
        ("1994-05", "century", "20th century"),
        ("2025-05-22TMO", "part_of_day", "Thu 22 May 2025, morning"),
        ("2025-05", "day", "May 2025"),  # a coarser value is never made finer
    ],
)
def test_a_value_finer_than_its_granularity_is_shown_at_the_granularity(
    value: str, granularity: str, expected: str
) -> None:
    assert human_date(value, granularity) == expected


@pytest.mark.parametrize("value", [None, ""])
def test_no_value(value: str | None) -> None:
    assert human_date(value, None) == "no date"
    assert human_date(value, "day", "before") == "no date"


@pytest.mark.parametrize("value", ["weird", "2025-13", "2025-H3", "P", "PT", "12345", "2025-W"])
def test_unknown_forms_come_back_as_they_are(value: str) -> None:
    assert human_date(value, None) == value
    assert human_date(value, None, "before") == f"before {value}"


def test_an_unknown_modifier_is_shown_not_dropped() -> None:
    assert human_date("2025", "year", mod="FOO") == "2025 (foo)"


def _corpus_expectations() -> list[tuple[str, str, str | None, str | None]]:
    """(file, value, type, granularity) of every expectation in tests/corpus/en."""
    found = []
    for path in sorted(CORPUS_DIR.glob("*.yaml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        for example in data.get("examples", []):
            expect = example["expect"]
            raw = expect["value"]
            value = raw.isoformat() if isinstance(raw, date | datetime) else str(raw)
            found.append((path.stem, value, expect.get("type"), expect.get("granularity")))
    return found


def test_every_value_of_the_tagger_corpus_is_put_into_words() -> None:
    expectations = _corpus_expectations()
    assert len(expectations) >= 150
    # a year is its own word; every other value must come back changed
    left_raw = [
        (name, value) for name, value, kind, granularity in expectations
        if human_date(value, granularity, kind=kind) == value and len(value) != 4
    ]
    assert left_raw == []


ON, BEFORE, AFTER, OPEN = (PointRelation.ON, PointRelation.BEFORE, PointRelation.AFTER,
                           PointRelation.OPEN)
DOC_DAY: Final = Point(BEFORE, "2025-05-20", Grain.DAY)


@pytest.mark.parametrize(
    ("begin", "end", "expected"),
    [
        # began before the article's date and still holds ("has stood firm", "is wary")
        (DOC_DAY, Point(AFTER, "2025-05-20", Grain.DAY),
         "since before Tue 20 May 2025, still holding"),
        (Point(BEFORE, "2025-05-20"), Point(OPEN), "since before Tue 20 May 2025"),
        (Point(ON, "2024-08", Grain.MONTH), Point(OPEN), "from Aug 2024"),
        (Point(ON, "2024-08"), Point(AFTER, "2024-08"), "from Aug 2024, still holding"),
        # "worked as an inspector until he retired in 1984"
        (Point(OPEN), Point(ON, "1984", Grain.YEAR), "until 1984"),
        (Point(ON, "1970"), Point(ON, "1984"), "from 1970 until 1984"),
        (Point(BEFORE, "1990"), Point(ON, "2024-06"), "from before 1990 until June 2024"),
        (Point(AFTER, "2020"), Point(ON, "2024"), "from after 2020 until 2024"),
        (Point(ON, "2024-08"), Point(AFTER, "2025-05-20"),
         "from Aug 2024 until after Tue 20 May 2025"),
        (Point(OPEN), Point(AFTER, "2025-05-20"), "until after Tue 20 May 2025"),
        (Point(AFTER, "2020"), Point(OPEN), "starting after 2020"),
        (Point(AFTER, "2020"), Point(BEFORE, "2024"), "starting after 2020, ended before 2024"),
        (Point(ON, "2024-06"), Point(BEFORE, "2025-05-18"),
         "from June 2024, ended before Sun 18 May 2025"),
        (Point(OPEN), Point(BEFORE, "2025-05-18"), "ended before Sun 18 May 2025"),
        # each value at its granularity, as human_date shows it
        (Point(ON, "2024-08-15", Grain.MONTH), Point(OPEN), "from Aug 2024"),
        # a missing end is an open one
        (Point(ON, "1990"), None, "from 1990"),
        (None, Point(ON, "1984"), "until 1984"),
    ],
)
def test_the_ends_of_an_event_that_lasts_in_one_phrase(
    begin: Point | None, end: Point | None, expected: str
) -> None:
    assert human_span(begin, end) == expected


@pytest.mark.parametrize(
    ("begin", "end"),
    [(Point(OPEN), Point(OPEN)), (None, None), (Point(ON), Point(OPEN)), (None, Point(OPEN))],
)
def test_a_span_open_at_both_ends_has_no_words_of_its_own(
    begin: Point | None, end: Point | None
) -> None:
    assert human_span(begin, end) is None  # the event's single label stands


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        (DOC_DAY, "before Tue 20 May 2025"),
        (Point(ON, "2024-06", Grain.MONTH), "June 2024"),
        (Point(AFTER, "1990", Grain.YEAR), "after 1990"),
        (Point(ON, "2025-05-19", Grain.MONTH), "May 2025"),
        (Point(OPEN), "open"),
        (Point(ON), "open"),  # no value: nothing to stand against
    ],
)
def test_one_end_in_words(point: Point, expected: str) -> None:
    assert human_point(point) == expected


STATIC: Final = Path(__file__).resolve().parents[2] / "service" / "api" / "static" / "app.js"


@pytest.mark.parametrize(
    ("basis", "relation", "expression", "other", "words"),
    [
        ("document_date", "on", None, None, "the article's date, by its tense"),
        ("previous_time", "on", "Sunday", None, "the time the story last gave, “Sunday”"),
        ("sentence_time", "on", "on Monday", None, "the time of its sentence, “on Monday”"),
        ("stated", "on", None, None, "the time the text states"),
        ("event:e12", "before", None, "Trump returned to office",
         "before Trump returned to office"),
        ("event:e12", "on", None, None, "the same time as another event"),
        ("a_newer_code", "on", None, None, "the article's context"),
        (None, None, None, None, "the article's context"),
    ],
)
def test_basis_in_words(
    basis: str | None, relation: str | None, expression: str | None, other: str | None,
    words: str,
) -> None:
    assert human_basis(basis, relation, expression=expression, other=other) == words


def test_every_inference_the_pipeline_gives_has_words() -> None:
    assert {basis.value for basis in Inference} <= BASIS_PHRASES.keys()


def test_the_page_words_every_basis_as_the_cli_does() -> None:
    """The page holds the same phrase for every basis (it cannot import this module)."""
    script = STATIC.read_text(encoding="utf-8")
    for code, phrase in BASIS_PHRASES.items():
        assert f'{code}: "{phrase}"' in script, code


@pytest.mark.parametrize(
    ("ends", "words"),
    [
        (("2019", "year", "2022", "year"), "2019–2022"),
        (("2025-05-18", "day", "2025-05-20", "day"), "18–20 May 2025"),
        (("2025-04-28", "day", "2025-05-02", "day"), "28 Apr – 2 May 2025"),
        (("2024-06", "month", "2025-03", "month"), "June 2024 – Mar 2025"),
        (("2019", "year", None, None), "2019"),
    ],
)
def test_range_in_words(ends: tuple[str, str, str | None, str | None], words: str) -> None:
    assert human_range(*ends) == words
