"""The extraction pipeline: the order of the stages, written out once.

``run`` is the whole pipeline; ``run_times`` is its time-expression half alone (no parser, every
tense unknown), which the benchmark measures.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.language import Language

from service.domain.types import (
    DateOrder,
    DateSource,
    DocContext,
    EventsMode,
    Notice,
    Prefer,
    Salience,
    Tense,
    TimeExpression,
    Timeline,
)
from service.locale.detect import detect_language
from service.locale.event_lexicon import load_event_words
from service.locale.events import load_event_lexicon
from service.locale.grammar import load_grammar
from service.locale.lexicon import load_lexicon
from service.locale.syntax import load_syntax_words
from service.nlp import load_nlp, parse_text
from service.nlp.parse import ParsedText
from service.pipeline.context import (
    AUTO_LANGUAGE,
    PARSED_LANGUAGES,
    make_context,
    normalise_language,
)
from service.pipeline.events.build import build_events
from service.pipeline.events.detect import (
    MAX_CANDIDATES_PER_SENTENCE,
    crowded_sentences,
    timex_token_ids,
)
from service.pipeline.extract import extract_timexes
from service.pipeline.limits import DEFAULT_CAPS, TRUNCATED, Caps, cap, split_notices
from service.pipeline.ranges import link_ranges
from service.pipeline.resolve import resolve
from service.pipeline.sentences import parse_ranges, read_tenses, sentence_ids
from service.pipeline.timeline import order_timeline
from service.rules.common import docdate as common_docdate
from service.rules.common import tense as common_tense
from service.rules.en.docdate import DetectedDate, detect_document_date, is_date_line
from service.rules.types import Candidate

__all__ = ["run", "run_times", "warm_up"]

def _prepare(
    text: str,
    document_date: str | date | None,
    *,
    timezone: str,
    language: str,
    include_inferred: bool,
    prefer: Prefer | str = Prefer.TENSE,
    date_order: DateOrder | str | None = None,
    caps: Caps = DEFAULT_CAPS,
) -> tuple[DocContext, tuple[Candidate, ...], list[Notice]]:
    """The stages before the parse: language, document date, context, candidate time
    expressions."""
    notices: list[Notice] = []
    language = normalise_language(language)
    if language == AUTO_LANGUAGE:
        language = detect_language(text)
        notices.append(Notice("language_detected", f"the text was read as {language!r}"))
    detected = _detect_document_date(text, language)
    ctx = make_context(
        document_date,
        timezone=timezone,
        language=language,
        include_inferred=include_inferred,
        detected=detected.value if detected else None,
        prefer=prefer,
        date_order=date_order,
    )
    candidates = extract_timexes(text, ctx.language, ctx.date_order)
    if detected is not None and _is_date_line(text, detected, ctx.language):
        # a "date 2025-05-20" line is about the document, not a time in the story; a
        # dateline ("MOSCOW, May 20 (Reuters) -") is text, and TimeML annotates it
        candidates = tuple(c for c in candidates
                           if c.end <= detected.start or c.start >= detected.end)
    candidates, truncated = cap(candidates, caps.max_time_expressions, "time expressions")
    notices.extend(truncated)
    if (detected is not None and detected.year_assumed
            and ctx.document_date_source == DateSource.TEXT):
        notices.append(Notice(
            "document_date_year_assumed",
            f"the dateline gives no year; assumed {detected.value.year}",
            detected.start, detected.end,
        ))
    if ctx.document_date is None:
        notices.append(Notice(
            "no_document_date",
            "no document_date was given and none was found in the text; relative times "
            "are left unresolved",
        ))
    return ctx, candidates, notices


def _detect_document_date(text: str, language: str) -> DetectedDate | None:
    if language in PARSED_LANGUAGES:
        return detect_document_date(text)
    return common_docdate.detect_document_date(text, language)


def _is_date_line(text: str, found: DetectedDate, language: str) -> bool:
    if language in PARSED_LANGUAGES:
        return is_date_line(text, found)
    return common_docdate.is_date_line(text, found, language)


def _unparsed(
    ctx: DocContext, text: str, candidates: tuple[Candidate, ...], events: EventsMode
) -> tuple[tuple[Tense, ...], tuple[int, ...], list[Notice]]:
    """Tenses (from the locale's verb morphology) and sentences of a language the parser does
    not read, and the warning that it has no events."""
    tenses = common_tense.read_tenses(text, candidates, load_lexicon(ctx.language))
    notices = [] if events == EventsMode.NONE else [Notice(
        "events_unsupported_language",
        f"events are not extracted in {ctx.language!r}: only time expressions",
    )]
    return tenses, common_tense.sentence_ids(text, candidates), notices


def run(
    text: str,
    document_date: str | date | None = None,
    *,
    timezone: str = "UTC",
    language: str = "en",
    include_inferred: bool = True,
    events: EventsMode | str = EventsMode.ALL,
    nlp: Language | None = None,
    prefer: Prefer | str = Prefer.TENSE,
    date_order: DateOrder | str | None = None,
    caps: Caps = DEFAULT_CAPS,
) -> Timeline:
    """Turn one article into time expressions and an ordered timeline of events.

    Args:
        text: the article.
        document_date: its publication date (ISO 8601), or None to detect it from the text.
        timezone: IANA zone for intervals.
        language: the text's language: "en", "en-GB", "fr", "pt", "es", or "auto" to detect it
            (a ``language_detected`` notice says which). Outside English there are no events
            (an ``events_unsupported_language`` notice says so).
        include_inferred: keep events whose time is inferred, and undated events; False keeps
            only the events whose time the text states.
        events: "all" events, the "main" ones (the article's own news), or "none" (time
            expressions only: only paragraphs whose expressions take a tense are parsed).
        nlp: the loaded parser (default: the process's, loaded once).
        prefer: where a time without a stated direction points: by the "tense" of its verb
            (default), or always to the "past" or the "future".
        date_order: how numeric dates are read: "MDY", "DMY", "YMD" or "auto" (as the
            text's own dates show); None: the language's order (en: MDY).
        caps: the most time expressions and events returned (the rest is left out, with a
            ``truncated`` warning), and the longest line parsed in one piece (a longer one is
            cut, with a ``sentence_split`` warning).

    Returns:
        The timeline. Raises a TimelineError subclass on invalid options.
    """
    ctx, candidates, notices = _prepare(
        text, document_date, timezone=timezone, language=language,
        include_inferred=include_inferred, prefer=prefer, date_order=date_order,
        caps=caps,
    )
    events = EventsMode(events)
    if ctx.language not in PARSED_LANGUAGES:
        tenses, ids, unparsed = _unparsed(ctx, text, candidates, events)
        timexes, warnings = resolve(ctx, text, candidates, tenses, ids)
        return Timeline(
            document_date=ctx.document_date,
            document_date_source=ctx.document_date_source,
            language=ctx.language,
            time_expressions=timexes,
            events=(),
            warnings=(*notices, *unparsed, *warnings),
        )
    # Without events, the parse serves only what resolution reads: tenses, and the sentence
    # boundaries a clock time needs to take its day from.
    ranges = None if events != EventsMode.NONE else parse_ranges(text, candidates)
    parsed = parse_text(nlp if nlp is not None else load_nlp(), text, ranges=ranges,
                        max_chars=caps.max_sentence_chars)
    notices.extend(split_notices(parsed.split, caps.max_sentence_chars))
    tenses = read_tenses(parsed, candidates, "en")
    timexes, warnings = resolve(ctx, text, candidates, tenses, sentence_ids(parsed, candidates))
    timexes = link_ranges(text, timexes, ctx.document_date)
    # the events stage reads English words: en-GB shares them
    english = ctx if ctx.language == "en" else replace(ctx, language="en")
    found = () if events == EventsMode.NONE else build_events(english, parsed, timexes)
    if events != EventsMode.NONE:
        notices.extend(_crowded(parsed, timexes, english.language))
    if not ctx.include_inferred:
        found = tuple(e for e in found if e.when is not None and not e.when.inferred)
    if events == EventsMode.MAIN:
        found = tuple(e for e in found if e.salience == Salience.MAIN)
    found, truncated = cap(found, caps.max_events, "events")
    return Timeline(
        document_date=ctx.document_date,
        document_date_source=ctx.document_date_source,
        language=ctx.language,
        time_expressions=timexes,
        events=order_timeline(found),
        warnings=(*notices, *warnings, *truncated),
    )


def run_times(
    text: str,
    document_date: str | date | None = None,
    *,
    timezone: str = "UTC",
    language: str = "en",
    prefer: Prefer | str = Prefer.TENSE,
    date_order: DateOrder | str | None = None,
) -> Timeline:
    """The time expressions alone, without the parser: every tense is unknown and there are no
    events. The same stages as :func:`run` up to resolution."""
    ctx, candidates, notices = _prepare(
        text, document_date, timezone=timezone, language=language, include_inferred=True,
        prefer=prefer, date_order=date_order,
    )
    timexes, warnings = resolve(
        ctx, text, candidates, [Tense.UNKNOWN] * len(candidates), [0] * len(candidates)
    )
    if ctx.language in PARSED_LANGUAGES:  # the range words are English
        timexes = link_ranges(text, timexes, ctx.document_date)
    return Timeline(
        document_date=ctx.document_date,
        document_date_source=ctx.document_date_source,
        language=ctx.language,
        time_expressions=timexes,
        events=(),
        warnings=(*notices, *warnings),
    )


def warm_up(language: str = "en") -> None:
    """Read every table the stages load on first use (the locale's words and its event
    lexicon), so that a malformed file fails at start-up and no request waits for them."""
    load_lexicon(language)
    load_grammar(language)
    load_syntax_words(language)
    load_event_lexicon(language)
    load_event_words(language)


def _crowded(parsed: ParsedText, timexes: tuple[TimeExpression, ...],
             language: str) -> tuple[Notice, ...]:
    """A ``truncated`` warning for each sentence whose event words passed the per-sentence
    cap (only its first ones were read)."""
    crowded = crowded_sentences(parsed, timex_token_ids(parsed, timexes),
                                load_event_lexicon(language))
    return tuple(Notice(
        TRUNCATED,
        f"a sentence holds more than {MAX_CANDIDATES_PER_SENTENCE} words that may name "
        f"events; only the first {MAX_CANDIDATES_PER_SENTENCE} are read",
        sentence.start, sentence.end,
    ) for sentence in crowded)
