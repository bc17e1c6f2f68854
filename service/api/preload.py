"""Imported by the pipeline processes' forkserver: the parser and the stages' word tables are
loaded once, there, and every pipeline process forked from it starts with them in memory it
shares."""

from __future__ import annotations

from service.config import get_settings
from service.nlp import load_nlp
from service.pipeline.run import warm_up

load_nlp(get_settings().spacy_model)
warm_up()
