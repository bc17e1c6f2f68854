"""``timeline batch``: JSON lines, folders and stdin; progress, resume, error lines, Ctrl-C."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from service import cli
from service.batch.output import (
    CSV_COLUMNS,
    OutputFormat,
    done_keys,
    format_result,
    trim_partial_line,
)
from service.batch.progress import Bar, LogLines, Summary, progress_for
from service.batch.records import parse_line
from service.batch.run import BatchError, BatchJob, run_batch
from service.bench_batch import BatchRun, parse_summary
from service.config import get_settings
from service.convert import to_schema
from service.domain import types as domain
from service.pipeline import run as pipeline_run

PLACES = ("Arden", "Bellmouth", "Corrin", "Dunmore", "Eskby", "Farrow", "Glenna", "Holt")
OPENINGS = (
    "The {place} council approved the new budget on {weekday}.",
    "Storms closed the {place} harbour on {day} {month} {year}, officials said.",
    "Police in {place} arrested two men last week.",
    "The {place} museum will reopen next month after repairs.",
)
FOLLOW_UPS = (
    "The mayor said the vote would be held two days later.",
    "Residents protested outside the town hall on {weekday}.",
    "Repairs are expected to finish in {month} {year}.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MONTHS = ("January", "March", "May", "July", "October")


def article(n: int) -> dict[str, Any]:
    """The n-th generated article: two short sentences from the templates above."""
    fields = {"place": PLACES[n % len(PLACES)], "weekday": WEEKDAYS[n % 5], "day": 1 + n % 27,
              "month": MONTHS[n % 5], "year": 2015 + n % 9}
    text = " ".join((OPENINGS[n % len(OPENINGS)].format(**fields),
                     FOLLOW_UPS[n % len(FOLLOW_UPS)].format(**fields)))
    record: dict[str, Any] = {"id": f"doc-{n:04d}", "text": text}
    if n % 3:
        record["document_date"] = f"{2016 + n % 8}-0{1 + n % 9}-{10 + n % 18}"
    return record


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), "utf-8")
    return path


def jsonl(path: Path, count: int) -> Path:
    return write_lines(path, [json.dumps(article(n)) for n in range(count)])


def read_output(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    assert data.endswith(b"\n"), "the output ends with a whole line"
    return [json.loads(line) for line in data.splitlines()]


def comparable(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records without the one field that differs from run to run (the time taken)."""
    out = []
    for record in records:
        if "timeline" in record:
            meta = {**record["timeline"]["meta"], "elapsed_ms": None}
            record = {**record, "timeline": {**record["timeline"], "meta": meta}}
        out.append(record)
    return out


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(["batch", *argv])
    return code, capsys.readouterr().err


def test_json_lines_in_give_one_line_per_article_with_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = jsonl(tmp_path / "in.jsonl", 6)
    code, err = run_cli(capsys, str(source), "-o", str(tmp_path / "out.jsonl"))
    assert code == 0
    records = read_output(tmp_path / "out.jsonl")
    assert [r["id"] for r in records] == [f"doc-{n:04d}" for n in range(6)]
    assert all("timeline" in r and "error" not in r for r in records)
    assert records[1]["timeline"]["document_date"] == article(1)["document_date"]
    assert records[0]["timeline"]["document_date_source"] == "none"
    assert "batch: done 6, failed 0, skipped 0; 6 articles in" in err


def test_a_folder_of_tml_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    (folder / "wire").mkdir(parents=True)
    (folder / "wire" / "b.tml").write_text(
        '<?xml version="1.0"?>\n<TimeML><DOCID>b</DOCID><DCT><TIMEX3 tid="t0" type="DATE" '
        'value="2019-04-03" functionInDocument="CREATION_TIME">2019-04-03</TIMEX3></DCT>'
        "<TEXT>The bank raised rates on Monday.</TEXT></TimeML>\n"
    )
    (folder / "wire" / "broken.tml").write_text("<TimeML><TEXT>unclosed</TimeML>")
    (folder / "README.txt").write_text("About this corpus: not an article.")
    code, _ = run_cli(capsys, str(folder), "-o", str(tmp_path / "out.jsonl"))
    assert code == 0
    records = {r["id"]: r for r in read_output(tmp_path / "out.jsonl")}
    assert list(records) == ["wire/b.tml", "wire/broken.tml"]
    monday = records["wire/b.tml"]["timeline"]
    assert monday["document_date"] == "2019-04-03"
    assert monday["time_expressions"][0]["value"] == "2019-04-01"
    assert records["wire/broken.tml"]["error"]["code"] == "invalid_request"
    assert "not well-formed XML" in records["wire/broken.tml"]["error"]["message"]


