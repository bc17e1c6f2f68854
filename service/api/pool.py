"""Run pipeline work in child processes that can be killed: a deadline per request, a bound on
what is in flight, and memory that cannot grow without end.

Each HTTP worker keeps a few pipeline processes, forked from a forkserver that has loaded the
parser once (they share its memory). A request waits for an idle process, hands it one job and
awaits the answer on a pipe without blocking the event loop, so ``/health`` never waits behind
pipeline work. Past the deadline, or when the client goes away, the process is killed (SIGKILL)
and replaced at once; the HTTP worker is free immediately. A process also retires after a
number of jobs or once the parser's string store has grown by a number of strings (spaCy keeps
every new word it sees), and a fresh one takes its place.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
import traceback
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, ClassVar, Final

from service.domain.errors import TimelineError

log = logging.getLogger("service.pool")

# Imported by the forkserver before it forks anything: it loads the parser once, and every
# pipeline process starts with it in (shared) memory.
PRELOAD: Final = "service.api.preload"
_STARTUP_TIMEOUT_S: Final = 120.0


class RequestTimeout(TimelineError):
    """The request's work passed its deadline and was stopped."""

    code: ClassVar[str] = "timeout"
    status: ClassVar[int] = 503


class Overloaded(TimelineError):
    """More requests are in flight than the worker takes; the caller should retry shortly."""

    code: ClassVar[str] = "overloaded"
    status: ClassVar[int] = 503


class WorkerCrashed(TimelineError):
    """The pipeline process died while working on the request."""

    code: ClassVar[str] = "internal_error"
    status: ClassVar[int] = 500


@dataclass(frozen=True, slots=True)
class PoolConfig:
    """How many processes, how long a job may take, when a process retires."""

    processes: int = 1
    max_in_flight: int = 32
    timeout_s: float = 10.0
    recycle_requests: int = 500
    recycle_strings: int = 200_000
    model: str | None = None


def _serve(conn: Connection, model: str | None, recycle_requests: int,
           recycle_strings: int) -> None:
    """A pipeline process: answer jobs from the pipe until it retires or the pipe closes."""
    from service.nlp import load_nlp

    nlp = load_nlp(model)
    base = len(nlp.vocab.strings)
    conn.send(("ready", nlp.meta, False))
    served = 0
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            outcome: tuple[str, Any] = ("ok", fn(*args))
        except TimelineError as exc:
            outcome = ("error", (type(exc).__name__, exc.code, exc.status, exc.message,
                                 exc.details))
        except Exception:  # reported to the HTTP worker, which logs it with the request id
            outcome = ("crash", traceback.format_exc())
        served += 1
        grown = len(nlp.vocab.strings) - base
        retire = served >= recycle_requests or grown >= recycle_strings
        conn.send((*outcome, retire))
        if retire:
            return


def _raise_remote(payload: tuple[str, str, int, str, Any]) -> None:
    _, code, status, message, details = payload
    error = type("RemoteError", (TimelineError,), {"code": code, "status": status})
    raise error(message, details)


class _Process:
    """One pipeline process and the parent's end of its pipe."""

    def __init__(self, ctx: Any, config: PoolConfig) -> None:
        parent, child = ctx.Pipe(duplex=True)
        self.conn: Connection = parent
        self.process: BaseProcess = ctx.Process(
            target=_serve,
            args=(child, config.model, config.recycle_requests, config.recycle_strings),
            daemon=True,
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def retire(self) -> None:
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()


async def _readable(conn: Connection, timeout: float | None) -> bool:
    """Wait until ``conn`` has data (or is closed) without blocking the event loop."""
    if conn.poll():
        return True
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    fd = conn.fileno()

    def _wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(fd, _wake)
    try:
        await asyncio.wait_for(ready, timeout)
        return True
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)


