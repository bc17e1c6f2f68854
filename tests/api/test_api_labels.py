"""The ``label`` fields: every time expression and every event date in words (issue 13)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from service.domain.types import Point, PointRelation
from service.formats.human import human_date, human_point, human_span
from tests.api.helpers import JSON


def _point(body: JSON | None) -> Point | None:
    """A ``begin``/``end`` of the answer as the pipeline's point (its value at its own grain)."""
    return None if body is None else Point(PointRelation(body["relation"]), body["value"])


def test_time_expression_labels_of_the_reference_article(article_detected: JSON) -> None:
    labels = {(t["text"], t["label"]) for t in article_detected["time_expressions"]}
    assert ("Sunday", "Sun 18 May 2025") in labels
    assert ("June 2024", "June 2024") in labels
    assert ("this year", "2025") in labels
    assert ("a few minutes", "some minutes") in labels
    assert ("years", "some years") in labels
    assert any(label == "Mon 19 May 2025" for text, label in labels if "Monday" in text)


def test_event_labels_carry_the_relation(article_detected: JSON) -> None:
    labels = [e["when"]["label"] for e in article_detected["events"] if e["when"] is not None]
    assert "before Mon 19 May 2025" in labels  # Zelenskyy's call, before the Trump-Putin call
    explicit = [e["when"]["label"] for e in article_detected["events"]
                if e["when"] is not None and not e["when"]["inferred"]]
    assert list(dict.fromkeys(explicit)) == [
        "June 2024", "2025", "Sun 18 May 2025", "Mon 19 May 2025"
    ]


def test_labels_are_the_one_function_applied_to_the_fields(article_given: JSON) -> None:
    for timex in article_given["time_expressions"]:
        assert timex["label"] == human_date(
            timex["value"], timex["granularity"], mod=timex["mod"], kind=timex["type"]
        ), timex
    for event in article_given["events"]:
        when = event["when"]
        if when is None:
            continue
        begin, end = _point(when.get("begin")), _point(when.get("end"))
        single = human_date(when["value"], when["granularity"], when["relation"])
        assert when["label"] == (human_span(begin, end) or single), event
        for point, body in ((begin, when.get("begin")), (end, when.get("end"))):
            if point is not None:
                assert body["label"] == human_point(point), event


def test_labels_of_a_recurrence_and_a_time(client: TestClient) -> None:
    text = "The council meets every Monday. The vote is at 3 p.m. on Friday."
    body = client.post("/v1/timeline", json={"text": text, "document_date": "2025-05-20"}).json()
    labels = {t["text"]: t["label"] for t in body["time_expressions"]}
    assert labels["every Monday"] == "every Monday"
    assert any(label.endswith(", 15:00") and label.startswith("Fri ") for label in labels.values())


def test_label_is_in_the_openapi_contract(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for name in ("TimeExpressionOut", "WhenOut", "PointOut"):
        assert schemas[name]["properties"]["label"]["type"] == "string"
        assert "label" in schemas[name]["required"]
    when = schemas["WhenOut"]["properties"]
    for end in ("begin", "end"):
        assert {"$ref": "#/components/schemas/PointOut"} in when[end]["anyOf"]
        assert "event that lasts" in when[end]["description"]
    assert schemas["PointOut"]["properties"]["relation"]["enum"] == [
        "on", "before", "after", "open"
    ]
