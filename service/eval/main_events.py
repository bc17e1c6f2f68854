"""The main-event corpus: short articles, each with the events a careful reader takes for its
news, scored by precision and recall of the ``main`` events the pipeline returns.

A corpus is a folder of YAML files (or one file). Each file holds ``articles``; an article has
a ``title``, a ``doc_date`` and a ``text`` (a headline line, a dateline, a few sentences) in
which words are marked ``[like this]``. The marks are numbered from 1 in the order they appear
and removed before the article runs once through the pipeline.

    main:      {mark: n, word: w, date: d, relation: r}   the n-th mark (whose text must be w)
               is a main event; d is the date a careful reader gives it (relation ``on`` unless
               given: before, after, since, until)
    not_main:  {mark: n, word: w}                         no main event at the n-th mark
    miss: <why>   on either kind: a known miss (the tests expect it to fail, strictly); it
                  counts against the scores all the same

A returned event is *at* a mark when its trigger or one of its mentions overlaps it. Precision
is the share of the returned main events that are at a reader's main mark; recall the share of
the reader's main marks that some returned main event is at. Every event a careful reader takes
for news is marked, so an unmarked main event is a false alarm. The dates are reported beside
the scores (how many of the found main events carry the reader's date), not scored into them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Final, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from service.domain.types import Event, Relation, Salience, Timeline
from service.eval.marked import Text, is_at, unmark

CORPUS_SUFFIXES: Final = (".yaml", ".yml")

class MainEntry(BaseModel):
    """A main event of the article, at its mark, with the reader's date."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mark: int = Field(ge=1)
    word: Text
    date: Text
    relation: Relation = Relation.ON
    miss: str | None = None


class NotMainEntry(BaseModel):
    """A word that must not be a main event (background, or no event at all)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mark: int = Field(ge=1)
    word: Text
    miss: str | None = None


class Article(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=1)
    doc_date: date
    text: str = Field(min_length=1)
    main: tuple[MainEntry, ...] = Field(min_length=1)
    not_main: tuple[NotMainEntry, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _marks_agree(self) -> Self:
        """Each entry names an existing mark by its text; every mark is used, by one entry."""
        marks = unmark(self.text).marks
        entries: list[MainEntry | NotMainEntry] = [*self.main, *self.not_main]
        for entry in entries:
            if entry.mark > len(marks):
                raise ValueError(f"{self.title}: mark {entry.mark} of {len(marks)}")
            found = marks[entry.mark - 1].text
            if found != entry.word:
                raise ValueError(f"{self.title}: mark {entry.mark} is {found!r}, "
                                 f"not {entry.word!r}")
        used = [e.mark for e in entries]
        if len(used) != len(set(used)):
            raise ValueError(f"{self.title}: a mark has two entries")
        unused = set(range(1, len(marks) + 1)) - set(used)
        if unused:
            raise ValueError(f"{self.title}: marks {sorted(unused)} are not used")
        return self


class CorpusFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    articles: tuple[Article, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _titles(self) -> Self:
        titles = [a.title for a in self.articles]
        if len(titles) != len(set(titles)):
            raise ValueError("two articles have the same title")
        return self


class MainEventsFormatError(ValueError):
    """A corpus file that is not valid YAML or does not follow the format."""


def find_corpus_files(path: str | Path) -> list[Path]:
    """The YAML files of a corpus: the file itself, or a folder's (not its sub-folders')."""
    root = Path(path)
    if root.is_file():
        return [root] if root.suffix in CORPUS_SUFFIXES else []
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_file() and p.suffix in CORPUS_SUFFIXES)


def is_main_event_corpus(path: str | Path) -> bool:
    """Whether the path holds YAML files whose articles list ``main`` events."""
    files = find_corpus_files(path)
    if not files:
        return False
    try:
        data = yaml.safe_load(files[0].read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    articles = data.get("articles") if isinstance(data, dict) else None
    return bool(articles) and isinstance(articles, list) and isinstance(articles[0], dict) and (
        "main" in articles[0]
    )


@dataclass(frozen=True, slots=True)
class LoadedArticle:
    """An article of the corpus, with the file it came from."""

    file: str
    article: Article


def load_corpus(path: str | Path) -> tuple[LoadedArticle, ...]:
    """Read and validate every file of the corpus.

    Raises:
        MainEventsFormatError: a file is not YAML or does not follow the format.
    """
    found: list[LoadedArticle] = []
    for file in find_corpus_files(path):
        try:
            data = CorpusFile.model_validate(yaml.safe_load(file.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError) as exc:
            raise MainEventsFormatError(f"{file}: {exc}") from exc
        found.extend(LoadedArticle(file.stem, a) for a in data.articles)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class MarkResult:
    """What the pipeline made of one marked word."""

    mark: int
    word: str
    main: bool  # some returned main event is at the mark
    reader_date: str | None = None  # main entries: the reader's date (relation value)
    system_date: str | None = None  # the date of the main event at the mark, if any
    miss: str | None = None

    @property
    def dated_as_reader(self) -> bool:
        return self.main and self.system_date is not None and self.system_date == self.reader_date


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One article's main marks, not-main marks and unmarked main events."""

    file: str
    title: str
    main: tuple[MarkResult, ...]
    not_main: tuple[MarkResult, ...]
    system_main: int  # returned main events
    matched: int  # returned main events at a reader's main mark
    false_alarms: tuple[str, ...] = ()  # "word@offset" of the returned main events not matched


