"""Offsets: ``text[start:end] == item.text`` for every span, whatever the characters."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_offsets

TEXTS = {
    "accents": (
        "Zürich — Le président Zelenskyy’s office said on Monday that Russia’s army attacked "
        "Kharkiv on Sunday. São Paulo officials met Ukraine’s envoy in June 2024."
    ),
    "emoji": (
        "🚀🚀 On Sunday, 👩‍👩‍👧 Russia launched 🇺🇦 its largest drone attack. "
        "Two days later 🕊️ talks resumed in Geneva 🇨🇭 on Tuesday."
    ),
    "astral": "𝒜𝒷𝒸 𝟙𝟚𝟛 — Trump spoke to Putin on Monday. 𠀀𠀁 Russia attacked Kyiv on Sunday.",
    "combining": (
        "Cafe\u0301 owners in Kyiv said on Monday that Russia\u0308 shelled the city on Sunday."
    ),
    "crlf": (
        "date 2025-05-20\r\nOn Sunday, Russia launched a drone attack.\r\n\r\n"
        "On Monday, Trump spoke to Putin for two hours.\r\nTalks resume in June 2025.\r\n"
    ),
    "lone-cr": "On Sunday, Russia attacked.\rOn Monday, Trump spoke to Putin.\r",
    "tabs": "\tOn Sunday,\tRussia launched\ta drone attack.\t\tOn Monday\tTrump called Putin.",
    "quotes": (
        '"On Sunday," he said, “Russia launched its largest attack since June 2024.” '
        "'Monday' was quieter, and «on Tuesday» the talks resumed in ‘Geneva’."
    ),
    "invisible": (
        "On\u00a0Monday\u200b, Russia attacked\u2028Kyiv. On\u2009Sunday\ufeff Trump spoke."
    ),
    "rtl": "قال مسؤولون On Monday, Trump spoke to Putin. שלום On Sunday Russia attacked.",
    "cjk": "特朗普 On Monday Trump spoke to Putin，俄罗斯 On Sunday Russia attacked Kyiv。",
}


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
def test_offsets_index_the_request_text(client: TestClient, text: str) -> None:
    response = client.post("/v1/timeline", json={"text": text, "document_date": "2025-05-20"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["time_expressions"], "nothing to check"
    assert assert_offsets(text, body) >= len(body["time_expressions"])


def test_offsets_on_events_and_participants_are_checked(client: TestClient) -> None:
    # make sure the span checks above really reach events and participants
    text = TEXTS["emoji"] + " " + TEXTS["crlf"]
    body = client.post("/v1/timeline", json={"text": text, "document_date": "2025-05-20"}).json()
    assert body["events"]
    assert any(e["participants"] for e in body["events"])
    assert_offsets(text, body)


def test_offsets_with_a_detected_dateline_and_crlf(client: TestClient) -> None:
    text = TEXTS["crlf"]
    body = client.post("/v1/timeline", json={"text": text}).json()
    assert body["document_date"] == "2025-05-20"
    sunday = next(t for t in body["time_expressions"] if t["text"] == "Sunday")
    assert sunday["start"] == text.index("Sunday")
    assert_offsets(text, body)


def test_offsets_after_astral_characters_count_code_points(client: TestClient) -> None:
    text = "🇺🇦" * 10 + " On Sunday, Russia attacked."
    body = client.post("/v1/timeline", json={"text": text, "document_date": "2025-05-20"}).json()
    [sunday] = body["time_expressions"]
    assert (sunday["start"], sunday["end"]) == (24, 30)  # 20 code points of flags, then " On "
    assert_offsets(text, body)
