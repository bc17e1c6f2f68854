"""Event dating on SemEval-2015 Task 4 timelines (the timeline-trial corpus).

Each distinct gold mention (document, sentence, word) with a known date is one entry. An entry is
*found* when the pipeline returns, for that document, an event whose trigger or one of whose
mentions overlaps the word (any of its occurrences, any of its tokens); *exact* when that event's
``when.value`` equals the gold date with its unknown parts dropped (``2008-06``), *compatible*
when the value is that or more specific (``2008-06-09`` for ``2008-06``). When several returned
events overlap the word, the best dated one counts. Scores are recalls over the dated entries,
overall and per gold grain; there is no precision (the timelines cover six entities only).

Two reference lines are computed from the gold mentions themselves, to show the bar: the
document date on every event, and the value of the nearest time expression the pipeline found in
the mention's sentence that names a calendar year, month or day (what a timeline date can be;
not "now", a week or a quarter), else the document date.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from enum import Enum, StrEnum
from typing import Any, Final

from service.domain.types import Grain
from service.eval.score import ANCHOR_TIMEX_TYPE, Extent, MentionedEventLike, Runner, TimexLike
from service.formats.timeline_trial import (
    GoldMention,
    Sentence,
    Token,
    TrialCorpus,
    TrialDocument,
    gold_mentions,
)

GRAINS: Final = (Grain.DAY, Grain.MONTH, Grain.YEAR)  # the grains a timeline date can have
_FINER: Final = "-T"  # what may follow a value's prefix when the value is more specific
_CALENDAR_VALUE: Final = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")  # a year, month or day


class Reason(StrEnum):
    """Why an entry was not dated exactly."""

    NO_EVENT = "no event"  # no returned event in the sentence at all
    ANOTHER_PREDICATE = "another predicate"  # events in the sentence, none on the word
    WRONG_DATE = "wrong date"  # an event on the word, with another value
    NO_DATE = "no date"  # an event on the word, without a value
    NOT_IN_CORPUS = "not in corpus"  # the gold mention's document, sentence or word is missing


def is_exact(value: str | None, gold: str) -> bool:
    """Return whether a returned value is the gold date (unknown parts dropped)."""
    return value == gold


def is_compatible(value: str | None, gold: str) -> bool:
    """Return whether a returned value is the gold date or more specific, at a grain boundary."""
    if value is None:
        return False
    return value == gold or (value.startswith(gold) and value[len(gold)] in _FINER)


# --- one entry --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntryResult:
    """What the pipeline returned for one dated gold mention."""

    mention: GoldMention
    found: bool
    exact: bool
    compatible: bool
    reason: Reason | None  # None when exact
    system_text: str | None  # the returned event's trigger, when found
    system_value: str | None
    predicates: tuple[str, ...]  # returned triggers and mentions in the sentence (not on the word)
    sentence: str  # the sentence, the gold word marked [ ]
    document_date_value: str | None  # reference: the document date
    nearest_value: str | None  # reference: nearest DATE in the sentence, else the document date


def score_entry(
    mention: GoldMention,
    doc: TrialDocument | None,
    events: Sequence[MentionedEventLike],
    timexes: Sequence[TimexLike],
) -> EntryResult:
    """Compare the pipeline's events for one document with one dated gold mention.

    Args:
        mention: The gold mention; its date must be known.
        doc: Its document, or None when the corpus lacks it.
        events: The events returned for that document.
        timexes: The time expressions returned for that document (for the reference line).

    Returns:
        The result, with the reason when the entry is not dated exactly.
    """
    gold = mention.date.value
    if gold is None:
        raise ValueError(f"{mention.label}: an undated entry is not scored")
    sentence = doc.sentence(mention.sentence_id) if doc is not None else None
    if doc is None or sentence is None or not mention.occurrences:
        return EntryResult(mention, False, False, False, Reason.NOT_IN_CORPUS, None, None, (),
                           "", None, None)

    tokens = mention.tokens
    on_word = [e for e in events if any(_overlaps(x, t) for x in _extents(e) for t in tokens)]
    best = max(on_word, key=lambda e: _rank(_value(e), gold), default=None)
    value = _value(best) if best is not None else None
    exact = best is not None and is_exact(value, gold)
    compatible = best is not None and is_compatible(value, gold)
    predicates: tuple[str, ...] = ()
    reason: Reason | None = None
    if best is None:
        predicates = _predicates_in(doc.text, sentence, events)
        reason = Reason.ANOTHER_PREDICATE if predicates else Reason.NO_EVENT
    elif value is None:
        reason = Reason.NO_DATE
    elif not exact:
        reason = Reason.WRONG_DATE
    document_date = doc.document_date.isoformat() if doc.document_date else None
    return EntryResult(
        mention=mention,
        found=best is not None,
        exact=exact,
        compatible=compatible,
        reason=reason,
        system_text=best.trigger.text if best is not None else None,
        system_value=value,
        predicates=predicates,
        sentence=_marked(doc.text, sentence, tokens),
        document_date_value=document_date,
        nearest_value=_nearest_date(sentence, tokens, timexes) or document_date,
    )


def _extents(event: MentionedEventLike) -> tuple[Extent, ...]:
    return (event.trigger, *event.mentions)


def _overlaps(a: Extent, b: Extent) -> bool:
    return max(a.start, b.start) < min(a.end, b.end)


def _value(event: MentionedEventLike) -> str | None:
    return event.when.value if event.when is not None else None


def _rank(value: str | None, gold: str) -> tuple[bool, bool, bool]:
    return (is_exact(value, gold), is_compatible(value, gold), value is not None)


def _predicates_in(
    text: str, sentence: Sentence, events: Sequence[MentionedEventLike]
) -> tuple[str, ...]:
    """The text of every returned trigger or mention inside the sentence, in text order."""
    spans = sorted(
        {(x.start, x.end) for e in events for x in _extents(e) if _overlaps(x, sentence)}
    )
    return tuple(dict.fromkeys(text[start:end] for start, end in spans))


def _nearest_date(
    sentence: Sentence, tokens: Sequence[Token], timexes: Sequence[TimexLike]
) -> str | None:
    """The value of the sentence's calendar date closest to the word (the earlier on a tie)."""
    dates = [
        t
        for t in timexes
        if _type_label(t.type) == ANCHOR_TIMEX_TYPE
        and _CALENDAR_VALUE.fullmatch(t.value)
        and _overlaps(t, sentence)
    ]

    def distance(t: TimexLike) -> tuple[int, int]:
        gap = min(max(0, t.start - w.end, w.start - t.end) for w in tokens)
        return (gap, t.start)

    nearest = min(dates, key=distance, default=None)
    return nearest.value if nearest is not None else None


