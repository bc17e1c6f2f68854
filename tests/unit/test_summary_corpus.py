"""Summary and participant corpus: every case in tests/corpus/en/summaries/*.yaml runs the
pipeline and checks the marked event's summary and participants.

A positive case passes only if exactly one returned event has the word marked ``[...]`` as its
trigger or one of its mentions, and that event carries every key given (``summary``, ``agent``,
``patient``, ``recipient``, ``not_participant``). A negative case passes only if no event at
the mark has a summary containing a text of ``not_in_summary`` or a participant equal to one of
``not_participant``. A case with ``miss`` is a strict expected failure. The file format is
described at the top of each file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field

from service.domain.types import Event, Role
from service.pipeline.context import make_options
from service.pipeline.run import run
from tests.corpus_fields import at_mark
from tests.unit.test_events_corpus import unmark

CORPUS_DIR: Final = Path(__file__).resolve().parents[1] / "corpus" / "en" / "summaries"
MIN_SENTENCES: Final = 100
MIN_NEGATIVES: Final = 10


class Example(BaseModel):
    """One sentence, its marked event and what its summary and participants must be."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    summary: str | None = None
    agent: str | None = None
    patient: str | None = None
    recipient: str | None = None
    not_participant: tuple[str, ...] = ()
    miss: str | None = None


class Negative(BaseModel):
    """What no event at the mark may have."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    not_in_summary: tuple[str, ...] = ()
    not_participant: tuple[str, ...] = ()
    miss: str | None = None


class CorpusFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_date: date
    examples: tuple[Example, ...] = Field(min_length=1)
    negative: tuple[Negative, ...] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Case:
    file: str
    doc_date: date
    entry: Example | Negative

    @property
    def id(self) -> str:
        prefix = "not:" if isinstance(self.entry, Negative) else ""
        return f"{self.file}:{prefix}{self.entry.text}"


def load_cases(directory: Path = CORPUS_DIR) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            data = CorpusFile.model_validate(yaml.safe_load(handle))
        cases.extend(Case(path.stem, data.doc_date, e) for e in data.examples)
        cases.extend(Case(path.stem, data.doc_date, n) for n in data.negative)
    return cases


CASES: Final = load_cases()


def _texts(event: Event, role: Role) -> list[str]:
    return [p.text for p in event.participants if p.role == role]


def problems(event: Event, example: Example) -> list[str]:
    """What ``event`` gets wrong against ``example`` (empty: it matches)."""
    wrong: list[str] = []
    if example.summary is not None and event.summary != example.summary:
        wrong.append(f"summary: expected {example.summary!r}, got {event.summary!r}")
    for role, wanted in ((Role.AGENT, example.agent), (Role.PATIENT, example.patient),
                         (Role.RECIPIENT, example.recipient)):
        if wanted is not None and wanted not in _texts(event, role):
            wrong.append(f"{role.value}: expected {wanted!r}, got {_texts(event, role)!r}")
    texts = [p.text for p in event.participants]
    wrong.extend(f"participant {bad!r} in {texts!r}" for bad in example.not_participant
                 if bad in texts)
    return wrong


def forbidden(event: Event, negative: Negative) -> list[str]:
    """What ``event`` has that ``negative`` forbids (empty: nothing)."""
    found = [f"summary {event.summary!r} holds {bad!r}" for bad in negative.not_in_summary
             if bad in event.summary]
    texts = [p.text for p in event.participants]
    found.extend(f"participant {bad!r}" for bad in negative.not_participant if bad in texts)
    return found


def describe(events: Iterable[Event]) -> str:
    rows = [
        f"  {e.trigger.text!r}@{e.trigger.start} summary={e.summary!r} "
        f"participants={[(p.text, p.role.value) for p in e.participants]}"
        for e in events
    ]
    return "\n".join(rows) or "  (no event)"


def _param(case: Case) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.entry.miss)] if case.entry.miss else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_summary_corpus(case: Case) -> None:
    text, start, end = unmark(case.entry.text)
    timeline = run(text, make_options(case.doc_date))
    found = at_mark(timeline, start, end)
    entry = case.entry
    if isinstance(entry, Example):
        if len(found) != 1:
            pytest.fail(f"expected one event at {text[start:end]!r}, got {len(found)}:\n"
                        + describe(timeline.events), pytrace=False)
        wrong = problems(found[0], entry)
        if wrong:
            pytest.fail("\n".join(wrong) + "\nall events:\n" + describe(timeline.events),
                        pytrace=False)
    else:
        bad = [p for e in found for p in forbidden(e, entry)]
        if bad:
            pytest.fail("\n".join(bad) + "\nall events:\n" + describe(timeline.events),
                        pytrace=False)


def test_corpus_size() -> None:
    """At least 100 sentences with an expected summary or participants, and negatives."""
    assert sum(isinstance(c.entry, Example) for c in CASES) >= MIN_SENTENCES
    assert sum(isinstance(c.entry, Negative) for c in CASES) >= MIN_NEGATIVES
