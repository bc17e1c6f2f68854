"""Plain words wherever a person reads a date: a stated range reads as both its ends in the
API's label and in the CSV of a batch run."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from service.library import extract

TEXT = "The city expanded the tram network between 2019 and 2022, the mayor said."


def test_an_event_dated_by_a_range_is_labelled_with_both_ends() -> None:
    timeline = extract(TEXT, "2025-05-20")
    event = next(e for e in timeline.events if e.trigger.text == "expanded")
    assert event.when is not None and event.when.range is not None
    assert event.when.value == "2019"
    assert event.when.label == "2019–2022"


def test_the_batch_csv_reads_the_range(tmp_path: Path) -> None:
    from service.batch.output import OutputFormat
    from service.batch.run import BatchJob, run_batch

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "tram", "text": TEXT, "document_date": "2025-05-20"})
                      + "\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    run_batch(BatchJob(source=str(source), output=output, fmt=OutputFormat.CSV,
                       progress_every=3600.0))
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    assert "2019–2022" in [row["date"] for row in rows]
