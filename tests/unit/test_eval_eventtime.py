"""Event times (`timeline eval` on TimeBank-EventTime-style JSON lines) on hand-written documents.

The three documents, their gold times and the answers are made up here; every expected number is
worked out by hand in the comments beside it. Document date of all three: Fri 15 March 2024.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final

import pytest

from schemas.timeline import TimelineOut
from service.eval.eventtime import (
    Answer,
    Counts,
    DaySpan,
    EventtimeFormatError,
    GoldEvent,
    GoldPoint,
    MultiTime,
    Offsets,
    Outcome,
    PointForm,
    PredictedEvent,
    Relation,
    Responder,
    Row,
    SingleTime,
    context_of,
    days_of_interval,
    days_of_value,
    evaluate_eventtime,
    events_of_response,
    eventtime_report_to_dict,
    format_eventtime_report,
    judge,
    match,
    read_corpus,
    read_predictions,
    score_answers,
    score_prediction_file,
    tabulate,
)
from service.eval.run import EXIT_FAILURES, EXIT_OK, EXIT_USAGE, CorpusKind, cli_eval, detect_kind

REFERENCE_SCORER: Final = Path(__file__).resolve().parents[3] / "shared/tools/score_eventtime.py"
DCT: Final = "2024-03-15"

HARBOUR: Final = (
    "The ferry company said on Friday that storms had closed the harbour on Tuesday. "
    "Divers inspected the pier before the storms, and the harbour will reopen after the "
    "weekend. The company bought its two boats in 2019."
)
BRIDGE: Final = (
    "Repairs to the old bridge started in February and will run until the end of April. "
    "Residents have complained since the closure on March 4. "
    "Traffic was diverted for five days, from March 4 to March 8."
)
TOLL: Final = (
    "The two towns have argued over the toll for years. Talks continue, and the toll will "
    "resume after the election. The current fees apply until 2025. "
    "The mayor held office during 2023."
)
TEXTS: Final = {"harbour": HARBOUR, "bridge": BRIDGE, "toll": TOLL}

ON = "on"
BEFORE = "before"
AFTER = "after"


def day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


# --- the gold -----------------------------------------------------------------------------------

def _point(form: str, first: str, last: str = "") -> dict[str, Any]:
    if form == "bounded":
        return {"after": first, "before": last}
    return {form: first}


def _gold_event(text: str, eid: str, word: str, gold: str, kind: str,
                time: Mapping[str, Any]) -> dict[str, Any]:
    start, end = at(text, word)
    return {"eid": eid, "start": start, "end": end, "text": word, "gold": gold, "kind": kind,
            "time": dict(time)}


def _single(text: str, eid: str, word: str, gold: str, point: dict[str, Any]) -> dict[str, Any]:
    return _gold_event(text, eid, word, gold, "single", point)


def _multi(text: str, eid: str, word: str, begin: dict[str, Any],
           end: dict[str, Any]) -> dict[str, Any]:
    gold = f"beginPoint={begin}endPoint={end}"
    return _gold_event(text, eid, word, gold, "multi", {"begin": begin, "end": end})


GOLD: Final = [
    {
        "id": "harbour", "corpus": "hand", "split": "dev", "document_date": DCT,
        "dct_value": DCT, "text": HARBOUR,
        "events": [
            _single(HARBOUR, "e1", "said", DCT, _point(ON, DCT)),
            _gold_event(HARBOUR, "e2", "storms", "n/a", "na", {}),  # not scored
            _single(HARBOUR, "e3", "closed", "2024-03-12", _point(ON, "2024-03-12")),
            _single(HARBOUR, "e4", "inspected", "before2024-03-10", _point(BEFORE, "2024-03-10")),
            _single(HARBOUR, "e5", "reopen", "after2024-03-17", _point(AFTER, "2024-03-17")),
            _single(HARBOUR, "e6", "bought", "after2019-01-01before2019-12-31",
                    _point("bounded", "2019-01-01", "2019-12-31")),
        ],
    },
    {
        "id": "bridge", "corpus": "hand", "split": "dev", "document_date": DCT,
        "dct_value": DCT, "text": BRIDGE,
        "events": [
            _multi(BRIDGE, "e1", "Repairs", _point("bounded", "2024-02-01", "2024-02-29"),
                   _point("bounded", "2024-04-01", "2024-04-30")),
            _single(BRIDGE, "e2", "started", "after2024-02-01before2024-02-29",
                    _point("bounded", "2024-02-01", "2024-02-29")),
            _multi(BRIDGE, "e3", "complained", _point(ON, "2024-03-04"), _point(AFTER, DCT)),
            _single(BRIDGE, "e4", "closure", "2024-03-04", _point(ON, "2024-03-04")),
            _multi(BRIDGE, "e5", "diverted", _point(ON, "2024-03-04"), _point(ON, "2024-03-08")),
        ],
    },
    {
        "id": "toll", "corpus": "hand", "split": "dev", "document_date": DCT,
        "dct_value": DCT, "text": TOLL,
        "events": [
            _multi(TOLL, "e1", "argued", _point(BEFORE, DCT), _point(BEFORE, DCT)),
            _single(TOLL, "e2", "Talks", DCT, _point(ON, DCT)),
            _multi(TOLL, "e3", "resume", _point(AFTER, DCT), _point(AFTER, DCT)),
            _single(TOLL, "e4", "election", f"after{DCT}", _point(AFTER, DCT)),
            _multi(TOLL, "e5", "apply", _point(BEFORE, DCT),
                   _point("bounded", "2025-01-01", "2025-12-31")),
            _multi(TOLL, "e6", "office", _point("bounded", "2023-01-01", "2023-12-31"),
                   _point("bounded", "2023-01-01", "2023-12-31")),
        ],
    },
]


# --- the answers (the API's JSON) ---------------------------------------------------------------

def _interval(first: str, after_last: str) -> dict[str, str]:
    return {"start": f"{first}T00:00:00+00:00", "end": f"{after_last}T00:00:00+00:00"}


def _when(value: str, relation: str = ON, *, interval: dict[str, str] | None = None,
          basis: str | None = None, range_ids: tuple[str, str] | None = None) -> dict[str, Any]:
    return {
        "expression_id": None, "value": value, "granularity": None, "interval": interval,
        "relation": relation, "inferred": basis is not None, "basis": basis,
        "label": f"{relation} {value}",
        "range": {"start_id": range_ids[0], "end_id": range_ids[1]} if range_ids else None,
    }


def _event(text: str, word: str, when: dict[str, Any] | None,
           mentions: Sequence[str] = ()) -> dict[str, Any]:
    start, end = at(text, word)
    return {
        "id": f"e{start}", "trigger": {"text": word, "start": start, "end": end},
        "summary": word, "participants": [],
        "sentence": {"text": text, "start": 0, "end": len(text)}, "when": when,
        "factuality": "asserted", "confidence": 0.9,
        "mentions": [{"start": at(text, m)[0], "end": at(text, m)[1], "sentence_start": 0}
                     for m in (word, *mentions)],
        "related": [], "event_class": "OCCURRENCE", "tense": "past", "aspect": "none",
        "polarity": "positive", "salience": "main", "reported_by": None,
    }


def _timex(text: str, ident: str, word: str, value: str) -> dict[str, Any]:
    start, end = at(text, word)
    return {
        "id": ident, "text": word, "start": start, "end": end, "type": "DATE", "value": value,
        "mod": None, "granularity": "month", "interval": None, "resolution": "absolute",
        "confidence": 0.9, "label": value, "range": {"start_id": "t1", "end_id": "t2"},
    }


EVENTS: Final[dict[str, list[dict[str, Any]]]] = {
    "harbour": [
        _event(HARBOUR, "said", _when(DCT, interval=_interval(DCT, "2024-03-16"))),  # exact
        _event(HARBOUR, "closed", _when("2024-03-12", basis="previous_time")),  # exact
        # before the 8th: the 8th is not the gold's 10th, but every day it allows is before it
        _event(HARBOUR, "inspected", _when("2024-03-08", BEFORE)),  # compatible
        _event(HARBOUR, "reopen", _when("2024-03-17", AFTER)),  # exact
        _event(HARBOUR, "bought", _when("2019-06", "during")),  # exact: June lies in 2019
    ],
    "bridge": [
        # "2024" is neither Feb-Apr inside nor filled; the range's two ends give it
        _event(BRIDGE, "Repairs", _when("2024", "during", range_ids=("t1", "t2"))),  # exact
        _event(BRIDGE, "started", _when("2024-02")),  # exact: February lies within the bounds
        # found through its merged mention "closure" too: since the 4th is no single day
        _event(BRIDGE, "complained", _when("2024-03-04", "since"), mentions=("closure",)),
        _event(BRIDGE, "diverted", _when(  # exact: the interval fills the five days
            "2024-03-04", "during", interval=_interval("2024-03-04", "2024-03-09"))),
    ],
    "toll": [
        _event(TOLL, "argued", _when(DCT, BEFORE, basis="document_date")),  # exact
        _event(TOLL, "Talks", _when("PRESENT_REF")),  # found, undated
        _event(TOLL, "resume", _when(DCT, AFTER, basis="document_date")),  # exact
        # "election": no event returned, missed
        _event(TOLL, "apply", _when("2025", "until")),  # exact: open begin, ends in 2025
        _event(TOLL, "office", _when("2023", "during")),  # exact: inside 2023
    ],
}
TIMEXES: Final = {
    "bridge": [_timex(BRIDGE, "t1", "February", "2024-02"),
               _timex(BRIDGE, "t2", "April", "2024-04")],
}


def response(doc_id: str) -> dict[str, Any]:
    return {
        "document_date": DCT, "document_date_source": "request", "language": "en",
        "time_expressions": TIMEXES.get(doc_id, []), "events": EVENTS[doc_id], "warnings": [],
        "meta": {"version": "test", "elapsed_ms": 1.0},
    }


def stand_in(*, include_inferred: bool, language: str) -> Responder:
    """The library's place: the hand-written answer of each document, found by its text."""
    by_text = {text: doc_id for doc_id, text in TEXTS.items()}

    def respond(text: str, document_date: str | None) -> TimelineOut:
        assert document_date == DCT and language == "en" and include_inferred
        return TimelineOut.model_validate(response(by_text[text]))

    return respond


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "eventtime"
    folder.mkdir()
    lines = "".join(json.dumps(doc) + "\n" for doc in GOLD)
    (folder / "eventtime-dev.jsonl").write_text(lines, encoding="utf-8")
    return folder


