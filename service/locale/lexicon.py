"""Load and validate a locale's lexicon (words -> calendar values) once, at import."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta, timezone, tzinfo
from functools import lru_cache
from importlib import resources
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, field_validator


class Unit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    grain: str
    time: bool = False
    factor: int = 1


class RelativePhrase(BaseModel):
    """A fixed phrase that names a period by its distance from the document date:
    "la semaine dernière" -> (week, -1), "este año" -> (year, 0)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit: Literal["WEEK", "MONTH", "YEAR"]
    shift: int


class CommonWords(BaseModel):
    """The context words of the rule families in ``service/rules/common/`` (lower case)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # articles and demonstratives a date's span takes in: "le 3 octobre", "el próximo lunes"
    determiners: list[str] = []
    # words between day, month and year: "3 de octubre de 2025"
    date_joiners: list[str] = []
    # "finales de mayo", "début du mois"
    month_of: list[str] = []
    # "chaque année", "todos los días"
    every: list[str] = []
    # "les années 60"
    decade_words: list[str] = []
    # "18 h 30", "10 horas"
    hour_marks: list[str] = []
    # "pendant dix ans": a span of time, never a date
    duration_prepositions: list[str] = []
    # verb forms and endings that tell a clause's tense
    past_words: list[str] = []
    future_words: list[str] = []
    # the tense of a sentence with no cue: UNKNOWN (a bare weekday is then the last one) or
    # PRESENT (the next one, as news writes a scheduled day: "el Barça juega el domingo")
    default_tense: Literal["UNKNOWN", "PRESENT"] = "UNKNOWN"
    # a present auxiliary that makes the past participle after it present: "est prévu"
    present_words: list[str] = []
    past_endings: list[str] = []
    future_endings: list[str] = []
    # "rue du 8 mai": a date in a name
    name_words: list[str] = []
    # the TIMEX3 type of a vague reference ("maintenant"): TimeBank's DATE, or TIME (FTiB)
    reference_type: Literal["DATE", "TIME"] = "DATE"
    # words that name a day by themselves, counted from the time before: "lendemain"
    day_nouns: list[str] = []
    # "âgé de 87 ans": an age, not a duration (unless the corpus convention counts ages)
    age_cues: list[str] = []
    ages_are_durations: bool = False
    # "pocos días después": words a vague or single span's span takes in after it
    vague_duration_followers: list[str] = []
    # "hace ya muchos meses": adverbs between a word that counts back and its span
    adverb_fillers: list[str] = []
    # "dos años y tres meses": the word that joins the parts of one duration
    and_words: list[str] = []
    # "una hora más", "un día después": words a duration's span takes in after it
    duration_followers: list[str] = []
    # "al año", "por mes": a rate, so the unit is a SET
    per: list[str] = []
    # whether the rate's word is in the span ("al año") or left out ("par [an]", FTiB)
    per_in_span: bool = True
    # "mardi à 10 h", "hier vers 22 h": between a day and its clock time
    clock_prepositions: list[str] = []
    # "las 11 de la mañana", "la mañana del miércoles": between a part of the day and the hour
    # or day it belongs to
    part_of_day_links: list[str] = []
    # "hoy mismo": an emphasis after a day or reference word, inside its span
    emphasis_followers: list[str] = []
    # "las 8.00 hora local": words a clock time's span takes in after it
    clock_followers: list[str] = []
    # "hace un año" after "el tercer trimestre": that quarter a year back (TimeBank's reading)
    ago_keeps_quarter: bool = False
    # "ese año", "aquel día": the time mentioned before
    anaphoric_demonstratives: list[str] = []
    # whether numbers write their decimals after a comma ("3,5"): then "21.30" is a clock time
    decimal_comma: bool = False
    # "del 2 al 7 de mayo", "du 19 au 23 juillet": the words between the days of a range
    range_words: list[str] = []
    # "un segundo gol", "une seconde fois": unit words that are also ordinals; a span only
    # with digits ("30 segundos")
    ordinal_units: list[str] = []
    # whether "1934-1940" is one expression (the first year's value) or two years
    year_range_is_one: bool = False
    # "tres o cuatro semanas": the words between two numbers that share one unit
    or_words: list[str] = []
    # whether a day and its clock time make one expression (TempEval-3 Spanish) or two (FTiB)
    merge_day_and_clock: bool = True
    # the labels of a line that states the document date: "Publié le", "Actualizado:"
    document_date_labels: list[str] = []


class Lexicon(BaseModel):
    """The word tables of one locale; a malformed file fails at start-up.

    Every table defaults to empty so that a locale states only what it has; the English file
    states them all. The tables after ``weekday_holidays`` serve the rule families of
    ``service/rules/common/`` (generated from dateparser's data, see ``generate.py``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    months: dict[str, int] = {}
    ambiguous_months: list[str] = []
    weekdays: dict[str, int] = {}
    weekday_abbreviations: list[str] = []
    seasons: dict[str, str] = {}
    parts_of_day: dict[str, str] = {}
    numbers: dict[str, float] = {}
    vague_quantities: list[str] = []
    ordinals: dict[str, int] = {}
    units: dict[str, Unit] = {}
    unit_plurals: dict[str, str] = {}
    casual_days: dict[str, int] = {}
    deictic_shifts: dict[str, int] = {}
    anaphoric_steps: dict[str, int] = {}
    clock_words: dict[str, int] = {}
    frequency_adverbs: dict[str, str] = {}
    half_units: dict[str, str] = {}
    undirected_season_determiners: list[str] = []
    references: dict[str, str] = {}
    point_modifiers: dict[str, str] = {}
    duration_modifiers: dict[str, str] = {}
    # zone name -> a fixed UTC offset ("+05:30") or an IANA zone ("America/New_York")
    zones: dict[str, str] = {}
    holidays: dict[str, tuple[int, int]] = {}
    weekday_holidays: dict[str, tuple[int, int, int]] = {}
    # holidays counted from Western Easter Sunday: name -> days after it
    easter_holidays: dict[str, int] = {}
    # The order of a numeric date's fields: "DMY" reads 03/04/2025 as 3 April.
    date_order: Literal["DMY", "MDY", "YMD"] = "MDY"
    # "la semaine dernière", "el próximo mes": phrase -> (unit, shift)
    relative_phrases: dict[str, RelativePhrase] = {}
    # Words before a number of units that count back or ahead: "il y a", "hace" / "dans".
    ago_prefixes: list[str] = []
    ahead_prefixes: list[str] = []
    # ... and after it: "dois dias atrás".
    ago_suffixes: list[str] = []
    # "anoche": a part of a day counted from the document date -> (day shift, part of day)
    casual_parts_of_day: dict[str, tuple[int, str]] = {}
    common: CommonWords = CommonWords()

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


@lru_cache(maxsize=8)
def load_lexicon(locale: str) -> Lexicon:
    """Read and validate ``service/locale/<locale>/lexicon.yaml`` (once per process).

    Args:
        locale: the language code, e.g. "en".

    Returns:
        The validated lexicon.
    """
    return Lexicon.model_validate(read_locale_tables(locale))


# The hand-written tables beside a generated lexicon.yaml: TIMEX3 conventions, deictic phrases
# and the other words dateparser's data lacks.
CONVENTIONS_FILE = "conventions.yaml"


def read_locale_tables(locale: str) -> dict[str, Any]:
    """The raw tables of ``locale``: its ``lexicon.yaml`` over the one of its ``base`` locale
    (if it names one), then its ``conventions.yaml`` over both.

    A table of the later file adds to the earlier one's (a mapping's keys are replaced, a
    list's words are appended); a plain value replaces it.
    """
    folder = resources.files("service.locale").joinpath(locale)
    raw: dict[str, Any] = yaml.safe_load(folder.joinpath("lexicon.yaml").read_text("utf-8"))
    base = raw.pop("base", None)
    tables = read_locale_tables(base) if base else {}
    conventions = folder.joinpath(CONVENTIONS_FILE)
    extra = yaml.safe_load(conventions.read_text("utf-8")) if conventions.is_file() else {}
    for layer in (raw, extra or {}):
        for key, value in layer.items():
            tables[key] = _overlay(tables.get(key), value)
    return tables


def _overlay(old: Any, new: Any) -> Any:
    if isinstance(old, dict) and isinstance(new, dict):
        return {**old, **new}
    if isinstance(old, list) and isinstance(new, list):
        return old + [w for w in new if w not in old]
    return new


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
