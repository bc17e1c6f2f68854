"""TIMEX3 values in words, for people: "Tue 4 Mar 2025, morning", "week of 11 Aug 2025".

One function, :func:`human_date`, is the only place a value is put into words; the API's
``label`` fields, the CLI table and the page (through those fields) all show what it returns.
The two ends of an event that lasts are put into words by :func:`human_point` (one end) and
:func:`human_span` (both, the event's label), each a wording around ``human_date``.

Month names of up to four letters are written whole (May, June, July), the others cut to
three (Jan, Mar, Aug): short enough for a table column and never ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from service.domain.types import Point, PointRelation

_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PARTS_OF_DAY: Final = {
    "MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night",
    "DT": "daytime",
}
_SEASONS: Final = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_ORDINALS: Final = ("first", "second", "third", "fourth")
_REFERENCES: Final = {"PRESENT_REF": "now", "PAST_REF": "the past", "FUTURE_REF": "the future"}
_RELATIONS: Final = {
    "on": "{}", "before": "before {}", "after": "after {}", "since": "since {}",
    "until": "until {}", "during": "during {}",
}
# Modifiers that bound or approximate any value, durations included.
_BOUNDS: Final = {
    "APPROX": "about {}", "BEFORE": "before {}", "AFTER": "after {}",
    "ON_OR_BEFORE": "on or before {}", "ON_OR_AFTER": "on or after {}",
    "LESS_THAN": "less than {}", "MORE_THAN": "more than {}",
    "EQUAL_OR_LESS": "at most {}", "EQUAL_OR_MORE": "at least {}",
}
# Modifiers that pick a part of a period: "early June 2024", "late Sun 18 May 2025"; a period
# named with "of" takes "the": "start of the week of 11 Aug 2025".
_PARTS: Final = {"START": ("early {}", "start of the {}"), "MID": ("mid-{}", "middle of the {}"),
                 "END": ("late {}", "end of the {}")}
_DURATION_UNITS: Final = {
    "CE": "century", "DE": "decade", "Y": "year", "Q": "quarter", "M": "month", "W": "week",
    "D": "day", "H": "hour", "TM": "minute", "S": "second",
}
_PLURALS: Final = {"century": "centuries"}

_YEAR = r"(?P<y>\d{4}|XXXX)"
_CLOCK = (r"(?P<h>\d{2})(?::(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?)?"
          r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?")
_TIME = rf"(?:T(?:(?P<pod>MO|MI|AF|EV|NI|DT)|{_CLOCK}))?"
_DAY_RE: Final = re.compile(rf"{_YEAR}-(?P<m>\d{{2}}|XX)-(?P<d>\d{{2}}|XX){_TIME}")
_WEEK_RE: Final = re.compile(rf"{_YEAR}-W(?P<w>\d{{2}}|XX)(?:-(?P<wd>[1-7]|WE))?{_TIME}")
_MONTH_RE: Final = re.compile(rf"{_YEAR}-(?P<m>\d{{2}}|XX)")
_SEASON_RE: Final = re.compile(rf"{_YEAR}-(?P<code>SP|SU|FA|WI)")
_QUARTER_RE: Final = re.compile(rf"{_YEAR}-(?P<kind>Q|H)(?P<n>[1-4]|X)")
_DURATION_RE: Final = re.compile(
    r"P(?P<date>(?:(?:\d+(?:\.\d+)?|X)(?:CE|DE|Y|Q|M|W|D))*)"
    r"(?:T(?P<time>(?:(?:\d+(?:\.\d+)?|X)[HMS])+))?"
)
_DURATION_PART: Final = re.compile(r"(\d+(?:\.\d+)?|X)(CE|DE|Y|Q|M|W|D|H|S)")


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A value in words, before modifiers and relations are put around it."""

    text: str
    unknown: str = ""       # what the value leaves open: " (year unknown)", appended last
    with_of: bool = False   # "week of ...", "second half of ...": parts take "start of the"
    fine: bool = False      # a day or finer: "early Tue 4 Mar 2025", "middle of the ..."


