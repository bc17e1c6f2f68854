"""The request options prefer and date_order reach the pipeline; bad values are a 422."""

from __future__ import annotations

from fastapi.testclient import TestClient


def _values(client: TestClient, **options: str) -> list[str]:
    request = {"text": "The league said the final is on Friday. Tickets show 03/04/2026.",
               "document_date": "2025-05-20", "events": "none", **options}
    response = client.post("/v1/timeline", json=request)
    assert response.status_code == 200, response.text
    return [t["value"] for t in response.json()["time_expressions"]]


def test_date_order_reads_numeric_dates(client: TestClient) -> None:
    assert _values(client)[-1] == "2026-03-04"
    assert _values(client, date_order="DMY")[-1] == "2026-04-03"


def test_prefer_overrides_the_tense(client: TestClient) -> None:
    assert _values(client, prefer="past")[0] == "2025-05-16"
    assert _values(client, prefer="future")[0] == "2025-05-23"


def test_bad_option_values_are_rejected(client: TestClient) -> None:
    for options in ({"prefer": "soon"}, {"date_order": "MYD"}):
        response = client.post("/v1/timeline", json={"text": "Friday.", **options})
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "invalid_request"
