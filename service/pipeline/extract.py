"""Stage: find every candidate time expression in one pass per parser family."""

from __future__ import annotations

from dataclasses import replace

from service.domain.types import DateOrder
from service.locale.lexicon import load_lexicon
from service.rules.refine import order_numeric_dates
from service.rules.registry import CONFIGS
from service.rules.types import Candidate, Source


def extract_timexes(
    text: str, language: str = "en", date_order: DateOrder | None = None
) -> tuple[Candidate, ...]:
    """Run the locale's parsers over ``text`` and its refiners over the result.

    Args:
        text: the whole request text.
        language: the locale whose rules apply.
        date_order: how numeric dates are read (AUTO: as the text shows, else the
            language's order; None: the language's order).

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
    default = DateOrder(load_lexicon(language).date_order)
    # before the refiners: a date read the other way round may no longer be one
    candidates = order_numeric_dates(tuple(found), date_order or default, default)
    for refiner in config.refiners:
        candidates = refiner(text, candidates)
    return candidates
