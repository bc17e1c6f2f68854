"""Parse an article paragraph by paragraph, keeping exact character offsets.

Each line of the request text is parsed as its own spaCy Doc (the treebanks hold no newline
tokens, and a heading line is a sentence of its own). A :class:`Paragraph` remembers where its
text starts, so ``paragraph.start + token.idx`` is the token's offset in the request text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

_LINE: Final = re.compile(r"[^\n]+")
DEFAULT_BATCH_SIZE: Final = 64
# What one Doc handed to the parser may hold. spaCy's tokenizer is quadratic on a long run of
# characters without a space ("((((...", emoji, quotes) and the parser's cost grows with the
# length of a sentence, so a long line is cut into segments and a long run into pieces: the
# cost of any text is then linear in its length.
MAX_SEGMENT_CHARS: Final = 1_000
MAX_RUN_CHARS: Final = 64
# A segment this long without a single letter holds no word an event or a tense could come
# from ("((((...", "0 1 2 3 ...", "1999-1999-..."): it is not handed to the parser at all.
MIN_UNPARSED_CHARS: Final = 32
_LETTER: Final = re.compile(r"[^\W\d_]")
# sentence punctuation, with the closing quotes and brackets that may follow it
_END: Final = r"[.!?;:][\"'\u2019\u201d)\]]*"
_BREAK: Final = re.compile(rf"{_END}\s+|\s+")
_SENTENCE_END: Final = re.compile(rf"{_END}$")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One parsed line of the request text.

    Attributes:
        start: offset of the paragraph's first character in the request text.
        doc: the parsed paragraph; ``doc.text`` equals ``text[start:end]`` exactly.
    """

    start: int
    doc: Doc

    @property
    def end(self) -> int:
        """Offset just after the paragraph's last character."""
        return self.start + len(self.doc.text)

    def offset(self, token: Token) -> int:
        """Offset of ``token`` in the request text."""
        return self.start + token.idx

    def sentences(self) -> Iterator[Sentence]:
        """The paragraph's sentences, in order."""
        for span in self.doc.sents:
            yield Sentence(self.start, span)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a parsed paragraph.

    Attributes:
        base: offset of the paragraph's Doc in the request text.
        span: the sentence in the paragraph's Doc.
    """

    base: int
    span: Span

    @property
    def start(self) -> int:
        """Offset of the sentence's first character in the request text."""
        return self.base + self.span.start_char

    @property
    def end(self) -> int:
        """Offset just after the sentence's last character."""
        return self.base + self.span.end_char

    @property
    def text(self) -> str:
        """The sentence text, identical to ``request_text[start:end]``."""
        return self.span.text

    def offset(self, token: Token) -> int:
        """Offset of ``token`` in the request text."""
        return self.base + token.idx

    def char_span(self, start: int, end: int) -> Span | None:
        """Tokens covering request-text offsets ``[start, end)``, widened to token edges.

        Returns None if the range is empty or lies outside this sentence.
        """
        if start >= end or start < self.start or end > self.end:
            return None
        return self.span.doc.char_span(start - self.base, end - self.base, alignment_mode="expand")


