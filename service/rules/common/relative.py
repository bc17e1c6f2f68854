"""Times named by their distance from the document date, in any locale: "hier soir",
"aujourd'hui", "la semaine dernière", "el próximo lunes", "junio pasado", "há dois dias",
"hace un año", "dentro de tres meses", "terceiro trimestre", "le lendemain", "sexta-feira".
"""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import Grain, TimexType
from service.rules.common.words import YEAR4, B, E, Words, grain_of, in_a_name, words
from service.rules.types import Anchor, Candidate, Parser, RegexParser

_I: Final = re.IGNORECASE


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()


def casual_day(w: Words) -> Parser:
    """"hier", "demain", "hoy, jueves", "hier soir", "ayer por la tarde", "ontem à noite"."""
    links = words(w.lex.common.part_of_day_links)
    day_noun = words([u for u, e in w.lex.units.items() if e.grain == "DAY"])
    pattern = re.compile(
        rf"{B}(?:(?:{w.article})?(?:(?P<pod0>{w.part_of_day})|{day_noun})\s+(?:{links})\s+)?"
        rf"(?P<day>{words(w.lex.casual_days)}){E}"
        rf"(?:\s+{words(w.lex.common.emphasis_followers)}{E})?"
        rf"(?:,?\s+(?P<wd>{w.weekday}){E})?(?:(?:\s+(?:{links}))?\s+(?P<pod>{w.part_of_day}){E})?",
        _I,
    )

    article = re.compile(rf"(?:^|\s)(?:{w.det})$", _I)

    def build(m: re.Match[str], text: str) -> Candidate | None:
        if not m["pod0"] and article.search(text[max(0, m.start() - 12) : m.start()]):
            return None  # "la mañana": a part of the day, not "tomorrow"
        shift = w.lex.casual_days[_key(m["day"])]
        said = m["pod"] or m["pod0"]
        if said:
            return Candidate(m.start(), m.end(), "casual_day", TimexType.TIME, Anchor.DOCUMENT,
                             Grain.PART_OF_DAY, part_of_day=w.lex.parts_of_day[_key(said)],
                             shift=shift, shift_unit=Grain.DAY, confidence=0.95)
        return Candidate(m.start(), m.end(), "casual_day", TimexType.DATE, Anchor.DOCUMENT,
                         Grain.DAY, shift=shift, confidence=0.97)

    return RegexParser("casual_day", pattern, build)


def casual_part_of_day(w: Words) -> Parser:
    """"anoche": a part of a day by its distance from the document date, in one word."""
    pattern = re.compile(rf"{B}(?P<w>{words(w.lex.casual_parts_of_day)}){E}", _I)

    def build(m: re.Match[str], text: str) -> Candidate | None:
        shift, pod = w.lex.casual_parts_of_day[_key(m["w"])]
        return Candidate(m.start(), m.end(), "casual_part_of_day", TimexType.TIME,
                         Anchor.DOCUMENT, Grain.PART_OF_DAY, part_of_day=pod, shift=shift,
                         shift_unit=Grain.DAY, confidence=0.9)

    return RegexParser("casual_part_of_day", pattern, build)


