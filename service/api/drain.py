"""Shutting down without resetting anyone: on SIGTERM a worker first drains.

While its requests in flight finish (at most ``TIMELINE_SHUTDOWN_GRACE_S``), the worker keeps
its socket open and answers every new request ``503 shutting_down`` with ``Retry-After`` and
``Connection: close``, so a client (or a load balancer) learns to go elsewhere instead of
seeing its connection reset. Then uvicorn's own graceful shutdown runs as usual.
"""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from service.api.guard import ASGIApp, ErrorSender, Receive, Scope, Send

Handler = Callable[[int, FrameType | None], Any] | int | None


class Drain:
    """Answer 503 ``shutting_down`` once ``draining`` is set; requests already past this
    middleware finish normally."""

    def __init__(self, app: ASGIApp, draining: threading.Event, send_error: ErrorSender) -> None:
        self.app = app
        self.draining = draining
        self.send_error = send_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.draining.is_set():
            await self.app(scope, receive, send)
            return
        await self.send_error(send, 503, "shutting_down",
                              "The service is shutting down; retry shortly.",
                              {"retry_after_s": 1})


def install_drain(draining: threading.Event, busy: Callable[[], int], grace_s: float) -> None:
    """On SIGTERM, set ``draining``, wait until ``busy()`` is 0 (at most ``grace_s``), then
    hand the signal to the handler that was there before (uvicorn's). A second SIGTERM hands
    it over at once. Only the main thread can handle signals: elsewhere (a test client's
    thread) nothing is installed."""
    if threading.current_thread() is not threading.main_thread():
        return
    loop = asyncio.get_running_loop()
    previous = signal.getsignal(signal.SIGTERM)

    def hand_over(sig: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, previous)
        if callable(previous):
            previous(sig, frame)

    async def drain(sig: int) -> None:
        until = time.monotonic() + grace_s
        while busy() > 0 and time.monotonic() < until:
            await asyncio.sleep(0.05)
        hand_over(sig, None)

    def on_term(sig: int, frame: FrameType | None) -> None:
        if draining.is_set():
            hand_over(sig, frame)
            return
        draining.set()
        loop.call_soon_threadsafe(lambda: _spawn(loop, drain(sig)))

    signal.signal(signal.SIGTERM, on_term)


_KEEP: set[asyncio.Task[None]] = set()


def _spawn(loop: asyncio.AbstractEventLoop, work: Any) -> None:
    task = loop.create_task(work)
    _KEEP.add(task)
    task.add_done_callback(_KEEP.discard)
