"""The parsers and refiners of a locale served by the common families alone (fr, pt, es)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from service.domain.types import TimexType
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


def refiners_for(locale: str) -> tuple[Refiner, ...]:
    # Overlaps go first so that the modifiers see the final expressions.
    return (refine.drop_overlaps, modifiers_for(locale))
