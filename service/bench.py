"""Benchmarks: ``python -m service.bench`` (``make bench``).

Prints, for the bundled reference article (or a folder of .txt/.tml files): the tagger alone
(candidates + resolution) in articles/s, the parser in words/s with ``nlp.pipe`` on one core,
the whole pipeline in articles/s, and the process's peak memory. Numbers, not assertions.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

_FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reference_article.txt"


def _texts(path: str | None) -> list[tuple[str, str | None]]:
    """(text, document date) pairs: the reference article, or every file under ``path``."""
    if path is None:
        return [(_FIXTURE.read_text("utf-8"), None)]
    from service.formats.timeml import iter_timeml

    root = Path(path)
    if any(root.rglob("*.tml")):
        return [(d.text, d.document_date.isoformat() if d.document_date else None)
                for d in iter_timeml(root)]
    return [(p.read_text("utf-8", errors="replace"), None) for p in sorted(root.rglob("*.txt"))]


def _rate(func: Callable[[], object], units: int, seconds: float) -> tuple[float, int]:
    """Run ``func`` repeatedly for about ``seconds``; the median rate in units/s and the runs."""
    rates: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(rates) < 3:
        started = time.perf_counter()
        func()
        rates.append(units / (time.perf_counter() - started))
    return statistics.median(rates), len(rates)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.bench", description=__doc__)
    parser.add_argument("--corpus", help="a folder of .tml or .txt files (default: the reference "
                        "article)")
    parser.add_argument("--seconds", type=float, default=5.0, help="time per measurement")
    args = parser.parse_args(argv)

    from service.nlp import load_nlp, parse_text
    from service.pipeline.run import run, run_times

    docs = _texts(args.corpus)
    started = time.perf_counter()
    nlp = load_nlp()
    load_s = time.perf_counter() - started

    def tag_only() -> None:
        for text, day in docs:
            run_times(text, day)

    paragraphs = [p for text, _ in docs for p in text.splitlines() if p.strip()]
    words = sum(len(p.split()) for p in paragraphs)

    def parse_only() -> None:
        for _ in nlp.pipe(paragraphs, batch_size=64):
            pass

    def full() -> None:
        for text, day in docs:
            run(text, day, nlp=nlp)

    parse_text(nlp, docs[0][0])  # warm-up
    tag_rate, tag_runs = _rate(tag_only, len(docs), args.seconds)
    parse_rate, parse_runs = _rate(parse_only, words, args.seconds)
    full_rate, full_runs = _rate(full, len(docs), args.seconds)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    source = args.corpus or "reference article"
    threads = os.environ.get("OMP_NUM_THREADS", "unset")
    print(f"benchmark: {source}: {len(docs)} document(s), {words:,} words; "
          f"OMP_NUM_THREADS={threads}; Python {sys.version.split()[0]}")
    print(f"{'stage':<34}{'rate':>16}{'runs':>7}")
    print(f"{'tagger (find + resolve)':<34}{tag_rate:>10,.0f} art/s{tag_runs:>7}")
    print(f"{'parser (nlp.pipe)':<34}{parse_rate:>10,.0f} words/s{parse_runs:>5}")
    print(f"{'whole pipeline':<34}{full_rate:>10,.1f} art/s{full_runs:>7}")
    print(f"parser load {load_s:.2f} s; peak memory {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
