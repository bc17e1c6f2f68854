"""The TimeML reader on TBAQ-cleaned (TempEval-3 training data), when it is present.

The corpus is never copied into the repository: this test reads ../shared/corpora/tbaq (or
$TIMELINE_TBAQ) and skips when it is absent. It does not run the pipeline.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from service.eval.score import gold_anchors
from service.formats.timeml import GoldEvent, GoldTimex, TimeMLDocument, iter_timeml

TBAQ = Path(
    os.environ.get(
        "TIMELINE_TBAQ",
        Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "tbaq",
    )
)


@pytest.fixture(scope="module")
def documents() -> list[TimeMLDocument]:
    if not TBAQ.is_dir():
        pytest.skip(f"TBAQ corpus not found at {TBAQ}")
    return list(iter_timeml(TBAQ))


def test_documented_counts(documents: list[TimeMLDocument]) -> None:
    # SOURCE.md: 256 documents, 1,822 TIMEX3 in TEXT (1,505 DATE, 257 DURATION, 30 SET, 30 TIME).
    assert len(documents) == 256
    types = Counter(t.type for d in documents for t in d.timexes)
    assert sum(types.values()) == 1822
    assert types == {"DATE": 1505, "DURATION": 257, "SET": 30, "TIME": 30}
    # "about 11,100 EVENT tags".
    assert sum(len(d.events) for d in documents) == 11129


def test_every_document_has_a_date_and_consistent_offsets(
    documents: list[TimeMLDocument],
) -> None:
    assert all(d.document_date is not None for d in documents)
    for doc in documents:
        items: list[GoldTimex | GoldEvent] = [*doc.timexes, *doc.events]
        for item in items:
            assert 0 <= item.start < item.end <= len(doc.text)
            assert doc.text[item.start : item.end] == item.text
        assert "<" not in doc.text  # no inline tag left behind
        assert "&amp;" not in doc.text  # entities decoded


def test_gold_event_anchors(documents: list[TimeMLDocument]) -> None:
    # Distinct (EVENT, value) items of inclusion-like TLINKs to a DATE of the text, as counted by
    # this reader (SOURCE.md: "about 2,000 TLINKs between an event and a DATE/TIME timex";
    # there are 2,378 such links in TEXT, 2,340 of them to a DATE).
    assert sum(len(gold_anchors(d)) for d in documents) == 1996
