"""The benchmark's arithmetic and report, on one quick round (its numbers are not checked)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service import bench

HEY_SUMMARY = """
Summary:
  Total:	2.0100 secs
  Slowest:	0.4000 secs
  Fastest:	0.0100 secs
  Average:	0.0500 secs
  Requests/sec:	123.4000

Latency distribution:
  10% in 0.0200 secs
  50% in 0.0450 secs
  99% in 0.3000 secs

Status code distribution:
  [200]	240 responses
  [503]	3 responses

Error distribution:
  [2]	Post "http://127.0.0.1:9/v1/timeline": dial tcp: connection refused
"""


def test_hey_summary_reads_rate_percentiles_and_errors() -> None:
    load = bench._hey_summary(HEY_SUMMARY, 8)
    assert load == bench.Load(8, 123.4, 45.0, 300.0, 240, 5)


def test_hey_summary_falls_back_to_the_slowest_for_a_small_sample() -> None:
    small = HEY_SUMMARY.replace("  99% in 0.3000 secs\n", "")
    assert bench._hey_summary(small, 1).p99_ms == pytest.approx(400.0)


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 0.5) == 50.0
    assert bench.percentile(values, 0.95) == 95.0
    assert bench.percentile([3.0], 0.95) == 3.0
    assert bench.percentile([], 0.5) == 0.0


def test_measure_runs_every_document_at_least_once() -> None:
    docs = [bench.Document("a", None), bench.Document("b", None)]
    seen: list[str] = []
    rate = bench.measure("probe", lambda d: seen.append(d.text), docs, 0.0)
    assert seen == ["a", "b"]
    assert rate.articles == 2 and rate.articles_per_s > 0


def test_one_quick_run_prints_and_writes_every_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    assert bench.main(["--seconds", "0", "--cpu", "-1", "--no-http", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    for name in ("whole timeline", "explicit events only", "time expressions (events none)",
                 "time expressions, no parser", "dateparser search_dates", "start-up"):
        assert name in printed
    data = json.loads(out.read_text())
    assert [r["name"] for r in data["rates"]][-1] == "dateparser search_dates"
    assert set(data["ratios"]) == {r["name"] for r in data["rates"][:-1]}
    assert data["parser_words_per_s"] > 0 and data["startup_s"] > 0 and data["peak_rss_mb"] > 0