# Worked out by hand from the comments above: (n, found, dated, exact, compatible).
EXPECTED: Final = {
    Row.ALL: (16, 15, 14, 12, 13),
    Row.SINGLE: (9, 8, 7, 5, 6),
    Row.SINGLE_ON: (4, 4, 3, 2, 2),  # said, closed exact; closure since the 4th; Talks undated
    Row.SINGLE_BEFORE: (1, 1, 1, 0, 1),  # inspected: compatible
    Row.SINGLE_AFTER: (2, 1, 1, 1, 1),  # reopen exact; election missed
    Row.SINGLE_BOUNDED: (2, 2, 2, 2, 2),  # bought in June 2019, started in February
    Row.SINGLE_ANY_OF: (0, 0, 0, 0, 0),
    Row.MULTI: (7, 7, 7, 7, 7),  # one per reading: range, since, fills, before, after,
}                                # until, inside
# The baselines' (exact, compatible): on the document date, every said and Talks are exact;
# before it, only argued (before/before) is.
EXPECTED_ON_DATE: Final = {Row.ALL: (2, 2), Row.SINGLE_ON: (2, 2), Row.MULTI: (0, 0)}
EXPECTED_BEFORE_DATE: Final = {Row.ALL: (1, 1), Row.SINGLE: (0, 0), Row.MULTI: (1, 1)}