def human_date(
    value: str | None,
    granularity: str | None = None,
    relation: str | None = None,
    *,
    mod: str | None = None,
    kind: str | None = None,
) -> str:
    """A TIMEX3 value in words, at its granularity.

    Args:
        value: the TIMEX3 value (``2025-03-04TMO``, ``2025-W33``, ``2025-H2``, ``199``,
            ``P3D``, ``XXXX-WXX-1``, ``PRESENT_REF`` ...); None when there is no date.
        granularity: the value's granularity as the API names it (``day``, ``month`` ...).
            A value finer than its granularity is shown at the granularity: ``2025-05-22T15:00``
            at ``day`` is "Thu 22 May 2025", ``2025-05-19`` at ``month`` is "May 2025".
        relation: how an event stands to the value (``before``, ``since`` ...; ``on`` adds
            nothing).
        mod: the TIMEX3 modifier (``START``, ``MID``, ``END``, ``APPROX``, ``LESS_THAN`` ...).
        kind: the TIMEX3 type; ``SET`` reads the value as a recurrence ("every Monday").

    Returns:
        "Tue 4 Mar 2025, morning", "week of 11 Aug 2025", "second half of 2025", "2026",
        "since Aug 2024", "June 2024", "before Mon 19 May 2025", "every Monday", "3 days",
        "Monday (date unknown)"; "no date" for None; the value itself when it has a form
        this function does not know.
    """
    if not value:
        return "no date"
    phrase = _phrase(_at_granularity(value, granularity), recurring=kind == "SET")
    if phrase is None:
        return value if relation in (None, "on") else _RELATIONS.get(relation, "{}").format(value)
    text = _modified(phrase, mod)
    if relation is not None and relation in _RELATIONS:
        text = _RELATIONS[relation].format(text)
    return text + phrase.unknown



# The ends of an event that lasts. A begin is worded by what follows it: alone or before
# ", still holding" it says "since before 1990"; before an "until ..." end it says "from before
# 1990 until 1984", which reads as one phrase.
_BEGINS: Final = {
    PointRelation.ON: ("from {}", "from {}"),
    PointRelation.BEFORE: ("since before {}", "from before {}"),
    PointRelation.AFTER: ("starting after {}", "from after {}"),
}
_ENDS: Final = {
    PointRelation.ON: "until {}",
    PointRelation.BEFORE: "ended before {}",
    PointRelation.AFTER: "until after {}",
}


def human_point(point: Point) -> str:
    """One end of an event that lasts, in words.

    Args:
        point: the begin or the end of the event.

    Returns:
        The value with its relation, as :func:`human_date` words it: "before Tue 20 May 2025",
        "June 2024", "after 1990"; "open" when the article does not say.
    """
    if _stated(point) is None:
        return "open"
    return human_date(point.value, _grain(point), point.relation.value)


def human_span(begin: Point | None, end: Point | None) -> str | None:
    """The time of an event that lasts in words, both ends in one phrase.

    An end after the begin's own value is the usual "began before the article's date and still
    holds" and reads "still holding"; an end after another value reads "until after" it.

    Args:
        begin: where the event begins (None: as ``open``).
        end: where it ends (None: as ``open``).

    Returns:
        "since before Tue 20 May 2025, still holding", "from 1970 until 1984", "from Aug 2024",
        "from before 1990 until June 2024", "starting after 2020, ended before 2024",
        "until 1984"; None when both ends are open (the event's single label then stands).
    """
    first, last = _stated(begin), _stated(end)
    if first is None and last is None:
        return None
    if last is None:
        ending = ""
    elif (last.relation is PointRelation.AFTER and first is not None
          and last.value == first.value):
        ending = "still holding"
    else:
        ending = _ENDS[last.relation].format(_point_words(last))
    if first is None:
        return ending
    alone, before_until = _BEGINS[first.relation]
    if ending.startswith("until "):
        return f"{before_until.format(_point_words(first))} {ending}"
    starting = alone.format(_point_words(first))
    return f"{starting}, {ending}" if ending else starting


# What an inferred date rests on, in words ("dated by ..."): one phrase per basis the API can
# give (``when.basis``), so that no code reaches a reader. The page (service/api/static/app.js)
# holds the same phrases; tests/unit/test_human.py checks that the two agree.
BASIS_PHRASES: Final = {
    "document_date": "the article's date, by its tense",
    "previous_time": "the time the story last gave",
    "sentence_time": "the time of its sentence",
    "news_day": "the day the article's lead gives its news",
    "stated": "the time the text states",
}
_UNKNOWN_BASIS: Final = "the article's context"
_EVENT_RELATIONS: Final = {
    "on": "the same time as {}", "before": "before {}", "after": "after {}",
    "since": "since {}", "until": "until {}", "during": "during {}",
}


