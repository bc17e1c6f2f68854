"""The extraction pipeline: the order of the stages, written out once.

``run`` is the whole pipeline; ``run_times`` is its time-expression half alone (no parser, every
tense unknown), which the benchmark measures.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.language import Language

from service.domain.clock import Clock, utc_today
from service.domain.types import (
    DateSource,
    DocContext,
    Event,
    EventsMode,
    Notice,
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
    DEFAULT_OPTIONS,
    Options,
    make_context,
)
from service.pipeline.events.build import build_events
from service.pipeline.events.detect import (
    MAX_CANDIDATES_PER_SENTENCE,
    crowded_sentences,
    timex_token_ids,
)
from service.pipeline.extract import extract_timexes
from service.pipeline.limits import TRUNCATED, cap, split_notices
from service.pipeline.ranges import link_ranges
from service.pipeline.resolve import resolve
from service.pipeline.sentences import parse_ranges, read_tenses, sentence_ids
from service.pipeline.timeline import order_timeline
from service.rules.registry import CONFIGS, Config, Morphology, Parsed
from service.rules.types import Candidate

__all__ = ["run", "run_times", "warm_up"]


def _prepare(
    text: str, options: Options, today: date
) -> tuple[DocContext, Config, tuple[Candidate, ...], list[Notice]]:
    """The stages before the parse: language, document date, context, candidate time
    expressions."""
    notices: list[Notice] = []
    language = options.language
    if language == AUTO_LANGUAGE:
        language = detect_language(text)
        notices.append(Notice("language_detected", f"the text was read as {language!r}"))
    config = CONFIGS[language]
    detected = config.find_document_date(text, today)
    ctx = make_context(options, language=language,
                       detected=detected.value if detected else None)
    candidates = extract_timexes(text, ctx.language, ctx.date_order)
    if detected is not None and detected.date_line:
        # a "date 2025-05-20" line is about the document, not a time in the story; a
        # dateline ("MOSCOW, May 20 (Reuters) -") is text, and TimeML annotates it
        candidates = tuple(c for c in candidates
                           if c.end <= detected.start or c.start >= detected.end)
    candidates, truncated = cap(candidates, options.caps.max_time_expressions,
                                "time expressions")
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
    return ctx, config, candidates, notices


def run(
    text: str,
    options: Options = DEFAULT_OPTIONS,
    *,
    nlp: Language | None = None,
    clock: Clock = utc_today,
) -> Timeline:
    """Turn one article into time expressions and an ordered timeline of events.

    Args:
        text: the article.
        options: the request's options (:func:`service.pipeline.context.make_options`). A
            language the bundled parser does not read has its tenses from verb morphology and
            no events (an ``events_unsupported_language`` notice says so); "auto" is detected
            (a ``language_detected`` notice says which). ``events="none"`` parses only the
            paragraphs whose expressions take a tense.
        nlp: the loaded parser (default: the process's, loaded once).
        clock: today's date, which places a dateline that gives no year.

    Returns:
        The timeline.
    """
    ctx, config, candidates, notices = _prepare(text, options, clock())
    caps, mode = options.caps, options.events
    parsed: ParsedText | None = None
    if isinstance(config.reading, Morphology):
        tenses = config.reading.read_tenses(text, candidates)
        ids = config.reading.sentence_ids(text, candidates)
        if mode != EventsMode.NONE:
            notices.append(Notice(
                "events_unsupported_language",
                f"events are not extracted in {ctx.language!r}: only time expressions",
            ))
    else:
        # Without events, the parse serves only what resolution reads: tenses, and the
        # sentence boundaries a clock time needs to take its day from.
        ranges = None if mode != EventsMode.NONE else parse_ranges(text, candidates)
        parsed = parse_text(nlp if nlp is not None else load_nlp(), text, ranges=ranges,
                            max_chars=caps.max_sentence_chars)
        notices.extend(split_notices(parsed.split, caps.max_sentence_chars))
        tenses = read_tenses(parsed, candidates, config.reading.language)
        ids = sentence_ids(parsed, candidates)
    timexes, warnings = resolve(ctx, text, candidates, tenses, ids)
    found: tuple[Event, ...] = ()
    if parsed is not None and isinstance(config.reading, Parsed):
        timexes = link_ranges(text, timexes, ctx.document_date)
        if mode != EventsMode.NONE:
            # the events stage reads the words of the language the parser read (en-GB: en's)
            events_ctx = replace(ctx, language=config.reading.language)
            found = build_events(events_ctx, parsed, timexes)
            notices.extend(_crowded(parsed, timexes, events_ctx.language))
    if not ctx.include_inferred:
        found = tuple(e for e in found if e.when is not None and not e.when.inferred)
    if mode == EventsMode.MAIN:
        found = tuple(e for e in found if e.salience == Salience.MAIN)
    found, truncated = cap(found, caps.max_events, "events")
    return _timeline(ctx, timexes, order_timeline(found), (*notices, *warnings, *truncated))


def run_times(
    text: str, options: Options = DEFAULT_OPTIONS, *, clock: Clock = utc_today
) -> Timeline:
    """The time expressions alone, without the parser: every tense is unknown and there are no
    events. The same stages as :func:`run` up to resolution (``options.events`` and
    ``options.include_inferred`` are not read)."""
    ctx, config, candidates, notices = _prepare(text, options, clock())
    timexes, warnings = resolve(
        ctx, text, candidates, [Tense.UNKNOWN] * len(candidates), [0] * len(candidates)
    )
    if isinstance(config.reading, Parsed):  # the range words are the parser's language's
        timexes = link_ranges(text, timexes, ctx.document_date)
    return _timeline(ctx, timexes, (), (*notices, *warnings))


def _timeline(ctx: DocContext, timexes: tuple[TimeExpression, ...], events: tuple[Event, ...],
              warnings: tuple[Notice, ...]) -> Timeline:
    return Timeline(
        document_date=ctx.document_date,
        document_date_source=ctx.document_date_source,
        language=ctx.language,
        time_expressions=timexes,
        events=events,
        warnings=warnings,
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
