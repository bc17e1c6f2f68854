"""The FastAPI application: routers, error handlers and request guards."""

from __future__ import annotations

import json
import logging
import sys
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from schemas.timeline import LANGUAGES
from service import __version__
from service.api.auth import Auth, parse_keys
from service.api.cancel import ClientGone
from service.api.drain import Drain, install_drain
from service.api.guard import Guard, Send
from service.api.observe import OVERLOADED, TIMEOUTS, Observe, configure_logging, metrics_body
from service.api.pages import SecurityHeaders, install_pages
from service.api.routes import router
from service.api.workers import PipelinePool, PoolConfig
from service.config import Settings, get_settings
from service.domain.errors import TimelineError

log = logging.getLogger("service")



class _ErrorJSON(JSONResponse):
    """JSON escaped to ASCII: details may echo what the caller sent, lone surrogates included,
    and those cannot be encoded as UTF-8."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False,
                          separators=(",", ":")).encode("ascii")


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The one error shape of the API: {"error": {"code", "message", "details"}}."""
    return _ErrorJSON(
        {"error": {"code": code, "message": message, "details": details}},
        status_code=status,
        headers=headers,
    )


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Never echo the input back: it may be megabytes of text or binary junk.
    return [
        {"loc": list(err.get("loc", ())), "msg": str(err.get("msg", "")), "type": err.get("type")}
        for err in exc.errors()
    ]


def _option_error(code: str, error: Any) -> JSONResponse:
    """422 for an unknown language or time zone, echoing (the start of) what was sent."""
    given = str(error.get("input", ""))
    if code == "unsupported_language":
        message = f"unsupported language: {given[:20]!r}; supported: {', '.join(LANGUAGES)}"
        details: dict[str, Any] = {"language": given[:20], "supported": list(LANGUAGES)}
    else:
        message, details = f"unknown time zone: {given[:64]!r}", {"timezone": given[:64]}
    loc = list(error.get("loc", ()))
    if len(loc) > 1 and isinstance(loc[1], int):  # an item of a batch
        message, details = f"item {loc[1]}: {message}", {"index": loc[1], **details}
    return error_response(422, code, message, details)


def _status_code_name(status: int) -> str:
    return {
        404: "not_found",
        405: "method_not_allowed",
        413: "text_too_large",
        415: "unsupported_media_type",
    }.get(status, "http_error")


def _unreadable(cause: BaseException | None) -> str:
    """Why json.loads could not read the body (it raised something other than a syntax
    error)."""
    if isinstance(cause, UnicodeDecodeError):
        return "The request body could not be read as JSON: it must be UTF-8."
    if isinstance(cause, RecursionError):
        return "The request body could not be read as JSON: it is nested too deeply."
    if isinstance(cause, ValueError) and "digits" in str(cause):
        # CPython's limit on converting long digit strings (sys.get_int_max_str_digits)
        return ("The request body could not be read as JSON: a number has too many digits "
                f"(at most {sys.get_int_max_str_digits()}).")
    return "The request body could not be read as JSON."


