"""Article corpus: short whole articles, with the time a careful reader gives each event.

Every file in ``tests/corpus/en/articles`` fixes one ``doc_date`` and holds a few short news
articles. Words to check are marked ``[...]`` in the text; the marks are numbered from 1 in
the order they appear and removed before the article runs (once) through the pipeline.

An ``events`` entry passes only if exactly one returned event has its mark as its trigger or as
one of its mentions, and that event's ``when`` carries every key of ``expect``. A ``negative``
entry passes only if no event at its mark matches all keys of its ``forbid`` (without
``forbid``: no event there at all). The format is described at the top of each file.

The corpus lives in its own folder: ``tests/unit/test_corpus.py`` reads every YAML file of
``tests/corpus/en`` as a time-expression corpus.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final, Literal, Self

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from service.domain.types import Event, Point, Span, Timeline, When
from service.eval.marked import unmark
from service.pipeline.context import make_options
from service.pipeline.run import run
from tests.corpus_fields import RelationName, Text, at_mark, basis_name, overlaps

CORPUS_DIR: Final = Path(__file__).resolve().parents[1] / "corpus" / "en" / "articles"
MIN_POSITIVES: Final = 40
MIN_NEGATIVES: Final = 10
NEARBY: Final = 120  # characters either side of a mark whose events a failure lists

BasisName = Literal["explicit", "event", "previous_time", "sentence_time", "document_date",
                    "news_day"]
PointRelationName = Literal["on", "before", "after", "open"]


class PointExpect(BaseModel):
    """One end of an event that lasts; ``value`` left out is not checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    relation: PointRelationName
    value: Text | None = None


class Expect(BaseModel):
    """What the event's time must carry; a key left out is not checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: Text | None = None
    relation: RelationName | None = None
    inferred: bool | None = None
    basis: BasisName | None = None
    begin: PointExpect | None = None
    end: PointExpect | None = None


class EventEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    mark: int = Field(ge=1)
    word: Text
    expect: Expect
    miss: str | None = None  # why the service does not give this time yet


class NegativeEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    mark: int = Field(ge=1)
    word: Text
    forbid: Expect | None = None
    miss: str | None = None


class Article(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=1)
    text: str = Field(min_length=1)
    events: tuple[EventEntry, ...] = Field(min_length=1)
    negative: tuple[NegativeEntry, ...] = ()

    @model_validator(mode="after")
    def _marks_agree(self) -> Self:
        """Each entry names an existing mark by its text; each mark is used; a mark is checked
        by at most one ``events`` entry (its id is the mark)."""
        marks = unmark(self.text).marks
        entries: list[EventEntry | NegativeEntry] = [*self.events, *self.negative]
        for entry in entries:
            if entry.mark > len(marks):
                raise ValueError(f"{self.title}: mark {entry.mark} of {len(marks)}")
            found = marks[entry.mark - 1].text
            if found != entry.word:
                raise ValueError(f"{self.title}: mark {entry.mark} is {found!r}, "
                                 f"not {entry.word!r}")
        unused = set(range(1, len(marks) + 1)) - {e.mark for e in entries}
        if unused:
            raise ValueError(f"{self.title}: marks {sorted(unused)} are not used")
        positive = [e.mark for e in self.events]
        if len(positive) != len(set(positive)):
            raise ValueError(f"{self.title}: a mark has two `events` entries")
        return self


class ArticleFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_date: date
    articles: tuple[Article, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _titles_and_negatives(self) -> Self:
        titles = [a.title for a in self.articles]
        if len(titles) != len(set(titles)):
            raise ValueError("two articles have the same title")
        if not any(a.negative for a in self.articles):
            raise ValueError("the file has no negative entry")  # STYLE.md 6
        return self


@dataclass(frozen=True, slots=True)
class Case:
    file: str
    title: str
    doc_date: date
    article: str  # the marked text, as in the file
    mark: int
    word: str
    expect: Expect | None  # expect for a positive case, forbid for a negative one
    positive: bool
    number: int = 0  # the n-th negative entry at this mark (ids stay unique)
    miss: str | None = None  # a known miss: the case must fail until the service is fixed

    @property
    def id(self) -> str:
        head = f"{self.file}:{self.title}:{self.mark}"
        if self.positive:
            return head
        suffix = f"-{self.number}" if self.number else ""
        return f"{head}:not{suffix}"


def load_cases(directory: Path = CORPUS_DIR) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            data = ArticleFile.model_validate(yaml.safe_load(handle))
        for article in data.articles:
            for entry in article.events:
                cases.append(Case(path.stem, article.title, data.doc_date, article.text,
                                  entry.mark, entry.word, entry.expect, True,
                                  miss=entry.miss))
            seen: dict[int, int] = {}
            for negative in article.negative:
                number = seen.get(negative.mark, 0)
                seen[negative.mark] = number + 1
                cases.append(Case(path.stem, article.title, data.doc_date, article.text,
                                  negative.mark, negative.word, negative.forbid, False, number,
                                  miss=negative.miss))
    return cases


CASES: Final = load_cases()


def _param(case: Case) -> object:
    """A known miss is a strict expected failure: the run fails once the service gives the
    reader's time, so that the entry loses its ``miss``."""
    marks = [pytest.mark.xfail(strict=True, reason=case.miss)] if case.miss else []
    return pytest.param(case, id=case.id, marks=marks)


