"""Clock times: "3 p.m.", "10:30 GMT", "noon", "midnight", "4 in the morning"."""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import Grain, TimexType
from service.locale.lexicon import choice
from service.rules.en.words import DIGITS, LEX, ZONE, B, E, cue, cue_words
from service.rules.types import Anchor, Candidate, RegexParser

_I = re.IGNORECASE
_PM_PARTS: Final = cue_words("clock", "pm_parts_of_day")
_AM_PARTS: Final = cue_words("clock", "am_parts_of_day")
_SCORE: Final = re.compile(rf"{cue('clock', 'score_words')}\w*\s+$", re.IGNORECASE)


def _clock(m: re.Match[str], text: str) -> Candidate | None:
    hour = int(m["h"])
    minute = int(m["min"]) if m["min"] else 0
    ampm = (m["ampm"] or "").lower().replace(".", "").replace(" ", "")
    pod = (m["pod"] or "").lower()
    if ampm or pod:
        if not 1 <= hour <= 12:
            return None
        if (ampm == "pm" or pod in _PM_PARTS) and hour != 12:
            hour += 12
        elif (ampm == "am" or pod in _AM_PARTS) and hour == 12:
            hour = 0
    elif m["min"] is None:
        return None  # a bare number is not a time
    elif not (m["zone"] or m["prep"]) and _SCORE.search(text[max(0, m.start() - 20) : m.start()]):
        return None  # "won 3:21": a score
    elif not (m["zone"] or m["prep"]) and re.search(r"[a-z,;]\s+[A-Z][a-z]+\s+$",
                                                    text[max(0, m.start() - 30) : m.start()]):
        return None  # "John 3:16": a reference, not a time
    if hour > 23 or minute > 59:
        return None
    zone = m["offset"] or (m["zone"] if m["zone"] and not m["zone"].lower().startswith(
        "local") else None)
    return Candidate(
        m.start("t"), m.end(), "clock", TimexType.TIME, Anchor.DOCUMENT, Grain.MINUTE,
        hour=hour, minute=minute, shift_unit=Grain.DAY, zone=zone, confidence=0.9,
    )


CLOCK: Final = RegexParser(
    "clock",
    re.compile(
        rf"(?:(?P<prep>\b{cue('clock', 'prepositions')}\s+))?"
        rf"(?P<t>(?<![\w:.$])(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))?"
        rf"(?:\s*(?P<ampm>a\.\s?m\.?|p\.\s?m\.?|am|pm)(?![\w])"
        rf"|\s+in\s+the\s+(?P<pod>{cue('clock', 'in_the_parts_of_day')}))?(?![\d:])"
        rf"(?:\s+(?P<zone>{ZONE}|local\s+time)\b|(?P<offset>[+-](?:[01]\d|2[0-3]):?[0-5]\d)\b)?)",
        _I,
    ),
    _clock,
    keywords=DIGITS,
)


def _noon(m: re.Match[str], text: str) -> Candidate | None:
    word = m["w"].lower()
    hour = LEX.clock_words[word]
    return Candidate(
        m.start(), m.end(), "noon", TimexType.TIME, Anchor.DOCUMENT, Grain.MINUTE,
        hour=hour, minute=0, shift_unit=Grain.DAY, confidence=0.85,
    )


NOON: Final = RegexParser(
    "noon",
    re.compile(rf"{B}(?P<w>{choice(LEX.clock_words)}){E}(?:\s+(?:{ZONE}))?", _I),
    _noon,
    keywords=tuple(LEX.clock_words),
)


def _range_start(m: re.Match[str], text: str) -> Candidate | None:
    if _SCORE.search(text[max(0, m.start() - 20) : m.start()]):
        return None  # "won 3-5 pm": hardly a time, but a score word says so
    hour, end_hour = int(m["h"]), int(m["h2"])
    minute = int(m["min"]) if m["min"] else 0
    pm = m["ampm"].lower().startswith("p")
    # the first end takes the meridiem of the second, unless it would then follow it:
    # "3-5pm" is 15:00, "11-1pm" is 11:00, "9-11am" is 09:00
    if pm and hour != 12 and not (hour > end_hour and end_hour != 12):
        hour += 12
    elif not pm and hour == 12:
        hour = 0
    return Candidate(
        m.start(), m.end("t"), "clock_range_start", TimexType.TIME, Anchor.DOCUMENT, Grain.MINUTE,
        hour=hour, minute=minute, shift_unit=Grain.DAY, confidence=0.8,
    )


# the first end of a range of hours written without its own meridiem: the "3" of "3-5pm"
RANGE_START: Final = RegexParser(
    "clock_range_start",
    re.compile(
        r"(?P<t>(?<![\w:.$/-])(?P<h>1[0-2]|0?[1-9])(?::(?P<min>[0-5]\d))?)\s*[-–]\s*"
        r"(?=(?P<h2>1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?P<ampm>a\.\s?m\.?|p\.\s?m\.?|am|pm)(?!\w))",
        _I,
    ),
    _range_start,
    keywords=DIGITS,
)


PARSERS: Final = (CLOCK, NOON, RANGE_START)