def _counts(c: Counts) -> tuple[int, int, int, int, int]:
    return c.n, c.found, c.dated, c.exact, c.compatible


def _answers() -> dict[str, tuple[PredictedEvent, ...]]:
    return {doc_id: events_of_response(response(doc_id)) for doc_id in EVENTS}


# --- days ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2024-03-15", "2024-03-15", "2024-03-15"),
        ("2024-03-15T10:30", "2024-03-15", "2024-03-15"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023", "2023-01-01", "2023-12-31"),
        ("2024-W11", "2024-03-11", "2024-03-17"),
        ("2024-W11-WE", "2024-03-16", "2024-03-17"),
        ("2024-Q2", "2024-04-01", "2024-06-30"),
        ("2024-H2", "2024-07-01", "2024-12-31"),
        ("2024-SU", "2024-06-01", "2024-08-31"),
        ("2023-WI", "2023-12-01", "2024-02-29"),
        ("199", "1990-01-01", "1999-12-31"),
        ("19", "1900-01-01", "1999-12-31"),
    ],
)
def test_days_of_each_value_form(value: str, first: str, last: str) -> None:
    assert days_of_value(value) == DaySpan(day(first), day(last))


@pytest.mark.parametrize("value", ["PRESENT_REF", "P3D", "XXXX-03", "2024-02-30", "2023-W53", ""])
def test_values_without_days(value: str) -> None:
    assert days_of_value(value) is None


