"""Benchmarks: ``python -m service.bench`` (``make bench``). Numbers, never assertions.

In one run, on the same documents (the bundled reference article, or every document of a
folder of .tml/.txt files):

- in this process, pinned to one core: the whole timeline, explicit events only
  (``include_inferred`` false), time expressions only (``events: "none"``), time expressions
  without the parser (find + resolve), and dateparser's ``search_dates`` (English, the document
  date as ``RELATIVE_BASE``, past preference); articles/s, ms per article (median, p95) and the
  ratios to dateparser; the parser alone in words/s;
- start-up: a fresh process importing the service and loading the parser; peak RSS;
- over HTTP: ``timeline serve --workers N`` started and stopped here on 127.0.0.1, loaded with
  ``hey`` (Debian package) at 1, 8 and 32 clients: requests/s, p50, p99, errors, and each
  worker's peak RSS.

``--json PATH`` writes the same numbers as JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path

_FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reference_article.txt"
# what a worker does before its first request (the app's lifespan), then one short request
_STARTUP = (
    "from service.app import app\n"
    "from service.nlp import load_nlp\n"
    "from service.pipeline.context import make_options\n"
    "from service.pipeline.run import run, warm_up\n"
    "warm_up()\n"
    "run('The talks resumed on Monday.', make_options('2025-05-20'), nlp=load_nlp())\n"
)


@dataclass(frozen=True, slots=True)
class Document:
    """One benchmark document and the date its relative times resolve against."""

    text: str
    document_date: date | None


@dataclass(frozen=True, slots=True)
class Rate:
    """One in-process measurement."""

    name: str
    articles_per_s: float
    ms_median: float
    ms_p95: float
    articles: int


@dataclass(frozen=True, slots=True)
class Load:
    """One HTTP load level."""

    clients: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    responses: int
    errors: int


@dataclass(slots=True)
class Report:
    source: str
    documents: int
    words: int
    python: str
    cpu: str
    rates: list[Rate] = field(default_factory=list)
    ratios: dict[str, float] = field(default_factory=dict)
    parser_words_per_s: float = 0.0
    startup_s: float = 0.0
    peak_rss_mb: float = 0.0
    http: list[Load] = field(default_factory=list)
    http_workers: int = 0
    http_startup_s: float = 0.0
    worker_rss_mb: list[float] = field(default_factory=list)
    http_note: str = ""


def read_documents(path: str | None) -> list[Document]:
    """The reference article, or every .tml (else .txt) document under ``path``."""
    from service.domain.clock import utc_today
    from service.rules.registry import CONFIGS

    if path is None:
        text = _FIXTURE.read_text("utf-8")
        found = CONFIGS["en"].find_document_date(text, utc_today())
        return [Document(text, found.value if found else None)]
    from service.formats.timeml import iter_timeml

    root = Path(path)
    if any(root.rglob("*.tml")):
        return [Document(d.text, d.document_date) for d in iter_timeml(root)]
    return [Document(p.read_text("utf-8", errors="replace"), None)
            for p in sorted(root.rglob("*.txt"))]


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0-1) percentile of ``values``, nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))
    return ordered[rank]


def measure(name: str, func: Callable[[Document], object], docs: Sequence[Document],
            seconds: float) -> Rate:
    """Run ``func`` over the documents, round after round, for about ``seconds`` (at least
    one round); the per-article times give the median and p95."""
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    while not times or time.perf_counter() < deadline:
        for doc in docs:
            started = time.perf_counter()
            func(doc)
            times.append(time.perf_counter() - started)
    total = sum(times)
    return Rate(name, len(times) / total if total else 0.0, statistics.median(times) * 1000,
                percentile(times, 0.95) * 1000, len(times))


def startup_seconds() -> float:
    """Wall time of a fresh process that imports the app, loads the parser and answers once."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", _STARTUP], check=True, capture_output=True)
    return time.perf_counter() - started


