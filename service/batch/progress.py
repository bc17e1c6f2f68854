"""Progress of a batch: a tqdm bar on a terminal, plain periodic lines otherwise, a summary."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, TextIO


@dataclass(frozen=True, slots=True)
class Summary:
    """What a batch run did.

    Attributes:
        done: articles written with their timeline.
        failed: articles written as an error line.
        skipped: articles already in the output (``--resume``).
        seconds: the run's wall time, start-up included.
        interrupted: stopped by a signal before the end of the input.
        peak_rss_mb: each worker process's peak memory, in MB, by process id.
    """

    done: int
    failed: int
    skipped: int
    seconds: float
    interrupted: bool = False
    peak_rss_mb: Mapping[int, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Articles written per second."""
        return (self.done + self.failed) / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """The closing line: ``batch: done 254, failed 2, skipped 0; 256 articles in 25.1 s,
        10.2 articles/s; peak memory per worker: 310, 306 MB``."""
        state = "interrupted (--resume continues); " if self.interrupted else ""
        memory = ", ".join(f"{mb:,.0f}" for _, mb in sorted(self.peak_rss_mb.items()))
        return (
            f"batch: {state}done {self.done:,}, failed {self.failed:,}, skipped "
            f"{self.skipped:,}; {self.done + self.failed:,} articles in {self.seconds:.1f} s, "
            f"{self.rate:.2f} articles/s; peak memory per worker: {memory or '-'} MB"
        )


class Progress(Protocol):
    def advance(self, done: int, failed: int) -> None: ...

    def close(self) -> None: ...


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class LogLines:
    """A plain line every ``every`` seconds (0: after every task), for logs and pipes."""

    def __init__(self, total: int | None, stream: TextIO, every: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._total = total
        self._stream = stream
        self._every = every
        self._clock = clock
        self._started = clock()
        self._last = self._started
        self._done = 0
        self._failed = 0

    def advance(self, done: int, failed: int) -> None:
        self._done += done
        self._failed += failed
        now = self._clock()
        if now - self._last >= self._every:
            self._last = now
            self._write(now)

    def _write(self, now: float) -> None:
        count = self._done + self._failed
        elapsed = now - self._started
        rate = count / elapsed if elapsed > 0 else 0.0
        if self._total:
            left = max(self._total - count, 0)
            eta = f", ETA {_duration(left / rate)}" if rate > 0 else ""
            position = f"{count:,}/{self._total:,} ({100 * count / self._total:.0f}%)"
        else:
            eta, position = "", f"{count:,}"
        print(f"batch: {position} articles, {self._failed:,} failed, {rate:.2f} articles/s"
              f"{eta}", file=self._stream, flush=True)

    def close(self) -> None:
        pass


class Bar:
    """A tqdm bar with articles/s and the ETA, and the failures so far."""

    def __init__(self, total: int | None, stream: TextIO) -> None:
        from tqdm import tqdm

        # no monitor thread: worker processes may be forked after the bar exists
        tqdm.monitor_interval = 0
        self._failed = 0
        self._bar = tqdm(total=total, unit="art", file=stream, dynamic_ncols=True,
                         desc="batch", smoothing=0.1)

    def advance(self, done: int, failed: int) -> None:
        if failed:
            self._failed += failed
            self._bar.set_postfix(failed=self._failed, refresh=False)
        self._bar.update(done + failed)

    def close(self) -> None:
        self._bar.close()


def progress_for(total: int | None, stream: TextIO, every: float) -> Progress:
    """A bar on a terminal, log lines elsewhere."""
    if stream.isatty():
        return Bar(total, stream)
    return LogLines(total, stream, every)
