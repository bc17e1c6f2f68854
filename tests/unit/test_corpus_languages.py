"""The example corpora of the other locales (tests/corpus/<lang>/ for en-GB, fr, pt, es) run
through the pipeline with that language, checked like the English corpus (test_corpus.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest

from tests.unit.test_corpus import Case, check_case, iter_cases, load_corpus, target_span

CORPUS_ROOT: Final = Path(__file__).resolve().parents[1] / "corpus"
LANGUAGES: Final = ("en-GB", "fr", "pt", "es")
# The bar for the British corpus; the others are smaller samples of their families.
MIN_EN_GB: Final = (40, 10)

CASES: Final = tuple(
    (language, case)
    for language in LANGUAGES
    for case in iter_cases(load_corpus(CORPUS_ROOT / language))
)


@pytest.mark.parametrize(("language", "case"), CASES,
                         ids=[f"{lang}/{case.id}" for lang, case in CASES])
def test_corpus(language: str, case: Case) -> None:
    from service.pipeline.context import make_options
    from service.pipeline.run import run

    text, _, _ = target_span(case.marked)
    found = run(text, make_options(case.doc_date, language=language)).time_expressions
    problems = check_case(case, found)
    described = "\n".join(f"  {t.text!r} {t.type.value} {t.value} rule={t.rule}" for t in found)
    assert not problems, f"{language}/{case.id}: {problems}\nfound:\n{described}"


def test_every_language_has_a_corpus() -> None:
    assert {lang for lang, _ in CASES} == set(LANGUAGES)


def test_en_gb_corpus_size() -> None:
    cases = [case for lang, case in CASES if lang == "en-GB"]
    positives = sum(case.expect is not None for case in cases)
    negatives = sum(case.expect is None for case in cases)
    assert positives >= MIN_EN_GB[0], f"{positives} positive en-GB examples"
    assert negatives >= MIN_EN_GB[1], f"{negatives} negative en-GB examples"
