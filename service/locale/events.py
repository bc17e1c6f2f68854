"""The event stage's words (``service/locale/<lang>/events.yaml``), validated once at load."""

from __future__ import annotations

from functools import cached_property, lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from service.domain.types import Relation


class NounRoles(BaseModel):
    """Prepositions that give a participant of an event noun its role."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agent: frozenset[str]  # "talks between Kyiv and Moscow"
    patient: frozenset[str]  # "the attack on Ukraine"
    recipient: frozenset[str]  # "his call with Putin"
    location: frozenset[str]  # "the summit in Geneva" (proper nouns only)
    class_recipient: dict[str, frozenset[str]]  # per event class: "a call to Trump"


class SalienceCues(BaseModel):
    """What tells the article's own news from background, and a heading or a modifier from an
    event (``salience`` in events.yaml)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    heading_max_words: int = Field(ge=1)
    sentence_final: frozenset[str]
    verb_pos: frozenset[str]
    lead_sentences: int = Field(ge=0)
    participle_tags: frozenset[str]
    question_openers: frozenset[str]
    past_participle_tags: frozenset[str]
    present_participle_tags: frozenset[str]
    modifier_relations: frozenset[str]
    predicate_relations: frozenset[str]
    finite_past_tags: frozenset[str]
    finite_tags: frozenset[str]
    agent_relations: frozenset[str]
    agent_prepositions: frozenset[str]
    adverbial_relations: frozenset[str]
    relative_relations: frozenset[str]
    subject_relations: frozenset[str]
    passive_relations: frozenset[str]
    auxiliary_relations: frozenset[str]
    infinitive_relations: frozenset[str]
    reported_future_modals: frozenset[str]
    refusal_verbs: frozenset[str]


class EventLexicon(BaseModel):
    """The word lists of the event stage; a malformed file fails at start-up."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_nouns: frozenset[str]
    reporting_verbs: frozenset[str]
    belief_verbs: frozenset[str]
    plan_verbs: frozenset[str]
    future_modals: frozenset[str]
    hypothetical_modals: frozenset[str]
    condition_marks: frozenset[str]
    negations: frozenset[str]
    negative_subjects: frozenset[str]
    relations: dict[Relation, frozenset[str]]
    clause_relations: dict[Relation, frozenset[str]]
    support_verbs: frozenset[str]
    event_classes: dict[str, frozenset[str]]
    summary_prepositions: tuple[str, ...]
    relational_prepositions: frozenset[str]
    light_verbs: frozenset[str]
    aspectual_verbs: frozenset[str]
    bare_light_verbs: frozenset[str]
    to_nouns: frozenset[str]
    prepositional_participles: frozenset[str]
    have_forms: frozenset[str]
    had_forms: frozenset[str]
    negative_determiners: frozenset[str]
    negative_subject_determiners: frozenset[str]
    attribution_words: frozenset[str]
    infinitive_markers: frozenset[str]
    complementizers: frozenset[str]
    particles: frozenset[str]
    relative_pronouns: frozenset[str]
    location_prepositions: frozenset[str]
    noun_roles: NounRoles
    definite_determiners: frozenset[str]
    relation_completers: frozenset[str]
    finite_verb_endings: tuple[str, ...]
    ahead_clause_marks: frozenset[str]
    ahead_with_head_marks: frozenset[str]
    hot_news_adverbs: frozenset[str]
    span_words: frozenset[str]
    length_prepositions: frozenset[str]
    salience: SalienceCues

    @field_validator(
        "event_nouns", "reporting_verbs", "belief_verbs", "plan_verbs", "support_verbs",
        "light_verbs", "aspectual_verbs", "bare_light_verbs", "to_nouns",
        "prepositional_participles", mode="after",
    )
    @classmethod
    def _lower_case(cls, words: frozenset[str]) -> frozenset[str]:
        bad = sorted(w for w in words if w != w.lower() or not w.strip())
        if bad:
            raise ValueError(f"lemmas must be non-empty and lower case: {bad}")
        return words

    @model_validator(mode="after")
    def _consistent(self) -> EventLexicon:
        if not self.belief_verbs <= self.reporting_verbs:
            raise ValueError("every belief verb must also be a reporting verb")
        seen: dict[str, Relation] = {}
        for relation, words in self.relations.items():
            for word in words:
                if word in seen:
                    raise ValueError(f"{word!r} maps to both {seen[word]} and {relation}")
                seen[word] = relation
        return self

    @cached_property
    def relation_of(self) -> dict[str, Relation]:
        """Case marker -> relation ("on" -> ON, "ahead" -> BEFORE)."""
        return {word: rel for rel, words in self.relations.items() for word in words}

    @cached_property
    def clause_relation_of(self) -> dict[str, Relation]:
        """Subordinator -> relation of the main event to the clause's event."""
        return {word: rel for rel, words in self.clause_relations.items() for word in words}

    @cached_property
    def class_of(self) -> dict[str, str]:
        """Lemma -> event class; a lemma listed in two classes keeps the first."""
        found: dict[str, str] = {}
        for name, lemmas in self.event_classes.items():
            for lemma in lemmas:
                found.setdefault(lemma, name)
        return found


@lru_cache(maxsize=4)
def load_event_lexicon(locale: str = "en") -> EventLexicon:
    """Read and validate ``service/locale/<locale>/events.yaml``.

    Args:
        locale: the language folder under ``service/locale``.

    Returns:
        The validated lexicon (cached: the file is read once per process).
    """
    raw = resources.files("service.locale").joinpath(locale, "events.yaml").read_text("utf-8")
    return EventLexicon.model_validate(yaml.safe_load(raw))
