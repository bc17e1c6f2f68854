"""Vague references in any locale, as TempEval annotates them: "maintenant" (PRESENT_REF),
"recientemente" (PAST_REF), "em breve" (FUTURE_REF)."""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import TimexType
from service.rules.common.words import B, E, Words, words
from service.rules.types import Anchor, Candidate, Parser, RegexParser

_I: Final = re.IGNORECASE


def reference(w: Words) -> Parser:
    """"maintenant", "actualmente", "em breve", "la actualidad"."""
    pattern = re.compile(rf"{B}(?P<r>{words(w.lex.references)}){E}"
                         rf"(?:\s+{words(w.lex.common.emphasis_followers)}{E})?", _I)
    kind = TimexType(w.lex.common.reference_type)

    def build(m: re.Match[str], text: str) -> Candidate | None:
        key = re.sub(r"\s+", " ", m["r"].lower().replace("’", "'"))
        return Candidate(m.start(), m.end(), "reference", kind, Anchor.NONE, None,
                         value=w.lex.references[key], confidence=0.7)

    return RegexParser("reference", pattern, build)


def parsers(w: Words) -> tuple[Parser, ...]:
    return (reference(w),)
