"""What an operator sees: a request id on every answer, one JSON log line per request, and
Prometheus metrics (``GET /metrics``). Logs never hold the article text."""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import time
import uuid
from types import TracebackType
from typing import Any, Final

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)

from service.api.guard import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("service.access")

_REQUEST_ID: Final = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Label values stay few: any other path is counted as "other".
ROUTES: Final = frozenset({
    "/v1/timeline", "/v1/timelines", "/health", "/version", "/metrics", "/", "/docs", "/redoc",
    "/openapi.json",
})

# The service's own registry: importing this module again (as a fresh import of the package
# does) makes a new one instead of registering the same series twice in a global registry.
REGISTRY: Final = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)

REQUESTS: Final = Counter("timeline_requests_total", "HTTP requests answered.",
                          ["route", "status"], registry=REGISTRY)
LATENCY: Final = Histogram(
    "timeline_request_duration_seconds", "Time to answer a request.", ["route"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30), registry=REGISTRY,
)
IN_FLIGHT: Final = Gauge("timeline_requests_in_flight", "Requests being answered.",
                           registry=REGISTRY)
TIMEOUTS: Final = Counter("timeline_timeouts_total", "Requests stopped at their deadline.",
                           registry=REGISTRY)
OVERLOADED: Final = Counter("timeline_overloaded_total",
                            "Requests refused at the concurrency limit.", registry=REGISTRY)
DOCUMENTS: Final = Counter("timeline_documents_total", "Documents processed.",
                            registry=REGISTRY)
CHARACTERS: Final = Counter("timeline_characters_total", "Characters of text processed.",
                             registry=REGISTRY)


def metrics_body() -> tuple[bytes, str]:
    """The metrics of this worker process in the Prometheus text format."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def route_of(path: str) -> str:
    return path if path in ROUTES else "other"


def _request_id(scope: Scope) -> str:
    for key, value in scope.get("headers", ()):
        if key.lower() == b"x-request-id":
            given = bytes(value).decode("latin-1")
            # a caller's id is kept for tracing, if it is a plain token that is safe to log
            if _REQUEST_ID.fullmatch(given):
                return given
    return uuid.uuid4().hex


class Observe:
    """Set ``scope["state"]["request_id"]``, echo it as ``x-request-id``, log and count."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, send_with_id)
        except BaseException:
            status = status or 500
            raise
        finally:
            IN_FLIGHT.dec()
            elapsed = time.perf_counter() - started
            route = route_of(scope["path"])
            REQUESTS.labels(route, str(status or 499)).inc()
            LATENCY.labels(route).observe(elapsed)
            access_log.info("request", extra={"fields": {
                "request_id": request_id, "method": scope["method"], "route": route,
                "status": status or 499, "duration_ms": round(elapsed * 1000, 1),
                "outcome": outcome_of(status),
            }})


def outcome_of(status: int) -> str:
    """A word for the log: ok, client_error, timeout_or_overload, server_error, gone."""
    if status == 0 or status == 499:
        return "client_gone"
    if status < 400:
        return "ok"
    if status == 503:
        return "unavailable"
    return "client_error" if status < 500 else "server_error"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=True)


def configure_logging(level: str) -> None:
    """JSON lines on stderr for every logger of the process: the service's own (access and
    errors), the libraries' (the root logger), warnings, and uncaught exceptions."""
    logger = logging.getLogger("service")
    if any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_thread_uncaught


def _log_uncaught(kind: type[BaseException], error: BaseException,
                  trace: TracebackType | None) -> None:
    logging.getLogger("service").critical("uncaught exception", exc_info=(kind, error, trace))


def _log_thread_uncaught(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _log_uncaught(args.exc_type, args.exc_value, args.exc_traceback)


def uvicorn_log_config(level: str) -> dict[str, Any]:
    """uvicorn's own loggers (start-up, shutdown, the supervisor's) as JSON lines too."""
    handler = {"class": "logging.StreamHandler", "formatter": "json",
               "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "service.api.observe.JsonFormatter"}},
        "handlers": {"json": handler},
        "loggers": {
            "uvicorn": {"handlers": ["json"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"level": level.upper()},
            "uvicorn.access": {"handlers": ["json"], "level": level.upper(),
                               "propagate": False},
        },
    }
