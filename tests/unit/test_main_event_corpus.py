"""Main-event corpus: short articles with the events a careful reader takes for their news.

Every file of ``tests/corpus/en/main_events`` holds articles (politics, courts, sport,
business, disasters, science) whose words are marked ``[...]``; the format and the scores are
those of ``service.eval.main_events`` (``timeline eval tests/corpus/en/main_events`` prints
them). A ``main`` entry passes if some returned main event is at its mark, a ``not_main`` entry
if none is. A known miss is a strict expected failure and still counts against the scores,
which must reach the figures below.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import pytest

from service.domain.types import Event, Salience, Timeline
from service.eval.main_events import (
    MainEventsFormatError,
    evaluate_main_events,
    format_main_events_report,
    is_main_event_corpus,
    load_corpus,
)
from service.eval.marked import is_at, unmark
from service.eval.run import CorpusKind, detect_kind
from service.pipeline.context import make_options
from service.pipeline.run import run

CORPUS_DIR: Final = Path(__file__).resolve().parents[1] / "corpus" / "en" / "main_events"
TOPICS: Final = frozenset({"politics", "courts", "sport", "business", "disasters", "science"})
MIN_ARTICLES: Final = 40
MIN_PRECISION: Final = 85.0
MIN_RECALL: Final = 90.0


@dataclass(frozen=True, slots=True)
class Case:
    file: str
    title: str
    doc_date: date
    article: str  # the marked text, as in the file
    mark: int
    word: str
    main: bool
    miss: str | None

    @property
    def id(self) -> str:
        return f"{self.file}:{self.title}:{self.mark}:{'main' if self.main else 'not-main'}"


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for item in load_corpus(CORPUS_DIR):
        article = item.article
        for main in article.main:
            cases.append(Case(item.file, article.title, article.doc_date, article.text,
                              main.mark, main.word, True, main.miss))
        for other in article.not_main:
            cases.append(Case(item.file, article.title, article.doc_date, article.text,
                              other.mark, other.word, False, other.miss))
    return cases


CASES: Final = load_cases()


def _param(case: Case) -> object:
    """A known miss is a strict expected failure: the run fails once the service gets it
    right, so that the entry loses its ``miss``."""
    marks = [pytest.mark.xfail(strict=True, reason=case.miss)] if case.miss else []
    return pytest.param(case, id=case.id, marks=marks)


@functools.cache
def timeline_of(text: str, doc_date: date) -> Timeline:
    """Each article runs once, however many of its marks are checked."""
    return run(text, make_options(doc_date))


def _main_events(timeline: Timeline) -> list[Event]:
    return [e for e in timeline.events if e.salience == Salience.MAIN]


def _shown(timeline: Timeline) -> str:
    rows = [f"  {e.salience.value:10} {e.trigger.text!r}@{e.trigger.start}"
            for e in timeline.events]
    return "\n".join(rows) or "  (no event)"


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_main_event_corpus(case: Case) -> None:
    marked = unmark(case.article)
    mark = marked.marks[case.mark - 1]
    timeline = timeline_of(marked.text, case.doc_date)
    found = [e for e in _main_events(timeline) if is_at(e, mark.start, mark.end)]
    if case.main and not found:
        pytest.fail(f"no main event at {mark.text!r}@{mark.start}; events:\n"
                    + _shown(timeline), pytrace=False)
    if not case.main and found:
        pytest.fail(f"{mark.text!r}@{mark.start} is a main event; events:\n"
                    + _shown(timeline), pytrace=False)


def test_scores() -> None:
    """Precision and recall of main events over the whole corpus, known misses included."""
    report = evaluate_main_events(CORPUS_DIR, timeline_of, errors=True)
    summary = format_main_events_report(report)
    assert report.precision >= MIN_PRECISION, summary
    assert report.recall >= MIN_RECALL, summary


def test_corpus_size_and_topics() -> None:
    articles = load_corpus(CORPUS_DIR)
    assert len(articles) >= MIN_ARTICLES
    assert {a.file for a in articles} == TOPICS
    assert all(a.article.not_main for a in articles)


def test_case_ids_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


def test_eval_detects_the_corpus() -> None:
    assert is_main_event_corpus(CORPUS_DIR)
    assert detect_kind(CORPUS_DIR) == CorpusKind.MAIN_EVENTS
    assert not is_main_event_corpus(CORPUS_DIR.parent / "articles")


def test_a_wrong_mark_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "articles:\n"
        "  - title: t\n"
        "    doc_date: 2025-01-01\n"
        "    text: 'Rebels [attacked] the [town].'\n"
        "    main: [{mark: 1, word: attacked, date: 2025-01-01}]\n"
        "    not_main: [{mark: 2, word: city}]\n",
        encoding="utf-8",
    )
    with pytest.raises(MainEventsFormatError, match="mark 2 is 'town'"):
        load_corpus(bad)


def test_timeline_eval_prints_the_scores(capsys: pytest.CaptureFixture[str]) -> None:
    from service.eval.run import cli_eval

    assert cli_eval(str(CORPUS_DIR)) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Main events: {CORPUS_DIR}")
    assert any(line.split()[:2] == ["main", "events"] for line in out.splitlines())
