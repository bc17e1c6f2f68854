"""The FastAPI application: routers, error handlers and request guards."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from service import __version__
from service.api.routes import router
from service.config import get_settings
from service.errors import TextTooLarge, TimelineError, UnsupportedMediaType
from service.nlp import load_nlp

log = logging.getLogger("service")

# JSON escapes can spend up to 6 bytes on one character; the envelope gets some slack.
_BYTES_PER_CHAR = 6
_ENVELOPE_BYTES = 64 * 1024


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The one error shape of the API: {"error": {"code", "message", "details"}}."""
    return JSONResponse(
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


def _status_code_name(status: int) -> str:
    return {
        404: "not_found",
        405: "method_not_allowed",
        413: "text_too_large",
        415: "unsupported_media_type",
    }.get(status, "http_error")


def install_error_handlers(app: FastAPI) -> None:
    """Map every failure to the JSON error shape."""

    @app.exception_handler(TimelineError)
    async def _domain(_: Request, exc: TimelineError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(
            422, "invalid_request", "The request is not valid JSON of the expected shape.",
            _validation_details(exc),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(
            exc.status_code, _status_code_name(exc.status_code), str(exc.detail), None,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        request_id = getattr(request.state, "request_id", None) or uuid.uuid4().hex
        log.exception("internal error (request_id=%s)", request_id, exc_info=exc)
        return error_response(
            500, "internal_error", "An unexpected error occurred.", {"request_id": request_id}
        )


def install_guards(app: FastAPI) -> None:
    """Reject wrong content types and oversized bodies before any parsing."""
    settings = get_settings()
    byte_limit = settings.max_chars * _BYTES_PER_CHAR + _ENVELOPE_BYTES
    if settings.max_batch > 1:
        byte_limit *= settings.max_batch

    @app.middleware("http")
    async def _guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request.state.request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
        if request.method == "POST" and request.url.path.startswith("/v1/"):
            ctype = request.headers.get("content-type", "")
            if ctype.split(";")[0].strip().lower() != "application/json":
                exc: TimelineError = UnsupportedMediaType(
                    "The body must be JSON (Content-Type: application/json).",
                    {"content_type": ctype or None},
                )
                return error_response(exc.status, exc.code, exc.message, exc.details)
            length = request.headers.get("content-length")
            single = request.url.path == "/v1/timeline"
            limit = settings.max_chars * _BYTES_PER_CHAR + _ENVELOPE_BYTES if single else byte_limit
            if length is not None and length.isdigit() and int(length) > limit:
                exc = TextTooLarge(
                    f"the body has {length} bytes; it cannot hold at most "
                    f"{settings.max_chars} characters of text",
                    {"limit": settings.max_chars},
                )
                return error_response(exc.status, exc.code, exc.message, exc.details)
        response = await call_next(request)
        response.headers["x-request-id"] = request.state.request_id
        return response


@asynccontextmanager
async def _lifespan(_: FastAPI) -> AsyncIterator[None]:
    load_nlp()  # once per process, before the first request
    yield


def create_app() -> FastAPI:
    """Build the application; the parser model is loaded once, at start-up."""
    app = FastAPI(
        lifespan=_lifespan,
        title="Timeline service",
        version=__version__,
        description="Turns news articles into an ordered timeline of dated events.",
    )
    install_error_handlers(app)
    install_guards(app)
    app.include_router(router)

    return app


app = create_app()