def in_process(report: Report, docs: Sequence[Document], seconds: float) -> None:
    """Measure the pipeline's modes, dateparser and the parser in this process."""
    from dateparser.search import search_dates

    from service.domain.clock import utc_today
    from service.nlp import load_nlp
    from service.pipeline.context import make_options
    from service.pipeline.run import run, run_times

    nlp = load_nlp()
    bases = [datetime.combine(d.document_date or utc_today(), clock(12)) for d in docs]
    base_of = {id(d): b for d, b in zip(docs, bases, strict=True)}

    def dateparser_dates(doc: Document) -> object:
        return search_dates(doc.text, languages=["en"], settings={
            "RELATIVE_BASE": base_of[id(doc)], "PREFER_DATES_FROM": "past"})

    # the options are made before the clock starts: the measurements are of the pipeline
    whole = {id(d): make_options(d.document_date) for d in docs}
    stated = {id(d): make_options(d.document_date, include_inferred=False) for d in docs}
    times = {id(d): make_options(d.document_date, events="none") for d in docs}
    modes: list[tuple[str, Callable[[Document], object]]] = [
        ("whole timeline", lambda d: run(d.text, whole[id(d)], nlp=nlp)),
        ("explicit events only", lambda d: run(d.text, stated[id(d)], nlp=nlp)),
        ("time expressions (events none)", lambda d: run(d.text, times[id(d)], nlp=nlp)),
        ("time expressions, no parser", lambda d: run_times(d.text, whole[id(d)])),
        ("dateparser search_dates", dateparser_dates),
    ]
    for _, func in modes:  # warm-up: lazy tables, first-call caches
        func(docs[0])
    report.rates = [measure(name, func, docs, seconds) for name, func in modes]
    baseline = report.rates[-1].articles_per_s
    report.ratios = {r.name: r.articles_per_s / baseline for r in report.rates[:-1] if baseline}

    paragraphs = [p for d in docs for p in d.text.splitlines() if p.strip()]
    words = sum(len(p.split()) for p in paragraphs)
    started = time.perf_counter()
    deadline = started + seconds
    rounds = 0
    while not rounds or time.perf_counter() < deadline:
        for _ in nlp.pipe(paragraphs, batch_size=64):
            pass
        rounds += 1
    report.parser_words_per_s = words * rounds / (time.perf_counter() - started)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _workers(pid: int) -> list[int]:
    """The server's worker processes (its children, without multiprocessing's helpers)."""
    try:
        children = [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    workers = []
    for child in children:
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in command:
            workers.append(child)
    return workers


def _peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident set) of a process, in MB (0 if unknown)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else 0.0


def _hey_summary(output: str, clients: int) -> Load:
    """Requests/s, p50, p99 and errors from hey's summary."""
    def number(pattern: str) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else 0.0

    codes = {int(c): int(n) for c, n in re.findall(r"\[(\d{3})\]\s+(\d+) responses", output)}
    _, _, failures = output.partition("Error distribution:")
    failed = sum(int(n) for n in re.findall(r"^\s*\[(\d+)\]\s", failures, re.MULTILINE))
    errors = sum(n for code, n in codes.items() if code != 200) + failed
    # hey leaves out a percentile its sample is too small for; then the slowest response is
    # that percentile's nearest rank
    slowest = number(r"Slowest:\s+([\d.]+) secs")
    p50 = number(r"50% in ([\d.]+) secs") or slowest
    p99 = number(r"99% in ([\d.]+) secs") or slowest
    return Load(clients, number(r"Requests/sec:\s+([\d.]+)"), p50 * 1000, p99 * 1000,
                codes.get(200, 0), errors)


def over_http(report: Report, doc: Document, workers: int, clients: Sequence[int],
              seconds: float) -> None:
    """Start ``timeline serve``, load it with hey at each client count, stop it."""
    hey = shutil.which("hey")
    if hey is None:
        report.http_note = "skipped: hey is not installed (apt-get install hey)"
        return
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    body = {"text": doc.text,
            "document_date": doc.document_date.isoformat() if doc.document_date else None}
    env = {**os.environ, "TIMELINE_LOG_LEVEL": "warning"}
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port",
         str(port), "--workers", str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        if not _wait_ready(f"{url}/health", server, timeout=120):
            report.http_note = "skipped: the server did not answer /health within 120 s"
            return
        report.http_startup_s = time.perf_counter() - started
        report.http_workers = workers
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(body, handle)
        try:
            for count in clients:
                # warm every worker, then measure
                subprocess.run([hey, "-n", str(4 * workers), "-c", str(workers), "-m", "POST",
                                "-T", "application/json", "-D", handle.name,
                                f"{url}/v1/timeline"], capture_output=True, check=False)
                result = subprocess.run(
                    [hey, "-z", f"{seconds}s", "-c", str(count), "-t", "60", "-m", "POST",
                     "-T", "application/json", "-D", handle.name, f"{url}/v1/timeline"],
                    capture_output=True, text=True, check=False, timeout=seconds + 120,
                )
                report.http.append(_hey_summary(result.stdout, count))
        finally:
            os.unlink(handle.name)
        report.worker_rss_mb = [_peak_rss_mb(pid) for pid in _workers(server.pid)] or [
            _peak_rss_mb(server.pid)]
    finally:
        _stop(server)


