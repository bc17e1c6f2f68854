"""Regex fragments composed from one locale's lexicon, for the families in this package.

Every word comes from ``service/locale/<lang>/`` (generated from dateparser's data, or written
in ``conventions.yaml``); nothing here names a word of any language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from service.domain.types import Grain
from service.locale.lexicon import Lexicon, Unit, alternation, load_lexicon

B: Final = r"(?<![\w'’-])"  # word start
E: Final = r"(?![\w'’-])"  # word end
NONE: Final = r"(?!x)x"  # matches nothing: an empty word list
YEAR4: Final = r"(?:1[5-9]\d\d|20\d\d)"
DAY_NUM: Final = r"(?:3[01]|[12]\d|0?[1-9])(?:er|re|º|°|o)?"


def words(items: object) -> str:
    """An alternation of ``items`` (longest first), or a pattern that matches nothing."""
    found = [str(w) for w in items] if isinstance(items, dict | list | tuple | set) else []
    return alternation(found) if found else NONE


@dataclass(frozen=True, slots=True)
class Words:
    """The fragments of one locale, built once."""

    lex: Lexicon
    month: str
    month_any: str
    weekday: str
    weekday_any: str
    unit: str
    number: str
    ordinal: str
    shift: str
    det: str
    article: str  # the determiners that point nowhere ("le", "el"), without "ce", "este"
    joiner: str
    season: str
    part_of_day: str
    vague: str
    known_words: frozenset[str]  # every word of the lexicon's tables

    def unit_of(self, word: str) -> Unit | None:
        """The unit entry of a unit word ("semaines" -> week), or None."""
        w = _fold(word)
        units = self.lex.units
        if w in units:
            return units[w]
        if w in self.lex.unit_plurals:
            return units[self.lex.unit_plurals[w]]
        if w.endswith("s") and w[:-1] in units:
            return units[w[:-1]]
        return None

    def number_of(self, text: str) -> float | None:
        """"12", "3,5", "deux", "vingt e quatro"-style sums of number words, or None."""
        raw = _fold(text).replace(",", ".")
        try:
            return float(raw)
        except ValueError:
            pass
        total = 0.0
        for part in re.split(r"[\s-]+", raw):
            if part in self.lex.numbers:
                total += self.lex.numbers[part]
            elif part not in ("e", "y", "et"):
                return self.lex.numbers.get(raw)
        return total or None

    def month_of(self, word: str) -> int:
        return self.lex.months[_fold(word).rstrip(".")]

    def weekday_of(self, word: str) -> int:
        return self.lex.weekdays[_fold(word).rstrip(".")]


_WORD_BEFORE: Final = re.compile(r"([^\W\d_]+)['’]?\s*$")
_DAY_BEFORE: Final = re.compile(r"\s\d{1,2}\s+([^\W\d_]*)\s*$")
_WORD_AFTER: Final = re.compile(r"\s+([^\W\d_]+)")


def in_a_name(w: Words, text: str, start: int, end: int) -> bool:
    """Whether the expression at ``start:end`` is part of a name: "Avenida 17 de Junio" (after
    one of the locale's name words), "Domingo García" (a capitalised weekday before a
    capitalised word that is no calendar word)."""
    head = text[max(0, start - 40) : start]
    day = _DAY_BEFORE.search(head)  # "Avenida 17 de [Junio]": look past the day
    if day is not None and _fold(day.group(1)) in w.lex.common.date_joiners + [""]:
        head = head[: day.start()]
    before = _WORD_BEFORE.search(head)
    if before is not None:
        word = before.group(1)
        if word.lower() in w.lex.common.name_words:
            return True
    after = _WORD_AFTER.match(text, end)
    return bool(after and text[start:start + 1].isupper() and after.group(1)[:1].isupper()
                and _fold(text[start:end]) in w.lex.weekdays
                and _fold(after.group(1)) not in w.known_words)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()


def _determiners(items: list[str]) -> str:
    """Determiners followed by a space, or joined by an apostrophe ("l'année")."""
    if not items:
        return NONE
    parts = [re.escape(d).replace("'", "['’]") + ("" if d.endswith("'") else r"\s+")
             for d in sorted(items, key=len, reverse=True)]
    return "(?:" + "|".join(parts) + ")"


def grain_of(unit: Unit) -> Grain:
    return Grain[unit.grain]


@lru_cache(maxsize=8)
def words_for(locale: str) -> Words:
    """The fragments of ``locale`` (once per process)."""
    lex = load_lexicon(locale)
    months_full = [m for m in lex.months if m not in lex.ambiguous_months]
    weekdays_full = [w for w in lex.weekdays if w not in lex.weekday_abbreviations]
    names = set(lex.months) | set(lex.weekdays)
    unit_words = [w for w in (*lex.units, *lex.unit_plurals)
                  if w not in names and (len(w) >= 3 or lex.units.get(w) is None)]
    unit_words += [u + "s" for u in lex.units if not u.endswith("s") and u + "s" not in names]
    ones = [w for w, n in lex.numbers.items() if n < 10]
    tens = [w for w, n in lex.numbers.items() if n >= 10]
    number_word = (
        "(?:" + words(tens) + r"(?:[\s-]+(?:e|y|et)[\s-]+" + words(ones) + r"|[\s-]" + words(ones)
        + ")?|" + words(lex.numbers) + ")"
    )
    number = r"(?:\d+(?:[.,]\d+)?|" + number_word + ")"
    dets = lex.common.determiners
    return Words(
        lex=lex,
        month=words(months_full),
        month_any=f"(?:{words(months_full)}|{words(lex.ambiguous_months)}\\.?)",
        weekday=words(weekdays_full),
        weekday_any=f"(?:{words(weekdays_full)}|{words(lex.weekday_abbreviations)}\\.?)",
        unit=words(unit_words),
        number=number,
        ordinal=words(lex.ordinals),
        shift=words(lex.deictic_shifts),
        det=_determiners(dets),
        article=_determiners([d for d in dets if d not in lex.deictic_shifts]),
        joiner=words(lex.common.date_joiners),
        season=words(lex.seasons),
        part_of_day=words(lex.parts_of_day),
        vague=words(lex.vague_quantities),
        known_words=frozenset(
            part for table in (lex.months, lex.weekdays, lex.units, lex.unit_plurals,
                               lex.casual_days, lex.deictic_shifts, lex.seasons,
                               lex.parts_of_day, lex.ordinals, lex.numbers, lex.references,
                               lex.point_modifiers, lex.duration_modifiers)
            for phrase in table for part in phrase.split()
        ) | frozenset(lex.common.determiners) | frozenset(lex.common.month_of),
    )