def _type_label(value: object) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


def _marked(text: str, sentence: Sentence, tokens: Sequence[Token]) -> str:
    """The sentence with each run of adjacent gold tokens in [ ] ("[court case]")."""
    runs: list[list[int]] = []
    for token in tokens:
        if runs and not text[runs[-1][1] : token.start].strip():
            runs[-1][1] = token.end
        else:
            runs.append([token.start, token.end])
    out: list[str] = []
    at = sentence.start
    for start, end in runs:
        out += [text[at:start], "[", text[start:end], "]"]
        at = end
    out.append(text[at : sentence.end])
    return "".join(out)


# --- counts -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrialCounts:
    """Entry counts; they add up over entries and documents."""

    entries: int = 0
    found: int = 0
    exact: int = 0
    compatible: int = 0
    document_date_exact: int = 0  # reference: the document date on every event
    document_date_compatible: int = 0
    nearest_exact: int = 0  # reference: nearest DATE of the sentence, else the document date
    nearest_compatible: int = 0

    def __add__(self, other: TrialCounts) -> TrialCounts:
        return TrialCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in _FIELDS))

    @classmethod
    def of(cls, result: EntryResult) -> TrialCounts:
        """Count one entry."""
        gold = result.mention.date.value or ""
        return cls(
            entries=1,
            found=result.found,
            exact=result.exact,
            compatible=result.compatible,
            document_date_exact=is_exact(result.document_date_value, gold),
            document_date_compatible=is_compatible(result.document_date_value, gold),
            nearest_exact=is_exact(result.nearest_value, gold),
            nearest_compatible=is_compatible(result.nearest_value, gold),
        )

    def share(self, name: str) -> float:
        """One count as a fraction of the entries (0 when there are none)."""
        return int(getattr(self, name)) / self.entries if self.entries else 0.0


_FIELDS: Final = fields(TrialCounts)


def count(results: Iterable[EntryResult]) -> TrialCounts:
    """Sum the counts of some entries."""
    return sum((TrialCounts.of(r) for r in results), TrialCounts())


# --- the whole corpus -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrialReport:
    """The result of a timeline evaluation."""

    path: str
    documents: int
    timelines: int
    undated: int  # distinct gold mentions without a known date (not scored)
    results: tuple[EntryResult, ...]  # one per dated gold mention
    pipeline_seconds: float
    warm_up_seconds: float = 0.0
    elapsed_seconds: float = 0.0
    unreadable: tuple[tuple[str, str], ...] = ()  # (file, reason)
    failures: tuple[tuple[str, str], ...] = ()  # (document, the pipeline's exception)
    errors_listed: bool = False
    include_inferred: bool = True

    @property
    def total(self) -> TrialCounts:
        """Counts over all dated entries."""
        return count(self.results)

    @property
    def by_grain(self) -> tuple[tuple[Grain, TrialCounts], ...]:
        """Counts per gold grain (day, month, year)."""
        return tuple(
            (grain, count(r for r in self.results if r.mention.date.grain == grain))
            for grain in GRAINS
        )

    @property
    def reasons(self) -> tuple[tuple[Reason, int], ...]:
        """How many entries were not dated exactly, by reason."""
        return tuple((reason, sum(r.reason == reason for r in self.results)) for reason in Reason)

    @property
    def misses(self) -> tuple[EntryResult, ...]:
        """The entries not dated exactly, in corpus order."""
        return tuple(r for r in self.results if not r.exact)


