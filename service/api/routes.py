"""HTTP routes: translate between the schema and the pipeline, nothing more."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request, Response
from spacy.language import Language

from schemas.timeline import ErrorOut, HealthOut, TimelineIn, TimelineOut, VersionOut
from service import __version__
from service.api.cancel import until_disconnect
from service.api.deps import SettingsDep
from service.api.observe import CHARACTERS, DOCUMENTS
from service.config import Settings
from service.domain.errors import BatchTooLarge, TextTooLarge, TimelineError
from service.domain.types import Timeline
from service.formats.timeml import to_timeml
from service.library import extract
from service.nlp import load_nlp
from service.pipeline import run as pipeline
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


def _timeline(body: TimelineIn, nlp: Language, caps: Caps) -> Timeline:
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
        caps=caps,
    )


def _run(body: TimelineIn, nlp: Language, caps: Caps) -> TimelineOut:
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
        caps=caps,
    )


def _caps(settings: Settings) -> Caps:
    return Caps(max_time_expressions=settings.max_time_expressions,
                max_events=settings.max_events,
                max_sentence_chars=settings.max_sentence_chars)


# The jobs below run in a pipeline process (service.api.pool) and answer serialised bytes.


def timeline_job(body: TimelineIn, format: str, model: str | None, caps: Caps) -> bytes:
    """One article's answer: TimelineOut as JSON, or the TimeML document."""
    nlp = load_nlp(model)
    if format == "timeml":
        return to_timeml(_timeline(body, nlp, caps), body.text).encode("utf-8")
    return _run(body, nlp, caps).model_dump_json().encode("utf-8")


def timelines_job(bodies: list[TimelineIn], model: str | None, caps: Caps) -> bytes:
    """A batch's answer: a JSON list of TimelineOut, in order."""
    nlp = load_nlp(model)
    parts = []
    for index, item in enumerate(bodies):
        with _item(index):
            parts.append(_run(item, nlp, caps).model_dump_json())
    return ("[" + ",".join(parts) + "]").encode("utf-8")


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
    work = request.app.state.pool.run(
        timeline_job, body, format, settings.spacy_model, _caps(settings), cost=len(body.text)
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
        with _item(index):
            _check_size(item, settings)
    total = sum(len(item.text) for item in body)
    if total > settings.max_batch_chars:
        raise BatchTooLarge(
            f"batch has {total} characters of text; the limit is {settings.max_batch_chars}",
            {"limit_chars": settings.max_batch_chars, "chars": total},
        )
    work = request.app.state.pool.run(
        timelines_job, list(body), settings.spacy_model, _caps(settings), cost=total
    )
    content = await until_disconnect(request, work)
    DOCUMENTS.inc(len(body))
    CHARACTERS.inc(total)
    return Response(content, media_type="application/json")


@contextmanager
def _item(index: int) -> Iterator[None]:
    """Name the batch item a TimelineError is about (message prefix and details["index"])."""
    try:
        yield
    except TimelineError as exc:
        details = exc.details if isinstance(exc.details, dict) else {"details": exc.details}
        raise type(exc)(f"item {index}: {exc.message}", {"index": index, **details}) from exc
