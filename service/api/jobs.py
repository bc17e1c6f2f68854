"""The work a request hands to a pipeline process (:mod:`service.api.workers`): one article or a
batch, answered as serialised bytes so that only bytes cross back to the HTTP worker."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from service.domain.errors import TimelineError
from service.library import extract_timeml, extract_with
from service.nlp import load_nlp
from service.pipeline.context import Options

Format = Literal["json", "timeml"]


def timeline_job(text: str, options: Options, format: Format, model: str | None) -> bytes:
    """One article's answer: TimelineOut as JSON, or the TimeML document."""
    nlp = load_nlp(model)
    if format == "timeml":
        return extract_timeml(text, options, nlp=nlp).encode("utf-8")
    return extract_with(text, options, nlp=nlp).model_dump_json().encode("utf-8")


def timelines_job(articles: list[tuple[str, Options]], model: str | None) -> bytes:
    """A batch's answer: a JSON list of TimelineOut, in order."""
    nlp = load_nlp(model)
    parts = []
    for index, (text, options) in enumerate(articles):
        with batch_item(index):
            parts.append(extract_with(text, options, nlp=nlp).model_dump_json())
    return ("[" + ",".join(parts) + "]").encode("utf-8")


@contextmanager
def batch_item(index: int) -> Iterator[None]:
    """Name the batch item a TimelineError is about (message prefix and details["index"])."""
    try:
        yield
    except TimelineError as exc:
        details = exc.details if isinstance(exc.details, dict) else {"details": exc.details}
        raise type(exc)(f"item {index}: {exc.message}", {"index": index, **details}) from exc
