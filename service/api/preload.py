"""Imported by the pipeline processes' forkserver: the parser is loaded once, there, and every
pipeline process forked from it starts with the parser in memory it shares."""

from __future__ import annotations

from service.config import get_settings
from service.nlp import load_nlp

load_nlp(get_settings().spacy_model)
