"""``timeline batch --scheduler tcp://HOST:8786`` (or ``--dask-local N``): the same job on Dask.

The input is cut into partitions of ``partition_size`` consecutive records; each partition is
one task, the same ``process_records`` the local run uses, so the records are the same. Every
worker loads the parser once, when the run starts (``Client.run``), and its tasks find it
loaded. The client, not the workers, writes the output folder: ``part-00000.jsonl``, ... (one
per partition, each written whole and renamed into place) and ``manifest.json``, rewritten after
every part, which lists the parts written so far in input order. Workers need no shared
storage, only the package (``pip install`` of the wheel; the model ships inside it) and the
``dask`` extra. ``--resume`` skips the partitions the manifest lists.

Dask is an optional extra: this module imports it only when a run starts.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Final, TextIO

from service.batch.output import OutputFormat, csv_header
from service.batch.progress import Progress, Summary, progress_for
from service.batch.records import Record, count_records, read_records
from service.batch.run import BatchError, BatchJob, check_source, stop_on_signals
from service.batch.work import Outcome, WorkerModel, load_model, process_records, worker_model
from service.library import chunks
from service.ordered_map import peak_rss_mb

MANIFEST: Final = "manifest.json"
PARTITION_SIZE: Final = 64
INSTALL_HINT: Final = "pip install 'timeline-service[dask]'"


@dataclass(frozen=True, slots=True)
class PartResult:
    """A partition's lines, and the worker that made them."""

    index: int
    outcomes: list[Outcome]
    model: WorkerModel
    peak_rss_mb: float


def process_partition(
    index: int,
    records: list[Record],
    *,
    fmt: OutputFormat,
    max_chars: int | None,
    spacy_model: str | None,
) -> PartResult:
    """One Dask task: the records of partition ``index`` with this worker's parser."""
    outcomes = process_records(records, fmt=fmt, max_chars=max_chars, spacy_model=spacy_model)
    return PartResult(index, outcomes, worker_model(spacy_model), peak_rss_mb())


def part_name(index: int, fmt: OutputFormat) -> str:
    return f"part-{index:05d}.{fmt.value}"


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The folder's manifest, None if it has none."""
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        value = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BatchError(f"cannot read {path}: {exc}") from exc
    if not isinstance(value, dict):
        raise BatchError(f"{path} is not a manifest")
    return value


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


