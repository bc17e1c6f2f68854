"""The API contract: request and response models of the timeline endpoints."""

from __future__ import annotations

from typing import Any, Final, Literal
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, field_validator
from pydantic_core import PydanticCustomError

TimexTypeName = Literal["DATE", "TIME", "DURATION", "SET"]
GranularityName = Literal[
    "second",
    "minute",
    "hour",
    "part_of_day",
    "day",
    "week",
    "month",
    "season",
    "quarter",
    "half",
    "year",
    "decade",
    "century",
]
ResolutionName = Literal["absolute", "document_date", "previous_time", "unresolved"]
RelationName = Literal["on", "before", "after", "since", "until", "during"]
PointRelationName = Literal["on", "before", "after", "open"]
FactualityName = Literal["asserted", "reported", "planned", "hypothetical", "negated"]
RoleName = Literal["agent", "patient", "recipient", "location"]
EventClassName = Literal[
    "OCCURRENCE", "REPORTING", "STATE", "I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION"
]
TenseName = Literal["past", "present", "future", "none"]
AspectName = Literal["none", "progressive", "perfective", "perfective_progressive"]
PolarityName = Literal["positive", "negative"]
SalienceName = Literal["main", "background"]
EventsMode = Literal["all", "main", "none"]
PreferName = Literal["past", "future", "tense"]
DateOrderName = Literal["MDY", "DMY", "YMD", "auto"]


# What the service accepts, said in the schema itself (and checked by it).
LANGUAGES: Final = ("en", "en-GB", "fr", "pt", "es", "auto")
# The zone database's names that are IANA zones: not the host's "localtime", nor
# "posixrules" or the "Factory" placeholder.
TIMEZONES: Final = tuple(sorted(
    (available_timezones() - {"localtime", "posixrules", "Factory"}) | {"UTC"}))
MAX_TEXT_CHARS: Final = 200_000  # the default of TIMELINE_MAX_CHARS
MAX_BATCH_ITEMS: Final = 100  # the default of TIMELINE_MAX_BATCH
# Years the resolver takes (1000 to 8999), on an RFC 3339 date or date-time.
_YEAR: Final = r"^[1-8][0-9]{3}-"
DOCUMENT_DATE_SCHEMA: Final = {
    "anyOf": [
        {"type": "string", "format": "date", "pattern": _YEAR},
        {"type": "string", "format": "date-time", "pattern": _YEAR},
        {"type": "null"},
    ]
}


class _In(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class TimelineIn(_In):
    """One article to turn into a timeline."""

    text: StrictStr = Field(
        min_length=1,
        description="The article text (1 to max_chars characters, 200,000 by default; a "
        "longer text is answered 413).",
        json_schema_extra={"maxLength": MAX_TEXT_CHARS},
    )
    document_date: StrictStr | None = Field(
        default=None,
        description="Publication date, ISO 8601 date or date-time (offset optional). "
        "When absent it is detected from the text (dateline, leading date line).",
        examples=["2025-05-20"],
        json_schema_extra=DOCUMENT_DATE_SCHEMA,  # type: ignore[arg-type]
    )
    timezone: StrictStr = Field(
        default="UTC", description="IANA time zone for intervals.",
        json_schema_extra={"enum": list(TIMEZONES)},
    )
    language: StrictStr = Field(
        default="en",
        description="Language of the text: 'en', 'en-GB' (day-first numeric dates), 'fr', 'pt', "
        "'es', or 'auto' to detect it (the answer's `language` says which, with a "
        "`language_detected` warning). Outside English the answer has time expressions only, "
        "with an `events_unsupported_language` warning. Other spellings of a code ('EN', "
        "'en_GB') are read as it.",
        json_schema_extra={"enum": list(LANGUAGES)},
    )
    include_inferred: StrictBool = Field(
        default=True,
        description="Include events whose time is inferred, and undated events; false keeps "
        "only events whose time the text states.",
    )
    events: EventsMode = Field(
        default="all",
        description="'all' events, the 'main' ones (the article's own news, without "
        "background and attribution), or 'none' (time expressions only; faster).",
    )
    prefer: PreferName = Field(
        default="tense",
        description="Where a day or month without a stated direction ('Friday', 'in March') "
        "points: by the 'tense' of its verb, or always to the 'past' or the 'future' "
        "(schedules, previews). Words that state a direction ('last', 'ahead of') still win.",
    )
    date_order: DateOrderName | None = Field(
        default=None,
        description="How numeric dates such as 03/04/2025 are read: 'MDY', 'DMY', 'YMD', or "
        "'auto' (as the text's own unambiguous numeric dates show). Default: the language's "
        "order (en: MDY).",
    )

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        key = value.strip().replace("_", "-").lower()
        for code in LANGUAGES:
            if code.lower() == key:
                return code
        raise PydanticCustomError(
            "unsupported_language", "unsupported language; supported: {supported}",
            {"supported": ", ".join(LANGUAGES)},
        )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if value not in TIMEZONES:
            raise PydanticCustomError("unknown_timezone", "unknown IANA time zone")
        return value

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "MOSCOW, May 20 (Reuters) - Russia launched a drone attack on Sunday.",
                    "timezone": "UTC",
                }
            ]
        },
    )


