"""The request guard, as plain ASGI middleware: content type, body size and body read time are
checked while the body streams in, before the application parses any of it.

The character limits themselves are checked on the decoded text (``len`` counts characters
whatever their JSON escaping); the byte limit here only has to stop bodies no text within the
limits could need: JSON spends at most 12 bytes on one character (an escaped surrogate pair,
``"\\ud83d\\ude00"``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final

from service.config import Settings
from service.domain.errors import TextTooLarge, TimelineError, UnsupportedMediaType

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# Sends the JSON error envelope: (send, status, code, message, details).
ErrorSender = Callable[[Send, int, str, str, Any], Awaitable[None]]

BYTES_PER_CHAR: Final = 12
ENVELOPE_BYTES: Final = 64 * 1024


class BodyTimeout(TimelineError):
    code = "body_timeout"
    status = 408


def single_byte_limit(settings: Settings) -> int:
    """The largest body one article may need."""
    return settings.max_chars * BYTES_PER_CHAR + ENVELOPE_BYTES


def batch_byte_limit(settings: Settings) -> int:
    """The largest body a batch may need: its character budget plus each item's envelope."""
    chars = min(settings.max_batch_chars, settings.max_chars * settings.max_batch)
    return chars * BYTES_PER_CHAR + ENVELOPE_BYTES * settings.max_batch


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


class Guard:
    """Refuse wrong content types, oversized and stalled bodies on ``POST /v1/...``."""

    def __init__(self, app: ASGIApp, settings: Settings, send_error: ErrorSender) -> None:
        self.app = app
        self.settings = settings
        self.send_error = send_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "POST"
                or not scope["path"].startswith("/v1/")):
            await self.app(scope, receive, send)
            return
        error = self._check_headers(scope)
        if error is not None:
            await self.send_error(send, error.status, error.code, error.message, error.details)
            return
        limit = (single_byte_limit(self.settings) if scope["path"] == "/v1/timeline"
                 else batch_byte_limit(self.settings))
        try:
            body = await self._read(receive, limit)
        except TimelineError as exc:
            await self.send_error(send, exc.status, exc.code, exc.message, exc.details)
            return
        if body is None:  # the client left while sending
            return
        await self.app(scope, _replay(body, receive), send)

    def _check_headers(self, scope: Scope) -> TimelineError | None:
        ctype = _header(scope, b"content-type") or ""
        if ctype.split(";")[0].strip().lower() != "application/json":
            return UnsupportedMediaType(
                "The body must be JSON (Content-Type: application/json).",
                {"content_type": ctype or None},
            )
        length = _header(scope, b"content-length")
        limit = (single_byte_limit(self.settings) if scope["path"] == "/v1/timeline"
                 else batch_byte_limit(self.settings))
        if length is not None and length.isdigit() and int(length) > limit:
            return _too_large(int(length), limit, self.settings)
        return None

    async def _read(self, receive: Receive, limit: int) -> bytes | None:
        """The whole body, read as it streams in; refused as soon as it passes ``limit``."""
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), self.settings.header_timeout_s)
            except TimeoutError:
                raise BodyTimeout(
                    f"The body did not arrive within {self.settings.header_timeout_s:g} s.",
                    {"timeout_s": self.settings.header_timeout_s},
                ) from None
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _too_large(size, limit, self.settings, streamed=True)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _too_large(size: int, limit: int, settings: Settings, streamed: bool = False) -> TextTooLarge:
    over = "over " if streamed else ""
    return TextTooLarge(
        f"the body has {over}{size} bytes, more than text of at most "
        f"{settings.max_chars} characters can take",
        {"limit": settings.max_chars, "body_bytes": size, "limit_bytes": limit},
    )


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the buffered body over once, then passes on what follows."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
