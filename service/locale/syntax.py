"""The words the tree-walking helpers read (``service/locale/<lang>/syntax.yaml``)."""

from __future__ import annotations

from functools import cached_property, lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, field_validator


class SyntaxWords(BaseModel):
    """Verb classes, prepositions and inflections of one language; validated at load."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subject_control_verbs: frozenset[str]
    recipient_verbs: frozenset[str]
    tell_verbs: frozenset[str]
    counterpart_verbs: frozenset[str]
    recipient_prepositions: frozenset[str]
    counterpart_prepositions: frozenset[str]
    agent_prepositions: frozenset[str]
    name_prepositions: frozenset[str]
    infinitive_markers: frozenset[str]
    subjectless_marks: frozenset[str]
    irregular_forms: dict[str, tuple[str, ...]]
    inflections: tuple[tuple[str, tuple[str, ...]], ...]
    doubling_inflections: frozenset[str]

    @field_validator("irregular_forms", mode="after")
    @classmethod
    def _distinct_forms(cls, forms: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        seen: dict[str, str] = {}
        for lemma, words in forms.items():
            for word in words:
                if word in seen and seen[word] != lemma:
                    raise ValueError(f"{word!r} is a form of both {seen[word]!r} and {lemma!r}")
                seen[word] = lemma
        return forms

    @cached_property
    def lemma_of_form(self) -> dict[str, str]:
        """Irregular form -> lemma ("said" -> "say")."""
        return {form: lemma for lemma, forms in self.irregular_forms.items() for form in forms}


@lru_cache(maxsize=4)
def load_syntax_words(locale: str = "en") -> SyntaxWords:
    """Read and validate ``service/locale/<locale>/syntax.yaml`` (once per process).

    Args:
        locale: the language folder under ``service/locale``.

    Returns:
        The validated words.
    """
    raw = resources.files("service.locale").joinpath(locale, "syntax.yaml").read_text("utf-8")
    return SyntaxWords.model_validate(yaml.safe_load(raw))
