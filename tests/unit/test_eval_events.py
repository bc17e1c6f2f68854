"""TempEval-3 Task B event extent and class accuracy on a hand-made TimeML document.

Every expected number is worked out by hand in the comments beside it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from service.domain.types import (
    DateSource,
    Event,
    Factuality,
    Mention,
    Relation,
    Span,
    Timeline,
    When,
)
from service.eval.run import evaluate_documents, format_report, report_to_dict
from service.eval.score import (
    EventCounts,
    class_accuracy,
    event_class_of,
    event_instances,
    event_scores,
    score_event_extents,
)
from service.formats.timeml import parse_timeml

SOURCE = """<?xml version="1.0"?>
<TimeML><DOCID>t1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-15" functionInDocument="CREATION_TIME">
2024-03-15</TIMEX3></DCT>
<TEXT>The council <EVENT eid="e1" class="OCCURRENCE">met</EVENT> and <EVENT eid="e2"
class="OCCURRENCE">approved</EVENT> the budget after a long <EVENT eid="e3"
class="OCCURRENCE">debate</EVENT>; the <EVENT eid="e4" class="OCCURRENCE">vote</EVENT> <EVENT
eid="e5" class="OCCURRENCE">passed</EVENT>, the mayor <EVENT eid="e6"
class="REPORTING">said</EVENT>.</TEXT>
</TimeML>
"""
DOC = parse_timeml(SOURCE, name="council.tml")
WHEN = When(None, "2024-03-15", None, None, Relation.ON, False)


@dataclass(frozen=True)
class ClassedEvent:
    """A returned event that carries a TimeML class (the pipeline's events do not yet)."""

    trigger: Span
    when: When | None
    mentions: tuple[Mention, ...]
    event_class: str | None


def span(phrase: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = DOC.text.index(phrase, start + 1)
    return Span(start, start + len(phrase), phrase)


def mention(phrase: str) -> Mention:
    s = span(phrase)
    return Mention(s.start, s.end, 0)


def classed(trigger: str, *mentions: str, event_class: str | None) -> ClassedEvent:
    return ClassedEvent(
        span(trigger), WHEN, (mention(trigger), *(mention(m) for m in mentions)), event_class
    )


SYSTEM = (
    classed("met", event_class="OCCURRENCE"),  # met: right class
    # the trigger overlaps "approved", its second mention is "vote": both REPORTING, both wrong
    classed("approved the budget", "vote", event_class="REPORTING"),
    classed("council", event_class="OCCURRENCE"),  # no gold EVENT there
    # two instances over "debate": only one can be aligned; no class
    classed("long debate", "debate", event_class=None),
)


def test_every_trigger_and_mention_is_an_instance_and_a_repeated_extent_counts_once() -> None:
    instances = event_instances(SYSTEM)
    # met, approved the budget, vote, council, long debate, debate (each trigger is also its
    # event's first mention, counted once).
    texts = [DOC.text[i.start : i.end] for i in instances]
    assert sorted(texts) == sorted(
        ["met", "approved the budget", "vote", "council", "long debate", "debate"]
    )
    assert {DOC.text[i.start : i.end]: i.event for i in instances}["vote"] == 1


def test_extent_is_aligned_one_to_one() -> None:
    result = score_event_extents(DOC.events, SYSTEM)
    # gold 6 (met, approved, debate, vote, passed, said); instances 6; matched: met, approved,
    # vote and one of the two "debate" instances = 4. Classed pairs: met (right), approved and
    # vote (wrong) = 3, correct 1; the debate event has no class and is not counted.
    assert result.counts == EventCounts(gold=6, system=6, matched=4, classed=3, class_correct=1)
    matched_gold = sorted(DOC.events[g].text for g, _ in result.pairs)
    assert matched_gold == ["approved", "debate", "met", "vote"]
    scores = event_scores(result.counts)
    # P 4/6, R 4/6, F1 4/6.
    assert (round(scores.precision, 4), round(scores.recall, 4), round(scores.f1, 4)) == (
        0.6667,
        0.6667,
        0.6667,
    )
    assert class_accuracy(result.counts) == 1 / 3


def test_class_is_read_only_where_an_event_has_one() -> None:
    plain = classed("met", event_class=None)
    assert event_class_of(plain) is None
    assert event_class_of(object()) is None
    assert event_class_of(SYSTEM[0]) == "OCCURRENCE"
    result = score_event_extents(DOC.events, (plain,))
    assert result.counts == EventCounts(gold=6, system=1, matched=1, classed=0, class_correct=0)
    assert class_accuracy(result.counts) is None


def test_counts_add_up_over_documents() -> None:
    total = EventCounts(6, 6, 4, 3, 1) + EventCounts(2, 1, 1, 0, 0)
    assert total == EventCounts(8, 7, 5, 3, 1)


def test_report_prints_extent_row_and_class_accuracy() -> None:
    def runner(text: str, document_date: date | None) -> Timeline:
        events = tuple(
            Event(f"e{i}", e.trigger, e.trigger.text, (), span("met"), e.when,
                  Factuality.ASSERTED, 1.0, e.mentions)
            for i, e in enumerate(SYSTEM)
        )
        return Timeline(document_date, DateSource.REQUEST, "en", (), events)

    report = evaluate_documents([DOC], runner, path="council")
    table = format_report(report)
    assert "event extent         66.7   66.7   66.7" in table
    assert (
        "event extent: gold EVENTs 6; system instances 6 (triggers and mentions),\n"
        "  matched one-to-one 4; class accuracy "
    ) in table
    data = json.loads(json.dumps(report_to_dict(report)))
    assert data["scores"]["event_extent"] == {"precision": 66.67, "recall": 66.67, "f1": 66.67}
    assert data["counts"]["event_extent"]["matched"] == 4