def human_basis(
    basis: str | None,
    relation: str | None = None,
    *,
    expression: str | None = None,
    other: str | None = None,
) -> str:
    """What an inferred date rests on, in words, never the API's code.

    Args:
        basis: the API's ``when.basis`` (``document_date``, ``previous_time``,
            ``sentence_time``, ``event:e12`` ...); None or unknown: the article's context.
        relation: the event's relation to its time (``before`` ...), for a related event.
        expression: the text of the time expression the date was carried from, if any.
        other: the summary of the related event of an ``event:`` basis.

    Returns:
        "the article's date, by its tense", "the time the story last gave, “Sunday”",
        "before Trump returned to office", "the same time as another event".
    """
    code = basis or ""
    if code.startswith("event:"):
        target = other or "another event"
        return _EVENT_RELATIONS.get(relation or "on", "{}").format(target)
    phrase = BASIS_PHRASES.get(code, _UNKNOWN_BASIS)
    if expression and code in ("previous_time", "sentence_time"):
        return f"{phrase}, “{expression}”"
    return phrase


def human_range(
    start_value: str | None, start_granularity: str | None,
    end_value: str | None, end_granularity: str | None,
) -> str:
    """Both ends of a stated range in words, joined by a dash: "2019–2022", "18–20 May 2025",
    "June 2024 – Mar 2025".

    Args:
        start_value: the TIMEX3 value of the first end.
        start_granularity: its granularity as the API names it.
        end_value: the TIMEX3 value of the second end.
        end_granularity: its granularity.

    Returns:
        The range in words; the one known end alone when the other has no value.
    """
    first = human_date(start_value, start_granularity) if start_value else ""
    last = human_date(end_value, end_granularity) if end_value else ""
    if not first or not last:
        return first or last or "no date"
    days = [_DAY_RE.fullmatch(v or "") for v in (start_value, end_value)]
    if start_granularity == end_granularity == "day" and all(
        m is not None and "X" not in m["y"] + m["m"] + m["d"] for m in days
    ):
        try:
            begin = date.fromisoformat((start_value or "")[:10])
            finish = date.fromisoformat((end_value or "")[:10])
        except ValueError:
            pass
        else:
            return _day_range(begin, finish)
    if " " in first or " " in last:
        return f"{first} – {last}"
    return f"{first}–{last}"


def _stated(point: Point | None) -> Point | None:
    """``point`` when it lies against a value, None when it is open (or absent)."""
    if point is None or point.relation is PointRelation.OPEN or not point.value:
        return None
    return point


def _grain(point: Point) -> str | None:
    return point.granularity.label if point.granularity is not None else None


def _point_words(point: Point) -> str:
    return human_date(point.value, _grain(point))

def _at_granularity(value: str, granularity: str | None) -> str:
    """``value`` cut to ``granularity`` when it is a known date finer than that."""
    match = _DAY_RE.fullmatch(value)
    if match is not None and "X" not in match["y"] + match["m"] + match["d"]:
        try:
            d = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return value
    else:
        month = _MONTH_RE.fullmatch(value)
        if month is None or "X" in month["y"] + month["m"] or not 1 <= int(month["m"]) <= 12:
            return value
        if granularity in ("day", "week", "month"):
            return value
        d = date(int(month["y"]), int(month["m"]), 1)
    if granularity == "day":
        return d.isoformat()
    if granularity == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    if granularity == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if granularity == "season":
        if d.month == 12:
            return f"{d.year:04d}-WI"
        if d.month <= 2:
            return f"{d.year - 1:04d}-WI"
        return f"{d.year:04d}-{('SP', 'SU', 'FA')[(d.month - 3) // 3]}"
    if granularity == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if granularity == "half":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if granularity == "year":
        return f"{d.year:04d}"
    if granularity == "decade":
        return f"{d.year // 10:03d}"
    if granularity == "century":
        return f"{d.year // 100:02d}"
    return value


def _modified(phrase: _Phrase, mod: str | None) -> str:
    if mod is None:
        return phrase.text
    if mod in _BOUNDS:
        return _BOUNDS[mod].format(phrase.text)
    if mod in _PARTS:
        coarse, of_form = _PARTS[mod]
        if phrase.with_of:
            return of_form.format(phrase.text)
        if phrase.fine and mod == "MID":
            return f"middle of {phrase.text}"
        return coarse.format(phrase.text)
    return f"{phrase.text} ({mod.lower()})"


