"""The words of summaries and participants load from the locale YAML and are checked there."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.locale.describe import DescribeWords, load_describe_words


def test_english_words_load() -> None:
    words = load_describe_words()
    assert "judge" in words.titles
    assert "%" in words.measure_words
    assert "stand" in words.complement_verbs
    assert "years" in words.duration_units


def test_upper_case_words_fail_at_load() -> None:
    raw = load_describe_words().model_dump()
    raw["titles"] = ["Judge"]
    with pytest.raises(ValidationError, match="lower case"):
        DescribeWords.model_validate(raw)
