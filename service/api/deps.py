"""What the routes depend on, provided through FastAPI dependencies: the settings and the
loaded parser (once per process)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from spacy.language import Language

from service.config import Settings, get_settings
from service.nlp import load_nlp

SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_nlp(settings: SettingsDep) -> Language:
    """The parser the settings name (the shipped one by default), loaded once per process."""
    return load_nlp(settings.spacy_model)


NlpDep = Annotated[Language, Depends(get_nlp)]
