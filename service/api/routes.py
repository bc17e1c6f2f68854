"""HTTP routes: translate between the schema and the pipeline, nothing more."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Response
from spacy.language import Language

from schemas.timeline import ErrorOut, HealthOut, TimelineIn, TimelineOut, VersionOut
from service import __version__
from service.api.deps import NlpDep, SettingsDep
from service.config import Settings
from service.domain.errors import BatchTooLarge, TextTooLarge, TimelineError
from service.domain.types import Timeline
from service.formats.timeml import to_timeml
from service.library import extract
from service.pipeline import run as pipeline

router = APIRouter()

_ERRORS: dict[int | str, dict[str, object]] = {
    413: {"model": ErrorOut, "description": "Text (or batch) over the configured limit."},
    415: {"model": ErrorOut, "description": "The body is not application/json."},
    422: {"model": ErrorOut, "description": "Malformed JSON, schema violation, unknown language "
          "or time zone, invalid document date."},
    500: {"model": ErrorOut, "description": "Unexpected failure (logged with a request id)."},
}


def _check_size(body: TimelineIn, settings: Settings) -> None:
    if len(body.text) > settings.max_chars:
        raise TextTooLarge(
            f"text has {len(body.text)} characters; the limit is {settings.max_chars}",
            {"limit": settings.max_chars, "length": len(body.text)},
        )


def _timeline(body: TimelineIn, nlp: Language) -> Timeline:
    return pipeline.run(
        body.text,
        body.document_date,
        timezone=body.timezone,
        language=body.language,
        include_inferred=body.include_inferred,
        events=body.events,
        nlp=nlp,
        prefer=body.prefer,
        date_order=body.date_order,
    )


def _run(body: TimelineIn, nlp: Language) -> TimelineOut:
    return extract(
        body.text,
        body.document_date,
        timezone=body.timezone,
        language=body.language,
        include_inferred=body.include_inferred,
        events=body.events,
        nlp=nlp,
        prefer=body.prefer,
        date_order=body.date_order,
    )


@router.get("/health", response_model=HealthOut, tags=["service"])
def health() -> HealthOut:
    """Liveness: answers without doing any work."""
    return HealthOut(status="ok")


@router.get("/version", response_model=VersionOut, tags=["service"])
def version(nlp: NlpDep) -> VersionOut:
    """Service version and the parser model in use."""
    meta = nlp.meta
    parser = f"{meta.get('lang', 'en')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"
    return VersionOut(name="timeline-service", version=__version__, parser_model=parser)


@router.post(
    "/v1/timeline",
    response_model=TimelineOut,
    responses={
        **_ERRORS,
        200: {"content": {"application/xml": {}}, "description": "The timeline (JSON or TimeML)."},
    },
    tags=["timeline"],
)
def create_timeline(
    body: TimelineIn,
    settings: SettingsDep,
    nlp: NlpDep,
    format: Annotated[Literal["json", "timeml"], Query(description="Response format.")] = "json",
) -> TimelineOut | Response:
    """Extract time expressions and an ordered timeline of events from one article."""
    _check_size(body, settings)
    if format == "timeml":
        return Response(to_timeml(_timeline(body, nlp), body.text), media_type="application/xml")
    return _run(body, nlp)


@router.post(
    "/v1/timelines", response_model=list[TimelineOut], responses=_ERRORS, tags=["timeline"]
)
def create_timelines(
    body: Annotated[list[TimelineIn], Body(min_length=1)],
    settings: SettingsDep,
    nlp: NlpDep,
) -> list[TimelineOut]:
    """Several articles in one call (at most `max_batch`), answered in the same order."""
    if len(body) > settings.max_batch:
        raise BatchTooLarge(
            f"batch has {len(body)} requests; the limit is {settings.max_batch}",
            {"limit": settings.max_batch, "length": len(body)},
        )
    for index, item in enumerate(body):
        with _item(index):
            _check_size(item, settings)
    results = []
    for index, item in enumerate(body):
        with _item(index):
            results.append(_run(item, nlp))
    return results


@contextmanager
def _item(index: int) -> Iterator[None]:
    """Name the batch item a TimelineError is about (message prefix and details["index"])."""
    try:
        yield
    except TimelineError as exc:
        details = exc.details if isinstance(exc.details, dict) else {"details": exc.details}
        raise type(exc)(f"item {index}: {exc.message}", {"index": index, **details}) from exc
