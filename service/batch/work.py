"""A worker's task: extract a few records and return their output lines, ready to write.

The same function runs in this process (``--workers 1``), in local worker processes
(``--workers N``) and on Dask workers, so the three give the same lines. The lines are built
where the article was extracted: the process that writes the output only appends bytes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from schemas.timeline import ErrorBody, TimelineOut
from service.batch.output import OutputFormat, format_result
from service.batch.records import Record, RecordId
from service.library import extract_one
from service.nlp import load_nlp

_LOADING = threading.Lock()
_loads: dict[str | None, int] = {}


@dataclass(frozen=True, slots=True)
class Outcome:
    """One record's output lines, and whether it failed."""

    id: RecordId
    data: bytes
    failed: bool


@dataclass(frozen=True, slots=True)
class WorkerModel:
    """Which process ran a task, and how often that process has loaded its parser."""

    pid: int
    loads: int


def load_model(spacy_model: str | None) -> None:
    """Load the parser once in this process (threads of one worker share it)."""
    with _LOADING:
        if spacy_model not in _loads:
            load_nlp(spacy_model)
            _loads[spacy_model] = _loads.get(spacy_model, 0) + 1


def worker_model(spacy_model: str | None) -> WorkerModel:
    """This process and the number of times it loaded ``spacy_model`` (1 once it has)."""
    return WorkerModel(os.getpid(), _loads.get(spacy_model, 0))


def process_records(
    records: Sequence[Record],
    *,
    fmt: OutputFormat,
    max_chars: int | None,
    spacy_model: str | None,
) -> list[Outcome]:
    """Extract each readable record with this process's parser; every record gives lines.

    Args:
        records: a few consecutive records of the input.
        fmt: the output format.
        max_chars: the longest text accepted (longer: ``text_too_large``).
        spacy_model: the parser to use (None: the default one).

    Returns:
        One outcome per record, in order.
    """
    load_model(spacy_model)
    nlp = load_nlp(spacy_model)
    outcomes: list[Outcome] = []
    for record in records:
        result: TimelineOut | ErrorBody
        if record.error is not None:
            result = record.error
        else:
            result = extract_one(record.request or {}, max_chars=max_chars, nlp=nlp)
        failed = isinstance(result, ErrorBody)
        outcomes.append(Outcome(record.id, format_result(record.id, result, fmt), failed))
    return outcomes
