"""Tell the language of a text from its function words (``function_words.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Final

import yaml
from pydantic import RootModel

_WORD: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Enough of a long article to decide: the count is stable long before the end.
_SAMPLE_CHARS: Final = 20_000


class FunctionWords(RootModel[dict[str, frozenset[str]]]):
    """language -> its function words (lower case)."""


@lru_cache(maxsize=1)
def load_function_words() -> Mapping[str, frozenset[str]]:
    """The validated ``function_words.yaml`` (once per process)."""
    raw = resources.files("service.locale").joinpath("function_words.yaml").read_text("utf-8")
    return FunctionWords.model_validate(yaml.safe_load(raw)).root


def detect_language(text: str, default: str = "en") -> str:
    """The language whose function words are the most frequent in ``text``.

    Args:
        text: the article.
        default: the answer when no function word of any language occurs (or on a tie).

    Returns:
        A key of ``function_words.yaml`` ("en", "fr", "pt", "es").
    """
    words = [w.lower() for w in _WORD.findall(text[:_SAMPLE_CHARS])]
    counts = {lang: sum(w in table for w in words) for lang, table in load_function_words().items()}
    best = max(counts.values(), default=0)
    leaders = [lang for lang, n in counts.items() if n == best]
    if best == 0 or len(leaders) > 1:
        return default
    return leaders[0]
