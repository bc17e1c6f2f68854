"""Who may call the API: optional bearer keys and an optional per-key rate limit.

Both are off unless configured (``TIMELINE_API_KEYS``, ``TIMELINE_RATE_LIMIT_PER_MINUTE``).
Keys guard ``/v1/...`` and ``/metrics``; ``/health``, ``/version``, the page and the API docs
stay open. Keys are compared in constant time.
"""

from __future__ import annotations

import hmac
import math
import time
from collections.abc import Callable
from typing import Final

from service.api.guard import ASGIApp, ErrorSender, Receive, Scope, Send

_GUARDED: Final = ("/v1/", "/metrics")


def parse_keys(raw: str) -> tuple[str, ...]:
    """The keys of a comma-separated setting, blanks dropped."""
    return tuple(key.strip() for key in raw.split(",") if key.strip())


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"authorization":
            scheme, _, token = bytes(value).decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
    return None


def matching_key(token: str | None, keys: tuple[str, ...]) -> str | None:
    """The configured key equal to ``token``; every key is compared, each in constant time."""
    found = None
    given = (token or "").encode()
    for key in keys:
        if hmac.compare_digest(given, key.encode()) and token is not None:
            found = key
    return found


class RateLimit:
    """A fixed one-minute window per key."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._windows: dict[str, tuple[float, int]] = {}

    def retry_after(self, key: str) -> int | None:
        """None if the call is allowed (and counted), else the seconds until it would be."""
        now = self.clock()
        start, count = self._windows.get(key, (now, 0))
        if now - start >= 60:
            start, count = now, 0
        if count >= self.per_minute:
            return max(1, math.ceil(60 - (now - start)))
        self._windows[key] = (start, count + 1)
        return None


class Auth:
    """Refuse calls without a valid key (401) or over the key's rate (429)."""

    def __init__(self, app: ASGIApp, keys: tuple[str, ...], per_minute: int,
                 send_error: ErrorSender) -> None:
        self.app = app
        self.keys = keys
        self.limit = RateLimit(per_minute) if per_minute > 0 else None
        self.send_error = send_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(_GUARDED) or not (
                self.keys or self.limit):
            await self.app(scope, receive, send)
            return
        key = _bearer(scope)
        if self.keys:
            key = matching_key(key, self.keys)
            if key is None:
                await self.send_error(send, 401, "unauthorized",
                                      "A valid API key is required (Authorization: Bearer ...).",
                                      None)
                return
        if self.limit is not None:
            wait = self.limit.retry_after(key or "")
            if wait is not None:
                await self.send_error(send, 429, "rate_limited",
                                      f"Over {self.limit.per_minute} requests per minute; "
                                      f"retry in {wait} s.", {"retry_after_s": wait})
                return
        await self.app(scope, receive, send)
