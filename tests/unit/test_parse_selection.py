"""Without events, only the paragraphs resolution reads are parsed, and the time expressions
are those of the whole pipeline."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.nlp import load_nlp
from service.nlp.parse import select_paragraphs
from service.pipeline.context import make_options
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
    whole = run(TEXT, make_options(document_date), nlp=nlp)
    alone = run(TEXT, make_options(document_date, events="none"), nlp=nlp)
    assert alone.time_expressions == whole.time_expressions
    assert alone.events == ()
    assert whole.time_expressions  # the document is not trivially empty


def test_a_clock_time_takes_the_day_of_its_own_sentence_only() -> None:
    timeline = run(TEXT, make_options("2024-03-06", events="none"))
    values = {t.text: t.value for t in timeline.time_expressions}
    assert values["3 p.m."] == "2024-03-04T15:00"
    assert values["noon"].startswith("2024-03-06")  # another sentence: the document's day


@given(
    lengths=st.lists(st.integers(0, 30), max_size=12),
    ranges=st.lists(st.tuples(st.integers(-5, 400), st.integers(0, 40)), max_size=12),
)
def test_selection_walk_matches_the_overlap_definition(
    lengths: list[int], ranges: list[tuple[int, int]]
) -> None:
    paragraphs, at = [], 0
    for length in lengths:
        paragraphs.append((at, "x" * length))
        at += length + 2
    spans = [(lo, lo + width) for lo, width in ranges]
    expected = [(start, text) for start, text in paragraphs
                if any(lo < start + len(text) and hi > start for lo, hi in spans)]
    assert select_paragraphs(paragraphs, spans) == expected
