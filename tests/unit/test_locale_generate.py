"""The generated lexicons are what the generator writes from the installed dateparser, and the
running code uses dateparser."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from service.locale import generate
from service.locale.lexicon import load_lexicon

LOCALE_DIR = Path(generate.__file__).resolve().parent


def test_regenerating_gives_the_committed_files(tmp_path: Path) -> None:
    written = generate.write_all(tmp_path)
    assert {p.parent.name for p in written} == set(generate.LOCALES)
    for path in written:
        committed = LOCALE_DIR / path.parent.name / "lexicon.yaml"
        assert path.read_text("utf-8") == committed.read_text("utf-8"), (
            f"{committed} is stale: run `python -m service.locale.generate`"
        )


def test_generated_tables_come_from_dateparser() -> None:
    fr = generate.build_lexicon("fr")
    assert fr["date_order"] == "DMY"
    assert fr["months"]["octobre"] == 10 and fr["weekdays"]["mardi"] == 2
    assert fr["casual_days"]["hier"] == -1
    assert fr["relative_phrases"]["la semaine dernière"] == {"unit": "WEEK", "shift": -1}
    assert generate.build_lexicon("es")["ago_prefixes"] == ["hace"]
    assert generate.build_lexicon("en-GB") == {"base": "en", "date_order": "DMY"}


def test_no_two_letter_abbreviation_is_a_weekday() -> None:
    # "lu", "ma": dateparser's abbreviations are no article prose
    assert all(len(w) >= 3 for w in generate.build_lexicon("fr")["weekdays"])


def test_conventions_add_to_the_generated_tables() -> None:
    fr = load_lexicon("fr")
    assert fr.months["octobre"] == 10  # generated
    assert fr.seasons["automne"] == "FA"  # conventions.yaml
    assert fr.common.reference_type == "TIME"
    gb = load_lexicon("en-GB")
    assert gb.date_order == "DMY" and gb.months["october"] == 10  # the English tables beneath
    assert load_lexicon("en").date_order == "MDY"


def test_the_running_code_parses_written_dates_with_dateparser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from service.rules.common import dates
    from service.rules.common.words import words_for

    calls: list[str] = []
    real = dates.dateparser.parse

    def spy(phrase: str, **kwargs: object) -> object:
        calls.append(phrase)
        return real(phrase, **kwargs)

    monkeypatch.setattr(dates.dateparser, "parse", spy)
    found = dates.parse_full_date("3 octobre 2025", "fr", words_for("fr"))
    assert found is not None and (found.year, found.month, found.day) == (2025, 10, 3)
    assert calls == ["3 octobre 2025"]


def test_a_pipeline_date_goes_through_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.pipeline.context import make_options
    from service.pipeline.run import run_times
    from service.rules.common import dates

    def refuse(phrase: str, **kwargs: object) -> None:
        return None

    french = make_options("2025-10-05", language="fr")
    (first, *_) = run_times("Le 3 octobre 2025, le vote.", french).time_expressions
    assert first.value == "2025-10-03"
    monkeypatch.setattr(dates.dateparser, "parse", refuse)
    values = [t.value for t in run_times("Le 3 octobre 2025, le vote.", french).time_expressions]
    assert "2025-10-03" not in values
    assert "dateparser" in sys.modules
