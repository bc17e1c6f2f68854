"""Request options -> DocContext: time zone, language, document date, and their errors."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from service.domain.errors import (
    InvalidDocumentDate,
    TimelineError,
    UnknownTimezone,
    UnsupportedLanguage,
)
from service.domain.types import DateSource
from service.pipeline.context import (
    EARLIEST_DOCUMENT_DATE,
    LATEST_DOCUMENT_DATE,
    Options,
    load_zone,
    make_context,
    make_options,
    parse_document_date,
)

UTC = ZoneInfo("UTC")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize("name", ["UTC", "America/New_York", "Europe/Kyiv", "Asia/Kolkata"])
def test_known_zones(name: str) -> None:
    assert load_zone(name).key == name


@pytest.mark.parametrize(
    "name",
    ["", "Mars/Olympus_Mons", "utc ", "Europe/", "../etc/passwd", "/etc/localtime",
     "Europe/../UTC", "UTC\x00", "\ud800", "A" * 65, "+05:00"],
)
def test_unknown_zones(name: str) -> None:
    with pytest.raises(UnknownTimezone) as caught:
        load_zone(name)
    assert caught.value.code == "unknown_timezone" and caught.value.status == 422
    assert len(caught.value.details["timezone"]) <= 64


@pytest.mark.parametrize(
    ("raw", "zone", "expected"),
    [
        ("2025-05-20", UTC, date(2025, 5, 20)),
        (" 2025-05-20 ", UTC, date(2025, 5, 20)),
        ("20250520", UTC, date(2025, 5, 20)),
        ("2025-05-20T14:30", UTC, date(2025, 5, 20)),  # no offset: the date as written
        ("2025-05-20T14:30", NEW_YORK, date(2025, 5, 20)),
        ("2025-05-20T23:30:00-05:00", UTC, date(2025, 5, 21)),  # read in the request zone
        ("2025-05-20T23:30:00-05:00", NEW_YORK, date(2025, 5, 21)),  # -05:00 is 00:30 EDT
        ("2025-05-20T02:00:00Z", NEW_YORK, date(2025, 5, 19)),
        ("2025-05-20T02:00:00+00:00", UTC, date(2025, 5, 20)),
        (date(2025, 5, 20), NEW_YORK, date(2025, 5, 20)),
        (datetime(2025, 5, 20, 2, tzinfo=UTC), NEW_YORK, date(2025, 5, 19)),
        ("1000-01-01", UTC, EARLIEST_DOCUMENT_DATE),
        ("8999-12-31", UTC, LATEST_DOCUMENT_DATE),
    ],
)
def test_document_dates(raw: str | date, zone: ZoneInfo, expected: date) -> None:
    assert parse_document_date(raw, zone) == expected


def test_no_document_date() -> None:
    assert parse_document_date(None, UTC) is None


@pytest.mark.parametrize(
    "raw",
    ["0000-00-00", "2025-13-40", "2025-02-30", "yesterday", "", "   ", "May 20, 2025",
     "20-05-2025", "2025-05-20T25:00", "2025-05-20 garbage",
     "0001-01-01T00:00:00+05:00",  # overflows when moved to UTC
     "9999-12-31T23:00:00-05:00",
     "0999-12-31", "9000-01-01", "0001-01-01", "9999-12-31",  # outside the supported years
     date(1, 1, 1), "x" * 10_000],
)
def test_invalid_document_dates(raw: str | date) -> None:
    with pytest.raises(InvalidDocumentDate) as caught:
        parse_document_date(raw, UTC)
    assert caught.value.code == "invalid_document_date" and caught.value.status == 422
    assert len(caught.value.details["document_date"]) <= 40  # never echoes a whole body


def test_context_from_the_request_date() -> None:
    options = make_options("2025-05-22", timezone="America/New_York", language="EN",
                           include_inferred=False)
    ctx = make_context(options, language=options.language, detected=date(2025, 5, 20))
    assert ctx.document_date == date(2025, 5, 22)  # the request wins over the text
    assert ctx.document_date_source == DateSource.REQUEST
    assert ctx.timezone == NEW_YORK
    assert ctx.language == "en"
    assert ctx.include_inferred is False


def test_context_from_the_detected_date() -> None:
    ctx = make_context(Options(), language="en", detected=date(2025, 5, 20))
    assert (ctx.document_date, ctx.document_date_source) == (date(2025, 5, 20), DateSource.TEXT)
    assert ctx.timezone == UTC and ctx.include_inferred is True


def test_context_without_a_date() -> None:
    ctx = make_context(Options(), language="en")
    assert (ctx.document_date, ctx.document_date_source) == (None, DateSource.NONE)


@pytest.mark.parametrize(("given", "code"), [("fr", "fr"), ("EN-gb", "en-GB"), ("en_GB", "en-GB"),
                                             ("PT", "pt"), (" es ", "es")])
def test_language_codes_are_read_in_any_case(given: str, code: str) -> None:
    assert make_options(language=given).language == code


def test_context_is_frozen() -> None:
    ctx = make_context(Options(), language="en")
    with pytest.raises(AttributeError):
        ctx.language = "fr"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        make_options().language = "fr"  # type: ignore[misc]


@pytest.mark.parametrize("language", ["it", "", "en-US", "eng", "x" * 1000])
def test_unsupported_language(language: str) -> None:
    with pytest.raises(UnsupportedLanguage) as caught:
        make_options(language=language)
    assert caught.value.code == "unsupported_language" and caught.value.status == 422
    assert caught.value.details["supported"] == ["en", "en-GB", "fr", "pt", "es", "auto"]
    assert len(caught.value.details["language"]) <= 20


def test_options_are_checked_before_the_date() -> None:
    # one error at a time, the language first: the caller fixes the most basic thing first
    with pytest.raises(UnsupportedLanguage):
        make_options("yesterday", timezone="Mars/Base", language="de")
    with pytest.raises(UnknownTimezone):
        make_options("yesterday", timezone="Mars/Base")


def test_every_error_is_a_timeline_error_with_a_stable_code() -> None:
    codes = {}
    for cls in (UnknownTimezone, UnsupportedLanguage, InvalidDocumentDate):
        error = cls("message", {"k": "v"})
        assert isinstance(error, TimelineError)
        assert (error.message, error.details, str(error)) == ("message", {"k": "v"}, "message")
        codes[cls.code] = cls.status
    assert codes == {"unknown_timezone": 422, "unsupported_language": 422,
                     "invalid_document_date": 422}
