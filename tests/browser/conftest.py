"""Browser tests: the app under uvicorn on a free 127.0.0.1 port, driven by headless Chromium.

Chromium is Debian's (``apt-get install chromium``), never a browser Playwright downloads; the
tests are skipped, saying why, where /usr/bin/chromium or the playwright package is missing.
Screenshots go to ``$TIMELINE_SCREENSHOTS`` (default ``.ci/screenshots/``, ignored by git).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
# Small enough that a 413 is one textarea away, large enough for the reference article.
MAX_CHARS = 20_000
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

try:
    from playwright.sync_api import Browser, Page, Playwright, sync_playwright
except ImportError:  # pragma: no cover - the dev extras install it
    sync_playwright = None


@dataclass
class Server:
    url: str
    log: Path


@dataclass
class Recorded:
    """A page, every URL it requested, and those the browser refused to fetch (its CSP)."""

    page: Page
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _why_not() -> str | None:
    if sync_playwright is None:
        return ("browser tests skipped: the playwright package is not installed "
                "(pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        return f"browser tests skipped: {CHROMIUM} not found (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    reason = _why_not()
    if reason is not None:
        pytest.skip(reason)
    assert sync_playwright is not None
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def server(browser: Browser) -> Iterator[Server]:
    """The app in its own process, as `timeline serve` runs it, with a small text limit."""
    port = _free_port()
    log = Path(tempfile.mkstemp(prefix="timeline-browser-", suffix=".log")[1])
    env = {**os.environ, "TIMELINE_MAX_CHARS": str(MAX_CHARS)}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "service.app:app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the app did not start on {url}:\n{log.read_text(errors='replace')}")
            time.sleep(0.3)
        yield Server(url=url, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.unlink(missing_ok=True)


def _open(browser: Browser, viewport: dict[str, int]) -> Iterator[Recorded]:
    context = browser.new_context(viewport=viewport, accept_downloads=True)  # type: ignore[arg-type]
    page = context.new_page()
    recorded = Recorded(page)
    page.on("request", lambda request: recorded.requests.append(request.url))
    page.on("requestfailed", lambda request: recorded.blocked.append(request.url)
            if "csp" in (request.failure or "").lower() else None)
    errors: list[Any] = []
    page.on("pageerror", lambda error: errors.append(error))
    yield recorded
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def desktop(browser: Browser, server: Server) -> Iterator[Recorded]:
    yield from _open(browser, DESKTOP)


@pytest.fixture
def phone(browser: Browser, server: Server) -> Iterator[Recorded]:
    yield from _open(browser, PHONE)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = Path(os.environ.get("TIMELINE_SCREENSHOTS") or ROOT / ".ci" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