@dataclass(frozen=True, slots=True)
class MainEventsReport:
    path: str
    articles: tuple[ArticleResult, ...]
    seconds: float
    errors_listed: bool = False

    @property
    def reader_main(self) -> int:
        return sum(len(a.main) for a in self.articles)

    @property
    def found(self) -> int:
        return sum(m.main for a in self.articles for m in a.main)

    @property
    def system_main(self) -> int:
        return sum(a.system_main for a in self.articles)

    @property
    def matched(self) -> int:
        return sum(a.matched for a in self.articles)

    @property
    def not_main_words(self) -> int:
        return sum(len(a.not_main) for a in self.articles)

    @property
    def not_main_shown(self) -> int:
        return sum(m.main for a in self.articles for m in a.not_main)

    @property
    def dated_as_reader(self) -> int:
        return sum(m.dated_as_reader for a in self.articles for m in a.main)

    @property
    def precision(self) -> float:
        return 100.0 * self.matched / self.system_main if self.system_main else 0.0

    @property
    def recall(self) -> float:
        return 100.0 * self.found / self.reader_main if self.reader_main else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


Runner = Callable[[str, date], Timeline]
"""The pipeline as the corpus calls it: (text, document date) -> Timeline (every event)."""


def _reader_date(entry: MainEntry) -> str:
    if entry.relation == Relation.ON:
        return entry.date
    return f"{entry.relation.value} {entry.date}"


def _system_date(event: Event) -> str | None:
    when = event.when
    if when is None:
        return None
    return when.value if when.relation == Relation.ON else f"{when.relation.value} {when.value}"


def score_article(file: str, article: Article, timeline: Timeline) -> ArticleResult:
    """Compare one article's returned main events with the reader's marks."""
    marks = unmark(article.text).marks
    main_events = [e for e in timeline.events if e.salience == Salience.MAIN]

    def result(mark: int, word: str, miss: str | None, entry: MainEntry | None) -> MarkResult:
        span = marks[mark - 1]
        found = [e for e in main_events if is_at(e, span.start, span.end)]
        return MarkResult(
            mark, word, bool(found),
            reader_date=_reader_date(entry) if entry is not None else None,
            system_date=_system_date(found[0]) if found else None, miss=miss,
        )

    main_spans = [marks[e.mark - 1] for e in article.main]

    def at_main(event: Event) -> bool:
        return any(is_at(event, s.start, s.end) for s in main_spans)

    matched = [e for e in main_events if at_main(e)]
    return ArticleResult(
        file=file,
        title=article.title,
        main=tuple(result(e.mark, e.word, e.miss, e) for e in article.main),
        not_main=tuple(result(e.mark, e.word, e.miss, None) for e in article.not_main),
        system_main=len(main_events),
        matched=len(matched),
        false_alarms=tuple(f"{e.trigger.text}@{e.trigger.start}" for e in main_events
                           if not at_main(e)),
    )


def article_text(article: Article) -> str:
    """The article as the pipeline reads it (without the marks)."""
    return unmark(article.text).text


def evaluate_main_events(path: str | Path, runner: Runner, *,
                         errors: bool = False) -> MainEventsReport:
    """Run every article of the corpus once and score its main events.

    Args:
        path: a corpus folder or file.
        runner: the pipeline, returning every event with its salience.
        errors: keep the misses and false alarms for the report.

    Raises:
        MainEventsFormatError: a file does not follow the format.
    """
    started = time.perf_counter()
    results = [
        score_article(item.file, item.article,
                      runner(article_text(item.article), item.article.doc_date))
        for item in load_corpus(path)
    ]
    return MainEventsReport(str(path), tuple(results), time.perf_counter() - started, errors)


def format_main_events_report(report: MainEventsReport) -> str:
    """The scores as a table, and with ``errors`` every miss and false alarm."""
    lines = [
        f"Main events: {report.path}",
        f"articles: {len(report.articles)}, reader's main events: {report.reader_main}, "
        f"words that must not be main: {report.not_main_words}",
        "",
        f"{'':16}{'P':>7}{'R':>7}{'F1':>7}",
        f"{'main events':16}{report.precision:7.1f}{report.recall:7.1f}{report.f1:7.1f}",
        "",
        f"returned main events {report.system_main:,}, at a reader's main event "
        f"{report.matched:,}; reader's main events found {report.found:,} of "
        f"{report.reader_main:,}",
        f"words that must not be main shown as main: {report.not_main_shown} of "
        f"{report.not_main_words}",
        f"found main events dated as the reader dates them: {report.dated_as_reader} of "
        f"{report.found}",
    ]
    if report.errors_listed:
        for article in report.articles:
            missed = [f"{m.word}#{m.mark}" for m in article.main if not m.main]
            shown = [f"{m.word}#{m.mark}" for m in article.not_main if m.main]
            if not (missed or shown or article.false_alarms):
                continue
            lines.append(f"{article.file}: {article.title}")
            if missed:
                lines.append(f"  missed:          {', '.join(missed)}")
            if shown:
                lines.append(f"  not main, shown: {', '.join(shown)}")
            if article.false_alarms:
                lines.append(f"  unmarked main:   {', '.join(article.false_alarms)}")
    lines.append(f"time: {report.seconds:.2f} s")
    return "\n".join(lines) + "\n"


def main_events_report_to_json(report: MainEventsReport) -> str:
    """The scores (and every article's results) as JSON."""
    data = {
        "path": report.path,
        "articles": len(report.articles),
        "main_events": {"precision": round(report.precision, 1),
                        "recall": round(report.recall, 1), "f1": round(report.f1, 1)},
        "reader_main": report.reader_main,
        "found": report.found,
        "system_main": report.system_main,
        "matched": report.matched,
        "not_main_words": report.not_main_words,
        "not_main_shown": report.not_main_shown,
        "dated_as_reader": report.dated_as_reader,
        "results": [asdict(a) for a in report.articles] if report.errors_listed else [],
        "seconds": round(report.seconds, 2),
    }
    return json.dumps(data, indent=2) + "\n"