def evaluate_corpus(
    corpus: TrialCorpus,
    runner: Runner,
    *,
    errors: bool = False,
    include_inferred: bool = True,
) -> TrialReport:
    """Run the pipeline on every article of a timeline corpus and score the dated entries.

    Args:
        corpus: The corpus (`service.formats.timeline_trial.read_trial_corpus`).
        runner: The pipeline, (text, document date) -> Timeline.
        errors: Whether the report lists every entry not dated exactly.
        include_inferred: The request option the runner was made with (for the report).

    Returns:
        The report (its time covers the runner calls only).
    """
    mentions = gold_mentions(corpus.timelines, corpus.documents)
    dated = [m for m in mentions if m.date.value is not None]
    by_doc: dict[str, list[GoldMention]] = {}
    for mention in dated:
        by_doc.setdefault(mention.doc_id, []).append(mention)

    results: dict[GoldMention, EntryResult] = {}
    failures: list[tuple[str, str]] = []
    seconds = 0.0
    for doc in corpus.documents:
        started = time.perf_counter()
        try:
            timeline = runner(doc.text, doc.document_date)
            events: Sequence[MentionedEventLike] = timeline.events
            timexes: Sequence[TimexLike] = timeline.time_expressions
        except Exception as exc:  # one failing document must not hide the others' scores
            failures.append((doc.name, f"{type(exc).__name__}: {exc}"))
            events, timexes = (), ()
        seconds += time.perf_counter() - started
        for mention in by_doc.pop(doc.doc_id, []):
            results[mention] = score_entry(mention, doc, events, timexes)
    for missing in by_doc.values():  # entries whose document is not in the corpus
        for mention in missing:
            results[mention] = score_entry(mention, None, (), ())
    return TrialReport(
        path=corpus.path,
        documents=len(corpus.documents),
        timelines=len(corpus.timelines),
        undated=len(mentions) - len(dated),
        results=tuple(results[m] for m in dated),
        pipeline_seconds=seconds,
        elapsed_seconds=seconds,
        unreadable=corpus.unreadable,
        failures=tuple(failures),
        errors_listed=errors,
        include_inferred=include_inferred,
    )


# --- output -----------------------------------------------------------------------------------

_LABEL: Final = 46
_REFERENCE_LINES: Final = (
    ("document date on every gold event", "document_date"),
    ("nearest date of the sentence, else doc. date", "nearest"),
)


def format_trial_report(report: TrialReport) -> str:
    """Render a timeline report as a plain-text table (recalls in percent), then any errors.

    Args:
        report: The report.

    Returns:
        The text, ending with a newline.
    """
    total = report.total
    located = sum(r.reason != Reason.NOT_IN_CORPUS for r in report.results)
    lines = [
        f"SemEval-2015 Task 4 timelines, event dating: {report.path}",
        f"documents: {report.documents:,}, timelines: {report.timelines:,}; "
        f"dated entries: {total.entries:,} (undated, not scored: {report.undated:,})"
        + ("" if report.include_inferred else " (include_inferred=false)"),
        "",
        f"{'recall over dated entries':<{_LABEL}}{'exact':>7}{'compat':>8}{'found':>7}{'n':>6}",
        _trial_row("all", total, found=True),
    ]
    lines += [_trial_row(f"  {grain.label}", c, found=True) for grain, c in report.by_grain]
    lines.append("reference, given the gold events:")
    for label, prefix in _REFERENCE_LINES:
        lines.append(_trial_row(f"  {label}", total, prefix=prefix))
    lines += [
        "",
        f"entries: {total.entries:,}; found {total.found:,}, dated exactly {total.exact:,}, "
        f"compatibly {total.compatible:,}; "
        + ", ".join(f"{g.label} {c.exact:,}/{c.entries:,}" for g, c in report.by_grain)
        + " exact",
        "not exact: " + ", ".join(f"{reason} {n:,}" for reason, n in report.reasons),
        f"time: pipeline {report.pipeline_seconds:.2f} s "
        f"(warm-up {report.warm_up_seconds:.2f} s, elapsed {report.elapsed_seconds:.2f} s)",
    ]
    if located < total.entries:
        for r in report.results:
            if r.reason == Reason.NOT_IN_CORPUS:
                lines.append(
                    f"warning: gold mention {r.mention.label} cannot be located "
                    f"({r.mention.problem}); counted as not found"
                )
    lines += [f"unreadable: {name}: {reason}" for name, reason in report.unreadable]
    lines += [f"pipeline failed: {name}: {error}" for name, error in report.failures]
    if report.errors_listed:
        lines += ["", f"not dated exactly ({len(report.misses):,}):"]
        lines += [_miss_lines(r) for r in report.misses]
    return "\n".join(lines) + "\n"


