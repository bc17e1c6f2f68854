"""HTTP routes: translate between the schema and the pipeline, nothing more."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request, Response

from schemas.timeline import ErrorOut, HealthOut, TimelineIn, TimelineOut, VersionOut
from service import __version__
from service.api.cancel import until_disconnect
from service.api.deps import SettingsDep
from service.api.jobs import batch_item, timeline_job, timelines_job
from service.api.observe import CHARACTERS, DOCUMENTS
from service.config import Settings
from service.domain.errors import BatchTooLarge, TextTooLarge
from service.library import options_of
from service.pipeline.limits import Caps

router = APIRouter()

_ERRORS: dict[int | str, dict[str, object]] = {
    413: {"model": ErrorOut, "description": "Text (or batch) over the configured limit."},
    415: {"model": ErrorOut, "description": "The body is not application/json."},
    422: {"model": ErrorOut, "description": "Malformed JSON, schema violation, unknown language "
          "or time zone, invalid document date."},
    429: {"model": ErrorOut, "description": "Over the API key's rate limit (Retry-After)."},
    500: {"model": ErrorOut, "description": "Unexpected failure (logged with a request id)."},
    503: {"model": ErrorOut, "description": "Past the deadline of the request's work "
          "(`timeout`), past the concurrency limit or the longest wait for a pipeline process "
          "(`overloaded`), or the service is shutting down (`shutting_down`); retry after "
          "Retry-After seconds."},
}


def _check_size(body: TimelineIn, settings: Settings) -> None:
    if len(body.text) > settings.max_chars:
        raise TextTooLarge(
            f"text has {len(body.text)} characters; the limit is {settings.max_chars}",
            {"limit": settings.max_chars, "length": len(body.text)},
        )


def _caps(settings: Settings) -> Caps:
    return Caps(max_time_expressions=settings.max_time_expressions,
                max_events=settings.max_events,
                max_sentence_chars=settings.max_sentence_chars)


@router.get("/health", response_model=HealthOut, tags=["service"])
async def health() -> HealthOut:
    """Liveness: answers without doing any work."""
    return HealthOut(status="ok")


@router.get("/version", response_model=VersionOut, tags=["service"])
async def version(request: Request) -> VersionOut:
    """Service version and the parser model in use."""
    meta = request.app.state.pool.meta
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
async def create_timeline(
    request: Request,
    body: TimelineIn,
    settings: SettingsDep,
    format: Annotated[Literal["json", "timeml"], Query(description="Response format.")] = "json",
) -> TimelineOut | Response:
    """Extract time expressions and an ordered timeline of events from one article."""
    _check_size(body, settings)
    options = options_of(body, _caps(settings))
    work = request.app.state.pool.run(
        timeline_job, body.text, options, format, settings.spacy_model, cost=len(body.text)
    )
    content = await until_disconnect(request, work)
    DOCUMENTS.inc()
    CHARACTERS.inc(len(body.text))
    media = "application/xml" if format == "timeml" else "application/json"
    return Response(content, media_type=media)


@router.post(
    "/v1/timelines", response_model=list[TimelineOut], responses=_ERRORS, tags=["timeline"]
)
async def create_timelines(
    request: Request,
    body: Annotated[list[TimelineIn], Body(min_length=1, json_schema_extra={"maxItems": 100})],
    settings: SettingsDep,
) -> list[TimelineOut] | Response:
    """Several articles in one call (at most `max_batch`), answered in the same order."""
    if len(body) > settings.max_batch:
        raise BatchTooLarge(
            f"batch has {len(body)} requests; the limit is {settings.max_batch}",
            {"limit": settings.max_batch, "length": len(body)},
        )
    for index, item in enumerate(body):
        with batch_item(index):
            _check_size(item, settings)
    total = sum(len(item.text) for item in body)
    if total > settings.max_batch_chars:
        raise BatchTooLarge(
            f"batch has {total} characters of text; the limit is {settings.max_batch_chars}",
            {"limit_chars": settings.max_batch_chars, "chars": total},
        )
    caps = _caps(settings)
    articles = []
    for index, item in enumerate(body):
        with batch_item(index):
            articles.append((item.text, options_of(item, caps)))
    work = request.app.state.pool.run(timelines_job, articles, settings.spacy_model, cost=total)
    content = await until_disconnect(request, work)
    DOCUMENTS.inc(len(body))
    CHARACTERS.inc(total)
    return Response(content, media_type="application/json")
