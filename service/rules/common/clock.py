"""Clock times in any locale: "18 h", "15 h 45", "22h30", "10:30", "à 10 heures", "midi"."""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import Grain, TimexType
from service.rules.common.words import B, E, Words, words
from service.rules.types import Anchor, Candidate, Parser, RegexParser

_I: Final = re.IGNORECASE


def clock(w: Words) -> Parser:
    """"18 h", "15 h 45", "22h30", "19:30", "10 heures", "las 10.30 horas"."""
    marks = words(w.lex.common.hour_marks)
    links = words(w.lex.common.part_of_day_links)
    pattern = re.compile(
        rf"{B}(?:{w.article})?(?P<h>[01]?\d|2[0-3])(?:\s*(?:{marks})(?:\s*(?P<m>[0-5]\d))?"
        rf"|[:.](?P<m2>[0-5]\d)(?:\s*(?:{words(w.lex.common.clock_followers)}))?)"
        rf"(?:\s+(?:{links})\s+(?P<pod>{w.part_of_day}))?{E}(?![.,:]\d)"
        # "las seis de la mañana", "la una de la tarde": an hour in words needs its part of day
        rf"|{B}(?:{w.article})?(?P<hw>{w.number})\s+(?:{links})\s+(?P<pod2>{w.part_of_day}){E}",
        _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        if m["hw"]:
            said = w.number_of(m["hw"])
            if said is None or said != int(said) or not 1 <= said <= 12:
                return None
            hour = int(said)
        else:
            hour = int(m["h"])
        minute = int(m["m"] or m["m2"] or 0)
        part = m["pod"] or m["pod2"]
        pod = w.lex.parts_of_day[part.lower()] if part else None
        if pod in ("AF", "EV", "NI") and hour < 12:
            hour += 12  # "las seis de la tarde"
        dotted = m["m2"] and ":" not in m[0] and not re.search(rf"(?:{marks}){E}", m[0], _I)
        if dotted and not w.lex.common.decimal_comma:
            return None  # "3.45" alone is a decimal number where decimals follow a point
        return Candidate(m.start(), m.end(), "clock", TimexType.TIME, Anchor.DOCUMENT,
                         Grain.MINUTE, hour=hour, minute=minute, confidence=0.85)

    return RegexParser("clock", pattern, build)


def clock_word(w: Words) -> Parser:
    """"midi", "minuit", "mediodía": a clock word alone."""
    pattern = re.compile(rf"{B}(?P<c>{words(w.lex.clock_words)}){E}", _I)

    def build(m: re.Match[str], text: str) -> Candidate | None:
        hour = w.lex.clock_words[m["c"].lower()]
        return Candidate(m.start(), m.end(), "clock_word", TimexType.TIME, Anchor.DOCUMENT,
                         Grain.MINUTE, hour=hour % 24, minute=0, confidence=0.75)

    return RegexParser("clock_word", pattern, build)


def parsers(w: Words) -> tuple[Parser, ...]:
    return (clock(w), clock_word(w))
