"""detect_document_date: the date an article states at its start, and the span that states it."""

from __future__ import annotations

from datetime import date

import pytest

from service.rules.en.docdate import detect_document_date

TODAY = date(2025, 6, 1)  # the clock, for datelines without a year

# (text, the date, the exact span that states it)
WITH_YEAR = [
    ("date 2025-05-20 MOSCOW/WASHINGTON/KYIV: US President", "2025-05-20"),
    (" date 2025-05-20 MOSCOW: leading space", "2025-05-20"),
    ("Dated: 2025-05-20\nText", "2025-05-20"),
    ("2025-05-20 Something happened", "2025-05-20"),
    ("2025-05-20T08:30:00+02:00 Something happened", "2025-05-20T08:30:00+02:00"),
    ("Published: 2025-05-20\nText", "2025-05-20"),
    ("Last updated on 2025-05-20 09:15\nText", "2025-05-20 09:15"),
    ("May 20, 2025 -- The company said", "May 20, 2025"),
    ("Tuesday, May 20, 2025\nThe company said", "Tuesday, May 20, 2025"),
    ("Tue May 20 2025\nMarkets", "Tue May 20 2025"),
    ("May 20, 2025 | Markets", "May 20, 2025"),
    ("May 20, 2025 (Reuters) - Markets", "May 20, 2025"),
    ("Published: May 20th, 2025\nText", "May 20th, 2025"),
    ("20 May 2025\nText", "20 May 2025"),
    ("Posted: Tuesday 20 May 2025 10:00 BST\nText", "Tuesday 20 May 2025 10:00 BST"),
    ("May 20, 2025 at 3:45 p.m. EDT\nText", "May 20, 2025 at 3:45 p.m. EDT"),
    ("MOSCOW, May 20, 2025 (Reuters) - Russia said", "May 20, 2025"),
    ("WASHINGTON (AP) — May 20, 2025 — The", "May 20, 2025"),
    ("KYIV, Ukraine, May 20, 2025 - Officials", "May 20, 2025"),
    ("NEW YORK, May 20, 2025 /PRNewswire/ -- Acme Corp", "May 20, 2025"),
    ("2025/05/20 Text", "2025/05/20"),
    ("05/20/2025 Text", "05/20/2025"),
    ("20.05.2025 Text", "20.05.2025"),
]


@pytest.mark.parametrize(("text", "stated"), WITH_YEAR, ids=[t for t, _ in WITH_YEAR])
def test_dateline_styles(text: str, stated: str) -> None:
    found = detect_document_date(text, today=TODAY)
    assert found is not None
    assert found.value == date(2025, 5, 20)
    assert text[found.start:found.end] == stated
    assert not found.year_assumed


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("MOSCOW, May 20 (Reuters) - Russia said", "May 20"),
        ("LONDON, May 20 - Britain said", "May 20"),
        ("BERLIN, Tuesday, May 20 (dpa) - Germany said", "Tuesday, May 20"),  # fits 2025
        ("WASHINGTON, Tue., May 20 (Reuters) - x", "Tue., May 20"),
        ("MOSCOW, MAY 20 (Reuters) - Russia said", "MAY 20"),
        ("NEW YORK, May 20 /PRNewswire/ -- Acme", "May 20"),
        ("KYIV, May 20 (Reuters):\nRussia said", "May 20"),
    ],
)
def test_dateline_without_a_year(text: str, stated: str) -> None:
    found = detect_document_date(text, today=TODAY)
    assert found is not None
    assert found.value == date(2025, 5, 20)
    assert found.year_assumed
    assert text[found.start:found.end] == stated


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 5, 20), date(2025, 5, 20)),  # today's paper
        (date(2025, 5, 19), date(2024, 5, 20)),  # a dateline is never in the future
        (date(2026, 1, 3), date(2025, 5, 20)),
    ],
)
def test_assumed_year_is_the_latest_not_after_today(today: date, expected: date) -> None:
    found = detect_document_date("MOSCOW, May 20 (Reuters) - Russia said", today=today)
    assert found is not None and found.value == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        # May 20 is a Tuesday in 2025 and a Wednesday in 2026
        ("BERLIN, Tuesday, May 20 (dpa) - x", date(2026, 11, 28), date(2025, 5, 20)),
        ("BERLIN, Wednesday, May 20 (dpa) - x", date(2026, 11, 28), date(2026, 5, 20)),
        ("BERLIN, May 20 (dpa) - x", date(2026, 11, 28), date(2026, 5, 20)),
        ("BERLIN, Monday, May 20 (dpa) - x", date(2025, 6, 1), date(2024, 5, 20)),
    ],
)
def test_a_stated_weekday_chooses_the_year(text: str, today: date, expected: date) -> None:
    found = detect_document_date(text, today=today)
    assert found is not None and found.year_assumed
    assert found.value == expected


def test_february_29_without_a_year_goes_back_to_a_leap_year() -> None:
    found = detect_document_date("PARIS, Feb 29 (AFP) - France said", today=date(2027, 3, 1))
    assert found is not None and found.value == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "Russia launched a drone attack on Sunday.",
        "The meeting on May 20, 2025 was cancelled.",  # a date inside the story
        "Officials said 2025-05-20 would be the deadline.",
        "May 19, 2025 was a Monday.",  # a sentence that starts with a date, not a dateline
        "Tuesday, May 20, 2025 markets rallied",
        # a date with nothing after it is the text itself
        "May 19, 2025",
        "2025-05-19",
        "date 2025-05-20",
        "MOSCOW, may 20 (Reuters) - the month must be capitalised",
        "The President, May 20 - not a place in capitals",
        "may 20, 2025 -- lower case is the modal verb's spelling",
        "0000-00-00 Something",
        "2025-13-40 Something",
        "2025-02-30 Something",
        "13/45/2025 Something",
        "date 0001-01-01 out of the supported years",
        "date 9999-12-31 out of the supported years",
        "MOSCOW, May 41 (Reuters) - no such day",
        "",
        "\n\n\n",
        "x" * 500 + "\n2025-05-20",  # beyond the opening of the article
    ],
)
def test_nothing_found(text: str) -> None:
    assert detect_document_date(text, today=TODAY) is None


def test_only_the_opening_is_searched() -> None:
    # a date past the opening does not count, however long the first line
    assert detect_document_date("A" * 1_000_000 + " 2025-05-20", today=TODAY) is None
    assert detect_document_date("MOSCOW " * 200_000, today=TODAY) is None
