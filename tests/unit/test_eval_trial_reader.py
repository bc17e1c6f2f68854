"""The SemEval-2015 timeline reader on hand-written articles and timelines (tests/fixtures)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from service.domain.types import Grain
from service.formats.timeline_trial import (
    GoldDate,
    MentionRef,
    TimelineFormatError,
    TrialDocument,
    find_word,
    gold_mentions,
    is_trial_corpus,
    parse_gold_date,
    parse_mention_ref,
    parse_timeline,
    parse_trial_timeml,
    read_trial_corpus,
)
from service.formats.timeml import TimeMLError

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "timeline_trial"


@pytest.fixture(scope="module")
def harbour() -> TrialDocument:
    return parse_trial_timeml((CORPUS / "timeml" / "101_Harbour_reopens.tml").read_bytes())


def test_sentences_are_joined_by_a_line_break_and_the_dct_is_the_document_date(
    harbour: TrialDocument,
) -> None:
    assert harbour.doc_id == "101"
    assert harbour.document_date == date(2024, 3, 8)
    lines = harbour.text.split("\n")
    assert lines[:3] == [
        "Harbour reopens after storm",
        "March 08 , 2024",
        "The port reopened on Thursday after the storm .",
    ]
    assert len(lines) == len(harbour.sentences) == 8
    assert [s.id for s in harbour.sentences] == list(range(8))
    # Entities are decoded: the pound sign is one character of the token.
    assert lines[5].startswith("The cleanup cost £ 2 million")


def test_every_token_and_event_indexes_the_text(harbour: TrialDocument) -> None:
    for sentence in harbour.sentences:
        assert harbour.text[sentence.start : sentence.end] == " ".join(
            t.text for t in sentence.tokens
        )
        for token in sentence.tokens:
            assert harbour.text[token.start : token.end] == token.text
    third = harbour.sentence(2)
    assert third is not None
    # "The port reopened": the third sentence starts after 27 + 1 + 15 + 1 characters.
    assert (third.start, third.tokens[2].start, third.tokens[2].text) == (44, 53, "reopened")
    assert [(e.eid, e.text, e.event_class) for e in harbour.events[:2]] == [
        ("e1", "reopened", "OCCURRENCE"),
        ("e2", "cleared", "OCCURRENCE"),
    ]
    assert all(harbour.text[e.start : e.end] == e.text for e in harbour.events)
    assert harbour.sentence(99) is None


def test_find_word_repeated_multi_token_gapped_and_capitalised(harbour: TrialDocument) -> None:
    def found(sentence_id: int, word: str) -> list[list[str]]:
        sentence = harbour.sentence(sentence_id)
        assert sentence is not None
        return [[t.text for t in occurrence] for occurrence in find_word(sentence, word)]

    assert found(3, "cleared") == [["cleared"], ["cleared"]]  # both occurrences
    assert found(4, "called_off") == [["called", "off"]]  # around its object
    assert found(0, "harbour") == [["Harbour"]]  # headline capital
    assert found(5, "million_,") == [["million", ","]]  # consecutive tokens
    assert found(2, "closed") == []
    sentence = harbour.sentence(3)
    assert sentence is not None
    first, second = find_word(sentence, "cleared")
    assert harbour.text[first[0].start : first[0].end] == "cleared"
    assert second[0].start > first[0].end


@pytest.mark.parametrize(
    ("raw", "value", "grain"),
    [
        ("2008-06-09", "2008-06-09", Grain.DAY),
        ("2008-06-XX", "2008-06", Grain.MONTH),
        ("2008-06", "2008-06", Grain.MONTH),
        ("2008-XX-XX", "2008", Grain.YEAR),
        ("2008", "2008", Grain.YEAR),
        ("XXXX-XX-XX", None, None),
        ("XXX-XX-XX", None, None),
    ],
)
def test_gold_dates(raw: str, value: str | None, grain: Grain | None) -> None:
    assert parse_gold_date(raw) == GoldDate(raw, value, grain)


@pytest.mark.parametrize("raw", ["2008-6a", "June 2008", "2008-06-09-01"])
def test_bad_gold_dates(raw: str) -> None:
    with pytest.raises(TimelineFormatError):
        parse_gold_date(raw)


def test_mention_refs() -> None:
    assert parse_mention_ref("16900-2-pre-orders") == MentionRef("16900", 2, "pre-orders")
    assert parse_mention_ref("101-4-called_off") == MentionRef("101", 4, "called_off")
    with pytest.raises(TimelineFormatError):
        parse_mention_ref("101-x-called")


def test_timeline_file() -> None:
    timeline = parse_timeline((CORPUS / "timelines" / "harbour.txt").read_text(), name="h")
    assert timeline.target == "Harbour"
    assert [e.rank for e in timeline.entries] == [1, 2, 3, 4, 5, 0]
    third = timeline.entries[2]
    assert third.date.value == "2024-03-07"
    assert third.mentions == (MentionRef("101", 2, "reopened"), MentionRef("101", 4, "called_off"))
    assert timeline.entries[-1].date.value is None
    with pytest.raises(TimelineFormatError, match="h:2"):
        parse_timeline("Target\n1\t2008-01-01\n", name="h")


def test_gold_mentions_are_distinct_and_located() -> None:
    corpus = read_trial_corpus(CORPUS)
    assert [d.doc_id for d in corpus.documents] == ["101", "102"]
    assert [t.target for t in corpus.timelines] == ["City council", "Harbour"]
    mentions = gold_mentions(corpus.timelines, corpus.documents)
    labels = [m.label for m in mentions]
    # 101-4-called_off is in both timelines with the same date: one mention, two targets.
    assert labels.count("101-4-called_off") == 1
    called = next(m for m in mentions if m.label == "101-4-called_off")
    assert called.targets == ("City council", "Harbour")
    assert [t.text for t in called.tokens] == ["called", "off"]
    cleared = next(m for m in mentions if m.label == "101-3-cleared")
    assert len(cleared.occurrences) == 2 and cleared.problem is None
    # 14 mentions in the files, 13 distinct; 2 undated.
    assert len(mentions) == 13
    assert sum(m.date.value is None for m in mentions) == 2
    problems = {m.label: m.problem for m in mentions if m.problem}
    assert problems == {
        "102-2-budgets": "'budgets' is not in sentence 2 of document 102",
        "999-2-vote": "no document 999",
    }


def test_corpus_folder_detection_and_unreadable_files(tmp_path: Path) -> None:
    assert is_trial_corpus(CORPUS)
    assert not is_trial_corpus(CORPUS / "timeml")
    with pytest.raises(TimelineFormatError, match="not a timeline corpus"):
        read_trial_corpus(tmp_path)
    (tmp_path / "timeml").mkdir()
    (tmp_path / "timelines").mkdir()
    (tmp_path / "timeml" / "1_bad.tml").write_text("<TimeML><TEXT><s id='0'>x</TEXT>")
    (tmp_path / "timelines" / "bad.txt").write_text("T\none\t2008\t1-0-x\n")
    corpus = read_trial_corpus(tmp_path)
    assert corpus.documents == () and corpus.timelines == ()
    assert [name for name, _ in corpus.unreadable] == ["timeml/1_bad.tml", "timelines/bad.txt"]


def test_sentence_without_an_id_is_refused() -> None:
    with pytest.raises(TimeMLError, match="numeric id"):
        parse_trial_timeml("<TimeML><TEXT><s>x</s></TEXT></TimeML>")