class _Manifest:
    def __init__(self, folder: Path, job: BatchJob, partition_size: int,
                 parts: Mapping[int, Mapping[str, Any]]) -> None:
        self._folder = folder
        self._head = {"format": job.fmt.value, "source": job.source,
                      "partition_size": partition_size}
        self.parts: dict[int, Mapping[str, Any]] = dict(parts)

    def add(self, index: int, outcomes: list[Outcome], fmt: OutputFormat) -> None:
        self.parts[index] = {"file": part_name(index, fmt), "records": len(outcomes),
                             "failed": sum(o.failed for o in outcomes)}

    def write(self, *, complete: bool) -> None:
        parts = [{"index": i, **self.parts[i]} for i in sorted(self.parts)]
        body = {**self._head, "complete": complete,
                "records": sum(p["records"] for p in parts),
                "failed": sum(p["failed"] for p in parts), "parts": parts}
        _write_atomic(self._folder / MANIFEST,
                      (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def _prepare_folder(job: BatchJob, partition_size: int) -> dict[int, Mapping[str, Any]]:
    folder = job.output
    if folder.exists() and not folder.is_dir():
        raise BatchError(f"{folder} is a file; on Dask the output is a folder of parts")
    manifest = read_manifest(folder) if folder.is_dir() else None
    if manifest is None:
        if folder.is_dir() and any(folder.iterdir()) and not job.resume:
            raise BatchError(f"{folder} is not empty; --resume continues a run")
        return {}
    if not job.resume:
        raise BatchError(f"{folder} holds a run; --resume continues it (or remove it first)")
    if manifest.get("partition_size") != partition_size or manifest.get("format") != job.fmt.value:
        raise BatchError(
            f"{folder} was written with --partition-size {manifest.get('partition_size')} and "
            f"--format {manifest.get('format')}; resume it with the same"
        )
    return {int(p["index"]): {k: v for k, v in p.items() if k != "index"}
            for p in manifest.get("parts", []) if (folder / str(p.get("file"))).is_file()}


def _partitions(records: Iterator[Record], size: int, done: Mapping[int, object],
                skipped: list[int]) -> Iterator[tuple[int, list[Record]]]:
    for index, part in enumerate(chunks(records, size)):
        if index in done:
            skipped[0] += len(part)
        else:
            yield index, part


def _client(scheduler: str | None, local_workers: int | None) -> tuple[Any, Any]:
    """A client of the scheduler, or of a LocalCluster started here (then also returned)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise BatchError(f"Dask is not installed ({exc.name}): {INSTALL_HINT}") from exc
    if local_workers is not None:
        # one thread per worker process: the parser is CPU-bound; any free port for its pages
        cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0")  # type: ignore[no-untyped-call]
        return Client(cluster), cluster  # type: ignore[no-untyped-call]
    try:
        return Client(scheduler, timeout="10s"), None  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc


def run_on_dask(
    job: BatchJob,
    *,
    scheduler: str | None = None,
    local_workers: int | None = None,
    partition_size: int = PARTITION_SIZE,
    stdin: BinaryIO | None = None,
    stderr: TextIO | None = None,
) -> Summary:
    """Run the job on a Dask cluster: the scheduler at ``scheduler``, or a LocalCluster of
    ``local_workers`` processes started for the run.

    Returns:
        What was done (``peak_rss_mb`` by worker process).

    Raises:
        BatchError: no Dask, no scheduler, unreadable input, or an output folder in the way.
    """
    if (scheduler is None) == (local_workers is None):
        raise BatchError("give either a scheduler address or a number of local workers")
    err = stderr if stderr is not None else sys.stderr
    started = time.monotonic()
    check_source(job.source)
    done_parts = _prepare_folder(job, partition_size)
    manifest = _Manifest(job.output, job, partition_size, done_parts)
    total = count_records(job.source)
    if total is not None:
        total = max(total - sum(int(p["records"]) for p in done_parts.values()), 0)
    skipped = [0]
    partitions = _partitions(
        read_records(job.source, stdin if stdin is not None else sys.stdin.buffer),
        partition_size, done_parts, skipped,
    )
    client, cluster = _client(scheduler, local_workers)
    job.output.mkdir(parents=True, exist_ok=True)
    counts = {"done": 0, "failed": 0}
    peaks: dict[int, float] = {}
    finished = False
    try:
        from distributed import as_completed

        # every worker loads the parser now, once; the tasks find it loaded
        client.run(load_model, job.spacy_model)
        in_flight = 2 * max(sum(client.nthreads().values()), 1)
        progress: Progress = progress_for(total, err, job.progress_every)
        queue = as_completed()  # type: ignore[no-untyped-call]
        pending = []

        def submit() -> bool:
            item = next(partitions, None)
            if item is None:
                return False
            future = client.submit(process_partition, *item, fmt=job.fmt,
                                   max_chars=job.max_chars, spacy_model=job.spacy_model,
                                   pure=False)
            pending.append(future)
            queue.add(future)  # type: ignore[no-untyped-call]
            return True

        with stop_on_signals() as stop:
            while len(pending) < in_flight and submit():
                pass
            for future in queue:
                pending.remove(future)
                try:
                    part: PartResult = future.result()
                except Exception as exc:
                    if stop.requested:  # Ctrl-C reached the workers too (one process group)
                        break
                    client.cancel(pending)
                    manifest.write(complete=False)
                    raise BatchError(
                        f"a Dask task failed ({type(exc).__name__}: {exc}); the parts written "
                        "so far are kept and --resume continues"
                    ) from exc
                header = csv_header() if job.fmt == OutputFormat.CSV else b""
                _write_atomic(job.output / part_name(part.index, job.fmt),
                              header + b"".join(o.data for o in part.outcomes))
                manifest.add(part.index, part.outcomes, job.fmt)
                manifest.write(complete=False)
                failed = sum(o.failed for o in part.outcomes)
                counts["failed"] += failed
                counts["done"] += len(part.outcomes) - failed
                peaks[part.model.pid] = max(peaks.get(part.model.pid, 0.0), part.peak_rss_mb)
                progress.advance(len(part.outcomes) - failed, failed)
                if stop.requested:
                    client.cancel(pending)
                    break
                submit()
            else:
                finished = True
        progress.close()
        manifest.write(complete=finished)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return Summary(counts["done"], counts["failed"], skipped[0], time.monotonic() - started,
                   interrupted=not finished, peak_rss_mb=peaks)
