"""The Python library: ``from service import extract, extract_many``.

``extract`` turns one article into the timeline the HTTP API answers with (the same
``TimelineOut`` model); ``extract_many`` does it for a stream of articles with the parser loaded
once (per worker process when ``n_process`` > 1) and answers in input order. The HTTP routes,
``timeline extract`` and ``timeline batch`` all go through this module: a request's options are
validated once into the frozen :class:`~service.pipeline.context.Options` (:func:`options_of`,
or ``make_options`` from keyword arguments), which ``extract_with`` and ``extract_timeml`` hand
to the pipeline unchanged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from itertools import islice
from typing import Any, Final, Literal, TypeAlias, overload

from pydantic import ValidationError
from spacy.language import Language

from schemas.timeline import DateOrderName, ErrorBody, PreferName, TimelineIn, TimelineOut
from schemas.timeline import EventsMode as EventsName
from service import __version__
from service.convert import to_schema
from service.domain.errors import InvalidRequest, TextTooLarge, TimelineError
from service.domain.types import EventsMode, Timeline
from service.formats.timeml import to_timeml
from service.nlp import load_nlp
from service.ordered_map import map_ordered
from service.pipeline import run as pipeline
from service.pipeline.context import Options, make_options
from service.pipeline.limits import DEFAULT_CAPS, Caps

__all__ = [
    "Article", "OnError", "error_body", "extract", "extract_many", "extract_one",
    "extract_timeml", "extract_with", "options_of", "to_request",
]

log = logging.getLogger("service")

Article: TypeAlias = str | Mapping[str, Any] | TimelineIn
"""An article for ``extract_many``: its text, a request (``TimelineIn``), or a mapping of the
request's fields (``{"text": ..., "document_date": ...}``)."""
OnError: TypeAlias = Literal["raise", "return"]
INTERNAL_ERROR: Final = "internal_error"
DEFAULT_BATCH_SIZE: Final = 4


def extract(
    text: str,
    document_date: str | None = None,
    *,
    timezone: str = "UTC",
    language: str = "en",
    include_inferred: bool = True,
    events: EventsName | EventsMode = "all",
    max_chars: int | None = None,
    nlp: Language | None = None,
    prefer: PreferName = "tense",
    date_order: DateOrderName | None = None,
    caps: Caps = DEFAULT_CAPS,
) -> TimelineOut:
    """The timeline of one article, as ``POST /v1/timeline`` answers it.

    Args:
        text: the article.
        document_date: its publication date (ISO 8601 date or date-time), or None to find it
            in the text (dateline, leading date line).
        timezone: IANA zone for the intervals.
        language: the text's language: "en", "en-GB", "fr", "pt", "es" or "auto".
        include_inferred: keep events whose time is inferred, and undated events.
        events: "all", "main" (the article's own news) or "none" (time expressions only).
        max_chars: the longest text accepted (None: no limit).
        nlp: a loaded parser (default: the process's, loaded on first use).
        prefer: where a time without a stated direction points: "tense", "past", "future".
        date_order: how numeric dates are read: "MDY", "DMY", "YMD", "auto"; None: the
            language's order.
        caps: the most time expressions and events returned (the rest is left out, with a
            ``truncated`` warning).

    Returns:
        The timeline, with ``meta.elapsed_ms`` the time the pipeline took.

    Raises:
        TimelineError: a subclass with the API's error code (``text_too_large``,
            ``invalid_document_date``, ``unknown_timezone``, ``unsupported_language`` ...).
    """
    _check_text(text, max_chars)
    options = make_options(
        document_date,
        timezone=timezone,
        language=language,
        include_inferred=include_inferred,
        events=events,
        prefer=prefer,
        date_order=date_order,
        caps=caps,
    )
    return extract_with(text, options, nlp=nlp)


def options_of(request: TimelineIn, caps: Caps = DEFAULT_CAPS) -> Options:
    """The options of a request, validated and normalised: every field of ``TimelineIn``
    but the text.

    Raises:
        TimelineError: an invalid option (``unknown_timezone``, ``invalid_document_date`` ...).
    """
    return make_options(**request.model_dump(exclude={"text"}), caps=caps)


def extract_with(
    text: str, options: Options, *, max_chars: int | None = None, nlp: Language | None = None
) -> TimelineOut:
    """The timeline of one article with options already made (:func:`options_of`,
    :func:`service.pipeline.context.make_options`), as ``POST /v1/timeline`` answers it."""
    timeline, elapsed_ms = _run(text, options, max_chars=max_chars, nlp=nlp)
    return to_schema(timeline, version=__version__, elapsed_ms=elapsed_ms)


def extract_timeml(
    text: str, options: Options, *, max_chars: int | None = None, nlp: Language | None = None
) -> str:
    """The timeline of one article as a TimeML document (``?format=timeml``)."""
    timeline, _ = _run(text, options, max_chars=max_chars, nlp=nlp)
    return to_timeml(timeline, text)


def _check_text(text: str, max_chars: int | None) -> None:
    if not text:
        raise InvalidRequest("the text is empty", {"length": 0})
    if max_chars is not None and len(text) > max_chars:
        raise TextTooLarge(
            f"text has {len(text)} characters; the limit is {max_chars}",
            {"limit": max_chars, "length": len(text)},
        )


