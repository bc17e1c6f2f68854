"""TimeML documents: a reader for gold annotations and a writer for pipeline output.

The reader keeps the TEXT element's characters exactly as an XML parser yields them (entities
such as ``&amp;`` decoded, inline tags removed), so every offset it reports indexes the same
string the pipeline is given.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Final
from xml.sax.saxutils import escape, quoteattr

from service.domain.types import (
    Event,
    EventRef,
    Inference,
    RelatedEvent,
    TimeExpression,
    Timeline,
)

CREATION_TIME: Final = "CREATION_TIME"
# TempEval-1 files (TimeBankPT) have no TEXT: the annotated text is their <s> elements.
TEMPEVAL_ROOT: Final = "TempEval"

# Relation of an event to its time (pipeline `Relation` values) -> TimeML TLINK relType.
REL_TYPES: Final[Mapping[str, str]] = {
    "on": "IS_INCLUDED",
    "before": "BEFORE",
    "after": "AFTER",
    "since": "BEGUN_BY",
    "until": "ENDED_BY",
    "during": "DURING",
}

_DATE_PREFIX: Final = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
# Characters XML 1.0 cannot carry even as references; the writer replaces them with a space so
# that offsets stay the same.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class TimeMLError(ValueError):
    """A file that is not a readable TimeML document."""


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A TIMEX3 inside TEXT, with offsets into the document text."""

    tid: str
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentTime:
    """The document creation time: the CREATION_TIME TIMEX3 of the DCT element."""

    tid: str
    type: str
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """An EVENT inside TEXT, with offsets into the document text."""

    eid: str
    start: int
    end: int
    text: str
    event_class: str


@dataclass(frozen=True, slots=True)
class Instance:
    """A MAKEINSTANCE: the event instance id that links refer to, and its EVENT."""

    eiid: str
    event_id: str


@dataclass(frozen=True, slots=True)
class TLink:
    """A TLINK; exactly one of each source and target pair of ids is set."""

    lid: str
    rel_type: str
    event_instance_id: str | None = None
    time_id: str | None = None
    related_to_time: str | None = None
    related_to_event_instance: str | None = None


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """One TimeML file: its text, document date and gold annotations."""

    name: str
    doc_id: str
    text: str
    document_date: date | None
    dct: DocumentTime | None
    timexes: tuple[GoldTimex, ...]
    events: tuple[GoldEvent, ...]
    instances: tuple[Instance, ...]
    tlinks: tuple[TLink, ...]


def read_timeml(path: str | Path, *, name: str | None = None) -> TimeMLDocument:
    """Read one TimeML file.

    Args:
        path: The .tml file.
        name: The name reported for the document; defaults to the file name.

    Returns:
        The parsed document.

    Raises:
        TimeMLError: The file is not well-formed XML or has no TEXT element.
    """
    file = Path(path)
    return parse_timeml(file.read_bytes(), name=file.name if name is None else name)


