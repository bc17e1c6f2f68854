"""Stage: find every candidate time expression in one pass per parser family."""

from __future__ import annotations

from dataclasses import replace

from service.rules.registry import CONFIGS
from service.rules.types import Candidate, Source


def extract_timexes(text: str, language: str = "en") -> tuple[Candidate, ...]:
    """Run the locale's parsers over ``text`` and its refiners over the result.

    Args:
        text: the whole request text.
        language: the locale whose rules apply.

    Returns:
        Non-overlapping candidates in document order.
    """
    config = CONFIGS[language]
    found: list[Candidate] = []
    source = Source.of(text)
    count = len(config.parsers)
    for index, parser in enumerate(config.parsers):
        for cand in parser.find(source):
            found.append(replace(cand, priority=count - index))
    candidates = tuple(found)
    for refiner in config.refiners:
        candidates = refiner(text, candidates)
    return candidates
