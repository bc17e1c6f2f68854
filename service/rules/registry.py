"""What each locale uses, read top to bottom: its ordered parsers and refiners (earlier wins
ties), how its document date is found, and how its tenses are read (the bundled parser, or verb
morphology). The pipeline asks this table and names no language itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Final

from service.domain.types import Tense
from service.locale.lexicon import load_lexicon
from service.rules import refine
from service.rules.common import config as common
from service.rules.common import docdate as common_docdate
from service.rules.common import tense as common_tense
from service.rules.common.dates import numeric_date
from service.rules.en import (
    absolute,
    anaphoric,
    clock,
    compound,
    deictic,
    duration,
    period,
    sets,
    tense,
    vague,
    weekday_offset,
)
from service.rules.en import docdate as en_docdate
from service.rules.en.docdate import DetectedDate
from service.rules.types import Candidate, Parser, Refiner

# (text, today) -> the date the opening states, and whether it is a metadata line rather than
# story text; today places a dateline without a year
DocumentDateFinder = Callable[[str, date], DetectedDate | None]


@dataclass(frozen=True, slots=True)
class Parsed:
    """A locale the bundled parser reads as ``language``: tenses from the parse, events and
    range words in that language's tables."""

    language: str


@dataclass(frozen=True, slots=True)
class Morphology:
    """A locale the bundled parser does not read: tenses from verb morphology, sentences from
    punctuation, no events."""

    read_tenses: Callable[[str, Sequence[Candidate]], tuple[Tense, ...]]
    sentence_ids: Callable[[str, Sequence[Candidate]], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Config:
    parsers: tuple[Parser, ...]
    refiners: tuple[Refiner, ...]
    find_document_date: DocumentDateFinder
    reading: Parsed | Morphology


ENGLISH: Final = Parsed("en")

EN: Final = Config(
    parsers=(
        *absolute.PARSERS,
        *weekday_offset.PARSERS,
        *compound.PARSERS,
        *period.PARSERS,
        *deictic.PARSERS,
        *anaphoric.PARSERS,
        *clock.PARSERS,
        *sets.PARSERS,
        *tense.PARSERS,
        *duration.PARSERS,
        *vague.PARSERS,
    ),
    # Overlaps go first so that modifiers and merges see the final expressions; the
    # time+date and date+time merges run after the modifiers because a modifier never sits
    # between the two; a range of hours takes its day from the merged end, so it comes next.
    # Direction cues read the final extents, so they come after the merges.
    refiners=(refine.drop_overlaps, refine.attach_modifiers, refine.merge_time_date,
              refine.merge_date_time, refine.date_hour_ranges,
              refine.apply_direction_cues, refine.drop_match_periods),
    find_document_date=en_docdate.detect_document_date,
    reading=ENGLISH,
)

# English as written in Britain: the English families, with numeric dates read in the locale's
# order (day first) ahead of them, so that "03/04/2025" is 3 April.
EN_GB: Final = Config(
    parsers=(numeric_date(load_lexicon("en-GB").date_order), *EN.parsers),
    refiners=EN.refiners,
    find_document_date=EN.find_document_date,
    reading=ENGLISH,  # the events and range words are English's
)


def _common(locale: str) -> Config:
    """A locale served by the families of ``service/rules/common`` alone."""
    return Config(
        parsers=common.parsers_for(locale),
        refiners=common.refiners_for(locale),
        find_document_date=partial(_common_document_date, locale),
        reading=Morphology(read_tenses=partial(_morphology_tenses, locale),
                           sentence_ids=common_tense.sentence_ids),
    )


def _common_document_date(locale: str, text: str, today: date) -> DetectedDate | None:
    return common_docdate.detect_document_date(text, locale, today)


def _morphology_tenses(locale: str, text: str, candidates: Sequence[Candidate]
                       ) -> tuple[Tense, ...]:
    return common_tense.read_tenses(text, candidates, load_lexicon(locale))


CONFIGS: Final = {"en": EN, "en-GB": EN_GB, "fr": _common("fr"), "pt": _common("pt"),
                  "es": _common("es")}
