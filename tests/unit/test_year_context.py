"""Without a document date, a day or month without a year takes it from the nearest full date."""

from __future__ import annotations

from datetime import date

from service.pipeline.context import make_options
from service.pipeline.run import run_times


def _values(text: str) -> list[tuple[str, str, str]]:
    timeline = run_times(text, make_options(None))
    return [(t.text, t.value, t.resolution.value) for t in timeline.time_expressions]


def test_day_and_month_take_the_year_of_the_nearest_full_date() -> None:
    text = ("Rebels took the town on 20 May 2025, officials said. Talks began on 22 May in the "
            "capital. A truce followed in June.")
    assert _values(text) == [
        ("20 May 2025", "2025-05-20", "absolute"),
        ("22 May", "2025-05-22", "previous_time"),
        ("June", "2025-06", "previous_time"),
    ]
    codes = [w.code for w in run_times(text, make_options(None)).warnings]
    assert codes == ["no_document_date", "year_from_context", "year_from_context"]


def test_the_year_nearest_the_context_date_wins_across_new_year() -> None:
    assert _values("The ship sailed on Dec. 28, 2024. It docked on Jan. 3.")[1] == (
        "Jan. 3", "2025-01-03", "previous_time")


def test_a_full_date_after_the_expression_counts_too() -> None:
    assert _values("Talks began on 22 May. The deal was signed on 30 May 2019.")[0] == (
        "22 May", "2019-05-22", "previous_time")


def test_without_any_full_date_the_value_stays_unresolved() -> None:
    assert _values("Talks began on 22 May in the capital.") == [
        ("22 May", "XXXX-05-22", "unresolved")]


def test_a_document_date_still_decides_when_given() -> None:
    timeline = run_times("The deal was signed on 30 May 2019. Talks resume on 22 May.",
                         make_options("2025-05-20"))
    assert timeline.time_expressions[1].value == "2025-05-22"
    assert "year_from_context" not in [w.code for w in timeline.warnings]


def test_a_dateline_without_a_year_is_placed_by_the_clock_passed_in() -> None:
    text = "MOSCOW, May 20 (Reuters) - Russia said it would talk."
    for today, year in ((date(2026, 1, 5), 2025), (date(2026, 6, 1), 2026)):
        timeline = run_times(text, make_options(None), clock=lambda today=today: today)
        assert timeline.document_date == date(year, 5, 20)
        assert "document_date_year_assumed" in [w.code for w in timeline.warnings]
