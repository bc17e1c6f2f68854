"""Quotation marks: which words of a paragraph are quoted."""

from __future__ import annotations

from typing import Final

from spacy.tokens import Doc

QUOTES: Final = frozenset({'"', "“", "”", "``", "''", "‘", "’", "'"})
_OPENING_QUOTES: Final = frozenset({"“", "``", "‘"})
_CLOSING_QUOTES: Final = frozenset({"”", "''", "’"})


def _quote_text(doc: Doc, i: int) -> tuple[str, bool]:
    """The quote mark at token ``i`` ("``" also when split into two backticks), and whether
    the next token is part of it."""
    text = doc[i].text
    following = doc[i + 1].text if i + 1 < len(doc) else ""
    if text in {"`", "'"} and following == text and not doc[i].whitespace_:
        return text * 2, True
    return text, False


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens of ``doc`` that lie between an opening and a closing quote.

    Straight double quotes toggle; typographic and TeX-style double quotes (also when the
    tokenizer splits ```` `` ```` into two backticks) open and close. Computed once per
    paragraph.
    """
    inside: set[int] = set()
    depth = 0
    skip_next = False
    for token in doc:
        if skip_next:
            skip_next = False
            continue
        text, skip_next = _quote_text(doc, token.i)
        if text == '"':
            depth = 0 if depth else 1
        elif text in _OPENING_QUOTES and text != "‘":
            depth += 1
        elif text in _CLOSING_QUOTES and text != "’":
            depth = max(0, depth - 1)
        elif depth:
            inside.add(token.i)
    return frozenset(inside)
