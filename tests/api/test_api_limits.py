"""Deadline, concurrency bound, process recycling, API keys, rate limit, CORS and metrics."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.api.auth import RateLimit, matching_key
from service.api.observe import JsonFormatter
from service.api.workers import PipelinePool, PoolConfig
from service.app import create_app
from service.config import Settings
from service.domain.errors import Overloaded, RequestTimeout
from tests.api.helpers import assert_error
from tests.conftest import read_article


def _client(**settings: object) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(**settings)), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def hurried() -> Iterator[TestClient]:
    """An application whose deadline no real article meets."""
    yield from _client(request_timeout_s=0.05)


@pytest.fixture(scope="module")
def keyed() -> Iterator[TestClient]:
    yield from _client(api_keys="k-one, k-two", rate_limit_per_minute=2,
                       cors_origins="https://news.example")


def test_past_the_deadline_the_answer_is_503_timeout(hurried: TestClient) -> None:
    response = hurried.post("/v1/timeline", json={"text": read_article()})
    error = assert_error(response, 503, "timeout")
    assert error["details"] == {"timeout_s": 0.05}
    assert response.headers["retry-after"] == "1"
    # the worker is free at once, and the killed process was replaced
    assert hurried.get("/health").status_code == 200
    pool = hurried.app.state.pool  # type: ignore[attr-defined]
    assert pool.in_flight == 0
    for _ in range(100):  # the replacement starts in the background
        if pool.replaced >= 1:
            break
        time.sleep(0.1)
    assert pool.replaced >= 1


def test_a_timeout_is_counted_in_the_metrics(hurried: TestClient) -> None:
    hurried.post("/v1/timeline", json={"text": read_article()})
    metrics = hurried.get("/metrics").text
    assert "timeline_timeouts_total" in metrics
    line = next(x for x in metrics.splitlines() if x.startswith("timeline_timeouts_total "))
    assert float(line.split()[1]) >= 1


def _run(coro: object) -> object:
    return asyncio.run(coro)  # type: ignore[arg-type]


def test_the_pool_refuses_past_its_in_flight_limit() -> None:
    async def scenario() -> None:
        pool = PipelinePool(PoolConfig(processes=1, max_in_flight=1, timeout_s=30))
        await pool.start()
        try:
            first = asyncio.ensure_future(pool.run(time.sleep, 0.5))
            await asyncio.sleep(0.05)
            with pytest.raises(Overloaded):
                await pool.run(len, "abc")
            await first
            assert await pool.run(len, "abc") == 3
        finally:
            await pool.close()

    _run(scenario())


def test_the_pool_kills_at_the_deadline_and_recycles_after_n_jobs() -> None:
    async def scenario() -> None:
        pool = PipelinePool(PoolConfig(processes=1, timeout_s=0.3, recycle_requests=2))
        await pool.start()
        try:
            started = time.monotonic()
            with pytest.raises(RequestTimeout):
                await pool.run(time.sleep, 30)
            assert time.monotonic() - started < 5
            pids = [await pool.run(os.getpid) for _ in range(3)]
            assert pids[0] == pids[1] != pids[2]  # retired after two jobs, replaced
        finally:
            await pool.close()

    _run(scenario())


def test_a_cancelled_request_stops_its_work() -> None:
    async def scenario() -> None:
        pool = PipelinePool(PoolConfig(processes=1, timeout_s=30))
        await pool.start()
        try:
            busy = asyncio.ensure_future(pool.run(time.sleep, 30))
            await asyncio.sleep(0.2)
            busy.cancel()
            started = time.monotonic()
            assert await pool.run(len, "ab") == 2  # a fresh process took the job
            assert time.monotonic() - started < 20
        finally:
            await pool.close()

    _run(scenario())


def test_a_key_is_needed_for_the_api_but_not_for_health(keyed: TestClient) -> None:
    assert keyed.get("/health").status_code == 200
    assert keyed.get("/version").status_code == 200
    assert_error(keyed.post("/v1/timeline", json={"text": "On Monday."}), 401, "unauthorized")
    wrong = {"Authorization": "Bearer k-three"}
    assert_error(keyed.post("/v1/timeline", json={"text": "On Monday."}, headers=wrong), 401,
                 "unauthorized")


def test_a_key_is_rate_limited_with_retry_after(keyed: TestClient) -> None:
    headers = {"Authorization": "Bearer k-two"}
    statuses = [keyed.post("/v1/timeline", json={"text": "On Monday."}, headers=headers)
                for _ in range(3)]
    assert [r.status_code for r in statuses[:2]] == [200, 200]
    assert_error(statuses[2], 429, "rate_limited")
    assert int(statuses[2].headers["retry-after"]) >= 1


def test_cors_only_for_the_named_origins(keyed: TestClient, client: TestClient) -> None:
    named = keyed.get("/health", headers={"Origin": "https://news.example"})
    assert named.headers["access-control-allow-origin"] == "https://news.example"
    other = keyed.get("/health", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers
    assert "access-control-allow-origin" not in client.get(
        "/health", headers={"Origin": "https://news.example"}).headers


def test_keys_compare_whole_tokens() -> None:
    keys = ("alpha", "beta")
    assert matching_key("beta", keys) == "beta"
    assert matching_key("bet", keys) is None and matching_key(None, keys) is None


def test_rate_limit_window() -> None:
    now = [0.0]
    limit = RateLimit(2, clock=lambda: now[0])
    assert limit.retry_after("k") is None and limit.retry_after("k") is None
    assert limit.retry_after("k") == 60
    now[0] = 45.0
    assert limit.retry_after("k") == 15
    now[0] = 61.0
    assert limit.retry_after("k") is None


def test_batch_character_budget_is_checked_before_any_work() -> None:
    for client in _client(max_batch_chars=30):
        body = [{"text": "Talks began on Monday."}, {"text": "They ended on Friday."}]
        error = assert_error(client.post("/v1/timelines", json=body), 413, "batch_too_large")
        assert error["details"] == {"limit_chars": 30, "chars": 43}


def test_metrics_count_requests_and_documents(client: TestClient) -> None:
    client.post("/v1/timeline", json={"text": "Talks began on Monday.",
                                      "document_date": "2025-05-20"})
    metrics = client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'timeline_requests_total{route="/v1/timeline",status="200"}' in text
    assert "timeline_request_duration_seconds_bucket" in text
    assert "timeline_documents_total" in text and "timeline_characters_total" in text


def test_access_log_is_json_without_the_text(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="service.access"):
        client.post("/v1/timeline", json={"text": "Secret-ish words on Monday."},
                    headers={"x-request-id": "log-77"})
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records
             if r.name == "service.access"]
    entry = next(x for x in lines if x.get("request_id") == "log-77")
    assert entry["status"] == 200 and entry["outcome"] == "ok" and entry["duration_ms"] > 0
    assert entry["route"] == "/v1/timeline" and entry["level"] == "info"
    assert "Secret-ish" not in json.dumps(lines)
