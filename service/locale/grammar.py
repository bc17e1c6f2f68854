"""Load and validate a locale's grammar words (tense cues, sentence hints, date labels) once."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict


class TenseWords(BaseModel):
    """The words the tense reader looks for around a verb (word forms unless noted)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    future_modals: frozenset[str]
    neutral_modals: frozenset[str]
    negations: frozenset[str]
    have: frozenset[str]
    past_auxiliaries: frozenset[str]
    present_be: frozenset[str]
    infinitive_markers: frozenset[str]
    future_verbs: frozenset[str]  # lemmas
    future_forms: frozenset[str]
    scheduled_verbs: frozenset[str]  # lemmas
    imperative_auxiliaries: frozenset[str]
    planning_verbs: frozenset[str]  # lemmas


class DocumentDateWords(BaseModel):
    """The labels of a line that states the document date ("Published on: ...")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    labels: tuple[str, ...]
    label_prepositions: tuple[str, ...]


class BoundaryWords(BaseModel):
    """Words that decide sentence boundaries in news copy (lower case)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    never_final_abbreviations: frozenset[str]
    company_abbreviations: frozenset[str]
    sentence_openers: frozenset[str]
    evaluation_abbreviations: frozenset[str]
    speech_verb_forms: frozenset[str]


class Grammar(BaseModel):
    """The function words and cues of one locale; a malformed file fails at start-up."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tense: TenseWords
    document_date: DocumentDateWords
    boundaries: BoundaryWords
    weekday_name_followers: tuple[str, ...]
    # rule family -> cue name -> words: the context words a family's patterns look for
    # ("in 1998", "the day before the vote"); read once at import, so a missing key fails then.
    rules: dict[str, dict[str, tuple[str, ...]]]


@lru_cache(maxsize=4)
def load_grammar(locale: str) -> Grammar:
    """Read and validate ``service/locale/<locale>/grammar.yaml`` (once per process).

    Args:
        locale: the language code, e.g. "en".

    Returns:
        The validated grammar words.
    """
    raw = resources.files("service.locale").joinpath(locale, "grammar.yaml").read_text("utf-8")
    return Grammar.model_validate(yaml.safe_load(raw))
