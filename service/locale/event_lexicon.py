"""Load and validate a locale's event lexicon: which nouns name events, and TimeML classes.

Two files under ``service/locale/<lang>/`` make one lexicon: ``event_lexicon.yaml``, generated
from WordNet 3.0 by ``python -m service.locale.wordnet``, and the hand-written
``event_classes.yaml``. Both are validated when first loaded, so a malformed file fails at
start-up rather than mid-request. Lookups take lemmas (spaCy's ``lemma_``), in any case.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Final, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from service.domain.types import EventClass

# WordNet's verb lexicographer files, without the "verb." prefix (lexnames(5WN)).
VerbFile = Literal[
    "body", "change", "cognition", "communication", "competition", "consumption", "contact",
    "creation", "emotion", "motion", "perception", "possession", "social", "stative", "weather",
]  # fmt: skip

# A noun is an event noun when at least half of its first (attested) senses are eventive:
# "launch" (the boat; the act) passes, "meeting" (two senses of a gathering of people, one of
# an event) does not. Callers that want recall can go down to 0.33 (any of the first three
# senses), callers that want precision up to 0.67 or to ``require_first``.
DEFAULT_MIN_SHARE: Final = 0.5


class NounEntry(BaseModel):
    """What WordNet says about one noun: see the header of ``event_lexicon.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    first: bool  # sense 1, the most frequent, is eventive
    share: float = Field(ge=0.0, le=1.0)  # eventive share of the first senses
    verb: str | None = None  # the verb an eventive sense is derived from
    event_class: EventClass = Field(default=EventClass.OCCURRENCE, alias="class")


class EventWords(BaseModel):
    """The event words of one locale: the generated tables and the hand-written classes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_nouns: dict[str, NounEntry]
    verbs: dict[str, VerbFile]
    classes: dict[EventClass, frozenset[str]]
    lexname_hints: dict[VerbFile, EventClass]
    not_event_nouns: frozenset[str]

    @model_validator(mode="after")
    def _one_class_per_lemma(self) -> EventWords:
        seen: dict[str, EventClass] = {}
        for cls, lemmas in self.classes.items():
            for lemma in lemmas:
                if lemma in seen:
                    raise ValueError(f"{lemma!r} is listed as both {seen[lemma]} and {cls}")
                if lemma != lemma.lower():
                    raise ValueError(f"{lemma!r}: lemmas are lower case")
                seen[lemma] = cls
        return self

    def noun_event(self, lemma: str) -> NounEntry | None:
        """The WordNet entry of an event noun, or None (also for the listed non-events)."""
        key = lemma.lower()
        if key in self.not_event_nouns:
            return None
        return self.event_nouns.get(key)

    def is_event_noun(
        self, lemma: str, *, min_share: float = DEFAULT_MIN_SHARE, require_first: bool = False
    ) -> bool:
        """Whether ``lemma`` names an event in its usual reading.

        Args:
            lemma: a noun lemma ("attack", "decision").
            min_share: the least eventive share of its first senses.
            require_first: also require its most frequent sense to be eventive.

        Returns:
            True for "attack" or "election"; False for "table", "government" or "Monday".
        """
        entry = self.noun_event(lemma)
        if entry is None:
            return False
        return entry.share >= min_share and (entry.first or not require_first)

    def listed_class(self, lemma: str) -> EventClass | None:
        """The class the hand-written lists give ``lemma``, if any."""
        key = lemma.lower()
        return next((cls for cls, lemmas in self.classes.items() if key in lemmas), None)

    def verb_file(self, lemma: str) -> VerbFile | None:
        """The WordNet file of the verb's first sense ("say" -> "communication")."""
        return self.verbs.get(lemma.lower())

    def is_stative(self, lemma: str) -> bool:
        """Whether the verb's first sense is one of WordNet's stative verbs ("be", "remain")."""
        return self.verb_file(lemma) == "stative"

    def verb_class(self, lemma: str) -> EventClass:
        """The TimeML class of a verb: the hand lists, then its WordNet file, else OCCURRENCE.

        Args:
            lemma: a verb lemma ("say", "want", "begin").

        Returns:
            REPORTING for "say", I_STATE for "want", ASPECTUAL for "begin".
        """
        listed = self.listed_class(lemma)
        if listed is not None:
            return listed
        file = self.verb_file(lemma)
        if file is not None and file in self.lexname_hints:
            return self.lexname_hints[file]
        return EventClass.OCCURRENCE

    def noun_class(self, lemma: str) -> EventClass:
        """The TimeML class of an event noun: the hand lists, then its verb's, then WordNet's.

        Args:
            lemma: a noun lemma ("announcement", "beginning", "fear").

        Returns:
            REPORTING for "announcement" (from announce), ASPECTUAL for "beginning"; the
            generated guess (OCCURRENCE or STATE) when neither the noun nor its verb is listed.
        """
        listed = self.listed_class(lemma)
        if listed is not None:
            return listed
        entry = self.noun_event(lemma)
        if entry is None:
            return EventClass.OCCURRENCE
        if entry.verb is not None:
            from_verb = self.listed_class(entry.verb)
            if from_verb is not None:
                return from_verb
        return entry.event_class


_FILES: Final = ("event_lexicon.yaml", "event_classes.yaml")


def _read(locale: str, name: str) -> dict[str, Any]:
    raw = resources.files("service.locale").joinpath(locale, name).read_text("utf-8")
    # The generated file is large; libyaml reads it about ten times faster when it is there.
    data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise ValueError(f"{locale}/{name}: expected a mapping at the top")
    return data


@lru_cache(maxsize=4)
def load_event_words(locale: str = "en") -> EventWords:
    """Read and validate ``event_lexicon.yaml`` and ``event_classes.yaml`` of ``locale``."""
    merged: dict[str, Any] = {}
    for name in _FILES:
        data = _read(locale, name)
        clash = merged.keys() & data.keys()
        if clash:
            raise ValueError(f"{locale}/{name} repeats the keys {sorted(clash)}")
        merged.update(data)
    return EventWords.model_validate(merged)
