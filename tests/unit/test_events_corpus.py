"""Duckling-style event corpus: every case in tests/corpus/en/events/*.yaml runs the pipeline.

A positive text passes only if exactly one returned event has the word marked ``[...]`` as its
trigger or as one of its mentions, and that event carries every key of ``expect``. A negative
text passes only if no event at the marked word matches all keys of its ``forbid`` (without
``forbid``: no event there at all). The file format is described at the top of each file.

The corpus lives in its own folder: ``tests/unit/test_corpus.py`` reads every YAML file of
``tests/corpus/en`` as a time-expression corpus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final, Literal

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field

from service.domain.types import Event
from service.pipeline.context import make_options
from service.pipeline.run import run
from tests.corpus_fields import RelationName, Text, at_mark, basis_name

CORPUS_DIR: Final = Path(__file__).resolve().parents[1] / "corpus" / "en" / "events"
MIN_TEXTS: Final = 40
MIN_NEGATIVES: Final = 10

BasisName = Literal["explicit", "event", "previous_time", "document_date"]
FactualityName = Literal["asserted", "reported", "planned", "hypothetical", "negated"]


class Expect(BaseModel):
    """What the event must carry; a key left out is not checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: Text | None = None
    relation: RelationName | None = None
    inferred: bool | None = None
    basis: BasisName | None = None
    factuality: FactualityName | None = None
    agent: str | None = None
    patient: str | None = None
    recipient: str | None = None
    location: str | None = None
    summary: str | None = None
    mentions: int | None = None


class Example(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    expect: Expect
    texts: tuple[str, ...] = Field(min_length=1)


class Negative(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    forbid: Expect | None = None


class CorpusFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_date: date
    examples: tuple[Example, ...] = Field(min_length=1)
    negative: tuple[Negative, ...] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Case:
    file: str
    doc_date: date
    marked: str
    expect: Expect | None
    positive: bool

    @property
    def id(self) -> str:
        prefix = "" if self.positive else "not:"
        extra = "" if self.positive or self.expect is None else repr(self.expect)
        return f"{self.file}:{prefix}{self.marked}{extra}"


def unmark(marked: str) -> tuple[str, int, int]:
    """Remove the ``[...]`` marker: (text, start, end) of the marked word."""
    start, end = marked.find("["), marked.find("]")
    if marked.count("[") != 1 or marked.count("]") != 1 or end <= start + 1:
        raise ValueError(f"expected one [...] marker in {marked!r}")
    return marked[:start] + marked[start + 1 : end] + marked[end + 1 :], start, end - 1


def load_cases(directory: Path = CORPUS_DIR) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            data = CorpusFile.model_validate(yaml.safe_load(handle))
        for example in data.examples:
            for text in example.texts:
                cases.append(Case(path.stem, data.doc_date, text, example.expect, True))
        for negative in data.negative:
            cases.append(Case(path.stem, data.doc_date, negative.text, negative.forbid, False))
    return cases


CASES: Final = load_cases()


def actual(event: Event) -> dict[str, object]:
    """The event's values under the corpus keys."""
    when = event.when
    found: dict[str, object] = {
        "value": when.value if when else None,
        "relation": when.relation.value if when else None,
        "inferred": when.inferred if when else None,
        "basis": basis_name(event.when),
        "factuality": event.factuality.value,
        "summary": event.summary,
        "mentions": len(event.mentions),
    }
    for role in ("agent", "patient", "recipient", "location"):
        found[role] = [p.text for p in event.participants if p.role == role]
    return found


def matches(event: Event, expect: Expect) -> list[str]:
    """The keys of ``expect`` that ``event`` does not carry (empty: it matches)."""
    have = actual(event)
    wrong = []
    for key in expect.model_fields_set:
        wanted = getattr(expect, key)
        got = have[key]
        ok = wanted in got if isinstance(got, list) else got == wanted
        if not ok:
            wrong.append(f"{key}: expected {wanted!r}, got {got!r}")
    return wrong


def describe(events: Iterable[Event]) -> str:
    rows = [
        f"  {e.trigger.text!r}@{e.trigger.start} {actual(e)}" for e in events
    ]
    return "\n".join(rows) or "  (no event)"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_event_corpus(case: Case) -> None:
    text, start, end = unmark(case.marked)
    timeline = run(text, make_options(case.doc_date))
    found = at_mark(timeline, start, end)
    if case.positive:
        assert case.expect is not None
        if len(found) != 1:
            pytest.fail(f"expected one event at {text[start:end]!r}, got {len(found)}:\n"
                        + describe(timeline.events), pytrace=False)
        problems = matches(found[0], case.expect)
        if problems:
            pytest.fail("\n".join(problems) + "\nall events:\n" + describe(timeline.events),
                        pytrace=False)
    else:
        bad = [e for e in found if case.expect is None or not matches(e, case.expect)]
        if bad:
            pytest.fail("forbidden event found:\n" + describe(bad), pytrace=False)


def test_corpus_size() -> None:
    """At least 40 sentences, with negatives."""
    assert len(CASES) >= MIN_TEXTS
    assert sum(not c.positive for c in CASES) >= MIN_NEGATIVES


def test_unmark() -> None:
    assert unmark("Rebels [attacked] it.") == ("Rebels attacked it.", 7, 15)
    with pytest.raises(ValueError):
        unmark("no marker")