def test_a_folder_of_txt_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    (folder / "2025").mkdir(parents=True)
    (folder / "2025" / "dam.txt").write_text(
        "May 20, 2025 -- The dam burst at Dunmore on Sunday.\n"
    )
    (folder / "a.txt").write_bytes(b"The mill closed on 4 July 2011.\xff\n")
    (folder / "notes.md").write_text("not an article")
    code, _ = run_cli(capsys, str(folder), "-o", str(tmp_path / "out.jsonl"))
    assert code == 0
    records = {r["id"]: r for r in read_output(tmp_path / "out.jsonl")}
    assert list(records) == ["2025/dam.txt", "a.txt"]
    dam = records["2025/dam.txt"]["timeline"]
    assert (dam["document_date"], dam["document_date_source"]) == ("2025-05-20", "text")
    assert records["a.txt"]["timeline"]["time_expressions"][0]["value"] == "2011-07-04"


def test_standard_input(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "".join(json.dumps(article(n)) + "\n" for n in range(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    code, err = run_cli(capsys, "-", "-o", str(tmp_path / "out.jsonl"))
    assert code == 0
    assert [r["id"] for r in read_output(tmp_path / "out.jsonl")] == [
        "doc-0000", "doc-0001", "doc-0002"
    ]
    assert "done 3" in err


def test_bad_records_become_error_lines_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_run = pipeline_run.run

    def crashing(text: str, *args: Any, **kwargs: Any) -> Any:
        if "EXPLODE" in text:
            raise RuntimeError("stage failed")
        return real_run(text, *args, **kwargs)

    monkeypatch.setattr(pipeline_run, "run", crashing)
    monkeypatch.setenv("TIMELINE_MAX_CHARS", "400")
    get_settings.cache_clear()  # the CLI reads the settings once per process
    source = write_lines(tmp_path / "in.jsonl", [
        json.dumps(article(0)),
        '{"id": "cut", "text": "The line ends too soon',            # malformed, in the middle
        json.dumps({"id": "no-text", "document_date": "2020-01-01"}),
        json.dumps({"id": "long", "text": "Rain fell on Monday. " * 40}),
        json.dumps({"id": "boom", "text": "The EXPLODE plan failed on Friday."}),
        json.dumps({"id": "bad-date", "text": "It rained.", "document_date": "2020-02-31"}),
        "[1, 2, 3]",
        json.dumps({"id": ["not", "an", "id"], "text": "x"}),
        "",                                                              # blank: no record
        json.dumps(article(1)),
    ])
    try:
        code, err = run_cli(capsys, str(source), "-o", str(tmp_path / "out.jsonl"))
    finally:
        get_settings.cache_clear()
    assert code == 0
    records = read_output(tmp_path / "out.jsonl")
    codes = {str(r["id"]): r["error"]["code"] for r in records if "error" in r}
    assert codes == {"2": "invalid_request", "no-text": "invalid_request",
                     "long": "text_too_large", "boom": "internal_error",
                     "bad-date": "invalid_document_date", "7": "invalid_request",
                     "8": "invalid_request"}
    assert [r["id"] for r in records if "timeline" in r] == ["doc-0000", "doc-0001"]
    assert [r["id"] for r in records][:3] == ["doc-0000", 2, "no-text"]
    by_id = {str(r["id"]): r for r in records}
    assert by_id["2"]["error"]["message"].startswith("line 2 is not valid JSON")
    assert by_id["long"]["error"]["details"] == {"limit": 400, "length": 840}
    assert by_id["boom"]["error"]["details"] == {"exception": "RuntimeError",
                                                 "message": "stage failed"}
    assert "done 2, failed 7" in err


def test_progress_lines_when_not_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = jsonl(tmp_path / "in.jsonl", 5)
    code, err = run_cli(capsys, str(source), "-o", str(tmp_path / "out.jsonl"),
                        "--batch-size", "2", "--progress-every", "0")
    assert code == 0
    progress = [line for line in err.splitlines() if "articles/s" in line and "done" not in line]
    assert [line.split()[1] for line in progress] == ["2/5", "4/5", "5/5"]
    assert progress[0].startswith("batch: 2/5 (40%) articles, 0 failed, ")
    assert "ETA" in progress[0]


def test_log_lines_come_every_so_many_seconds() -> None:
    now = [0.0]
    stream = io.StringIO()
    lines = LogLines(100, stream, 10.0, clock=lambda: now[0])
    for step in range(30):
        now[0] = step * 1.0
        failed = int(step % 10 == 0)
        lines.advance(1 - failed, failed)
    assert len(stream.getvalue().splitlines()) == 2  # at 10 s and at 20 s
    assert stream.getvalue().splitlines()[0].startswith("batch: 11/100 (11%) articles, 2 failed")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_with_rate_and_eta() -> None:
    stream = _Terminal()
    bar = progress_for(10, stream, 10.0)
    assert isinstance(bar, Bar)
    bar.advance(3, 1)
    bar.close()
    shown = stream.getvalue()
    assert "batch" in shown and "4/10" in shown and "art/s" in shown and "failed=1" in shown
    assert isinstance(progress_for(10, io.StringIO(), 10.0), LogLines)


def test_resume_skips_the_ids_already_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = jsonl(tmp_path / "in.jsonl", 6)
    out = tmp_path / "out.jsonl"
    fresh = tmp_path / "fresh.jsonl"
    assert run_cli(capsys, str(source), "-o", str(fresh))[0] == 0
    complete = fresh.read_bytes().splitlines(keepends=True)
    # an earlier run wrote three lines, and half of the fourth before it was killed
    out.write_bytes(b"".join(complete[:3]) + complete[3][:40])
    code, err = run_cli(capsys, str(source), "-o", str(out), "--resume")
    assert code == 0
    assert "removed a half-written last line (40 bytes)" in err
    assert "done 3, failed 0, skipped 3" in err
    assert comparable(read_output(out)) == comparable(read_output(fresh))


def test_existing_output_needs_resume(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = jsonl(tmp_path / "in.jsonl", 1)
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "x"}\n')
    code, err = run_cli(capsys, str(source), "-o", str(out))
    assert code == 2 and "--resume" in err
    assert out.read_text() == '{"id": "x"}\n'
    code, err = run_cli(capsys, str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o"))
    assert code == 2 and "no such file" in err
    with pytest.raises(SystemExit):
        cli.main(["batch", str(source), "-o", str(out), "--workers", "0"])


def test_csv_has_one_row_per_event_and_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_lines(tmp_path / "in.jsonl", [
        json.dumps({"id": "a", "text": "Rebels seized the port on Sunday.\nTroops left on "
                    "Monday.", "document_date": "2025-05-20"}),
        json.dumps({"id": "quiet", "text": "Blue skies.", "document_date": "2025-05-20"}),
        json.dumps({"id": "bad", "text": ""}),
    ])
    out = tmp_path / "out.csv"
    code, _ = run_cli(capsys, str(source), "-o", str(out), "--format", "csv")
    assert code == 0
    lines = out.read_text("utf-8").splitlines()
    rows = list(csv.DictReader(lines))
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert len(lines) == len(rows) + 1  # every row is one line
    events = [r for r in rows if r["id"] == "a"]
    assert [(r["date"], r["value"], r["summary"]) for r in events] == [
        ("Sun 18 May 2025", "2025-05-18", "Rebels seized the port"),
        ("Mon 19 May 2025", "2025-05-19", "Troops left"),
    ]
    assert [r["id"] for r in rows if not r["event"]] == ["quiet", "bad"]
    assert rows[-1]["error"].startswith("invalid_request: ")
    assert done_keys(out, OutputFormat.CSV) == {"a", "quiet", "bad"}
    code, err = run_cli(capsys, str(source), "-o", str(out), "--format", "csv", "--resume")
    assert code == 0 and "skipped 3" in err
    assert out.read_text("utf-8").splitlines() == lines



def test_csv_of_an_event_that_lasts_has_its_ends_in_words() -> None:
    text = "Kyiv is wary of a ceasefire."
    ends = {"begin": domain.Point(domain.PointRelation.BEFORE, "2025-05-20", domain.Grain.DAY),
            "end": domain.Point(domain.PointRelation.AFTER, "2025-05-20", domain.Grain.DAY)}
    when = domain.When(None, "2025-05-20", domain.Grain.DAY, None, domain.Relation.ON, True,
                       domain.Inference.DOCUMENT_DATE, **ends)
    event = domain.Event(domain.EventRef("e1"), domain.Span(5, 9, "wary"), "Kyiv is wary", (),
                         domain.Span(0, len(text), text), when, domain.Factuality.ASSERTED, 0.9)
    timeline = domain.Timeline(None, domain.DateSource.NONE, "en", (), (event,))
    result = to_schema(timeline, version="test", elapsed_ms=1.0)
    (row,) = csv.DictReader([",".join(CSV_COLUMNS),
                             *format_result("a", result, OutputFormat.CSV).decode().splitlines()])
    assert row["date"] == "since before Tue 20 May 2025, still holding"
    assert (row["begin"], row["end"]) == ("before Tue 20 May 2025", "after Tue 20 May 2025")
    assert (row["value"], row["error"]) == ("2025-05-20", "")


def test_two_workers_write_the_same_lines_as_one(tmp_path: Path) -> None:
    source = jsonl(tmp_path / "in.jsonl", 12)
    one = run_batch(BatchJob(str(source), tmp_path / "one.jsonl"), stderr=io.StringIO())
    two = run_batch(BatchJob(str(source), tmp_path / "two.jsonl", workers=2, batch_size=1),
                    stderr=io.StringIO())
    assert (one.done, two.done, one.failed, two.failed) == (12, 12, 0, 0)
    assert len(two.peak_rss_mb) == 2 and all(mb > 0 for mb in two.peak_rss_mb.values())
    assert comparable(read_output(tmp_path / "two.jsonl")) == comparable(
        read_output(tmp_path / "one.jsonl")
    )


def test_ctrl_c_leaves_whole_lines_and_resume_completes_them(tmp_path: Path) -> None:
    count = 200
    source = jsonl(tmp_path / "in.jsonl", count)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "service.cli", "batch", str(source), "-o", str(out),
               "--batch-size", "1"]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as process:
        deadline = time.monotonic() + 120
        while not (out.exists() and out.stat().st_size > 0):
            assert process.poll() is None and time.monotonic() < deadline, "no line written"
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "interrupted (--resume continues)" in err
    written = read_output(out)  # every line whole, ending in a line break
    assert 0 < len(written) < count
    summary = run_batch(BatchJob(str(source), out, resume=True), stderr=io.StringIO())
    assert summary.skipped == len(written) and summary.done == count - len(written)
    assert [r["id"] for r in read_output(out)] == [f"doc-{n:04d}" for n in range(count)]


def test_summary_line() -> None:
    summary = Summary(254, 2, 10, 25.6, peak_rss_mb={11: 310.4, 10: 305.0})
    assert summary.line() == (
        "batch: done 254, failed 2, skipped 10; 256 articles in 25.6 s, 10.00 articles/s; "
        "peak memory per worker: 305, 310 MB"
    )
    assert "interrupted" in Summary(1, 0, 0, 1.0, interrupted=True).line()


def test_the_benchmark_reads_the_summary_line() -> None:
    line = Summary(1254, 2, 0, 125.6, peak_rss_mb={11: 1310.4, 10: 305.0}).line()
    run = parse_summary(f"some progress\n{line}\n")
    assert run == BatchRun(done=1254, failed=2, seconds=125.6, rate=10.0, peak_mb=(305, 1310))
    with pytest.raises(ValueError):
        parse_summary("batch: 3/5 articles")


def test_trimming_keeps_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / "o"
    path.write_bytes(b'{"id":1}\n{"id":2}\n{"id":')
    assert trim_partial_line(path) == 6
    assert path.read_bytes() == b'{"id":1}\n{"id":2}\n'
    assert trim_partial_line(path) == 0
    path.write_bytes(b"no line break at all")
    assert trim_partial_line(path) == 20 and path.read_bytes() == b""


def test_unreadable_lines_are_records_with_errors() -> None:
    assert parse_line(b"\xff\xfe{}\n", 4).error is not None
    nested = parse_line(b"[" * 100_000 + b"\n", 5)
    assert nested.error is not None and nested.id == 5
    fine = parse_line(b'{"id": 7, "text": "x", "url": "https://example.org"}\n', 1)
    assert fine.id == 7 and fine.request == {"text": "x"} and fine.error is None
    assert parse_line(b'{"text": "x"}', 9).id == 9  # no id: the line number


def test_batch_error_for_a_folder_as_output(tmp_path: Path) -> None:
    source = jsonl(tmp_path / "in.jsonl", 1)
    with pytest.raises(BatchError, match="is a folder"):
        run_batch(BatchJob(str(source), tmp_path), stderr=io.StringIO())
    assert os.listdir(tmp_path) == ["in.jsonl"]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the worker's crash is patched in before the workers fork")
def test_a_worker_process_that_dies_stops_the_run_with_whole_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_run = pipeline_run.run

    def dying(text: str, *args: Any, **kwargs: Any) -> Any:
        if "Eskby" in text:  # article 4: the worker process exits at once, as if killed
            os._exit(9)
        return real_run(text, *args, **kwargs)

    monkeypatch.setattr(pipeline_run, "run", dying)
    source = jsonl(tmp_path / "in.jsonl", 8)
    out = tmp_path / "out.jsonl"
    with pytest.raises(BatchError, match="worker process stopped unexpectedly"):
        run_batch(BatchJob(str(source), out, workers=2, batch_size=1), stderr=io.StringIO())
    # the articles before it, in order (those whose answer the broken pool had not yet read
    # are not written); every line whole
    written = [r["id"] for r in read_output(out)] if out.stat().st_size else []
    assert written == [f"doc-{n:04d}" for n in range(len(written))] and len(written) <= 4


def test_a_parser_that_cannot_load_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMELINE_SPACY_MODEL", str(tmp_path / "no-such-model"))
    get_settings.cache_clear()
    try:
        code, err = run_cli(capsys, str(jsonl(tmp_path / "in.jsonl", 1)), "-o",
                            str(tmp_path / "out.jsonl"))
    finally:
        get_settings.cache_clear()
    assert code == 2 and "error: parser_unavailable: cannot load spaCy pipeline" in err
