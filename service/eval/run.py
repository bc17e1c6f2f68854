"""`timeline eval`: run the pipeline over a folder of TimeML files and score it.

Each article is given to the pipeline exactly as the API gives it (the TEXT element's characters
and the DCT's date, default options); the scores are TempEval-3 Task A for time expressions,
TempEval-3 Task B event extent and event anchoring for events (see `service.eval.score`).
A folder with `timeml/` and `timelines/` sub-folders is a SemEval-2015 timeline corpus instead,
scored by `service.eval.timeline_trial`; a .jsonl file (or a folder holding one) of event-time
documents is the TimeBank-EventTime corpus, scored by `service.eval.eventtime` on the library's
answers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from service.eval.eventtime import (
    EventtimeFormatError,
    ResponderFactory,
    evaluate_eventtime,
    eventtime_report_to_json,
    find_corpus_files,
    format_eventtime_report,
    is_eventtime_corpus,
    score_prediction_file,
)
from service.eval.main_events import (
    MainEventsFormatError,
    evaluate_main_events,
    format_main_events_report,
    is_main_event_corpus,
    main_events_report_to_json,
)
from service.eval.score import (
    PRF,
    AnchorCounts,
    ErrorItem,
    EventCounts,
    Runner,
    TimexCounts,
    anchor_errors,
    anchor_scores,
    class_accuracy,
    event_scores,
    gold_anchors,
    score_anchors,
    score_event_extents,
    score_timexes,
    timex_errors,
    timex_scores,
    timex_type_counts,
)
from service.eval.timeline_trial import (
    TrialReport,
    evaluate_corpus,
    format_trial_report,
    trial_report_to_json,
)
from service.formats.bio import find_bio_files, read_bio
from service.formats.timeline_trial import (
    TIMELINES_FOLDER,
    TIMEML_FOLDER,
    is_trial_corpus,
    read_trial_corpus,
)
from service.formats.timeml import TimeMLDocument, TimeMLError, find_timeml_files, read_timeml
from service.locale.detect import detect_language

if TYPE_CHECKING:
    from service.domain.types import Timeline

EXIT_OK: Final = 0
EXIT_FAILURES: Final = 1  # scored, but some documents could not be read or made the pipeline fail
EXIT_USAGE: Final = 2  # nothing to score: no such path, or no .tml files under it

# Run once before timing so that one-off loading (the parser model) is not counted as speed.
_WARM_UP_TEXT: Final = "The talks ended on Monday, two days after the vote."


class CorpusKind(StrEnum):
    """What `timeline eval` scores: TimeML annotation, SemEval-2015 timelines, or event times."""

    AUTO = "auto"  # detected, see `detect_kind`
    TIMEML = "timeml"
    TIMELINE_TRIAL = "timeline-trial"
    EVENTTIME = "eventtime"
    MAIN_EVENTS = "main-events"


def detect_kind(path: str | Path) -> CorpusKind:
    """Return the kind of corpus a path holds: timelines for a folder with timeml/ and
    timelines/, event times for a .jsonl file or a folder holding event-time JSON lines, main
    events for YAML articles that list them, else TimeML."""
    if is_trial_corpus(path):
        return CorpusKind.TIMELINE_TRIAL
    if is_eventtime_corpus(path):
        return CorpusKind.EVENTTIME
    if is_main_event_corpus(path):
        return CorpusKind.MAIN_EVENTS
    return CorpusKind.TIMEML


class PipelineUnavailable(RuntimeError):
    """`service.pipeline.run` cannot be imported."""


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """One document's counts and time."""

    name: str
    timexes: TimexCounts
    anchors: AnchorCounts
    seconds: float
    failure: str | None = None  # the pipeline's exception, if it raised
    bad_offsets: int = 0  # returned items whose text is not text[start:end] (a pipeline bug)
    events: EventCounts = EventCounts()


