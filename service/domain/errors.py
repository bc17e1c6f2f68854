"""Domain exceptions. Each has a stable code and HTTP status; the API turns them into JSON."""

from __future__ import annotations

from typing import Any, ClassVar


class TimelineError(Exception):
    """Base class of every error the service reports to a caller."""

    code: ClassVar[str] = "invalid_request"
    status: ClassVar[int] = 422

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidRequest(TimelineError):
    code = "invalid_request"
    status = 422


class UnsupportedLanguage(TimelineError):
    code = "unsupported_language"
    status = 422


class UnknownTimezone(TimelineError):
    code = "unknown_timezone"
    status = 422


class InvalidDocumentDate(TimelineError):
    code = "invalid_document_date"
    status = 422


class TextTooLarge(TimelineError):
    code = "text_too_large"
    status = 413


class BatchTooLarge(TimelineError):
    code = "batch_too_large"
    status = 413


class UnsupportedMediaType(TimelineError):
    code = "unsupported_media_type"
    status = 415


class RequestTimeout(TimelineError):
    """The request's work passed its deadline and was stopped."""

    code = "timeout"
    status = 503


class Overloaded(TimelineError):
    """More requests are in flight than the worker takes; the caller should retry shortly."""

    code = "overloaded"
    status = 503


class WorkerCrashed(TimelineError):
    """The pipeline process died while working on the request."""

    code = "internal_error"
    status = 500
