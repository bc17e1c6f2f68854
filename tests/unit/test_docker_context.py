"""The image's build context: every file the Dockerfile copies from it is let in by .dockerignore.

.dockerignore is an allow-list (``*``, then ``!path`` for each thing the image is built from);
a COPY of a path it leaves out fails only at build time, in the container check.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "docker" / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"


def _allowed() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line[1:].rstrip("/") for line in lines if line.startswith("!")]


def _copied_from_context() -> list[str]:
    sources: list[str] = []
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"COPY\s+(?P<args>.+)$", line.strip())
        if match is None or "--from=" in match["args"]:
            continue
        *paths, _destination = match["args"].split()
        sources.extend(p.rstrip("/") for p in paths if not p.startswith("--"))
    return sources


def _let_in(path: str, allowed: list[str]) -> bool:
    return any(path == entry or path.startswith(entry + "/") for entry in allowed)


def test_the_allow_list_starts_by_leaving_everything_out() -> None:
    first = next(line for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#"))
    assert first == "*"


def test_every_copied_path_exists_and_is_let_in() -> None:
    allowed = _allowed()
    sources = _copied_from_context()
    assert "docker/requirements.lock" in sources
    for source in sources:
        assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which does not exist"
        assert _let_in(source, allowed), f".dockerignore leaves out {source}, which is copied"


def test_a_path_outside_the_list_is_not_let_in() -> None:
    assert not _let_in("tests/fixtures", _allowed())
    assert not _let_in("docker/requirements.lock.bak", ["docker/requirements.lock"])
