"""Named periods: seasons, quarters, halves, fiscal years, decades and centuries.

Examples: "summer 2025", "last fall", "the second quarter", "third-quarter", "Q2 2025",
"the first half of 2025", "fiscal 1998", "the 1990s", "the 20th century".
"""

from __future__ import annotations

import re
from typing import Final

from service.domain.types import Grain, TimexType
from service.rules.en.words import LEX, ORDINAL, SEASON, YEAR4, B, E, ordinal_number
from service.rules.types import Anchor, Candidate, RegexParser

_I = re.IGNORECASE



def _season(m: re.Match[str], text: str) -> Candidate | None:
    det = (m["det"] or "").lower()
    det = re.sub(r"\s+", " ", det)
    code = LEX.seasons[m["season"].lower()]
    if m["year"]:
        year = int(m["year"])
        return Candidate(
            m.start(), m.end(), "season", TimexType.DATE, Anchor.ABSOLUTE, Grain.SEASON,
            year=year, season=code, confidence=0.95,
        )
    if not det:
        before = text[max(0, m.start() - 20) : m.start()].lower()
        if not re.search(r"\b(?:in|during|by|since|until|through|early|late|mid|this|next|last)"
                         r"[\s-]*$|mid-$", before):
            return None
    if det == "the":
        after = text[m.end() : m.end() + 12]
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if re.match(r"\s+of\b", after) or not re.search(
            r"\b(?:in|during|by|until|since|through|over|for|from|before|after|this|that)\s+$",
            before,
        ):
            return None  # "the fall of the Berlin Wall", "The fall in prices"
    if m["season"].lower() == "fall" and not det:
        return None
    if det in ("this", "next", "last"):  # this, next or last year's season
        return Candidate(
            m.start(), m.end(), "season", TimexType.DATE, Anchor.TENSE, Grain.SEASON,
            season=code, shift=LEX.deictic_shifts[det], shift_unit=Grain.YEAR,
            confidence=0.85,
        )
    undirected = det in LEX.undirected_season_determiners
    return Candidate(
        m.start(), m.end(), "season", TimexType.DATE, Anchor.TENSE, Grain.SEASON, season=code,
        direction=0 if undirected else LEX.deictic_shifts.get(det, 0), confidence=0.85,
    )


SEASONS: Final = RegexParser(
    "season",
    re.compile(
        rf"{B}(?:(?P<det>this\s+past|this\s+coming|the\s+coming|this|last|next|past|the)\s+)?"
        rf"(?P<season>{SEASON})(?:\s+(?P<of>of\s+)?(?P<year>{YEAR4}))?{E}",
        _I,
    ),
    _season,
    keywords=('spring', 'summer', 'fall', 'autumn', 'winter'),
)


_QUARTER_WORDS = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"


def _quarter_number(word: str) -> int:
    n = ordinal_number(word)
    assert n is not None
    return n


def _quarter(m: re.Match[str], text: str) -> Candidate | None:
    q = _quarter_number(m["q"]) if m["q"] else int(m["qn"])
    if not 1 <= q <= 4:
        return None
    # "the third quarter" keeps its article; the adjective "third-quarter" does not
    start = m.end("det") + 1 if m["det"] == "the" and m["sep"] == "-" else m.start()
    start = start if text[start] != " " else start + 1
    if m["year"] or m["year0"]:
        return Candidate(
            start, m.end(), "quarter", TimexType.DATE, Anchor.ABSOLUTE, Grain.QUARTER,
            year=int(m["year"] or m["year0"]), quarter=q, confidence=0.95,
        )
    rel = (m["rel"] or m["rel2"] or "").lower()
    if rel:
        return Candidate(
            start, m.end(), "quarter", TimexType.DATE, Anchor.DOCUMENT, Grain.QUARTER,
            quarter=q, shift=LEX.deictic_shifts[rel], shift_unit=Grain.YEAR, confidence=0.9,
        )
    return Candidate(
        start, m.end(), "quarter", TimexType.DATE, Anchor.TENSE, Grain.QUARTER,
        quarter=q, confidence=0.85,
    )


