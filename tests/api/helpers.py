"""Assertions shared by the API tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

JSON = dict[str, Any]


def assert_error(response: httpx.Response, status: int, code: str) -> JSON:
    """Check the one error shape, {"error": {"code", "message", "details"}}; return "error"."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"}, body
    error: JSON = body["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"], error
    return error


def spans(body: JSON) -> Iterator[tuple[str, JSON]]:
    """Every item of a timeline response that carries offsets, with a label for messages."""
    for timex in body["time_expressions"]:
        yield f"timex {timex['id']}", timex
    for event in body["events"]:
        yield f"trigger of {event['id']}", event["trigger"]
        yield f"sentence of {event['id']}", event["sentence"]
        for participant in event["participants"]:
            yield f"participant of {event['id']}", participant


def assert_offsets(text: str, body: JSON) -> int:
    """Check ``text[start:end] == item.text`` on every span; return how many were checked."""
    checked = 0
    for label, item in spans(body):
        start, end = item["start"], item["end"]
        assert 0 <= start < end <= len(text), (label, item)
        assert text[start:end] == item["text"], (label, item, text[start:end])
        checked += 1
    for warning in body["warnings"]:
        if warning["start"] is not None:
            assert 0 <= warning["start"] <= warning["end"] <= len(text), warning
    return checked


def timex_summary(body: JSON) -> list[tuple[str, str, str]]:
    """(text, type, value) of each time expression, in response order."""
    return [(t["text"], t["type"], t["value"]) for t in body["time_expressions"]]
