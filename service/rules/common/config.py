"""The parsers and refiners of a locale served by the common families alone (fr, pt, es)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from service.domain.types import Grain, TimexType
from service.rules import refine
from service.rules.common import clock, dates, duration, relative, vague
from service.rules.common.words import Words, words, words_for
from service.rules.types import Anchor, Candidate, Parser, Refiner


def parsers_for(locale: str) -> tuple[Parser, ...]:
    """Every family of ``locale``, in the order that wins ties: dates, relative times,
    durations, clock times, references."""
    w = words_for(locale)
    return (*dates.parsers(w, locale), *relative.parsers(w), *clock.parsers(w),
            *duration.parsers(w), *vague.parsers(w))


def modifiers_for(locale: str) -> Refiner:
    """A refiner that widens an expression over the modifier before it: "début mai",
    "à la fin de l'année", "finales de mayo", "início deste ano", "plus de vingt ans"."""
    w = words_for(locale)
    return _modifiers(w)


def _modifiers(w: Words) -> Callable[[str, tuple[Candidate, ...]], tuple[Candidate, ...]]:
    of = words(w.lex.common.month_of)
    point = re.compile(
        rf"(?:^|(?<=[\s(\"'“]))(?:{w.det})?(?P<mod>{words(w.lex.point_modifiers)})"
        rf"(?:\s+(?:{of})(?:\s+|(?<=['’]))|-|\s+)(?:{w.article})?$",
        re.IGNORECASE,
    )
    span = re.compile(
        rf"(?:^|(?<=[\s(\"'“]))(?P<mod>{words(w.lex.duration_modifiers)})\s+$", re.IGNORECASE,
    )

    def attach(text: str, candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
        out: list[Candidate] = []
        previous_end = 0
        for cand in candidates:
            window = text[max(previous_end, cand.start - 40) : cand.start]
            if cand.type == TimexType.DURATION:
                m = span.search(window)
                if m and cand.mod is None:
                    key = re.sub(r"\s+", " ", m["mod"].lower())
                    cand = replace(cand, start=cand.start - (len(window) - m.start()),
                                   mod=w.lex.duration_modifiers[key])
            elif cand.type == TimexType.DATE and cand.anchor != Anchor.NONE:
                m = point.search(window)
                if m and cand.mod is None:
                    key = m["mod"].lower()
                    cand = replace(cand, start=cand.start - (len(window) - m.start()),
                                   mod=w.lex.point_modifiers[key])
            out.append(cand)
            previous_end = cand.end
        return tuple(out)

    return attach


def _day_time(w: Words) -> Callable[[str, tuple[Candidate, ...]], tuple[Candidate, ...]]:
    between = re.compile(rf"\s*,?\s*(?:(?:{words(w.lex.common.clock_prepositions)})\s*)?",
                         re.IGNORECASE)

    def is_clock(c: Candidate) -> bool:
        return c.grain == Grain.MINUTE and c.anchor == Anchor.DOCUMENT and c.day is None and (
            c.weekday is None) and c.shift == 0

    def is_day(c: Candidate) -> bool:
        return c.grain == Grain.DAY and c.type == TimexType.DATE and c.hour is None

    def merge(text: str, candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
        out: list[Candidate] = []
        i = 0
        while i < len(candidates):
            cand = candidates[i]
            nxt = candidates[i + 1] if i + 1 < len(candidates) else None
            gap = text[cand.end : nxt.start] if nxt is not None else ""
            pair = (nxt is not None and between.fullmatch(gap) is not None and (
                (is_clock(cand) and is_day(nxt)) or (is_day(cand) and is_clock(nxt))))
            if pair and nxt is not None:
                day, clock = (nxt, cand) if is_clock(cand) else (cand, nxt)
                out.append(replace(day, start=cand.start, end=nxt.end, type=TimexType.TIME,
                                   grain=Grain.MINUTE, hour=clock.hour, minute=clock.minute,
                                   rule=f"{cand.rule}+{nxt.rule}"))
                i += 2
                continue
            out.append(cand)
            i += 1
        return tuple(out)

    return merge


def refiners_for(locale: str) -> tuple[Refiner, ...]:
    """Overlaps go first so that the modifiers see the final expressions; the day and clock
    time merge last, as a modifier never sits between them."""
    w = words_for(locale)
    if not w.lex.common.merge_day_and_clock:
        return (refine.drop_overlaps, _modifiers(w))
    return (refine.drop_overlaps, _modifiers(w), _day_time(w))