def parse_timeml(source: str | bytes, *, name: str = "") -> TimeMLDocument:
    """Parse a TimeML document from its XML source.

    Args:
        source: The XML, as text or as bytes (bytes honour the encoding declaration).
        name: The name reported for the document.

    Returns:
        The parsed document.

    Raises:
        TimeMLError: The source is not well-formed XML or has no TEXT element.
    """
    # A declaration preceded by blank lines is an XML error, but such files are common.
    stripped = source.lstrip()
    try:
        root = ET.fromstring(stripped)
    except ET.ParseError as exc:
        raise TimeMLError(f"{name or 'document'}: not well-formed XML: {exc}") from exc
    _strip_namespaces(root)
    text_el = root if root.tag == "TEXT" else root.find(".//TEXT")
    if text_el is None and root.tag == TEMPEVAL_ROOT:
        text_el = _sentences_as_text(root)
    if text_el is None:
        raise TimeMLError(f"{name or 'document'}: no TEXT element")

    dct = _document_time(root)
    text, timexes, events = _flatten(text_el)
    timexes = [t for t in timexes if not _is_creation_time(t[1])]
    doc_id_el = root.find(".//DOCID")
    doc_id = (doc_id_el.text or "").strip() if doc_id_el is not None else ""
    return TimeMLDocument(
        name=name,
        doc_id=doc_id,
        text=text,
        document_date=_date_of(dct.value) if dct is not None else None,
        dct=dct,
        timexes=tuple(_gold_timex(start, el, text) for start, el in timexes),
        events=tuple(_gold_event(start, el, text) for start, el in events),
        instances=tuple(
            Instance(eiid=el.get("eiid", ""), event_id=el.get("eventID", ""))
            for el in root.iter("MAKEINSTANCE")
        ),
        tlinks=tuple(
            TLink(
                lid=el.get("lid", ""),
                rel_type=el.get("relType", ""),
                event_instance_id=el.get("eventInstanceID"),
                time_id=el.get("timeID"),
                related_to_time=el.get("relatedToTime"),
                related_to_event_instance=el.get("relatedToEventInstance"),
            )
            for el in root.iter("TLINK")
        ),
    )


def find_timeml_files(path: str | Path) -> tuple[Path, ...]:
    """List the .tml files under a folder (recursively, sorted), or the file itself.

    Args:
        path: A .tml file or a folder.

    Returns:
        The files, in a stable order.
    """
    root = Path(path)
    if root.is_file():
        return (root,)
    return tuple(sorted(p for p in root.rglob("*.tml") if p.is_file()))


def iter_timeml(path: str | Path) -> Iterator[TimeMLDocument]:
    """Read every .tml file under a folder, named by their path relative to it.

    Args:
        path: A .tml file or a folder.

    Yields:
        One document per file, in sorted path order.
    """
    root = Path(path)
    for file in find_timeml_files(root):
        name = file.name if root.is_file() else file.relative_to(root).as_posix()
        yield read_timeml(file, name=name)


def _strip_namespaces(root: ET.Element) -> None:
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.rsplit("}", 1)[1]


def _is_creation_time(el: ET.Element) -> bool:
    return el.get("functionInDocument") == CREATION_TIME


def _document_time(root: ET.Element) -> DocumentTime | None:
    candidates = [el for el in root.findall(".//DCT//TIMEX3") if _is_creation_time(el)]
    candidates = candidates or root.findall(".//DCT//TIMEX3")
    candidates = candidates or [el for el in root.iter("TIMEX3") if _is_creation_time(el)]
    if not candidates:
        return None
    el = candidates[0]
    return DocumentTime(
        tid=el.get("tid", ""),
        type=el.get("type", ""),
        value=el.get("value", ""),
        text="".join(el.itertext()),
    )


def _date_of(value: str) -> date | None:
    match = _DATE_PREFIX.match(value)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _flatten(
    text_el: ET.Element,
) -> tuple[str, list[tuple[int, ET.Element]], list[tuple[int, ET.Element]]]:
    """Return TEXT's characters and the start offset of every TIMEX3 and EVENT in it."""
    parts: list[str] = []
    length = 0
    timexes: list[tuple[int, ET.Element]] = []
    events: list[tuple[int, ET.Element]] = []

    def add(chunk: str | None) -> None:
        nonlocal length
        if chunk:
            parts.append(chunk)
            length += len(chunk)

    def walk(el: ET.Element) -> None:
        if el.tag == "TIMEX3":
            timexes.append((length, el))
        elif el.tag == "EVENT":
            events.append((length, el))
        add(el.text)
        for child in el:
            walk(child)
            add(child.tail)

    walk(text_el)
    return "".join(parts), timexes, events


