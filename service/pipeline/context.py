"""Validate the request's options once (the frozen ``Options``) and build the frozen
DocContext every stage reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from service.domain.calendar import EARLIEST_DOCUMENT_DATE, LATEST_DOCUMENT_DATE
from service.domain.errors import (
    InvalidDocumentDate,
    InvalidRequest,
    UnknownTimezone,
    UnsupportedLanguage,
)
from service.domain.types import DateOrder, DateSource, DocContext, EventsMode, Prefer
from service.locale.lexicon import load_lexicon
from service.pipeline.limits import DEFAULT_CAPS, Caps
from service.rules.registry import CONFIGS

# Every locale with a rule configuration: en, en-GB, fr, pt, es.
SUPPORTED_LANGUAGES = tuple(CONFIGS)
AUTO_LANGUAGE = "auto"  # detect the language from the text



# Names the zone database answers that are not IANA zones: the host's own zone (a request
# must not depend on the server's settings), the POSIX default rules, and tzdata's
# "Factory" placeholder.
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
UTC_ZONE: Final = ZoneInfo("UTC")


def load_zone(name: str) -> ZoneInfo:
    """Return the IANA zone ``name`` or raise UnknownTimezone."""
    if (not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name
            or name in NOT_ZONES or name.startswith(("posix/", "right/"))):
        raise UnknownTimezone(f"unknown time zone: {name!r}", {"timezone": name[:64]})
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise UnknownTimezone(f"unknown time zone: {name!r}", {"timezone": name}) from exc


def parse_document_date(raw: str | date | None, zone: ZoneInfo) -> date | None:
    """Parse an ISO 8601 date or date-time; a date-time with an offset is read in ``zone``.

    Args:
        raw: "2025-05-20", "2025-05-20T14:30:00+02:00", a date, or None.
        zone: the request time zone.

    Returns:
        The calendar date of the document in ``zone``, or None. Raises InvalidDocumentDate
        when ``raw`` is not ISO 8601 or lies outside the supported years (1000 to 8999).
    """
    if raw is None:
        return None
    shown = str(raw)[:40]
    try:
        if isinstance(raw, datetime):
            moment = raw
        elif isinstance(raw, date):
            moment = None
            found = raw
        else:
            text = raw.strip()
            if len(text) <= 10:
                moment, found = None, date.fromisoformat(text)
            else:
                moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, OverflowError) as exc:
        raise InvalidDocumentDate(
            f"document_date is not an ISO 8601 date or date-time: {shown!r}",
            {"document_date": shown},
        ) from exc
    if moment is not None:
        found = moment.date()
        if moment.tzinfo is not None and EARLIEST_DOCUMENT_DATE <= found <= LATEST_DOCUMENT_DATE:
            found = moment.astimezone(zone).date()  # in range, so no overflow at year 1 or 9999
    if not EARLIEST_DOCUMENT_DATE <= found <= LATEST_DOCUMENT_DATE:
        raise InvalidDocumentDate(
            f"document_date {found.isoformat()} is outside the supported range "
            f"{EARLIEST_DOCUMENT_DATE.isoformat()} to {LATEST_DOCUMENT_DATE.isoformat()}",
            {
                "document_date": shown,
                "earliest": EARLIEST_DOCUMENT_DATE.isoformat(),
                "latest": LATEST_DOCUMENT_DATE.isoformat(),
            },
        )
    return found


def normalise_language(language: str) -> str:
    """The supported code ``language`` names, in its canonical spelling ("EN-gb" -> "en-GB",
    "en_GB" -> "en-GB"), or ``auto``; raises UnsupportedLanguage otherwise."""
    key = language.strip().replace("_", "-").lower()
    if key == AUTO_LANGUAGE:
        return AUTO_LANGUAGE
    for code in SUPPORTED_LANGUAGES:
        if code.lower() == key:
            return code
    supported = [*SUPPORTED_LANGUAGES, AUTO_LANGUAGE]
    raise UnsupportedLanguage(
        f"unsupported language: {language[:20]!r}; supported: {', '.join(supported)}",
        {"language": language[:20], "supported": supported},
    )


@dataclass(frozen=True, slots=True)
class Options:
    """A request's options, validated and normalised once (:func:`make_options`) and handed
    from the caller through the library to the pipeline unchanged."""

    document_date: date | None = None  # as the request gives it; None: found in the text
    timezone: ZoneInfo = UTC_ZONE
    language: str = "en"  # a supported code in its canonical spelling, or "auto"
    include_inferred: bool = True
    events: EventsMode = EventsMode.ALL
    prefer: Prefer = Prefer.TENSE
    date_order: DateOrder | None = None  # None: the language's order
    caps: Caps = DEFAULT_CAPS


def make_options(
    document_date: str | date | None = None,
    *,
    timezone: str = "UTC",
    language: str = "en",
    include_inferred: bool = True,
    events: EventsMode | str = EventsMode.ALL,
    prefer: Prefer | str = Prefer.TENSE,
    date_order: DateOrder | str | None = None,
    caps: Caps = DEFAULT_CAPS,
) -> Options:
    """Validate and normalise a request's options, once.

    Args:
        document_date: the publication date (ISO 8601 date or date-time, read in
            ``timezone``), or None to find it in the text.
        timezone: IANA zone for the intervals.
        language: "en", "en-GB", "fr", "pt", "es" (any case, "_" for "-") or "auto".
        include_inferred: keep events whose time is inferred, and undated events.
        events: "all", "main" or "none".
        prefer: "tense", "past" or "future".
        date_order: "MDY", "DMY", "YMD", "auto", or None for the language's order.
        caps: the most time expressions and events returned, the longest line parsed whole.

    Returns:
        The options. Raises a TimelineError subclass on an invalid one.
    """
    language = normalise_language(language)
    zone = load_zone(timezone)
    given = parse_document_date(document_date, zone)
    try:
        mode = EventsMode(events)
    except ValueError:
        choices = ", ".join(m.value for m in EventsMode)
        raise InvalidRequest(f"events must be one of {choices}, not {events!r}") from None
    return Options(
        document_date=given,
        timezone=zone,
        language=language,
        include_inferred=include_inferred,
        events=mode,
        prefer=Prefer(prefer),
        date_order=DateOrder(date_order) if date_order is not None else None,
        caps=caps,
    )


DEFAULT_OPTIONS: Final = Options()


def make_context(options: Options, *, language: str, detected: date | None = None
                 ) -> DocContext:
    """Build the context every stage reads.

    Args:
        options: the request's options.
        language: the text's language, ``options.language`` with "auto" resolved.
        detected: the document date found in the text, used when the request gives none.
    """
    if language == AUTO_LANGUAGE:
        raise UnsupportedLanguage(
            "language 'auto' must be resolved before the context is made",
            {"language": language, "supported": list(SUPPORTED_LANGUAGES)},
        )
    if options.document_date is not None:
        doc_date, source = options.document_date, DateSource.REQUEST
    elif detected is not None:
        doc_date, source = detected, DateSource.TEXT
    else:
        doc_date, source = None, DateSource.NONE
    return DocContext(
        document_date=doc_date,
        document_date_source=source,
        timezone=options.timezone,
        language=language,
        include_inferred=options.include_inferred,
        prefer=options.prefer,
        # the language decides when the request does not: en reads "03/04/2025" month-first
        date_order=options.date_order or DateOrder(load_lexicon(language).date_order),
    )