def install_error_handlers(app: FastAPI) -> None:
    """Map every failure to the JSON error shape."""

    @app.exception_handler(TimelineError)
    async def _domain(_: Request, exc: TimelineError) -> JSONResponse:
        # a timeout, an overload or a rate limit is worth retrying, after a pause
        retry = {"Retry-After": "1"} if exc.status in (429, 503) else None
        return error_response(exc.status, exc.code, exc.message, exc.details, headers=retry)

    @app.exception_handler(ClientGone)
    async def _gone(_: Request, exc: ClientGone) -> JSONResponse:
        # nobody reads this answer; the status is what the access log records
        return error_response(499, "client_closed_request", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = _validation_details(exc)
        # an unknown language or zone keeps its own code when it is the only problem
        kinds = {d["type"] for d in details}
        if len(kinds) == 1 and kinds <= {"unsupported_language", "unknown_timezone"}:
            return _option_error(kinds.pop(), exc.errors()[0])
        return error_response(
            422, "invalid_request", "The request is not valid JSON of the expected shape.",
            details,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 413:  # FastAPI's body limit, met while reading a chunked body
            return error_response(
                413, "text_too_large", "The request body is over the size limit.",
                None,
            )
        if exc.status_code == 400:
            # FastAPI's answer to a body json.loads cannot read at all: still a malformed
            # request, and the message says what was wrong with it
            return error_response(422, "invalid_request", _unreadable(exc.__cause__), None)
        return error_response(
            exc.status_code, _status_code_name(exc.status_code), str(exc.detail), None,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        request_id = getattr(request.state, "request_id", None) or uuid.uuid4().hex
        log.exception("internal error (request_id=%s)", request_id, exc_info=exc)
        return error_response(
            500, "internal_error", "An unexpected error occurred.", {"request_id": request_id},
            headers={"x-request-id": request_id},
        )


# Answers after which the connection is closed: the body may still be streaming in (a too
# large or stalled one: the server must not go on reading it), or the worker is going away.
_CLOSE_AFTER: Final = frozenset({"text_too_large", "body_timeout", "shutting_down"})


async def send_error(send: Send, status: int, code: str, message: str, details: Any) -> None:
    """Send the JSON error envelope from ASGI middleware (before any route runs)."""
    headers: dict[str, str] = {}
    if status in (429, 503):
        wait = details.get("retry_after_s", 1) if isinstance(details, dict) else 1
        headers["Retry-After"] = str(wait)
    if code in _CLOSE_AFTER:
        headers["Connection"] = "close"
    response = error_response(status, code, message, details, headers=headers)
    await send({"type": "http.response.start", "status": status,
                "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body})


def install_middleware(app: FastAPI, settings: Settings) -> None:
    """From the outside in: request id, logs and metrics; security headers; shutdown; CORS;
    keys; the body guard."""
    app.add_middleware(Guard, settings=settings, send_error=send_error)
    app.add_middleware(Auth, keys=parse_keys(settings.api_keys),
                       per_minute=settings.rate_limit_per_minute, send_error=send_error,
                       counts_dir=settings.rate_limit_dir)
    origins = parse_keys(settings.cors_origins)
    if origins:  # closed unless origins are named
        app.add_middleware(CORSMiddleware, allow_origins=list(origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "Authorization", "X-Request-Id"])
    app.add_middleware(Drain, draining=app.state.draining, send_error=send_error)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(Observe)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        body, media_type = metrics_body()
        return Response(body, media_type=media_type)


def pool_config(settings: Settings) -> PoolConfig:
    """The pipeline processes the settings ask for."""
    return PoolConfig(
        processes=settings.pipeline_processes,
        max_in_flight=settings.max_concurrency,
        timeout_s=settings.request_timeout_s,
        recycle_requests=settings.recycle_requests,
        recycle_strings=settings.recycle_strings,
        model=settings.spacy_model,
        queue_timeout_s=settings.queue_timeout_s,
        long_chars=settings.long_text_chars,
        long_timeout_s=settings.long_text_timeout_s,
        log_level=settings.log_level,
    )


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # the parser is loaded once, in the pipeline processes' forkserver, before any request
    # settings given to create_app, else the environment's as they are at start-up
    pool = PipelinePool(pool_config(app.state.settings or get_settings()))
    pool.on_timeout = TIMEOUTS.inc
    pool.on_overload = OVERLOADED.inc
    await pool.start()
    app.state.pool = pool
    settings = app.state.settings or get_settings()
    install_drain(app.state.draining, lambda: pool.in_flight, settings.shutdown_grace_s)
    try:
        yield
    finally:
        await pool.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application; the parser model is loaded once, at start-up.

    Args:
        settings: what to run with (default: the environment's, read once).
    """
    given = settings
    settings = given if given is not None else get_settings()
    app = FastAPI(
        lifespan=_lifespan,
        title="Timeline service",
        version=__version__,
        description="Turns news articles into an ordered timeline of dated events.",
        # /docs and /redoc are served from local assets by install_pages (no CDN)
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = given
    app.state.draining = threading.Event()
    if given is not None:
        app.dependency_overrides[get_settings] = lambda: given
    configure_logging(settings.log_level)
    install_error_handlers(app)
    install_middleware(app, settings)
    app.include_router(router)
    install_pages(app)

    return app


app = create_app()
