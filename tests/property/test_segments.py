"""Properties of the cut into parser segments: exact offsets, bounded length, nothing lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from service.nlp.parse import split_paragraphs, split_segments

_TEXT = st.text(
    alphabet=st.sampled_from(list("ab (.)😀 \t,!?1-\u0301")), min_size=0, max_size=600
)


@settings(max_examples=150, deadline=None)
@given(_TEXT, st.integers(min_value=20, max_value=120), st.integers(min_value=2, max_value=20))
def test_segments_cover_the_paragraph_with_exact_offsets(
    text: str, max_chars: int, max_run: int
) -> None:
    for start, paragraph in split_paragraphs(text):
        segments = split_segments(start, paragraph, max_chars=max_chars, max_run=max_run)
        for offset, segment in segments:
            assert text[offset:offset + len(segment)] == segment
            assert segment == segment.strip() and segment
            assert len(segment) <= max_chars
            assert all(len(run) <= max_run for run in segment.split())
        joined = "".join(segment for _, segment in segments)
        assert joined.replace(" ", "").replace("\t", "") == "".join(paragraph.split())
        assert [o for o, _ in segments] == sorted(o for o, _ in segments)


def test_a_short_paragraph_is_one_segment() -> None:
    assert split_segments(7, "Talks resumed on Monday.") == [(7, "Talks resumed on Monday.")]


def test_a_long_run_without_spaces_is_cut_into_pieces() -> None:
    segments = split_segments(0, "(" * 200, max_chars=1000, max_run=64)
    assert [len(s) for _, s in segments] == [64, 64, 64, 8]


def test_a_long_line_is_cut_after_a_sentence_end() -> None:
    text = "One two three four five. Six seven eight nine ten."
    segments = split_segments(0, text, max_chars=30, max_run=64)
    assert segments[0] == (0, "One two three four five.")
