"""Who may call the API: optional bearer keys and an optional per-key rate limit.

Both are off unless configured (``TIMELINE_API_KEYS``, ``TIMELINE_RATE_LIMIT_PER_MINUTE``).
Keys guard ``/v1/...`` and ``/metrics``; ``/health``, ``/version``, the page and the API docs
stay open. Keys are compared in constant time.

The rate limit is one count per key whatever the number of workers: each key's window lives in
a small file of a directory the workers share (``TIMELINE_RATE_LIMIT_DIR``; ``timeline serve``
makes one for its workers), read and written under an exclusive ``flock``. A lock is held for
a read and a write of a few bytes, so workers never wait on each other for long.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import math
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
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
    """A fixed one-minute window per key, counted in ``directory`` (one file per key, named by
    its hash) so that every process using the directory shares it. Without a directory the
    count lives in a temporary one of this process alone."""

    def __init__(self, per_minute: int, directory: str | Path | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock  # CLOCK_MONOTONIC: one clock for every process of the machine
        if directory is None or not str(directory):
            self._own = tempfile.TemporaryDirectory(prefix="timeline-rate-")
            directory = self._own.name
        self.directory = Path(directory)
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)  # fails at start-up

    def retry_after(self, key: str) -> int | None:
        """None if the call is allowed (and counted), else the seconds until it would be."""
        name = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        fd = os.open(self.directory / name, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            now = self.clock()
            start, count = _window(os.pread(fd, 64, 0), now)
            if now - start >= 60:
                start, count = now, 0
            if count >= self.per_minute:
                return max(1, math.ceil(60 - (now - start)))
            os.pwrite(fd, f"{start!r} {count + 1}".ljust(64).encode("ascii"), 0)
            return None
        finally:
            os.close(fd)  # releases the lock


def _window(raw: bytes, now: float) -> tuple[float, int]:
    """The stored window ``(start, count)``; a new one when the file is empty or unreadable."""
    try:
        start, count = raw.decode("ascii").split()
        return float(start), int(count)
    except ValueError:
        return now, 0


class Auth:
    """Refuse calls without a valid key (401) or over the key's rate (429)."""

    def __init__(self, app: ASGIApp, keys: tuple[str, ...], per_minute: int,
                 send_error: ErrorSender, counts_dir: str = "") -> None:
        self.app = app
        self.keys = keys
        self.limit = RateLimit(per_minute, counts_dir) if per_minute > 0 else None
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
