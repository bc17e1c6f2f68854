"""The response form of the pipeline's types: ``service.convert.to_schema``."""

from __future__ import annotations

from datetime import date
from typing import Final

from schemas.timeline import PointOut, TimelineOut, WhenOut
from service.convert import to_schema
from service.domain.types import (
    DateSource,
    Event,
    EventRef,
    Factuality,
    Grain,
    Inference,
    Point,
    PointRelation,
    Relation,
    Span,
    Timeline,
    When,
)

TEXT: Final = "Kyiv is wary of a ceasefire."
# "is wary": it holds on the article's date, began before it and still holds after it
WARY: Final = When(
    expression_id=None, value="2025-05-20", granularity=Grain.DAY, interval=None,
    relation=Relation.ON, inferred=True, basis=Inference.DOCUMENT_DATE,
    begin=Point(PointRelation.BEFORE, "2025-05-20", Grain.DAY),
    end=Point(PointRelation.AFTER, "2025-05-20", Grain.DAY),
)


def _answer(when: When | None) -> TimelineOut:
    event = Event(
        id=EventRef("e1"), trigger=Span(5, 9, "wary"), summary="Kyiv is wary of a ceasefire",
        participants=(), sentence=Span(0, len(TEXT), TEXT), when=when,
        factuality=Factuality.ASSERTED, confidence=0.9,
    )
    timeline = Timeline(date(2025, 5, 20), DateSource.REQUEST, "en", (), (event,))
    return to_schema(timeline, version="test", elapsed_ms=1.0)


def _when(when: When | None) -> WhenOut:
    out = _answer(when).events[0].when
    assert out is not None
    return out


def test_an_event_that_lasts_has_both_ends_and_a_label_of_both() -> None:
    out = _when(WARY)
    assert out.begin == PointOut(relation="before", value="2025-05-20",
                                 label="before Tue 20 May 2025")
    assert out.end == PointOut(relation="after", value="2025-05-20",
                               label="after Tue 20 May 2025")
    assert out.label == "since before Tue 20 May 2025, still holding"
    # the single time stays for clients that read only it
    assert (out.relation, out.value, out.granularity) == ("on", "2025-05-20", "day")
    assert (out.inferred, out.basis) == (True, "document_date")


def test_an_end_the_article_leaves_open() -> None:
    when = When(
        expression_id="t1", value="1984", granularity=Grain.YEAR, interval=None,
        relation=Relation.UNTIL, inferred=False,
        begin=Point(PointRelation.OPEN), end=Point(PointRelation.ON, "1984", Grain.YEAR),
    )
    out = _when(when)
    assert out.begin == PointOut(relation="open", value=None, label="open")
    assert out.end == PointOut(relation="on", value="1984", label="1984")
    assert out.label == "until 1984"


def test_both_ends_open_keep_the_single_label() -> None:
    when = When(
        expression_id="t1", value="2024-06", granularity=Grain.MONTH, interval=None,
        relation=Relation.SINCE, inferred=False,
        begin=Point(PointRelation.OPEN), end=Point(PointRelation.OPEN),
    )
    out = _when(when)
    assert out.label == "since June 2024"
    assert out.begin is not None and out.begin.relation == "open"


def test_an_event_that_does_not_last_has_no_ends() -> None:
    when = When(
        expression_id="t1", value="2025-05-18", granularity=Grain.DAY, interval=None,
        relation=Relation.ON, inferred=False,
    )
    out = _when(when)
    assert (out.begin, out.end, out.label) == (None, None, "Sun 18 May 2025")
    assert _answer(None).events[0].when is None


def test_the_ends_in_json() -> None:
    body = _answer(WARY).model_dump(mode="json")
    when = body["events"][0]["when"]
    assert when["begin"] == {"relation": "before", "value": "2025-05-20",
                             "label": "before Tue 20 May 2025"}
    assert when["end"]["relation"] == "after"
