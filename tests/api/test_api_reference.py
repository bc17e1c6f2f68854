"""Acceptance: the reference article through POST /v1/timeline (issue 2).

The article's first line is ``date 2025-05-20 ...`` (a Tuesday). Without a document_date the
service reads that line; with document_date 2025-05-22 (a Thursday) the answers are the same
days. Event details are the event stage's own acceptance test; here only the explicit ones.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import JSON, assert_offsets, timex_summary

# Every time expression of the article, in document order. "Monday (May 19)" may come as one
# expression or as two.
MONDAY_SPLIT = [("Monday", "DATE", "2025-05-19"), ("May 19", "DATE", "2025-05-19")]
MONDAY_JOINED = [("Monday (May 19)", "DATE", "2025-05-19")]
REST = [
    ("a few minutes", "DURATION", "PTXM"),
    ("years", "DURATION", "PXY"),
    ("Sunday", "DATE", "2025-05-18"),
    ("Sunday", "DATE", "2025-05-18"),
    ("Sunday", "DATE", "2025-05-18"),
    ("June 2024", "DATE", "2024-06"),
    ("this year", "DATE", "2025"),
]
GRANULARITY = {"2025-05-19": "day", "2025-05-18": "day", "2024-06": "month", "2025": "year"}
NOT_TIMES = ("may", "World War Two", "eventually", "immediately", "a fifth")
EXPLICIT_ORDER = ["2024-06", "2025", "2025-05-18", "2025-05-19"]


@pytest.fixture(params=["detected", "given"])
def reference(request: pytest.FixtureRequest) -> JSON:
    """Both answers: document date read from the text, and given as 2025-05-22."""
    body: JSON = request.getfixturevalue(f"article_{request.param}")
    return body


def test_document_date_is_read_from_the_leading_date_line(article_detected: JSON) -> None:
    assert article_detected["document_date"] == "2025-05-20"
    assert article_detected["document_date_source"] == "text"
    assert article_detected["language"] == "en"
    codes = {w["code"] for w in article_detected["warnings"]}
    assert "no_document_date" not in codes
    assert "document_date_year_assumed" not in codes


def test_document_date_given_in_the_request_wins(article_given: JSON) -> None:
    assert article_given["document_date"] == "2025-05-22"
    assert article_given["document_date_source"] == "request"


def test_exactly_the_expected_time_expressions(reference: JSON) -> None:
    found = timex_summary(reference)
    assert found in (MONDAY_SPLIT + REST, MONDAY_JOINED + REST), found


def test_time_expression_details(reference: JSON) -> None:
    for timex in reference["time_expressions"]:
        if timex["type"] == "DATE":
            assert timex["granularity"] == GRANULARITY[timex["value"]], timex
            assert timex["interval"] is not None, timex
            assert timex["resolution"] != "unresolved", timex
        else:
            assert timex["interval"] is None, timex
        assert 0 < timex["confidence"] <= 1, timex
    sundays = [t for t in reference["time_expressions"] if t["text"] == "Sunday"]
    assert [t["interval"] for t in sundays] == [
        {"start": "2025-05-18T00:00:00+00:00", "end": "2025-05-19T00:00:00+00:00"}
    ] * 3
    june = next(t for t in reference["time_expressions"] if t["text"] == "June 2024")
    assert june["resolution"] == "absolute"
    assert june["interval"] == {
        "start": "2024-06-01T00:00:00+00:00", "end": "2024-07-01T00:00:00+00:00"
    }


def test_ids_are_unique(reference: JSON) -> None:
    ids = [t["id"] for t in reference["time_expressions"]] + [e["id"] for e in reference["events"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("phrase", NOT_TIMES)
def test_words_that_are_not_times(reference: JSON, article: str, phrase: str) -> None:
    # case-sensitive whole words: "may" is the modal verb, not the "May" of "May 19"
    places = [m.span() for m in re.finditer(rf"\b{re.escape(phrase)}\b", article)]
    assert places, phrase
    for start, end in places:
        for timex in reference["time_expressions"]:
            assert timex["end"] <= start or timex["start"] >= end, (phrase, timex)


def test_the_leading_date_line_is_not_a_time_expression(reference: JSON, article: str) -> None:
    line_end = article.index("MOSCOW")
    assert "2025-05-20" in article[:line_end]
    assert all(t["start"] >= line_end for t in reference["time_expressions"])


def _explicit(body: JSON) -> list[dict[str, Any]]:
    return [e for e in body["events"] if e["when"] is not None and not e["when"]["inferred"]]


def test_explicit_events_in_chronological_order(reference: JSON) -> None:
    values = [e["when"]["value"] for e in _explicit(reference)]
    first_seen = list(dict.fromkeys(values))
    assert first_seen == EXPLICIT_ORDER, values
    assert values.count("2025-05-18") >= 3, values  # three things happened on Sunday


def test_explicit_events_point_at_their_time_expression(reference: JSON) -> None:
    timexes = {t["id"]: t for t in reference["time_expressions"]}
    explicit = _explicit(reference)
    assert explicit
    day = date.fromisoformat(reference["document_date"])
    today = {"start": f"{day}T00:00:00+00:00", "end": f"{day + timedelta(days=1)}T00:00:00+00:00"}
    for event in explicit:
        when = event["when"]
        timex = timexes[when["expression_id"]]
        assert timex["value"] == when["value"], event
        span, own = timex["interval"], when["interval"]
        if span["start"] <= today["start"] and today["end"] <= span["end"]:
            # a period that holds the article's date ("this year"): the event lies in the part
            # its tense says, before or after the date
            assert own in ({"start": span["start"], "end": today["end"]},
                           {"start": today["start"], "end": span["end"]}), event
        else:
            assert own == span, event


def test_whole_timeline_is_chronological(reference: JSON) -> None:
    starts = [e["when"]["interval"]["start"] for e in reference["events"]
              if e["when"] is not None and e["when"]["interval"] is not None]
    assert len(starts) >= len(EXPLICIT_ORDER)
    assert starts == sorted(starts)  # one time zone (UTC): ISO strings sort as instants


def test_offsets_of_every_span(reference: JSON, article: str) -> None:
    assert assert_offsets(article, reference) >= len(REST) + 1


def test_no_warnings(reference: JSON) -> None:
    # "Monday (May 19)" agrees with 2025's calendar; nothing else is doubtful
    assert reference["warnings"] == []


def test_include_inferred_false_keeps_only_stated_times(
    client: TestClient, article: str, article_detected: JSON
) -> None:
    request = {"text": article, "include_inferred": False}
    body = client.post("/v1/timeline", json=request).json()
    assert body["events"]
    assert all(not e["when"]["inferred"] for e in body["events"])

    def key(event: JSON) -> tuple[int, str]:
        return event["trigger"]["start"], event["when"]["value"]

    assert [key(e) for e in body["events"]] == [key(e) for e in _explicit(article_detected)]
