"""Request bodies from hypothesis: random unicode (lone surrogates and combining marks
included), very long tokens, deep JSON and wrong types. Whatever is sent, the status is one the
API documents, an error comes in the JSON envelope, offsets point into the text and nothing
escapes as a 500."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DOCUMENTED = {200, 413, 415, 422, 429, 503}
HEADERS = {"Content-Type": "application/json"}

_unicode = st.text(
    alphabet=st.characters(codec=None, categories=None), min_size=1, max_size=300
)  # every code point, lone surrogates and combining marks included
_long_token = st.builds(lambda c, n: c * n, st.sampled_from(["(", "a", "\u0301", "\U0001f600",
                                                               "9", "-"]),
                        st.integers(min_value=100, max_value=5_000))
_prose = st.lists(st.sampled_from(["On Monday", "talks", "resumed", "(May 19)", "3 days ago",
                                   "in 2024", ".", "\n", "said", "Kyiv"]),
                  max_size=40).map(" ".join)
_text = st.one_of(_unicode, _long_token, _prose.filter(bool))
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=30,
)
_body = st.fixed_dictionaries(
    {"text": _text},
    optional={
        "document_date": st.one_of(st.none(), st.sampled_from(["2025-05-20", "2025-02-30",
                                                              "20 May", ""]), _json),
        "timezone": st.one_of(st.sampled_from(["UTC", "Europe/Kyiv", "Mars/Base"]), _json),
        "language": st.one_of(st.just("en"), _json),
        "include_inferred": st.one_of(st.booleans(), _json),
        "events": st.one_of(st.sampled_from(["all", "main", "none"]), _json),
    },
)


def _encode(body: Any) -> bytes:
    # surrogates cannot be UTF-8: send them as JSON escapes, as a JavaScript client would
    return json.dumps(body, ensure_ascii=True).encode("ascii")


def _check(response: Any, texts: list[str]) -> None:
    assert response.status_code in DOCUMENTED, response.text[:500]
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    if response.status_code != 200:
        assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
        return
    for text, answer in zip(texts, body if isinstance(body, list) else [body], strict=True):
        for timex in answer["time_expressions"]:
            assert text[timex["start"]:timex["end"]] == timex["text"]
        for event in answer["events"]:
            trigger = event["trigger"]
            assert text[trigger["start"]:trigger["end"]] == trigger["text"]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(_body)
def test_any_body_gets_a_documented_answer(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/v1/timeline", content=_encode(body), headers=HEADERS)
    _check(response, [body["text"]])


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_body, min_size=1, max_size=3))
def test_any_batch_gets_a_documented_answer(client: TestClient, batch: list[dict[str, Any]]
                                            ) -> None:
    response = client.post("/v1/timelines", content=_encode(batch), headers=HEADERS)
    _check(response, [item["text"] for item in batch])


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(_json)
def test_any_json_at_all_gets_a_documented_answer(client: TestClient, value: Any) -> None:
    for path in ("/v1/timeline", "/v1/timelines"):
        _check(client.post(path, content=_encode(value), headers=HEADERS), [])


def test_deep_json_is_refused_in_the_envelope(client: TestClient) -> None:
    deep = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = client.post("/v1/timeline", content=deep, headers=HEADERS)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
