"""Families of service/rules/common that yield two expressions from one phrase, which the
one-expression example corpora cannot state."""

from __future__ import annotations

from service.pipeline.context import make_options
from service.pipeline.run import run_times


def _found(text: str, language: str) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in run_times(text,
                                                 make_options("2025-10-08", language=language))
            .time_expressions]


def test_numbers_sharing_one_unit() -> None:
    assert _found("Une peine de 8 à 24 mois.", "fr") == [("8", "P8M"), ("24 mois", "P24M")]
    assert _found("Se quedan tres o cuatro semanas.", "es") == [
        ("tres", "P3W"), ("cuatro semanas", "P4W")]


def test_the_first_day_of_a_range_takes_the_month_of_the_second() -> None:
    assert _found("Del 2 al 7 de mayo de 2001 habrá fiesta.", "es") == [
        ("Del 2", "2001-05-02"), ("al 7 de mayo de 2001", "2001-05-07")]
    assert _found("Un stage du 19 au 23 juillet.", "fr") == [
        ("19", "2025-07-19"), ("23 juillet", "2025-07-23")]


def test_month_ranges_and_decade_pairs() -> None:
    assert [t for t, _ in _found("Le recensement de mars-avril.", "fr")] == ["mars", "avril"]
    assert _found("Las décadas de los años 20 y 30.", "es") == [
        ("los años 20", "192"), ("30", "193")]


def test_a_day_and_its_clock_time_merge_where_the_corpus_does() -> None:
    assert _found("Llegó ayer por la mañana.", "es") == [("ayer por la mañana", "2025-10-07TMO")]
    assert _found("Llegaron a las 10.30 horas de ayer.", "es") == [
        ("las 10.30 horas de ayer", "2025-10-07T10:30")]
    # French TimeBank keeps them apart; the clock time takes the day of its sentence
    assert _found("Il est arrivé hier à 10 h.", "fr") == [
        ("hier", "2025-10-07"), ("10 h", "2025-10-07T10:00")]
