"""The per-document caps: the first items kept, a truncated warning when some are left out."""

from __future__ import annotations

from service.pipeline.context import make_options
from service.pipeline.limits import TRUNCATED, Caps
from service.pipeline.run import run


def test_time_expressions_past_the_cap_are_left_out_with_a_warning() -> None:
    text = "Talks began on Monday and ended on Tuesday, and resumed on Friday."
    timeline = run(text,
                   make_options("2025-05-20", events="none", caps=Caps(max_time_expressions=2)))
    assert [t.text for t in timeline.time_expressions] == ["Monday", "Tuesday"]
    assert [w.code for w in timeline.warnings] == [TRUNCATED]


def test_events_past_the_cap_are_left_out_with_a_warning() -> None:
    text = "Rebels attacked the town. They burned the market. The army withdrew."
    timeline = run(text, make_options("2025-05-20", caps=Caps(max_events=1)))
    assert len(timeline.events) == 1
    assert TRUNCATED in [w.code for w in timeline.warnings]


def test_no_warning_under_the_caps() -> None:
    timeline = run("Talks began on Monday.", make_options("2025-05-20"))
    assert TRUNCATED not in [w.code for w in timeline.warnings]
