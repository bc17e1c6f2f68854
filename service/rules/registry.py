"""The ordered parsers and refiners of each locale: read top to bottom, earlier wins ties."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from service.locale.lexicon import load_lexicon
from service.rules import refine
from service.rules.common import config as common
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
from service.rules.types import Parser, Refiner


@dataclass(frozen=True, slots=True)
class Config:
    parsers: tuple[Parser, ...]
    refiners: tuple[Refiner, ...]


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
)

# English as written in Britain: the English families, with numeric dates read in the locale's
# order (day first) ahead of them, so that "03/04/2025" is 3 April.
EN_GB: Final = Config(
    parsers=(numeric_date(load_lexicon("en-GB").date_order), *EN.parsers),
    refiners=EN.refiners,
)


def _common(locale: str) -> Config:
    """A locale served by the families of ``service/rules/common`` alone."""
    return Config(parsers=common.parsers_for(locale), refiners=common.refiners_for(locale))


CONFIGS: Final = {"en": EN, "en-GB": EN_GB, "fr": _common("fr"), "pt": _common("pt"),
                  "es": _common("es")}
