"""Document-date detection through the API: the opening of the text dates the story."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import JSON, assert_offsets, timex_summary

STORY = "Russia launched a drone attack on Sunday."

# Dateline styles that state the year; each one dates the story 2025-05-20 (a Tuesday).
DATELINES = {
    "date-line": "date 2025-05-20 MOSCOW: ",
    "iso-start": "2025-05-20 — ",
    "iso-datetime": "2025-05-20T08:30:00Z\n",
    "published-iso": "Published: 2025-05-20\n",
    "month-first": "May 20, 2025 -- ",
    "weekday-month-first": "Tuesday, May 20, 2025\n",
    "day-first": "20 May 2025\n",
    "day-first-clock": "Posted: Tuesday 20 May 2025 10:00 BST\n",
    "place-agency-date": "WASHINGTON (AP) — May 20, 2025 — ",
    "place-region-date": "KYIV, Ukraine, May 20, 2025 - ",
    "place-date-agency": "MOSCOW, May 20, 2025 (Reuters) - ",
    "press-release": "NEW YORK, May 20, 2025 /PRNewswire/ -- ",
    "slashes": "2025/05/20 ",
    "us-numeric": "05/20/2025 ",
    "dotted": "20.05.2025 ",
}


# Lines that only label the document's date: never a time expression of the story.
METADATA = {"date-line", "iso-datetime", "published-iso", "day-first-clock"}


def _split(body: JSON, dateline: str) -> tuple[list[JSON], list[JSON]]:
    """The time expressions inside the dateline, and those of the story after it."""
    head = [t for t in body["time_expressions"] if t["start"] < len(dateline)]
    story = [t for t in body["time_expressions"] if t["start"] >= len(dateline)]
    return head, story


@pytest.mark.parametrize("dateline", DATELINES.values(), ids=DATELINES.keys())
def test_dateline_styles(client: TestClient, dateline: str) -> None:
    text = dateline + STORY
    body = client.post("/v1/timeline", json={"text": text}).json()
    assert body["document_date"] == "2025-05-20"
    assert body["document_date_source"] == "text"
    assert body["warnings"] == []
    head, story = _split(body, dateline)
    assert [(t["text"], t["value"]) for t in story] == [("Sunday", "2025-05-18")]
    # a dateline may be annotated as a time (TimeML does), but only as the document date
    for timex in head:
        assert timex["end"] <= len(dateline) and timex["value"] == "2025-05-20", timex
    assert_offsets(text, body)


@pytest.mark.parametrize("name", sorted(METADATA))
def test_a_date_label_line_is_not_a_time_expression(client: TestClient, name: str) -> None:
    dateline = DATELINES[name]
    for request in ({}, {"document_date": "2025-05-22"}):
        body = client.post("/v1/timeline", json={"text": dateline + STORY, **request}).json()
        head, _ = _split(body, dateline)
        assert head == [], (request, head)


def _latest_may_20(today: date, weekday: int | None) -> date:
    """The latest May 20 not after today; on the stated (ISO) weekday when there is one."""
    year = today.year if date(today.year, 5, 20) <= today else today.year - 1
    while weekday is not None and date(year, 5, 20).isoweekday() != weekday:
        year -= 1
    return date(year, 5, 20)


@pytest.mark.parametrize(
    ("dateline", "weekday"),
    [("MOSCOW, May 20 (Reuters) - ", None), ("BERLIN, Tuesday, May 20 (dpa) - ", 2),
     ("LONDON, May 20 - ", None)],
)
def test_dateline_without_a_year(client: TestClient, dateline: str, weekday: int | None) -> None:
    text = dateline + STORY
    body = client.post("/v1/timeline", json={"text": text}).json()
    expected = _latest_may_20(datetime.now(UTC).date(), weekday)
    assert body["document_date"] == expected.isoformat()
    assert body["document_date_source"] == "text"
    [warning] = body["warnings"]
    assert warning["code"] == "document_date_year_assumed"
    assert str(expected.year) in warning["message"]
    assert text[warning["start"]:warning["end"]].endswith("May 20")
    head, story = _split(body, dateline)
    assert [t["text"] for t in story] == ["Sunday"]
    assert all(t["value"] == expected.isoformat() for t in head), head


def test_year_assumption_is_not_reported_when_the_date_is_given(client: TestClient) -> None:
    dateline = "MOSCOW, May 20 (Reuters) - "
    request = {"text": dateline + STORY, "document_date": "2025-05-20"}
    body = client.post("/v1/timeline", json=request).json()
    assert body["warnings"] == []
    head, story = _split(body, dateline)
    assert [(t["text"], t["value"]) for t in story] == [("Sunday", "2025-05-18")]
    assert all(t["value"] == "2025-05-20" for t in head), head


def test_given_date_is_used_but_the_date_line_is_still_no_story_time(client: TestClient) -> None:
    text = "date 2025-05-20 " + STORY
    body = client.post("/v1/timeline", json={"text": text, "document_date": "2025-06-04"}).json()
    assert body["document_date"] == "2025-06-04"
    assert body["document_date_source"] == "request"
    assert timex_summary(body) == [("Sunday", "DATE", "2025-06-01")]


def test_a_date_inside_the_story_is_not_the_document_date(client: TestClient) -> None:
    text = "Officials said on May 20, 2025 that " + STORY
    body = client.post("/v1/timeline", json={"text": text}).json()
    assert body["document_date"] is None
    assert body["document_date_source"] == "none"
    assert ("May 20, 2025", "DATE", "2025-05-20") in timex_summary(body)


def test_nothing_found(client: TestClient) -> None:
    text = "Russia launched a drone attack on Sunday. In June 2024, Putin set out his terms."
    body = client.post("/v1/timeline", json={"text": text}).json()
    assert body["document_date"] is None
    assert body["document_date_source"] == "none"
    assert [w["code"] for w in body["warnings"]] == ["no_document_date"]
    by_text = {t["text"]: t for t in body["time_expressions"]}
    sunday, june = by_text["Sunday"], by_text["June 2024"]
    # the relative time stays unresolved; the absolute one still resolves
    assert sunday["resolution"] == "unresolved"
    assert sunday["interval"] is None
    assert sunday["value"] != "2025-05-18" and not sunday["value"][:1].isdigit()
    assert june["resolution"] == "absolute"
    assert june["value"] == "2024-06"
    assert june["interval"] == {
        "start": "2024-06-01T00:00:00+00:00", "end": "2024-07-01T00:00:00+00:00"
    }


@pytest.mark.parametrize("text", ["0000-00-00 " + STORY, "2025-13-40 " + STORY,
                                  "date 0001-01-01 " + STORY])
def test_an_impossible_leading_date_is_no_document_date(client: TestClient, text: str) -> None:
    response = client.post("/v1/timeline", json={"text": text})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["document_date"] is None
    assert [w["code"] for w in body["warnings"]] == ["no_document_date"]
