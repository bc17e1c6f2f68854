"""Acceptance: the reference article's events through ``service.pipeline.run`` (issues 2 and 5).

With no document date (2025-05-20 is read from the date line) and with 2025-05-22 given, the
events dated by a time expression of their own are exactly the six of the issue, in
chronological order; Zelenskyy's call with Trump is dated ``before`` the Trump-Putin call by
inference and merged with its later mention.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

import pytest

from service.domain.types import Event, Factuality, Inference, RelatedEvent, Relation, Timeline
from service.pipeline.context import make_options
from service.pipeline.run import run
from tests.conftest import read_article

ARTICLE: Final = read_article()
# (value, trigger words, agent must contain, recipient must contain or None)
EXPLICIT: Final = (
    ("2024-06", {"said"}, "Putin", None),
    ("2025", {"returned"}, "Trump", None),
    ("2025-05-18", {"spoke"}, "The leaders of Britain, France, Germany and Italy", "Trump"),
    ("2025-05-18", {"launched"}, "Russia", None),
    ("2025-05-18", {"fire", "intended"}, "Moscow", None),
    ("2025-05-19", {"spoke"}, "Trump", "Putin"),
)
TIME_WORDS: Final = re.compile(r"\b(Sunday|Monday|May 19|June 2024|this year)\b")


def _offset(needle: str, context: str) -> int:
    return ARTICLE.index(context) + context.index(needle)


@pytest.fixture(scope="module", params=[None, date(2025, 5, 22)], ids=["detected", "given"])
def timeline(request: pytest.FixtureRequest) -> Timeline:
    document_date: date | None = request.param
    return run(ARTICLE, make_options(document_date))


def _explicit(timeline: Timeline) -> list[Event]:
    return [e for e in timeline.events if e.when is not None and not e.when.inferred]


def _role(event: Event, role: str) -> list[str]:
    return [p.text for p in event.participants if p.role == role]


def test_document_date(timeline: Timeline) -> None:
    assert timeline.document_date in (date(2025, 5, 20), date(2025, 5, 22))


def test_explicit_events_exactly_and_in_order(timeline: Timeline) -> None:
    events = _explicit(timeline)
    found = [(e.when.value if e.when else None, e.trigger.text) for e in events]
    assert len(events) == len(EXPLICIT), found
    for event, (value, triggers, agent, recipient) in zip(events, EXPLICIT, strict=True):
        assert event.when is not None
        assert event.when.value == value, found
        assert event.trigger.text in triggers, found
        assert any(agent in a for a in _role(event, "agent")), (event.trigger, event.participants)
        if recipient is not None:
            assert any(recipient in r for r in _role(event, "recipient")), event.participants


def test_monday_may_19_is_one_event(timeline: Timeline) -> None:
    on_19 = [e for e in _explicit(timeline) if e.when and e.when.value == "2025-05-19"]
    assert len(on_19) == 1
    said = _offset("said", "JD Vance said Washington")
    for event in timeline.events:
        if event.trigger.start == said:
            assert event.when is not None
            assert event.when.inferred, "the 'after ... said' clause is not dated by May 19"


def test_icbm_event_is_reported(timeline: Timeline) -> None:
    fire = [e for e in _explicit(timeline) if e.trigger.text in {"fire", "intended"}]
    assert len(fire) == 1
    assert fire[0].factuality == Factuality.REPORTED


def test_zelenskyy_call_inferred_before_and_merged(timeline: Timeline) -> None:
    spoke = _offset("spoke", 'Zelenskyy spoke "for a few minutes"')
    (event,) = [e for e in timeline.events if e.trigger.start == spoke]
    trump_putin = next(
        e for e in _explicit(timeline) if e.when and e.when.value == "2025-05-19"
    )
    assert event.when is not None
    assert event.when.inferred
    assert event.when.relation == Relation.BEFORE
    assert event.when.value == "2025-05-19"
    assert event.when.basis == RelatedEvent(trump_putin.id)
    assert event.confidence < trump_putin.confidence
    later_call = _offset("call", "the call between Zelenskyy and Trump")
    assert later_call in [m.start for m in event.mentions]
    # the US leader's call with Putin is a mention of the Trump-Putin call
    leaders_call = _offset("call", "US leader's call with Putin")
    assert leaders_call in [m.start for m in trump_putin.mentions]
    # placed just before what it is relative to
    ids = [e.id for e in timeline.events]
    assert ids.index(event.id) == ids.index(trump_putin.id) - 1


def test_summaries_readable(timeline: Timeline) -> None:
    summaries = {e.trigger.text + "@" + (e.when.value or "" if e.when else ""): e.summary
                 for e in _explicit(timeline)}
    assert (
        summaries["spoke@2025-05-19"]
        == "US President Donald Trump spoke to Russia's Vladimir Putin about Ukraine"
    )
    assert summaries["launched@2025-05-18"] == "Russia launched its largest drone attack on Ukraine"
    assert summaries["spoke@2025-05-18"] == (
        "The leaders of Britain, France, Germany and Italy spoke to Trump"
    )
    for event in _explicit(timeline):
        assert not TIME_WORDS.search(event.summary), event.summary
        assert '"' not in event.summary
        assert event.summary[0].isupper(), event.summary


def test_inferred_events_marked_and_droppable(timeline: Timeline) -> None:
    inferred = [e for e in timeline.events if e.when is not None and e.when.inferred]
    assert inferred
    for event in inferred:
        assert event.when is not None
        assert event.when.basis is not None
        assert event.when.basis in (
            Inference.DOCUMENT_DATE, Inference.PREVIOUS_TIME, Inference.SENTENCE_TIME,
            Inference.NEWS_DAY,
        ) or (
            isinstance(event.when.basis, RelatedEvent)
        )
    stated = run(ARTICLE,
                 make_options(timeline.document_date, include_inferred=False))  # no undated either
    assert [e.trigger.start for e in stated.events] == [
        e.trigger.start for e in _explicit(timeline)
    ]


def test_offsets_and_references(timeline: Timeline) -> None:
    ids = {e.id for e in timeline.events}
    for event in timeline.events:
        assert ARTICLE[event.trigger.start : event.trigger.end] == event.trigger.text
        assert ARTICLE[event.sentence.start : event.sentence.end] == event.sentence.text
        for participant in event.participants:
            assert ARTICLE[participant.start : participant.end] == participant.text
        assert set(event.related) <= ids
        assert event.mentions and all(m.sentence_start <= m.start for m in event.mentions)


def test_undated_article_gives_the_same_explicit_events_unresolved() -> None:
    undated = ARTICLE.replace("date 2025-05-20 ", "", 1)
    timeline = run(undated)
    assert timeline.document_date is None
    assert "no_document_date" in {w.code for w in timeline.warnings}
    found = sorted((e.trigger.text, e.when.value) for e in _explicit(timeline) if e.when)
    assert found == sorted([
        ("said", "2024-06"), ("returned", "XXXX"), ("spoke", "XXXX-WXX-7"),
        ("launched", "XXXX-WXX-7"), ("fire", "XXXX-WXX-7"), ("spoke", "XXXX-WXX-1"),
    ])
    # relative days stay unresolved and keep the story's order around the one dated event
    assert all(e.when is None or e.when.interval is None or e.when.value == "2024-06"
               or e.when.inferred for e in timeline.events)
