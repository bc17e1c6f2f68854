"""The tense of a time expression's clause from the locale's verb morphology, without a parse.

For languages the parser does not read: the nearest word of the sentence that is a past or
future auxiliary ("a", "ha", "foi" / "va", "será") or ends like a past or future verb form
("-èrent", "-ó", "-ou" / "-era", "-rá", "-rão") decides. Words of the lexicon (months, units,
parts of the day) are never taken for verbs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from service.domain.types import Tense
from service.locale.lexicon import Lexicon
from service.rules.types import Candidate

_SENTENCE_END: Final = re.compile(r"[.!?;]+[\"'»”)]*\s+|\n+")
_WORD: Final = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_MIN_STEM: Final = 2  # an ending counts only after a stem of this many letters


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence: split at final punctuation and line breaks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def sentence_ids(text: str, candidates: Sequence[Candidate]) -> tuple[int, ...]:
    """The index of the sentence each candidate starts in."""
    spans = sentence_spans(text)
    out: list[int] = []
    index = 0
    for cand in candidates:
        while index + 1 < len(spans) and spans[index][1] <= cand.start:
            index += 1
        out.append(index)
    return tuple(out)


def _cue(word: str, before: str, lex: Lexicon, known: frozenset[str]) -> Tense | None:
    """The tense ``word`` tells (``before`` is the word before it), or None."""
    w = word.lower()
    if w in known:
        return None
    words = lex.common
    if w in words.future_words:
        return Tense.FUTURE
    if w in words.past_words:
        return Tense.PAST
    for ending in sorted(words.future_endings, key=len, reverse=True):
        if w.endswith(ending) and len(w) - len(ending) >= _MIN_STEM:
            return Tense.FUTURE
    for ending in sorted(words.past_endings, key=len, reverse=True):
        if w.endswith(ending) and len(w) - len(ending) >= _MIN_STEM:
            return Tense.PRESENT if before.lower() in words.present_words else Tense.PAST
    return None


def read_tenses(text: str, candidates: Sequence[Candidate], lex: Lexicon) -> tuple[Tense, ...]:
    """The tense of each candidate's sentence, read from the verb cue nearest to it.

    Args:
        text: the article.
        candidates: the time expressions, in document order.
        lex: the locale's lexicon (its ``common`` verb words and endings).

    Returns:
        One tense per candidate; UNKNOWN where the sentence has no cue.
    """
    known = frozenset(
        w for table in (lex.months, lex.weekdays, lex.units, lex.unit_plurals, lex.parts_of_day,
                        lex.seasons, lex.numbers, lex.ordinals, lex.deictic_shifts,
                        lex.references, lex.casual_days)
        for w in table
    )
    spans = sentence_spans(text)
    ids = sentence_ids(text, candidates)
    tenses: list[Tense] = []
    for cand, sid in zip(candidates, ids, strict=True):
        start, end = spans[sid]
        best: tuple[int, Tense] | None = None
        before = ""
        for m in _WORD.finditer(text, start, end):
            word = m.group(0)
            previous, before = before, word
            if cand.start <= m.start() < cand.end:
                continue
            tense = _cue(word, previous, lex, known)
            if tense is None:
                continue
            distance = cand.start - m.end() if m.end() <= cand.start else m.start() - cand.end
            if best is None or distance < best[0]:
                best = (distance, tense)
        tenses.append(best[1] if best else Tense(lex.common.default_tense.lower()))
    return tuple(tenses)
