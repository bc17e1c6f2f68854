"""The FastAPI application: routers, error handlers and request guards."""

from __future__ import annotations

import json
import logging
import re
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
from service.api.pages import install_pages
from service.api.routes import router
from service.config import get_settings
from service.domain.errors import TextTooLarge, TimelineError, UnsupportedMediaType
from service.nlp import load_nlp
from service.pipeline.run import warm_up

log = logging.getLogger("service")

# JSON escapes can spend up to 6 bytes on one character; the envelope gets some slack.
_BYTES_PER_CHAR = 6
_ENVELOPE_BYTES = 64 * 1024
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


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
        if exc.status_code == 413:  # FastAPI's body limit, met while reading a chunked body
            return error_response(
                413, "text_too_large", "The request body is over the size limit.",
                {"limit_bytes": body_byte_limit()},
            )
        if exc.status_code == 400:
            # FastAPI's answer to a body json.loads cannot read at all (invalid UTF-8, nesting
            # too deep for the decoder): still a malformed request
            return error_response(
                422, "invalid_request",
                "The request body could not be read as JSON (it must be UTF-8).", None,
            )
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


def body_byte_limit() -> int:
    """The largest body any request may need: a full batch of texts at the character limit."""
    settings = get_settings()
    return (settings.max_chars * _BYTES_PER_CHAR + _ENVELOPE_BYTES) * settings.max_batch


def install_guards(app: FastAPI) -> None:
    """Reject wrong content types and oversized bodies before any parsing."""
    settings = get_settings()
    byte_limit = body_byte_limit()

    @app.middleware("http")
    async def _guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        given = request.headers.get("x-request-id", "")
        # a caller's id is kept for tracing, if it is a plain token that is safe to log
        request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.state.request_id = request_id
        if request.method == "POST" and request.url.path.startswith("/v1/"):
            ctype = request.headers.get("content-type", "")
            if ctype.split(";")[0].strip().lower() != "application/json":
                exc: TimelineError = UnsupportedMediaType(
                    "The body must be JSON (Content-Type: application/json).",
                    {"content_type": ctype or None},
                )
                return error_response(exc.status, exc.code, exc.message, exc.details,
                                      headers={"x-request-id": request_id})
            length = request.headers.get("content-length")
            single = request.url.path == "/v1/timeline"
            limit = settings.max_chars * _BYTES_PER_CHAR + _ENVELOPE_BYTES if single else byte_limit
            if length is not None and length.isdigit() and int(length) > limit:
                exc = TextTooLarge(
                    f"the body has {length} bytes, more than text of at most "
                    f"{settings.max_chars} characters can take",
                    {"limit": settings.max_chars, "body_bytes": int(length)},
                )
                return error_response(exc.status, exc.code, exc.message, exc.details,
                                      headers={"x-request-id": request_id})
        response = await call_next(request)
        response.headers["x-request-id"] = request_id
        return response


@asynccontextmanager
async def _lifespan(_: FastAPI) -> AsyncIterator[None]:
    load_nlp(get_settings().spacy_model)  # once per process, before the first request
    warm_up()  # and the word tables the stages would otherwise read on first use
    yield


def create_app() -> FastAPI:
    """Build the application; the parser model is loaded once, at start-up."""
    app = FastAPI(
        lifespan=_lifespan,
        title="Timeline service",
        version=__version__,
        description="Turns news articles into an ordered timeline of dated events.",
        # the Content-Length guard below cannot see a chunked body; this bounds what is read
        max_body_size=body_byte_limit(),
        # /docs and /redoc are served from local assets by install_pages (no CDN)
        docs_url=None,
        redoc_url=None,
    )
    install_error_handlers(app)
    install_guards(app)
    app.include_router(router)
    install_pages(app)

    return app


app = create_app()
