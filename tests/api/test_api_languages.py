"""The `language` option: en-GB, fr, pt, es and auto."""

from __future__ import annotations

from fastapi.testclient import TestClient


def _post(client: TestClient, **body: object) -> dict[str, object]:
    response = client.post("/v1/timeline", json=body)
    assert response.status_code == 200, response.text
    data: dict[str, object] = response.json()
    return data


def _values(data: dict[str, object]) -> list[tuple[str, str]]:
    return [(t["text"], t["value"]) for t in data["time_expressions"]]  # type: ignore[attr-defined, index]


def _codes(data: dict[str, object]) -> list[str]:
    return [w["code"] for w in data["warnings"]]  # type: ignore[attr-defined, index]


def test_french_article(client: TestClient) -> None:
    data = _post(client, text="Le ministre a démissionné hier soir.", document_date="2025-10-08",
                 language="fr")
    assert data["language"] == "fr"
    assert _values(data) == [("hier soir", "2025-10-07TEV")]
    assert data["events"] == [] and "events_unsupported_language" in _codes(data)


def test_no_events_warning_when_no_events_are_asked_for(client: TestClient) -> None:
    data = _post(client, text="Hace dos años llovió.", document_date="2025-10-08",
                 language="es", events="none")
    assert _values(data) == [("Hace dos años", "2023")]
    assert "events_unsupported_language" not in _codes(data)


def test_british_numeric_dates_are_day_first(client: TestClient) -> None:
    text = "The lease was signed on 03/04/2025."
    assert _values(_post(client, text=text, document_date="2025-05-20", language="en-GB")) == [
        ("03/04/2025", "2025-04-03")]
    assert _values(_post(client, text=text, document_date="2025-05-20")) == [
        ("03/04/2025", "2025-03-04")]


def test_auto_detects_and_says_which(client: TestClient) -> None:
    data = _post(client, text="O governo anunciou ontem que as eleições serão em outubro.",
                 document_date="2025-10-08", language="auto")
    assert data["language"] == "pt"
    assert "language_detected" in _codes(data)
    assert ("ontem", "2025-10-07") in _values(data)


def test_document_date_from_a_french_label(client: TestClient) -> None:
    data = _post(client, text="Publié le 3 octobre 2025\nLe vote a eu lieu hier.", language="fr")
    assert data["document_date"] == "2025-10-03"
    assert ("hier", "2025-10-02") in _values(data)


def test_a_labelled_date_line_is_the_document_date_not_a_story_time(client: TestClient) -> None:
    data = _post(client, text="Actualizado: 03/10/2025\nEl ministro habló ayer.", language="es")
    assert data["document_date"] == "2025-10-03"
    assert _values(data) == [("ayer", "2025-10-02")]