def test_an_interval_ending_at_midnight_excludes_that_day() -> None:
    one_day = DaySpan(day(DCT), day(DCT))
    assert days_of_interval(_interval(DCT, "2024-03-16")) == one_day
    assert days_of_interval({"start": f"{DCT}T09:00:00Z", "end": f"{DCT}T11:00:00Z"}) == one_day
    assert days_of_interval({"start": DCT, "end": "2024-03-18"}) == DaySpan(day(DCT),
                                                                          day("2024-03-17"))
    assert days_of_interval({"start": DCT}) is None


# --- judging ------------------------------------------------------------------------------------

def _answer(relation: Relation, first: str, last: str | None = None) -> Answer:
    return Answer(relation, DaySpan(day(first), day(last or first)))


def _gold(form: PointForm, first: str = DCT, last: str | None = None) -> GoldPoint:
    return GoldPoint(form, day(first), day(last or first))


@pytest.mark.parametrize(
    ("point", "answer", "exact", "compatible"),
    [
        # on D
        (_gold(PointForm.ON), _answer(Relation.ON, DCT), True, True),
        (_gold(PointForm.ON), _answer(Relation.DURING, DCT), True, True),
        (_gold(PointForm.ON), _answer(Relation.ON, "2024-03-01", "2024-03-31"), False, False),
        (_gold(PointForm.ON), _answer(Relation.BEFORE, DCT), False, False),
        # before D: excludes D
        (_gold(PointForm.BEFORE), _answer(Relation.BEFORE, DCT), True, True),
        (_gold(PointForm.BEFORE), _answer(Relation.BEFORE, "2024-03-01", "2024-03-31"), False,
         True),
        (_gold(PointForm.BEFORE), _answer(Relation.ON, "2024-03-14"), False, True),
        (_gold(PointForm.BEFORE), _answer(Relation.ON, DCT), False, False),
        (_gold(PointForm.BEFORE), _answer(Relation.UNTIL, "2024-03-14"), False, True),
        # after D: the value's last day is D
        (_gold(PointForm.AFTER), _answer(Relation.AFTER, "2024-03-11", DCT), True, True),
        (_gold(PointForm.AFTER), _answer(Relation.AFTER, "2024-03-16"), False, True),
        (_gold(PointForm.AFTER), _answer(Relation.SINCE, "2024-03-16"), False, True),
        (_gold(PointForm.AFTER), _answer(Relation.SINCE, DCT), False, False),
        # after A before B: any span within the bounds
        (_gold(PointForm.BOUNDED, "2023-01-01", "2023-12-31"),
         _answer(Relation.ON, "2023-01-01", "2023-12-31"), True, True),
        (_gold(PointForm.BOUNDED, "2023-01-01", "2023-12-31"),
         _answer(Relation.ON, "2023-07-04"), True, True),
        (_gold(PointForm.BOUNDED, "2023-01-01", "2023-12-31"),
         _answer(Relation.ON, "2023-12-01", "2024-01-31"), False, False),
        (_gold(PointForm.BOUNDED, "2023-01-01", "2023-12-31"),
         _answer(Relation.BEFORE, "2023-06-01"), False, False),
    ],
)
def test_single_day_gold(point: GoldPoint, answer: Answer, exact: bool, compatible: bool) -> None:
    outcome = judge(answer, SingleTime((point,)))
    assert (outcome.exact, outcome.compatible) == (exact, compatible)