class PipelinePool:
    """The pipeline processes of one HTTP worker."""

    def __init__(self, config: PoolConfig) -> None:
        self.config = config
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([PRELOAD])
        self._ctx = ctx
        self._idle: asyncio.Queue[_Process] = asyncio.Queue()
        self._in_flight = 0
        self.meta: dict[str, Any] = {}
        self.replaced = 0
        self.on_timeout: Callable[[], None] = lambda: None
        self.on_overload: Callable[[], None] = lambda: None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def in_flight(self) -> int:
        """Requests holding or waiting for a process."""
        return self._in_flight

    async def start(self) -> None:
        """Start every process and wait until each has loaded the parser."""
        for _ in range(self.config.processes):
            self._idle.put_nowait(await self._spawn())

    async def _spawn(self) -> _Process:
        proc = await asyncio.to_thread(_Process, self._ctx, self.config)
        if not await _readable(proc.conn, _STARTUP_TIMEOUT_S):
            proc.kill()
            raise RuntimeError("a pipeline process did not start in time")
        status, meta, _ = proc.conn.recv()
        if status != "ready":
            raise RuntimeError("a pipeline process failed to start")
        self.meta = meta
        return proc

    async def _replace(self, proc: _Process, *, kill: bool) -> None:
        await asyncio.to_thread(proc.kill if kill else proc.retire)
        self.replaced += 1
        for attempt in range(3):
            try:
                fresh = await self._spawn()
            except Exception:  # keep serving with the processes that are left; log why
                log.exception("could not replace a pipeline process (attempt %d)", attempt + 1)
                await asyncio.sleep(1)
                continue
            self._idle.put_nowait(fresh)
            return

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` in a pipeline process within the deadline.

        Raises:
            Overloaded: when ``max_in_flight`` requests are already in flight.
            RequestTimeout: when the deadline passes (the process is killed and replaced).
            TimelineError: what the pipeline raised, with its code and status.
        """
        if self._in_flight >= self.config.max_in_flight:
            self.on_overload()
            raise Overloaded(
                "The service is at its concurrency limit; retry shortly.",
                {"max_in_flight": self.config.max_in_flight},
            )
        self._in_flight += 1
        deadline = time.monotonic() + self.config.timeout_s
        try:
            proc = await self._acquire(self.config.timeout_s)
            return await self._call(proc, deadline, fn, args)
        finally:
            self._in_flight -= 1

    async def _acquire(self, timeout: float) -> _Process:
        """An idle process, or RequestTimeout. A process the wait got just as it gave up (or
        was cancelled) goes back to the idle queue: none is ever lost."""
        getter = asyncio.ensure_future(self._idle.get())
        try:
            done, _ = await asyncio.wait({getter}, timeout=timeout)
        except asyncio.CancelledError:
            self._give_back(getter)
            raise
        if not done:
            self._give_back(getter)
            raise self._timeout()
        return getter.result()

    def _give_back(self, getter: asyncio.Future[_Process]) -> None:
        if getter.done() and not getter.cancelled():
            self._idle.put_nowait(getter.result())
        else:
            getter.cancel()
            getter.add_done_callback(
                lambda g: None if g.cancelled() else self._idle.put_nowait(g.result()))

    def _background(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` on its own: a replacement must not stop when its request is cancelled."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _call(self, proc: _Process, deadline: float, fn: Callable[..., Any],
                    args: tuple[Any, ...]) -> Any:
        try:
            proc.conn.send((fn, args))
            answered = await _readable(proc.conn, max(0.0, deadline - time.monotonic()))
            if not answered:
                self._background(self._replace(proc, kill=True))
                raise self._timeout()
            status, payload, retire = proc.conn.recv()
        except asyncio.CancelledError:
            # the client went away: stop its work and bring up a fresh process
            self._background(self._replace(proc, kill=True))
            raise
        except (EOFError, OSError) as exc:
            self._background(self._replace(proc, kill=True))
            raise WorkerCrashed("The pipeline process stopped unexpectedly.") from exc
        if retire:
            self._background(self._replace(proc, kill=False))
        else:
            self._idle.put_nowait(proc)
        if status == "ok":
            return payload
        if status == "error":
            _raise_remote(payload)
        raise RuntimeError(f"pipeline process failed:\n{payload}")

    def _timeout(self) -> RequestTimeout:
        self.on_timeout()
        return RequestTimeout(
            f"The request did not finish within {self.config.timeout_s:g} s.",
            {"timeout_s": self.config.timeout_s},
        )

    async def close(self) -> None:
        """Stop every idle process (busy ones are killed by their requests' cancellation)."""
        while not self._idle.empty():
            proc = self._idle.get_nowait()
            await asyncio.to_thread(proc.kill)
