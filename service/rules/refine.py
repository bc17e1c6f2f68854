"""Refiners: pure functions over the candidates of a whole text, applied in registry order."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Final

from service.domain.types import DateOrder, Grain, TimexType
from service.locale.grammar import load_grammar
from service.locale.lexicon import alternation, choice
from service.rules.en.words import LEX
from service.rules.types import Anchor, Candidate

_POINT_MODS: Final = re.compile(
    r"(?:^|(?<=[\s(\"'“]))(?P<mod>" + alternation(LEX.point_modifiers) + r")(?:[\s-]+|-)$",
    re.IGNORECASE,
)
_DURATION_MODS: Final = re.compile(
    r"(?:^|(?<=[\s(\"'“]))(?P<mod>" + alternation(LEX.duration_modifiers) + r")\s+$",
    re.IGNORECASE,
)


def drop_overlaps(text: str, candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """Keep the longest of overlapping candidates; ties go to the higher priority."""
    chosen: list[Candidate] = []
    taken = bytearray(len(text) + 1)  # one flag per character: linear however many candidates
    for cand in sorted(candidates, key=lambda c: (-c.length, -c.priority, c.start)):
        if taken.find(1, cand.start, cand.end) != -1:
            continue
        chosen.append(cand)
        taken[cand.start : cand.end] = b"\x01" * cand.length
    return tuple(sorted(chosen, key=lambda c: c.start))


def attach_modifiers(text: str, candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """Widen an expression over the modifier before it: "early June", "more than 20 years"."""
    out: list[Candidate] = []
    previous_end = 0
    for cand in candidates:
        window = text[max(previous_end, cand.start - 40) : cand.start]
        if cand.type == TimexType.DURATION or (
            cand.type == TimexType.DATE and cand.rule == "ago"
        ):
            m = _DURATION_MODS.search(window)
            if m and cand.mod is None:
                mod = LEX.duration_modifiers[re.sub(r"\s+", " ", m["mod"].lower())]
                cand = replace(cand, start=cand.start - (len(window) - m.start("mod")), mod=mod)
        elif cand.type in (TimexType.DATE, TimexType.TIME) and cand.anchor != Anchor.NONE:
            m = _POINT_MODS.search(window)
            phrase = re.sub(r"\s+", " ", m["mod"].lower()) if m else ""
            if phrase in ("earlier", "later") and cand.weekday is not None:
                m = None  # "Earlier Friday": TimeML leaves the adverb out
            if m and cand.mod is None and (cand.grain is None or cand.grain >= Grain.PART_OF_DAY):
                mod = LEX.point_modifiers[phrase]
                cand = replace(cand, start=cand.start - (len(window) - m.start("mod")), mod=mod)
        out.append(cand)
        previous_end = cand.end
    return tuple(out)


_TIME_THEN_DATE: Final = re.compile(r"\s*,?\s*(?:on\s+)?$", re.IGNORECASE)


def _is_bare_clock_time(cand: Candidate) -> bool:
    """A time of day with no day of its own ("4 a.m.", "noon"), dated from the document."""
    return (
        cand.grain == Grain.MINUTE
        and cand.anchor == Anchor.DOCUMENT
        and cand.day is None
        and cand.weekday is None
    )


def merge_time_date(text: str, candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """One expression for a clock time and the day right after it: "4 a.m. EDT Thursday"."""
    out: list[Candidate] = []
    i = 0
    while i < len(candidates):
        cand = candidates[i]
        nxt = candidates[i + 1] if i + 1 < len(candidates) else None
        if (
            nxt is not None
            and _is_bare_clock_time(cand)
            and nxt.grain == Grain.DAY
            and nxt.type == TimexType.DATE
            and _TIME_THEN_DATE.match(text[cand.end : nxt.start])
        ):
            out.append(
                replace(
                    nxt,
                    start=cand.start,
                    type=TimexType.TIME,
                    grain=Grain.MINUTE,
                    hour=cand.hour,
                    minute=cand.minute,
                    zone=cand.zone,
                    rule=f"{cand.rule}+{nxt.rule}",
                )
            )
            i += 2
            continue
        out.append(cand)
        i += 1
    return tuple(out)


_COMPOUND_WORDS: Final = load_grammar("en").rules["compound"]
_DATE_THEN_TIME: Final = re.compile(
    rf"\s*,?\s*(?:(?:{choice(_COMPOUND_WORDS['date_time_connectors'])})\s*)?", re.IGNORECASE
)
_HOUR_RANGE: Final = re.compile(
    rf"\s*(?:{choice(_COMPOUND_WORDS['hour_range_joiners'])})\s*", re.IGNORECASE
)


def _is_bare_day(cand: Candidate) -> bool:
    """A day with nothing finer stated ("tomorrow", "Friday", "June 3", "next Monday")."""
    return (
        cand.type == TimexType.DATE
        and cand.grain == Grain.DAY
        and cand.hour is None
        and cand.part_of_day is None
        and cand.mod is None
    )


def merge_date_time(text: str, candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """One expression for a day and the clock time right after it: "tomorrow at 5pm",
    "Friday @ 10:00", "June 3, 4pm" (the mirror of :func:`merge_time_date`)."""
    out: list[Candidate] = []
    i = 0
    while i < len(candidates):
        cand = candidates[i]
        nxt = candidates[i + 1] if i + 1 < len(candidates) else None
        gap = text[cand.end : nxt.start] if nxt is not None else ""
        if (
            nxt is not None
            and _is_bare_day(cand)
            and _is_bare_clock_time(nxt)
            and "\n" not in gap
            and _DATE_THEN_TIME.fullmatch(gap)
        ):
            out.append(
                replace(
                    cand,
                    end=nxt.end,
                    type=TimexType.TIME,
                    grain=Grain.MINUTE,
                    hour=nxt.hour,
                    minute=nxt.minute,
                    zone=nxt.zone,
                    rule=f"{cand.rule}+{nxt.rule}",
                )
            )
            i += 2
            continue
        out.append(cand)
        i += 1
    return tuple(out)


def _has_day(cand: Candidate) -> bool:
    """A clock time that carries a day of its own ("5pm on Friday" after the merges)."""
    return (
        cand.type == TimexType.TIME
        and cand.hour is not None
        and (cand.day is not None or cand.weekday is not None or cand.shift != 0)
    )


def date_hour_ranges(text: str, candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """Give both ends of a range of hours the day that one of them states: in "3pm-5pm on
    Friday" the 3pm is on Friday too, and in "Friday 3pm-5pm" so is the 5pm. The two ends stay
    two expressions; the range stage links them."""
    out = list(candidates)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if not _HOUR_RANGE.fullmatch(text[first.end : second.start]):
            continue
        if _is_bare_clock_time(first) and _has_day(second):
            day, bare, at = second, first, i
        elif _has_day(first) and _is_bare_clock_time(second):
            day, bare, at = first, second, i + 1
        else:
            continue
        dated = replace(
            day, start=bare.start, end=bare.end, hour=bare.hour, minute=bare.minute,
            zone=bare.zone or day.zone, rule=f"{bare.rule}+range_day",
        )
        out[at] = dated
    return tuple(out)


def order_numeric_dates(
    candidates: tuple[Candidate, ...], order: DateOrder, default: DateOrder
) -> tuple[Candidate, ...]:
    """Read each numeric date ("03/04/2025") in the request's date order.

    Args:
        candidates: the text's candidates; numeric dates carry their numerals.
        order: MDY, DMY, YMD, or AUTO: a numeric date that can only be day-first (or only
            month-first) anywhere in the text decides for all, else ``default``.
        default: the language's order, for AUTO.

    Returns:
        The candidates, each numeric date with the month and day of that order; a date that
        is valid only the other way round ("25/12/2025" in MDY) is read that way.
    """
    if order == DateOrder.AUTO:
        order = _text_order(candidates) or default
    out: list[Candidate] = []
    for cand in candidates:
        if cand.numerals is None:
            out.append(cand)
            continue
        first, second, third = cand.numerals
        readings = {
            DateOrder.MDY: (cand.year, int(first), int(second)),
            DateOrder.DMY: (cand.year, int(second), int(first)),
        }
        if len(first) == len(second) == len(third) == 2:
            readings[DateOrder.YMD] = (2000 + int(first) if int(first) < 50 else 1900 + int(first),
                                       int(second), int(third))
        preferred = [order, DateOrder.MDY, DateOrder.DMY]
        for name in preferred:
            if name in readings and _is_date(*readings[name]):
                year, month, day = readings[name]
                out.append(replace(cand, year=year, month=month, day=day))
                break
    return tuple(out)


def _text_order(candidates: tuple[Candidate, ...]) -> DateOrder | None:
    """The order the text's own unambiguous numeric dates show, if they agree."""
    seen: set[DateOrder] = set()
    for cand in candidates:
        if cand.numerals is None:
            continue
        first, second = int(cand.numerals[0]), int(cand.numerals[1])
        if first > 12 >= second:
            seen.add(DateOrder.DMY)
        elif second > 12 >= first:
            seen.add(DateOrder.MDY)
    return seen.pop() if len(seen) == 1 else None


