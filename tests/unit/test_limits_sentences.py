"""A line longer than the parser's limit is cut before parsing, and the answer says so."""

from __future__ import annotations

from service.nlp import load_nlp, parse_text
from service.nlp.parse import forced_cuts, split_segments
from service.pipeline.context import make_options
from service.pipeline.events.detect import MAX_CANDIDATES_PER_SENTENCE
from service.pipeline.limits import SENTENCE_SPLIT, Caps
from service.pipeline.run import run

_CLAUSE = "the committee met again and the members argued about the budget"


def _one_long_line(clauses: int) -> str:
    """A single sentence with no full stop: clauses joined by commas, then a date."""
    return "On 4 March 2024 " + ", ".join([_CLAUSE] * clauses) + "."


def test_a_line_over_the_limit_is_cut_into_segments_no_longer_than_it() -> None:
    text = _one_long_line(40)
    parsed = parse_text(load_nlp(), text, max_chars=300)
    assert parsed.split == ((0, len(text)),)
    assert len(parsed.paragraphs) > 1
    assert all(len(p.doc.text) <= 300 for p in parsed.paragraphs)
    assert all(len(s.text) <= 300 for s in parsed.sentences())


def test_a_long_sentence_is_split_with_a_warning_and_its_date_still_found() -> None:
    text = _one_long_line(40)
    timeline = run(text, make_options("2024-03-10", caps=Caps(max_sentence_chars=300)))
    warnings = [w for w in timeline.warnings if w.code == SENTENCE_SPLIT]
    assert len(warnings) == 1
    assert (warnings[0].start, warnings[0].end) == (0, len(text))
    assert [t.text for t in timeline.time_expressions] == ["4 March 2024"]


def test_text_without_line_breaks_cut_at_sentence_ends_is_not_warned() -> None:
    text = " ".join(f"The fund lost money in week {n}." for n in range(200))
    parsed = parse_text(load_nlp(), text, max_chars=500)
    assert len(parsed.paragraphs) > 1
    assert parsed.split == ()
    timeline = run(text, make_options("2024-03-10", caps=Caps(max_sentence_chars=500)))
    assert SENTENCE_SPLIT not in {w.code for w in timeline.warnings}


def test_a_quoted_sentence_end_is_a_sentence_end() -> None:
    text = " ".join(f'"The fund lost money in week {n}," she said. "It will recover."'
                    for n in range(60))
    segments = split_segments(0, text, 500)
    assert len(segments) > 1
    assert forced_cuts(segments) == 0


def test_each_line_cut_inside_a_sentence_is_warned_once() -> None:
    lines = [_one_long_line(40), "The board met on Monday.", _one_long_line(30)]
    text = "\n".join(lines)
    timeline = run(text, make_options("2024-03-10", caps=Caps(max_sentence_chars=300)))
    warned = [(w.start, w.end) for w in timeline.warnings if w.code == SENTENCE_SPLIT]
    second = len(lines[0]) + len(lines[1]) + 2
    assert warned == [(0, len(lines[0])), (second, len(text))]


def test_forced_cuts_count_the_cuts_inside_sentences() -> None:
    one_sentence = " ".join(["word"] * 300)
    pieces = split_segments(0, one_sentence, 400)
    assert len(pieces) > 1
    assert forced_cuts(pieces) == len(pieces) - 1


def test_a_giant_run_of_punctuation_is_cut_and_warned() -> None:
    text = "Talks ended on Friday. " + "(" * 5_000
    parsed = parse_text(load_nlp(), text, max_chars=1_000)
    assert parsed.split == ((0, len(text)),)
    timeline = run(text, make_options("2024-03-10", caps=Caps(max_sentence_chars=1_000)))
    assert SENTENCE_SPLIT in {w.code for w in timeline.warnings}


def test_lines_within_the_limit_carry_no_warning() -> None:
    text = "The board met on Monday.\nIt will vote on 12 May 2024."
    assert parse_text(load_nlp(), text, max_chars=100).split == ()
    timeline = run(text, make_options("2024-03-10", caps=Caps(max_sentence_chars=100)))
    assert SENTENCE_SPLIT not in {w.code for w in timeline.warnings}


def test_a_sentence_keeps_its_first_event_words_with_a_truncated_warning() -> None:
    text = "On Monday the rebels " + ", ".join(["attacked"] * 90) + " and shelled the town."
    timeline = run(text, make_options("2025-05-20"))
    assert len(timeline.events) == MAX_CANDIDATES_PER_SENTENCE
    (warning,) = [w for w in timeline.warnings if w.code == "truncated"]
    assert (warning.start, warning.end) == (0, len(text))
    assert str(MAX_CANDIDATES_PER_SENTENCE) in warning.message
    plain = run("On Monday the rebels attacked the town. " * 3, make_options("2025-05-20"))
    assert len(plain.events) == 3 and not plain.warnings
