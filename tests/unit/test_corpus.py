"""Duckling-style corpus tests: every YAML file in tests/corpus/en runs through the pipeline.

Each file fixes one ``doc_date`` and maps one expected TIMEX3 (type, value, mod, granularity) to
many phrasings. A positive text passes only if the pipeline returns exactly one time expression,
covering the whole text or exactly the span marked with ``[...]`` (the brackets are removed
before the text runs). Time expressions in sentences before the marked one are context, such
as the date an anaphoric "the next day" is resolved against, and are not checked. A negative
text passes only if no time expression is found at all.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Final, Literal, Protocol, get_args

import pytest
import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from schemas.timeline import GranularityName as GrainName
from schemas.timeline import TimexTypeName as TypeName
from service.domain.types import Grain, Resolution, TimeExpression, Timeline, TimexType

CORPUS_DIR: Final = Path(__file__).resolve().parents[1] / "corpus" / "en"
RULES_DIR: Final = Path(__file__).resolve().parents[2] / "service" / "rules" / "en"
MIN_POSITIVES: Final = 400
MIN_NEGATIVES: Final = 80
# A sentence ends at . ! or ? (maybe closing a quote) before a capital letter: "Jan. 5" does
# not end one; "3 p.m. Friday" does, which only makes the check more lenient, never wrong.
SENTENCE_END: Final = re.compile(r"[.!?][\"'\u201d\u2019)]?\s+(?=[\"'\u201c\u2018(]?[A-Z])")

ModName = Literal[
    "BEFORE",
    "AFTER",
    "ON_OR_BEFORE",
    "ON_OR_AFTER",
    "LESS_THAN",
    "MORE_THAN",
    "EQUAL_OR_LESS",
    "EQUAL_OR_MORE",
    "START",
    "MID",
    "END",
    "APPROX",
]


def _as_value(raw: object) -> object:
    """YAML reads ``2025-05-19`` as a date and ``1990`` as an int: turn both back into text."""
    if isinstance(raw, bool):
        return raw  # let pydantic reject it
    if isinstance(raw, datetime | date):
        return raw.isoformat()
    if isinstance(raw, int):
        return str(raw)
    return raw


class Expect(BaseModel):
    """What the single time expression must carry; a key left out is not checked.

    A key given as ``null`` is checked: ``mod: null`` means "no mod".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: TypeName | None = None
    value: Annotated[str | None, BeforeValidator(_as_value)] = None
    mod: ModName | None = None
    granularity: GrainName | None = None