@dataclass(frozen=True, slots=True)
class ParsedText:
    """A request text and its parsed paragraphs."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    # ``(start, end)`` of each line cut before parsing somewhere other than at a sentence end
    # (a sentence longer than the parser's limit, a long run without a space)
    split: tuple[tuple[int, int], ...] = ()
    # every sentence and its start offset, built once: lookups stay logarithmic however many
    # time expressions a long text holds
    _sentences: tuple[Sentence, ...] = field(init=False, repr=False, compare=False)
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        sentences = tuple(s for p in self.paragraphs for s in p.sentences())
        object.__setattr__(self, "_sentences", sentences)
        object.__setattr__(self, "_starts", tuple(s.start for s in sentences))

    def sentences(self) -> Iterator[Sentence]:
        """All sentences of the text, in order."""
        return iter(self._sentences)

    @property
    def all_sentences(self) -> tuple[Sentence, ...]:
        """All sentences of the text, in order, indexable by :meth:`index_at`."""
        return self._sentences

    def index_at(self, offset: int) -> int | None:
        """The index of the sentence containing character ``offset`` (None between them)."""
        index = bisect_right(self._starts, offset) - 1
        if index < 0 or offset >= self._sentences[index].end:
            return None
        return index

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset`` (None between sentences)."""
        index = self.index_at(offset)
        return None if index is None else self._sentences[index]

    def locate(self, start: int, end: int) -> Located | None:
        """Where ``[start, end)`` lies in the parse: its sentence and the tokens covering it,
        cut at the sentence's end.

        Returns None if ``start`` lies between sentences or the range covers no token.
        """
        index = self.index_at(start)
        if index is None:
            return None
        sentence = self._sentences[index]
        span = sentence.char_span(start, min(end, sentence.end))
        if span is None or not len(span):
            return None
        return Located(index, sentence, span, end <= sentence.end)

    def char_span(self, start: int, end: int) -> tuple[Sentence, Span] | None:
        """The sentence holding ``[start, end)`` and the tokens covering it.

        Returns None if the range crosses a sentence boundary or covers no token.
        """
        found = self.locate(start, end)
        return None if found is None or not found.whole else (found.sentence, found.span)


@dataclass(frozen=True, slots=True)
class Located:
    """A character range found in the parse.

    Attributes:
        index: the sentence's index among all sentences of the text.
        sentence: the sentence holding the range's start.
        span: the tokens covering the range, cut at the sentence's end.
        whole: whether the range ends inside the sentence.
    """

    index: int
    sentence: Sentence
    span: Span
    whole: bool


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """Split text on newlines into ``(start offset, paragraph text)`` pairs.

    Surrounding whitespace is trimmed (the offset moves with it) and blank lines are dropped,
    so ``text[start:start + len(paragraph)] == paragraph`` always holds.

    Args:
        text: the request text.

    Returns:
        The non-blank lines, in order.
    """
    paragraphs: list[tuple[int, str]] = []
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            paragraphs.append((match.start() + len(line) - len(line.lstrip()), stripped))
    return paragraphs


def split_segments(
    start: int, text: str, max_chars: int = MAX_SEGMENT_CHARS, max_run: int = MAX_RUN_CHARS
) -> list[tuple[int, str]]:
    """Cut one paragraph into segments the parser handles in linear time.

    A run of more than ``max_run`` characters without whitespace becomes segments of its own,
    ``max_run`` characters each; the rest is cut, where it is longer than ``max_chars``, after
    the last sentence punctuation (else the last space) before the limit.

    Args:
        start: the paragraph's offset in the request text.
        text: the paragraph (no newline, no surrounding whitespace).
        max_chars: the longest segment.
        max_run: the longest run of non-space characters kept in one piece.

    Returns:
        ``(offset, segment)`` pairs in order, each segment stripped, ``text`` covered entirely.
    """
    long_run = re.compile(rf"\S{{{max_run + 1},}}")
    if len(text) <= max_chars and long_run.search(text) is None:
        return [(start, text)]
    pieces: list[tuple[int, str]] = []
    at = 0
    for run in long_run.finditer(text):
        pieces.extend(_cut(start + at, text[at:run.start()], max_chars))
        pieces.extend((start + i, text[i:min(i + max_run, run.end())])
                      for i in range(run.start(), run.end(), max_run))
        at = run.end()
    pieces.extend(_cut(start + at, text[at:], max_chars))
    return pieces


