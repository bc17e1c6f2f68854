"""Service settings, read once from environment variables prefixed ``TIMELINE_``."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration of the HTTP service and the CLI."""

    model_config = SettingsConfigDict(env_prefix="TIMELINE_", frozen=True)

    max_chars: int = Field(
        default=200_000, ge=1, description="Longest accepted text, in characters."
    )
    max_batch: int = Field(default=100, ge=1, description="Most requests in one batch call.")
    workers: int = Field(default=1, ge=1, description="uvicorn worker processes.")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: str = "info"
    spacy_model: str | None = Field(
        default=None,
        description="Name or path of a spaCy pipeline to use instead of the bundled one.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings (read from the environment on first use)."""
    return Settings()
