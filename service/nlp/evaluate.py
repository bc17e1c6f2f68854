"""Score the parser on the UD English dev and test sets, from raw text.

Usage::

    python -m service.nlp.evaluate --corpora ../shared/corpora/ud-english [--model PATH]

Scores are computed as ``spacy evaluate`` computes them: each ten-sentence gold document is
re-tokenised from its raw text by the pipeline, so tokenisation and sentence-boundary errors
count against TAG, UPOS, UAS and LAS. The corpora are read from the given path and never copied.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from spacy.language import Language
from spacy.tokens import DocBin
from spacy.training import Example

from service.nlp.train import ConlluDocument, conllu_to_docs, gum_genre

# (column header, key in spaCy's score dict); values are fractions, printed as percentages.
COLUMNS: Final = (
    ("TOK", "token_acc"),
    ("TAG", "tag_acc"),
    ("UPOS", "pos_acc"),
    ("MORPH", "morph_acc"),
    ("LEMMA", "lemma_acc"),
    ("UAS", "dep_uas"),
    ("LAS", "dep_las"),
    ("SENT_F", "sents_f"),
)


def _is_news(doc: ConlluDocument) -> bool:
    return gum_genre(doc.doc_id) == "news"


@dataclass(frozen=True, slots=True)
class EvalSet:
    """One evaluation set: a treebank file, optionally restricted to some documents."""

    name: str
    path: tuple[str, str]  # (treebank folder, file name) under the corpora folder
    keep: Callable[[ConlluDocument], bool] | None = None


EVAL_SETS: Final = (
    EvalSet("EWT dev", ("ewt", "dev.conllu")),
    EvalSet("EWT test", ("ewt", "test.conllu")),
    EvalSet("GUM dev", ("gum", "dev.conllu")),
    EvalSet("GUM test", ("gum", "test.conllu")),
    EvalSet("GUM dev news", ("gum", "dev.conllu"), _is_news),
    EvalSet("GUM test news", ("gum", "test.conllu"), _is_news),
)


@dataclass(frozen=True, slots=True)
class SetScores:
    """Scores of one evaluation set, as percentages."""

    name: str
    words: int
    scores: dict[str, float | None]


def _percent(value: object) -> float | None:
    """A spaCy score (fraction) as a percentage; None when the pipeline does not predict it."""
    return 100.0 * value if isinstance(value, float | int) else None


def score_set(nlp: Language, corpora: Path, eval_set: EvalSet) -> SetScores:
    """Parse one evaluation set from raw text and score it against the gold trees.

    Args:
        nlp: the pipeline under test.
        corpora: the ``ud-english`` folder.
        eval_set: which file and documents.

    Returns:
        The set's scores.
    """
    converted = conllu_to_docs(corpora.joinpath(*eval_set.path), eval_set.keep)
    # re-read the gold docs into the pipeline's vocab, as spaCy's corpus reader does
    gold = list(DocBin(docs=converted).get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(doc.text), doc) for doc in gold]
    raw = nlp.evaluate(examples)
    scores = {key: _percent(raw.get(key)) for _, key in COLUMNS}
    return SetScores(eval_set.name, sum(len(doc) for doc in gold), scores)


def format_table(rows: Sequence[SetScores]) -> str:
    """Render scores as a Markdown table."""
    header = ["set", "words", *(name for name, _ in COLUMNS)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        values = (row.scores[key] for _, key in COLUMNS)
        cells = [row.name, f"{row.words:,}", *("-" if v is None else f"{v:.2f}" for v in values)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def news_texts(corpora: Path) -> list[str]:
    """Raw text of the GUM dev and test news documents, ten sentences per text."""
    return [
        doc.text
        for name in ("dev.conllu", "test.conllu")
        for doc in conllu_to_docs(corpora / "gum" / name, _is_news)
    ]


def measure_speed(nlp: Language, texts: Sequence[str], rounds: int = 3) -> float:
    """Words per second of :func:`service.nlp.parse.parse_texts` over ``texts`` (best round).

    Args:
        nlp: the pipeline, as the service loads it.
        texts: news text.
        rounds: timed repetitions after one warm-up pass.

    Returns:
        Non-whitespace tokens parsed per second of wall time.
    """
    from service.nlp.parse import parse_texts

    parse_texts(nlp, texts[:20])
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        parsed = parse_texts(nlp, texts)
        elapsed = time.perf_counter() - start
        words = sum(1 for p in parsed for par in p.paragraphs for t in par.doc if not t.is_space)
        best = max(best, words / elapsed)
    return best


def main(argv: list[str] | None = None) -> int:
    """Command line entry point (``make nlp-eval``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpora", type=Path, required=True, help="ud-english folder")
    parser.add_argument(
        "--model", default=None, help="pipeline path or package name (default: the shipped model)"
    )
    parser.add_argument(
        "--speed",
        action="store_true",
        help="also time parsing of the GUM news documents (one process)",
    )
    args = parser.parse_args(argv)

    import spacy

    from service.nlp.load import DEFAULT_MODEL_PATH, load_pipeline

    model = args.model or str(DEFAULT_MODEL_PATH)
    nlp = spacy.load(model)
    rows = [score_set(nlp, args.corpora, eval_set) for eval_set in EVAL_SETS]
    print(f"model: {model} ({nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')})")
    print("scored from raw text (spaCy tokenisation and sentence boundaries), in %")
    print(format_table(rows))
    if args.speed:
        texts = news_texts(args.corpora)
        speed = measure_speed(load_pipeline(model), texts)
        print(f"speed: {speed:,.0f} words/s (parse_texts over {len(texts)} GUM news texts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