def _wait_ready(url: str, server: subprocess.Popen[bytes], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def _stop(server: subprocess.Popen[bytes]) -> None:
    """SIGINT to the server's own process group (uvicorn shuts its workers down), then kill."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def print_report(report: Report) -> None:
    print(f"benchmark: {report.source}: {report.documents} document(s), {report.words:,} words;"
          f" {report.cpu}; Python {report.python}")
    print(f"{'in process':<34}{'art/s':>10}{'ms p50':>9}{'ms p95':>9}{'vs dateparser':>15}")
    for rate in report.rates:
        ratio = report.ratios.get(rate.name)
        shown = f"{ratio:.2f}x" if ratio is not None else "1.00x"
        print(f"{rate.name:<34}{rate.articles_per_s:>10,.1f}{rate.ms_median:>9.2f}"
              f"{rate.ms_p95:>9.2f}{shown:>15}")
    print(f"parser (nlp.pipe) {report.parser_words_per_s:,.0f} words/s; start-up "
          f"{report.startup_s:.2f} s (a fresh process: import, load, answer once); peak RSS "
          f"{report.peak_rss_mb:,.0f} MB")
    if report.http_note:
        print(f"HTTP: {report.http_note}")
        return
    if not report.http:
        return
    rss = ", ".join(f"{m:,.0f}" for m in report.worker_rss_mb)
    print(f"HTTP, timeline serve --workers {report.http_workers} on 127.0.0.1 (up in "
          f"{report.http_startup_s:.1f} s; peak RSS per worker {rss} MB), hey, POST /v1/timeline")
    print(f"{'clients':>8}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'responses':>11}{'errors':>8}")
    for load in report.http:
        print(f"{load.clients:>8}{load.requests_per_s:>10,.1f}{load.p50_ms:>10.1f}"
              f"{load.p99_ms:>10.1f}{load.responses:>11}{load.errors:>8}")


def _clients(value: str) -> list[int]:
    try:
        counts = [int(v) for v in value.split(",") if v.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of integers: {value!r}") from exc
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("client counts must be positive")
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.bench",
                                     description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", help="a folder of .tml or .txt files (default: the "
                        "reference article)")
    parser.add_argument("--seconds", type=float, default=5.0, help="time per in-process mode")
    parser.add_argument("--cpu", type=int, default=0,
                        help="core the in-process measurements run on (-1: do not pin)")
    parser.add_argument("--http-seconds", type=float, default=10.0, help="time per load level")
    parser.add_argument("--clients", type=_clients, default=[1, 8, 32],
                        help="client counts, comma-separated")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP measurements")
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    args = parser.parse_args(argv)

    docs = read_documents(args.corpus)
    if not docs:
        parser.error(f"no documents under {args.corpus}")
    all_cores = os.sched_getaffinity(0)
    if args.cpu >= 0:
        os.sched_setaffinity(0, {args.cpu})
    report = Report(
        source=args.corpus or "reference article", documents=len(docs),
        words=sum(len(d.text.split()) for d in docs), python=sys.version.split()[0],
        cpu=(f"in process on core {args.cpu}" if args.cpu >= 0 else "in process unpinned")
        + f", OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}",
    )
    report.startup_s = startup_seconds()
    in_process(report, docs, args.seconds)
    report.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not args.no_http:
        os.sched_setaffinity(0, all_cores)  # the server's workers get every core
        over_http(report, docs[0], args.workers, args.clients, args.http_seconds)
    print_report(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
