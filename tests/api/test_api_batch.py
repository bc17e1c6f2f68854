"""POST /v1/timelines: several requests in one call, answered in the same order."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import JSON, timex_summary

STORY = "Russia launched a drone attack on Sunday."


def _without_timing(body: JSON) -> JSON:
    return {k: v for k, v in body.items() if k != "meta"}


def test_order_is_preserved_with_mixed_dates(client: TestClient, article: str) -> None:
    batch: list[dict[str, Any]] = [
        {"text": STORY, "document_date": "2024-01-10"},  # a Wednesday
        {"text": article},  # date read from its first line
        {"text": "MOSCOW, March 3, 2023 (Reuters) - " + STORY},  # a Friday
        {"text": STORY},  # no date at all
        {"text": STORY, "document_date": "2025-05-22T23:30:00-04:00"},  # 05-23 in UTC
        {"text": STORY, "document_date": "2025-05-22T23:30:00-04:00",
         "timezone": "America/New_York"},
    ]
    response = client.post("/v1/timelines", json=batch)
    assert response.status_code == 200, response.text
    results = response.json()
    assert len(results) == len(batch)
    assert [(r["document_date"], r["document_date_source"]) for r in results] == [
        ("2024-01-10", "request"),
        ("2025-05-20", "text"),
        ("2023-03-03", "text"),
        (None, "none"),
        ("2025-05-23", "request"),
        ("2025-05-22", "request"),
    ]
    sundays = [next(t for t in r["time_expressions"] if t["text"] == "Sunday") for r in results]
    assert [s["value"] for s in sundays[:3]] == ["2024-01-07", "2025-05-18", "2023-02-26"]
    assert sundays[3]["resolution"] == "unresolved"
    assert [s["value"] for s in sundays[4:]] == ["2025-05-18", "2025-05-18"]
    assert sundays[5]["interval"]["start"] == "2025-05-18T00:00:00-04:00"


def test_each_answer_equals_the_single_endpoint(client: TestClient, article: str) -> None:
    items = [{"text": article, "document_date": "2025-05-22"}, {"text": STORY}]
    batch = client.post("/v1/timelines", json=items).json()
    for item, answer in zip(items, batch, strict=True):
        single = client.post("/v1/timeline", json=item).json()
        assert _without_timing(answer) == _without_timing(single)


def test_one_item_batch(client: TestClient) -> None:
    [answer] = client.post(
        "/v1/timelines", json=[{"text": STORY, "document_date": "2025-05-20"}]
    ).json()
    assert timex_summary(answer) == [("Sunday", "DATE", "2025-05-18")]
    assert answer["meta"]["version"]


def test_a_full_batch_is_accepted(client: TestClient) -> None:
    batch = [{"text": f"Item {i}: {STORY}", "document_date": "2025-05-20"} for i in range(100)]
    results = client.post("/v1/timelines", json=batch).json()
    assert len(results) == 100
    starts = [r["time_expressions"][0]["start"] for r in results]
    # "Item 9: " is one character shorter than "Item 10: ": the answers are in request order
    assert starts == [len(f"Item {i}: ") + STORY.index("Sunday") for i in range(100)]
