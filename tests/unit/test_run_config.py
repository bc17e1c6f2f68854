"""How a newcomer starts the service: `make run` and the compose file (issue 13)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _make_run(*args: str, env: dict[str, str] | None = None) -> str:
    """What `make run` would do (``-n``: print, run nothing), with no TIMELINE_* set but ``env``."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", *args], cwd=ROOT, capture_output=True,
        text=True, timeout=60, check=True, env={**clean, **(env or {})},
    )
    return done.stdout


def test_make_run_prints_the_page_url_and_takes_a_port() -> None:
    out = _make_run("PORT=8123")
    assert 'echo "The page:  http://127.0.0.1:8123/"' in out
    assert ".venv/bin/timeline serve --host 127.0.0.1 --port 8123" in out


def test_make_run_reads_the_service_port_variable() -> None:
    env = {"TIMELINE_PORT": "8124", "TIMELINE_HOST": "127.0.0.2"}
    out = _make_run(env=env)
    assert "--host 127.0.0.2 --port 8124" in out


def test_make_run_defaults_to_8000() -> None:
    assert "--host 127.0.0.1 --port 8000" in _make_run()


def test_compose_takes_the_host_port_from_timeline_port() -> None:
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text(encoding="utf-8"))
    assert compose["services"]["timeline"]["ports"] == ["127.0.0.1:${TIMELINE_PORT:-8000}:8000"]
