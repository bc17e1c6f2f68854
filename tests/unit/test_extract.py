"""The Python library: ``from service import extract, extract_many``."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from schemas.timeline import ErrorBody, TimelineIn, TimelineOut
from service import extract, extract_many
from service.app import create_app
from service.domain.errors import InvalidDocumentDate, TextTooLarge, TimelineError
from service.domain.types import DateOrder, EventsMode, Prefer
from service.library import error_body, options_of, to_request
from service.pipeline.context import Options
from service.pipeline.limits import Caps

STORY = (
    "Flood waters reached the old bridge on Tuesday, the river authority said. "
    "Engineers closed it two days later and will reopen it next month."
)


def _without_timing(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "meta": {**body["meta"], "elapsed_ms": None}}


def test_extract_gives_what_the_http_api_answers() -> None:
    out = extract(STORY, "2024-03-14", timezone="Europe/Paris", events="main")
    assert isinstance(out, TimelineOut)
    # an application of its own: the session's has served the schema-driven requests
    with TestClient(create_app()) as client:
        response = client.post("/v1/timeline", json={
            "text": STORY, "document_date": "2024-03-14", "timezone": "Europe/Paris",
            "events": "main",
        })
    assert response.status_code == 200
    assert _without_timing(out.model_dump(mode="json")) == _without_timing(response.json())
    assert out.meta.elapsed_ms > 0


def test_extract_dates_the_story() -> None:
    out = extract(STORY, "2024-03-14")
    values = {t.text: t.value for t in out.time_expressions}
    assert values["Tuesday"] == "2024-03-12"
    assert values["two days later"] == "2024-03-14"
    assert values["next month"] == "2024-04"
    assert any(e.when is not None and e.when.value == "2024-03-12" for e in out.events)


def test_extract_raises_the_api_errors() -> None:
    with pytest.raises(InvalidDocumentDate) as bad_date:
        extract(STORY, "2024-13-40")
    assert bad_date.value.code == "invalid_document_date"
    with pytest.raises(TextTooLarge) as too_long:
        extract(STORY, max_chars=20)
    assert too_long.value.details == {"limit": 20, "length": len(STORY)}
    with pytest.raises(TimelineError) as bad_events:
        extract(STORY, events="some")  # type: ignore[arg-type]
    assert bad_events.value.code == "invalid_request"
    with pytest.raises(TimelineError) as empty:
        extract("")
    assert empty.value.code == "invalid_request"


def test_a_mapping_is_validated_as_a_request() -> None:
    assert to_request({"text": "x", "events": "none"}) == TimelineIn(text="x", events="none")
    with pytest.raises(TimelineError) as missing:
        to_request({"document_date": "2024-01-01"})
    assert missing.value.code == "invalid_request"
    assert missing.value.details[0]["loc"] == ["text"]
    assert "text: Field required" in missing.value.message


ARTICLES: list[Any] = [
    "The court ruled on Friday.",
    TimelineIn(text="The strike began on 2 June 2023.", document_date="2023-06-10"),
    {"text": "Officials will vote next week.", "document_date": "2022-11-02"},
    "Nobody said anything.",
    {"text": "The ferry sank in 1994.", "events": "none"},
]


def _dumped(results: list[TimelineOut]) -> list[dict[str, Any]]:
    return [_without_timing(r.model_dump(mode="json")) for r in results]


def test_extract_many_answers_in_input_order() -> None:
    results = list(extract_many(ARTICLES, batch_size=2))
    assert len(results) == len(ARTICLES)
    assert results[1].document_date == "2023-06-10"
    assert results[2].time_expressions[0].value == "2022-W45"
    assert results[4].events == []
    one_by_one = [extract(a) if isinstance(a, str) else extract(**to_request(a).model_dump())
                  for a in ARTICLES]
    assert _dumped(results) == _dumped(one_by_one)


def test_extract_many_in_two_processes_gives_the_same() -> None:
    alone = _dumped(list(extract_many(ARTICLES)))
    assert _dumped(list(extract_many(ARTICLES, n_process=2, batch_size=1))) == alone


def test_extract_many_reads_lazily() -> None:
    read: list[int] = []

    def articles() -> Any:
        for n in range(1000):
            read.append(n)
            yield f"Item {n} was sold on Monday."

    stream = extract_many(articles(), batch_size=2)
    first = next(stream)
    stream.close()
    assert first.time_expressions[0].text == "Monday"
    assert len(read) <= 3


def test_extract_many_raises_at_the_first_bad_article_after_the_good_ones() -> None:
    got: list[TimelineOut] = []
    with pytest.raises(TimelineError) as failure:
        for result in extract_many(["It rained on Sunday.", {"text": ""}, "Never reached."],
                                   batch_size=3):
            got.append(result)
    assert len(got) == 1 and failure.value.code == "invalid_request"


def test_extract_many_can_return_the_errors_and_go_on() -> None:
    results = list(extract_many(
        ["It rained on Sunday.", {"txt": "typo"}, "x" * 30, "Dry on Monday."],
        on_error="return", max_chars=25,
    ))
    assert [type(r).__name__ for r in results] == [
        "TimelineOut", "ErrorBody", "ErrorBody", "TimelineOut"
    ]
    assert isinstance(results[1], ErrorBody) and results[1].code == "invalid_request"
    assert isinstance(results[2], ErrorBody) and results[2].code == "text_too_large"


def test_a_crash_is_an_internal_error_naming_the_exception() -> None:
    body = error_body(ZeroDivisionError("division by zero"))
    assert body.code == "internal_error"
    assert body.details == {"exception": "ZeroDivisionError", "message": "division by zero"}
    assert error_body(TextTooLarge("too long", {"limit": 1})).code == "text_too_large"


def test_the_options_carry_every_field_of_the_request() -> None:
    assert set(TimelineIn.model_fields) - {"text"} <= {f.name for f in fields(Options)}
    request = TimelineIn(text="x", document_date="2025-05-20T23:30:00-04:00",
                         timezone="Europe/Paris", language="FR", include_inferred=False,
                         events="main", prefer="past", date_order="DMY")
    caps = Caps(max_time_expressions=5)
    assert options_of(request, caps) == Options(
        document_date=date(2025, 5, 21),  # the instant, in the request's zone
        timezone=ZoneInfo("Europe/Paris"),
        language="fr",
        include_inferred=False,
        events=EventsMode.MAIN,
        prefer=Prefer.PAST,
        date_order=DateOrder.DMY,
        caps=caps,
    )
    assert options_of(TimelineIn(text="x")) == Options()
