"""Timex corpora in BIO token format (TOKEN <TAB> LABEL <TAB> VALUE, one token a line).

Each document opens with a ``*!-DCTVALUE="YYYY-MM-DD"-!*`` line; a blank line ends a sentence.
The text is rebuilt one sentence a line with the usual detokenisation (no space before closing
punctuation, none after opening brackets, the token ```` `` ```` as alternating double
quotes), and each B-/I- run becomes a gold TIMEX3 with offsets into that text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from service.formats.timeml import DocumentTime, GoldTimex, TimeMLDocument, TimeMLError

BIO_SUFFIX: Final = ".tsv"
_DCT: Final = re.compile(r'^\*!-DCTVALUE="(\d{4})-(\d{2})-(\d{2})"-!\*$')
_NO_SPACE_BEFORE: Final = frozenset(",.;:!?)]}%»")
_NO_SPACE_AFTER: Final = frozenset("([{¿¡«")
_QUOTE: Final = "``"


@dataclass(slots=True)
class _Token:
    text: str
    label: str
    value: str


def find_bio_files(path: str | Path) -> tuple[Path, ...]:
    """The .tsv files under a folder (recursively, sorted), or the file itself."""
    root = Path(path)
    if root.is_file():
        return (root,) if root.suffix == BIO_SUFFIX else ()
    return tuple(sorted(p for p in root.rglob(f"*{BIO_SUFFIX}") if p.is_file()))


def read_bio(path: str | Path, *, prefix: str | None = None) -> tuple[TimeMLDocument, ...]:
    """Read every document of one BIO file, named ``<prefix>-001``, ``<prefix>-002`` ...

    Raises:
        TimeMLError: a line is not three tab-separated columns, or text comes before a
            document's DCT line.
    """
    file = Path(path)
    stem = prefix if prefix is not None else file.stem
    return tuple(_documents(file.read_text(encoding="utf-8").splitlines(), stem))


def _documents(lines: list[str], stem: str) -> Iterator[TimeMLDocument]:
    dct: date | None = None
    sentences: list[list[_Token]] = []
    current: list[_Token] = []
    count = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        columns = line.split("\t")
        if len(columns) != 3:
            raise TimeMLError(f"{stem}: line {number}: expected 3 tab-separated columns")
        found = _DCT.match(columns[0])
        if found:
            if current:
                sentences.append(current)
                current = []
            if dct is not None:
                count += 1
                yield _document(f"{stem}-{count:03d}", dct, sentences)
            dct = date(int(found[1]), int(found[2]), int(found[3]))
            sentences = []
            continue
        if dct is None:
            raise TimeMLError(f"{stem}: line {number}: a token before the first DCTVALUE line")
        current.append(_Token(*columns))
    if current:
        sentences.append(current)
    if dct is not None:
        count += 1
        yield _document(f"{stem}-{count:03d}", dct, sentences)


def _document(name: str, dct: date, sentences: list[list[_Token]]) -> TimeMLDocument:
    parts: list[str] = []
    length = 0
    timexes: list[GoldTimex] = []
    open_timex: tuple[int, _Token] | None = None
    end = 0

    def close() -> None:
        nonlocal open_timex
        if open_timex is not None:
            start, first = open_timex
            timexes.append(GoldTimex(
                tid=f"t{len(timexes) + 1}", start=start, end=end, text="", type=first.label[2:],
                value=first.value,
            ))
            open_timex = None

    for sentence in sentences:
        quote_open = False
        glue = True  # no space before the sentence's first token
        for token in sentence:
            word = token.text
            is_quote = word == _QUOTE
            if is_quote:
                word = '"'
            no_before = glue or (is_quote and quote_open) or (
                not is_quote and bool(word) and all(c in _NO_SPACE_BEFORE for c in word))
            if not no_before:
                parts.append(" ")
                length += 1
            starts = token.label.startswith("B-")
            if starts or (token.label.startswith("I-") and open_timex is None):
                close()
                open_timex = (length, token)
            elif not token.label.startswith("I-"):
                close()
            parts.append(word)
            length += len(word)
            if token.label != "O":
                end = length
            if is_quote:
                glue = not quote_open
                quote_open = not quote_open
            else:
                glue = word in _NO_SPACE_AFTER
        close()
        parts.append("\n")
        length += 1
    text = "".join(parts)
    gold = tuple(GoldTimex(t.tid, t.start, t.end, text[t.start : t.end], t.type, t.value)
                 for t in timexes)
    return TimeMLDocument(
        name=name, doc_id=name, text=text, document_date=dct,
        dct=DocumentTime("t0", "DATE", dct.isoformat(), ""),
        timexes=gold, events=(), instances=(), tlinks=(),
    )
