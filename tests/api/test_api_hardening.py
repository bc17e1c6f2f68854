"""Headers, shutdown, the rate limit shared by processes, and error messages that say what is
wrong (issue: attacked together)."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from schemas.timeline import TIMEZONES
from service.api import pages
from service.api.auth import RateLimit
from service.api.guard import single_byte_limit
from service.config import Settings
from service.domain.errors import UnknownTimezone
from service.pipeline.context import load_zone
from tests.api.helpers import assert_error

JSON_HEADERS = {"content-type": "application/json"}


@pytest.mark.parametrize(
    "path", ["/", "/static/index.html", "/static/app.js", "/docs", "/redoc",
             f"{pages.DOCS_ASSETS}/{pages.SWAGGER_JS}"],
)
def test_html_and_script_are_served_confined(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    policy = response.headers["content-security-policy"]
    assert policy in (pages.PAGE_POLICY, pages.DOCS_POLICY)


def test_the_page_at_its_second_path_has_the_page_policy(client: TestClient) -> None:
    assert (client.get("/static/index.html").headers["content-security-policy"]
            == client.get("/").headers["content-security-policy"] == pages.PAGE_POLICY)


@pytest.mark.parametrize("path", ["/health", "/openapi.json", "/nowhere", "/static/app.css"])
def test_every_answer_says_nosniff_and_no_referrer(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_errors_from_middleware_carry_the_headers_too(client: TestClient) -> None:
    response = client.post("/v1/timeline", content=b"{}", headers={"content-type": "text/plain"})
    assert_error(response, 415, "unsupported_media_type")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_while_draining_new_requests_get_503_with_retry_after(client: TestClient) -> None:
    draining = client.app.state.draining  # type: ignore[attr-defined]
    draining.set()
    try:
        for response in (client.post("/v1/timeline", json={"text": "On Monday."}),
                         client.get("/health")):
            assert_error(response, 503, "shutting_down")
            assert response.headers["retry-after"] == "1"
            assert response.headers["connection"] == "close"
    finally:
        draining.clear()
    assert client.get("/health").status_code == 200


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory", "posix/Europe/Paris",
                                  "right/UTC"])
def test_names_that_are_not_iana_zones_are_refused(client: TestClient, name: str) -> None:
    response = client.post("/v1/timeline", json={"text": "On Monday.", "timezone": name})
    assert_error(response, 422, "unknown_timezone")
    assert name not in TIMEZONES
    with pytest.raises(UnknownTimezone):
        load_zone(name)


def test_iana_zones_are_still_taken(client: TestClient) -> None:
    for name in ("Europe/Paris", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+5"):
        assert load_zone(name).key == name
        body = {"text": "On Monday.", "timezone": name, "events": "none"}
        assert client.post("/v1/timeline", json=body).status_code == 200


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
                                   "9999-12-31", "0999-12-31T12:00:00Z"])
def test_an_iso_date_out_of_range_is_called_out_of_range(client: TestClient, value: str) -> None:
    response = client.post("/v1/timeline", json={"text": "On Monday.", "document_date": value})
    error = assert_error(response, 422, "invalid_document_date")
    assert "outside the supported range" in error["message"]
    assert "not an ISO 8601" not in error["message"]


def test_a_number_with_too_many_digits_is_named(client: TestClient) -> None:
    raw = b'{"text": "On Monday.", "events": ' + b"7" * 5000 + b"}"
    response = client.post("/v1/timeline", content=raw, headers=JSON_HEADERS)
    error = assert_error(response, 422, "invalid_request")
    assert "too many digits" in error["message"]
    assert str(sys.get_int_max_str_digits()) in error["message"]
    assert "UTF-8" not in error["message"]


def test_invalid_utf8_is_still_named(client: TestClient) -> None:
    response = client.post("/v1/timeline", content=b'{"text": "\xff"}', headers=JSON_HEADERS)
    assert "UTF-8" in assert_error(response, 422, "invalid_request")["message"]


def test_a_too_large_streamed_body_is_refused_at_the_limit_and_closed(
    client: TestClient,
) -> None:
    limit = single_byte_limit(Settings())
    chunk = b"x" * 65536
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:  # a chunked body that never ends
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/timeline", "raw_path": b"/v1/timeline",
             "query_string": b"", "root_path": "", "scheme": "http", "http_version": "1.1",
             "server": ("test", 80), "client": ("test", 1),
             "headers": [(b"content-type", b"application/json"),
                         (b"transfer-encoding", b"chunked")]}
    asyncio.run(client.app(scope, receive, send))  # type: ignore[arg-type]
    assert sent[0]["status"] == 413
    headers = dict(sent[0]["headers"])
    assert headers[b"connection"] == b"close"  # the server stops reading the rest
    assert pulled * len(chunk) <= limit + len(chunk)  # not a chunk more than needed
    assert json.loads(sent[1]["body"])["error"]["code"] == "text_too_large"


def _count_calls(directory: str, calls: int, out: multiprocessing.Queue[int]) -> None:
    limit = RateLimit(20, directory)
    out.put(sum(limit.retry_after("shared-key") is None for _ in range(calls)))


def test_the_rate_limit_is_one_count_across_processes(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[int] = ctx.Queue()
    procs = [ctx.Process(target=_count_calls, args=(str(tmp_path), 15, out)) for _ in range(2)]
    for proc in procs:
        proc.start()
    allowed = [out.get(timeout=60) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    assert sum(allowed) == 20  # 30 calls between two processes, 20 allowed in the minute
    other = RateLimit(20, tmp_path)
    assert other.retry_after("shared-key") is not None
    assert other.retry_after("another-key") is None  # a key's count is its own


def test_a_damaged_count_file_starts_a_new_window(tmp_path: Path) -> None:
    limit = RateLimit(1, tmp_path)
    assert limit.retry_after("k") is None
    for path in tmp_path.iterdir():
        path.write_bytes(b"\x00garbage")
    assert limit.retry_after("k") is None
    assert limit.retry_after("k") is not None


def test_a_named_directory_is_made_when_missing(tmp_path: Path) -> None:
    limit = RateLimit(1, tmp_path / "counts" / "here")
    assert limit.retry_after("k") is None and limit.retry_after("k") is not None


def test_the_count_files_hold_no_key(tmp_path: Path) -> None:
    RateLimit(5, tmp_path).retry_after("secret-token-123")
    (path,) = tmp_path.iterdir()
    assert "secret" not in path.name and b"secret" not in path.read_bytes()
    assert json.dumps(path.read_text().split())  # "start count", plain text
