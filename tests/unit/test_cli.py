"""The ``timeline`` command: extract (table, json, timeml), serve, and its errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import pytest

from service import cli
from service.formats.timeml import parse_timeml
from tests.conftest import ARTICLE_PATH

ARTICLE = str(ARTICLE_PATH)
STORY = "Russia launched a drone attack on Sunday. Trump spoke to Putin on Monday."
Captured = pytest.CaptureFixture[str]


def run(capsys: Captured, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: Captured, *argv: str) -> dict[str, Any]:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    body: dict[str, Any] = json.loads(out)
    return body


@pytest.fixture
def story_file(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_extract_json(capsys: Captured) -> None:
    body = run_json(capsys, "extract", ARTICLE)
    assert body["document_date"] == "2025-05-20"
    assert body["document_date_source"] == "text"
    texts = [t["text"] for t in body["time_expressions"]]
    assert texts.count("Sunday") == 3 and "June 2024" in texts
    assert body["events"]


def _columns(header: str) -> dict[str, int]:
    """Where each column of the table starts, from its header line."""
    names = ["date", "salience", "factuality", "summary", "participants", "dated by"]
    return {name: header.index(name) for name in names if name in header}


def _cell(line: str, columns: dict[str, int], name: str) -> str:
    starts = sorted(columns.values())
    start = columns[name]
    following = [s for s in starts if s > start]
    return line[start:following[0] if following else None].strip()


def test_extract_table_has_one_line_per_event_date_in_words_first(capsys: Captured) -> None:
    body = run_json(capsys, "extract", ARTICLE)
    main = [e for e in body["events"] if e.get("salience", "main") != "background"]
    code, out, err = run(capsys, "extract", ARTICLE)  # table is the default
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "document date: Tue 20 May 2025 (2025-05-20, read from the text)"
    columns = _columns(lines[1])
    assert list(columns) == ["date", "factuality", "summary", "participants", "dated by"]
    event_lines = lines[2:2 + len(main)]
    assert len(event_lines) == len(main) >= 6
    timexes = {t["id"]: t["text"] for t in body["time_expressions"]}
    for line, event in zip(event_lines, main, strict=True):
        when = event["when"]
        if when is None:
            assert _cell(line, columns, "date") == "undated", line
            continue
        assert _cell(line, columns, "date").removesuffix(" ~") == when["label"], line
        assert _cell(line, columns, "factuality") == event["factuality"], line
        shown = _cell(line, columns, "summary").rstrip("…")
        if event.get("reported_by"):  # "... (a source said)": the summary, then who said it
            assert (event["summary"] + " (").startswith(shown) or shown.startswith(
                event["summary"] + " ("
            ), line
        else:
            assert event["summary"].startswith(shown), line
        dated_by = _cell(line, columns, "dated by")
        if not when["inferred"]:
            assert dated_by == f'"{timexes[when["expression_id"]]}"', line
    legend = lines[2 + len(main)]
    assert legend.startswith("legend: ~ inferred date"), legend
    assert all(line.startswith("warning: ") for line in lines[3 + len(main):])
    assert "Traceback" not in out + err


def test_extract_table_of_the_explicit_reference_events(capsys: Captured) -> None:
    _, out, _ = run(capsys, "extract", ARTICLE, "--all")
    lines = out.splitlines()
    columns = _columns(lines[1])
    explicit = [
        (_cell(line, columns, "date"), _cell(line, columns, "dated by"))
        for line in lines[2:] if _cell(line, columns, "dated by").startswith('"')
    ]
    assert explicit == [
        ("June 2024", '"June 2024"'),
        ("2025", '"this year"'),
        ("Sun 18 May 2025", '"Sunday"'),
        ("Sun 18 May 2025", '"Sunday"'),
        ("Sun 18 May 2025", '"Sunday"'),
        ("Mon 19 May 2025", '"Monday"'),
    ]
    assert any(line.startswith("before Mon 19 May 2025 ~") and "~ before US President" in line
               for line in lines), out


def test_extract_table_marks_inferred_times(capsys: Captured) -> None:
    events = run_json(capsys, "extract", ARTICLE)["events"]
    _, out, _ = run(capsys, "extract", ARTICLE, "--all")
    lines = out.splitlines()
    columns = _columns(lines[1])
    for line, event in zip(lines[2:], events, strict=False):
        if event["when"] is None:
            assert _cell(line, columns, "date") == "undated", line
            continue
        inferred = event["when"]["inferred"]
        assert _cell(line, columns, "date").endswith(" ~") == inferred, line
        assert _cell(line, columns, "dated by").startswith("~ ") == inferred, line


def test_extract_table_no_inferred(capsys: Captured) -> None:
    _, out, _ = run(capsys, "extract", ARTICLE, "--no-inferred", "--all")
    lines = out.splitlines()
    columns = _columns(lines[1])
    rows = [line for line in lines[2:] if not line.startswith(("legend: ", "warning: "))]
    assert len(rows) == 6
    assert not any("~" in _cell(line, columns, "date") for line in rows)


def _event(eid: str, summary: str, when: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    return {"id": eid, "summary": summary, "factuality": "asserted", "when": when,
            "participants": [{"text": "Russia", "role": "agent", "start": 0, "end": 6}], **extra}


SUNDAY: Final = {"expression_id": "t1", "value": "2025-05-18", "granularity": "day",
                 "relation": "on", "inferred": False, "basis": None, "label": "Sun 18 May 2025"}
SYNTHETIC: Final = {
    "document_date": "2025-05-20", "document_date_source": "request",
    "time_expressions": [{"id": "t1", "text": "on Sunday"}],
    "events": [
        _event("e1", "Russia launched a drone attack", SUNDAY, salience="main",
               reported_by={"event_id": "e2", "source": "Kyiv", "verb": "said"}),
        _event("e2", "Kyiv said", {**SUNDAY, "expression_id": None, "inferred": True,
                                   "basis": "document_date", "label": "Tue 20 May 2025"},
               salience="background", reported_by=None),
        _event("e3", "Talks resumed", None, salience="main"),
    ],
    "warnings": [],
}


def test_table_shows_main_events_by_default_and_all_with_the_flag() -> None:
    default = cli._table(SYNTHETIC).splitlines()
    assert default[0] == "document date: Tue 20 May 2025 (2025-05-20, given)"
    assert "salience" not in default[1]
    rows = default[2:4]
    assert rows[0].startswith("Sun 18 May 2025")
    assert "Russia launched a drone attack (Kyiv said)" in rows[0]
    assert rows[1].startswith("undated") and "Talks resumed" in rows[1]
    assert "Kyiv said " not in "\n".join(default[2:])
    assert default[4].endswith("showing 2 main events of 3 (--all adds 1 background)")

    everything = cli._table(SYNTHETIC, show_all=True).splitlines()
    columns = _columns(everything[1])
    assert list(columns)[:2] == ["date", "salience"]
    assert [_cell(line, columns, "salience") for line in everything[2:5]] == [
        "main", "background", "main"
    ]
    assert _cell(everything[3], columns, "dated by") == "~ the article's date, by its tense"
    assert everything[5].endswith("showing all 3 events")


def test_table_without_salience_treats_every_event_as_main() -> None:
    events = [{k: v for k, v in e.items() if k not in ("salience", "reported_by")}
              for e in SYNTHETIC["events"]]
    lines = cli._table({**SYNTHETIC, "events": events}).splitlines()
    assert len([line for line in lines[2:] if not line.startswith("legend")]) == 3
    assert lines[-1].endswith("showing all 3 events")



def test_table_shows_the_label_of_an_event_that_lasts_whole() -> None:
    span = "from before Wed 21 May 2025 until after Thu 22 May 2025"
    wary = {
        **SUNDAY, "expression_id": None, "inferred": True, "basis": "document_date",
        "label": span,
        "begin": {"relation": "before", "value": "2025-05-21", "label": "before Wed 21 May 2025"},
        "end": {"relation": "after", "value": "2025-05-22", "label": "after Thu 22 May 2025"},
    }
    events = [SYNTHETIC["events"][0], _event("e4", "Kyiv is wary", wary)]
    lines = cli._table({**SYNTHETIC, "events": events}).splitlines()
    columns = _columns(lines[1])
    assert _cell(lines[2], columns, "date") == "Sun 18 May 2025"
    assert _cell(lines[3], columns, "date") == f"{span} ~"
    assert _cell(lines[3], columns, "summary") == "Kyiv is wary"


def test_table_without_a_document_date_and_without_events() -> None:
    body = {"document_date": None, "document_date_source": "none", "time_expressions": [],
            "events": [], "warnings": [{"code": "no_document_date", "message": "none found"}]}
    assert cli._table(body).splitlines() == [
        "document date: unknown (none given or found in the text)",
        "(no events)",
        "legend: ~ inferred date, what it rests on under 'dated by'; \"...\" the time "
        "expression that dates the event; showing all 0 events",
        "warning: none found",
    ]


def test_extract_all_flag(capsys: Captured) -> None:
    code, out, err = run(capsys, "extract", ARTICLE, "--all")
    assert code == 0, err
    lines = out.splitlines()
    assert "salience" in lines[1]
    assert lines[-1].startswith("legend: ") or lines[-1].startswith("warning: ")


def test_extract_with_a_date(capsys: Captured, story_file: Path) -> None:
    body = run_json(capsys, "extract", str(story_file), "--date", "2024-01-10")
    assert (body["document_date"], body["document_date_source"]) == ("2024-01-10", "request")
    values = {t["text"]: t["value"] for t in body["time_expressions"]}
    assert values == {"Sunday": "2024-01-07", "Monday": "2024-01-08"}


def test_extract_with_a_timezone(capsys: Captured, story_file: Path) -> None:
    body = run_json(capsys, "extract", str(story_file), "--date", "2025-05-20",
                    "--timezone", "America/New_York")
    sunday = next(t for t in body["time_expressions"] if t["text"] == "Sunday")
    assert sunday["interval"] == {
        "start": "2025-05-18T00:00:00-04:00", "end": "2025-05-19T00:00:00-04:00"
    }


def test_extract_from_stdin(capsys: Captured, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(STORY))
    body = run_json(capsys, "extract", "-", "--date", "2025-05-20")
    assert [(t["text"], t["value"]) for t in body["time_expressions"]] == [
        ("Sunday", "2025-05-18"), ("Monday", "2025-05-19")
    ]


def test_extract_from_stdin_bytes_that_are_not_utf8(
    capsys: Captured, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = b"MOSCOW, May 20, 2025 (Reuters) - \xff\xfe " + STORY.encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="ascii"))
    body = run_json(capsys, "extract", "-")
    assert body["document_date"] == "2025-05-20"
    assert "Sunday" in [t["text"] for t in body["time_expressions"]]


def test_extract_timeml(capsys: Captured) -> None:
    code, out, err = run(capsys, "extract", ARTICLE, "--format", "timeml")
    assert code == 0, err
    document = parse_timeml(out)
    assert [t.text for t in document.timexes].count("Sunday") == 3
    assert document.document_date is not None
    assert document.document_date.isoformat() == "2025-05-20"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "../etc/passwd", ""])
def test_unknown_timezone(capsys: Captured, story_file: Path, zone: str) -> None:
    code, out, err = run(capsys, "extract", str(story_file), "--timezone", zone)
    assert code == 2
    assert out == ""
    assert err.startswith("error: unknown_timezone: ") and "Traceback" not in err


@pytest.mark.parametrize("value", ["0000-00-00", "yesterday", "2025-13-40"])
def test_bad_date(capsys: Captured, story_file: Path, value: str) -> None:
    code, _, err = run(capsys, "extract", str(story_file), "--date", value)
    assert code == 2
    assert err.startswith("error: invalid_document_date: ") and value in err


def test_missing_file(capsys: Captured, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-article.txt"
    code, out, err = run(capsys, "extract", str(missing))
    assert code == 2
    assert out == ""
    assert err == f"error: cannot read {missing}: No such file or directory\n"


def test_a_directory_is_not_a_file(capsys: Captured, tmp_path: Path) -> None:
    code, _, err = run(capsys, "extract", str(tmp_path))
    assert code == 2
    assert err.startswith(f"error: cannot read {tmp_path}: ") and "Traceback" not in err


@pytest.mark.parametrize("content", ["", "  \n\t\n"])
def test_empty_input(capsys: Captured, tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "extract", str(path))
    assert code == 2
    assert err == "error: the input is empty\n"


def test_usage_errors_exit_2(capsys: Captured) -> None:
    for argv in ([], ["extract"], ["extract", ARTICLE, "--format", "yaml"], ["bogus"]):
        with pytest.raises(SystemExit) as caught:
            cli.main(argv)
        assert caught.value.code == 2
    assert "usage: timeline" in capsys.readouterr().err


def test_a_closed_pipe_is_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    # `timeline extract a.txt | head -1`: the reader leaves; the command stops quietly
    read_end, write_end = os.pipe()
    os.close(read_end)

    class ClosedPipe(io.StringIO):
        def write(self, _: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            return write_end

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    try:
        code = cli.main(["extract", ARTICLE, "--format", "json"])
    finally:
        os.close(write_end)
    assert code == 1


def test_serve_passes_its_options_to_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    configs: list[Any] = []
    monkeypatch.setattr(cli, "_run_server", configs.append)
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "8123", "--workers", "3"]) == 0
    [config] = configs
    assert config.app == "service.app:app"
    assert (config.host, config.port, config.workers) == ("0.0.0.0", 8123, 3)


def test_serve_defaults_come_from_the_settings(
    monkeypatch: pytest.MonkeyPatch, set_setting: Callable[[str, str], None]
) -> None:
    set_setting("port", "9017")
    set_setting("workers", "2")
    configs: list[Any] = []
    monkeypatch.setattr(cli, "_run_server", configs.append)
    assert cli.main(["serve"]) == 0
    assert (configs[0].host, configs[0].port, configs[0].workers) == ("127.0.0.1", 9017, 2)


def test_installed_entry_point() -> None:
    """One real run of the console script the package installs."""
    script = Path(sys.executable).with_name("timeline")
    assert script.exists(), "the package is not installed (pip install -e .)"
    done = subprocess.run(
        [str(script), "extract", "-", "--format", "json"],
        input=Path(ARTICLE).read_bytes(), capture_output=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    body = json.loads(done.stdout)
    assert body["document_date"] == "2025-05-20"
    assert any(t["text"] == "June 2024" for t in body["time_expressions"])


BASES: Final = ("document_date", "previous_time", "sentence_time", "stated", "event:e1",
                "a_code_from_a_newer_release")


@pytest.mark.parametrize("basis", BASES)
def test_table_shows_no_basis_code(basis: str) -> None:
    when = {**SUNDAY, "inferred": True, "basis": basis, "label": "Sun 18 May 2025"}
    events = [SYNTHETIC["events"][0], _event("e4", "Kyiv said", when)]
    lines = cli._table({**SYNTHETIC, "events": events}).splitlines()
    columns = _columns(lines[1])
    dated_by = _cell(lines[3], columns, "dated by")
    assert dated_by.startswith("~ ")
    assert basis not in dated_by and "_" not in dated_by
    if basis == "event:e1":
        assert dated_by == "~ the same time as Russia launched a drone attack"


def test_table_reads_a_range_as_both_ends() -> None:
    when = {**SUNDAY, "value": "2019", "granularity": "year", "label": "2019–2022",
            "range": {"start_id": "t1", "end_id": "t2"}}
    body = {**SYNTHETIC, "time_expressions": [{"id": "t1", "text": "2019"},
                                              {"id": "t2", "text": "2022"}],
            "events": [_event("e1", "The company expanded", when)]}
    lines = cli._table(body).splitlines()
    columns = _columns(lines[1])
    assert _cell(lines[2], columns, "date") == "2019–2022"
    assert _cell(lines[2], columns, "dated by") == '"2019" to "2022"'


def test_table_fits_the_width_it_is_given() -> None:
    long = "The leaders of Britain, France, Germany and Italy spoke to Trump about the talks"
    events = [_event("e1", long, SUNDAY)]
    whole = cli._table({**SYNTHETIC, "events": events}).splitlines()
    assert long in whole[2]
    for width in (120, 90, 72):
        lines = cli._table({**SYNTHETIC, "events": events}, width=width).splitlines()
        assert all(len(line) <= width for line in lines[1:3]), (width, lines)
        assert "…" in lines[2]
    wide = cli._table({**SYNTHETIC, "events": events}, width=200).splitlines()
    assert wide[2] == whole[2]


def test_extract_width_option(capsys: Captured) -> None:
    code, out, err = run(capsys, "extract", ARTICLE, "--width", "100")
    assert code == 0, err
    table = [line for line in out.splitlines()[1:]
             if not line.startswith(("legend: ", "warning: "))]
    assert table and all(len(line) <= 100 for line in table)


def test_eval_without_the_corpus_says_where_to_get_it(capsys: Captured) -> None:
    code, out, err = run(capsys, "eval", "/nonexistent/corpora/tbaq")
    assert code == 2
    assert "no such file or folder" in err
    for name in ("tbaq", "timeline-trial", "eventtime", "jspotter/TempEval-3", "make eval"):
        assert name in err
    assert "Traceback" not in err