def _cut(start: int, text: str, max_chars: int) -> list[tuple[int, str]]:
    """Cut text with no long run into stripped pieces of at most ``max_chars``."""
    pieces: list[tuple[int, str]] = []
    at = 0
    while at < len(text):
        end = len(text)
        if end - at > max_chars:
            # the last sentence end in the window's second half, else its last space
            breaks = list(_BREAK.finditer(text, at + max_chars // 2, at + max_chars))
            sentence = [m.end() for m in breaks if not m.group()[0].isspace()]
            end = (sentence or [m.end() for m in breaks] or [at + max_chars])[-1]
        piece = text[at:end]
        stripped = piece.strip()
        if stripped:
            pieces.append((start + at + len(piece) - len(piece.lstrip()), stripped))
        at = end
    return pieces


def forced_cuts(segments: Sequence[tuple[int, str]]) -> int:
    """How many of the cuts between one line's segments fall inside a sentence.

    A cut after sentence punctuation (``.``, ``!``, ``?``, ``;``, ``:``, a closing quote or
    bracket after it) leaves the sentences whole; any other cut (at a space, inside a long run)
    splits one.
    """
    return sum(1 for _, segment in segments[:-1] if _SENTENCE_END.search(segment) is None)


def _worth_parsing(segment: str) -> bool:
    return len(segment) < MIN_UNPARSED_CHARS or _LETTER.search(segment) is not None


def select_paragraphs(
    paragraphs: Sequence[tuple[int, str]], ranges: Iterable[tuple[int, int]] | None
) -> list[tuple[int, str]]:
    """Keep the paragraphs that overlap any ``[start, end)`` range (all of them if None).

    One walk over both, in order: the paragraphs come in document order, so the ranges that
    start before a paragraph's end only grow, and the paragraph overlaps one of them exactly
    when the furthest end among them lies past its start.
    """
    if ranges is None:
        return list(paragraphs)
    wanted = sorted(ranges)
    kept = []
    at, reach = 0, -1
    for start, text in paragraphs:
        end = start + len(text)
        while at < len(wanted) and wanted[at][0] < end:
            reach = max(reach, wanted[at][1])
            at += 1
        if reach > start:
            kept.append((start, text))
    return kept


def parse_texts(
    nlp: Language,
    texts: Sequence[str],
    batch_size: int = DEFAULT_BATCH_SIZE,
    ranges: Sequence[Iterable[tuple[int, int]] | None] | None = None,
    max_chars: int = MAX_SEGMENT_CHARS,
) -> list[ParsedText]:
    """Parse several request texts in one ``nlp.pipe`` stream.

    Args:
        nlp: the loaded pipeline (see :func:`service.nlp.load_nlp`).
        texts: the request texts.
        batch_size: paragraphs per batch.
        ranges: optional, per text, the character ranges a later stage will read (time
            expressions, event candidates); only paragraphs overlapping them are parsed.
        max_chars: the longest segment handed to the parser; a longer line is cut (and
            :attr:`ParsedText.split` says where a cut fell inside a sentence).

    Returns:
        One :class:`ParsedText` per input text, in order.
    """
    wanted = ranges if ranges is not None else [None] * len(texts)
    cut = [
        [(start, para, split_segments(start, para, max_chars))
         for start, para in select_paragraphs(split_paragraphs(text), keep)]
        for text, keep in zip(texts, wanted, strict=True)
    ]
    layout = [
        [seg for _, _, segments in lines for seg in segments if _worth_parsing(seg[1])]
        for lines in cut
    ]
    flat: Iterable[str] = (paragraph for paragraphs in layout for _, paragraph in paragraphs)
    docs = iter(nlp.pipe(flat, batch_size=batch_size))
    results: list[ParsedText] = []
    for text, paragraphs, lines in zip(texts, layout, cut, strict=True):
        parsed = tuple(Paragraph(start, next(docs)) for start, _ in paragraphs)
        split = tuple((start, start + len(para)) for start, para, segments in lines
                      if forced_cuts(segments))
        results.append(ParsedText(text, parsed, split))
    return results


def parse_text(
    nlp: Language,
    text: str,
    batch_size: int = DEFAULT_BATCH_SIZE,
    ranges: Iterable[tuple[int, int]] | None = None,
    max_chars: int = MAX_SEGMENT_CHARS,
) -> ParsedText:
    """Parse one article paragraph by paragraph with ``nlp.pipe``.

    Args:
        nlp: the loaded pipeline.
        text: the request text.
        batch_size: paragraphs per batch.
        ranges: optional character ranges a later stage will read; only paragraphs that
            overlap them are parsed (the others are absent from the result).
        max_chars: the longest segment handed to the parser (a longer line is cut).

    Returns:
        The parsed text; every token maps back to ``text`` through its paragraph's start.
    """
    return parse_texts(
        nlp, [text], batch_size, None if ranges is None else [ranges], max_chars
    )[0]
