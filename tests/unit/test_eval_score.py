"""TempEval-3 Task A and event-anchoring scores on hand-made TimeML documents.

Every expected number is worked out by hand in the comments beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from service.domain.types import (
    Event,
    Factuality,
    Relation,
    Resolution,
    Span,
    TimeExpression,
    TimexType,
    When,
)
from service.eval.score import (
    PRF,
    AnchorCounts,
    ErrorKind,
    TimexCounts,
    align,
    anchor_errors,
    anchor_scores,
    gold_anchors,
    score_anchors,
    score_timexes,
    sentence_around,
    timex_errors,
    timex_scores,
)
from service.formats.timeml import TimeMLDocument, parse_timeml, read_timeml

RUN = Path(__file__).resolve().parents[1] / "fixtures" / "timeml" / "run"


@dataclass(frozen=True)
class X:
    """A bare extent for alignment tests."""

    start: int
    end: int


def prf(scores: PRF) -> tuple[float, float, float]:
    return (scores.precision, scores.recall, scores.f1)


def timex(doc: TimeMLDocument, phrase: str, type_: str, value: str) -> TimeExpression:
    start = doc.text.index(phrase)
    return TimeExpression(
        id=f"s{start}",
        start=start,
        end=start + len(phrase),
        text=phrase,
        type=TimexType(type_),
        value=value,
        mod=None,
        granularity=None,
        interval=None,
        resolution=Resolution.ABSOLUTE,
        confidence=1.0,
        rule="test",
    )


def event(doc: TimeMLDocument, phrase: str, value: str | None, *, nth: int = 0) -> Event:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(phrase, start + 1)
    when = None if value is None else When(None, value, None, None, Relation.ON, False)
    trigger = Span(start, start + len(phrase), phrase)
    return Event(
        id=f"ev{start}",
        trigger=trigger,
        summary=phrase,
        participants=(),
        sentence=trigger,
        when=when,
        factuality=Factuality.ASSERTED,
        confidence=1.0,
    )


@pytest.fixture(scope="module")
def storm() -> TimeMLDocument:
    return read_timeml(RUN / "storm.tml")


@pytest.fixture(scope="module")
def talks() -> TimeMLDocument:
    return read_timeml(RUN / "sub" / "talks.tml")


@pytest.fixture(scope="module")
def council() -> TimeMLDocument:
    return read_timeml(RUN / "sub" / "council.tml")


def storm_system(doc: TimeMLDocument) -> list[TimeExpression]:
    # Gold: "three days" P3D, "March 3, 2024", "Monday night" TIME, "next week" (DCT excluded).
    return [
        timex(doc, "three days", "DURATION", "P3D"),  # exact: strict, type, value
        timex(doc, "March 3", "DATE", "2024-03-03"),  # inside "March 3, 2024": relaxed only
        timex(doc, "Monday", "DATE", "2024-03-04"),  # inside "Monday night": wrong type, value
        timex(doc, "66", "DATE", "1966"),  # false alarm
        timex(doc, "late", "DATE", "PAST_REF"),  # false alarm next to "Monday night"
    ]  # "next week" is missed


def talks_system(doc: TimeMLDocument) -> list[TimeExpression]:
    # Gold: "May 5", "May 19", "early last week" (1998-W23, START).
    return [
        # Overlaps "May 5" (5 chars) and "May 19" (6 chars); one-to-one, so it takes "May 19",
        # with the wrong type and value, and "May 5" is missed.
        timex(doc, "May 5 to May 19", "DURATION", "P14D"),
        timex(doc, "early", "DATE", "1998-W23"),  # 5 chars of "early last week": false alarm
        timex(doc, "last week", "DATE", "1998-W23"),  # 9 chars: aligned, same type and value
    ]


def test_storm_counts(storm: TimeMLDocument) -> None:
    result = score_timexes(storm.timexes, storm_system(storm))
    # gold 4, system 5; aligned: three days, March 3, Monday (3); identical extent: three days
    # (1); same type: three days, March 3 (2); same value: the same two (2).
    assert result.counts == TimexCounts(gold=4, system=5, relaxed=3, strict=1, type=2, value=2)
    assert [storm.timexes[g].text for g in result.misses] == ["next week"]
    assert result.false_alarms == (3, 4)


def test_one_to_one_alignment(talks: TimeMLDocument) -> None:
    result = score_timexes(talks.timexes, talks_system(talks))
    # gold 3, system 3; aligned: (May 19, "May 5 to May 19"), (early last week, last week) = 2;
    # identical extent 0; same type and same value: only the second pair (1 each).
    assert result.counts == TimexCounts(gold=3, system=3, relaxed=2, strict=0, type=1, value=1)
    assert [(talks.timexes[g].text, s) for g, s in result.pairs] == [
        ("May 19", 0),
        ("early last week", 2),
    ]
    assert [talks.timexes[g].text for g in result.misses] == ["May 5"]
    assert result.false_alarms == (1,)


def test_scores_are_micro_averaged(storm: TimeMLDocument, talks: TimeMLDocument) -> None:
    total = (
        score_timexes(storm.timexes, storm_system(storm)).counts
        + score_timexes(talks.timexes, talks_system(talks)).counts
    )
    # Summed: gold 4+3 = 7, system 5+3 = 8, aligned 3+2 = 5, strict 1+0 = 1, type 2+1 = 3,
    # value 2+1 = 3.
    assert total == TimexCounts(gold=7, system=8, relaxed=5, strict=1, type=3, value=3)
    scores = timex_scores(total)
    # Relaxed: P = 5/8, R = 5/7, F1 = 2*5/(8+7) = 2/3.
    assert scores.relaxed.precision == pytest.approx(5 / 8)
    assert scores.relaxed.recall == pytest.approx(5 / 7)
    assert scores.relaxed.f1 == pytest.approx(2 / 3)
    # Strict: P = 1/8, R = 1/7, F1 = 2*1/15 = 2/15 (averaging the two documents' F1 would give
    # (2/9 + 0)/2 = 1/9 instead).
    assert prf(scores.strict) == pytest.approx((1 / 8, 1 / 7, 2 / 15))
    # Type and value: 3 of the 5 aligned pairs agree, so F1 = 2/3 * 3/5 = 2/5, P = 5/8 * 3/5 =
    # 3/8, R = 5/7 * 3/5 = 3/7.
    assert prf(scores.type) == pytest.approx((3 / 8, 3 / 7, 2 / 5))
    assert prf(scores.value) == pytest.approx((3 / 8, 3 / 7, 2 / 5))


def test_dct_is_not_counted() -> None:
    doc = parse_timeml(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-08" '
        'functionInDocument="CREATION_TIME">March 8, 2024</TIMEX3></DCT>'
        '<TEXT><TIMEX3 tid="t9" type="DATE" value="2024-03-08" '
        'functionInDocument="CREATION_TIME">March 8, 2024</TIMEX3> -- Prices rose '
        '<TIMEX3 tid="t1" type="DATE" value="2024-03-08">today</TIMEX3>.</TEXT></TimeML>'
    )
    # The DCT, and a CREATION_TIME copy of it inside TEXT (a dateline), are not gold.
    assert [t.text for t in doc.timexes] == ["today"]
    # A system that tags the dateline scores it as a false alarm: gold 1, system 2, aligned 1.
    system = [timex(doc, "March 8, 2024", "DATE", "2024-03-08"), timex(doc, "today", "DATE", "")]
    counts = score_timexes(doc.timexes, system).counts
    assert counts == TimexCounts(gold=1, system=2, relaxed=1, strict=1, type=1, value=0)


def test_alignment_prefers_more_pairs_to_more_overlap() -> None:
    # Gold [0,10) and [10,12); system [0,11) and [5,10). Greedy by overlap would pair [0,10)
    # with [0,11) (10 chars) and leave both others unmatched; one-to-one alignment with the
    # most pairs is ([0,10), [5,10)) and ([10,12), [0,11)).
    assert align([X(0, 10), X(10, 12)], [X(0, 11), X(5, 10)]) == ((0, 1), (1, 0))


def test_alignment_prefers_identical_extents() -> None:
    # One gold [0,6) overlapped by [2,6) (listed first) and by [0,6): the identical one is
    # aligned, so the match is strict; [2,6) is a false alarm.
    assert align([X(0, 6)], [X(2, 6), X(0, 6)]) == ((0, 1),)


def test_alignment_edge_cases() -> None:
    # Touching extents do not overlap; empty extents never align; nothing to align.
    assert align([X(0, 5)], [X(5, 9)]) == ()
    assert align([X(3, 3)], [X(0, 9)]) == ()
    assert align([], [X(0, 9)]) == ()
    # Two separate clusters are aligned independently.
    assert align([X(0, 4), X(20, 24)], [X(22, 30), X(1, 2)]) == ((0, 1), (1, 0))


def test_empty_system_and_empty_gold() -> None:
    assert timex_scores(TimexCounts(gold=3)) == timex_scores(TimexCounts(system=2))
    assert timex_scores(TimexCounts()).value == PRF(0.0, 0.0, 0.0)


def test_gold_anchors(council: TimeMLDocument) -> None:
    items = [(a.event.text, a.value) for a in gold_anchors(council)]
    # met/Tuesday (IS_INCLUDED, repeated as SIMULTANEOUS: counted once), approved/Tuesday
    # (INCLUDES written from the time's side), vote/April, said/Wednesday. Not items:
    # debate DURING "two days" (a DURATION), vote AFTER Wednesday (relType), said DURING t0
    # (the DCT is not in TEXT).
    assert items == [
        ("met", "2024-03-12"),
        ("approved", "2024-03-12"),
        ("vote", "2024-04"),
        ("said", "2024-03-13"),
    ]


def council_events(doc: TimeMLDocument) -> list[Event]:
    return [
        event(doc, "met", "2024-03-12"),  # recovers met/2024-03-12; correct
        event(doc, "approved the budget", "2024-03-12"),  # overlaps "approved": recovers; correct
        event(doc, "vote", "2024-05"),  # wrong value: vote/2024-04 missed; incorrect
        event(doc, "said", None),  # no time: said/2024-03-13 missed; not counted in precision
        event(doc, "council", "2024-03-12"),  # overlaps no gold EVENT: incorrect
        event(doc, "met", "2024-03-13"),  # 2024-03-13 is said's anchor, not met's: incorrect
    ]


def test_event_anchoring(council: TimeMLDocument) -> None:
    anchors = gold_anchors(council)
    result = score_anchors(anchors, council.events, council_events(council))
    # gold 4, recovered 2 (met, approved); returned events with a value 5, correct 2.
    assert result.counts == AnchorCounts(gold=4, found=2, system=5, correct=2)
    # P = 2/5, R = 2/4, F1 = 2*2/(5+4) = 4/9.
    assert prf(anchor_scores(result.counts)) == pytest.approx((2 / 5, 1 / 2, 4 / 9))
    assert [anchors[i].event.text for i in result.missed] == ["vote", "said"]
    assert result.wrong == (2, 4, 5)


def test_event_anchoring_with_two_values(talks: TimeMLDocument) -> None:
    # "ran" is anchored to both May 5 (BEGUN_BY) and May 19 (ENDED_BY): two gold items. One
    # event can carry one value, so it recovers one of them.
    anchors = gold_anchors(talks)
    events = [event(talks, "ran", "1998-05-05"), event(talks, "resumed", "1998-W23")]
    counts = score_anchors(anchors, talks.events, events).counts
    assert counts == AnchorCounts(gold=3, found=2, system=2, correct=2)


def test_timex_errors(storm: TimeMLDocument) -> None:
    system = storm_system(storm)
    errors = timex_errors(storm, system, score_timexes(storm.timexes, system))
    assert [(e.kinds, e.gold_text, e.system_text) for e in errors] == [
        ((ErrorKind.WRONG_EXTENT,), "March 3, 2024", "March 3"),
        ((ErrorKind.FALSE_ALARM,), None, "late"),
        (
            (ErrorKind.WRONG_VALUE, ErrorKind.WRONG_TYPE, ErrorKind.WRONG_EXTENT),
            "Monday night",
            "Monday",
        ),
        ((ErrorKind.FALSE_ALARM,), None, "66"),
        ((ErrorKind.MISS,), "next week", None),
    ]
    wrong = errors[2]
    assert (wrong.gold_type, wrong.gold_value) == ("TIME", "2024-03-04TNI")
    assert (wrong.system_type, wrong.system_value) == ("DATE", "2024-03-04")
    assert wrong.sentence == "Crews worked late [Monday night] on Route 66."
    assert errors[-1].sentence == "The town will vote [next week]."
    assert all(e.document == "storm.tml" for e in errors)


def test_anchor_errors(council: TimeMLDocument) -> None:
    anchors = gold_anchors(council)
    events = council_events(council)
    errors = anchor_errors(council, anchors, events, score_anchors(anchors, council.events, events))
    assert [(e.kinds, e.gold_value, e.system_text, e.system_value) for e in errors] == [
        ((ErrorKind.ANCHOR_FALSE_ALARM,), None, "council", "2024-03-12"),
        # "met" 2024-03-13 overlaps gold "met", whose anchor is 2024-03-12.
        ((ErrorKind.ANCHOR_FALSE_ALARM,), "2024-03-12", "met", "2024-03-13"),
        ((ErrorKind.ANCHOR_WRONG_VALUE,), "2024-04", "vote", "2024-05"),
        ((ErrorKind.ANCHOR_MISS,), "2024-03-13", None, None),
    ]
    assert errors[2].gold_text == "vote @ April"
    assert errors[2].sentence == "It will [vote] again in April, officials said on Wednesday."


def test_sentence_around_abbreviations_and_long_sentences() -> None:
    text = "Troops left the U.S. base at 10 a.m. Monday. Talks resumed."
    start = text.index("Monday")
    expected = "Troops left the U.S. base at 10 a.m. [Monday]."
    assert sentence_around(text, start, start + 6) == expected
    long = "word " * 200 + "Friday " + "word " * 200
    start = long.index("Friday")
    marked = sentence_around(long, start, start + 6)
    assert "[Friday]" in marked and len(marked) < 340
    assert marked.startswith("…") and marked.endswith("…")
