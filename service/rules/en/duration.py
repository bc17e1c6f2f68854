"""Durations: "three years", "the past three years", "a few minutes", "two-year", "years",
"16-hour", "half an hour", "the nine months", "recent years".
"""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import Grain, TimexType
from service.locale.lexicon import choice
from service.rules.en.words import (
    LEX,
    NUMBER,
    UNIT_KEYS,
    UNIT_WORDS,
    VAGUE,
    B,
    E,
    cue,
    cue_words,
    duration_code,
    number_value,
    unit_grain,
)
from service.rules.types import Anchor, Candidate, RegexParser

_I = re.IGNORECASE
_SPAN: Final = cue("duration", "span_determiners")
# "a quarter of voters", "a second opinion": a word after "a quarter" or "a second" (unless
# one of the followers) makes it a noun, not a unit
_NOT_A_UNIT: Final = re.compile(r"\s+(?:of\b|[a-z]+)")
_ADJECTIVE_USE: Final = re.compile(r"\s+(?!old\b)[a-z]{3,}")
_UNIT_FOLLOWER: Final = re.compile(rf"\s+{cue('duration', 'unit_word_followers')}\b")
# "twice a year", "$5 a day", "2% a year": a rate
_RATE_BEFORE: Final = re.compile(
    rf"(?:\b{cue('duration', 'rate_words')}|\d|%|\bof\s+[a-z]+)\s+$"
)


def _amount(m: re.Match[str], text: str) -> Candidate | None:
    unit = m["unit"]
    name, grain, code, is_time, factor = unit_grain(unit)
    if name == "weekend" or name == "night":
        return None
    if m["vague"]:
        amount = None
    else:
        amount = number_value(m["num"])
        if amount is None or amount <= 0 or amount > 1000:
            return None
        plural = unit.lower().endswith("s") or unit.lower() == "centuries"
        after = text[m.end() : m.end() + 20]
        if amount > 1 and not plural and "-" not in m.group(0) and not (
            m["num"][0].isalpha() and _ADJECTIVE_USE.match(after)
        ):
            # "the 1988 second quarter": a count needs a plural unit, unless a spelled
            # number and its unit stand before a noun ("a five year low", "a two day rally")
            return None
    after = text[m.end() : m.end() + 20]
    if re.match(r"-old\b|\s+old\b", after):
        return None  # an age: "a 6-year-old boy"
    if name in ("quarter", "second") and _NOT_A_UNIT.match(after) and not _UNIT_FOLLOWER.match(
        after
    ):
        return None  # "a quarter of voters", "a second opinion"
    mod = None
    if m["num"] and re.match(r"a\s+couple", m["num"], re.IGNORECASE):
        mod = "APPROX"
    if m["num"] and m["num"].lower() in ("a", "an") and _RATE_BEFORE.search(
        text[max(0, m.start() - 25) : m.start()]
    ):
        return Candidate(
            m.start(), m.end(), "duration", TimexType.SET, Anchor.NONE, None,
            value=duration_code(1, code, is_time, factor), confidence=0.8,
        )
    start = m.start()
    if m["the"] and not m["span"] and "-" in m.group(0)[len(m["the"]):]:
        start = m.end("the")  # "the two-week delay": the adjective without its article
    return Candidate(
        start, m.end(), "duration", TimexType.DURATION, Anchor.NONE, None,
        value=duration_code(amount, code, is_time, factor), mod=mod, confidence=0.9,
    )


AMOUNT: Final = RegexParser(
    "duration",
    re.compile(
        rf"{B}(?:(?P<the>the\s+)(?:(?P<span>{_SPAN})\s+)?|(?P<span2>(?!last){_SPAN})\s+)?"
        rf"(?:(?P<vague>{VAGUE})|(?P<num>{NUMBER}))(?:\s+more)?[\s-]+(?P<unit>{UNIT_WORDS})"
        rf"(?:\s+or\s+so)?{E}",
        _I,
    ),
    _amount,
    keywords=UNIT_KEYS,
)


_PLURALS: Final = cue("duration", "plural_units")
_RECENT_SPANS: Final = frozenset({Grain.WEEK, Grain.MONTH})


def _bare_plural(m: re.Match[str], text: str) -> Candidate | None:
    group = "ext" if m["ext"] else "ext2"
    _, grain, code, is_time, factor = unit_grain(m["unit"] or m["unit2"])
    if m["ext2"] and m["ext2"].lower().startswith("recent") and grain not in _RECENT_SPANS:
        # "in recent years", "recent days": TempEval-3 reads them as a vague past reference;
        # "recent weeks / months" are a span of that many units back (PXW, PXM)
        return Candidate(
            m.start(group), m.end(), "duration_plural", TimexType.DATE, Anchor.NONE, None,
            value="PAST_REF", confidence=0.7,
        )
    return Candidate(
        m.start(group), m.end(), "duration_plural", TimexType.DURATION, Anchor.NONE, None,
        value=duration_code(None, code, is_time, factor), confidence=0.75,
    )


BARE_PLURAL: Final = RegexParser(
    "duration_plural",
    re.compile(
        rf"(?:(?<![\w'’-])(?P<ext>(?P<unit>{_PLURALS}))|(?P<ext2>"
        rf"{cue('duration', 'plural_determiners')}\s+(?P<unit2>{_PLURALS})))"
        rf"(?!\s+{cue('duration', 'plural_blockers')}\b|-)\b(?<!Minutes)(?<!minutes(?=\s+of))",
        _I,
    ),
    _bare_plural,
    keywords=UNIT_KEYS,
)


def _half_hour(m: re.Match[str], text: str) -> Candidate | None:
    unit = m["unit"].lower()
    value = LEX.half_units[unit]
    return Candidate(
        m.start(), m.end(), "half_unit", TimexType.DURATION, Anchor.NONE, None, value=value,
        confidence=0.85,
    )


HALF_UNIT: Final = RegexParser(
    "half_unit",
    re.compile(rf"{B}half\s+an?\s+(?P<unit>{choice(LEX.half_units)}){E}", _I),
    _half_hour,
    keywords=('half',),
)


def _past_unit(m: re.Match[str], text: str) -> Candidate | None:
    _, _, code, is_time, factor = unit_grain(m["unit"])
    return Candidate(
        m.start(), m.end(), "past_unit", TimexType.DURATION, Anchor.NONE, None,
        value=duration_code(1, code, is_time, factor), confidence=0.8,
    )


PAST_UNIT: Final = RegexParser(
    "past_unit",
    re.compile(rf"\b(?:the\s+)?{cue('duration', 'past_unit_determiners')}\s+"
               rf"(?P<unit>{cue('duration', 'past_units')}|24\s+hours)\b", _I),
    _past_unit,
    keywords=(*cue_words("duration", "past_units"), "24 hours"),
)


def _long(m: re.Match[str], text: str) -> Candidate | None:
    unit = m["unit"]
    _, _, code, is_time, factor = unit_grain(unit)
    amount = None if unit.lower().endswith(("s", "centuries")) else 1
    return Candidate(
        m.start(), m.end(), "duration_long", TimexType.DURATION, Anchor.NONE, None,
        value=duration_code(amount, code, is_time, factor), confidence=0.8,
    )


# "a day-long meeting", "a decades-long battle": TimeML tags the adjective as a duration
LONG: Final = RegexParser(
    "duration_long",
    re.compile(rf"(?<![\w-])(?P<unit>{UNIT_WORDS})-long\b", _I),
    _long,
    keywords=("-long",),
)


PARSERS: Final = (AMOUNT, BARE_PLURAL, HALF_UNIT, PAST_UNIT, LONG)
