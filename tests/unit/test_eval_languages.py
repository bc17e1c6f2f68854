"""`timeline eval` reads the other languages' corpora: TempEval-1 TimeML (sentences in <s>, the
DCT a top-level TIMEX3) and BIO token TSV (a DCTVALUE line per document), and picks the
language from the texts or from --language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from service.domain.types import Timeline
from service.eval.run import corpus_language, evaluate_path
from service.formats.bio import read_bio
from service.formats.timeml import parse_timeml

TEMPEVAL = """<?xml version="1.0" encoding="UTF-8" ?>
<TempEval>
ABC<TIMEX3 tid="t9" type="DATE" value="2001-03-05"
 functionInDocument="CREATION_TIME">20010305</TIMEX3>
TITULO

<s>O banco anunciou <TIMEX3 tid="t1" type="DATE" value="2001-03-04">ontem</TIMEX3>
 os resultados.</s>
<s>As vendas caíram durante <TIMEX3 tid="t2" type="DURATION" value="P2Y">dois anos</TIMEX3>.</s>
</TempEval>
"""

BIO = (
    '*!-DCTVALUE="2001-03-05"-!*\tO\t-\n\n'
    "El\tO\t-\nbanco\tO\t-\nhabló\tO\t-\nel\tB-DATE\t2001-03-02\nviernes\tI-DATE\t2001-03-02\n"
    "(\tO\t-\n``\tO\t-\nhoy\tO\t-\n``\tO\t-\n)\tO\t-\n.\tO\t-\n\n"
    '*!-DCTVALUE="2001-04-01"-!*\tO\t-\n\n'
    "Ayer\tB-DATE\t2001-03-31\nllovió\tO\t-\n,\tO\t-\ndijo\tO\t-\n.\tO\t-\n"
)


def test_tempeval_sentences_are_the_text() -> None:
    doc = parse_timeml(TEMPEVAL, name="pt.tml")
    assert doc.document_date == date(2001, 3, 5)
    assert doc.text == (
        "\nO banco anunciou ontem\n os resultados.\nAs vendas caíram durante dois anos.\n")
    assert [(t.text, t.value) for t in doc.timexes] == [("ontem", "2001-03-04"),
                                                         ("dois anos", "P2Y")]
    assert all(doc.text[t.start : t.end] == t.text for t in doc.timexes)


def test_bio_documents_are_rebuilt_with_offsets(tmp_path: Path) -> None:
    path = tmp_path / "train.tsv"
    path.write_text(BIO, encoding="utf-8")
    first, second = read_bio(path, prefix="es-train")
    assert (first.name, second.name) == ("es-train-001", "es-train-002")
    assert first.text == 'El banco habló el viernes ("hoy").\n'
    assert [(t.text, t.type, t.value) for t in first.timexes] == [
        ("el viernes", "DATE", "2001-03-02")]
    assert second.document_date == date(2001, 4, 1)
    assert [t.text for t in second.timexes] == ["Ayer"]


def test_the_corpus_language_comes_from_its_texts(tmp_path: Path) -> None:
    path = tmp_path / "train.tsv"
    path.write_text(BIO, encoding="utf-8")
    assert corpus_language(read_bio(path)) == "es"
    assert corpus_language([parse_timeml(TEMPEVAL)]) == "pt"


def test_eval_scores_a_bio_file_in_the_language_given(tmp_path: Path) -> None:
    from service.pipeline.context import make_options
    from service.pipeline.run import run

    (tmp_path / "train.tsv").write_text(BIO, encoding="utf-8")
    seen: list[str] = []

    def runner(text: str, document_date: date | None) -> Timeline:
        seen.append(text)
        return run(text, make_options(document_date, language="es"))

    report = evaluate_path(tmp_path, runner=runner)
    assert len(seen) == 2 and report.timexes.gold == 2
    assert report.timexes.value == 2
