"""A time zone the text states after a clock time sets the interval's instant and offset."""

from __future__ import annotations

import pytest

from service.locale.lexicon import load_lexicon, zone_of
from service.pipeline.context import make_options
from service.pipeline.run import run_times


def _interval(text: str, timezone: str = "UTC") -> tuple[str, str]:
    (timex,) = run_times(text, make_options("2025-05-20", timezone=timezone)).time_expressions
    assert timex.interval is not None
    return timex.interval.start.isoformat(), timex.value


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("The vote closes at 10 a.m. EST.", "2025-05-20T10:00:00-05:00"),
        ("The vote closes at 10 a.m. Eastern.", "2025-05-20T10:00:00-04:00"),  # summer time
        ("The vote closes at 14:00 CET.", "2025-05-20T14:00:00+01:00"),
        ("The vote closes at 09:00+03:00.", "2025-05-20T09:00:00+03:00"),
        ("The vote closes at 10 a.m. GMT.", "2025-05-20T10:00:00+00:00"),
    ],
)
def test_the_stated_zone_is_the_interval_zone(text: str, start: str) -> None:
    found, value = _interval(text)
    assert found == start
    assert "+" not in value[10:] and "-" not in value[10:]  # TIMEX3 value without the zone


def test_without_a_zone_the_request_zone_holds() -> None:
    assert _interval("The vote closes at 10 a.m.", "Europe/Kyiv")[0] == (
        "2025-05-20T10:00:00+03:00")


def test_zone_table_entries_resolve() -> None:
    lexicon = load_lexicon("en")
    assert lexicon.zone("pst").utcoffset(None) is not None
    with pytest.raises(ValueError):
        zone_of("Mars/Olympus")
