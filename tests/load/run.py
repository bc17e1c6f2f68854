"""Load and fault tests (``make loadtest``): ``timeline serve --workers 2`` on 127.0.0.1, driven
by ``hey`` (Debian's package; installed by ``.ci/run`` when missing).

Phases, each bounded in time and count, each failing the run when its condition breaks:
  1. 60 s at 32 clients on the reference article: 0 errors; requests, p50 and p99 printed.
  2. 3-minute soak at 8 clients, every worker's memory (its process tree) sampled every 5 s:
     fails above +10 %.
  3. 500,000 distinct made-up words, 2,000 per request: fails above +15 % per worker.
  4. While a pathological request runs, ordinary requests answer within 1 s.
  5. A client trickling its headers one byte a second does not block others.
  6. SIGKILL to one worker mid-load: the others keep answering and it is replaced.
  7. SIGTERM during load: the requests in flight are answered (none dropped).
  8. Attacked together, one worker (two pipeline processes) and the default deadlines: two
     199k-character hostile texts kept in flight while an ordinary short request arrives every
     0.5 s for 40 s: every ordinary request answered, at least 90 % within 2 s, and no
     pipeline process killed except for a deadline its own (long) job spent.
  9. The same with two workers and four hostile texts.
 10. Two workers, one key limited to 20 requests a minute: exactly 20 of 30 get through.

``python -m tests.load.run --phases 8,9,10`` runs only the phases named.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[2]
ARTICLE: Final = (ROOT / "tests" / "fixtures" / "reference_article.txt").read_text("utf-8")
TIMELINE: Final = str(Path(sys.executable).with_name("timeline"))
HOST: Final = "127.0.0.1"
failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"  {'ok  ' if ok else 'FAIL'} {what}", flush=True)
    if not ok:
        failures.append(what)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def post(url: str, body: dict[str, object], timeout: float = 30) -> tuple[int, float]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status, time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started
    except OSError:
        return 0, time.monotonic() - started


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(x) for x in task.read_text().split()]
    return found


def tree(pid: int) -> list[int]:
    out = [pid]
    for child in children(pid):
        out += tree(child)
    return out


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def workers(main: int) -> list[int]:
    """uvicorn's worker processes (the supervisor's spawned children, not its helpers)."""
    found = []
    for pid in children(main):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
        except OSError:
            continue
        if "spawn_main" in cmdline:
            found.append(pid)
    return found


def worker_rss(main: int) -> dict[int, float]:
    """Each worker's memory: the worker and its pipeline processes (the forkserver's too)."""
    return {w: sum(rss_mb(p) for p in tree(w)) for w in workers(main)}


def hey(url: str, body: Path, seconds: int, clients: int) -> dict[str, float]:
    out = subprocess.run(
        ["hey", "-z", f"{seconds}s", "-c", str(clients), "-m", "POST", "-t", "90",
         "-T", "application/json", "-D", str(body), url],
        capture_output=True, text=True, timeout=seconds + 200, check=False,
    ).stdout
    statuses = {int(c): int(n) for c, n in re.findall(r"\[(\d{3})\]\s+(\d+) responses", out)}
    pct = dict(re.findall(r"(\d+)% in ([\d.]+) secs", out))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    error_lines = out.split("Error distribution:")[1] if "Error distribution:" in out else ""
    errors = sum(int(n) for n in re.findall(r"\[(\d+)\]", error_lines))
    return {
        "ok": statuses.get(200, 0), "other": sum(v for k, v in statuses.items() if k != 200),
        "errors": errors, "rps": float(rps.group(1)) if rps else 0.0,
        "p50": float(pct.get("50", 0)), "p99": float(pct.get("99", 0)),
    }


def wait_healthy(base: str, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def start_with(port: int, workers: int, env: dict[str, str],
               log: Path) -> subprocess.Popen[bytes]:
    """``timeline serve`` with the default settings but ``env``, its stderr into ``log``."""
    with open(log, "wb") as handle:
        return subprocess.Popen(
            [TIMELINE, "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)],
            env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=handle,
        )


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


HOSTILE: Final[dict[str, object]] = {"text": ("5 days ago " * 18_200)[:199_000]}
ORDINARY: Final[dict[str, object]] = {"text": "Talks resumed on Monday in Geneva.",
                                      "events": "none"}


def attacked(workers: int, attackers: int, seconds: float = 40, every: float = 0.5) -> None:
    """Hostile texts kept in flight by ``attackers`` clients while ordinary requests arrive
    every ``every`` seconds; the server runs with its default deadlines."""
    port = free_port()
    base = f"http://{HOST}:{port}"
    url = base + "/v1/timeline"
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "stderr.log"
        server = start_with(port, workers, {"TIMELINE_LOG_LEVEL": "info"}, log)
        try:
            if not wait_healthy(base):
                check(False, "the server became healthy")
                return
            post(url, ORDINARY)
            stop_at = time.monotonic() + seconds
            hostile: list[int] = []

            def attack() -> None:
                while time.monotonic() < stop_at:
                    hostile.append(post(url, HOSTILE, timeout=120)[0])

            threads = [threading.Thread(target=attack) for _ in range(attackers)]
            for thread in threads:
                thread.start()
            time.sleep(1.0)  # the hostile texts are being worked on
            with ThreadPoolExecutor(32) as pool:
                futures = []
                while time.monotonic() < stop_at:
                    futures.append(pool.submit(post, url, ORDINARY, 60))
                    time.sleep(every)
                ordinary = [f.result() for f in futures]
            for thread in threads:
                thread.join()
        finally:
            stop(server)
        lines = log.read_text(errors="replace").splitlines()
    fast = sum(1 for status, took in ordinary if status == 200 and took <= 2.0)
    answered = sum(1 for status, _ in ordinary if status != 0)
    took = sorted(t for _, t in ordinary)
    share = fast / len(ordinary)
    print(f"  ordinary: {len(ordinary)} sent, {answered} answered, "
          f"{sum(1 for s, _ in ordinary if s == 200)} with 200, {share:.0%} within 2 s, "
          f"p50 {took[len(took) // 2] * 1000:.0f} ms, max {took[-1] * 1000:.0f} ms; "
          f"hostile answers: {', '.join(f'{c}: {hostile.count(c)}' for c in sorted(set(hostile)))}")
    entries = []
    for line in lines:
        try:
            entries.append(json.loads(line))
        except ValueError:
            entries.append({"message": "not JSON", "line": line[:200]})
    stopped = [e for e in entries if e.get("message") == "pipeline process stopped"]
    fresh = [e for e in stopped
             if e.get("reason") != "timeout" or e.get("worked_s", 0) < e.get("budget_s", 0)]
    print(f"  pipeline processes stopped: {len(stopped)}" + "".join(
        f"; {e.get('reason')}, {e.get('lane')} lane, worked {e.get('worked_s')} s of "
        f"{e.get('budget_s')} s" for e in stopped))
    check(answered == len(ordinary), "every ordinary request answered")
    check(share >= 0.9, f"at least 90 % of ordinary requests within 2 s ({share:.0%})")
    check(not fresh, "no pipeline process killed for time it did not work")
    check(all(e.get("message") != "not JSON" for e in entries),
          f"every log line is one JSON object ({len(entries)} lines)")


def rate_limited() -> None:
    print("10. two workers, a key limited to 20 a minute", flush=True)
    port = free_port()
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {"TIMELINE_API_KEYS": "k-limited", "TIMELINE_RATE_LIMIT_PER_MINUTE": "20"}
        server = start_with(port, 2, env, Path(tmp) / "stderr.log")
        try:
            if not wait_healthy(base):
                check(False, "the server became healthy")
                return
            data = json.dumps(ORDINARY).encode()

            def call(_: int) -> int:
                request = urllib.request.Request(base + "/v1/timeline", data=data, headers={
                    "Content-Type": "application/json", "Authorization": "Bearer k-limited"})
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        return int(response.status)
                except urllib.error.HTTPError as error:
                    return int(error.code)
                except OSError:
                    return 0

            with ThreadPoolExecutor(8) as pool:
                statuses = list(pool.map(call, range(30)))
        finally:
            stop(server)
    print(f"  30 requests: {statuses.count(200)} answered 200, {statuses.count(429)} 429")
    check(statuses.count(200) == 20 and statuses.count(429) == 10,
          "exactly 20 of 30 through across the two workers")


def start(port: int) -> subprocess.Popen[bytes]:
    # The phases count errors under load, not deadlines: on a shared machine a queue of 32
    # clients can wait longer than the default 5 s for a process, and work longer than 10 s,
    # so the server gets longer limits unless the caller sets them (the deadlines have their
    # own tests, and phases 8 and 9 run with the defaults).
    env = {"TIMELINE_REQUEST_TIMEOUT_S": "60", "TIMELINE_QUEUE_TIMEOUT_S": "60", **os.environ,
           "TIMELINE_LOG_LEVEL": "warning"}
    return subprocess.Popen(
        [TIMELINE, "serve", "--host", HOST, "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def throughput(url: str, body: Path) -> None:
    print("1. 60 s at 32 clients, the reference article", flush=True)
    r = hey(url, body, 60, 32)
    print(f"  requests {r['ok'] + r['other']:.0f} ({r['rps']:.1f}/s), errors "
          f"{r['other'] + r['errors']:.0f}, p50 {r['p50'] * 1000:.0f} ms, "
          f"p99 {r['p99'] * 1000:.0f} ms")
    check(r["ok"] > 0 and r["other"] == 0 and r["errors"] == 0, "0 errors at 32 clients")


def soak(url: str, body: Path, main: int) -> None:
    print("2. 3-minute soak at 8 clients, memory per worker every 5 s", flush=True)
    result: dict[str, float] = {}
    runner = threading.Thread(target=lambda: result.update(hey(url, body, 180, 8)))
    runner.start()
    time.sleep(10)  # past warm-up
    first = worker_rss(main)
    samples = [first]
    while runner.is_alive():
        time.sleep(5)
        samples.append(worker_rss(main))
    runner.join()
    last = samples[-2] if len(samples) > 1 else first
    for pid, start_mb in first.items():
        end_mb = last.get(pid, 0.0)
        print(f"  worker {pid}: {start_mb:.0f} MB -> {end_mb:.0f} MB")
        check(end_mb <= start_mb * 1.10, f"worker {pid} grew at most 10 %")
    print(f"  requests {result.get('ok', 0):.0f}, errors "
          f"{result.get('other', 0) + result.get('errors', 0):.0f}, "
          f"p99 {result.get('p99', 0) * 1000:.0f} ms")


def word(n: int) -> str:
    letters = "bcdfghjklmnpqrstvwxz"
    out = ""
    while True:
        out += letters[n % 20] + "aeiou"[n % 5]
        n //= 20
        if not n:
            return "Zo" + out


def distinct_words(url: str, main: int) -> None:
    print("3. 500,000 distinct words, 2,000 per request", flush=True)
    before = worker_rss(main)
    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(
            lambda i: post(url, {"text": " ".join(word(i * 2000 + k) for k in range(2000)) + ".",
                                 "events": "none"}, timeout=60)[0],
            range(250)))
    time.sleep(3)
    after = worker_rss(main)
    check(statuses.count(200) == 250, f"250 requests answered 200 ({statuses.count(200)})")
    start_total, end_total = sum(before.values()), sum(after.values())
    print(f"  workers: {start_total:.0f} MB -> {end_total:.0f} MB")
    check(end_total <= start_total * 1.15, "memory at most 15 % above the start")


def pathological(url: str) -> None:
    print("4. ordinary requests while a pathological one runs", flush=True)
    heavy = {"text": ("5 days ago " * 18_000)[:199_000]}
    result: list[tuple[int, float]] = []
    runner = threading.Thread(target=lambda: result.append(post(url, heavy, timeout=90)))
    runner.start()
    time.sleep(0.5)
    times = [post(url, {"text": "Talks resumed on Monday.", "events": "none"})[1]
             for _ in range(5)]
    runner.join()
    print(f"  pathological: status {result[0][0]} in {result[0][1]:.1f} s; ordinary: "
          + ", ".join(f"{t * 1000:.0f} ms" for t in times))
    check(result[0][0] in (200, 503), "the pathological request answers 200 or 503 timeout")
    check(max(times) < 1.0, "ordinary requests within 1 s")


def slow_client(base: str, port: int) -> None:
    print("5. a client trickling its headers", flush=True)
    sock = socket.create_connection((HOST, port))
    stop = threading.Event()

    def trickle() -> None:
        for ch in b"POST /v1/timeline HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 30:
            if stop.is_set():
                return
            try:
                sock.send(bytes([ch]))
            except OSError:
                return
            time.sleep(0.2)

    thread = threading.Thread(target=trickle)
    thread.start()
    time.sleep(1)
    times = [post(base + "/v1/timeline", {"text": "Talks resumed on Monday.", "events": "none"})[1]
             for _ in range(5)]
    stop.set()
    thread.join()
    sock.close()
    check(max(times) < 1.0, f"others answered within 1 s (slowest {max(times) * 1000:.0f} ms)")


def kill_worker(url: str, body: Path, base: str, main: int) -> None:
    print("6. SIGKILL to one worker mid-load", flush=True)
    result: dict[str, float] = {}
    runner = threading.Thread(target=lambda: result.update(hey(url, body, 20, 8)))
    runner.start()
    time.sleep(5)
    victim = workers(main)[0]
    os.kill(victim, signal.SIGKILL)
    runner.join()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (len(workers(main)) < 2 or victim in workers(main)):
        time.sleep(1)
    replaced = len(workers(main)) == 2 and victim not in workers(main)
    print(f"  killed {victim}; answered {result.get('ok', 0):.0f}, failed "
          f"{result.get('other', 0) + result.get('errors', 0):.0f} (in flight on the killed "
          f"worker); workers now {workers(main)}")
    check(result.get("ok", 0) > 0, "the other worker kept answering")
    check(replaced, "the killed worker was replaced")


def terminate(url: str, server: subprocess.Popen[bytes]) -> None:
    print("7. SIGTERM with requests in flight", flush=True)
    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(post, url, {"text": ARTICLE}, 60) for _ in range(6)]
        time.sleep(0.3)
        server.send_signal(signal.SIGTERM)
        statuses = [f.result()[0] for f in futures]
    server.wait(timeout=60)
    print(f"  statuses of the in-flight requests: {statuses}")
    check(statuses.count(200) == len(statuses), "every in-flight request answered")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.load.run")
    parser.add_argument("--phases", default="1,2,3,4,5,6,7,8,9,10",
                        help="comma-separated phase numbers to run (default: all)")
    phases = {int(p) for p in parser.parse_args(argv).phases.split(",")}
    if phases & {1, 2, 3, 4, 5, 6, 7}:
        shared(phases)
    if 8 in phases:
        print("8. attacked together: one worker, two hostile texts", flush=True)
        attacked(workers=1, attackers=2)
    if 9 in phases:
        print("9. attacked together: two workers, four hostile texts", flush=True)
        attacked(workers=2, attackers=4)
    if 10 in phases:
        rate_limited()
    print("loadtest: " + ("all checks passed" if not failures else f"FAILED: {failures}"))
    return 1 if failures else 0


def shared(phases: set[int]) -> None:
    """Phases 1 to 7, on one ``timeline serve --workers 2``."""
    port = free_port()
    base = f"http://{HOST}:{port}"
    url = base + "/v1/timeline"
    server = start(port)
    try:
        if not wait_healthy(base):
            check(False, "the server became healthy in 120 s")
            return
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump({"text": ARTICLE}, handle)
        body = Path(handle.name)
        post(url, {"text": ARTICLE})
        if 1 in phases:
            throughput(url, body)
        if 2 in phases:
            soak(url, body, server.pid)
        if 3 in phases:
            distinct_words(url, server.pid)
        if 4 in phases:
            pathological(url)
        if 5 in phases:
            slow_client(base, port)
        if 6 in phases:
            kill_worker(url, body, base, server.pid)
        if 7 in phases:
            terminate(url, server)
        body.unlink()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