QUARTERS: Final = RegexParser(
    "quarter",
    re.compile(
        rf"{B}(?:(?P<det>the|(?P<rel2>this|last|next)\s+year['’]s)\s+)?(?:(?P<year0>{YEAR4})\s+)?"
        rf"(?:(?:fiscal|calendar)[\s-]+)?"
        rf"(?:(?P<q>{_QUARTER_WORDS})(?P<sep>[\s-]+)(?:fiscal[\s-]+)?quarter|Q(?P<qn>[1-4]))"
        rf"(?:(?:\s+of|,)?\s+(?:(?:fiscal|calendar)\s+)?(?P<year>{YEAR4})"
        rf"|\s+of\s+(?P<rel>this|last|next)\s+year)?{E}",
        _I,
    ),
    _quarter,
    keywords=('quarter', 'q1', 'q2', 'q3', 'q4'),
)


def _deictic_quarter(m: re.Match[str], text: str) -> Candidate | None:
    word = (m["which"] if m["which"] is not None else m["w2"]).lower()
    # "the quarter" / "the latest quarter": the quarter most recently reported on.
    shift = LEX.deictic_shifts[word] if word else -1
    return Candidate(
        m.start(), m.end(), "quarter_relative", TimexType.DATE, Anchor.DOCUMENT, Grain.QUARTER,
        shift=shift, confidence=0.75,
    )


RELATIVE_QUARTERS: Final = RegexParser(
    "quarter_relative",
    re.compile(
        r"\b(?:(?:the|this)\s+(?P<which>latest|last|previous|past|current|next|coming|)\s*"
        r"|(?P<w2>last|next|this)\s+)(?:quarter(?!ly|s)|period(?=\s*[,.;]|\s+(?:ended|ending|"
        r"a\s+year|last|from|,)))\b",
        _I,
    ),
    _deictic_quarter,
    keywords=('quarter', 'period'),
)


def _half(m: re.Match[str], text: str) -> Candidate | None:
    word = m["h"].lower()
    half = 1 if word in ("first", "1st") else 2
    if m["year"]:
        return Candidate(
            m.start(), m.end(), "half", TimexType.DATE, Anchor.ABSOLUTE, Grain.HALF,
            year=int(m["year"]), half=half, confidence=0.93,
        )
    rel = (m["rel"] or "this").lower()
    if not m["rel"] and not m.group(0).lower().startswith("the") and "-" not in m.group(0):
        return None  # "second half" alone: a game's, as often as a year's
    return Candidate(
        m.start(), m.end(), "half", TimexType.DATE, Anchor.DOCUMENT, Grain.HALF, half=half,
        shift=LEX.deictic_shifts.get(rel, 0), shift_unit=Grain.YEAR, confidence=0.85,
    )


HALVES: Final = RegexParser(
    "half",
    re.compile(
        rf"{B}(?:the\s+)?(?P<h>first|second|1st|2nd|last|latter)[\s-]+half"
        rf"(?:\s+of\s+(?:(?:fiscal\s+)?(?P<year>{YEAR4})|(?P<rel>this|last|next|the)\s+year)"
        rf"|(?=\s+(?:profit|results|sales|earnings|revenue|growth|loss|net)\b)"
        rf"|(?<=half)(?=\s*[.,;])(?<=\bhalf))"
        rf"{E}",
        _I,
    ),
    _half,
    keywords=('half',),
)


def _h_code(m: re.Match[str], text: str) -> Candidate | None:
    return Candidate(
        m.start(), m.end(), "half", TimexType.DATE, Anchor.ABSOLUTE, Grain.HALF,
        year=int(m["year"]), half=int(m["h"]), confidence=0.9,
    )


