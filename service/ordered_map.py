"""Worker processes that answer in input order, with a bounded number of tasks in flight.

``map_ordered`` is what ``extract_many(n_process=N)`` and ``timeline batch --workers N`` run on:
each task (a small list of articles) goes to one of N processes, results come back in the order
the tasks were given, and at most ``window`` tasks are read ahead, so an endless input stream
needs bounded memory. Worker processes ignore SIGINT: Ctrl-C reaches the parent, which cancels
what has not started, so a caller that writes results as they come never writes half of one. A
worker process that dies (killed, out of memory) raises ``BrokenProcessPool`` rather than
leaving its task unanswered.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

TaskT = TypeVar("TaskT")
ResultT = TypeVar("ResultT")


@dataclass(frozen=True, slots=True)
class Done(Generic[ResultT]):
    """One task's result, with the process that computed it and that process's peak memory."""

    value: ResultT
    pid: int
    peak_rss_mb: float


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ignore_sigint(initializer: Callable[[], None] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer()


def _call(func: Callable[[TaskT], ResultT], task: TaskT) -> Done[ResultT]:
    value = func(task)
    return Done(value, os.getpid(), peak_rss_mb())


def map_ordered(
    func: Callable[[TaskT], ResultT],
    tasks: Iterable[TaskT],
    *,
    processes: int,
    initializer: Callable[[], None] | None = None,
    window: int | None = None,
) -> Generator[Done[ResultT], None, None]:
    """Apply ``func`` to every task in ``processes`` worker processes; yield in task order.

    Args:
        func: a module-level function (it is sent to the workers by reference).
        tasks: read lazily, at most ``window`` ahead of the results already yielded.
        processes: worker processes; 1 runs every task in this process, with no pool.
        initializer: run once in each worker before its first task (e.g. load the model),
            and first here where the platform forks workers; with one process, run here once.
        window: tasks in flight at most (default four per process, so a long task does not
            leave the other workers idle while its result is awaited).

    Yields:
        Each task's result, in the order of ``tasks``. Closing the iterator (or an exception,
        Ctrl-C included) cancels the tasks not yet started; the workers finish the one they
        are on and exit.
    """
    if processes < 1:
        raise ValueError(f"processes must be at least 1, not {processes}")
    if processes == 1:
        if initializer is not None:
            initializer()
        for task in tasks:
            yield _call(func, task)
        return
    limit = window if window is not None else 4 * processes
    context = multiprocessing.get_context()
    if initializer is not None and context.get_start_method() == "fork":
        # forked workers inherit what the initializer loads here (the model, shared
        # copy-on-write) and find it already loaded; elsewhere each worker loads its own
        initializer()
    executor = ProcessPoolExecutor(
        processes, mp_context=context, initializer=_ignore_sigint, initargs=(initializer,)
    )
    pending: deque[Future[Done[ResultT]]] = deque()
    try:
        iterator = iter(tasks)
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                try:
                    task = next(iterator)
                except StopIteration:
                    exhausted = True
                    break
                pending.append(executor.submit(_call, func, task))
            if not pending:
                break
            yield pending.popleft().result()
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
