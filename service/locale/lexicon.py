"""Load and validate a locale's lexicon (words -> calendar values) once, at import."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta, timezone, tzinfo
from functools import lru_cache
from importlib import resources
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, field_validator


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
    zones: dict[str, str]
    date_order: Literal["MDY", "DMY", "YMD"] = "MDY"
    holidays: dict[str, tuple[int, int]]
    weekday_holidays: dict[str, tuple[int, int, int]]
    easter_holidays: dict[str, int]

    @field_validator("zones")
    @classmethod
    def _zones_resolve(cls, zones: dict[str, str]) -> dict[str, str]:
        for name, value in zones.items():
            zone_of(value)  # raises ValueError on a malformed offset or an unknown zone
            if name != name.lower():
                raise ValueError(f"zone names are lower case: {name!r}")
        return zones

    def zone(self, word: str) -> tzinfo:
        """The zone a word after a clock time names ("EST", "Eastern", "+03:00")."""
        key = re.sub(r"\s+", " ", word.strip().lower())
        return zone_of(self.zones.get(key, key))

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


_OFFSET = re.compile(r"(?P<sign>[+-])(?P<h>[01]\d|2[0-3]):?(?P<m>[0-5]\d)")


def zone_of(value: str) -> tzinfo:
    """A fixed offset ("+03:00", "-0500") or an IANA zone ("America/New_York").

    Raises:
        ValueError: neither an offset nor a known zone.
    """
    m = _OFFSET.fullmatch(value)
    if m:
        minutes = int(m["h"]) * 60 + int(m["m"])
        return timezone(timedelta(minutes=-minutes if m["sign"] == "-" else minutes))
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"not a UTC offset or an IANA zone: {value!r}") from exc


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
