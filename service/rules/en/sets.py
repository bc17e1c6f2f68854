"""Recurring times (TIMEX3 SET): "every Monday", "each year", "daily", "annually",
"on Mondays", "Tuesday nights".
"""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import TimexType
from service.locale.lexicon import choice
from service.rules.en.words import (
    LEX,
    MONTH,
    NUMBER,
    SEASON,
    WEEKDAY,
    WEEKDAY_KEYS,
    B,
    E,
    cue,
    duration_code,
    month_number,
    number_value,
    unit_grain,
    weekday_number,
)
from service.rules.types import Anchor, Candidate, RegexParser

_I = re.IGNORECASE
_EVERY_UNIT: Final = cue("sets", "every_units")
_EVERY_PLURAL: Final = cue("sets", "every_plurals")


def _every(m: re.Match[str], text: str) -> Candidate | None:
    if m["wd"]:
        if not m["wd"][0].isupper():
            return None
        pod = f"T{LEX.parts_of_day[m['wpod'].lower()]}" if m["wpod"] else ""
        return Candidate(
            m.start(), m.end(), "every", TimexType.SET, Anchor.NONE, None,
            value=f"XXXX-WXX-{weekday_number(m['wd'])}{pod}", confidence=0.9,
        )
    if m["mon"]:
        if not m["mon"][0].isupper():
            return None
        return Candidate(
            m.start(), m.end(), "every", TimexType.SET, Anchor.NONE, None,
            value=f"XXXX-{month_number(m['mon']):02d}", confidence=0.9,
        )
    if m["season"]:
        return Candidate(
            m.start(), m.end(), "every", TimexType.SET, Anchor.NONE, None,
            value=f"XXXX-{LEX.seasons[m['season'].lower()]}", confidence=0.9,
        )
    if m["plural"]:
        amount = number_value(m["n"])
        if amount is None:
            return None
        _, _, code, is_time, factor = unit_grain(m["plural"])
        return Candidate(
            m.start(), m.end(), "every", TimexType.SET, Anchor.NONE, None,
            value=duration_code(amount, code, is_time, factor), confidence=0.9,
        )
    unit = m["unit"].lower()
    if unit in LEX.parts_of_day:  # "every morning"
        value = f"XXXX-XX-XXT{LEX.parts_of_day[unit]}"
    elif unit == "weekend":
        value = "XXXX-WXX-WE"
    else:
        _, _, code, is_time, factor = unit_grain(unit)
        step = 2 if m["other"] else 1
        value = duration_code(step, code, is_time, factor)
    return Candidate(
        m.start(), m.end(), "every", TimexType.SET, Anchor.NONE, None, value=value,
        confidence=0.9,
    )


EVERY: Final = RegexParser(
    "every",
    re.compile(rf"{B}(?:every|each)\s+(?P<other>other\s+)?(?:(?P<wd>{WEEKDAY})"
               rf"(?:\s+(?P<wpod>{cue('sets', 'weekday_parts_of_day')}))?|(?P<mon>{MONTH})|"
               rf"(?P<season>{SEASON})|(?P<n>{NUMBER})\s+(?P<plural>{_EVERY_PLURAL})|"
               rf"(?P<unit>{_EVERY_UNIT})){E}(?!\s+of\b)", _I),
    _every,
    keywords=('every', 'each'),
)




def _adverb(m: re.Match[str], text: str) -> Candidate | None:
    word = m["w"].lower()
    if word == "quarterly" and re.match(r"\s+[a-z]", text[m.end() : m.end() + 3]):
        return None  # "its quarterly dividend": a report's name, not a recurrence
    return Candidate(
        m.start(), m.end(), "frequency_adverb", TimexType.SET, Anchor.NONE, None,
        value=LEX.frequency_adverbs[word], confidence=0.8,
    )


ADVERBS: Final = RegexParser(
    "frequency_adverb",
    re.compile(rf"{B}(?P<w>{choice(LEX.frequency_adverbs)}){E}", _I),
    _adverb,
    keywords=('ly',),
)


def _plural_weekday(m: re.Match[str], text: str) -> Candidate | None:
    if not m["wd"][0].isupper():
        return None
    pod = LEX.parts_of_day[m["pod"].lower().rstrip("s")] if m["pod"] else None
    value = f"XXXX-WXX-{weekday_number(m['wd'])}" + (f"T{pod}" if pod else "")
    return Candidate(
        m.start(), m.end(), "weekday_plural", TimexType.SET, Anchor.NONE, None, value=value,
        confidence=0.85,
    )


PLURAL_WEEKDAY: Final = RegexParser(
    "weekday_plural",
    re.compile(
        rf"{B}(?P<wd>{WEEKDAY})(?:s|\s+(?P<pod>{cue('sets', 'plural_parts_of_day')})){E}", _I
    ),
    _plural_weekday,
    keywords=WEEKDAY_KEYS,
)


PARSERS: Final = (EVERY, ADVERBS, PLURAL_WEEKDAY)