def test_alternatives_count_when_any_of_them_is_met() -> None:
    gold = SingleTime((_gold(PointForm.ON, "2024-03-11"), _gold(PointForm.ON, "2024-03-12")))
    assert judge(_answer(Relation.ON, "2024-03-12"), gold).exact
    assert not judge(_answer(Relation.ON, "2024-03-13"), gold).compatible
    assert SingleTime((_gold(PointForm.BEFORE),)).row == Row.SINGLE_BEFORE
    assert gold.row == Row.SINGLE_ANY_OF


YEAR_2023: Final = _gold(PointForm.BOUNDED, "2023-01-01", "2023-12-31")


@pytest.mark.parametrize(
    ("reading", "gold", "answer", "exact", "compatible"),
    [
        # inside: during 2023 begins and ends some time in 2023
        ("inside", MultiTime(YEAR_2023, YEAR_2023), _answer(Relation.DURING, "2023-01-01",
                                                             "2023-12-31"), True, True),
        # fills: during 4-8 March begins on the 4th and ends on the 8th
        ("fills", MultiTime(_gold(PointForm.ON, "2024-03-04"), _gold(PointForm.ON, "2024-03-08")),
         _answer(Relation.DURING, "2024-03-04", "2024-03-08"), True, True),
        ("fills, one day off",
         MultiTime(_gold(PointForm.ON, "2024-03-04"), _gold(PointForm.ON, "2024-03-08")),
         _answer(Relation.DURING, "2024-03-04", "2024-03-09"), False, False),
        # since: begins within the value, the end left open ("after" or unknown at the end)
        ("since", MultiTime(_gold(PointForm.ON, "2024-03-04"), _gold(PointForm.AFTER)),
         _answer(Relation.SINCE, "2024-03-04"), True, True),
        ("since, unknown end", MultiTime(_gold(PointForm.ON, "2024-03-04"),
                                         GoldPoint(PointForm.UNKNOWN)),
         _answer(Relation.SINCE, "2024-03-04"), True, True),
        ("since, end stated", MultiTime(_gold(PointForm.ON, "2024-03-04"),
                                        _gold(PointForm.ON, "2024-03-08")),
         _answer(Relation.SINCE, "2024-03-04"), False, True),
        # until: ends within the value, the begin left open ("before" at the begin)
        ("until", MultiTime(_gold(PointForm.BEFORE), YEAR_2023),
         _answer(Relation.UNTIL, "2023-01-01", "2023-12-31"), True, True),
        ("until, begin after", MultiTime(_gold(PointForm.AFTER, "2022-12-31"), YEAR_2023),
         _answer(Relation.UNTIL, "2023-05-01"), False, True),
        # before / after: both points before the value's first day, after its last
        ("before", MultiTime(_gold(PointForm.BEFORE), _gold(PointForm.BEFORE)),
         _answer(Relation.BEFORE, DCT), True, True),
        ("before, earlier", MultiTime(_gold(PointForm.BEFORE), _gold(PointForm.BEFORE)),
         _answer(Relation.BEFORE, "2024-03-01"), False, True),
        ("after", MultiTime(_gold(PointForm.AFTER), _gold(PointForm.AFTER)),
         _answer(Relation.AFTER, DCT), True, True),
        # an event still going on is not "on" the document date
        ("ongoing", MultiTime(_gold(PointForm.BEFORE), _gold(PointForm.AFTER)),
         _answer(Relation.ON, DCT), False, False),
    ],
)
def test_multi_day_readings(
    reading: str, gold: MultiTime, answer: Answer, exact: bool, compatible: bool
) -> None:
    outcome = judge(answer, gold)
    assert (outcome.exact, outcome.compatible) == (exact, compatible), reading