class IntervalOut(_Out):
    start: str
    end: str


class RangeOut(_Out):
    """Two time expressions bounding one span: "from May 2012 to October 2014"."""

    start_id: str
    end_id: str


class TimeExpressionOut(_Out):
    id: str
    text: str
    start: int
    end: int
    type: TimexTypeName
    value: str
    mod: str | None
    granularity: GranularityName | None
    interval: IntervalOut | None
    resolution: ResolutionName
    confidence: float
    label: str = Field(description='The value in words: "Sun 18 May 2025", "June 2024", "3 days".')
    range: RangeOut | None = Field(
        default=None,
        description="Set on both ends of a range ('from X to Y', 'between X and Y', 'X-Y').",
    )


class SpanOut(_Out):
    text: str
    start: int
    end: int


class ParticipantOut(_Out):
    text: str
    role: RoleName
    start: int
    end: int


class PointOut(_Out):
    """One end of an event that lasts: where it begins or ends against a date."""

    relation: PointRelationName = Field(
        description="Where the end lies against `value`: 'on' (some time in it), 'before' "
        "it, 'after' it, or 'open' (the article does not say; `value` is null)."
    )
    value: str | None = Field(
        description='A TIMEX3 date value ("2025-05-20", "2024-06", "1990"); null when open.'
    )
    label: str = Field(
        description='The end in words: "before Tue 20 May 2025", "June 2024", "open".'
    )


class WhenOut(_Out):
    expression_id: str | None
    value: str | None
    granularity: GranularityName | None
    interval: IntervalOut | None
    relation: RelationName
    inferred: bool
    basis: str | None
    label: str = Field(
        description='The date in words, with its relation: "before Mon 19 May 2025"; for an '
        'event that lasts, both its ends: "since before Tue 20 May 2025, still holding", '
        '"from 1970 until 1984".'
    )
    range: RangeOut | None = Field(
        default=None, description="The range whose end dates the event, if it is one."
    )
    begin: PointOut | None = Field(
        default=None,
        description="The start of an event that lasts (a state, a process: \"has stood "
        "firm\", \"worked there until 1984\"); null for an event that does not last. "
        "`relation`/`value` then still give a time at which it holds.",
    )
    end: PointOut | None = Field(
        default=None,
        description="The end of an event that lasts, set together with `begin`: 'after' the "
        "document date for one that still holds, 'open' when the article does not say.",
    )


class MentionOut(_Out):
    start: int
    end: int
    sentence_start: int


class ReportedByOut(_Out):
    event_id: str
    verb: str
    source: str | None


class EventOut(_Out):
    id: str
    trigger: SpanOut
    summary: str
    participants: list[ParticipantOut]
    sentence: SpanOut
    when: WhenOut | None
    factuality: FactualityName
    confidence: float
    mentions: list[MentionOut]
    related: list[str]
    event_class: EventClassName
    tense: TenseName
    aspect: AspectName
    polarity: PolarityName
    salience: SalienceName
    reported_by: ReportedByOut | None


class WarningOut(_Out):
    code: str
    message: str
    start: int | None
    end: int | None


class MetaOut(_Out):
    version: str
    elapsed_ms: float


class TimelineOut(_Out):
    document_date: str | None
    document_date_source: Literal["request", "text", "none"]
    language: str
    time_expressions: list[TimeExpressionOut]
    events: list[EventOut]
    warnings: list[WarningOut]
    meta: MetaOut


class ErrorBody(_Out):
    code: str
    message: str
    details: Any = None


class ErrorOut(_Out):
    error: ErrorBody


class HealthOut(_Out):
    status: Literal["ok"]


class VersionOut(_Out):
    name: str
    version: str
    parser_model: str
