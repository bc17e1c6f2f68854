"""Shared fixtures: one TestClient, so the parser loads once for the whole session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import app
from service.config import get_settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLE_PATH = FIXTURES / "reference_article.txt"


def read_article() -> str:
    """The reference article exactly as stored (no newline translation)."""
    with open(ARTICLE_PATH, encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """The application with its lifespan run (the parser model is loaded once)."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def article() -> str:
    return read_article()


@pytest.fixture(scope="session")
def article_detected(client: TestClient, article: str) -> dict[str, Any]:
    """The reference article's response without a document_date (it is read from the text)."""
    response = client.post("/v1/timeline", json={"text": article})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture(scope="session")
def article_given(client: TestClient, article: str) -> dict[str, Any]:
    """The reference article's response with document_date 2025-05-22 (a Thursday)."""
    response = client.post("/v1/timeline", json={"text": article, "document_date": "2025-05-22"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def set_setting(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, str], None]]:
    """Set a TIMELINE_* variable for one test: ``set_setting("max_chars", "50")``.

    get_settings() is cached for the process, so its cache is cleared after each change and
    again once the environment is restored.
    """

    def _set(name: str, value: str) -> None:
        monkeypatch.setenv(f"TIMELINE_{name.upper()}", value)
        get_settings.cache_clear()

    yield _set
    monkeypatch.undo()
    get_settings.cache_clear()