def test_a_range_gives_its_two_ends_as_begin_and_end() -> None:
    gold = MultiTime(_gold(PointForm.ON, "2024-02-05"), _gold(PointForm.ON, "2024-04-10"))
    year = DaySpan(day("2024-01-01"), day("2024-12-31"))
    ends = (DaySpan(day("2024-02-05"), day("2024-02-05")),
            DaySpan(day("2024-04-10"), day("2024-04-10")))
    assert not judge(Answer(Relation.DURING, year), gold).exact
    assert judge(Answer(Relation.DURING, year, ends), gold) == Outcome(True, True, True, True)


def test_match_prefers_the_trigger_then_a_dated_event_then_the_earliest() -> None:
    start, end = at(HARBOUR, "said")
    gold = GoldEvent("e1", start, end, "said", DCT, SingleTime((_gold(PointForm.ON),)))
    dated = _answer(Relation.ON, DCT)
    by_mention = PredictedEvent(Offsets(0, 3), "The", (Offsets(start, end),), dated, None)
    undated = PredictedEvent(Offsets(start + 2, end), "id", (), None, None)
    dated_late = PredictedEvent(Offsets(start + 3, end), "d", (), dated, None)
    dated_early = PredictedEvent(Offsets(start, start + 2), "sa", (), dated, None)
    assert match(gold, [by_mention]) is by_mention
    assert match(gold, [by_mention, undated]) is undated
    assert match(gold, [by_mention, undated, dated_late]) is dated_late
    assert match(gold, [dated_late, dated_early, undated]) is dated_early
    assert match(gold, [PredictedEvent(Offsets(end, end + 3), " on", (), dated, None)]) is None


# --- the whole corpus ---------------------------------------------------------------------------

def test_scores_every_row_and_both_baselines(corpus: Path) -> None:
    results, missing = score_answers(read_corpus(corpus), _answers())
    assert missing == ()
    assert [r.event.eid for r in results if r.document == "harbour"] == [
        "e1", "e3", "e4", "e5", "e6"  # the n/a event is left out
    ]
    rows = {score.row: score for score in tabulate(results)}
    assert {row: _counts(score.service) for row, score in rows.items()} == EXPECTED
    for row, (exact, compatible) in EXPECTED_ON_DATE.items():
        assert (rows[row].on_document_date.exact, rows[row].on_document_date.compatible) == (
            exact, compatible), row
    for row, (exact, compatible) in EXPECTED_BEFORE_DATE.items():
        on = rows[row].before_document_date
        assert (on.exact, on.compatible) == (exact, compatible), row
    assert rows[Row.ALL].exact_gain == pytest.approx(100 * 12 / 16 - 100 * 2 / 16)


def test_missed_and_undated_events(corpus: Path) -> None:
    results, _ = score_answers(read_corpus(corpus), _answers())
    by_eid = {(r.document, r.event.eid): r for r in results}
    talks, election = by_eid["toll", "e2"], by_eid["toll", "e4"]
    assert talks.service == Outcome(found=True) and talks.matched is not None
    assert talks.matched.when is not None and talks.matched.when.value == "PRESENT_REF"
    assert election.service == Outcome() and election.matched is None
    closure = by_eid["bridge", "e4"]  # through the mention of "complained"
    assert closure.matched is not None and closure.matched.trigger_text == "complained"
    assert closure.service == Outcome(found=True, dated=True)


def test_a_document_without_an_answer_counts_as_empty(corpus: Path) -> None:
    answers = _answers()
    del answers["toll"]
    results, missing = score_answers(read_corpus(corpus), answers)
    assert missing == ("toll",)
    assert _counts(tabulate(results)[0].service) == (16, 10, 10, 8, 9)