def _trial_row(label: str, counts: TrialCounts, *, found: bool = False, prefix: str = "") -> str:
    exact = counts.share(f"{prefix}_exact" if prefix else "exact")
    compatible = counts.share(f"{prefix}_compatible" if prefix else "compatible")
    found_cell = f"{100 * counts.share('found'):>7.1f}" if found else f"{'-':>7}"
    return (
        f"{label:<{_LABEL}}{100 * exact:>7.1f}{100 * compatible:>8.1f}{found_cell}"
        f"{counts.entries:>6,}"
    )


def _miss_lines(result: EntryResult) -> str:
    m = result.mention
    head = f"{m.label}  gold {m.date.raw}  {result.reason}"
    if result.reason == Reason.ANOTHER_PREDICATE:
        head += ": " + ", ".join(json.dumps(p, ensure_ascii=False) for p in result.predicates)
    elif result.reason == Reason.NOT_IN_CORPUS:
        head += f": {m.problem}"
    elif result.system_text is not None:
        shown = result.system_value or "none"
        head += f": system {shown} on {json.dumps(result.system_text, ensure_ascii=False)}"
        if result.compatible:
            head += " (compatible)"
    return f"{head}\n    {result.sentence}" if result.sentence else head


def trial_report_to_dict(report: TrialReport) -> dict[str, Any]:
    """Return a timeline report as JSON-ready data (recalls in percent, rounded to 0.01).

    Args:
        report: The report.

    Returns:
        Plain dicts, lists, strings and numbers.
    """
    data: dict[str, Any] = {
        "path": report.path,
        "kind": "timeline-trial",
        "documents": report.documents,
        "timelines": report.timelines,
        "entries": {"dated": report.total.entries, "undated": report.undated},
        "scores": {
            "all": _scores_dict(report.total),
            **{grain.label: _scores_dict(c) for grain, c in report.by_grain},
        },
        "reference": {
            name: {
                "exact_recall": _percent(report.total.share(f"{prefix}_exact")),
                "compatible_recall": _percent(report.total.share(f"{prefix}_compatible")),
            }
            for name, prefix in (
                ("document_date", "document_date"),
                ("nearest_date_else_document_date", "nearest"),
            )
        },
        "not_exact": {str(reason): n for reason, n in report.reasons},
        "not_located": [
            {"mention": r.mention.label, "problem": r.mention.problem}
            for r in report.results
            if r.reason == Reason.NOT_IN_CORPUS
        ],
        "time": {
            "pipeline_seconds": round(report.pipeline_seconds, 3),
            "warm_up_seconds": round(report.warm_up_seconds, 3),
            "elapsed_seconds": round(report.elapsed_seconds, 3),
        },
        "include_inferred": report.include_inferred,
        "unreadable": [{"file": n, "reason": r} for n, r in report.unreadable],
        "failures": [{"document": n, "error": e} for n, e in report.failures],
    }
    if report.errors_listed:
        data["errors"] = [_miss_dict(r) for r in report.misses]
    return data


def trial_report_to_json(report: TrialReport) -> str:
    """Return a timeline report as indented JSON (see `trial_report_to_dict`)."""
    return json.dumps(trial_report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def _percent(fraction: float) -> float:
    return round(100 * fraction, 2)


def _scores_dict(counts: TrialCounts) -> Mapping[str, float | int]:
    return {
        "exact_recall": _percent(counts.share("exact")),
        "compatible_recall": _percent(counts.share("compatible")),
        "found": _percent(counts.share("found")),
        "entries": counts.entries,
        "exact": counts.exact,
        "compatible": counts.compatible,
        "found_count": counts.found,
    }


def _miss_dict(result: EntryResult) -> dict[str, Any]:
    m = result.mention
    return {
        "document": m.doc_id,
        "sentence_id": m.sentence_id,
        "word": m.word,
        "gold_date": m.date.raw,
        "targets": list(m.targets),
        "reason": str(result.reason),
        "system_trigger": result.system_text,
        "system_value": result.system_value,
        "compatible": result.compatible,
        "predicates": list(result.predicates),
        "sentence": result.sentence,
    }
