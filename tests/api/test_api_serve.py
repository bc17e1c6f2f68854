"""``timeline serve --workers 2`` as a real server: one rate limit per key across the workers,
new requests answered 503 while it shuts down, and every line it writes is one JSON object."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import read_article

TIMELINE = str(Path(sys.executable).with_name("timeline"))
KEYS = ("k-rate", "k-look", "k-other")


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _call(base: str, path: str, key: str, body: dict[str, object] | None = None,
          timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, _lower(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers.items()), error.read()


def _lower(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "stderr.log"
    env = {**os.environ, "TIMELINE_API_KEYS": ",".join(KEYS),
           "TIMELINE_RATE_LIMIT_PER_MINUTE": "20", "TIMELINE_PIPELINE_PROCESSES": "1",
           "TIMELINE_REQUEST_TIMEOUT_S": "60", "TIMELINE_LOG_LEVEL": "info"}
    env.pop("TIMELINE_RATE_LIMIT_DIR", None)
    with open(log, "wb") as stderr:
        process = subprocess.Popen(
            [TIMELINE, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            env=env, stdout=stderr, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("the server did not come up: " + log.read_text(errors="replace")[-2000:])
    try:
        yield Server(base, process, log)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=60)


def _workers(supervisor: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{supervisor}/task").glob("*/children"):
        for pid in task.read_text().split():
            cmdline = Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
            if "spawn_main" in cmdline:
                found.append(int(pid))
    return found


def test_two_workers_share_one_rate_limit_per_key(server: Server) -> None:
    assert len(_workers(server.process.pid)) == 2
    body = {"text": "Talks resumed on Monday.", "events": "none"}
    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(lambda _: _call(server.base, "/v1/timeline", "k-rate", body)[0],
                                 range(30)))
    assert statuses.count(200) == 20, statuses
    assert statuses.count(429) == 10, statuses
    # another key has its own count
    assert _call(server.base, "/v1/timeline", "k-other", body)[0] == 200


def _tree(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children = task.read_text().split()
        except OSError:
            continue
        for child in children:
            found += _tree(int(child))
    return found


def test_a_worker_killed_mid_job_leaves_no_plain_text_in_the_log(server: Server) -> None:
    long_text = ((read_article() + "\n\n") * 50)[:199_000]

    def send() -> None:
        with contextlib.suppress(OSError):  # its worker is killed: no answer comes
            _call(server.base, "/v1/timeline", "k-look", {"text": long_text}, timeout=120)

    busy = threading.Thread(target=send)
    busy.start()
    time.sleep(1.5)  # a pipeline process is working on it
    before = _workers(server.process.pid)
    orphans = [pid for worker in before for pid in _tree(worker)[1:]]
    for worker in before:
        os.kill(worker, signal.SIGKILL)
    busy.join(timeout=120)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (
            any(Path(f"/proc/{pid}").exists() for pid in orphans)
            or len(set(_workers(server.process.pid)) - set(before)) < 2):
        time.sleep(0.5)
    assert not any(Path(f"/proc/{pid}").exists() for pid in orphans)  # they finished and left
    assert len(set(_workers(server.process.pid)) - set(before)) == 2  # both replaced
    until = time.monotonic() + 120
    while time.monotonic() < until:
        try:
            if _call(server.base, "/health", "k-look", timeout=5)[0] == 200:
                break
        except OSError:
            time.sleep(0.5)
    # the log itself is checked, line by line, by the shutdown test below


def test_a_request_during_shutdown_is_answered_503_and_the_log_is_json(server: Server) -> None:
    long_text = ((read_article() + "\n\n") * 50)[:199_000]
    result: list[int] = []
    slow = threading.Thread(target=lambda: result.append(
        _call(server.base, "/v1/timeline", "k-other", {"text": long_text})[0]))
    slow.start()
    time.sleep(1.5)  # the article is being worked on (several seconds)
    server.process.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    status, headers, raw = _call(server.base, "/health", "k-other", timeout=10)
    slow.join(timeout=120)
    assert server.process.wait(timeout=120) == 0
    assert result == [200]  # the request in flight was answered
    assert status == 503 and headers["retry-after"] == "1"
    assert headers["connection"] == "close"
    assert json.loads(raw)["error"]["code"] == "shutting_down"
    lines = server.log.read_text(errors="replace").splitlines()
    assert lines
    for line in lines:
        entry = json.loads(line)  # every line, the supervisor's and uvicorn's included
        assert isinstance(entry, dict) and {"time", "level", "message"} <= set(entry)
    assert "Talks resumed" not in server.log.read_text()