H_CODES: Final = RegexParser(
    "half_code",
    re.compile(rf"\bH(?P<h>[12])\s+(?P<year>{YEAR4}){E}"),
    _h_code,
    keywords=('h1', 'h2'),
)


def _fiscal(m: re.Match[str], text: str) -> Candidate | None:
    raw = m["year"] or m["year2"]
    year = int(raw) if len(raw) == 4 else (1900 + int(raw) if int(raw) >= 50 else 2000 + int(raw))
    return Candidate(
        m.start(), m.end(), "fiscal_year", TimexType.DATE, Anchor.ABSOLUTE, Grain.YEAR,
        year=year, confidence=0.93,
    )


FISCAL: Final = RegexParser(
    "fiscal_year",
    re.compile(
        rf"{B}(?:(?:(?:the\s+)?fiscal(?:\s+year)?|FY)[\s-]*(?:'|’)?(?P<year>{YEAR4}|\d{{2}})"
        rf"|the\s+(?P<year2>{YEAR4})\s+fiscal\s+year){E}",
        _I,
    ),
    _fiscal,
    keywords=('fiscal', 'fy'),
)


def _decade(m: re.Match[str], text: str) -> Candidate | None:
    if m["digits"]:
        decade = int(m["digits"])
    else:  # "the '90s"
        decade = 190 + int(m["short"]) if int(m["short"]) >= 3 else 200 + int(m["short"])
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["mod"] or "").lower().rstrip("-"))
    return Candidate(
        m.start(), m.end(), "decade", TimexType.DATE, Anchor.ABSOLUTE, Grain.DECADE,
        year=decade * 10, mod=mod, confidence=0.93,
    )


DECADES: Final = RegexParser(
    "decade",
    re.compile(
        r"(?<![\w'’-])(?:the\s+)?(?:(?P<mod>early|mid-?|late)\s*)?"
        r"(?:(?P<digits>1[0-9]{2}|20[0-9])0|['’](?P<short>[0-9])0)['’]?s\b",
        _I,
    ),
    _decade,
    keywords=('0s', "0's", '0’s'),
)


def _century(m: re.Match[str], text: str) -> Candidate | None:
    if m["this"]:
        return Candidate(
            m.start(), m.end(), "century", TimexType.DATE, Anchor.DOCUMENT, Grain.CENTURY,
            shift=LEX.deictic_shifts[m["this"].lower()], confidence=0.85,
        )
    n = ordinal_number(m["ord"])
    if n is None or not 1 <= n <= 30:
        return None
    return Candidate(
        m.start(), m.end(), "century", TimexType.DATE, Anchor.ABSOLUTE, Grain.CENTURY,
        year=(n - 1) * 100, confidence=0.9,
    )


CENTURIES: Final = RegexParser(
    "century",
    re.compile(rf"{B}(?:(?:the\s+)?(?P<ord>{ORDINAL})|(?P<this>this|last|next))[\s-]+century{E}",
               _I),
    _century,
    keywords=('century',),
)


_DECADE_WORDS: Final = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                        "seventies": 7, "eighties": 8, "nineties": 9}


def _decade_word(m: re.Match[str], text: str) -> Candidate | None:
    tens = _DECADE_WORDS[m["word"].lower()]
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["mod"] or "").lower().rstrip("-"))
    return Candidate(
        m.start(), m.end(), "decade", TimexType.DATE, Anchor.ABSOLUTE, Grain.DECADE,
        year=1900 + tens * 10, mod=mod, confidence=0.85,
    )


DECADE_WORDS: Final = RegexParser(
    "decade_word",
    re.compile(rf"\bthe\s+(?:(?P<mod>early|mid-?|late)\s*)?(?P<word>"
               rf"{'|'.join(_DECADE_WORDS)})\b", _I),
    _decade_word,
    keywords=('ties',),
)


PARSERS: Final = (SEASONS, QUARTERS, RELATIVE_QUARTERS, HALVES, H_CODES, FISCAL, DECADES,
                  DECADE_WORDS, CENTURIES)
