"""Spans and repetitions in any locale: "deux ans", "30,4 secondes", "los últimos tres meses",
"próximas semanas", "plusieurs mois", "chaque année", "todos los días", "anual".
"""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import TimexType
from service.rules.common.relative import duration_value
from service.rules.common.words import B, E, Words, words
from service.rules.types import Anchor, Candidate, Parser, RegexParser

_I: Final = re.IGNORECASE


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()


def duration(w: Words) -> Parser:
    """"deux ans", "los últimos tres meses", "ces dernières 24 heures", "plusieurs mois",
    "les derniers jours", "próximas semanas"."""
    spans = [s for s, v in w.lex.deictic_shifts.items() if v != 0 or s in ("ces", "estos")]
    pattern = re.compile(
        rf"{B}(?:{w.det})?(?:(?P<span>{words(spans)})\s+)?"
        rf"(?:(?P<num>{w.number})|(?P<vague>{w.vague}))?\s*(?<![\w])(?P<unit>{w.unit})"
        rf"(?:\s+{words(w.lex.common.and_words)}\s+(?P<num2>\d+|{w.number})\s+(?P<unit2>{w.unit}))?"
        rf"(?:\s+(?P<post>{words(spans)}))?(?:\s+{words(w.lex.common.duration_followers)})?"
        rf"(?:\s+(?P<after>{words(w.lex.common.vague_duration_followers)}))?{E}",
        _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        unit = w.unit_of(m["unit"])
        if unit is None:
            return None
        if unit.grain == "YEAR" and m["num"] and m["num"].isdigit() and _is_age(
                text, m.start(), w):
            return None
        plural = _key(m["unit"]) not in w.lex.units
        if _key(m["unit"]) in w.lex.common.ordinal_units and not (m["num"] or "").isdigit():
            return None  # "un segundo gol": an ordinal
        if m["num"]:
            amount = w.number_of(m["num"])
            if amount is None or amount <= 0:
                return None
            value = duration_value(amount * unit.factor, unit.code, unit.time)
            second = w.unit_of(m["unit2"]) if m["unit2"] else None
            extra = w.number_of(m["num2"]) if m["num2"] else None
            if second is not None and extra and second.time == unit.time and extra == int(
                    extra) and second.code != unit.code:
                # "dos horas y 30 minutos": PT2H30M
                value += f"{int(extra * second.factor)}{second.code}"
        elif m["vague"] or ((m["span"] or m["post"] or m["after"]) and plural) or (
                plural and _after_span_word(text, m.start(), w)):
            value = duration_value(None, unit.code, unit.time)
        else:
            return None
        end = m.end()
        if m["after"] and not (m["vague"] or (m["num"] and w.number_of(m["num"]) == 1)):
            end = m.start() + len(text[m.start() : m.start("after")].rstrip())  # "dos días"
        return Candidate(m.start(), end, "duration", TimexType.DURATION, Anchor.NONE, None,
                         value=value, confidence=0.85)

    return RegexParser("duration", pattern, build)


def _is_age(text: str, start: int, w: Words) -> bool:
    """"Jean Dupont, 87 ans,", "âgé de 87 ans": an age."""
    if w.lex.common.ages_are_durations:
        return False
    before = re.sub(r"\s+", " ", text[max(0, start - 20) : start].rstrip().lower())
    if before.endswith(tuple(w.lex.duration_modifiers)):
        return False  # "plus de 38 ans": a span
    return before.endswith(",") or before.endswith(tuple(w.lex.common.age_cues))


def _after_span_word(text: str, start: int, w: Words) -> bool:
    """"durante años": a bare plural unit after a word that takes a span."""
    before = re.sub(r"\s+", " ", text[max(0, start - 20) : start].lower())
    return before.endswith(tuple(p + " " for p in w.lex.common.duration_prepositions))


def every(w: Words) -> Parser:
    """"chaque année", "tous les ans", "cada día", "todos os meses", "chaque lundi"."""
    pattern = re.compile(
        rf"{B}(?:{words(w.lex.common.every)})\s+(?:(?P<wd>{w.weekday})s?"
        rf"|(?:(?P<num>\d+|{w.number})\s+)?(?P<unit>{w.unit})){E}",
        _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        if m["wd"]:
            return Candidate(m.start(), m.end(), "every", TimexType.SET, Anchor.NONE, None,
                             value=f"XXXX-WXX-{w.weekday_of(m['wd'])}", confidence=0.85)
        unit = w.unit_of(m["unit"])
        if unit is None:
            return None
        amount = w.number_of(m["num"]) if m["num"] else 1
        if amount is None:
            return None
        return Candidate(m.start(), m.end(), "every", TimexType.SET, Anchor.NONE, None,
                         value=duration_value(amount * unit.factor, unit.code, unit.time),
                         confidence=0.85)

    return RegexParser("every", pattern, build)


def frequency(w: Words) -> Parser:
    """"annuel", "mensuales", "diariamente": an adverb or adjective of frequency."""
    pattern = re.compile(rf"{B}(?P<f>{words(w.lex.frequency_adverbs)}){E}", _I)

    def build(m: re.Match[str], text: str) -> Candidate | None:
        return Candidate(m.start(), m.end(), "frequency", TimexType.SET, Anchor.NONE, None,
                         value=w.lex.frequency_adverbs[_key(m["f"])], confidence=0.75)

    return RegexParser("frequency", pattern, build)


def rate(w: Words) -> Parser:
    """"al año", "por mes": the unit of a rate, a SET."""
    pattern = re.compile(rf"{B}(?:{words(w.lex.common.per)})\s+(?P<unit>{w.unit}){E}", _I)

    def build(m: re.Match[str], text: str) -> Candidate | None:
        unit = w.unit_of(m["unit"])
        if unit is None or unit.time or re.sub(r"\s+", " ", m["unit"].lower()) not in w.lex.units:
            return None
        start = m.start() if w.lex.common.per_in_span else m.start("unit")
        return Candidate(start, m.end(), "rate", TimexType.SET, Anchor.NONE, None,
                         value=duration_value(unit.factor, unit.code, unit.time), confidence=0.7)

    return RegexParser("rate", pattern, build)


def shared_unit(w: Words) -> Parser:
    """"tres o cuatro semanas", "de 8 à 24 mois": the first number is a span of the unit
    the second one names (the second is found by ``duration``)."""
    pattern = re.compile(
        rf"{B}(?P<n1>\d+|{w.number})(?=\s+(?:{words(w.lex.common.or_words)})\s+"
        rf"(?:\d+|{w.number})\s+(?P<unit>{w.unit}){E})", _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        unit = w.unit_of(m["unit"])
        amount = w.number_of(m["n1"])
        if unit is None or not amount:
            return None
        return Candidate(m.start(), m.end(), "shared_unit", TimexType.DURATION, Anchor.NONE,
                         None, value=duration_value(amount * unit.factor, unit.code, unit.time),
                         confidence=0.6)

    return RegexParser("shared_unit", pattern, build)


def parsers(w: Words) -> tuple[Parser, ...]:
    return (every(w), rate(w), duration(w), shared_unit(w), frequency(w))
