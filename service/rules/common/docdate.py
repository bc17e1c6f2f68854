"""The document date stated at the start of an article in any locale: "Publié le 3 octobre
2025", "Actualizado: 03/10/2025", "Lisboa, 3 out (Lusa) -", "PARIS, 3 octobre 2025 -"."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Final

from service.domain.calendar import EARLIEST_DOCUMENT_DATE, LATEST_DOCUMENT_DATE
from service.rules.common.words import Words, words, words_for
from service.rules.en.docdate import DetectedDate

_HEAD_CHARS: Final = 400
_I: Final = re.IGNORECASE
_MORE_TEXT: Final = re.compile(r"\w")


def _make(y: int, m: int, d: int) -> date | None:
    try:
        found = date(y, m, d)
    except ValueError:
        return None
    return found if EARLIEST_DOCUMENT_DATE <= found <= LATEST_DOCUMENT_DATE else None


def _patterns(w: Words) -> tuple[re.Pattern[str], ...]:
    label = rf"(?:(?:{words(w.lex.common.document_date_labels)})\s*[:=]?\s*)"
    joiner = rf"(?:\s+{w.joiner}\s+|\s+)"
    order = w.lex.date_order
    fields = {"D": r"(?P<d>\d{1,2})", "M": r"(?P<m>\d{1,2})", "Y": r"(?P<y>\d{4})"}
    numeric = r"(?P<s>[/.-])".join([fields[order[0]], fields[order[1]]]) + r"(?P=s)" + fields[
        order[2]]
    written = (rf"(?:(?P<wd>{w.weekday_any}),?\s+)?(?P<d>\d{{1,2}})(?:er|º|o)?{joiner}"
               rf"(?P<mon>{w.month_any}){joiner}(?P<y>\d{{4}})")
    # "Lisboa, 3 out (Lusa) -": a place, a day and month, a wire service, a dash
    dateline = (rf"(?-i:[A-ZÀ-Ý])[\w .'-]{{1,40}},\s+(?P<d>\d{{1,2}}){joiner}(?P<mon>{w.month_any})"
                rf"(?:{joiner}(?P<y>\d{{4}}))?(?:\s*\([\w .&-]{{2,30}}\))?\s*[-—–:]")
    return (
        re.compile(rf"\A\s*{label}?(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})", _I),
        re.compile(rf"\A\s*{label}{numeric}\b", _I),
        re.compile(rf"\A\s*{label}{written}\b", _I),
        re.compile(rf"\A\s*{numeric}\b(?=[ \t]*(?:[-—–:|]|\n))", _I),
        re.compile(rf"\A\s*{written}\b(?=[ \t]*(?:[-—–:|]|\n))", _I),
        re.compile(rf"\A\s*{dateline}", _I),
    )


def is_date_line(text: str, found: DetectedDate, language: str) -> bool:
    """True for a labelled date line ("Publié le 3 octobre 2025", "Actualizado: 03/10/2025")
    or a bare numeric date opening the text: it is about the document, not the story."""
    w = words_for(language)
    before = text[: found.start]
    label = rf"\s*(?:{words(w.lex.common.document_date_labels)})\s*[:=]?\s*(?:{w.article})?"
    if re.fullmatch(label, before, _I):
        return True
    return not before.strip() and text[found.start : found.end][:1].isdigit()


def detect_document_date(text: str, language: str, today: date
                         ) -> DetectedDate | None:
    """Find the publication date stated at the start of ``text`` in ``language``.

    Args:
        text: the article.
        language: a locale served by the common families ("fr", "pt", "es").
        today: the reference for a dateline without a year (the caller's clock).

    Returns:
        The date and its span (``date_line`` set as :func:`is_date_line` says), or None.
    """
    found = _detect(text[:_HEAD_CHARS], words_for(language), today)
    if found is None or not _MORE_TEXT.search(text, found.end):
        return None  # a date with nothing after it is the text itself, not a dateline
    return replace(found, date_line=is_date_line(text, found, language))


def _detect(head: str, w: Words, today: date) -> DetectedDate | None:
    for pattern in _patterns(w):
        m = pattern.search(head)
        if m is None:
            continue
        groups = m.groupdict()
        month = int(groups["m"]) if groups.get("m") else w.month_of(groups["mon"])
        day = int(groups["d"])
        if groups.get("y"):
            found = _make(int(groups["y"]), month, day)
            if found is not None:
                start = min(m.start(g) for g in ("d", "m", "mon", "y") if groups.get(g))
                if groups.get("mon"):  # a written date opens at its weekday, if it has one
                    start = m.start("wd") if groups.get("wd") else start
                return DetectedDate(found, start, m.end())
            continue
        for year in range(today.year, today.year - 2, -1):
            found = _make(year, month, day)
            if found is not None and found <= today:
                return DetectedDate(found, m.start("d"), m.end("mon"), year_assumed=True)
    return None

