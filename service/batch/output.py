"""Writing a batch's output: one JSON line per article, or CSV with one row per event.

A JSON line is ``{"id": ..., "timeline": {...}}`` (the API's answer) or ``{"id": ...,
"error": {"code", "message", "details"}}`` (the API's error body). Every record, and every CSV
row, is exactly one line: what is written is whole lines only, so an interrupted run leaves
valid output and ``--resume`` can read the ids back.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any, Final

from schemas.timeline import ErrorBody, EventOut, TimelineOut
from service.batch.records import RecordId, record_key


class OutputFormat(Enum):
    JSONL = "jsonl"
    CSV = "csv"


# The page's CSV columns (its "Download CSV"), with the article's id and date before them and
# the error of an article that failed after them. ``date`` is the event's label (both ends of an
# event that lasts); ``begin`` and ``end`` are its ends in words, empty for other events.
CSV_COLUMNS: Final = (
    "id", "document_date", "event", "date", "granularity", "summary", "participants",
    "factuality", "inferred", "sentence", "value", "salience", "reported_by", "begin", "end",
    "error",
)


def _json_line(value: dict[str, Any]) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # a lone surrogate (a "\ud800" escape in the input) cannot be UTF-8: escape the line
        return (json.dumps(value, ensure_ascii=True, separators=(",", ":")) + "\n").encode()


def _cell(value: object) -> str:
    # one row per line: a line break inside a cell (a sentence across lines) becomes a space
    text = "" if value is None else str(value)
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def _event_row(record_id: RecordId, document_date: str | None, event: EventOut) -> list[str]:
    when = event.when
    report = event.reported_by
    reported = " ".join(p for p in (report.source, report.verb) if p) if report else ""
    return [
        str(record_id),
        document_date or "",
        event.id,
        when.label if when else "undated",
        (when.granularity or "") if when else "",
        event.summary,
        "; ".join(p.text for p in event.participants),
        event.factuality,
        str(when.inferred).lower() if when else "",
        event.sentence.text,
        (when.value or "") if when else "",
        event.salience,
        reported,
        (when.begin.label if when.begin else "") if when else "",
        (when.end.label if when.end else "") if when else "",
        "",
    ]


def _csv_rows(record_id: RecordId, result: TimelineOut | ErrorBody) -> Iterator[list[str]]:
    empty = [""] * (len(CSV_COLUMNS) - 2)
    if isinstance(result, ErrorBody):
        yield [str(record_id), *empty, f"{result.code}: {result.message}"]
    elif not result.events:  # the article still has its row, so that resume sees its id
        yield [str(record_id), result.document_date or "", *empty]
    else:
        for event in result.events:
            yield _event_row(record_id, result.document_date, event)


def _csv_text(rows: Iterator[list[str]] | list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([_cell(c) for c in row])
    return buffer.getvalue().encode("utf-8", errors="backslashreplace")


def csv_header() -> bytes:
    """The CSV header line."""
    return _csv_text([list(CSV_COLUMNS)])


def format_result(
    record_id: RecordId, result: TimelineOut | ErrorBody, fmt: OutputFormat
) -> bytes:
    """The output lines of one article: its JSON line, or its CSV rows."""
    if fmt == OutputFormat.CSV:
        return _csv_text(_csv_rows(record_id, result))
    if isinstance(result, ErrorBody):
        return _json_line({"id": record_id, "error": result.model_dump(mode="json")})
    return _json_line({"id": record_id, "timeline": result.model_dump(mode="json")})


def trim_partial_line(path: Path) -> int:
    """Cut what follows the last line break (a line a killed run left half written).

    Returns:
        The bytes removed.
    """
    with path.open("r+b") as handle:
        size = handle.seek(0, io.SEEK_END)
        if size == 0:
            return 0
        position = size
        block = 64 * 1024
        while position > 0:
            start = max(0, position - block)
            handle.seek(start)
            chunk = handle.read(position - start)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                end = start + newline + 1
                break
            position = start
        else:
            end = 0
        handle.truncate(end)
        return size - end


def done_keys(path: Path, fmt: OutputFormat) -> set[str]:
    """The ids an earlier run wrote to ``path`` (its whole lines), for ``--resume``."""
    keys: set[str] = set()
    with path.open("rb") as handle:
        if fmt == OutputFormat.CSV:
            reader = csv.reader(io.TextIOWrapper(handle, encoding="utf-8", errors="replace"))
            next(reader, None)  # the header
            keys.update(row[0] for row in reader if row)
            return keys
        for raw in handle:
            key = _line_key(raw)
            if key is not None:
                keys.add(key)
    return keys


_ID_PREFIX: Final = b'{"id":'
_DECODER: Final = json.JSONDecoder()


def _line_key(raw: bytes) -> str | None:
    """The id of one output line; only the id is decoded when the line starts with it, as
    every line this command writes does (the timelines after it may be long)."""
    try:
        if raw.startswith(_ID_PREFIX):
            value, _ = _DECODER.raw_decode(raw[len(_ID_PREFIX):].decode("utf-8"))
            return record_key(value)
        whole = json.loads(raw)
    except ValueError:
        return None  # not a line this command writes: left as it is
    return record_key(whole["id"]) if isinstance(whole, dict) and "id" in whole else None
