"""The timeline reader on the SemEval-2015 Task 4 trial data, when it is present.

The corpus is never copied into the repository: this test reads
../shared/corpora/timeline-trial (or $TIMELINE_TRIAL) and skips when it is absent. It does not
run the pipeline.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from service.domain.types import Grain
from service.formats.timeline_trial import TrialCorpus, gold_mentions, read_trial_corpus

TRIAL = Path(
    os.environ.get(
        "TIMELINE_TRIAL",
        Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "timeline-trial",
    )
)


@pytest.fixture(scope="module")
def corpus() -> TrialCorpus:
    if not TRIAL.is_dir():
        pytest.skip(f"timeline-trial corpus not found at {TRIAL}")
    return read_trial_corpus(TRIAL)


def test_documented_counts(corpus: TrialCorpus) -> None:
    # SOURCE.md: 30 articles, 188 EVENT tags, six timelines; the issue: 157 dated mentions.
    assert corpus.unreadable == ()
    assert len(corpus.documents) == 30 and len(corpus.timelines) == 6
    assert sum(len(d.events) for d in corpus.documents) == 188
    mentions = gold_mentions(corpus.timelines, corpus.documents)
    dated = [m for m in mentions if m.date.value is not None]
    assert len(dated) == 157
    assert Counter(m.date.grain for m in dated) == {Grain.DAY: 123, Grain.MONTH: 17, Grain.YEAR: 17}


def test_offsets_and_located_mentions(corpus: TrialCorpus) -> None:
    for doc in corpus.documents:
        assert doc.document_date is not None
        assert len(doc.text.split("\n")) == len(doc.sentences)
        for sentence in doc.sentences:
            for token in sentence.tokens:
                assert doc.text[token.start : token.end] == token.text
        assert all(doc.text[e.start : e.end] == e.text for e in doc.events)
    mentions = gold_mentions(corpus.timelines, corpus.documents)
    # One timeline line names a document id that is not in the corpus (a typo in the release);
    # every other word is found in its sentence.
    problems = [m.problem for m in mentions if m.problem]
    assert len(problems) == 1 and problems[0].startswith("no document ")
