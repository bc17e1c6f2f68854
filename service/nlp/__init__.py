"""The spaCy pipeline: loading (once per process), parsing with offsets, syntax helpers.

Training (``python -m service.nlp.train``) and scoring (``python -m service.nlp.evaluate``)
live here too; the trained weights ship in ``service/nlp/model/``.
"""

from service.nlp.load import DEFAULT_MODEL_PATH, MODEL_ENV_VAR, ParserUnavailable, load_nlp
from service.nlp.parse import Paragraph, ParsedText, Sentence, parse_text, parse_texts

__all__ = [
    "DEFAULT_MODEL_PATH",
    "MODEL_ENV_VAR",
    "Paragraph",
    "ParsedText",
    "ParserUnavailable",
    "Sentence",
    "load_nlp",
    "parse_text",
    "parse_texts",
]
