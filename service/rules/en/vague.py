"""Vague references, as TempEval-3 annotates them: "now" and "currently" (PRESENT_REF),
"recently" and "the past" (PAST_REF), "the future" and "soon" (FUTURE_REF).
"""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import TimexType
from service.locale.lexicon import alternation
from service.rules.en.words import LEX, NUMBER, UNIT_WORDS, VAGUE, B, E, cue, cue_words
from service.rules.types import Anchor, Candidate, RegexParser

_I = re.IGNORECASE


def _reference(m: re.Match[str], text: str) -> Candidate | None:
    phrase = re.sub(r"\s+", " ", m.group(0).lower())
    after = text[m.end() : m.end() + 12]
    if phrase == "now" and re.match(r"\s+that\b", after):
        return None  # "now that ..." is a conjunction
    before = text[max(0, m.start() - 4) : m.start()].lower()
    if phrase == "soon" and (re.match(r"\s+as\b", after) or before.endswith("as ")):
        return None  # "as soon as", "as soon as possible"
    return Candidate(
        m.start(), m.end(), "reference", TimexType.DATE, Anchor.NONE, None,
        value=LEX.references[phrase], confidence=0.8,
    )


REFERENCES: Final = RegexParser(
    "reference",
    re.compile(rf"{B}{alternation(LEX.references)}{E}(?!\s+(?:{NUMBER}\s+|{VAGUE}\s+)?"
               rf"(?:{UNIT_WORDS}|{cue('vague', 'plural_seasons')})\b)", _I),
    _reference,
    keywords=cue_words("vague", "reference_keywords"),
)


PARSERS: Final = (REFERENCES,)
