"""SemEval-2015 Task 4 (TimeLine) corpora: tokenised TimeML articles and gold timelines.

A corpus is a folder with ``timeml/`` (one ``.tml`` file per article, each sentence an
``<s id="N">`` element of space-separated tokens, nothing between sentences) and ``timelines/``
(one ``.txt`` file per target entity: the entity on the first line, then
``rank<TAB>date<TAB>DOCID-SENTENCE-WORD[<TAB>...]``). The reader builds the text the pipeline
is given by joining the sentences with a line break, and gives every token its character
offsets in that text, so that a gold mention (document, sentence, word) becomes extents that
can be compared with what the pipeline returns.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from service.domain.types import Grain
from service.formats.timeml import DocumentTime, GoldEvent, TimeMLError, parse_timeml

TIMEML_FOLDER: Final = "timeml"
TIMELINES_FOLDER: Final = "timelines"
SENTENCE_BREAK: Final = "\n"
WORD_JOINER: Final = "_"  # several tokens of one mention, e.g. a phrasal verb "took_off"

_TOKEN: Final = re.compile(r"\S+")
_UNKNOWN_PART: Final = re.compile(r"X+")
_DATE_PART: Final = re.compile(r"\d+")
# Grain of a gold date by how many of its parts (year, month, day) are known.
_GRAINS: Final[Mapping[int, Grain]] = {1: Grain.YEAR, 2: Grain.MONTH, 3: Grain.DAY}


class TimelineFormatError(ValueError):
    """A timeline file line, or a whole corpus folder, that cannot be read."""


# --- articles ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a sentence, with offsets into the document text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """An ``<s id="N">`` element: its id, its extent in the document text and its tokens."""

    id: int
    start: int
    end: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class TrialDocument:
    """One article: the text given to the pipeline, its document date and its sentences."""

    name: str
    doc_id: str
    text: str
    document_date: date | None
    dct: DocumentTime | None
    sentences: tuple[Sentence, ...]
    events: tuple[GoldEvent, ...]  # the EVENT tags, with offsets into `text`

    def sentence(self, sentence_id: int) -> Sentence | None:
        """Return the sentence with that ``<s id>``, if there is one."""
        for sentence in self.sentences:
            if sentence.id == sentence_id:
                return sentence
        return None


def parse_trial_timeml(source: str | bytes, *, name: str = "") -> TrialDocument:
    """Parse one tokenised TimeML article.

    Args:
        source: The XML, as text or bytes.
        name: The name reported for the document.

    Returns:
        The document; its text is the sentences' characters joined by a line break.

    Raises:
        TimeMLError: Not well-formed XML, no TEXT element, or a sentence without a numeric id.
    """
    base = parse_timeml(source, name=name)  # DOCID and DCT, read as for any TimeML file
    root = ET.fromstring(source.lstrip())
    text_el = root if _local(root.tag) == "TEXT" else _find_local(root, "TEXT")
    if text_el is None:  # parse_timeml has already refused such a file
        raise TimeMLError(f"{name or 'document'}: no TEXT element")

    parts: list[str] = []
    length = 0
    sentences: list[Sentence] = []
    events: list[GoldEvent] = []
    for s_el in (el for el in text_el.iter() if _local(el.tag) == "s"):
        raw_id = s_el.get("id", "")
        if not raw_id.isdigit():
            raise TimeMLError(f"{name or 'document'}: sentence without a numeric id: {raw_id!r}")
        if parts:
            parts.append(SENTENCE_BREAK)
            length += len(SENTENCE_BREAK)
        chunks: list[str] = []
        for offset, el in _walk_events(s_el, chunks):
            inner = "".join(el.itertext())
            start = length + offset
            events.append(
                GoldEvent(el.get("eid", ""), start, start + len(inner), inner, el.get("class", ""))
            )
        sentence_text = "".join(chunks)
        tokens = tuple(
            Token(length + m.start(), length + m.end(), m[0])
            for m in _TOKEN.finditer(sentence_text)
        )
        sentences.append(Sentence(int(raw_id), length, length + len(sentence_text), tokens))
        parts.append(sentence_text)
        length += len(sentence_text)
    return TrialDocument(
        name=name,
        doc_id=base.doc_id,
        text="".join(parts),
        document_date=base.document_date,
        dct=base.dct,
        sentences=tuple(sentences),
        events=tuple(events),
    )


def _walk_events(el: ET.Element, chunks: list[str]) -> Iterator[tuple[int, ET.Element]]:
    """Append an element's characters to `chunks`; yield each EVENT with its offset in them."""
    if _local(el.tag) == "EVENT":
        yield sum(map(len, chunks)), el
    if el.text:
        chunks.append(el.text)
    for child in el:
        yield from _walk_events(child, chunks)
        if child.tail:
            chunks.append(child.tail)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _find_local(root: ET.Element, tag: str) -> ET.Element | None:
    return next((el for el in root.iter() if _local(el.tag) == tag), None)