class Example(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    expect: Expect
    texts: tuple[str, ...] = Field(min_length=1)

    @field_validator("texts")
    @classmethod
    def _spans_well_formed(cls, texts: tuple[str, ...]) -> tuple[str, ...]:
        for text in texts:
            target_span(text)  # raises ValueError on a malformed [...] marker
        return texts


class Options(BaseModel):
    """Request options a whole file runs with (the API's fields of the same names)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prefer: Literal["past", "future", "tense"] = "tense"
    date_order: Literal["MDY", "DMY", "YMD", "auto"] | None = None


class CorpusFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_date: date
    options: Options = Options()
    examples: tuple[Example, ...] = Field(min_length=1)
    negative: tuple[str, ...] = Field(min_length=1)

    @field_validator("negative")
    @classmethod
    def _negatives_unmarked(cls, texts: tuple[str, ...]) -> tuple[str, ...]:
        for text in texts:
            if not text.strip() or "[" in text or "]" in text:
                raise ValueError(f"negative text must be non-empty and unmarked: {text!r}")
        return texts


def target_span(marked: str) -> tuple[str, int, int]:
    """Remove the ``[...]`` marker and return (text, start, end) of the span to find.

    Without a marker the span is the whole text.

    Raises:
        ValueError: the marker is unbalanced, repeated, empty or the text is blank.
    """
    opens, closes = marked.count("["), marked.count("]")
    if not marked.strip():
        raise ValueError("empty text")
    if opens == closes == 0:
        return marked, 0, len(marked)
    start, end = marked.find("["), marked.find("]")
    if opens != 1 or closes != 1 or end <= start + 1:
        raise ValueError(f"expected one non-empty [...] span in {marked!r}")
    text = marked[:start] + marked[start + 1 : end] + marked[end + 1 :]
    inner = text[start : end - 1]
    if inner != inner.strip():
        raise ValueError(f"the [...] span must not start or end with a space: {marked!r}")
    return text, start, end - 1


@dataclass(frozen=True, slots=True)
class Case:
    file: str
    doc_date: date
    marked: str
    expect: Expect | None  # None: a negative text
    options: Options = Options()

    @property
    def id(self) -> str:
        return f"{self.file}:{self.marked}"


def load_corpus(directory: Path = CORPUS_DIR) -> dict[str, CorpusFile]:
    """Read and validate every ``*.yaml`` file, keyed by file stem."""
    corpus: dict[str, CorpusFile] = {}
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
        corpus[path.stem] = CorpusFile.model_validate(raw)
    return corpus


def iter_cases(corpus: dict[str, CorpusFile]) -> Iterator[Case]:
    for name, data in corpus.items():
        for example in data.examples:
            for marked in example.texts:
                yield Case(name, data.doc_date, marked, example.expect, data.options)
        for text in data.negative:
            yield Case(name, data.doc_date, text, None, data.options)


def sentence_start(text: str, position: int) -> int:
    """Offset where the sentence holding ``position`` starts."""
    start = 0
    for match in SENTENCE_END.finditer(text):
        if match.end() > position:
            break
        start = match.end()
    return start


def _describe(found: Sequence[TimeExpression]) -> str:
    if not found:
        return "  (no time expression)"
    rows = []
    for t in found:
        grain = t.granularity.label if t.granularity is not None else None
        rows.append(
            f"  [{t.start}:{t.end}] {t.text!r} type={t.type.value} value={t.value!r} "
            f"mod={t.mod!r} granularity={grain!r} rule={t.rule!r}"
        )
    return "\n".join(rows)


def check_case(case: Case, found: Sequence[TimeExpression]) -> list[str]:
    """Return what is wrong with ``found`` for ``case`` (an empty list means it passes)."""
    if case.expect is None:
        return [] if not found else ["expected no time expression"]
    text, start, end = target_span(case.marked)
    context_end = sentence_start(text, start)
    found = [t for t in found if t.end > context_end]
    if len(found) != 1:
        return [f"expected exactly one time expression for {text[start:end]!r}, got {len(found)}"]
    (timex,) = found
    problems: list[str] = []
    if (timex.start, timex.end) != (start, end) or timex.text != text[start:end]:
        problems.append(f"span: expected [{start}:{end}] {text[start:end]!r}")
    expect, given = case.expect, case.expect.model_fields_set
    grain = timex.granularity.label if isinstance(timex.granularity, Grain) else None
    actual: dict[str, str | None] = {
        "type": timex.type.value if isinstance(timex.type, TimexType) else str(timex.type),
        "value": timex.value,
        "mod": timex.mod,
        "granularity": grain,
    }
    wanted: dict[str, str | None] = {
        "type": expect.type,
        "value": expect.value,
        "mod": expect.mod,
        "granularity": expect.granularity,
    }
    for key in ("type", "value", "mod", "granularity"):
        if key in given and actual[key] != wanted[key]:
            problems.append(f"{key}: expected {wanted[key]!r}, got {actual[key]!r}")
    return problems


CORPUS: Final = load_corpus()
CASES: Final = tuple(iter_cases(CORPUS))


class RunFn(Protocol):
    def __call__(
        self, text: str, *, document_date: date, prefer: str, date_order: str | None
    ) -> Timeline: ...


@pytest.fixture(scope="session")
def run_pipeline() -> RunFn:
    """The whole pipeline, :func:`service.pipeline.run.run`."""
    from service.pipeline.context import make_options
    from service.pipeline.run import run

    def run_with(text: str, *, document_date: date, prefer: str, date_order: str | None
                 ) -> Timeline:
        options = make_options(document_date, prefer=prefer, date_order=date_order)
        return run(text, options)

    return run_with


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_corpus(case: Case, run_pipeline: RunFn) -> None:
    text, _, _ = target_span(case.marked)
    timeline = run_pipeline(
        text,
        document_date=case.doc_date,
        prefer=case.options.prefer,
        date_order=case.options.date_order,
    )
    found = timeline.time_expressions
    problems = check_case(case, found)
    if problems:
        pytest.fail(
            f"{case.id} (doc_date {case.doc_date.isoformat()})\n"
            + "\n".join(f"  - {p}" for p in problems)
            + "\nfound:\n"
            + _describe(found),
            pytrace=False,
        )


def test_corpus_size() -> None:
    positives = sum(case.expect is not None for case in CASES)
    negatives = sum(case.expect is None for case in CASES)
    assert positives >= MIN_POSITIVES, f"{positives} positive examples, want {MIN_POSITIVES}"
    assert negatives >= MIN_NEGATIVES, f"{negatives} negative examples, want {MIN_NEGATIVES}"


def test_corpus_ids_unique() -> None:
    ids = [case.id for case in CASES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"texts listed twice in one file: {duplicates}"


def test_corpus_vocabulary_matches_types() -> None:
    """The YAML vocabulary must stay in step with the pipeline's enums."""
    assert set(get_args(TypeName)) == {t.value for t in TimexType}
    assert set(get_args(GrainName)) == {g.label for g in Grain}


QUOTED: Final = re.compile(r'"([^"\n]+)"|\u201c([^\u201d\n]+)\u201d')


def docstring_examples(module: Path) -> list[str]:
    """The quoted example phrases in a parser module's docstring."""
    doc = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8"))) or ""
    return [plain or curly for plain, curly in QUOTED.findall(doc)]


@pytest.mark.parametrize("stem", sorted(CORPUS))
def test_parser_examples_in_corpus(stem: str) -> None:
    """STYLE.md 7: the phrases a parser's docstring lists are tested in its corpus file."""
    module = RULES_DIR / f"{stem}.py"
    if not module.exists():
        pytest.skip(f"no parser module {module.name}: the family spans several parsers")
    texts = [
        target_span(case.marked)[0].lower()
        for case in CASES
        if case.file == stem and case.expect is not None
    ]
    missing = [p for p in docstring_examples(module) if not any(p.lower() in t for t in texts)]
    assert not missing, f"{module.name} lists examples missing from {stem}.yaml: {missing}"


# The runner checks itself on hand-built timelines, so a broken runner cannot hide behind a
# pipeline that is not written yet.


def _timex(
    start: int,
    end: int,
    text: str,
    value: str,
    *,
    kind: TimexType = TimexType.DATE,
    mod: str | None = None,
    granularity: Grain | None = Grain.DAY,
) -> TimeExpression:
    return TimeExpression(
        id="t1",
        start=start,
        end=end,
        text=text,
        type=kind,
        value=value,
        mod=mod,
        granularity=granularity,
        interval=None,
        resolution=Resolution.ABSOLUTE,
        confidence=1.0,
        rule="fake",
    )


_DAY = Expect(type="DATE", value="2025-05-18", granularity="day")
_SUNDAY = Case("fake", date(2025, 5, 20), "She left [on Sunday].", _DAY)


def test_runner_target_span() -> None:
    assert target_span("She left [on Sunday].") == ("She left on Sunday.", 9, 18)
    assert target_span("Sunday") == ("Sunday", 0, 6)
    for bad in ("a [b", "a ]b[ c", "[]", "[a] [b]", "a [ b]", "   "):
        with pytest.raises(ValueError):
            target_span(bad)


def test_runner_accepts_exact_match() -> None:
    assert check_case(_SUNDAY, [_timex(9, 18, "on Sunday", "2025-05-18")]) == []
    whole = Case("fake", date(2025, 5, 20), "Sunday", _DAY)
    assert check_case(whole, [_timex(0, 6, "Sunday", "2025-05-18")]) == []


def test_runner_rejects_mismatches() -> None:
    right = _timex(9, 18, "on Sunday", "2025-05-18")
    assert check_case(_SUNDAY, [])
    assert check_case(_SUNDAY, [right, _timex(0, 3, "She", "2025")])
    assert check_case(_SUNDAY, [_timex(12, 18, "Sunday", "2025-05-18")])
    assert check_case(_SUNDAY, [_timex(9, 18, "on Sunday", "2025-05-25")])
    assert check_case(_SUNDAY, [_timex(9, 18, "on Sunday", "2025-05-18", granularity=None)])
    assert check_case(_SUNDAY, [_timex(9, 18, "on Sunday", "2025-05-18", kind=TimexType.TIME)])
    negative = Case("fake", date(2025, 5, 20), "room 1200", None)
    assert check_case(negative, []) == []
    assert check_case(negative, [_timex(5, 9, "1200", "1200")])


def test_runner_ignores_earlier_sentences_only() -> None:
    anchor = _timex(17, 30, "March 6, 2024", "2024-03-06")
    marked = "The plant closed March 6, 2024. Workers protested [the next day]."
    case = Case("fake", date(2025, 5, 20), marked, Expect(value="2024-03-07"))
    answer = _timex(50, 62, "the next day", "2024-03-07")
    assert check_case(case, [anchor, answer]) == []
    assert check_case(case, [anchor])
    same = Case("fake", date(2025, 5, 20), "On Jan. 5 it fell [two days later].", case.expect)
    jan5 = _timex(3, 9, "Jan. 5", "2025-01-05")
    assert check_case(same, [jan5, _timex(18, 33, "two days later", "2024-03-07")])
    assert sentence_start("It rose. Then it fell.", 14) == 9
    assert sentence_start("It rose. Then it fell.", 9) == 9
    assert sentence_start("It rose. Then it fell.", 8) == 0


def test_runner_checks_only_given_keys() -> None:
    loose = Case("fake", date(2025, 5, 20), "early June", Expect(value="2025-06"))
    assert check_case(loose, [_timex(0, 10, "early June", "2025-06", mod="START")]) == []
    strict = Case(
        "fake", date(2025, 5, 20), "June", Expect.model_validate({"value": "2025-06", "mod": None})
    )
    assert check_case(strict, [_timex(0, 4, "June", "2025-06", mod="START")])
    assert check_case(strict, [_timex(0, 4, "June", "2025-06")]) == []


def test_runner_reads_yaml_values_as_text() -> None:
    raw = yaml.safe_load("{value: 2025-05-19}\n")
    assert Expect.model_validate(raw).value == "2025-05-19"
    assert Expect.model_validate(yaml.safe_load("{value: 1990}")).value == "1990"
    assert Expect.model_validate(yaml.safe_load("{value: 2025-W21}")).value == "2025-W21"
