"""Without events, only the paragraphs resolution reads are parsed, and the time expressions
are those of the whole pipeline."""

from __future__ import annotations

import pytest

from service.nlp import load_nlp
from service.pipeline.extract import extract_timexes
from service.pipeline.run import run
from service.pipeline.sentences import parse_ranges

TEXT = (
    "The council met on 4 March 2024 and voted at 3 p.m.\n"
    "The mayor will travel to the coast on Friday.\n"
    "Prices rose 3 percent in 2023.\n"
    "The first vote was on 2 March 2024. The second came at noon.\n"
    "Officials said the road reopened at 9 a.m.\n"
)


def _paragraphs_overlapping(ranges: list[tuple[int, int]]) -> set[int]:
    starts = [0]
    for index, char in enumerate(TEXT):
        if char == "\n":
            starts.append(index + 1)
    return {
        number for number, start in enumerate(starts)
        if any(lo < TEXT.find("\n", start) and hi > start for lo, hi in ranges)
    }


def test_ranges_cover_tenses_and_clock_times_after_a_date() -> None:
    ranges = parse_ranges(TEXT, extract_timexes(TEXT))
    # the weekday needs a tense; the two clock times after a date need sentence boundaries;
    # the year alone and the clock time alone in its paragraph need nothing
    assert _paragraphs_overlapping(ranges) == {0, 1, 3}


@pytest.mark.parametrize("document_date", ["2024-03-06", None])
def test_time_expressions_without_events_equal_the_whole_pipelines(
    document_date: str | None,
) -> None:
    nlp = load_nlp()
    whole = run(TEXT, document_date, nlp=nlp)
    alone = run(TEXT, document_date, nlp=nlp, events="none")
    assert alone.time_expressions == whole.time_expressions
    assert alone.events == ()
    assert whole.time_expressions  # the document is not trivially empty


def test_a_clock_time_takes_the_day_of_its_own_sentence_only() -> None:
    values = {t.text: t.value for t in run(TEXT, "2024-03-06", events="none").time_expressions}
    assert values["3 p.m."] == "2024-03-04T15:00"
    assert values["noon"].startswith("2024-03-06")  # another sentence: the document's day
