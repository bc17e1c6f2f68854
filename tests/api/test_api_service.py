"""Service endpoints, time zones and the TimeML response format."""

from __future__ import annotations

from fastapi.testclient import TestClient

from service import __version__
from service.formats.timeml import parse_timeml
from tests.api.helpers import JSON, assert_error, timex_summary


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_version(client: TestClient) -> None:
    body = client.get("/version").json()
    assert body["name"] == "timeline-service"
    assert body["version"] == __version__
    assert isinstance(body["parser_model"], str) and body["parser_model"].startswith("en")


def test_openapi_describes_the_contract(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["info"]["version"] == __version__
    assert {"/v1/timeline", "/v1/timelines", "/health", "/version"} <= set(spec["paths"])
    post = spec["paths"]["/v1/timeline"]["post"]
    assert {"200", "413", "415", "422", "500"} <= set(post["responses"])
    schemas = spec["components"]["schemas"]
    request = schemas["TimelineIn"]
    assert request["required"] == ["text"]
    assert request["additionalProperties"] is False
    assert {"text", "document_date", "timezone", "language"} <= set(request["properties"])
    assert {"time_expressions", "events", "warnings", "meta"} <= set(
        schemas["TimelineOut"]["properties"]
    )


def test_docs_page(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "swagger" in response.text.lower() and "/openapi.json" in response.text


def _interval(body: JSON, text: str) -> dict[str, str]:
    timex = next(t for t in body["time_expressions"] if t["text"] == text)
    interval: dict[str, str] = timex["interval"]
    return interval


def test_timezone_sets_the_interval_offsets(client: TestClient) -> None:
    text = ("Russia launched a drone attack on Sunday. In January 2025 talks failed. "
            "In March 2025 they resumed.")
    request = {"text": text, "document_date": "2025-05-20", "timezone": "America/New_York"}
    body = client.post("/v1/timeline", json=request).json()
    assert _interval(body, "Sunday") == {  # daylight saving time
        "start": "2025-05-18T00:00:00-04:00", "end": "2025-05-19T00:00:00-04:00"
    }
    assert _interval(body, "January 2025") == {  # standard time
        "start": "2025-01-01T00:00:00-05:00", "end": "2025-02-01T00:00:00-05:00"
    }
    assert _interval(body, "March 2025") == {  # the clocks change inside the month
        "start": "2025-03-01T00:00:00-05:00", "end": "2025-04-01T00:00:00-04:00"
    }
    utc = client.post("/v1/timeline", json={"text": text, "document_date": "2025-05-20"}).json()
    assert _interval(utc, "Sunday")["start"] == "2025-05-18T00:00:00+00:00"
    assert timex_summary(utc) == timex_summary(body)  # the zone moves intervals, not values


def test_document_datetime_is_read_in_the_request_timezone(client: TestClient) -> None:
    text = "Russia launched a drone attack on Sunday."
    moment = "2025-05-19T02:00:00+00:00"  # Monday in UTC, still Sunday evening in New York
    utc = client.post("/v1/timeline", json={"text": text, "document_date": moment}).json()
    ny = client.post("/v1/timeline", json={"text": text, "document_date": moment,
                                           "timezone": "America/New_York"}).json()
    assert (utc["document_date"], ny["document_date"]) == ("2025-05-19", "2025-05-18")


def test_timeml_format(client: TestClient, article: str, article_detected: JSON) -> None:
    response = client.post("/v1/timeline", params={"format": "timeml"}, json={"text": article})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    document = parse_timeml(response.content)
    assert document.text == article
    assert document.document_date is not None
    assert document.document_date.isoformat() == "2025-05-20"
    read_back = [(t.text, t.type, t.value, t.start, t.end) for t in document.timexes]
    expected = [(t["text"], t["type"], t["value"], t["start"], t["end"])
                for t in article_detected["time_expressions"]]
    assert read_back == expected
    assert document.events  # the events are written too


def test_meta(client: TestClient) -> None:
    body = client.post("/v1/timeline", json={"text": "On Sunday, Russia attacked."}).json()
    assert body["meta"]["version"] == __version__
    assert isinstance(body["meta"]["elapsed_ms"], float) and body["meta"]["elapsed_ms"] >= 0


def test_json_format_is_the_default(client: TestClient) -> None:
    body = {"text": "On Sunday, Russia attacked.", "document_date": "2025-05-20"}
    explicit = client.post("/v1/timeline", params={"format": "json"}, json=body)
    default = client.post("/v1/timeline", json=body)
    assert explicit.headers["content-type"] == default.headers["content-type"]
    assert timex_summary(explicit.json()) == timex_summary(default.json())


def test_unknown_format(client: TestClient) -> None:
    response = client.post("/v1/timeline", params={"format": "xml"}, json={"text": "On Sunday"})
    error = assert_error(response, 422, "invalid_request")
    assert [d["loc"] for d in error["details"]] == [["query", "format"]]
