"""The TimeML reader on a hand-made document, and the writer's round trip through it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from service.domain.types import (
    Basis,
    DateSource,
    Event,
    EventRef,
    Factuality,
    Inference,
    RelatedEvent,
    Relation,
    Resolution,
    Span,
    TimeExpression,
    Timeline,
    TimexType,
    When,
)
from service.eval.score import gold_anchors, score_anchors, score_timexes
from service.formats.timeml import (
    DocumentTime,
    GoldEvent,
    GoldTimex,
    Instance,
    TimeMLDocument,
    TimeMLError,
    TLink,
    find_timeml_files,
    iter_timeml,
    parse_timeml,
    read_timeml,
    to_timeml,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "timeml"

NESTED_TEXT = (
    "\nSmith & Sons signed the café lease on Tuesday (March 12) — a week after the vote.\n"
    "Rent <rises> every year, the owner said.\n"
)


def test_reader_flattens_nested_inline_tags() -> None:
    doc = read_timeml(FIXTURES / "nested.tml")
    # Tags are removed (SIGNAL inside TIMEX3, EVENT inside TIMEX3), entities decoded, and the
    # newlines around the TEXT content kept, so offsets index exactly what the pipeline gets.
    assert doc.text == NESTED_TEXT
    assert doc.name == "nested.tml"
    assert doc.doc_id == "HAND-0001"
    assert doc.dct == DocumentTime("t0", "DATE", "2024-03-15T09:30", "March 15, 2024")
    assert doc.document_date == date(2024, 3, 15)
    assert doc.timexes == (
        GoldTimex("t1", 39, 57, "Tuesday (March 12)", "DATE", "2024-03-12"),
        GoldTimex("t2", 62, 81, "week after the vote", "DURATION", "P1W", "APPROX"),
        GoldTimex("t3", 96, 106, "every year", "SET", "P1Y"),
    )
    assert doc.events == (
        GoldEvent("e1", 14, 20, "signed", "OCCURRENCE"),
        GoldEvent("e2", 77, 81, "vote", "OCCURRENCE"),
        GoldEvent("e3", 118, 122, "said", "REPORTING"),
    )
    for item in (*doc.timexes, *doc.events):
        assert doc.text[item.start : item.end] == item.text
    assert doc.instances == (Instance("ei1", "e1"), Instance("ei2", "e2"), Instance("ei3", "e3"))
    assert doc.tlinks == (
        TLink("l1", "IS_INCLUDED", event_instance_id="ei1", related_to_time="t1"),
        TLink("l2", "INCLUDES", time_id="t1", related_to_event_instance="ei2"),
        TLink("l3", "BEFORE", event_instance_id="ei2", related_to_event_instance="ei1"),
        TLink("l4", "IS_INCLUDED", event_instance_id="ei3", related_to_time="t0"),
    )


def test_reader_errors(tmp_path: Path) -> None:
    with pytest.raises(TimeMLError, match="unclosed.tml: not well-formed"):
        read_timeml(FIXTURES / "broken" / "unclosed.tml")
    with pytest.raises(TimeMLError, match="no TEXT element"):
        parse_timeml("<TimeML><DOCID>x</DOCID></TimeML>", name="x.tml")


def test_reader_without_dct_and_with_namespace() -> None:
    doc = parse_timeml(
        '<TimeML xmlns="http://www.timeml.org/ns"><TEXT>Sales fell in '
        '<TIMEX3 tid="t1" type="DATE" value="1998">1998</TIMEX3>.</TEXT></TimeML>'
    )
    assert (doc.dct, doc.document_date) == (None, None)
    assert [(t.text, t.start) for t in doc.timexes] == [("1998", 14)]


def test_find_and_iter_are_recursive_and_sorted() -> None:
    root = FIXTURES / "run"
    assert [p.relative_to(root).as_posix() for p in find_timeml_files(root)] == [
        "storm.tml",
        "sub/council.tml",
        "sub/talks.tml",
    ]
    assert [d.name for d in iter_timeml(root)] == ["storm.tml", "sub/council.tml", "sub/talks.tml"]
    assert find_timeml_files(root / "storm.tml") == (root / "storm.tml",)


# --- writer ---------------------------------------------------------------------------------

TEXT = (
    "On Monday the board met & voted <quietly>. It had met since 2020, before the merger "
    "talks.\r\nNew rules start in early June, officials said."
)


def _timex(
    tid: str, phrase: str, type_: TimexType, value: str, mod: str | None = None
) -> TimeExpression:
    start = TEXT.index(phrase)
    return TimeExpression(
        tid,
        start,
        start + len(phrase),
        phrase,
        type_,
        value,
        mod,
        None,
        None,
        Resolution.ABSOLUTE,
        1.0,
        "test",
    )


def _event(
    eid: str,
    phrase: str,
    when: When | None,
    *,
    nth: int = 0,
    factuality: Factuality = Factuality.ASSERTED,
) -> Event:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    span = Span(start, start + len(phrase), phrase)
    return Event(eid, span, phrase, (), span, when, factuality, 0.9)


def _when(
    expression: str | None, value: str, relation: Relation, basis: Basis | None = None
) -> When:
    return When(expression, value, None, None, relation, expression is None, basis)


@pytest.fixture
def timeline() -> Timeline:
    timexes = (
        _timex("x1", "Monday", TimexType.DATE, "2024-03-11"),
        _timex("x2", "2020", TimexType.DATE, "2020"),
        _timex("x3", "early June", TimexType.DATE, "2024-06", mod="START"),
    )
    events = (
        _event("a", "met", _when("x1", "2024-03-11", Relation.ON)),
        _event("b", "voted", _when("x1", "2024-03-11", Relation.ON)),
        _event("c", "met", _when("x2", "2020", Relation.SINCE), nth=1),
        _event("d", "talks", _when(None, "2020", Relation.AFTER, RelatedEvent(EventRef("c")))),
        _event("e", "start", _when("x3", "2024-06", Relation.DURING)),
        _event("f", "said", _when(None, "2024-03-15", Relation.ON, Inference.DOCUMENT_DATE)),
        _event("g", "board", None, factuality=Factuality.NEGATED),
        # "day the" crosses the TIMEX3 "Monday": it cannot be written inline, so it is left out.
        _event("h", "day the", _when("x1", "2024-03-11", Relation.ON)),
    )
    return Timeline(date(2024, 3, 15), DateSource.REQUEST, "en", timexes, events)


def test_writer_round_trip(timeline: Timeline) -> None:
    xml = to_timeml(timeline, TEXT, doc_id="RT-1")
    ET.fromstring(xml)  # well-formed
    doc = parse_timeml(xml, name="rt.tml")

    assert doc.text == TEXT  # "&", "<", ">" and the CR survive
    assert doc.doc_id == "RT-1"
    assert doc.document_date == date(2024, 3, 15)
    assert [(t.start, t.end, t.type, t.value, t.mod) for t in doc.timexes] == [
        (t.start, t.end, t.type.value, t.value, t.mod) for t in timeline.time_expressions
    ]
    written = [e for e in timeline.events if e.id != "h"]
    assert [(e.start, e.end) for e in doc.events] == sorted(
        (e.trigger.start, e.trigger.end) for e in written
    )

    # Links, described by trigger and target text.
    by_instance = {
        i.eiid: next(e for e in doc.events if e.eid == i.event_id) for i in doc.instances
    }
    timexes = {t.tid: t.text for t in doc.timexes} | {"t0": "DCT"}
    links = set()
    for link in doc.tlinks:
        assert link.event_instance_id is not None
        source = by_instance[link.event_instance_id]
        if link.related_to_time is not None:
            target = timexes[link.related_to_time]
        else:
            assert link.related_to_event_instance is not None
            target = by_instance[link.related_to_event_instance].text
        links.add((source.start, link.rel_type, target))
    met_twice = TEXT.index("met", TEXT.index("met") + 1)
    assert links == {
        (TEXT.index("met"), "IS_INCLUDED", "Monday"),  # on -> IS_INCLUDED
        (TEXT.index("voted"), "IS_INCLUDED", "Monday"),
        (met_twice, "BEGUN_BY", "2020"),  # since -> BEGUN_BY
        (TEXT.index("talks"), "AFTER", "met"),  # inferred from event c: event-event link
        (TEXT.index("start"), "DURING", "early June"),
        (TEXT.index("said"), "IS_INCLUDED", "DCT"),  # from the document date: linked to t0
    }
    assert 'polarity="NEG"' in xml  # the negated event "board"


def test_writer_output_scores_as_its_own_gold(timeline: Timeline) -> None:
    doc = parse_timeml(to_timeml(timeline, TEXT))
    counts = score_timexes(doc.timexes, timeline.time_expressions).counts
    assert counts.gold == counts.system == counts.strict == counts.value == 3
    anchors = gold_anchors(doc)
    # Gold items from the written links: met, voted (Monday), met (BEGUN_BY 2020), start (DURING
    # early June) = 4. The system's "talks" (AFTER, from an event) and "said" (from the DCT)
    # have values but no such link, and "day the" overlaps no written EVENT: all recovered,
    # correct 4 of 7 returned events with a value.
    counts_a = score_anchors(anchors, doc.events, timeline.events).counts
    assert (counts_a.gold, counts_a.found, counts_a.system, counts_a.correct) == (4, 4, 7, 4)


def test_writer_without_document_date_or_events() -> None:
    text = "Nothing\x0chappened."
    empty = Timeline(None, DateSource.NONE, "en", (), ())
    doc: TimeMLDocument = parse_timeml(to_timeml(empty, text))
    # The form feed cannot be written in XML 1.0: it becomes a space, offsets unchanged.
    assert doc.text == "Nothing happened."
    assert (doc.dct, doc.timexes, doc.events, doc.tlinks) == (None, (), (), ())


def test_writer_nests_tags_that_share_text() -> None:
    text = "Monday the board met."
    monday = TimeExpression(
        "x",
        0,
        6,
        "Monday",
        TimexType.DATE,
        "2024-03-11",
        None,
        None,
        None,
        Resolution.ABSOLUTE,
        1.0,
        "test",
    )
    same = Span(0, 6, "Monday")  # an event on exactly the timex's extent nests inside it
    outer = Span(0, 16, "Monday the board")  # an event around the timex nests outside it
    events = tuple(
        Event(eid, span, span.text, (), span, None, Factuality.ASSERTED, 0.5)
        for eid, span in (("a", same), ("b", outer), ("c", Span(0, 6, "Monday")))
    )
    xml = to_timeml(Timeline(None, DateSource.NONE, "en", (monday,), events), text)
    assert '<EVENT eid="e2" class="OCCURRENCE"><TIMEX3 ' in xml
    assert '"2024-03-11"><EVENT eid="e1" class="OCCURRENCE">Monday</EVENT></TIMEX3>' in xml
    doc = parse_timeml(xml)
    assert doc.text == text
    # The third event repeats the first one's extent: two EVENT tags cannot share it.
    assert [(e.eid, e.start, e.end) for e in doc.events] == [("e2", 0, 16), ("e1", 0, 6)]
    assert [(t.start, t.end) for t in doc.timexes] == [(0, 6)]
