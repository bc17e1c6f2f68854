"""`timeline eval` end to end on hand-made TimeML files, with a stand-in for the pipeline."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import service.eval.run as eval_run
from service.domain.types import (
    DateSource,
    Event,
    Factuality,
    Relation,
    Resolution,
    Span,
    TimeExpression,
    Timeline,
    TimexType,
    When,
)
from service.eval.run import (
    EXIT_FAILURES,
    EXIT_OK,
    EXIT_USAGE,
    cli_eval,
    evaluate_path,
    format_report,
    report_to_dict,
)
from service.eval.score import AnchorCounts, ErrorKind, Runner, TimexCounts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "timeml"
RUN = FIXTURES / "run"

# What the stand-in pipeline returns for each fixture, found by a phrase of its text:
# ("timex", phrase, type, value) or ("event", phrase, value or None, occurrence).
SYSTEM: dict[str, list[tuple[str, str, str | None, str | int]]] = {
    "Rain fell": [  # storm.tml; gold: three days, March 3, 2024, Monday night, next week
        ("timex", "three days", "P3D", "DURATION"),
        ("timex", "March 3", "2024-03-03", "DATE"),
        ("timex", "Monday", "2024-03-04", "DATE"),
        ("timex", "66", "1966", "DATE"),
        ("timex", "late", "PAST_REF", "DATE"),
    ],
    "Talks ran": [  # talks.tml; gold: May 5, May 19, early last week
        ("timex", "May 5 to May 19", "P14D", "DURATION"),
        ("timex", "early", "1998-W23", "DATE"),
        ("timex", "last week", "1998-W23", "DATE"),
        ("event", "ran", "1998-05-05", 0),
        ("event", "resumed", "1998-W23", 0),
    ],
    "The council": [  # council.tml; all four timexes right
        ("timex", "Tuesday", "2024-03-12", "DATE"),
        ("timex", "two days", "P2D", "DURATION"),
        ("timex", "April", "2024-04", "DATE"),
        ("timex", "Wednesday", "2024-03-13", "DATE"),
        ("event", "met", "2024-03-12", 0),
        ("event", "approved the budget", "2024-03-12", 0),
        ("event", "vote", "2024-05", 0),
        ("event", "said", None, 0),
        ("event", "council", "2024-03-12", 0),
        ("event", "met", "2024-03-13", 0),
    ],
}


def fake_pipeline(text: str, document_date: date | None) -> Timeline:
    (key,) = [k for k in SYSTEM if k in text]
    timexes: list[TimeExpression] = []
    events: list[Event] = []
    for kind, phrase, value, extra in SYSTEM[key]:
        start = text.index(phrase)
        if kind == "timex":
            assert value is not None and isinstance(extra, str)
            timexes.append(
                TimeExpression(
                    f"x{start}",
                    start,
                    start + len(phrase),
                    phrase,
                    TimexType(extra),
                    value,
                    None,
                    None,
                    None,
                    Resolution.ABSOLUTE,
                    1.0,
                    "fake",
                )
            )
        else:
            span = Span(start, start + len(phrase), phrase)
            when = None if value is None else When(None, value, None, None, Relation.ON, False)
            events.append(
                Event(f"e{len(events)}", span, phrase, (), span, when, Factuality.ASSERTED, 1.0)
            )
    return Timeline(document_date, DateSource.REQUEST, "en", tuple(timexes), tuple(events))


def test_evaluate_path_sums_over_documents() -> None:
    seen: list[date | None] = []

    def runner(text: str, document_date: date | None) -> Timeline:
        seen.append(document_date)
        return fake_pipeline(text, document_date)

    report = evaluate_path(RUN, runner=runner)
    # The DCT's date is what the pipeline gets (storm.tml, sub/council.tml, sub/talks.tml).
    assert seen == [date(2024, 3, 8), date(2024, 3, 15), date(1998, 6, 10)]
    assert [d.name for d in report.documents] == ["storm.tml", "sub/council.tml", "sub/talks.tml"]
    # Timexes: storm (gold 4, system 5, aligned 3, strict 1, type 2, value 2), talks (3, 3, 2,
    # 0, 1, 1), council (4, 4, 4, 4, 4, 4) -> 11, 12, 9, 5, 7, 7.
    assert report.timexes == TimexCounts(11, 12, 9, 5, 7, 7)
    # Anchors: storm (gold 2, found 0, system 0, correct 0), talks (3, 2, 2, 2), council (4, 2,
    # 5, 2) -> 9, 4, 7, 4.
    assert report.anchors == AnchorCounts(9, 4, 7, 4)
    assert report.gold_types == (("DATE", 8), ("DURATION", 2), ("TIME", 1))
    assert report.errors == () and not report.failures and not report.unreadable

    table = format_report(report)
    # Relaxed P 9/12 = 75.0, R 9/11 = 81.8, F1 18/23 = 78.3; strict 5/12 = 41.7, 5/11 = 45.5,
    # 10/23 = 43.5; type and value F1 = 18/23 * 7/9 = 14/23 = 60.9 (P 75.0*7/9 = 58.3, R
    # 81.8*7/9 = 63.6); anchoring P 4/7 = 57.1, R 4/9 = 44.4, F1 8/16 = 50.0.
    assert "strict extent        41.7   45.5   43.5" in table
    assert "relaxed extent       75.0   81.8   78.3" in table
    assert "type                 58.3   63.6   60.9" in table
    assert "value                58.3   63.6   60.9" in table
    assert "event anchoring      57.1   44.4   50.0" in table
    assert "documents: 3" in table
    assert "gold 11 (8 DATE, 2 DURATION, 1 TIME)" in table
    assert "docs/s" in table

    data = json.loads(json.dumps(report_to_dict(report)))
    assert data["scores"]["relaxed"] == {"precision": 75.0, "recall": 81.82, "f1": 78.26}
    assert data["scores"]["event_anchoring"]["f1"] == 50.0
    assert data["counts"]["time_expressions"]["gold"] == 11
    assert data["documents"] == 3 and "errors" not in data


def test_error_listing() -> None:
    report = evaluate_path(RUN / "storm.tml", errors=True, runner=fake_pipeline)
    # storm.tml: wrong extent (March 3), false alarm (late), wrong value+type+extent (Monday),
    # false alarm (66), miss (next week); anchor misses: ended/2024-03-03, vote/2024-W11.
    assert [(e.kinds, e.gold_text or e.system_text) for e in report.errors] == [
        ((ErrorKind.ANCHOR_MISS,), "ended @ March 3, 2024"),
        ((ErrorKind.WRONG_EXTENT,), "March 3, 2024"),
        ((ErrorKind.FALSE_ALARM,), "late"),
        ((ErrorKind.WRONG_VALUE, ErrorKind.WRONG_TYPE, ErrorKind.WRONG_EXTENT), "Monday night"),
        ((ErrorKind.FALSE_ALARM,), "66"),
        ((ErrorKind.ANCHOR_MISS,), "vote @ next week"),
        ((ErrorKind.MISS,), "next week"),
    ]
    table = format_report(report)
    assert (
        'storm.tml:85  wrong_value,wrong_type,wrong_extent  gold "Monday night" TIME '
        '2024-03-04TNI | system "Monday" DATE 2024-03-04\n'
        "    Crews worked late [Monday night] on Route 66.\n"
    ) in table
    assert "errors (7):" in table
    data = report_to_dict(report)
    assert data["errors"][3]["kinds"] == ["wrong_value", "wrong_type", "wrong_extent"]
    assert data["errors"][3]["sentence"] == "Crews worked late [Monday night] on Route 66."


def test_pipeline_failure_is_reported_and_scored_as_empty() -> None:
    def runner(text: str, document_date: date | None) -> Timeline:
        if "Talks" in text:
            raise ValueError("boom")
        return fake_pipeline(text, document_date)

    report = evaluate_path(RUN, runner=runner)
    assert [(d.name, d.failure) for d in report.failures] == [("sub/talks.tml", "ValueError: boom")]
    # talks.tml's gold still counts: 3 timexes and 3 anchors, none found.
    assert (report.timexes.gold, report.timexes.system) == (11, 9)
    assert "pipeline failed: sub/talks.tml: ValueError: boom" in format_report(report)


@pytest.fixture
def pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    def load(*, include_inferred: bool = True, language: str = "en") -> Runner:
        return fake_pipeline

    monkeypatch.setattr(eval_run, "load_pipeline", load)


@pytest.mark.usefixtures("pipeline")
def test_cli_eval_prints_table_or_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_eval(str(RUN), errors=False, as_json=False) == EXIT_OK
    assert "relaxed extent       75.0   81.8   78.3" in capsys.readouterr().out
    assert cli_eval(str(RUN), errors=True, as_json=True) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["scores"]["strict"]["f1"] == 43.48 and len(data["errors"]) > 0


@pytest.mark.usefixtures("pipeline")
def test_cli_eval_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_eval(str(tmp_path / "missing"), errors=False, as_json=False) == EXIT_USAGE
    assert "missing: no such file or folder" in capsys.readouterr().err
    assert cli_eval(str(tmp_path), errors=False, as_json=False) == EXIT_USAGE
    assert "no .tml files found" in capsys.readouterr().err
    # A file that is not well-formed is listed, not scored, and the exit code says so.
    assert cli_eval(str(FIXTURES / "broken"), errors=False, as_json=False) == EXIT_FAILURES
    out = capsys.readouterr().out
    assert "unreadable: unclosed.tml: unclosed.tml: not well-formed XML" in out
    assert "documents: 0" in out


def test_cli_eval_without_pipeline(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def unavailable(*, include_inferred: bool = True, language: str = "en") -> Runner:
        raise eval_run.PipelineUnavailable("cannot import service.pipeline.run")

    monkeypatch.setattr(eval_run, "load_pipeline", unavailable)
    assert cli_eval(str(RUN), errors=False, as_json=False) == EXIT_FAILURES
    assert "the pipeline is not available" in capsys.readouterr().err


@pytest.mark.usefixtures("pipeline")
def test_main_parses_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert eval_run.main([str(RUN / "sub"), "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["documents"] == 2


def test_offsets_that_do_not_match_the_text_are_flagged() -> None:
    def shifted(text: str, document_date: date | None) -> Timeline:
        timeline = fake_pipeline(text, document_date)
        moved = tuple(
            replace(t, start=t.start + 1, end=t.end + 1) for t in timeline.time_expressions
        )
        return replace(timeline, time_expressions=moved)

    report = evaluate_path(RUN / "storm.tml", runner=shifted)
    assert report.documents[0].bad_offsets == 5
    assert "warning: storm.tml: 5 returned time expressions or triggers" in format_report(report)


def test_main_passes_include_inferred(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[tuple[bool, str]] = []

    def load(*, include_inferred: bool = True, language: str = "en") -> Runner:
        calls.append((include_inferred, language))
        return fake_pipeline

    monkeypatch.setattr(eval_run, "load_pipeline", load)
    assert eval_run.main([str(RUN), "--no-inferred"]) == EXIT_OK
    assert eval_run.main([str(RUN), "--language", "fr"]) == EXIT_OK
    # without --language the corpus's language is told from its (English) texts
    assert calls == [(False, "en"), (True, "fr")]
    out = capsys.readouterr().out
    assert "documents: 3 (include_inferred=false), language en" in out
    assert "documents: 3, language fr" in out