def _sentences_as_text(root: ET.Element) -> ET.Element | None:
    """A TEXT element made of a TempEval-1 document's sentences, one a line.

    Only the sentences carry annotation; the header lines and unannotated tables between them
    are left out, so that a time expression found there is not scored as a false alarm.
    """
    sentences = list(root.iter("s"))
    if not sentences:
        return None
    text = ET.Element("TEXT")
    text.text = "\n"
    for sentence in sentences:
        copy = ET.SubElement(text, "s")
        copy.text = sentence.text
        copy.extend(list(sentence))
        copy.tail = "\n"
    return text


def _inner_length(el: ET.Element) -> int:
    return sum(len(chunk) for chunk in el.itertext())


def _gold_timex(start: int, el: ET.Element, text: str) -> GoldTimex:
    end = start + _inner_length(el)
    return GoldTimex(
        tid=el.get("tid", ""),
        start=start,
        end=end,
        text=text[start:end],
        type=el.get("type", ""),
        value=el.get("value", ""),
        mod=el.get("mod"),
    )


def _gold_event(start: int, el: ET.Element, text: str) -> GoldEvent:
    end = start + _inner_length(el)
    return GoldEvent(
        eid=el.get("eid", ""),
        start=start,
        end=end,
        text=text[start:end],
        event_class=el.get("class", ""),
    )


# --- writer -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tag:
    start: int
    end: int
    is_timex: bool
    ident: str
    open: str
    close: str


def to_timeml(timeline: Timeline, text: str, *, doc_id: str = "") -> str:
    """Write a pipeline result as a TimeML document that `parse_timeml` reads back.

    Time expressions become TIMEX3 tags (tids t1, t2, ... in order; t0 is the DCT), events
    EVENT tags (e1, ...) with one MAKEINSTANCE each (ei1, ...), and each event's time a TLINK
    (relation on -> IS_INCLUDED, before -> BEFORE, after -> AFTER, since -> BEGUN_BY, until ->
    ENDED_BY, during -> DURING): to its TIMEX3, to t0 for times taken from the document date,
    or to the instance of the event its time was inferred from. Tags must nest, so an event
    whose trigger would cross a TIMEX3 or an earlier event, or a time expression crossing an
    earlier one, is left out together with its instance and links.

    Args:
        timeline: The pipeline result.
        text: The text the timeline was extracted from (its offsets index this string).
        doc_id: The DOCID to write.

    Returns:
        The TimeML document as a string.
    """
    tids = {t.id: f"t{i}" for i, t in enumerate(timeline.time_expressions, start=1)}
    eids = {e.id: f"e{i}" for i, e in enumerate(timeline.events, start=1)}

    placed: list[_Tag] = []
    for timex in sorted(timeline.time_expressions, key=lambda t: (t.start, -t.end)):
        tag = _timex_tag(timex, tids[timex.id])
        if _fits(tag, len(text), placed):
            placed.append(tag)
    placed_tids = {tag.ident for tag in placed}
    for event in sorted(timeline.events, key=lambda e: (e.trigger.start, -e.trigger.end)):
        tag = _event_tag(event, eids[event.id])
        if _fits(tag, len(text), placed):
            placed.append(tag)
    written_events = {tag.ident for tag in placed if not tag.is_timex}

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<TimeML>"]
    lines.append(f"<DOCID>{escape(doc_id)}</DOCID>")
    if timeline.document_date is not None:
        iso = timeline.document_date.isoformat()
        lines.append(
            f'<DCT><TIMEX3 tid="t0" type="DATE" value="{iso}" temporalFunction="false" '
            f'functionInDocument="{CREATION_TIME}">{iso}</TIMEX3></DCT>'
        )
    lines.append(f"<TEXT>{_inline(text, placed)}</TEXT>")

    instances = {e.id: f"ei{eids[e.id][1:]}" for e in timeline.events}
    for event in timeline.events:
        if eids[event.id] not in written_events:
            continue
        polarity = "NEG" if event.factuality.value == "negated" else "POS"
        lines.append(
            f'<MAKEINSTANCE eiid="{instances[event.id]}" eventID="{eids[event.id]}" '
            f'tense="NONE" aspect="NONE" polarity="{polarity}" pos="UNKNOWN" />'
        )
    links = _tlinks(timeline, instances, placed_tids, tids, written_events, eids)
    lines.extend(
        f'<TLINK lid="l{i}" relType="{rel}" eventInstanceID="{source}" {target_attr}="{target}" />'
        for i, (rel, source, target_attr, target) in enumerate(links, start=1)
    )
    lines.append("</TimeML>")
    return "\n".join(lines) + "\n"


