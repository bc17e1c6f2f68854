"""Stage: link the two ends of a range ("from May 2012 to October 2014", "between Monday and
Wednesday", "2014-2016") and make both ends point the same way."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Final

from service.domain.types import Grain, Interval, TimeExpression, TimeRange, TimexType
from service.locale.grammar import load_grammar
from service.locale.lexicon import choice

_WORDS: Final = load_grammar("en").rules["ranges"]


def _opened(opener: str, joiners: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(rf"(?:^|\b)(?:{choice(_WORDS[opener])})\s+(?:the\s+)?$", re.IGNORECASE),
        re.compile(rf"\s+(?:{choice(_WORDS[joiners])})\s+(?:the\s+)?", re.IGNORECASE),
    )


_OPENED: Final = (
    _opened("from", "from_joiners"),
    _opened("between", "between_joiners"),
    _opened("since", "since_joiners"),
)
_BARE: Final = re.compile(
    rf"\s*(?:{'|'.join(re.escape(w) for w in _WORDS['bare_joiners'] if not w.isalpha())})\s*"
    rf"|\s+(?:{choice(w for w in _WORDS['bare_joiners'] if w.isalpha())})\s+",
    re.IGNORECASE,
)
_POINTS: Final = (TimexType.DATE, TimexType.TIME)


def link_ranges(
    text: str, timexes: Sequence[TimeExpression], document_date: date | None
) -> tuple[TimeExpression, ...]:
    """Mark the two ends of each range with a shared ``range``.

    Args:
        text: the request text.
        timexes: the resolved time expressions, in document order.
        document_date: the document's date, which decides which way a weekday range points.

    Returns:
        The time expressions, the ends of each range carrying ``TimeRange(start_id, end_id)``;
        a weekday range whose end fell before its start ("between Monday and Wednesday") has
        the misplaced end moved a week, towards the past if the range is over.
    """
    out = list(timexes)
    i = 0
    while i + 1 < len(out):
        first, second = out[i], out[i + 1]
        if first.type in _POINTS and second.type in _POINTS and _joined(text, first, second):
            first, second = _same_direction(first, second, document_date)
            link = TimeRange(first.id, second.id)
            out[i], out[i + 1] = replace(first, range=link), replace(second, range=link)
            i += 2
            continue
        i += 1
    return tuple(out)


def _joined(text: str, first: TimeExpression, second: TimeExpression) -> bool:
    between = text[first.end : second.start]
    before = text[max(0, first.start - 12) : first.start]
    for opener, joiner in _OPENED:
        if opener.search(before) and joiner.fullmatch(between):
            return True
    return _BARE.fullmatch(between) is not None and first.granularity == second.granularity


def _same_direction(
    first: TimeExpression, second: TimeExpression, document_date: date | None
) -> tuple[TimeExpression, TimeExpression]:
    """"Between Monday and Wednesday": both weekdays of one stretch, not Wednesday first."""
    if (
        first.interval is None
        or second.interval is None
        or first.granularity != Grain.DAY
        or second.granularity != Grain.DAY
        or not (first.rule == second.rule == "weekday")
        or second.interval.start >= first.interval.start
    ):
        return first, second
    over = document_date is not None and second.interval.start.date() <= document_date
    if over:
        return _moved(first, -7), second
    return first, _moved(second, 7)


def _moved(timex: TimeExpression, days: int) -> TimeExpression:
    assert timex.interval is not None
    step = timedelta(days=days)
    interval = Interval(timex.interval.start + step, timex.interval.end + step)
    return replace(timex, interval=interval, value=interval.start.date().isoformat())
