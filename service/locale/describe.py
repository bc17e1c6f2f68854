"""The words of event summaries and participants (``service/locale/<lang>/describe.yaml``),
validated once at load."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, field_validator


class DescribeWords(BaseModel):
    """Word lists of summaries and participants; a malformed file fails at start-up."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    titles: frozenset[str]  # "captain Ben Ashdown": part of the name
    complement_verbs: frozenset[str]  # "has stood firm": "firm" is no participant
    measure_words: frozenset[str]  # "rose 6%": an amount is no participant
    duration_units: frozenset[str]  # "faces up to 20 years": kept in a summary
    amount_openers: frozenset[str]  # "at least six weeks"
    of_verbs: frozenset[str]  # "acquitted the nurse of all charges": the verb's "of"
    patient_prepositions: frozenset[str]  # "the town of Kessa"
    dropped_adverbs: frozenset[str]  # "also", "overnight": left out of a summary

    @field_validator("*", mode="after")
    @classmethod
    def _lower_case(cls, words: frozenset[str]) -> frozenset[str]:
        bad = sorted(w for w in words if w != w.lower() or not w.strip())
        if bad:
            raise ValueError(f"words must be non-empty and lower case: {bad}")
        return words


@lru_cache(maxsize=4)
def load_describe_words(locale: str = "en") -> DescribeWords:
    """Read and validate ``service/locale/<locale>/describe.yaml``.

    Args:
        locale: the language folder under ``service/locale``.

    Returns:
        The validated words (cached: the file is read once per process).
    """
    raw = resources.files("service.locale").joinpath(locale, "describe.yaml").read_text("utf-8")
    return DescribeWords.model_validate(yaml.safe_load(raw))