def _tlinks(
    timeline: Timeline,
    instances: Mapping[EventRef, str],
    placed_tids: set[str],
    tids: Mapping[str, str],
    written_events: set[str],
    eids: Mapping[EventRef, str],
) -> Iterator[tuple[str, str, str, str]]:
    """Yield (relType, eventInstanceID, target attribute, target id) for each event's time."""
    for event in timeline.events:
        when = event.when
        if when is None or eids[event.id] not in written_events:
            continue
        rel = REL_TYPES.get(when.relation.value, "IS_INCLUDED")
        source = instances[event.id]
        basis = when.basis
        if when.expression_id is not None:
            tid = tids.get(when.expression_id)
            if tid is not None and tid in placed_tids:
                yield rel, source, "relatedToTime", tid
        elif isinstance(basis, RelatedEvent):
            other = basis.event
            if other in instances and eids[other] in written_events:
                yield rel, source, "relatedToEventInstance", instances[other]
        elif basis == Inference.DOCUMENT_DATE and timeline.document_date is not None:
            yield rel, source, "relatedToTime", "t0"


def _timex_tag(timex: TimeExpression, tid: str) -> _Tag:
    attrs = f"tid={quoteattr(tid)} type={quoteattr(timex.type.value)}"
    attrs += f" value={quoteattr(timex.value)}"
    if timex.mod:
        attrs += f" mod={quoteattr(timex.mod)}"
    return _Tag(timex.start, timex.end, True, tid, f"<TIMEX3 {attrs}>", "</TIMEX3>")


def _event_tag(event: Event, eid: str) -> _Tag:
    attrs = f'eid={quoteattr(eid)} class="OCCURRENCE"'
    start, end = event.trigger.start, event.trigger.end
    return _Tag(start, end, False, eid, f"<EVENT {attrs}>", "</EVENT>")


def _fits(tag: _Tag, length: int, placed: Iterable[_Tag]) -> bool:
    """Return whether a tag has a non-empty extent inside the text and nests with the others."""
    if not 0 <= tag.start < tag.end <= length:
        return False
    for other in placed:
        if (other.start, other.end) == (tag.start, tag.end):
            if other.is_timex and not tag.is_timex:
                continue  # an event on the timex's exact extent nests inside it
            return False  # two tags of the same kind cannot share an extent
        if other.start < tag.start < other.end < tag.end:
            return False
        if tag.start < other.start < tag.end < other.end:
            return False
    return True


def _inline(text: str, tags: Iterable[_Tag]) -> str:
    """Return the text escaped for XML with the (properly nested) tags inserted."""
    # At one offset: closes before opens; outer tags open first and close last; a TIMEX3 is
    # the outer one when an EVENT has the same extent.
    ordered = sorted(tags, key=lambda t: (t.start, -t.end, not t.is_timex))
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for tag in ordered:
        opens.setdefault(tag.start, []).append(tag.open)
        closes.setdefault(tag.end, []).insert(0, tag.close)
    out: list[str] = []
    cuts = sorted({0, len(text), *opens, *closes})
    for left, right in pairwise(cuts):
        out.extend(closes.get(left, ()))
        out.extend(opens.get(left, ()))
        out.append(_escape_text(text[left:right]))
    out.extend(closes.get(len(text), ()))
    return "".join(out)


def _escape_text(chunk: str) -> str:
    # A literal CR would be normalised to LF by the reader, so it is written as a reference.
    return escape(_NOT_XML.sub(" ", chunk)).replace("\r", "&#13;")
