"""A week or a fortnight counted from a coming weekday, as British English writes it:
"Tuesday week", "a fortnight on Saturday", "a week on Monday", "Saturday fortnight".
"""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import Grain, TimexType
from service.rules.en.words import (
    NUMBER,
    WEEKDAY,
    WEEKDAY_KEYS,
    B,
    E,
    cue,
    number_value,
    unit_grain,
    weekday_number,
)
from service.rules.types import Anchor, Candidate, RegexParser

_I = re.IGNORECASE
_UNITS: Final = cue("weekday_offset", "units")


def _weeks(m: re.Match[str]) -> int | None:
    """The number of weeks the words count ("a fortnight": 2, "two weeks": 2)."""
    _, grain, _, _, factor = unit_grain(m["unit"])
    if grain != Grain.WEEK:
        return None
    amount = number_value(m["num"]) if m["num"] else 1
    if amount is None or amount != int(amount) or not 1 <= amount <= 8:
        return None
    return int(amount) * factor


def _offset(m: re.Match[str], text: str) -> Candidate | None:
    if not m["wd"][0].isupper():
        return None
    weeks = _weeks(m)
    if weeks is None:
        return None
    # the next such weekday, then the weeks on from it
    return Candidate(
        m.start(), m.end(), "weekday_offset", TimexType.DATE, Anchor.TENSE, Grain.DAY,
        weekday=weekday_number(m["wd"]), direction=1, shift=weeks, shift_unit=Grain.WEEK,
        confidence=0.85,
    )


# "Tuesday week", "Friday fortnight"
WEEKDAY_THEN_UNIT: Final = RegexParser(
    "weekday_offset",
    re.compile(rf"{B}(?P<wd>{WEEKDAY})\s+(?P<num>)?(?P<unit>{_UNITS}){E}(?!\s*['’]s|s\b)", _I),
    _offset,
    keywords=WEEKDAY_KEYS,
)

# "a fortnight on Saturday", "two weeks on Monday"
UNIT_ON_WEEKDAY: Final = RegexParser(
    "weekday_offset",
    re.compile(rf"{B}(?:an?\s+|(?P<num>{NUMBER})\s+)(?P<unit>{_UNITS}s?)\s+"
               rf"{cue('weekday_offset', 'prepositions')}\s+(?P<wd>{WEEKDAY}){E}", _I),
    _offset,
    keywords=WEEKDAY_KEYS,
)


PARSERS: Final = (WEEKDAY_THEN_UNIT, UNIT_ON_WEEKDAY)