def test_cli_writes_predictions_that_round_trip(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    predictions = tmp_path / "pred.jsonl"
    assert cli_eval(str(corpus), as_json=True, predictions=str(predictions),
                    responder=stand_in) == EXIT_OK
    ran = json.loads(capsys.readouterr().out)
    lines = [json.loads(line) for line in predictions.read_text("utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["harbour", "bridge", "toll"]
    for line in lines:
        assert set(line) == {"id", "response"}
        expected = TimelineOut.model_validate(response(line["id"])).model_dump(mode="json")
        assert line["response"] == expected
    assert cli_eval(str(corpus), as_json=True, score_predictions=str(predictions)) == EXIT_OK
    scored = json.loads(capsys.readouterr().out)
    assert scored["rows"] == ran["rows"]
    assert scored["answers"] == {"source": "predictions file", "path": str(predictions)}
    assert ran["rows"]["all"]["exact"] == 12 and ran["rows"]["all"]["exact_pct"] == 75.0
    assert ran["rows"]["single"]["baseline_on_document_date"]["exact"] == 2
    assert ran["rows"]["multi"]["exact_minus_on_document_date"] == 100.0


def test_a_hand_built_prediction_file(corpus: Path, tmp_path: Path) -> None:
    """A file with the bare minimum of each answer scores as the answers in memory do, and as
    the reference scorer does when it is at hand."""
    path = tmp_path / "hand.jsonl"
    lines = []
    for doc_id in ("toll", "harbour", "bridge", "elsewhere"):  # any order; one unknown id
        full = response(doc_id if doc_id in EVENTS else "toll")
        events = [{"trigger": e["trigger"], "mentions": e["mentions"], "when": e["when"]}
                  for e in full["events"]]
        lines.append({"id": doc_id, "response": {"events": events,
                                                 "time_expressions": full["time_expressions"]}})
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    report = score_prediction_file(corpus, path)
    assert report.extra == 1 and report.missing == ()
    in_memory, _ = score_answers(read_corpus(corpus), _answers())
    assert [r.service for r in report.results] == [r.service for r in in_memory]
    rows = eventtime_report_to_dict(report)["rows"]
    assert {row: (v["n"], v["found"], v["dated"], v["exact"], v["compatible"])
            for row, v in rows.items()} == {row.value: c for row, c in EXPECTED.items()}

    if not REFERENCE_SCORER.is_file():
        pytest.skip("the reference scorer is not beside the repository")
    done = subprocess.run(
        [sys.executable, str(REFERENCE_SCORER), str(corpus / "eventtime-dev.jsonl"), str(path),
         "--json"], capture_output=True, text=True, check=True, timeout=60,
    )
    reference = json.loads(done.stdout)
    for row, v in rows.items():
        theirs = reference["system"][row]
        assert (theirs["gold"], theirs["found"], theirs["dated"], theirs["exact"],
                theirs["compatible"]) == (v["n"], v["found"], v["dated"], v["exact"],
                                          v["compatible"]), row
        for name, key in (("baseline_dct", "baseline_on_document_date"),
                          ("baseline_before_dct", "baseline_before_document_date")):
            assert (reference[name][row]["exact"], reference[name][row]["compatible"]) == (
                v[key]["exact"], v[key]["compatible"]), (row, name)


def test_read_predictions_rejects_a_repeated_id(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    path.write_text('{"id": "a", "response": {}}\n{"id": "a", "response": {}}\n')
    with pytest.raises(EventtimeFormatError, match="comes again"):
        read_predictions(path)
    path.write_text('{"response": {}}\n')
    with pytest.raises(EventtimeFormatError, match='no "id"'):
        read_predictions(path)


def test_a_when_without_relation_is_read_as_on() -> None:
    events = events_of_response({"events": [
        {"trigger": {"start": 0, "end": 3}, "when": {"value": DCT}},
        {"trigger": {"start": 4, "end": 9}, "when": {"value": DCT, "relation": "around"}},
        {"trigger": None, "when": {"value": DCT}},  # no trigger: left out
    ]})
    assert [e.answer for e in events] == [_answer(Relation.ON, DCT)] * 2


def test_errors_list_each_event_not_exact(corpus: Path) -> None:
    report = evaluate_eventtime(corpus, stand_in(include_inferred=True, language="en"),
                                errors=True)
    text = format_eventtime_report(report)
    misses = text.split("not exact (4):\n")[1]
    assert "harbour e4 \"inspected\"  gold before2024-03-10  answer \"before 2024-03-08\" " \
        "(before 2024-03-08 basis -) (compatible)\n    Divers [inspected] the pier" in misses
    assert "bridge e4 \"closure\"  gold 2024-03-04  answer \"since 2024-03-04\"" in misses
    assert "toll e2 \"Talks\"  gold 2024-03-15  answer undated: \"on PRESENT_REF\"" in misses
    assert "toll e4 \"election\"  gold after2024-03-15  answer not found\n" \
        "    Talks continue, and the toll will resume after the [election]." in misses
    assert "said" not in misses
    listed = eventtime_report_to_dict(report)["errors"]
    assert [(e["document"], e["eid"]) for e in listed] == [
        ("harbour", "e4"), ("bridge", "e4"), ("toll", "e2"), ("toll", "e4")]
    assert listed[0]["answer"] == {"label": "before 2024-03-08", "relation": "before",
                                   "value": "2024-03-08", "basis": None}


def test_the_table(corpus: Path) -> None:
    report = evaluate_eventtime(corpus, stand_in(include_inferred=True, language="en"))
    lines = format_eventtime_report(report).splitlines()
    row = next(line for line in lines if line.startswith("all "))
    assert row.split() == ["all", "16", "|", "15", "93.8%", "14", "87.5%", "12", "75.0%", "13",
                           "81.2%", "|", "2", "12.5%", "2", "12.5%", "|", "1", "6.2%", "1",
                           "6.2%", "|", "+62.5"]
    assert not any(line.startswith("single:any_of") for line in lines)  # no such gold


def test_a_failing_document_is_listed_and_scored_empty(corpus: Path) -> None:
    good = stand_in(include_inferred=True, language="en")

    def flaky(text: str, document_date: str | None) -> TimelineOut:
        if text == TOLL:
            raise RuntimeError("boom")
        return good(text, document_date)

    report = evaluate_eventtime(corpus, flaky)
    assert report.failures == (("toll", "RuntimeError: boom"),)
    assert report.missing == ()
    assert report.rows[0].service.found == 10


# --- command line and corpus files --------------------------------------------------------------

def test_detect_kind(corpus: Path, tmp_path: Path) -> None:
    assert detect_kind(corpus) == CorpusKind.EVENTTIME
    assert detect_kind(corpus / "eventtime-dev.jsonl") == CorpusKind.EVENTTIME
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.jsonl").write_text('{"id": "x", "text": "no events here"}\n')
    assert detect_kind(other) == CorpusKind.TIMEML
    (other / "mine.jsonl").write_text(json.dumps(GOLD[0]) + "\n")
    assert detect_kind(other) == CorpusKind.EVENTTIME
    assert len(read_corpus(other)) == 1


def test_cli_usage_errors(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the eval layer cannot reach the library by itself: the entry point hands it over
    assert cli_eval(str(corpus)) == EXIT_FAILURES
    assert "scored on the library's answers" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli_eval(str(empty), kind=CorpusKind.EVENTTIME) == EXIT_USAGE
    assert "no event-time .jsonl file" in capsys.readouterr().err
    assert cli_eval(str(empty), kind=CorpusKind.TIMEML, predictions="x.jsonl") == EXIT_USAGE
    assert "eventtime corpus only" in capsys.readouterr().err
    assert cli_eval(str(corpus), score_predictions=str(tmp_path / "none.jsonl")) == EXIT_USAGE
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "harbour", "events": [{"kind": "single", "time": {}}]}\n')
    assert cli_eval(str(bad), responder=stand_in) == EXIT_USAGE
    assert "bad.jsonl:1: not an event-time document" in capsys.readouterr().err


def test_context_is_one_trimmed_line() -> None:
    text = "First one. " + "word " * 80 + "the target here\nand more " + "word " * 80 + ". Next."
    start = text.index("target")
    line = context_of(text, start, start + 6)
    assert "[target]" in line and "\n" not in line and "First" not in line
    assert len(line) <= 200 and line.startswith("…") and line.endswith("…")
    assert context_of(BRIDGE, *at(BRIDGE, "closure")) == (
        "Residents have complained since the [closure] on March 4."
    )
