"""``timeline batch`` on this machine: read, skip what is done, extract in N processes, append.

The order of a run: trim a half-written last line (``--resume``) and read the ids already
written; read the input lazily; hand records to the workers a few at a time; write each
article's lines as soon as it and the ones before it are done, flushed, in input order. SIGINT
and SIGTERM do not interrupt a write: the run stops after the lines in hand, so the output holds
whole lines only and ``--resume`` completes it.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import FrameType
from typing import BinaryIO, Final, TextIO

from service.batch.output import OutputFormat, csv_header, done_keys, trim_partial_line
from service.batch.progress import Progress, Summary, progress_for
from service.batch.records import Record, count_records, read_records, record_key
from service.batch.work import Outcome, load_model, process_records
from service.library import DEFAULT_BATCH_SIZE, chunks
from service.ordered_map import Done, map_ordered

PROGRESS_EVERY: Final = 10.0


class BatchError(Exception):
    """The run cannot start (unreadable input, output in the way); nothing was written."""


@dataclass(frozen=True, slots=True)
class BatchJob:
    """What to run.

    Attributes:
        source: a JSON-lines file, a folder of .txt/.tml files, or ``-`` (standard input).
        output: the output file (on Dask: the output folder).
        fmt: JSON lines or CSV.
        resume: keep the output and skip the ids it holds.
        workers: local worker processes (1: this process).
        batch_size: articles handed to a worker at a time.
        max_chars: the longest text accepted.
        spacy_model: the parser (None: the default one).
        progress_every: seconds between progress lines when not on a terminal.
    """

    source: str
    output: Path
    fmt: OutputFormat = OutputFormat.JSONL
    resume: bool = False
    workers: int = 1
    batch_size: int = DEFAULT_BATCH_SIZE
    max_chars: int | None = None
    spacy_model: str | None = None
    progress_every: float = PROGRESS_EVERY


class StopFlag:
    """Set by SIGINT or SIGTERM; the run checks it between writes."""

    def __init__(self) -> None:
        self.signal: int | None = None

    @property
    def requested(self) -> bool:
        return self.signal is not None

    def __call__(self, signum: int, _frame: FrameType | None) -> None:
        if self.signal is not None:  # a second Ctrl-C: stop at once
            raise KeyboardInterrupt
        self.signal = signum


@contextmanager
def stop_on_signals() -> Iterator[StopFlag]:
    """Catch SIGINT and SIGTERM for the duration (main thread only; elsewhere, none)."""
    flag = StopFlag()
    names = (signal.SIGINT, signal.SIGTERM)
    try:
        previous = {s: signal.signal(s, flag) for s in names}
    except ValueError:  # not the main thread: signals stay with whoever handles them
        yield flag
        return
    try:
        yield flag
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def check_source(source: str) -> None:
    """Raise BatchError unless ``source`` is ``-``, a readable file or a folder."""
    if source == "-":
        return
    path = Path(source)
    if not path.exists():
        raise BatchError(f"cannot read {source}: no such file or folder")
    if path.is_file():
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            raise BatchError(f"cannot read {source}: {exc.strerror or exc}") from exc


def prepare_output(job: BatchJob, stderr: TextIO) -> set[str]:
    """Make the output ready to append to; the ids it already holds (``--resume``)."""
    path = job.output
    if path.is_dir():
        raise BatchError(f"{path} is a folder; the output is a file (a folder with --scheduler "
                         "or --dask-local)")
    if path.exists() and path.stat().st_size > 0:
        if not job.resume:
            raise BatchError(f"{path} exists; --resume continues it (or remove it first)")
        cut = trim_partial_line(path)
        if cut:
            print(f"batch: removed a half-written last line ({cut} bytes) from {path}",
                  file=stderr)
        return done_keys(path, job.fmt)
    return set()


def _skipping(records: Iterator[Record], done: set[str], counter: list[int]) -> Iterator[Record]:
    for record in records:
        if record_key(record.id) in done:
            counter[0] += 1
        else:
            yield record


def _surviving(results: Iterator[Done[list[Outcome]]]) -> Iterator[Done[list[Outcome]]]:
    try:
        yield from results
    except BrokenProcessPool as exc:
        raise BatchError(
            f"a worker process stopped unexpectedly ({exc}); the output holds whole lines "
            "and --resume continues"
        ) from exc


def run_batch(job: BatchJob, *, stdin: BinaryIO | None = None,
              stderr: TextIO | None = None) -> Summary:
    """Run the job on this machine and append its lines to ``job.output``.

    Args:
        job: what to run.
        stdin: the stream ``-`` reads (default: standard input).
        stderr: where progress and messages go (default: standard error).

    Returns:
        What was done; ``interrupted`` if a signal stopped it.

    Raises:
        BatchError: the input cannot be read or the output is in the way.
    """
    err = stderr if stderr is not None else sys.stderr
    started = time.monotonic()
    check_source(job.source)
    done = prepare_output(job, err)
    total = count_records(job.source)
    if total is not None:
        total = max(total - len(done), 0)
    skipped = [0]
    records = _skipping(
        read_records(job.source, stdin if stdin is not None else sys.stdin.buffer), done, skipped
    )
    task = partial(process_records, fmt=job.fmt, max_chars=job.max_chars,
                   spacy_model=job.spacy_model)
    counts = {"done": 0, "failed": 0}
    peaks: dict[int, float] = {}
    with job.output.open("ab") as out, stop_on_signals() as stop:
        if out.tell() == 0 and job.fmt == OutputFormat.CSV:
            out.write(csv_header())
        progress: Progress = progress_for(total, err, job.progress_every)
        results = map_ordered(task, chunks(records, job.batch_size), processes=job.workers,
                              initializer=partial(load_model, job.spacy_model))
        finished = False
        try:
            for result in _surviving(results):
                out.write(b"".join(o.data for o in result.value))
                out.flush()
                failed = sum(o.failed for o in result.value)
                counts["failed"] += failed
                counts["done"] += len(result.value) - failed
                peaks[result.pid] = max(peaks.get(result.pid, 0.0), result.peak_rss_mb)
                progress.advance(len(result.value) - failed, failed)
                if stop.requested:
                    break
            else:
                finished = True
        finally:
            results.close()
            progress.close()
    return Summary(counts["done"], counts["failed"], skipped[0], time.monotonic() - started,
                   interrupted=not finished, peak_rss_mb=peaks)
