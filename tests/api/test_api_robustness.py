"""Bad or hostile input never yields a 500 or a hang.

Malformed JSON, invalid UTF-8, a 0000-00-00 document date and unknown time zones are covered
with their error codes in test_api_errors.py; this file covers the rest of issue 2's list.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from typing import NoReturn

import pytest
from fastapi.testclient import TestClient

import service.pipeline
from service.app import create_app
from tests.api.helpers import assert_error, assert_offsets

JSON_HEADERS = {"content-type": "application/json"}


def _must_not_run(*_: object, **__: object) -> NoReturn:
    raise AssertionError("the pipeline ran on a request that should have been refused")


@pytest.mark.parametrize("text", [" ", "\n\n\n", "\t \r\n", "." * 1000, "\n" * 20_000])
def test_blank_or_empty_of_meaning(client: TestClient, text: str) -> None:
    response = client.post("/v1/timeline", json={"text": text, "document_date": "2025-05-20"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["time_expressions"] == [] and body["events"] == []


def test_one_megabyte_is_refused_before_any_work(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service.pipeline, "run", _must_not_run)
    text = ("Russia launched a drone attack on Sunday. " * 25_000)[:1_000_000]
    for path, body in (("/v1/timeline", {"text": text}), ("/v1/timelines", [{"text": text}])):
        error = assert_error(client.post(path, json=body), 413, "text_too_large")
        assert error["details"]["length"] == 1_000_000


def test_body_over_the_byte_limit_is_refused_from_its_content_length(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 10 MB of padding: the guard answers from the header, before the JSON is decoded
    monkeypatch.setattr(service.pipeline, "run", _must_not_run)
    raw = b'{"text": "' + b"x" * 10_000_000 + b'"}'
    error = assert_error(client.post("/v1/timeline", content=raw, headers=JSON_HEADERS), 413,
                         "text_too_large")
    assert error["details"] == {"limit": 200_000, "body_bytes": len(raw),
                                "limit_bytes": 200_000 * 12 + 64 * 1024}


@pytest.fixture
def small_app(set_setting: Callable[[str, str], None]) -> Iterator[TestClient]:
    """An application built while max_chars is 1000 and max_batch 2."""
    set_setting("max_chars", "1000")
    set_setting("max_batch", "2")
    yield TestClient(create_app(), raise_server_exceptions=False)


def test_chunked_body_over_the_limit(small_app: TestClient) -> None:
    # no Content-Length header: the body limit stops reading it
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 10_000
        yield b'"}'

    response = small_app.post("/v1/timeline", content=chunks(), headers=JSON_HEADERS)
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "text_too_large")


def test_control_characters_and_junk_escaped_in_json(client: TestClient) -> None:
    junk = "".join(chr(i) for i in range(0, 0xD800, 7))
    junk += "".join(chr(i) for i in range(0xE000, 0x110000, 997))
    text = junk + "\x00\x01\x1b[31m On Monday \x7f\ufffe\uffff, Russia attacked.\x00"
    raw = json.dumps({"text": text, "document_date": "2025-05-20"}).encode()
    response = client.post("/v1/timeline", content=raw, headers=JSON_HEADERS)
    assert response.status_code == 200, response.text
    body = response.json()
    assert [t["text"] for t in body["time_expressions"]][-1:] == ["Monday"]
    assert_offsets(text, body)


@pytest.mark.parametrize("seed", range(4))
def test_random_code_points(client: TestClient, seed: int) -> None:
    rng = random.Random(seed)
    planes = ((0, 0x80), (0x80, 0xD800), (0xE000, 0x110000))
    text = "".join(chr(rng.randrange(*rng.choice(planes))) for _ in range(5_000))
    text += " On Monday, Russia attacked."
    response = client.post("/v1/timeline", json={"text": text, "document_date": "2025-05-20"})
    assert response.status_code == 200, response.text
    assert_offsets(text, response.json())


@pytest.mark.parametrize(
    "raw",
    [b'{"text": "a \\ud800 b on Monday"}', b'{"text": "\\udfff\\ud800"}',
     b'{"text": "on Monday \\ud83d"}'],
    ids=["lone-high", "reversed-pair", "trailing-high"],
)
def test_lone_surrogates_in_the_text(client: TestClient, raw: bytes) -> None:
    # valid JSON, but not a Unicode string: refused as a bad request, never a 500
    error = assert_error(client.post("/v1/timeline", content=raw, headers=JSON_HEADERS), 422,
                         "invalid_request")
    assert [d["loc"] for d in error["details"]] == [["body", "text"]]


def test_a_surrogate_pair_escaped_in_json_is_one_character(client: TestClient) -> None:
    raw = b'{"text": "\\ud83d\\ude80 On Monday", "document_date": "2025-05-20"}'
    body = client.post("/v1/timeline", content=raw, headers=JSON_HEADERS).json()
    [monday] = body["time_expressions"]
    assert (monday["start"], monday["end"]) == (5, 11)


@pytest.mark.parametrize(
    "raw", [b"[" * 100_000 + b"]" * 100_000, b'{"text": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"],
    ids=["deep-array", "deep-field"],
)
def test_deeply_nested_json(client: TestClient, raw: bytes) -> None:
    assert_error(client.post("/v1/timeline", content=raw, headers=JSON_HEADERS), 422,
                 "invalid_request")


@pytest.mark.parametrize("separator", [" ", "\n"], ids=["spaces", "newlines"])
def test_ten_thousand_mondays(client: TestClient, separator: str) -> None:
    text = separator.join(["Monday"] * 10_000)
    response = client.post("/v1/timeline", json={"text": text, "document_date": "2025-05-20"})
    assert response.status_code == 200, response.text
    body = response.json()
    timexes = body["time_expressions"]
    assert len(timexes) == 2_000  # TIMELINE_MAX_TIME_EXPRESSIONS, the first ones in order
    # on one line the 70,000 characters hold no sentence end: the parser gets it in pieces
    cut = ["sentence_split"] if separator == " " else []
    assert [w["code"] for w in body["warnings"]] == ["truncated", *cut]
    assert {t["value"] for t in timexes} <= {"2025-05-19", "2025-05-26"}
    assert all(text[t["start"]:t["end"]] == "Monday" for t in timexes)