# --- timelines --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldDate:
    """A timeline date: as written, and as a TimeML value with the unknown parts dropped."""

    raw: str
    value: str | None  # "2008-06-09", "2008-06", "2008"; None when the date is unknown
    grain: Grain | None  # DAY, MONTH or YEAR; None when unknown


def parse_gold_date(raw: str) -> GoldDate:
    """Read a timeline date (``2008-06-09``, ``2008-06-XX``, ``2008-XX-XX``, ``XXXX-XX-XX``).

    The known parts are those before the first all-X part; ``2008-06`` and ``2008`` are read as
    written. A date whose year is unknown (``XXXX-XX-XX``, also written ``XXX-XX-XX``) is undated.

    Args:
        raw: The date column of a timeline line.

    Returns:
        The date.

    Raises:
        TimelineFormatError: A part is neither digits nor X's.
    """
    known: list[str] = []
    for part in raw.strip().split("-"):
        if _UNKNOWN_PART.fullmatch(part):
            break
        if not _DATE_PART.fullmatch(part):
            raise TimelineFormatError(f"not a timeline date: {raw!r}")
        known.append(part)
    if not known:
        return GoldDate(raw, None, None)
    if len(known) not in _GRAINS:
        raise TimelineFormatError(f"not a timeline date: {raw!r}")
    return GoldDate(raw, "-".join(known), _GRAINS[len(known)])


@dataclass(frozen=True, slots=True)
class MentionRef:
    """``DOCID-SENTENCE-WORD``: where a timeline says an event is mentioned."""

    doc_id: str
    sentence: int
    word: str  # token text; several tokens joined by "_"


