"""Regex fragments composed from the English lexicon, and readers for the words they match."""

from __future__ import annotations

import calendar
import re
from typing import Final

from service.domain.types import Grain
from service.locale.grammar import load_grammar
from service.locale.lexicon import alternation, choice, load_lexicon

LEX: Final = load_lexicon("en")
_CUES: Final = load_grammar("en").rules


def cue_words(family: str, name: str) -> tuple[str, ...]:
    """The context words ``name`` of rule family ``family`` (grammar.yaml ``rules:``)."""
    return _CUES[family][name]


def cue(family: str, name: str) -> str:
    """Those words as a regex alternation, in the file's order."""
    return choice(cue_words(family, name))


_TENS = [w for w, n in LEX.numbers.items() if 20 <= n < 100 and n % 10 == 0]
_ONES = [w for w, n in LEX.numbers.items() if 1 <= n <= 9 and w not in ("a", "an")]
_WORD_NUMBERS = list(LEX.numbers)

B = r"(?<![\w'’-])"  # word start
# word start that also allows a modifier joined by a hyphen: "mid-November", "late-1990"
B_MOD = r"(?:(?<=\bmid-)|(?<=\blate-)|(?<=\bearly-)|(?<=\bpost-)|(?<=\bpre-)|(?<![\w'’-]))"
E = r"(?![\w]|['’](?!s\b))"  # word end; a hyphen or a possessive may follow

_FULL_MONTHS = {name.lower() for name in calendar.month_name if name}
MONTH: Final = (
    "(?:" + alternation(m for m in LEX.months if m in _FULL_MONTHS) + "|"
    + alternation(m for m in LEX.months if m not in _FULL_MONTHS) + r"\.?)"
)
WEEKDAY: Final = alternation(w for w in LEX.weekdays if w not in LEX.weekday_abbreviations)
WEEKDAY_ANY: Final = alternation(LEX.weekdays) + r"\.?"
SEASON: Final = alternation(LEX.seasons)
PART_OF_DAY: Final = alternation(LEX.parts_of_day)
UNIT_WORDS: Final = alternation(
    list(LEX.units) + [u + "s" for u in LEX.units] + list(LEX.unit_plurals)
)
NUMBER_WORD: Final = (
    "(?:" + alternation(_TENS) + r"(?:[\s-]" + alternation(_ONES) + ")?|"
    + alternation(_WORD_NUMBERS) + ")"
)
NUMBER: Final = (
    r"(?:(?:\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?|" + NUMBER_WORD + r")"
    r"(?:\s+and\s+a\s+half|\s+1/2|½)?)"
)
VAGUE: Final = alternation(LEX.vague_quantities)
ORDINAL: Final = r"(?:\d{1,2}(?:st|nd|rd|th)|" + alternation(LEX.ordinals) + ")"
YEAR4: Final = r"(?:1[0-9]{3}|20[0-9]{2})"
DAY_NUM: Final = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
ZONE: Final = alternation(LEX.zones)

_NUMBER_RE = re.compile(
    r"^(?:(?P<tens>" + alternation(_TENS) + r")(?:[\s-](?P<ones>" + alternation(_ONES) + "))?)$",
    re.I,
)

GRAIN_BY_NAME: Final = {g.name: g for g in Grain}


def number_value(text: str) -> float | None:
    """Read "three", "twenty-five", "1,200", "2.5", "a" as a number; vague words give None."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    half = re.search(r"\s+and a half$|\s+1/2$|½$", t)
    if half:
        whole = number_value(t[: half.start()])
        return None if whole is None else whole + 0.5
    if t in LEX.numbers:
        return LEX.numbers[t]
    digits = t.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return float(digits)
    m = _NUMBER_RE.match(t)
    if m:
        value = LEX.numbers[m.group("tens").lower()]
        if m.group("ones"):
            value += LEX.numbers[re.sub(r"\s+", " ", m.group("ones").lower())]
        return value
    return None


def month_number(word: str) -> int:
    """'Sept.' -> 9."""
    return LEX.months[word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    """'Tues.' -> 2 (ISO: Monday is 1)."""
    return LEX.weekdays[word.lower().rstrip(".")]


def ordinal_number(word: str) -> int | None:
    """'19th' -> 19, 'third' -> 3."""
    w = word.lower()
    if w in LEX.ordinals:
        return LEX.ordinals[w]
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", w)
    return int(m.group(1)) if m else None


def unit_grain(word: str) -> tuple[str, Grain, str, bool, int]:
    """'years' -> ('year', Grain.YEAR, 'Y', is_time_unit, factor)."""
    name, unit = LEX.unit_of(word)
    return name, GRAIN_BY_NAME[unit.grain], unit.code, unit.time, unit.factor


def month_is_safe(word: str, text: str, start: int, end: int) -> bool:
    """A month word counts only when capitalised; "may"/"march" also need calendar context."""
    if not word[:1].isupper():
        return False
    key = word.lower().rstrip(".")
    if key not in LEX.ambiguous_months and len(word.rstrip(".")) > 3:
        return True
    after = text[end : end + 12]
    if re.match(r"\.?\s*(?:\d|of\s+\d)", after):
        return True
    before = text[max(0, start - 30) : start].lower()
    return bool(
        re.search(
            r"(?:\b(?:in|of|since|until|till|by|during|through|from|to|early|late|mid|last|next"
            r"|this|before|after|between|and|or|end|beginning|start|middle|until|throughout)"
            r"|mid-)\s*$",
            before,
        )
    ) and not re.match(r"\s+(?:be|have|not|also|well|say|the|a|an|want|need)\b", after)


def duration_code(amount: float | None, code: str, is_time: bool, factor: int = 1) -> str:
    """TIMEX3 duration value: (3, 'D') -> 'P3D'; (None, 'M', time) -> 'PTXM'; 0.5 year -> 'P6M'."""
    prefix = "PT" if is_time else "P"
    if amount is None:
        return f"{prefix}X{'Y' if code in ('DE', 'CE') else code}"
    amount *= factor
    if amount != int(amount):  # "two and a half years" -> P2Y6M, "an hour and a half" -> PT1H30M
        smaller = {"Y": ("M", 12), "D": ("H", 24), "H": ("M", 60), "W": ("D", 7), "M": ("D", 30),
                   "Q": ("M", 3)}
        if code in smaller:
            sub, mult = smaller[code]
            whole = int(amount)
            rest = round((amount - whole) * mult)
            if code == "D":
                return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
            head = f"{whole}{code}" if whole else ""
            return f"{prefix}{head}{rest}{sub}"
    if code == "WE":
        return f"P{int(amount) * 2}D"
    if code in ("DE", "CE"):  # TempEval-3 writes decades and centuries in years
        return f"P{int(amount) * (10 if code == 'DE' else 100)}Y"
    return f"{prefix}{int(amount)}{code}"

# Trigger words for windowed scanning (see RegexParser.keywords).
MONTH_KEYS: Final = tuple(LEX.months)
WEEKDAY_KEYS: Final = tuple(w for w in LEX.weekdays if w not in LEX.weekday_abbreviations)
UNIT_KEYS: Final = (*LEX.units, *LEX.unit_plurals)
DIGITS: Final = tuple("0123456789")