def _phrase(value: str, *, recurring: bool) -> _Phrase | None:
    if value in _REFERENCES:
        return _Phrase(_REFERENCES[value])
    if value.startswith("P"):
        return _duration(value, recurring=recurring)
    if value.startswith("T"):  # a clock time with no date at all
        match = re.fullmatch(_TIME, value)
        if match is None or not match.group(0):
            return None
        return _with_time(None, match, recurring=recurring, unknown_date=True)
    for pattern, build in (
        (_DAY_RE, _day), (_WEEK_RE, _week), (_SEASON_RE, _season), (_QUARTER_RE, _quarter),
        (_MONTH_RE, _month_phrase),
    ):
        match = pattern.fullmatch(value)
        if match is not None:
            return build(match, recurring)
    if value == "XXXX":
        return _Phrase("every year") if recurring else _Phrase("a year", " (unknown)")
    if value.isdigit():
        return _years(value)
    return None


def _month_name(month: int) -> str:
    name = _MONTHS[month - 1]
    return name if len(name) <= 4 else name[:3]


def _day_month_year(d: date) -> str:
    return f"{d.day} {_month_name(d.month)} {d.year}"


def _dated_day(d: date) -> str:
    return f"{_WEEKDAYS[d.weekday()][:3]} {_day_month_year(d)}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _clock(match: re.Match[str]) -> str:
    text = f"{match['h']}:{match['mi'] or '00'}"
    if match["s"] is not None:
        text += f":{match['s']}"
    zone = match["zone"]
    if zone == "Z":
        text += " UTC"
    elif zone:
        text += f" UTC{zone if ':' in zone or len(zone) == 3 else zone[:3] + ':' + zone[3:]}"
    return text


def _with_time(
    day: str | None, match: re.Match[str], *, recurring: bool, unknown_date: bool
) -> _Phrase:
    """``day`` (None: no day is named) with the part of day or clock time of ``match``."""
    if match["pod"] is not None:
        part = _PARTS_OF_DAY[match["pod"]]
        if day is None:
            text = f"every {part}" if recurring else f"a {part}"
        elif unknown_date:  # "Tuesday night", "every Tuesday night"
            text = f"{'every ' if recurring else ''}{day} {part}"
        else:
            text = f"{day}, {part}"
    elif match["h"] is not None:
        clock = _clock(match)
        if day is None:
            text = f"every day at {clock}" if recurring else clock
        elif unknown_date:
            text = f"{'every ' if recurring else ''}{day} at {clock}"
        else:
            text = f"{day}, {clock}"
    else:
        text = f"every {day}" if recurring and day is not None else (day or "a day")
    unknown = " (date unknown)" if unknown_date and not recurring else ""
    return _Phrase(text, unknown, fine=True)


def _day(match: re.Match[str], recurring: bool) -> _Phrase | None:
    year, month, day = match["y"], match["m"], match["d"]
    if "X" not in year + month + day:
        try:
            d = date(int(year), int(month), int(day))
        except ValueError:  # out of the calendar ("30 Feb 2025"): no weekday to give
            if not 1 <= int(month) <= 12:
                return None
            return _with_time(f"{int(day)} {_month_name(int(month))} {year}", match,
                              recurring=False, unknown_date=False)
        return _with_time(_dated_day(d), match, recurring=False, unknown_date=False)
    if year == "XXXX" and month != "XX" and day != "XX" and 1 <= int(month) <= 12:
        named = f"{int(day)} {_month_name(int(month))}"
        if recurring:  # "every 20 May"
            return _with_time(named, match, recurring=True, unknown_date=True)
        dated = _with_time(named, match, recurring=False, unknown_date=False)
        return _Phrase(dated.text, " (year unknown)", fine=True)
    if day == "XX" and month != "XX" and 1 <= int(month) <= 12:
        if year == "XXXX":
            return _Phrase(f"a day in {_MONTHS[int(month) - 1]}", " (year unknown)", fine=True)
        return _Phrase(f"a day in {_month_name(int(month))} {year}", fine=True)
    if month == "XX" and day == "XX":
        where = None if year == "XXXX" else f"a day in {year}"
        phrase = _with_time(where, match, recurring=recurring, unknown_date=year == "XXXX")
        if year != "XXXX" and match["pod"] is None and match["h"] is None:
            return _Phrase(where or "a day", fine=True)
        return phrase
    return None


