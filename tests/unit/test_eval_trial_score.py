"""Event dating on hand-written timelines (tests/fixtures/timeline_trial) with a fake pipeline.

Every expected number is worked out by hand in the comments beside it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import service.eval.run as eval_run
from service.domain.types import (
    DateSource,
    Event,
    Factuality,
    Grain,
    Mention,
    Relation,
    Resolution,
    Span,
    TimeExpression,
    Timeline,
    TimexType,
    When,
)
from service.eval.run import EXIT_OK, EXIT_USAGE, CorpusKind, cli_eval, detect_kind
from service.eval.score import Runner
from service.eval.timeline_trial import (
    Reason,
    TrialCounts,
    TrialReport,
    evaluate_corpus,
    format_trial_report,
    is_compatible,
    is_exact,
    trial_report_to_dict,
)
from service.formats.timeline_trial import read_trial_corpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CORPUS = FIXTURES / "timeline_trial"

# What the fake pipeline returns for each document, found by a phrase of its text (the nth
# occurrence): ("event", phrase, nth, value or None, extra mentions as (phrase, nth)) or
# ("timex", phrase, nth, value, type).
Item = tuple[str, str, int, str | None, tuple[tuple[str, int], ...] | str]
SYSTEM: dict[str, list[Item]] = {
    "Harbour reopens": [
        ("event", "reopened", 0, "2024-03-07", ()),  # exact
        ("event", "cleared", 1, "2024-03-05", ()),  # exact, on the word's second occurrence
        ("event", "called", 0, None, ()),  # found through the first token of called_off, no date
        ("event", "cost", 0, "2024-03-06", ()),  # gold 2024-03: compatible, not exact
        ("event", "stops", 0, "2024-04", ()),  # gold is "service": another predicate
        # "opened" (1921) is a mention of this event, with a wrong date ...
        ("event", "storm", 1, "2024-03-07", (("opened", 1),)),
        ("event", "first opened", 0, "1921", ()),  # ... and this one's trigger: the best counts
        ("timex", "Thursday", 0, "2024-03-07", "DATE"),
        ("timex", "Tuesday", 0, "2024-03-05", "DATE"),
        ("timex", "last night", 0, "2024-03-07TNI", "TIME"),  # not a DATE: not a reference
        ("timex", "now", 0, "PRESENT_REF", "DATE"),  # not a calendar date: skipped
        ("timex", "April", 0, "2024-04", "DATE"),
        ("timex", "1921", 0, "1921", "DATE"),
    ],
    "Council passes": [
        ("event", "approved", 0, "2024-04-30", ()),  # exact
        ("event", "set up", 0, "2024-05", ()),  # exact, both tokens of set_up
        ("timex", "Tuesday", 0, "2024-04-30", "DATE"),
        ("timex", "May", 0, "2024-05", "DATE"),
    ],
}


def fake_pipeline(text: str, document_date: date | None) -> Timeline:
    (key,) = [k for k in SYSTEM if text.startswith(k)]
    events: list[Event] = []
    timexes: list[TimeExpression] = []
    for kind, phrase, nth, value, extra in SYSTEM[key]:
        start = _find(text, phrase, nth)
        span = Span(start, start + len(phrase), phrase)
        if kind == "timex":
            assert value is not None and isinstance(extra, str)
            timexes.append(
                TimeExpression(f"t{start}", span.start, span.end, phrase, TimexType(extra), value,
                               None, None, None, Resolution.ABSOLUTE, 1.0, "fake")
            )
            continue
        assert isinstance(extra, tuple)
        when = None if value is None else When(None, value, None, None, Relation.ON, False)
        mentions = (Mention(span.start, span.end, 0),) + tuple(
            Mention(_find(text, m, n), _find(text, m, n) + len(m), 0) for m, n in extra
        )
        events.append(Event(f"e{start}", span, phrase, (), span, when, Factuality.ASSERTED, 1.0,
                            mentions))
    return Timeline(document_date, DateSource.REQUEST, "en", tuple(timexes), tuple(events))


def _find(text: str, phrase: str, nth: int) -> int:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start


@pytest.fixture(scope="module")
def report() -> TrialReport:
    return evaluate_corpus(read_trial_corpus(CORPUS), fake_pipeline, errors=True)


def test_exact_and_compatible_values() -> None:
    assert is_exact("2008-06", "2008-06") and not is_exact("2008-06-09", "2008-06")
    assert is_compatible("2008-06-09", "2008-06") and is_compatible("2008-06", "2008-06")
    assert is_compatible("2008-06-09T10:00", "2008-06-09")
    assert not is_compatible("2008-06", "2008-06-09")  # less specific
    assert not is_compatible("20081", "2008") and not is_compatible(None, "2008")


def test_totals_and_grains(report: TrialReport) -> None:
    # 11 dated entries (13 distinct mentions, 2 undated). Exact: opened, cleared, reopened,
    # approved, set_up = 5; compatible: + cost = 6; found: + called_off = 7.
    # Reference, document date: approved and protest (DCT 2024-04-30) exact, cost (2024-03-08
    # for 2024-03) compatible. Nearest date of the sentence: opened (1921), cleared (Tuesday),
    # reopened (Thursday), service (April; "now" is skipped), approved (Tuesday), protest (no
    # date in the sentence: the DCT), set_up (May) = 7 exact; + cost (DCT) = 8 compatible.
    assert report.total == TrialCounts(
        entries=11,
        found=7,
        exact=5,
        compatible=6,
        document_date_exact=2,
        document_date_compatible=3,
        nearest_exact=7,
        nearest_compatible=8,
    )
    assert report.undated == 2 and (report.documents, report.timelines) == (2, 2)
    grains = {grain: (c.entries, c.found, c.exact, c.compatible) for grain, c in report.by_grain}
    # Day: cleared, reopened, called_off, approved, protest, vote, budgets; month: cost,
    # service, set_up; year: opened.
    assert grains == {
        Grain.DAY: (7, 4, 3, 3),
        Grain.MONTH: (3, 2, 1, 2),
        Grain.YEAR: (1, 1, 1, 1),
    }


def test_reasons(report: TrialReport) -> None:
    reasons = {r.mention.label: r.reason for r in report.misses}
    assert reasons == {
        "101-4-called_off": Reason.NO_DATE,
        "101-5-cost": Reason.WRONG_DATE,
        "101-6-service": Reason.ANOTHER_PREDICATE,
        "102-2-budgets": Reason.NOT_IN_CORPUS,
        "102-3-protest": Reason.NO_EVENT,
        "999-2-vote": Reason.NOT_IN_CORPUS,
    }
    assert dict(report.reasons) == {
        Reason.NO_EVENT: 1,
        Reason.ANOTHER_PREDICATE: 1,
        Reason.WRONG_DATE: 1,
        Reason.NO_DATE: 1,
        Reason.NOT_IN_CORPUS: 2,
    }
    service = next(r for r in report.misses if r.reason == Reason.ANOTHER_PREDICATE)
    assert service.predicates == ("stops",)
    cost = next(r for r in report.misses if r.reason == Reason.WRONG_DATE)
    assert (cost.system_text, cost.system_value, cost.compatible) == ("cost", "2024-03-06", True)


def test_table(report: TrialReport) -> None:
    table = format_trial_report(report)
    assert "dated entries: 11 (undated, not scored: 2)" in table
    # all: 5/11 = 45.5, 6/11 = 54.5, 7/11 = 63.6; day 3/7 = 42.9, 3/7, 4/7 = 57.1.
    assert "all" + " " * 46 + "45.5    54.5   63.6    11" in table
    assert "  day" + " " * 44 + "42.9    42.9   57.1     7" in table
    assert "  month" + " " * 42 + "33.3    66.7   66.7     3" in table
    # document date 2/11 = 18.2, 3/11 = 27.3; nearest 7/11 = 63.6, 8/11 = 72.7.
    assert "  document date on every gold event" + " " * 14 + "18.2    27.3      -    11" in table
    assert "  nearest date of the sentence, else doc. date   63.6    72.7      -    11" in table
    assert (
        "not exact: no event 1, another predicate 1, wrong date 1, no date 1, not in corpus 2"
    ) in table
    assert "warning: gold mention 999-2-vote cannot be located (no document 999)" in table
    assert (
        '101-6-service  gold 2024-04-XX  another predicate: "stops"\n'
        "    Ferry [service] now stops until April .\n"
    ) in table
    assert (
        '101-4-called_off  gold 2024-03-07  no date: system none on "called"\n'
        "    The mayor [called] the curfew [off] last night .\n"
    ) in table
    assert '101-5-cost  gold 2024-03-XX  wrong date: system 2024-03-06 on "cost" (compatible)' in (
        table
    )
    assert "102-3-protest  gold 2024-04-30  no event\n    A [protest] followed .\n" in table
    assert "not dated exactly (6):" in table


def test_json(report: TrialReport) -> None:
    data = json.loads(json.dumps(trial_report_to_dict(report)))
    assert data["scores"]["all"] == {
        "exact_recall": 45.45,
        "compatible_recall": 54.55,
        "found": 63.64,
        "entries": 11,
        "exact": 5,
        "compatible": 6,
        "found_count": 7,
    }
    assert data["scores"]["year"]["exact_recall"] == 100.0
    assert data["reference"]["document_date"]["exact_recall"] == 18.18
    assert data["reference"]["nearest_date_else_document_date"]["exact_recall"] == 63.64
    assert data["not_exact"]["no event"] == 1
    assert data["not_located"] == [
        {"mention": "102-2-budgets", "problem": "'budgets' is not in sentence 2 of document 102"},
        {"mention": "999-2-vote", "problem": "no document 999"},
    ]
    assert {e["word"] for e in data["errors"]} >= {"service", "protest"}


def test_a_failing_document_is_reported_and_scored_as_empty() -> None:
    def runner(text: str, document_date: date | None) -> Timeline:
        if text.startswith("Council"):
            raise ValueError("boom")
        return fake_pipeline(text, document_date)

    report = evaluate_corpus(read_trial_corpus(CORPUS), runner)
    assert report.failures == (("timeml/102_Council_budget.tml", "ValueError: boom"),)
    # approved and set_up are no longer exact; protest is still "no event".
    assert (report.total.entries, report.total.exact) == (11, 3)
    assert "pipeline failed: timeml/102_Council_budget.tml: ValueError: boom" in (
        format_trial_report(report)
    )


@pytest.fixture
def pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    def load(*, include_inferred: bool = True, language: str = "en") -> Runner:
        return fake_pipeline

    monkeypatch.setattr(eval_run, "load_pipeline", load)


@pytest.mark.usefixtures("pipeline")
def test_cli_detects_a_timeline_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    assert detect_kind(CORPUS) == CorpusKind.TIMELINE_TRIAL
    assert detect_kind(FIXTURES / "timeml") == CorpusKind.TIMEML
    assert cli_eval(str(CORPUS)) == EXIT_OK
    assert "SemEval-2015 Task 4 timelines, event dating" in capsys.readouterr().out
    assert eval_run.main([str(CORPUS), "--json", "--errors"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "timeline-trial" and len(data["errors"]) == 6


@pytest.mark.usefixtures("pipeline")
def test_cli_kind_option_and_missing_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Forced to TimeML, the articles are scored as TimeML files (Task A, B, anchoring).
    assert eval_run.main([str(CORPUS), "--kind", "timeml"]) == EXIT_OK
    assert "TempEval-3 Task A" in capsys.readouterr().out
    assert cli_eval(str(tmp_path), kind=CorpusKind.TIMELINE_TRIAL) == EXIT_USAGE
    assert "not a timeline corpus (needs timeml/ and timelines/ folders)" in (
        capsys.readouterr().err
    )
    assert cli_eval(str(tmp_path / "timeline-trial")) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "timeline-trial: no such file or folder; nothing to score" in err