@dataclass(frozen=True, slots=True)
class Report:
    """The result of an evaluation: summed counts, per-document counts, errors and timing."""

    path: str
    documents: tuple[DocumentReport, ...]
    timexes: TimexCounts
    anchors: AnchorCounts
    gold_types: tuple[tuple[str, int], ...]
    pipeline_seconds: float
    warm_up_seconds: float
    elapsed_seconds: float
    unreadable: tuple[tuple[str, str], ...] = ()  # (file, reason)
    errors: tuple[ErrorItem, ...] = ()
    errors_listed: bool = False
    include_inferred: bool = True
    events: EventCounts = EventCounts()
    language: str = ""  # the pipeline's language option; empty when a stand-in ran

    @property
    def failures(self) -> tuple[DocumentReport, ...]:
        """Documents on which the pipeline raised."""
        return tuple(d for d in self.documents if d.failure is not None)

    @property
    def docs_per_second(self) -> float:
        """Documents per second of pipeline time."""
        return len(self.documents) / self.pipeline_seconds if self.pipeline_seconds else 0.0


def load_pipeline(*, include_inferred: bool = True, language: str = "en") -> Runner:
    """Import the pipeline lazily and wrap it as the API calls it.

    Args:
        include_inferred: The request option of the same name (the API's default is true).
        language: The request option of the same name.

    Returns:
        A runner taking (text, document date).

    Raises:
        PipelineUnavailable: `service.pipeline.run` does not exist (yet).
    """
    try:
        # Imported here so that reading and scoring TimeML never loads the parser model.
        from service.pipeline.context import make_options
        from service.pipeline.run import run
    except ImportError as exc:
        raise PipelineUnavailable(f"cannot import service.pipeline.run: {exc}") from exc

    def runner(text: str, document_date: date | None) -> Timeline:
        options = make_options(document_date, include_inferred=include_inferred,
                               language=language)
        return run(text, options)

    return runner