def _week(match: re.Match[str], recurring: bool) -> _Phrase | None:
    year, week, weekday = match["y"], match["w"], match["wd"]
    if year != "XXXX" and week != "XX":
        try:
            monday = date.fromisocalendar(int(year), int(week), 1)
        except ValueError:  # no week 53 that year
            return _Phrase(f"week {int(week)} of {year}", with_of=True)
        if weekday is None:
            return _Phrase(f"week of {_day_month_year(monday)}", with_of=True)
        if weekday == "WE":
            saturday, sunday = monday + timedelta(days=5), monday + timedelta(days=6)
            return _Phrase(f"weekend of {_day_range(saturday, sunday)}", with_of=True)
        d = monday + timedelta(days=int(weekday) - 1)
        return _with_time(_dated_day(d), match, recurring=False, unknown_date=False)
    if weekday is None:
        if week == "XX":
            return _Phrase("every week") if recurring else _Phrase("a week", " (date unknown)")
        return None
    name = "weekend" if weekday == "WE" else _WEEKDAYS[int(weekday) - 1]
    if match["pod"] is None and match["h"] is None:
        if recurring:
            return _Phrase(f"every {name}", fine=True)
        if name == "weekend":
            return _Phrase("a weekend", " (date unknown)", fine=True)
        return _Phrase(name, " (date unknown)", fine=True)
    return _with_time(name, match, recurring=recurring, unknown_date=True)


def _day_range(first: date, last: date) -> str:
    if first.year != last.year:
        return f"{_day_month_year(first)} – {_day_month_year(last)}"
    if first.month != last.month:
        return f"{first.day} {_month_name(first.month)} – {_day_month_year(last)}"
    return f"{first.day}–{last.day} {_month_name(last.month)} {last.year}"


def _in_year(text: str, year: str, recurring: bool, *, with_of: bool = False) -> _Phrase:
    """``text`` ("June", "summer", "second half") in ``year``, which may be unknown."""
    joiner = " of " if with_of else " "
    if recurring:
        return _Phrase(f"every {text}")
    if year == "XXXX":
        return _Phrase(text, " (year unknown)")
    return _Phrase(f"{text}{joiner}{year}", with_of=with_of)


def _month_phrase(match: re.Match[str], recurring: bool) -> _Phrase | None:
    year, month = match["y"], match["m"]
    if month == "XX":
        if year == "XXXX":
            return _Phrase("every month") if recurring else _Phrase("a month", " (date unknown)")
        return _Phrase(f"a month of {year}")
    if not 1 <= int(month) <= 12:
        return None
    name = _month_name(int(month)) if year != "XXXX" else _MONTHS[int(month) - 1]
    return _in_year(name, year, recurring)


def _season(match: re.Match[str], recurring: bool) -> _Phrase:
    year, code = match["y"], match["code"]
    name = _SEASONS[code]
    if code == "WI" and year != "XXXX":  # winter runs from December into the next year
        following = int(year) + 1
        return _Phrase(f"winter {year}–{following % 100:02d}" if following % 100 else
                       f"winter {year}–{following}")
    return _in_year(name, year, recurring)


def _quarter(match: re.Match[str], recurring: bool) -> _Phrase | None:
    year, kind, n = match["y"], match["kind"], match["n"]
    unit = "quarter" if kind == "Q" else "half"
    if n == "X":
        return _Phrase(f"a {unit} of {year}") if year != "XXXX" else _Phrase(
            f"every {unit}" if recurring else f"a {unit}", "" if recurring else " (date unknown)")
    if kind == "H" and int(n) > 2:
        return None
    return _in_year(f"{_ORDINALS[int(n) - 1]} {unit}", year, recurring, with_of=True)


def _years(value: str) -> _Phrase | None:
    if len(value) == 4:
        return _Phrase(value)
    if len(value) == 3:  # "199": the 1990s
        return _Phrase(f"{value}0s")
    if len(value) == 2:  # "19": 1900-1999, the 20th century
        return _Phrase(f"{_ordinal(int(value) + 1)} century")
    if len(value) == 1:
        return _Phrase(f"{_ordinal(int(value) + 1)} millennium")
    return None


def _duration(value: str, *, recurring: bool) -> _Phrase | None:
    match = _DURATION_RE.fullmatch(value)
    if match is None or value in ("P", "PT"):
        return None
    parts: list[tuple[str, str]] = []
    for section, prefix in ((match["date"] or "", ""), (match["time"] or "", "T")):
        for amount, unit in _DURATION_PART.findall(section):
            key = "TM" if prefix and unit == "M" else unit
            parts.append((amount, _DURATION_UNITS[key]))
    if not parts:
        return None
    if recurring:
        if len(parts) == 1 and parts[0][0] in ("1", "X"):
            return _Phrase(f"every {parts[0][1]}")
        return _Phrase("every " + " ".join(_amount(a, u) for a, u in parts))
    return _Phrase(" ".join(_amount(a, u) for a, u in parts))


def _amount(amount: str, unit: str) -> str:
    plural = _PLURALS.get(unit, unit + "s")
    if amount == "X":
        return f"some {plural}"
    return f"{amount} {unit if amount == '1' else plural}"
