"""Batch benchmark: ``python -m service.bench_batch --corpus DIR`` (part of ``make bench``).

Runs ``timeline batch DIR`` as a user would, once per worker count (``--workers``, local
processes; ``--dask-local``, a Dask LocalCluster, with the ``dask`` extra), and prints the
articles per second (the command's own count over its run, start-up included), the speed-up
over the first row, the wall time of the whole command and the peak memory of each worker
process. Numbers, not assertions.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# The closing line of `timeline batch` (service.batch.progress.Summary.line).
_SUMMARY = re.compile(
    r"batch: done (?P<done>[\d,]+), failed (?P<failed>[\d,]+), skipped [\d,]+; [\d,]+ articles "
    r"in (?P<seconds>[\d.]+) s, (?P<rate>[\d.]+) articles/s; peak memory per worker: "
    r"(?P<memory>[\d, ]+) MB"
)


@dataclass(frozen=True, slots=True)
class BatchRun:
    """One ``timeline batch`` run, as its summary line reports it."""

    done: int
    failed: int
    seconds: float
    rate: float
    peak_mb: tuple[int, ...]


def parse_summary(text: str) -> BatchRun:
    """The run a ``timeline batch`` summary line reports (the last one in ``text``).

    Raises:
        ValueError: no summary line in ``text``.
    """
    found = list(_SUMMARY.finditer(text))
    if not found:
        raise ValueError("no `timeline batch` summary line")
    match = found[-1]
    return BatchRun(
        done=int(match["done"].replace(",", "")),
        failed=int(match["failed"].replace(",", "")),
        seconds=float(match["seconds"]),
        rate=float(match["rate"]),
        peak_mb=tuple(int(mb.replace(",", "")) for mb in match["memory"].split(", ")),
    )


def run_batch_command(corpus: str, option: str, workers: int,
                      output: Path) -> tuple[BatchRun, float]:
    """Run ``timeline batch`` over ``corpus`` with ``option`` (``--workers`` or
    ``--dask-local``) ``workers``; its run and wall time."""
    command = [sys.executable, "-m", "service.cli", "batch", corpus, "-o", str(output),
               option, str(workers), "--progress-every", "3600"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    return parse_summary(done.stderr), wall


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.bench_batch", description=__doc__)
    parser.add_argument("--corpus", required=True, help="a folder of .tml or .txt files")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2],
                        help="local worker counts to run (default: 1 2)")
    parser.add_argument("--dask-local", type=int, nargs="*", default=[],
                        help="Dask LocalCluster worker counts to run (default: none)")
    args = parser.parse_args(argv)
    rows = [("--workers", n, f"{n}") for n in args.workers] + [
        ("--dask-local", n, f"dask {n}") for n in args.dask_local
    ]

    threads = os.environ.get("OMP_NUM_THREADS", "unset")
    print(f"batch benchmark: timeline batch {args.corpus}; {os.cpu_count()} CPUs; "
          f"OMP_NUM_THREADS={threads}")
    print(f"{'workers':>8}{'articles':>10}{'failed':>8}{'art/s':>9}{'speed-up':>10}"
          f"{'wall s':>8}  peak memory per worker")
    first: float | None = None
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as scratch:
        for index, (option, workers, label) in enumerate(rows):
            run, wall = run_batch_command(args.corpus, option, workers,
                                          Path(scratch) / f"out-{index}")
            first = first if first is not None else run.rate
            speedup = run.rate / first if first else 0.0
            memory = ", ".join(f"{mb:,}" for mb in run.peak_mb)
            print(f"{label:>8}{run.done + run.failed:>10,}{run.failed:>8,}{run.rate:>9.2f}"
                  f"{speedup:>9.2f}x{wall:>8.1f}  {memory} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
