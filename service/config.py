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
    max_batch_chars: int = Field(
        default=1_000_000, ge=1, description="Most characters of text in one batch call."
    )
    max_time_expressions: int = Field(
        default=2_000, ge=1, description="Most time expressions returned for one document."
    )
    max_events: int = Field(default=10_000, ge=1, description="Most events for one document.")
    max_sentence_chars: int = Field(
        default=1_000, ge=100,
        description="Longest line handed to the parser in one piece; a longer one is cut.",
    )
    request_timeout_s: float = Field(
        default=10.0, gt=0,
        description="Deadline of one request's work, in seconds, from when a pipeline process "
        "takes it (time spent waiting for one is not counted).",
    )
    queue_timeout_s: float = Field(
        default=5.0, gt=0,
        description="Longest wait for a pipeline process; past it the request is answered "
        "503 overloaded without starting any work.",
    )
    long_text_chars: int = Field(
        default=20_000, ge=1,
        description="Characters of text (a batch's together) from which a request is long: "
        "long requests never hold every pipeline process at once.",
    )
    long_text_timeout_s: float = Field(
        default=30.0, gt=0, description="Deadline of a long request's work, in seconds."
    )
    max_concurrency: int = Field(
        default=32, ge=1, description="Requests in flight per worker (running or waiting)."
    )
    pipeline_processes: int = Field(
        default=2, ge=1, description="Pipeline processes per worker (requests run at once)."
    )
    recycle_requests: int = Field(
        default=500, ge=1, description="Jobs after which a pipeline process is replaced."
    )
    recycle_strings: int = Field(
        default=200_000, ge=1,
        description="New parser strings after which a pipeline process is replaced.",
    )
    shutdown_grace_s: float = Field(
        default=15.0, ge=0, description="Longest wait for in-flight requests on shutdown."
    )
    header_timeout_s: float = Field(
        default=10.0, gt=0, description="Longest wait for a request's headers and body."
    )
    api_keys: str = Field(
        default="", description="Comma-separated bearer tokens; empty: no key needed."
    )
    rate_limit_per_minute: int = Field(
        default=0, ge=0, description="Requests per minute per API key; 0: no limit."
    )
    rate_limit_dir: str = Field(
        default="",
        description="Directory where the workers share their rate-limit counts; empty: "
        "`timeline serve` makes a temporary one for its workers.",
    )
    cors_origins: str = Field(
        default="", description="Comma-separated origins allowed by CORS; empty: none."
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings (read from the environment on first use)."""
    return Settings()