def day_of_month(w: Words) -> Parser:
    """"el día 13", "del pasado día 3": a day of the document's month or one beside it."""
    day = words([u for u, e in w.lex.units.items() if e.grain == "DAY"]
                + [p for p, u in w.lex.unit_plurals.items() if w.lex.units[u].grain == "DAY"])
    pattern = re.compile(
        rf"{B}(?:{w.article})?(?:(?P<pre>{w.shift})\s+)?{day}\s+(?P<d>3[01]|[12]\d|0?[1-9])"
        rf"(?![\d%]|[.,:]\d){E}", _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        direction = w.lex.deictic_shifts[_key(m["pre"])] if m["pre"] else 0
        return Candidate(m.start(), m.end(), "day_of_month", TimexType.DATE, Anchor.TENSE,
                         Grain.DAY, day=int(m["d"]), direction=direction, confidence=0.75)

    return RegexParser("day_of_month", pattern, build)


def part_of_today(w: Words) -> Parser:
    """"ce soir", "esta noche", "esta tarde", "cette nuit": a part of the document's day."""
    this = [d for d, s in w.lex.deictic_shifts.items() if s == 0]
    pattern = re.compile(rf"{B}(?:{words(this)})\s+(?P<pod>{w.part_of_day}){E}", _I)

    def build(m: re.Match[str], text: str) -> Candidate | None:
        return Candidate(m.start(), m.end(), "part_of_today", TimexType.TIME, Anchor.DOCUMENT,
                         Grain.PART_OF_DAY, part_of_day=w.lex.parts_of_day[_key(m["pod"])],
                         shift_unit=Grain.DAY, confidence=0.93)

    return RegexParser("part_of_today", pattern, build)


def relative_phrase(w: Words) -> Parser:
    """dateparser's fixed phrases: "la semaine dernière", "el próximo mes", "este ano"."""
    pattern = re.compile(rf"{B}(?:{w.article})?(?P<p>{words(w.lex.relative_phrases)}){E}", _I)

    def build(m: re.Match[str], text: str) -> Candidate | None:
        entry = w.lex.relative_phrases[_key(m["p"])]
        return Candidate(m.start(), m.end(), "relative_phrase", TimexType.DATE, Anchor.DOCUMENT,
                         Grain[entry.unit], shift=entry.shift, confidence=0.95)

    return RegexParser("relative_phrase", pattern, build)


def _shift_of(w: Words, before: str | None, after: str | None) -> int | None:
    for word in (before, after):
        if word:
            return w.lex.deictic_shifts[_key(word)]
    return None


def directed(w: Words) -> Parser:
    """A unit, weekday, month or season with a word that points it: "l'an dernier",
    "mardi dernier", "el pasado lunes", "juin prochain", "el verano pasado", "este mes"."""
    calendar_units = [u for u, e in w.lex.units.items()
                      if e.grain in ("WEEK", "MONTH", "QUARTER", "YEAR", "DECADE", "CENTURY")]
    month_noun = words([u for u, e in w.lex.units.items() if e.grain == "MONTH"])
    pattern = re.compile(
        rf"{B}(?:{w.article})?(?:(?P<pre>{w.shift})\s+)?"
        rf"(?:(?:{month_noun}\s+(?:{w.joiner}\s+)?)?(?P<mon>{w.month})"
        rf"|(?P<unit>{words(calendar_units)}|{words(list(w.lex.unit_plurals))})"
        rf"|(?P<wd>{w.weekday})|(?P<season>{w.season}))"
        rf"(?:\s+(?P<post>{w.shift}))?{E}",
        _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        shift = _shift_of(w, m["pre"], m["post"])
        if shift is None:
            return None
        if m["unit"]:
            unit = w.unit_of(m["unit"])
            if unit is None or unit.grain not in ("WEEK", "MONTH", "QUARTER", "YEAR", "DECADE",
                                                  "CENTURY"):
                return None
            if _key(m["unit"]) not in w.lex.units and unit.factor == 1:
                return None  # "les derniers mois": a span (durations), not one month
            return Candidate(m.start(), m.end(), "directed_unit", TimexType.DATE,
                             Anchor.DOCUMENT, grain_of(unit), shift=shift,
                             weekend=unit.code == "WE", confidence=0.93)
        if m["wd"]:
            return Candidate(m.start(), m.end(), "directed_weekday", TimexType.DATE,
                             Anchor.TENSE, Grain.DAY, weekday=w.weekday_of(m["wd"]),
                             direction=shift, confidence=0.93)
        if m["mon"]:
            return Candidate(m.start(), m.end(), "directed_month", TimexType.DATE, Anchor.TENSE,
                             Grain.MONTH, month=w.month_of(m["mon"]), direction=shift,
                             confidence=0.9)
        season = w.lex.seasons[_key(m["season"])]
        return Candidate(m.start(), m.end(), "directed_season", TimexType.DATE, Anchor.TENSE,
                         Grain.SEASON, season=season, shift=shift, shift_unit=Grain.YEAR,
                         confidence=0.9)

    return RegexParser("directed", pattern, build)


def named_day(w: Words) -> Parser:
    """A weekday, month or season alone: "samedi", "el jueves", "sexta-feira", "mardi soir",
    "en juillet", "l'automne"; its year or week comes from the tense."""
    month_noun = words([u for u, e in w.lex.units.items() if e.grain == "MONTH"])
    links = words(w.lex.common.part_of_day_links)
    year_words = words([u for u, e in w.lex.units.items() if e.grain == "YEAR"])
    # "noviembre de este año", "noviembre del año pasado"
    of_year = (rf"\s+(?:{words(w.lex.common.month_of)})\s+(?:{w.article})?(?:(?P<ypre>{w.shift})"
               rf"\s+{year_words}|{year_words}\s+(?P<ypost>{w.shift})){E}")
    pattern = re.compile(
        rf"{B}(?:{w.det})?(?:(?:(?P<pod0>{w.part_of_day})\s+(?:{links})\s+(?:{w.det})?)?"
        rf"(?P<wd>{w.weekday})(?:\s+(?P<pod>{w.part_of_day}))?(?:\s+(?P<post>{w.shift}))?{E}"
        rf"|(?:{month_noun}\s+(?:{words(w.lex.common.month_of)})\s+)?(?P<mon>{w.month})"
        rf"(?:{of_year}|{E}|(?=[-–]{w.month}{E}))"
        rf"|(?P<season>{w.season})(?:\s+(?:{w.joiner})\s+(?P<year>{YEAR4}))?{E})"
        rf"|(?<=\w[-–])(?P<mon2>{w.month}){E}", _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        if in_a_name(w, text, m.start(), m.end()):
            return None
        if m["wd"]:
            said = m["pod"] or m["pod0"]
            pod = w.lex.parts_of_day[_key(said)] if said else None
            direction = w.lex.deictic_shifts[_key(m["post"])] if m["post"] else 0
            return Candidate(m.start(), m.end(), "weekday", TimexType.TIME if pod else
                             TimexType.DATE, Anchor.TENSE, Grain.PART_OF_DAY if pod else Grain.DAY,
                             weekday=w.weekday_of(m["wd"]), part_of_day=pod, direction=direction,
                             confidence=0.85)
        if m["mon"] and (m["ypre"] or m["ypost"]):
            return Candidate(m.start(), m.end(), "month", TimexType.DATE, Anchor.DOCUMENT,
                             Grain.MONTH, month=w.month_of(m["mon"]), shift_unit=Grain.YEAR,
                             shift=w.lex.deictic_shifts[_key(m["ypre"] or m["ypost"])],
                             confidence=0.85)
        if m["season"] and m["year"]:
            return Candidate(m.start(), m.end(), "season", TimexType.DATE, Anchor.ABSOLUTE,
                             Grain.SEASON, year=int(m["year"]),
                             season=w.lex.seasons[_key(m["season"])], confidence=0.9)
        if m["mon"] or m["mon2"]:
            return Candidate(m.start(), m.end(), "month", TimexType.DATE, Anchor.TENSE,
                             Grain.MONTH, month=w.month_of(m["mon"] or m["mon2"]),
                             confidence=0.8)
        bare = m.group(0).lower().startswith(m["season"].lower())
        if bare and m["season"].lower() in w.lex.common.past_words:
            return None  # "a été": the season word is also a verb form; only "l'été" is one
        return Candidate(m.start(), m.end(), "season", TimexType.DATE, Anchor.TENSE,
                         Grain.SEASON, season=w.lex.seasons[_key(m["season"])], confidence=0.75)

    return RegexParser("named_day", pattern, build)


def part_of_day(w: Words) -> Parser:
    """"la tarde", "la mañana": a part of the day the text is talking about."""
    pattern = re.compile(rf"{B}(?:{w.article})(?P<pod>{w.part_of_day}){E}", _I)

    def build(m: re.Match[str], text: str) -> Candidate | None:
        # the document's day: the time mentioned before may be no day at all ("en 1996")
        return Candidate(m.start(), m.end(), "part_of_day", TimexType.TIME, Anchor.DOCUMENT,
                         Grain.PART_OF_DAY, part_of_day=w.lex.parts_of_day[_key(m["pod"])],
                         shift_unit=Grain.DAY, confidence=0.7)

    return RegexParser("part_of_day", pattern, build)


def unit_edge(w: Words) -> Parser:
    """"la fin de l'année", "finales del año", "início do ano": the start, middle or end of
    the current year, month or week."""
    units = words([u for u, e in w.lex.units.items() if e.grain in ("WEEK", "MONTH", "YEAR")]
                  + [p for p, u in w.lex.unit_plurals.items()
                     if w.lex.units[u].grain == "YEAR" and not p.endswith("s")])
    pattern = re.compile(
        rf"{B}(?:{w.article})?(?P<mod>{words(w.lex.point_modifiers)})\s+"
        rf"(?:{words(w.lex.common.month_of)})(?:\s+|(?<=['’]))(?:{w.article})?(?P<unit>{units})"
        rf"(?!\s+(?:{w.shift}|\d)){E}", _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        unit = w.unit_of(m["unit"])
        if unit is None:
            return None
        return Candidate(m.start(), m.end(), "unit_edge", TimexType.DATE, Anchor.DOCUMENT,
                         grain_of(unit), mod=w.lex.point_modifiers[_key(m["mod"])],
                         confidence=0.8)

    return RegexParser("unit_edge", pattern, build)


def quarter(w: Words) -> Parser:
    """"terceiro trimestre", "le premier trimestre 1999", "o último trimestre"."""
    quarter_words = words([u for u, e in w.lex.units.items() if e.grain == "QUARTER"])
    year_words = words([u for u, e in w.lex.units.items() if e.grain == "YEAR"])
    pattern = re.compile(
        rf"{B}(?:{w.det})?(?P<nth>{w.ordinal})\s+{quarter_words}"
        rf"(?:\s+(?:{w.joiner}|{words(w.lex.common.month_of)})\s+(?:{w.det})?"
        rf"(?:(?P<year>\d{{4}})|{year_words}(?:\s+(?P<post>{w.shift}))?)"
        rf"|\s+(?P<this>{w.shift})\s+{year_words})?{E}",
        _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        nth = w.lex.ordinals[_key(m["nth"])]
        if not 1 <= nth <= 4 and nth != -1:
            return None
        if nth == -1 and m["year"]:  # "el último trimestre de 1999": its fourth
            return Candidate(m.start(), m.end(), "quarter", TimexType.DATE, Anchor.ABSOLUTE,
                             Grain.QUARTER, year=int(m["year"]), quarter=4, confidence=0.9)
        if nth == -1:  # "o último trimestre": the last one before the document date
            return Candidate(m.start(), m.end(), "quarter", TimexType.DATE, Anchor.DOCUMENT,
                             Grain.QUARTER, shift=-1, confidence=0.8)
        if m["year"]:
            return Candidate(m.start(), m.end(), "quarter", TimexType.DATE, Anchor.ABSOLUTE,
                             Grain.QUARTER, year=int(m["year"]), quarter=nth, confidence=0.95)
        shift_word = m["post"] or m["this"]
        if shift_word:
            return Candidate(m.start(), m.end(), "quarter", TimexType.DATE, Anchor.DOCUMENT,
                             Grain.QUARTER, quarter=nth, shift=w.lex.deictic_shifts[
                                 _key(shift_word)], shift_unit=Grain.YEAR, confidence=0.9)
        return Candidate(m.start(), m.end(), "quarter", TimexType.DATE, Anchor.TENSE,
                         Grain.QUARTER, quarter=nth, confidence=0.85)

    return RegexParser("quarter", pattern, build)


def counted(w: Words) -> Parser:
    """"il y a deux ans", "hace tres días", "há um ano", "dois dias atrás", "dans un mois",
    "dentro de tres semanas": a number of units back or ahead of the document date."""
    ago, ahead, after = w.lex.ago_prefixes, w.lex.ahead_prefixes, w.lex.ago_suffixes
    pattern = re.compile(
        rf"{B}(?:(?P<pre>{words(ago + ahead)})\s+(?:{words(w.lex.common.adverb_fillers)}\s+)?"
        rf"(?P<mod>{words(w.lex.duration_modifiers)}\s+)?"
        rf"(?:(?:(?P<num>{w.number})|(?P<vague>{w.vague}))\s+)?"
        rf"(?P<unit>{w.unit})|(?P<num2>{w.number})\s+(?P<unit2>{w.unit})\s+"
        rf"(?P<post>{words(after)})){E}",
        _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        unit = w.unit_of(m["unit"] or m["unit2"])
        if unit is None:
            return None
        sign = -1 if (m["post"] or _key(m["pre"]) in ago) else 1
        if m["vague"] or not (m["num"] or m["num2"]):
            if not (m["vague"] or _key(m["unit"]) in w.lex.unit_plurals):
                return None  # "hace año" is no phrase; "hace meses" is a span back
            return Candidate(m.start(), m.end(), "counted", TimexType.DURATION, Anchor.NONE,
                             None, value=duration_value(None, unit.code, unit.time),
                             confidence=0.7)
        amount = w.number_of(m["num"] or m["num2"])
        if amount is None or amount != int(amount):
            return None
        if m["mod"] and w.lex.duration_modifiers[_key(m["mod"])] == "APPROX":
            # "hace unos cuatro meses": an approximate span back, a duration
            return Candidate(m.start(), m.end(), "counted", TimexType.DURATION, Anchor.NONE,
                             None, value=duration_value(amount * unit.factor, unit.code,
                                                        unit.time), confidence=0.7)
        grain = grain_of(unit)
        keep = grain == Grain.YEAR and w.lex.common.ago_keeps_quarter
        return Candidate(m.start(), m.end(), "counted", TimexType.DATE, Anchor.DOCUMENT,
                         max(grain, Grain.DAY) if not unit.time else Grain.MINUTE,
                         shift=sign * int(amount) * unit.factor, shift_unit=grain,
                         keep_reference_grain=keep, confidence=0.9)

    return RegexParser("counted", pattern, build)


def anaphoric(w: Words) -> Parser:
    """"le lendemain", "la veille", "el mismo día", "al día siguiente", "o dia seguinte":
    a day counted from the time mentioned before."""
    steps = w.lex.anaphoric_steps
    day = words([u for u, e in w.lex.units.items() if e.grain == "DAY"])
    dems = words(w.lex.common.anaphoric_demonstratives)
    calendar_units = words([u for u, e in w.lex.units.items()
                            if e.grain in ("DAY", "WEEK", "MONTH", "YEAR")])
    pattern = re.compile(
        rf"{B}(?:(?P<dem>{dems})\s+(?:(?P<same>{words(steps)})\s+)?(?P<unit>{calendar_units})"
        rf"|(?:{w.det})?(?:(?P<alone>{words([s for s in steps if ' ' not in s])})"
        rf"(?:\s+{day})?|{day}\s+(?P<after>{words(steps)})))(?P<of>\s+{w.det})?{E}",
        _I,
    )

    def build(m: re.Match[str], text: str) -> Candidate | None:
        if m["of"]:
            return None  # "le lendemain de l'élection": anchored to an event
        if m["dem"]:
            unit = w.unit_of(m["unit"])
            if unit is None:
                return None
            return Candidate(m.start(), m.end(), "anaphoric_that", TimexType.DATE,
                             Anchor.PREVIOUS, grain_of(unit), shift=0, confidence=0.7)
        word = _key(m["alone"] or m["after"])
        if m["alone"] and word not in w.lex.common.day_nouns and not m.group(0).lower().endswith(
                tuple(u for u, e in w.lex.units.items() if e.grain == "DAY")):
            return None  # "même", "siguiente" alone are no time
        return Candidate(m.start(), m.end(), "anaphoric_day", TimexType.DATE, Anchor.PREVIOUS,
                         Grain.DAY, shift=steps[word], shift_unit=Grain.DAY, confidence=0.8)

    return RegexParser("anaphoric", pattern, build)


def duration_value(amount: float | None, code: str, time: bool) -> str:
    """TIMEX3 duration: ``P2Y``, ``PT30M``, ``PXD`` (no amount), ``PT1.5H``."""
    if amount is None:
        number = "X"
    elif amount == int(amount):
        number = str(int(amount))
    else:
        number = f"{amount:g}"
    return f"P{'T' if time else ''}{number}{code}"


def parsers(w: Words) -> tuple[Parser, ...]:
    """The relative families of one locale, most specific first."""
    return (casual_day(w), casual_part_of_day(w), part_of_today(w), relative_phrase(w),
            quarter(w), counted(w), day_of_month(w), unit_edge(w),
            anaphoric(w), directed(w), named_day(w), part_of_day(w))