def _is_date(year: int | None, month: int, day: int) -> bool:
    try:
        date(year or 2000, month, day)
    except ValueError:
        return False
    return True


_CUE_WORDS: Final = load_grammar("en").rules["direction"]
_FORWARD: Final = re.compile(
    rf"(?:^|(?<=[\s(\"'“]))(?P<cue>{choice(_CUE_WORDS['forward'])})\s+(?:on\s+|in\s+|the\s+)?$",
    re.IGNORECASE,
)
_FORWARD_POSSESSIVE: Final = re.compile(
    rf"(?:^|(?<=[\s(\"'“]))(?:{choice(_CUE_WORDS['forward_before_possessive'])})\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_POSSESSIVE: Final = re.compile(r"['’]s\b")
_BACKWARD: Final = re.compile(
    rf"(?:^|(?<=[\s(\"'“]))(?P<cue>{choice(_CUE_WORDS['backward'])})\s+(?:on\s+|in\s+|the\s+)?$",
    re.IGNORECASE,
)
_INITIAL_EXCEPTIONS: Final = frozenset(_CUE_WORDS["sentence_initial_exceptions"])
_SENTENCE_START: Final = re.compile(r"(?:^|[.!?][\"'”’)]?\s+|\n\s*)$")
# "it was not until Tuesday that ...", "up until Thursday they had ...": the tense decides
_NEGATED: Final = re.compile(
    rf"\b(?:{choice(_CUE_WORDS['cue_negations'])})\s+$", re.IGNORECASE
)


def apply_direction_cues(text: str, candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """Point a day, month or quarter the way the word before it says: "ahead of Saturday's
    trip" is the next Saturday, "its third cut since August" the last August, whatever the
    tense of the main verb."""
    out: list[Candidate] = []
    for cand in candidates:
        if cand.anchor != Anchor.TENSE or cand.direction or cand.cue_direction:
            out.append(cand)
            continue
        lo = max(0, cand.start - 40)
        window = text[lo : cand.start]
        direction = 0
        forward = _FORWARD.search(window)
        if forward is not None:
            at = lo + forward.start("cue")
            initial = at == 0 or _SENTENCE_START.search(text[max(0, at - 4) : at]) is not None
            negated = _NEGATED.search(text[max(0, at - 8) : at]) is not None
            if not negated and not (initial and forward["cue"].lower() in _INITIAL_EXCEPTIONS):
                direction = 1
        elif _FORWARD_POSSESSIVE.search(window) and (
            _POSSESSIVE.match(text, cand.end) or cand.weekday is None or cand.weekend
        ):
            direction = 1
        elif _BACKWARD.search(window) is not None:
            direction = -1
        out.append(replace(cand, cue_direction=direction) if direction else cand)
    return tuple(out)


_MATCH_WORDS: Final = re.compile(
    rf"\b(?:{choice(load_grammar('en').rules['sports']['match_words'])})\b", re.IGNORECASE
)
_SENTENCE_BREAK: Final = re.compile(r"[.!?][\"'”’)]?\s+(?=[\"'“‘(]?[A-Z])|\n\s*\n")


def drop_match_periods(text: str, candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """Drop a half with no year ("early in the second half") from a sentence about a match:
    it is a period of play, not a half-year."""
    out: list[Candidate] = []
    for cand in candidates:
        if cand.grain == Grain.HALF and cand.year is None and cand.anchor != Anchor.ABSOLUTE:
            lo, hi = _sentence_bounds(text, cand.start, cand.end)
            if _MATCH_WORDS.search(text, lo, hi):
                continue
        out.append(cand)
    return tuple(out)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``start:end`` (at most 300 characters either side)."""
    lo, hi = max(0, start - 300), min(len(text), end + 300)
    for m in _SENTENCE_BREAK.finditer(text, lo, start):
        lo = m.end()
    after = _SENTENCE_BREAK.search(text, end, hi)
    return lo, after.start() + 1 if after else hi
