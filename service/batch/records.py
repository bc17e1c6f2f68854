"""Reading a batch's input: JSON lines (a file or standard input) or a folder of .txt/.tml files.

Every input line or file becomes one ``Record``, in input order. A line that cannot be read
(not UTF-8, not JSON, not an object, an id that is neither a string nor an integer) is still a
record: it carries the API's error for it, so it becomes an error line instead of stopping the
run. Whether the fields make a valid request (text present, not too long ...) is decided later,
where the article is extracted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Final

from schemas.timeline import ErrorBody, TimelineIn
from service.domain.errors import InvalidRequest
from service.formats.timeml import TimeMLError, parse_timeml

RecordId = str | int
STDIN: Final = "-"
FOLDER_SUFFIXES: Final = (".txt", ".tml")
# The fields of a record that are the article's request; any other field (a title, a URL ...)
# is the caller's own and is left alone.
REQUEST_FIELDS: Final = frozenset(TimelineIn.model_fields)


@dataclass(frozen=True, slots=True)
class Record:
    """One article of the input.

    Attributes:
        id: the record's ``id`` (a string or an integer), else its line number; a file's
            path relative to the folder.
        request: the request's fields (``text``, ``document_date`` ...), None if unreadable.
        error: why the record could not be read, None if it could.
    """

    id: RecordId
    request: Mapping[str, Any] | None
    error: ErrorBody | None = None


def record_key(record_id: object) -> str:
    """The id as resume compares it (the same in JSON-lines and CSV output)."""
    return str(record_id)


def _invalid(record_id: RecordId, message: str, details: Any = None) -> Record:
    exc = InvalidRequest(message, details)
    return Record(record_id, None, ErrorBody(code=exc.code, message=exc.message, details=details))


def parse_line(raw: bytes, number: int) -> Record:
    """The record of one JSON line (``number`` counts from 1, blank lines included)."""
    try:
        line = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        return _invalid(number, f"line {number} is not UTF-8: {exc.reason} at byte {exc.start}",
                        {"line": number})
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return _invalid(number, f"line {number} is not valid JSON: {exc.msg} at character "
                        f"{exc.pos + 1}", {"line": number})
    except RecursionError:
        return _invalid(number, f"line {number} is nested too deeply", {"line": number})
    if not isinstance(value, dict):
        return _invalid(number, f"line {number} is not a JSON object", {"line": number})
    given = value.get("id", number)
    if isinstance(given, bool) or not isinstance(given, str | int):
        return _invalid(number, f"line {number}: id must be a string or an integer",
                        {"line": number})
    return Record(given, {k: v for k, v in value.items() if k in REQUEST_FIELDS})


def read_json_lines(stream: BinaryIO) -> Iterator[Record]:
    """The records of a JSON-lines stream, read lazily; blank lines are skipped."""
    for number, raw in enumerate(stream, start=1):
        if raw.strip():
            yield parse_line(raw, number)


def folder_files(root: Path) -> tuple[Path, ...]:
    """The articles under ``root`` (recursively), in sorted path order: its .tml files, or,
    when it has none, its .txt files (a TimeML corpus's README.txt is not an article)."""
    found = sorted(p for p in root.rglob("*") if p.suffix.lower() in FOLDER_SUFFIXES
                   and p.is_file())
    timeml = tuple(p for p in found if p.suffix.lower() == ".tml")
    return timeml or tuple(found)


def read_file(path: Path, record_id: str) -> Record:
    """A .txt file (its text; the document date is found in it) or a .tml file (its TEXT and
    its DCT as the document date)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _invalid(record_id, f"cannot read {record_id}: {exc.strerror or exc}")
    if path.suffix.lower() != ".tml":
        return Record(record_id, {"text": data.decode("utf-8", errors="replace")})
    try:
        doc = parse_timeml(data, name=record_id)
    except TimeMLError as exc:
        return _invalid(record_id, str(exc))
    date = doc.document_date.isoformat() if doc.document_date is not None else None
    return Record(record_id, {"text": doc.text, "document_date": date})


def read_folder(root: Path) -> Iterator[Record]:
    """One record per .txt/.tml file, its id the path relative to ``root``."""
    for path in folder_files(root):
        yield read_file(path, path.relative_to(root).as_posix())


def count_records(source: str) -> int | None:
    """How many records ``source`` holds (None for standard input, which is read once)."""
    if source == STDIN:
        return None
    path = Path(source)
    if path.is_dir():
        return len(folder_files(path))
    with path.open("rb") as handle:
        return sum(1 for raw in handle if raw.strip())


def read_records(source: str, stdin: BinaryIO) -> Iterator[Record]:
    """The records of ``source``: a JSON-lines file, a folder, or ``-`` (``stdin``)."""
    if source == STDIN:
        yield from read_json_lines(stdin)
        return
    path = Path(source)
    if path.is_dir():
        yield from read_folder(path)
        return
    with path.open("rb") as handle:
        yield from read_json_lines(handle)
