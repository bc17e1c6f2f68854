"""Load the spaCy pipeline once per process, from local files only.

By default the pipeline shipped in ``service/nlp/model/`` is used. Setting the environment
variable ``TIMELINE_SPACY_MODEL`` to an installed spaCy pipeline's package name or to a
directory uses that one instead (for example ``en_core_web_sm``); the stages only rely on
Universal Dependencies or ClearNLP labels, POS/TAG and morphology, which all English pipelines
provide. ``spacy.load`` reads the files from disk and never downloads anything.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Final

import spacy
from spacy.language import Language

from service.domain.errors import TimelineError
from service.nlp.boundaries import (
    COMPONENT_NAME,
    REPAIR_COMPONENT_NAME,
    add_abbreviation_exceptions,
)

DEFAULT_MODEL_PATH: Final = Path(__file__).with_name("model")
MODEL_ENV_VAR: Final = "TIMELINE_SPACY_MODEL"
# Components that set sentence boundaries; the news hints must run before the first of them.
_SENTENCE_SETTERS: Final = ("senter", "parser")
# Never needed by the stages; skipped for speed when a swapped-in pipeline has them.
_UNUSED_COMPONENTS: Final = ("ner", "entity_ruler", "textcat", "textcat_multilabel")


class ParserUnavailable(TimelineError):
    """The configured spaCy pipeline cannot be loaded."""

    code: ClassVar[str] = "parser_unavailable"
    status: ClassVar[int] = 503


def model_name(configured: str | None = None) -> str:
    """The pipeline to load: ``configured`` (the service's settings), else
    ``$TIMELINE_SPACY_MODEL`` (library and CLI use), else the shipped model's directory."""
    if configured is not None and configured.strip():
        return configured.strip()
    return os.environ.get(MODEL_ENV_VAR, "").strip() or str(DEFAULT_MODEL_PATH)


def add_sentence_hints(nlp: Language) -> Language:
    """Insert the news sentence-boundary hints before the component that sets sentences, and
    the repair of breaks after abbreviations after the parser.

    Args:
        nlp: a loaded pipeline (changed in place and returned).

    Returns:
        ``nlp``; unchanged if it has no parser or senter or already has the hints.
    """
    if COMPONENT_NAME in nlp.pipe_names:
        return nlp
    for name in _SENTENCE_SETTERS:
        if name in nlp.pipe_names:
            nlp.add_pipe(COMPONENT_NAME, before=name)
            break
    if "parser" in nlp.pipe_names:
        # the parser may still break where a hint forbade it; this mends those breaks
        nlp.add_pipe(REPAIR_COMPONENT_NAME, after="parser")
    return nlp


def load_pipeline(name: str) -> Language:
    """Load a spaCy pipeline by package name or path and add the sentence hints.

    Args:
        name: an installed pipeline package or a pipeline directory.

    Returns:
        The pipeline, without components the stages never use.

    Raises:
        ParserUnavailable: if the pipeline is not installed or cannot be read.
    """
    try:
        nlp = spacy.load(name, exclude=list(_UNUSED_COMPONENTS))
    except (OSError, ValueError) as error:
        raise ParserUnavailable(f"cannot load spaCy pipeline {name!r}: {error}") from error
    if not nlp.has_pipe("parser"):
        raise ParserUnavailable(f"spaCy pipeline {name!r} has no dependency parser")
    add_abbreviation_exceptions(nlp)
    return add_sentence_hints(nlp)


@lru_cache(maxsize=2)
def load_nlp(configured: str | None = None) -> Language:
    """The process-wide pipeline, loaded on first use (call it at start-up).

    Args:
        configured: a pipeline name or path from the service's settings, if any.

    Returns:
        The configured pipeline, else the one named by ``$TIMELINE_SPACY_MODEL``, else the
        shipped one.
    """
    return load_pipeline(model_name(configured))