@functools.cache
def timeline_of(text: str, doc_date: date) -> Timeline:
    """Each article runs once, however many of its marks are checked."""
    return run(text, make_options(doc_date))


def _point(point: Point | None) -> dict[str, str | None] | None:
    if point is None:
        return None
    return {"relation": point.relation.value, "value": point.value}


def actual(event: Event) -> dict[str, object]:
    """The event's time under the corpus keys."""
    when = event.when
    if when is None:
        return dict.fromkeys(("value", "relation", "inferred", "basis", "begin", "end"))
    return {
        "value": when.value,
        "relation": when.relation.value,
        "inferred": when.inferred,
        "basis": basis_name(when),
        "begin": _point(when.begin),
        "end": _point(when.end),
    }


def _point_matches(wanted: PointExpect, got: object) -> bool:
    if not isinstance(got, dict):
        return False
    if got.get("relation") != wanted.relation:
        return False
    return "value" not in wanted.model_fields_set or got.get("value") == wanted.value


def mismatches(event: Event, expect: Expect) -> list[str]:
    """The keys of ``expect`` that ``event`` does not carry (empty: it matches)."""
    have = actual(event)
    wrong = []
    for key in sorted(expect.model_fields_set):
        wanted = getattr(expect, key)
        got = have[key]
        if isinstance(wanted, PointExpect):
            if not _point_matches(wanted, got):
                wrong.append(f"{key}: expected {wanted.model_dump(exclude_unset=True)!r}, "
                             f"got {got!r}")
        elif got != wanted:
            wrong.append(f"{key}: expected {wanted!r}, got {got!r}")
    return wrong


def show_when(when: When | None) -> str:
    """A compact reading of an event's time: ``on 2025-10-17 (inferred: document_date)``."""
    if when is None:
        return "(no time)"
    basis = basis_name(when)
    text = f"{when.relation.value} {when.value}"
    if when.inferred:
        text += f" (inferred: {basis})"
    for name, point in (("begin", when.begin), ("end", when.end)):
        if point is not None:
            text += f" {name}={point.relation.value} {point.value}"
    return text


def describe(events: Iterable[Event]) -> str:
    rows = [f"  {e.trigger.text!r}@{e.trigger.start}: {show_when(e.when)}" for e in events]
    return "\n".join(rows) or "  (no event)"


def nearby(timeline: Timeline, mark: Span) -> list[Event]:
    start, end = mark.start - NEARBY, mark.end + NEARBY
    close = [e for e in timeline.events if overlaps(e.trigger.start, e.trigger.end, start, end)]
    return sorted(close, key=lambda e: e.trigger.start)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_article_corpus(case: Case) -> None:
    marked = unmark(case.article)
    mark = marked.marks[case.mark - 1]
    timeline = timeline_of(marked.text, case.doc_date)
    found = at_mark(timeline, mark.start, mark.end)
    context = f"events near {mark.text!r}@{mark.start}:\n" + describe(nearby(timeline, mark))
    if case.positive:
        assert case.expect is not None
        if len(found) != 1:
            pytest.fail(f"expected one event at {mark.text!r}, got {len(found)}\n{context}",
                        pytrace=False)
        problems = mismatches(found[0], case.expect)
        if problems:
            pytest.fail(f"{mark.text!r}: {show_when(found[0].when)}\n" + "\n".join(problems)
                        + f"\n{context}", pytrace=False)
    else:
        bad = [e for e in found if case.expect is None or not mismatches(e, case.expect)]
        if bad:
            pytest.fail(f"forbidden event at {mark.text!r}:\n{describe(bad)}\n{context}",
                        pytrace=False)


def test_corpus_size() -> None:
    """At least 40 marked events and 10 negatives."""
    assert sum(c.positive for c in CASES) >= MIN_POSITIVES
    assert sum(not c.positive for c in CASES) >= MIN_NEGATIVES


def test_case_ids_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


def test_unmark() -> None:
    marked = unmark("The jury [deliberated] before [returning] it.")
    assert marked.text == "The jury deliberated before returning it."
    assert marked.marks == (Span(9, 20, "deliberated"), Span(28, 37, "returning"))
    with pytest.raises(ValueError):
        unmark("an [unclosed mark")
