"""The ordered parsers and refiners of each locale: read top to bottom, earlier wins ties."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from service.rules import refine
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
    # time+date merge runs last because a modifier never sits between the two.
    # Direction cues read the final extents, so they come after the merges.
    refiners=(refine.drop_overlaps, refine.attach_modifiers, refine.merge_time_date,
              refine.apply_direction_cues, refine.drop_match_periods),
)

CONFIGS: Final = {"en": EN}