def parse_mention_ref(raw: str) -> MentionRef:
    """Split ``DOCID-SENTENCE-WORD`` (the word itself may contain ``-``).

    Raises:
        TimelineFormatError: The document or sentence part is not a number, or the word is empty.
    """
    pieces = raw.strip().split("-", 2)
    if len(pieces) != 3 or not pieces[0].isdigit() or not pieces[1].isdigit() or not pieces[2]:
        raise TimelineFormatError(f"not a DOCID-SENTENCE-WORD mention: {raw!r}")
    return MentionRef(pieces[0], int(pieces[1]), pieces[2])


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One timeline line: entries of the same rank are simultaneous; rank 0 is undated."""

    rank: int
    date: GoldDate
    mentions: tuple[MentionRef, ...]


@dataclass(frozen=True, slots=True)
class GoldTimeline:
    """One timeline file: the target entity and its entries in file order."""

    name: str
    target: str
    entries: tuple[TimelineEntry, ...]


def parse_timeline(source: str, *, name: str = "") -> GoldTimeline:
    """Parse a timeline file (the target entity, then one tab-separated entry a line).

    Args:
        source: The file's text.
        name: The name reported in errors.

    Returns:
        The timeline; blank lines are skipped.

    Raises:
        TimelineFormatError: A line has fewer than three columns, a rank that is not a number,
            an unreadable date or mention.
    """
    lines = source.splitlines()
    target = lines[0].strip() if lines else ""
    entries: list[TimelineEntry] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        columns = line.rstrip("\r\n").split("\t")
        try:
            if len(columns) < 3 or not columns[0].strip().isdigit():
                raise TimelineFormatError(f"expected rank<TAB>date<TAB>mention: {line!r}")
            entries.append(
                TimelineEntry(
                    rank=int(columns[0]),
                    date=parse_gold_date(columns[1]),
                    mentions=tuple(parse_mention_ref(c) for c in columns[2:] if c.strip()),
                )
            )
        except TimelineFormatError as exc:
            raise TimelineFormatError(f"{name or 'timeline'}:{number}: {exc}") from exc
    return GoldTimeline(name, target, tuple(entries))


# --- locating mentions ------------------------------------------------------------------------


def find_word(sentence: Sentence, word: str) -> tuple[tuple[Token, ...], ...]:
    """Find every occurrence of a timeline word in its sentence.

    The word's parts (split at "_") are matched to consecutive tokens; failing that, to tokens in
    order with others between them (a phrasal verb around its object: "took six months off" for
    ``took_off``). Exact case is tried first, then case-insensitively (a headline or
    sentence-initial capital: ``pre-orders`` for "Pre-orders").

    Args:
        sentence: The sentence the mention names.
        word: The mention's word.

    Returns:
        The occurrences, each its tokens in order; empty when the word is not there.
    """
    parts = word.split(WORD_JOINER)
    texts = [t.text for t in sentence.tokens]
    for fold in (False, True):
        wanted = [p.casefold() for p in parts] if fold else parts
        seen = [t.casefold() for t in texts] if fold else texts
        for match in (_contiguous, _gapped):
            found = match(seen, wanted)
            if found:
                return tuple(tuple(sentence.tokens[i] for i in indexes) for indexes in found)
    return ()


def _contiguous(tokens: list[str], parts: list[str]) -> list[tuple[int, ...]]:
    width = len(parts)
    return [
        tuple(range(i, i + width))
        for i in range(len(tokens) - width + 1)
        if tokens[i : i + width] == parts
    ]


def _gapped(tokens: list[str], parts: list[str]) -> list[tuple[int, ...]]:
    if len(parts) < 2:
        return []
    found: list[tuple[int, ...]] = []
    for first in (i for i, t in enumerate(tokens) if t == parts[0]):
        indexes = [first]
        for part in parts[1:]:
            nxt = next((j for j in range(indexes[-1] + 1, len(tokens)) if tokens[j] == part), None)
            if nxt is None:
                break
            indexes.append(nxt)
        if len(indexes) == len(parts):
            found.append(tuple(indexes))
    return found


@dataclass(frozen=True, slots=True)
class GoldMention:
    """A distinct (document, sentence, word, date) of the timelines, located in its sentence."""

    doc_id: str
    sentence_id: int
    word: str
    date: GoldDate
    targets: tuple[str, ...]  # the timelines that list it
    occurrences: tuple[tuple[Token, ...], ...]  # empty when it cannot be located
    problem: str | None = None  # why it cannot be located

    @property
    def tokens(self) -> tuple[Token, ...]:
        """Every token of every occurrence, in text order."""
        return tuple(sorted({t for occurrence in self.occurrences for t in occurrence},
                            key=lambda t: t.start))

    @property
    def label(self) -> str:
        """The mention as the timeline files write it."""
        return f"{self.doc_id}-{self.sentence_id}-{self.word}"


def gold_mentions(
    timelines: Iterable[GoldTimeline], documents: Iterable[TrialDocument]
) -> tuple[GoldMention, ...]:
    """Collect the distinct mentions of all timelines and locate each in its sentence.

    A mention listed by several timelines (an event involving two targets) counts once per date.

    Args:
        timelines: The gold timelines.
        documents: The articles they refer to.

    Returns:
        The mentions, ordered by document id, sentence and word position; a mention whose
        document, sentence or word is missing has no occurrences and says why in `problem`.
    """
    by_id = {d.doc_id: d for d in documents}
    targets: dict[tuple[str, int, str, str], list[str]] = {}
    dates: dict[tuple[str, int, str, str], GoldDate] = {}
    for timeline in timelines:
        for entry in timeline.entries:
            for ref in entry.mentions:
                key = (ref.doc_id, ref.sentence, ref.word, entry.date.raw)
                dates.setdefault(key, entry.date)
                listed = targets.setdefault(key, [])
                if timeline.target not in listed:
                    listed.append(timeline.target)
    mentions: list[GoldMention] = []
    for key, gold_date in dates.items():
        doc_id, sentence_id, word, _ = key
        occurrences: tuple[tuple[Token, ...], ...] = ()
        problem: str | None = None
        doc = by_id.get(doc_id)
        sentence = doc.sentence(sentence_id) if doc is not None else None
        if doc is None:
            problem = f"no document {doc_id}"
        elif sentence is None:
            problem = f"no sentence {sentence_id} in document {doc_id}"
        else:
            occurrences = find_word(sentence, word)
            if not occurrences:
                problem = f"{word!r} is not in sentence {sentence_id} of document {doc_id}"
        mentions.append(
            GoldMention(doc_id, sentence_id, word, gold_date, tuple(targets[key]), occurrences,
                        problem)
        )
    return tuple(sorted(mentions, key=_mention_order))


def _mention_order(m: GoldMention) -> tuple[int, str, int, int, str, str]:
    first = m.occurrences[0][0].start if m.occurrences else -1
    return (int(m.doc_id), m.doc_id, m.sentence_id, first, m.word, m.date.raw)


# --- the corpus folder ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrialCorpus:
    """A timeline corpus: its articles, its timelines, and the files that could not be read."""

    path: str
    documents: tuple[TrialDocument, ...]
    timelines: tuple[GoldTimeline, ...]
    unreadable: tuple[tuple[str, str], ...] = ()  # (file, reason)


def is_trial_corpus(path: str | Path) -> bool:
    """Return whether a path is a folder with ``timeml/`` and ``timelines/`` sub-folders."""
    root = Path(path)
    return (root / TIMEML_FOLDER).is_dir() and (root / TIMELINES_FOLDER).is_dir()


def read_trial_corpus(path: str | Path) -> TrialCorpus:
    """Read every article under ``timeml/`` and every timeline under ``timelines/``.

    Args:
        path: The corpus folder.

    Returns:
        The corpus, files in sorted order; unreadable files are listed, not raised.

    Raises:
        TimelineFormatError: The folder lacks ``timeml/`` or ``timelines/``.
    """
    root = Path(path)
    if not is_trial_corpus(root):
        raise TimelineFormatError(
            f"{path}: not a timeline corpus (needs {TIMEML_FOLDER}/ and {TIMELINES_FOLDER}/)"
        )
    documents: list[TrialDocument] = []
    timelines: list[GoldTimeline] = []
    unreadable: list[tuple[str, str]] = []
    for file in sorted(p for p in (root / TIMEML_FOLDER).glob("*.tml") if p.is_file()):
        name = file.relative_to(root).as_posix()
        try:
            documents.append(parse_trial_timeml(file.read_bytes(), name=name))
        except (TimeMLError, ET.ParseError, OSError) as exc:
            unreadable.append((name, str(exc)))
    for file in sorted(p for p in (root / TIMELINES_FOLDER).glob("*.txt") if p.is_file()):
        name = file.relative_to(root).as_posix()
        try:
            timelines.append(parse_timeline(file.read_text(encoding="utf-8"), name=name))
        except (TimelineFormatError, OSError, UnicodeDecodeError) as exc:
            unreadable.append((name, str(exc)))
    return TrialCorpus(str(path), tuple(documents), tuple(timelines), tuple(unreadable))
