"""The document date stated at the start of a French, Portuguese or Spanish article."""

from __future__ import annotations

from datetime import date

import pytest

from service.rules.common.docdate import detect_document_date, is_date_line


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Publié le 3 octobre 2025\nLe conseil a voté.", "fr", date(2025, 10, 3)),
        ("PARIS, 3 octobre 2025 - Le conseil a voté.", "fr", date(2025, 10, 3)),
        ("Actualizado: 03/10/2025\nEl consejo votó.", "es", date(2025, 10, 3)),
        ("MADRID, 3 de octubre de 2025 - El consejo votó.", "es", date(2025, 10, 3)),
        ("Lisboa, 3 out (Lusa) - O conselho votou.", "pt", date(2025, 10, 3)),
        ("2025-10-03\nO conselho votou.", "pt", date(2025, 10, 3)),
    ],
)
def test_datelines(text: str, language: str, expected: date) -> None:
    found = detect_document_date(text, language, today=date(2025, 11, 1))
    assert found is not None and found.value == expected


def test_a_dateline_without_a_year_takes_the_latest_past_one() -> None:
    found = detect_document_date("Lisboa, 3 out (Lusa) - Votou.", "pt", today=date(2026, 1, 5))
    assert found is not None and found.value == date(2025, 10, 3) and found.year_assumed


@pytest.mark.parametrize("text", ["Le conseil a voté le 3 octobre 2025.", "3 octobre 2025",
                                  "Il y a 3 ans."])
def test_no_dateline(text: str) -> None:
    assert detect_document_date(text, "fr", today=date(2025, 11, 1)) is None


def test_a_labelled_line_is_about_the_document() -> None:
    text = "Publié le 3 octobre 2025\nLe conseil a voté."
    found = detect_document_date(text, "fr", today=date(2025, 11, 1))
    assert found is not None and is_date_line(text, found, "fr")
    dateline = "PARIS, 3 octobre 2025 - Le conseil a voté."
    found = detect_document_date(dateline, "fr", today=date(2025, 11, 1))
    assert found is not None and not is_date_line(dateline, found, "fr")
