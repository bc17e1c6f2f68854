"""Every error the API reports, always as {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, NoReturn

import pytest
from fastapi.testclient import TestClient

import service.pipeline.run
from service.app import app
from tests.api.helpers import assert_error

JSON_HEADERS = {"content-type": "application/json"}
ARTICLE = "MOSCOW, May 20, 2025 (Reuters) - Russia launched a drone attack on Sunday."


def _post_raw(client: TestClient, body: bytes, path: str = "/v1/timeline") -> Any:
    return client.post(path, content=body, headers=JSON_HEADERS)


# --- malformed JSON and schema violations: 422 invalid_request --------------------------------

@pytest.mark.parametrize(
    "raw",
    [
        b'{"text": "On Monday"',  # unterminated
        b"{'text': 'On Monday'}",  # not JSON quotes
        b'{"text": "On Monday",}',  # trailing comma
        b"text=On+Monday",
        b'{"text": "caf\xe9 on Monday"}',  # Latin-1, not UTF-8
        b'{"text": "\xff\xfe\x00 junk"}',
        bytes(range(256)),
        b"\x00" * 64,
    ],
    ids=["unterminated", "single-quotes", "trailing-comma", "form", "latin1", "bad-utf8",
         "all-bytes", "nul-bytes"],
)
def test_malformed_json(client: TestClient, raw: bytes) -> None:
    assert_error(_post_raw(client, raw), 422, "invalid_request")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"document_date": "2025-05-20"}, "text"),
        ({"text": None}, "text"),
        ({"text": 5}, "text"),
        ({"text": ["On Monday"]}, "text"),
        ({"text": "On Monday", "timezone": 5}, "timezone"),
        ({"text": "On Monday", "language": None}, "language"),
        ({"text": "On Monday", "document_date": 20250520}, "document_date"),
        ({"text": "On Monday", "include_inferred": []}, "include_inferred"),
        ({"text": "On Monday", "publication_date": "2025-05-20"}, "publication_date"),
    ],
    ids=["empty-object", "missing-text", "null-text", "int-text", "list-text", "int-timezone",
         "null-language", "int-date", "list-flag", "extra-field"],
)
def test_schema_violation(client: TestClient, body: dict[str, Any], field: str) -> None:
    error = assert_error(client.post("/v1/timeline", json=body), 422, "invalid_request")
    locations = [tuple(d["loc"]) for d in error["details"]]
    assert ("body", field) in locations, error


@pytest.mark.parametrize("body", [[{"text": "On Monday"}], "On Monday", 5, None])
def test_single_endpoint_wants_an_object(client: TestClient, body: Any) -> None:
    assert_error(_post_raw(client, json.dumps(body).encode()), 422, "invalid_request")


def test_empty_text(client: TestClient) -> None:
    error = assert_error(client.post("/v1/timeline", json={"text": ""}), 422, "invalid_request")
    assert [d["loc"] for d in error["details"]] == [["body", "text"]]


def test_validation_details_never_echo_the_input(client: TestClient) -> None:
    secret = "SECRET-INPUT-" * 10
    response = client.post("/v1/timeline", json={"text": secret, "bogus": secret})
    assert_error(response, 422, "invalid_request")
    assert "SECRET-INPUT" not in response.text


# --- size limits: 413 ------------------------------------------------------------------------

def test_text_over_the_default_limit(client: TestClient) -> None:
    error = assert_error(
        client.post("/v1/timeline", json={"text": "a" * 200_001}), 413, "text_too_large"
    )
    assert error["details"]["limit"] == 200_000


def test_text_over_a_configured_limit(
    client: TestClient, set_setting: Callable[[str, str], None]
) -> None:
    set_setting("max_chars", "50")
    error = assert_error(
        client.post("/v1/timeline", json={"text": "On Monday " * 6}), 413, "text_too_large"
    )
    assert error["details"] == {"limit": 50, "length": 60}
    exactly = client.post("/v1/timeline", json={"text": "On Monday.".ljust(50)})
    assert exactly.status_code == 200, exactly.text


def test_limit_counts_characters_not_bytes(
    client: TestClient, set_setting: Callable[[str, str], None]
) -> None:
    set_setting("max_chars", "20")
    emoji = "🚀" * 20  # 20 characters, 80 bytes of UTF-8
    assert client.post("/v1/timeline", json={"text": emoji}).status_code == 200
    assert_error(client.post("/v1/timeline", json={"text": emoji + "!"}), 413, "text_too_large")


def test_batch_item_over_the_limit_names_the_item(
    client: TestClient, set_setting: Callable[[str, str], None]
) -> None:
    set_setting("max_chars", "50")
    batch = [{"text": "On Monday."}, {"text": "x" * 51}]
    error = assert_error(client.post("/v1/timelines", json=batch), 413, "text_too_large")
    assert error["details"]["index"] == 1


def test_batch_over_the_limit(client: TestClient) -> None:
    batch = [{"text": "On Monday."}] * 101
    error = assert_error(client.post("/v1/timelines", json=batch), 413, "batch_too_large")
    assert error["details"] == {"limit": 100, "length": 101}


def test_batch_over_a_configured_limit(
    client: TestClient, set_setting: Callable[[str, str], None]
) -> None:
    set_setting("max_batch", "2")
    batch = [{"text": "On Monday."}] * 3
    assert_error(client.post("/v1/timelines", json=batch), 413, "batch_too_large")
    assert client.post("/v1/timelines", json=batch[:2]).status_code == 200


def test_empty_batch(client: TestClient) -> None:
    assert_error(client.post("/v1/timelines", json=[]), 422, "invalid_request")


@pytest.mark.parametrize("body", [{"text": "On Monday"}, "On Monday", [{"txt": "On Monday"}]])
def test_batch_schema_violation(client: TestClient, body: Any) -> None:
    assert_error(client.post("/v1/timelines", json=body), 422, "invalid_request")


# --- content type: 415 ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
     "application/xml", "application/jsonp"],
)
@pytest.mark.parametrize("path", ["/v1/timeline", "/v1/timelines"])
def test_wrong_content_type(client: TestClient, content_type: str | None, path: str) -> None:
    headers = {} if content_type is None else {"content-type": content_type}
    response = client.post(path, content=b'{"text": "On Monday"}', headers=headers)
    error = assert_error(response, 415, "unsupported_media_type")
    assert error["details"] == {"content_type": content_type}


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "Application/JSON"])
def test_json_content_type_variants_are_accepted(client: TestClient, content_type: str) -> None:
    response = client.post(
        "/v1/timeline", content=b'{"text": "On Monday"}', headers={"content-type": content_type}
    )
    assert response.status_code == 200, response.text


# --- language, time zone, document date: 422 --------------------------------------------------

@pytest.mark.parametrize("language", ["it", "de", "", "english", "en-US", "x" * 500])
def test_unknown_language(client: TestClient, language: str) -> None:
    response = client.post("/v1/timeline", json={"text": ARTICLE, "language": language})
    error = assert_error(response, 422, "unsupported_language")
    assert error["details"]["supported"] == ["en", "en-GB", "fr", "pt", "es", "auto"]


@pytest.mark.parametrize(
    "timezone",
    ["Mars/Olympus_Mons", "", "utc ", "Europe/", "../../../etc/passwd", "/etc/localtime",
     "UTC\x00", "Europe\\Berlin", "+05:00", "A" * 1000],
)
def test_unknown_timezone(client: TestClient, timezone: str) -> None:
    response = client.post("/v1/timeline", json={"text": ARTICLE, "timezone": timezone})
    assert_error(response, 422, "unknown_timezone")


@pytest.mark.parametrize(
    "document_date",
    ["0000-00-00", "2025-13-40", "2025-02-30", "yesterday", "", "20-05-2025", "May 20, 2025",
     "2025-05-20T25:00", "0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00",
     "0001-01-01", "0999-12-31", "9999-12-31"],
)
def test_bad_document_date(client: TestClient, document_date: str) -> None:
    response = client.post("/v1/timeline", json={"text": ARTICLE, "document_date": document_date})
    assert_error(response, 422, "invalid_document_date")


@pytest.mark.parametrize(
    ("field", "code"),
    [("timezone", "unknown_timezone"), ("language", "unsupported_language"),
     ("document_date", "invalid_document_date")],
)
def test_lone_surrogate_in_an_option_is_a_clean_422(
    client: TestClient, field: str, code: str
) -> None:
    # JSON may escape a lone surrogate; the error that echoes it must still be valid JSON
    raw = json.dumps({"text": ARTICLE, field: "\ud800x"}).encode()
    error = assert_error(_post_raw(client, raw), 422, code)
    assert "\\ud800" in json.dumps(error)


def test_batch_option_error_names_the_item(client: TestClient) -> None:
    batch = [{"text": ARTICLE}, {"text": ARTICLE}, {"text": ARTICLE, "timezone": "Mars/Base"}]
    error = assert_error(client.post("/v1/timelines", json=batch), 422, "unknown_timezone")
    assert error["details"]["index"] == 2
    assert error["message"].startswith("item 2: ")


# --- routing: 404, 405 ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/nope"), ("GET", "/v1"), ("GET", "/v2/timeline"), ("POST", "/v1/timeline/x"),
     ("GET", "/healthz"), ("GET", "/static/../../etc/passwd")],
)
def test_unknown_route(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, json={"text": ARTICLE})
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/timeline"), ("PUT", "/v1/timeline"), ("DELETE", "/v1/timeline"),
     ("GET", "/v1/timelines"), ("POST", "/health"), ("DELETE", "/version")],
)
def test_wrong_method(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path)
    assert_error(response, 405, "method_not_allowed")
    assert "allow" in response.headers


# --- anything unexpected: 500 ---------------------------------------------------------------

SECRET = "password=hunter2 at /srv/internal/secrets.py"


def _explode(*_: object, **__: object) -> NoReturn:
    raise RuntimeError(SECRET)


@pytest.mark.parametrize(
    ("path", "body"),
    [("/v1/timeline", {"text": ARTICLE}), ("/v1/timelines", [{"text": ARTICLE}])],
)
def test_unexpected_exception(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, path: str, body: Any
) -> None:
    monkeypatch.setattr(service.pipeline.run, "run", _explode)
    raw_client = TestClient(app, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="service"):
        response = raw_client.post(path, json=body, headers={"x-request-id": "req-4711"})
    error = assert_error(response, 500, "internal_error")
    assert error["details"] == {"request_id": "req-4711"}
    assert response.headers["x-request-id"] == "req-4711"
    for leak in ("hunter2", "secrets.py", "RuntimeError", "Traceback", 'File "'):
        assert leak not in response.text
    logged = [r for r in caplog.records if "req-4711" in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # the traceback goes to the log only


def test_unexpected_exception_gets_a_fresh_request_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service.pipeline.run, "run", _explode)
    raw_client = TestClient(app, raise_server_exceptions=False)
    ids = set()
    for _ in range(2):
        error = assert_error(
            raw_client.post("/v1/timeline", json={"text": ARTICLE}), 500, "internal_error"
        )
        ids.add(error["details"]["request_id"])
    assert len(ids) == 2 and all(len(i) >= 16 for i in ids)


def test_responses_carry_the_request_id(client: TestClient) -> None:
    ok = client.get("/health", headers={"x-request-id": "abc-1"})
    assert ok.headers["x-request-id"] == "abc-1"
    refused = client.post("/v1/timeline", content=b"x", headers={"x-request-id": "abc-2"})
    assert refused.status_code == 415
    assert refused.headers["x-request-id"] == "abc-2"


@pytest.mark.parametrize("given", ["x" * 129, "a b", "id;drop", "<script>", "a/b"])
def test_an_unsafe_request_id_is_replaced(client: TestClient, given: str) -> None:
    response = client.get("/health", headers={"x-request-id": given})
    returned = response.headers["x-request-id"]
    assert returned != given and len(returned) == 32 and returned.isalnum()
