"""Load and validate a locale's lexicon (words -> calendar values) once, at import."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict


class Unit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    grain: str
    time: bool = False
    factor: int = 1


class Lexicon(BaseModel):
    """The word tables of one locale; a malformed file fails at start-up."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    months: dict[str, int]
    ambiguous_months: list[str]
    weekdays: dict[str, int]
    weekday_abbreviations: list[str]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    numbers: dict[str, float]
    vague_quantities: list[str]
    ordinals: dict[str, int]
    units: dict[str, Unit]
    unit_plurals: dict[str, str]
    casual_days: dict[str, int]
    deictic_shifts: dict[str, int]
    anaphoric_steps: dict[str, int]
    clock_words: dict[str, int]
    frequency_adverbs: dict[str, str]
    half_units: dict[str, str]
    undirected_season_determiners: list[str]
    references: dict[str, str]
    point_modifiers: dict[str, str]
    duration_modifiers: dict[str, str]
    zones: list[str]
    date_order: Literal["MDY", "DMY", "YMD"] = "MDY"
    holidays: dict[str, tuple[int, int]]
    weekday_holidays: dict[str, tuple[int, int, int]]

    def unit_of(self, word: str) -> tuple[str, Unit]:
        """The singular unit name and its entry for ``word`` ("years" -> "year")."""
        w = word.lower().replace("-", "")
        if w in self.units:
            return w, self.units[w]
        if w in self.unit_plurals:
            return self.unit_plurals[w], self.units[self.unit_plurals[w]]
        if w.endswith("s") and w[:-1] in self.units:
            return w[:-1], self.units[w[:-1]]
        raise KeyError(word)

    def weekday_names(self) -> tuple[str, ...]:
        """The seven weekday names, Monday first, as a message writes them ("Monday")."""
        return tuple(
            max((w for w, n in self.weekdays.items() if n == day), key=len).capitalize()
            for day in range(1, 8)
        )


@lru_cache(maxsize=4)
def load_lexicon(locale: str) -> Lexicon:
    """Read and validate ``service/locale/<locale>/lexicon.yaml`` (once per process).

    Args:
        locale: the language code, e.g. "en".

    Returns:
        The validated lexicon.
    """
    raw = resources.files("service.locale").joinpath(locale, "lexicon.yaml").read_text("utf-8")
    return Lexicon.model_validate(yaml.safe_load(raw))


def choice(words: Iterable[str]) -> str:
    """A non-capturing regex alternation in the order given; spaces match any whitespace.

    For patterns whose alternatives are tried in a deliberate order (a word list followed by
    no word boundary); :func:`alternation` sorts longest first instead.
    """
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"


def alternation(words: Iterable[str]) -> str:
    """A non-capturing regex alternation, longest first; spaces match any whitespace."""
    parts = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts) + ")"