def _run(
    text: str, options: Options, *, max_chars: int | None, nlp: Language | None
) -> tuple[Timeline, float]:
    """The pipeline's timeline of a checked text, and the milliseconds it took."""
    _check_text(text, max_chars)
    nlp = nlp if nlp is not None else load_nlp()
    started = time.perf_counter()
    timeline = pipeline.run(text, options, nlp=nlp)
    return timeline, (time.perf_counter() - started) * 1000


def to_request(article: Article) -> TimelineIn:
    """The request an article stands for.

    Raises:
        InvalidRequest: a mapping that is not a valid request (its field errors in
            ``details``, without the input echoed back).
    """
    if isinstance(article, TimelineIn):
        return article
    if isinstance(article, str):
        return TimelineIn.model_construct(text=article)
    try:
        return TimelineIn.model_validate(dict(article))
    except ValidationError as exc:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in exc.errors()
        ]
        summary = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg']}" for e in errors
        )
        raise InvalidRequest(f"not a valid request: {summary}", errors) from None


def error_body(exc: Exception) -> ErrorBody:
    """The API's error body for a failure: a TimelineError keeps its code, message and
    details; anything else is ``internal_error`` naming the exception."""
    if isinstance(exc, TimelineError):
        return ErrorBody(code=exc.code, message=exc.message, details=exc.details)
    return ErrorBody(
        code=INTERNAL_ERROR,
        message="An unexpected error occurred.",
        details={"exception": type(exc).__name__, "message": str(exc)},
    )


def _extract_article(
    article: Article, *, max_chars: int | None, nlp: Language | None
) -> TimelineOut:
    request = to_request(article)
    _check_text(request.text, max_chars)
    return extract_with(request.text, options_of(request), nlp=nlp)


def extract_one(
    article: Article, *, max_chars: int | None = None, nlp: Language | None = None
) -> TimelineOut | ErrorBody:
    """One article's timeline, or the API's error body for it: never raises an Exception
    (a failure inside the pipeline is logged with its traceback and answered as
    ``internal_error``)."""
    try:
        return _extract_article(article, max_chars=max_chars, nlp=nlp)
    except TimelineError as exc:
        return error_body(exc)
    except Exception as exc:
        log.exception("internal error while extracting an article")
        return error_body(exc)


def _load(spacy_model: str | None) -> None:
    load_nlp(spacy_model)


def _extract_chunk(
    chunk: list[Article], *, on_error: OnError, max_chars: int | None, spacy_model: str | None
) -> list[TimelineOut | ErrorBody | Exception]:
    """A worker's task: a few articles with the process's parser. With ``on_error="raise"`` a
    failure ends the chunk, its exception handed back for the caller to raise in order."""
    nlp = load_nlp(spacy_model)
    results: list[TimelineOut | ErrorBody | Exception] = []
    for article in chunk:
        if on_error == "return":
            results.append(extract_one(article, max_chars=max_chars, nlp=nlp))
            continue
        try:
            results.append(_extract_article(article, max_chars=max_chars, nlp=nlp))
        except Exception as exc:
            results.append(exc)
            break
    return results


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of ``size`` items (the last one shorter), read lazily."""
    if size < 1:
        raise ValueError(f"batch_size must be at least 1, not {size}")
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@overload
def extract_many(
    articles: Iterable[Article],
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_chars: int | None = None,
    spacy_model: str | None = None,
    on_error: Literal["raise"] = "raise",
) -> Iterator[TimelineOut]: ...


@overload
def extract_many(
    articles: Iterable[Article],
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_chars: int | None = None,
    spacy_model: str | None = None,
    on_error: Literal["return"],
) -> Iterator[TimelineOut | ErrorBody]: ...


def extract_many(
    articles: Iterable[Article],
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_chars: int | None = None,
    spacy_model: str | None = None,
    on_error: OnError = "raise",
) -> Iterator[TimelineOut] | Iterator[TimelineOut | ErrorBody]:
    """The timelines of many articles, streamed in input order, the parser loaded once.

    Args:
        articles: texts, requests (``TimelineIn``) or mappings of their fields; read lazily.
        n_process: worker processes; each has the parser loaded once. 1: this process.
        batch_size: articles handed to a worker at a time.
        max_chars: the longest text accepted (None: no limit).
        spacy_model: the parser to load (default: ``$TIMELINE_SPACY_MODEL``, else the shipped
            one).
        on_error: "raise" stops at the first failing article with its exception (the articles
            before it are yielded first); "return" yields the API's ``ErrorBody`` in its place
            and goes on.

    Yields:
        One ``TimelineOut`` (or ``ErrorBody``) per article, in order.
    """
    task = partial(
        _extract_chunk, on_error=on_error, max_chars=max_chars, spacy_model=spacy_model
    )
    done = map_ordered(
        task, chunks(articles, batch_size), processes=n_process,
        initializer=partial(_load, spacy_model),
    )
    try:
        for result in done:
            for item in result.value:
                if isinstance(item, Exception):
                    raise item
                yield item
    finally:
        done.close()
