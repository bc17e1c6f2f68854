"""Validate the request's options and build the frozen DocContext."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from service.domain.calendar import EARLIEST_DOCUMENT_DATE, LATEST_DOCUMENT_DATE
from service.domain.errors import InvalidDocumentDate, UnknownTimezone, UnsupportedLanguage
from service.domain.types import DateOrder, DateSource, DocContext, Prefer
from service.locale.lexicon import load_lexicon
from service.rules.registry import CONFIGS

# Every locale with a rule configuration: en, en-GB, fr, pt, es.
SUPPORTED_LANGUAGES = tuple(CONFIGS)
AUTO_LANGUAGE = "auto"  # detect the language from the text
# The languages the bundled parser reads; the others take their tense from verb morphology and
# have no events.
PARSED_LANGUAGES = ("en", "en-GB")



# Names the zone database answers that are not IANA zones: the host's own zone (a request
# must not depend on the server's settings), the POSIX default rules, and tzdata's
# "Factory" placeholder.
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


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


def make_context(
    document_date: str | date | None,
    *,
    timezone: str = "UTC",
    language: str = "en",
    include_inferred: bool = True,
    detected: date | None = None,
    prefer: Prefer | str = Prefer.TENSE,
    date_order: DateOrder | str | None = None,
) -> DocContext:
    """Build the context every stage reads; raises a TimelineError on bad options."""
    language = normalise_language(language)
    if language == AUTO_LANGUAGE:
        raise UnsupportedLanguage(
            "language 'auto' must be resolved before the context is made",
            {"language": language, "supported": list(SUPPORTED_LANGUAGES)},
        )
    zone = load_zone(timezone)
    given = parse_document_date(document_date, zone)
    if given is not None:
        doc_date, source = given, DateSource.REQUEST
    elif detected is not None:
        doc_date, source = detected, DateSource.TEXT
    else:
        doc_date, source = None, DateSource.NONE
    return DocContext(
        document_date=doc_date,
        document_date_source=source,
        timezone=zone,
        language=language,
        include_inferred=include_inferred,
        prefer=Prefer(prefer),
        # the language decides when the request does not: en reads "03/04/2025" month-first
        date_order=DateOrder(date_order or load_lexicon(language).date_order),
    )