def evaluate_documents(
    documents: Iterable[TimeMLDocument],
    runner: Runner,
    *,
    errors: bool = False,
    path: str = "",
) -> Report:
    """Run the pipeline on each gold document and score the results.

    Args:
        documents: Gold TimeML documents.
        runner: The pipeline, (text, document date) -> Timeline.
        errors: Whether to list every miss, false alarm and wrong attribute.
        path: The path the documents came from, for the report.

    Returns:
        The report (timing covers the runner calls only).
    """
    reports: list[DocumentReport] = []
    listed: list[ErrorItem] = []
    types: dict[str, int] = {}
    for doc in documents:
        started = time.perf_counter()
        failure: str | None = None
        try:
            timeline = runner(doc.text, doc.document_date)
            timexes, events = timeline.time_expressions, timeline.events
        except Exception as exc:  # one failing document must not hide the others' scores
            failure = f"{type(exc).__name__}: {exc}"
            timexes, events = (), ()
        seconds = time.perf_counter() - started

        timex_result = score_timexes(doc.timexes, timexes)
        anchors = gold_anchors(doc)
        anchor_result = score_anchors(anchors, doc.events, events)
        event_result = score_event_extents(doc.events, events)
        bad_offsets = sum(doc.text[t.start : t.end] != t.text for t in timexes)
        bad_offsets += sum(
            doc.text[e.trigger.start : e.trigger.end] != e.trigger.text for e in events
        )
        reports.append(
            DocumentReport(
                doc.name,
                timex_result.counts,
                anchor_result.counts,
                seconds,
                failure,
                bad_offsets,
                event_result.counts,
            )
        )
        for label, count in timex_type_counts(doc.timexes).items():
            types[label] = types.get(label, 0) + count
        if errors:
            found = timex_errors(doc, timexes, timex_result)
            found += anchor_errors(doc, anchors, events, anchor_result)
            listed.extend(sorted(found, key=lambda e: (e.start, e.end)))
    return Report(
        path=path,
        documents=tuple(reports),
        timexes=sum((d.timexes for d in reports), TimexCounts()),
        anchors=sum((d.anchors for d in reports), AnchorCounts()),
        gold_types=tuple(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
        pipeline_seconds=sum(d.seconds for d in reports),
        warm_up_seconds=0.0,
        elapsed_seconds=sum(d.seconds for d in reports),
        errors=tuple(listed),
        errors_listed=errors,
        events=sum((d.events for d in reports), EventCounts()),
    )


def evaluate_path(
    path: str | Path,
    *,
    errors: bool = False,
    include_inferred: bool = True,
    runner: Runner | None = None,
    language: str | None = None,
) -> Report:
    """Evaluate the pipeline on every .tml file (TimeML or TempEval-1) and every BIO .tsv file
    under a path (recursively).

    Args:
        path: A .tml or .tsv file or a folder.
        errors: Whether to list every miss, false alarm and wrong attribute.
        include_inferred: The request option passed to the pipeline (API default: true).
        runner: A stand-in for the pipeline (tests); by default `service.pipeline.run`.
        language: The request option passed to the pipeline; by default the language of the
            corpus, told from its texts' function words.

    Returns:
        The report; files that are not readable TimeML are listed in it, not scored.

    Raises:
        FileNotFoundError: The path does not exist.
        PipelineUnavailable: No runner was given and the pipeline cannot be imported.
    """
    started = time.perf_counter()
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    documents: list[TimeMLDocument] = []
    unreadable: list[tuple[str, str]] = []
    for file in find_timeml_files(root):
        name = file.name if root.is_file() else file.relative_to(root).as_posix()
        try:
            documents.append(read_timeml(file, name=name))
        except (TimeMLError, OSError, UnicodeDecodeError) as exc:
            unreadable.append((name, str(exc)))
    for file in find_bio_files(root):
        name = file.name if root.is_file() else file.relative_to(root).as_posix()
        try:
            documents.extend(read_bio(file, prefix=name.removesuffix(".tsv")))
        except (TimeMLError, OSError, UnicodeDecodeError) as exc:
            unreadable.append((name, str(exc)))

    warm_up = 0.0
    if runner is None:
        if language is None:
            language = corpus_language(documents)
        runner = load_pipeline(include_inferred=include_inferred, language=language)
        warm_up = warm_up_pipeline(runner)

    report = evaluate_documents(documents, runner, errors=errors, path=str(path))
    return Report(
        path=report.path,
        documents=report.documents,
        timexes=report.timexes,
        anchors=report.anchors,
        gold_types=report.gold_types,
        pipeline_seconds=report.pipeline_seconds,
        warm_up_seconds=warm_up,
        elapsed_seconds=time.perf_counter() - started,
        unreadable=tuple(unreadable),
        errors=report.errors,
        errors_listed=errors,
        include_inferred=include_inferred,
        events=report.events,
        language=language or "",
    )


def corpus_language(documents: Sequence[TimeMLDocument]) -> str:
    """The language of a corpus, told from the function words of its first texts."""
    return detect_language("\n".join(d.text for d in documents[:20]))


def warm_up_pipeline(runner: Runner) -> float:
    """Run the pipeline once on a short text, so that loading it is not counted as its speed.

    Returns:
        The seconds it took.
    """
    started = time.perf_counter()
    # A pipeline that fails here fails on the documents too, and is reported there.
    with contextlib.suppress(Exception):
        runner(_WARM_UP_TEXT, date(2000, 1, 1))
    return time.perf_counter() - started


def evaluate_timeline_path(
    path: str | Path,
    *,
    errors: bool = False,
    include_inferred: bool = True,
    runner: Runner | None = None,
) -> TrialReport:
    """Evaluate event dating on a SemEval-2015 timeline corpus (timeml/ and timelines/).

    Args:
        path: The corpus folder.
        errors: Whether to list every entry not dated exactly.
        include_inferred: The request option passed to the pipeline (API default: true).
        runner: A stand-in for the pipeline (tests); by default `service.pipeline.run`.

    Returns:
        The report.

    Raises:
        TimelineFormatError: The folder lacks timeml/ or timelines/.
        PipelineUnavailable: No runner was given and the pipeline cannot be imported.
    """
    started = time.perf_counter()
    corpus = read_trial_corpus(path)
    warm_up = 0.0
    if runner is None:
        runner = load_pipeline(include_inferred=include_inferred)
        warm_up = warm_up_pipeline(runner)
    report = evaluate_corpus(corpus, runner, errors=errors, include_inferred=include_inferred)
    return replace(
        report, warm_up_seconds=warm_up, elapsed_seconds=time.perf_counter() - started
    )


# --- output -----------------------------------------------------------------------------------


def format_report(report: Report) -> str:
    """Render a report as a plain-text table (scores in percent), then any listed errors.

    Args:
        report: The evaluation report.

    Returns:
        The text, ending with a newline.
    """
    scores = timex_scores(report.timexes)
    anchoring = anchor_scores(report.anchors)
    t, a, ev = report.timexes, report.anchors, report.events
    gold_types = ", ".join(f"{n:,} {label}" for label, n in report.gold_types)
    lines = [
        f"TempEval-3 Task A + Task B event extent + event anchoring: {report.path}",
        f"documents: {len(report.documents):,}"
        + ("" if report.include_inferred else " (include_inferred=false)")
        + (f", language {report.language}" if report.language else ""),
        "",
        f"{'':<18}{'P':>7}{'R':>7}{'F1':>7}",
        _row("strict extent", scores.strict),
        _row("relaxed extent", scores.relaxed),
        _row("type", scores.type),
        _row("value", scores.value),
        _row("event anchoring", anchoring),
        _row("event extent", event_scores(ev)),
        "",
        f"time expressions: gold {t.gold:,}" + (f" ({gold_types})" if gold_types else ""),
        f"  system {t.system:,}, aligned {t.relaxed:,}, identical extent {t.strict:,}, "
        f"same type {t.type:,}, same value {t.value:,}",
        f"event anchors: gold {a.gold:,} (recovered {a.found:,}); "
        f"system events with a time {a.system:,} (correct {a.correct:,})",
        f"event extent: gold EVENTs {ev.gold:,}; system instances {ev.system:,} "
        "(triggers and mentions),",
        f"  matched one-to-one {ev.matched:,}; {_class_accuracy_text(ev)}",
        f"time: pipeline {report.pipeline_seconds:.2f} s, {report.docs_per_second:,.1f} docs/s "
        f"(warm-up {report.warm_up_seconds:.2f} s, elapsed {report.elapsed_seconds:.2f} s)",
    ]
    for name, reason in report.unreadable:
        lines.append(f"unreadable: {name}: {reason}")
    for doc in report.failures:
        lines.append(f"pipeline failed: {doc.name}: {doc.failure}")
    for doc in report.documents:
        if doc.bad_offsets:
            lines.append(
                f"warning: {doc.name}: {doc.bad_offsets} returned time expressions or triggers "
                "whose text is not the text at their offsets"
            )
    if report.errors_listed:
        lines += ["", f"errors ({len(report.errors):,}):"]
        lines += [_error_line(e) for e in report.errors]
    return "\n".join(lines) + "\n"


def _class_accuracy_text(counts: EventCounts) -> str:
    accuracy = class_accuracy(counts)
    if accuracy is None:
        return "class accuracy n/a (no matched event has a class)"
    return (
        f"class accuracy {100 * accuracy:.1f} ({counts.class_correct:,} of {counts.classed:,} "
        "matched events with a class)"
    )


def _row(label: str, prf: PRF) -> str:
    return f"{label:<18}{100 * prf.precision:>7.1f}{100 * prf.recall:>7.1f}{100 * prf.f1:>7.1f}"


def _error_line(error: ErrorItem) -> str:
    kinds = ",".join(error.kinds)
    gold = _side(error.gold_text, error.gold_type, error.gold_value)
    system = _side(error.system_text, error.system_type, error.system_value)
    return (
        f"{error.document}:{error.start}  {kinds}  gold {gold} | system {system}\n"
        f"    {error.sentence}"
    )


def _side(text: str | None, kind: str | None, value: str | None) -> str:
    if text is None and value is None:
        return "-"
    parts = [json.dumps(text, ensure_ascii=False) if text is not None else "-"]
    parts += [p for p in (kind, value) if p]
    return " ".join(parts)


def report_to_dict(report: Report) -> dict[str, Any]:
    """Return a report as JSON-ready data (scores in percent, rounded to 0.01).

    Args:
        report: The evaluation report.

    Returns:
        Plain dicts, lists, strings and numbers.
    """
    scores = timex_scores(report.timexes)
    data: dict[str, Any] = {
        "path": report.path,
        "documents": len(report.documents),
        "language": report.language or None,
        "scores": {
            "strict": _prf_dict(scores.strict),
            "relaxed": _prf_dict(scores.relaxed),
            "type": _prf_dict(scores.type),
            "value": _prf_dict(scores.value),
            "event_anchoring": _prf_dict(anchor_scores(report.anchors)),
            "event_extent": _prf_dict(event_scores(report.events)),
            "event_class_accuracy": _percent_or_none(class_accuracy(report.events)),
        },
        "counts": {
            "time_expressions": _counts_dict(report.timexes),
            "gold_types": dict(report.gold_types),
            "event_anchors": _counts_dict(report.anchors),
            "event_extent": _counts_dict(report.events),
        },
        "time": {
            "pipeline_seconds": round(report.pipeline_seconds, 3),
            "docs_per_second": round(report.docs_per_second, 2),
            "warm_up_seconds": round(report.warm_up_seconds, 3),
            "elapsed_seconds": round(report.elapsed_seconds, 3),
        },
        "include_inferred": report.include_inferred,
        "unreadable": [{"document": n, "reason": r} for n, r in report.unreadable],
        "failures": [{"document": d.name, "error": d.failure} for d in report.failures],
        "bad_offsets": {d.name: d.bad_offsets for d in report.documents if d.bad_offsets},
    }
    if report.errors_listed:
        data["errors"] = [_error_dict(e) for e in report.errors]
    return data


def report_to_json(report: Report) -> str:
    """Return a report as indented JSON (see `report_to_dict`)."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def _prf_dict(prf: PRF) -> dict[str, float]:
    return {
        "precision": round(100 * prf.precision, 2),
        "recall": round(100 * prf.recall, 2),
        "f1": round(100 * prf.f1, 2),
    }


def _percent_or_none(fraction: float | None) -> float | None:
    return None if fraction is None else round(100 * fraction, 2)


def _counts_dict(counts: TimexCounts | AnchorCounts | EventCounts) -> dict[str, int]:
    return {name: getattr(counts, name) for name in counts.__dataclass_fields__}


def _error_dict(error: ErrorItem) -> dict[str, Any]:
    data = {name: getattr(error, name) for name in error.__dataclass_fields__}
    data["kinds"] = [str(kind) for kind in error.kinds]
    return data


# --- command line -----------------------------------------------------------------------------


def cli_eval(
    path: str,
    errors: bool = False,
    as_json: bool = False,
    *,
    include_inferred: bool = True,
    kind: CorpusKind = CorpusKind.AUTO,
    language: str | None = None,
    predictions: str | None = None,
    score_predictions: str | None = None,
    responder: ResponderFactory | None = None,
) -> int:
    """Evaluate and print the report: the body of `timeline eval PATH [--errors] [--json]`.

    Args:
        path: A .tml file or a folder searched recursively, a timeline corpus folder, or an
            event-time .jsonl file or folder.
        errors: List every miss, false alarm and wrong value (timelines: every entry not dated
            exactly; event times: every gold event not dated exactly) with its sentence.
        as_json: Print JSON instead of the table.
        include_inferred: Pass the request option of that name (false: only stated times).
        kind: What the path holds; detected by default (see `detect_kind`).
        language: The corpus language; by default told from its texts (event times: en).
        predictions: Event times: write the library's answers to this file, one
            ``{"id", "response"}`` line per document.
        score_predictions: Event times: score the answers of this file instead of running the
            library.
        responder: Event times: makes the library's ``extract`` with the parser loaded once
            (the entry points pass it; this layer may not import the library).

    Returns:
        The exit code: 0 scored, 1 scored but some files were unreadable or made the pipeline
        fail (or the pipeline is unavailable), 2 nothing to score (no such path, no .tml files,
        not a timeline corpus, no event-time file, an unreadable corpus or prediction file).
    """
    root = Path(path)
    if not root.exists():
        print(f"timeline eval: {path}: no such file or folder; nothing to score", file=sys.stderr)
        return EXIT_USAGE
    if kind == CorpusKind.AUTO:
        kind = detect_kind(root)
    if kind == CorpusKind.EVENTTIME:
        return _cli_eval_eventtime(
            root, path, errors, as_json, include_inferred, language,
            predictions=predictions, score_predictions=score_predictions, responder=responder,
        )
    if predictions is not None or score_predictions is not None:
        print(
            "timeline eval: --predictions and --score-predictions apply to the eventtime corpus "
            "only",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if kind == CorpusKind.TIMELINE_TRIAL:
        return _cli_eval_timelines(root, path, errors, as_json, include_inferred)
    if kind == CorpusKind.MAIN_EVENTS:
        return _cli_eval_main_events(root, path, errors, as_json)
    if not find_timeml_files(root) and not find_bio_files(root):
        print(f"timeline eval: {path}: no .tml files found (nor BIO .tsv files)", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = evaluate_path(root, errors=errors, include_inferred=include_inferred,
                               language=language)
    except PipelineUnavailable as exc:
        print(f"timeline eval: the pipeline is not available: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    sys.stdout.write(report_to_json(report) if as_json else format_report(report))
    return EXIT_FAILURES if report.unreadable or report.failures else EXIT_OK


def _cli_eval_timelines(
    root: Path, path: str, errors: bool, as_json: bool, include_inferred: bool
) -> int:
    if not is_trial_corpus(root):
        print(
            f"timeline eval: {path}: not a timeline corpus (needs {TIMEML_FOLDER}/ and "
            f"{TIMELINES_FOLDER}/ folders); nothing to score",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        report = evaluate_timeline_path(path, errors=errors, include_inferred=include_inferred)
    except PipelineUnavailable as exc:
        print(f"timeline eval: the pipeline is not available: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    sys.stdout.write(trial_report_to_json(report) if as_json else format_trial_report(report))
    return EXIT_FAILURES if report.unreadable or report.failures else EXIT_OK


def _cli_eval_main_events(root: Path, path: str, errors: bool, as_json: bool) -> int:
    if not is_main_event_corpus(root):
        print(f"timeline eval: {path}: no YAML articles listing main events; nothing to score",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        # Imported here so that reading and scoring TimeML never loads the parser model.
        from service.pipeline.context import make_options
        from service.pipeline.run import run
    except ImportError as exc:
        print(f"timeline eval: the pipeline is not available: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    try:
        report = evaluate_main_events(root, lambda text, day: run(text, make_options(day)),
                                      errors=errors)
    except MainEventsFormatError as exc:
        print(f"timeline eval: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(main_events_report_to_json(report) if as_json
                     else format_main_events_report(report))
    return EXIT_OK


def _cli_eval_eventtime(
    root: Path,
    path: str,
    errors: bool,
    as_json: bool,
    include_inferred: bool,
    language: str | None,
    *,
    predictions: str | None,
    score_predictions: str | None,
    responder: ResponderFactory | None,
) -> int:
    if not find_corpus_files(root):
        print(
            f"timeline eval: {path}: no event-time .jsonl file found; nothing to score",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if predictions is not None and score_predictions is not None:
        print("timeline eval: give --predictions or --score-predictions, not both",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        if score_predictions is not None:
            report = score_prediction_file(root, score_predictions, errors=errors)
        elif responder is None:
            print(
                "timeline eval: the event-time corpus is scored on the library's answers: run "
                "`timeline eval`, or score a prediction file with --score-predictions",
                file=sys.stderr,
            )
            return EXIT_FAILURES
        else:
            respond = responder(include_inferred=include_inferred, language=language or "en")
            report = evaluate_eventtime(
                root, respond, errors=errors, predictions=predictions,
                include_inferred=include_inferred,
            )
    except (EventtimeFormatError, OSError, UnicodeDecodeError) as exc:
        print(f"timeline eval: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(
        eventtime_report_to_json(report) if as_json else format_eventtime_report(report)
    )
    return EXIT_FAILURES if report.failures else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run `python -m service.eval PATH [--errors] [--json]` (same as `timeline eval`)."""
    parser = argparse.ArgumentParser(
        prog="timeline eval",
        description="Score the pipeline on TimeML files (TempEval-3 Task A, Task B event extent "
        "and event anchoring), or its event dating on SemEval-2015 timelines. (Event times on "
        "TimeBank-EventTime run through the library: use `timeline eval`; here they can be "
        "scored from a prediction file with --score-predictions.)",
    )
    parser.add_argument(
        "path",
        help="a .tml file or a folder of them (searched recursively), a timeline corpus "
        "(a folder with timeml/ and timelines/), or an event-time .jsonl file or its folder",
    )
    parser.add_argument(
        "--kind",
        choices=[k.value for k in CorpusKind],
        default=CorpusKind.AUTO.value,
        help="what the path holds (default: detected)",
    )
    parser.add_argument(
        "--errors", action="store_true", help="list every miss, false alarm and wrong value"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--language", default=None,
                        help="the corpus language (default: told from its texts)")
    parser.add_argument(
        "--no-inferred",
        action="store_true",
        help="run with include_inferred=false (events keep only times the text states)",
    )
    parser.add_argument(
        "--score-predictions",
        metavar="PATH",
        help="event times: score this prediction file (one {id, response} line per document)",
    )
    args = parser.parse_args(argv)
    return cli_eval(
        args.path,
        errors=args.errors,
        as_json=args.json,
        include_inferred=not args.no_inferred,
        kind=CorpusKind(args.kind),
        language=args.language,
        score_predictions=args.score_predictions,
    )
