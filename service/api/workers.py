"""Run pipeline work in child processes that can be killed: a deadline per request's work, a
bound on its wait, a bound on what is in flight, and memory that cannot grow without end.

Each HTTP worker keeps a few pipeline processes, forked from a forkserver that has loaded the
parser once (they share its memory). A request waits for an idle process, hands it one job and
awaits the answer on a pipe without blocking the event loop, so ``/health`` never waits behind
pipeline work. A process also retires after a number of jobs or once the parser's string store
has grown by a number of strings (spaCy keeps every new word it sees), and a fresh one takes
its place.

Waiting and working are budgeted apart. A request that waits longer than ``queue_timeout_s``
for a process is answered ``overloaded`` without starting any work; the work deadline starts
when the request gets its process, so a process is only ever killed (SIGKILL, and replaced at
once) for a deadline its own job spent, or when the client goes away. Jobs are admitted by
cost: a job of ``long_chars`` characters or more is *long*, gets the longer ``long_timeout_s``,
and at most ``processes - 1`` long jobs run at once, so one process is always left for short
ones. Waiters are served in order of arrival, except that a long one whose lane is full lets
the short ones behind it pass.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
import traceback
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Final

from service.domain.errors import Overloaded, RequestTimeout, TimelineError, WorkerCrashed

log = logging.getLogger("service.pool")

# Imported by the forkserver before it forks anything: it loads the parser once, and every
# pipeline process starts with it in (shared) memory.
PRELOAD: Final = "service.api.preload"
_STARTUP_TIMEOUT_S: Final = 120.0


@dataclass(frozen=True, slots=True)
class PoolConfig:
    """How many processes, how long a job may wait and work, when a process retires."""

    processes: int = 1
    max_in_flight: int = 32
    timeout_s: float = 10.0
    recycle_requests: int = 500
    recycle_strings: int = 200_000
    model: str | None = None
    queue_timeout_s: float = 5.0
    long_chars: int = 20_000
    long_timeout_s: float = 30.0
    log_level: str = "info"

    @property
    def long_slots(self) -> int:
        """Long jobs that may run at once: all processes but one, and at least one."""
        return max(1, self.processes - 1)


def _serve(conn: Connection, model: str | None, recycle_requests: int,
           recycle_strings: int, log_level: str) -> None:
    """A pipeline process: answer jobs from the pipe until it retires or the pipe closes."""
    from service.api.observe import configure_logging
    from service.nlp import load_nlp

    configure_logging(log_level)
    nlp = load_nlp(model)
    base = len(nlp.vocab.strings)
    served = 0
    try:
        conn.send(("ready", nlp.meta, False))
        while True:
            fn, args = conn.recv()
            outcome = _outcome(fn, args)
            served += 1
            grown = len(nlp.vocab.strings) - base
            retire = served >= recycle_requests or grown >= recycle_strings
            conn.send((*outcome, retire))
            if retire:
                return
    except (EOFError, OSError):
        # the HTTP worker is gone (or was killed): nobody reads an answer, nothing to report
        return


def _outcome(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        return ("ok", fn(*args))
    except TimelineError as exc:
        return ("error", (type(exc).__name__, exc.code, exc.status, exc.message, exc.details))
    except Exception:  # reported to the HTTP worker, which logs it with the request id
        return ("crash", traceback.format_exc())


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
            args=(child, config.model, config.recycle_requests, config.recycle_strings,
                  config.log_level),
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


@dataclass(slots=True)
class _Waiter:
    """A request waiting for a process; ``long`` says which lane it is in."""

    long: bool
    future: asyncio.Future[_Process]


class PipelinePool:
    """The pipeline processes of one HTTP worker."""

    def __init__(self, config: PoolConfig) -> None:
        self.config = config
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([PRELOAD])
        self._ctx = ctx
        self._idle: deque[_Process] = deque()
        self._waiters: deque[_Waiter] = deque()
        self._long_busy = 0
        self._in_flight = 0
        self.meta: dict[str, Any] = {}
        self.replaced = 0
        self.killed = 0
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
            self._idle.append(await self._spawn())

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
            self._idle.append(fresh)
            self._dispatch()
            return

    async def run(self, fn: Callable[..., Any], *args: Any, cost: int = 0) -> Any:
        """Run ``fn(*args)`` in a pipeline process within its deadline.

        Args:
            fn: what to run (picklable, answers picklable data).
            args: its arguments.
            cost: the characters of text the job reads; ``long_chars`` or more make it long.

        Raises:
            Overloaded: when ``max_in_flight`` requests are already in flight, or no process
                was free within ``queue_timeout_s`` (no work was started).
            RequestTimeout: when the work passes its deadline (the process is killed and
                replaced).
            TimelineError: what the pipeline raised, with its code and status.
        """
        if self._in_flight >= self.config.max_in_flight:
            self.on_overload()
            raise Overloaded(
                "The service is at its concurrency limit; retry shortly.",
                {"max_in_flight": self.config.max_in_flight},
            )
        long = cost >= self.config.long_chars
        budget = self.config.long_timeout_s if long else self.config.timeout_s
        self._in_flight += 1
        try:
            proc = await self._acquire(long)
            try:
                return await self._call(proc, budget, fn, args, long)
            finally:
                if long:
                    self._long_busy -= 1
                    self._dispatch()
        finally:
            self._in_flight -= 1

    def _fits(self, long: bool) -> bool:
        return not long or self._long_busy < self.config.long_slots

    def _take(self, long: bool) -> _Process:
        if long:
            self._long_busy += 1
        return self._idle.popleft()

    def _dispatch(self) -> None:
        """Hand idle processes to the waiters, in order, skipping long ones whose lane is
        full."""
        for waiter in list(self._waiters):
            if not self._idle:
                return
            if waiter.future.done():
                self._waiters.remove(waiter)
            elif self._fits(waiter.long):
                self._waiters.remove(waiter)
                waiter.future.set_result(self._take(waiter.long))

    async def _acquire(self, long: bool) -> _Process:
        """An idle process, or Overloaded once ``queue_timeout_s`` has passed. A process the
        wait got just as it gave up (or was cancelled) goes back: none is ever lost."""
        if self._idle and self._fits(long) and not any(
                self._fits(w.long) for w in self._waiters):
            return self._take(long)
        waiter = _Waiter(long, asyncio.get_running_loop().create_future())
        self._waiters.append(waiter)
        try:
            await asyncio.wait({waiter.future}, timeout=self.config.queue_timeout_s)
        except asyncio.CancelledError:
            self._withdraw(waiter)
            raise
        if waiter.future.done():
            return waiter.future.result()
        self._withdraw(waiter)
        self.on_overload()
        raise Overloaded(
            f"No pipeline process was free within {self.config.queue_timeout_s:g} s; "
            "retry shortly.",
            {"queue_timeout_s": self.config.queue_timeout_s, "lane": "long" if long else "short"},
        )

    def _withdraw(self, waiter: _Waiter) -> None:
        if waiter in self._waiters:
            self._waiters.remove(waiter)
        if waiter.future.done() and not waiter.future.cancelled():
            self._idle.appendleft(waiter.future.result())
            if waiter.long:
                self._long_busy -= 1
            self._dispatch()
        else:
            waiter.future.cancel()

    def _background(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` on its own: a replacement must not stop when its request is cancelled."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _kill(self, proc: _Process, reason: str, started: float, budget: float,
              long: bool) -> None:
        self.killed += 1
        log.warning("pipeline process stopped", extra={"fields": {
            "reason": reason, "worked_s": round(time.monotonic() - started, 3),
            "budget_s": budget, "lane": "long" if long else "short"}})
        self._background(self._replace(proc, kill=True))

    async def _call(self, proc: _Process, budget: float, fn: Callable[..., Any],
                    args: tuple[Any, ...], long: bool) -> Any:
        started = time.monotonic()
        try:
            proc.conn.send((fn, args))
            answered = await _readable(proc.conn, budget)
            if not answered:
                self._kill(proc, "timeout", started, budget, long)
                raise self._timeout(budget)
            status, payload, retire = proc.conn.recv()
        except asyncio.CancelledError:
            # the client went away: stop its work and bring up a fresh process
            self._kill(proc, "cancelled", started, budget, long)
            raise
        except (EOFError, OSError) as exc:
            self._kill(proc, "crashed", started, budget, long)
            raise WorkerCrashed("The pipeline process stopped unexpectedly.") from exc
        if retire:
            self._background(self._replace(proc, kill=False))
        else:
            self._idle.append(proc)
            self._dispatch()
        if status == "ok":
            return payload
        if status == "error":
            _raise_remote(payload)
        raise RuntimeError(f"pipeline process failed:\n{payload}")

    def _timeout(self, budget: float) -> RequestTimeout:
        self.on_timeout()
        return RequestTimeout(
            f"The request's work did not finish within {budget:g} s.",
            {"timeout_s": budget},
        )

    async def close(self) -> None:
        """Stop every idle process (busy ones are killed by their requests' cancellation) and
        the replacements still starting."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        while self._idle:
            await asyncio.to_thread(self._idle.popleft().kill)
