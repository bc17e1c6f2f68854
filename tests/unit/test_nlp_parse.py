"""Paragraph-by-paragraph parsing: exact offsets and news sentence boundaries."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from service.nlp import load_nlp
from service.nlp.boundaries import date_prefix_end, dateline_end, is_heading
from service.nlp.parse import ParsedText, parse_text, parse_texts, split_paragraphs


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _assert_offsets(parsed: ParsedText) -> None:
    text = parsed.text
    for paragraph in parsed.paragraphs:
        assert text[paragraph.start : paragraph.end] == paragraph.doc.text
        for token in paragraph.doc:
            start = paragraph.offset(token)
            assert text[start : start + len(token.text)] == token.text
    for sentence in parsed.sentences():
        assert text[sentence.start : sentence.end] == sentence.text


def _sentences(parsed: ParsedText) -> list[str]:
    return [sentence.text for sentence in parsed.sentences()]


def test_split_paragraphs_keeps_offsets() -> None:
    text = "  First line.\r\n\n\tSecond — line\n   \nThird"
    parts = split_paragraphs(text)
    assert [p for _, p in parts] == ["First line.", "Second — line", "Third"]
    for start, paragraph in parts:
        assert text[start : start + len(paragraph)] == paragraph


@pytest.mark.parametrize(
    "text",
    [
        "He said: “It’s over” — and left (for good).\nZürich’s mayor, Corine Mauch, agreed…",
        "She said \"we're done\" -- then 'maybe not'.\n\n  Café owners in São Paulo (Brazil) "
        "closed on 3–4 May.\r\nNext paragraph\twith a tab.",
        " date 2025-05-20 KYIV: Ukraine’s president — Volodymyr Zelenskyy — spoke.",
        "Emoji 🙂 and CJK 東京 text, then a URL https://example.com/a?b=c.",
    ],
)
def test_offsets_round_trip(nlp: Language, text: str) -> None:
    _assert_offsets(parse_text(nlp, text))


def test_parse_texts_batches_several_articles(nlp: Language) -> None:
    texts = ["One article.\nWith two lines.", "", "Another one."]
    parsed = parse_texts(nlp, texts)
    assert [p.text for p in parsed] == texts
    assert [len(p.paragraphs) for p in parsed] == [2, 0, 1]
    for item in parsed:
        _assert_offsets(item)


def test_only_paragraphs_with_ranges_are_parsed(nlp: Language) -> None:
    text = "First paragraph.\nSecond one, on Monday.\nThird."
    at = text.index("Monday")
    parsed = parse_text(nlp, text, ranges=[(at, at + len("Monday"))])
    assert [p.doc.text for p in parsed.paragraphs] == ["Second one, on Monday."]
    found = parsed.char_span(at, at + 6)
    assert found is not None and found[1].text == "Monday"
    assert parse_text(nlp, text, ranges=[]).paragraphs == ()


def test_heading_is_its_own_sentence(nlp: Language) -> None:
    text = "Talks stalled on Friday.\nPEACE OR WAR\nTrump said he would speak to Zelenskyy."
    assert _sentences(parse_text(nlp, text)) == [
        "Talks stalled on Friday.",
        "PEACE OR WAR",
        "Trump said he would speak to Zelenskyy.",
    ]


def test_dateline_and_date_prefix_stay_in_first_sentence(nlp: Language) -> None:
    text = (
        " date 2025-05-20 MOSCOW/WASHINGTON/KYIV: US President Donald Trump spoke to "
        "Russia's Vladimir Putin about Ukraine on Monday (May 19). Putin said little."
    )
    sentences = _sentences(parse_text(nlp, text))
    assert sentences[0].startswith("date 2025-05-20 MOSCOW/WASHINGTON/KYIV: US President")
    assert sentences[0].endswith("(May 19).")
    assert sentences[1:] == ["Putin said little."]


def test_abbreviations_do_not_end_sentences(nlp: Language) -> None:
    text = (
        "Gen. Mark Milley met U.S. officials on Jan. 5 in Washington. The U.S. Senate voted later."
    )
    assert _sentences(parse_text(nlp, text)) == [
        "Gen. Mark Milley met U.S. officials on Jan. 5 in Washington.",
        "The U.S. Senate voted later.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a company's abbreviation before a verb or a title: one sentence, the name whole
        ("Northwind Coffee Co. said on Wednesday it would open 400 new stores in 2026.",
         ["Northwind Coffee Co. said on Wednesday it would open 400 new stores in 2026."]),
        ("Shares of Halvard Corp. rose 6%. Halvard Corp. Chief Executive Dana Reyes said sales "
         "were strong.",
         ["Shares of Halvard Corp. rose 6%.",
          "Halvard Corp. Chief Executive Dana Reyes said sales were strong."]),
        ("Kestrel Ltd. Chairman Ivo Stan resigned. Fenwick Bros. Circus closed.",
         ["Kestrel Ltd. Chairman Ivo Stan resigned.", "Fenwick Bros. Circus closed."]),
        ("The deal values Brightline Inc. at nine times its sales. It was announced on Monday.",
         ["The deal values Brightline Inc. at nine times its sales.",
          "It was announced on Monday."]),
        # titles before a name
        ("Gov. Ada Lind signed the bill. Sen. Tom Reed and Rep. Jo Park voted against it.",
         ["Gov. Ada Lind signed the bill.", "Sen. Tom Reed and Rep. Jo Park voted against it."]),
        ("Gen. Ray Moss flew to St. Paul on Monday.",
         ["Gen. Ray Moss flew to St. Paul on Monday."]),
        # a company's abbreviation may still end a sentence before a word that opens one
        ("He works for Apple Inc. The company declined to comment.",
         ["He works for Apple Inc.", "The company declined to comment."]),
    ],
)
def test_title_and_company_abbreviations(nlp: Language, text: str, expected: list[str]) -> None:
    assert _sentences(parse_text(nlp, text)) == expected


def test_quotation_with_attribution_is_one_sentence(nlp: Language) -> None:
    text = (
        '"We\'re going to try. You know what? That was worth a try," Vance said. He left for Italy.'
    )
    assert _sentences(parse_text(nlp, text)) == [
        '"We\'re going to try. You know what? That was worth a try," Vance said.',
        "He left for Italy.",
    ]


def test_opening_quote_starts_its_sentence(nlp: Language) -> None:
    text = '"It is over. We won," he said. "Really?" Nobody answered.'
    sentences = _sentences(parse_text(nlp, text))
    assert sentences[0] == '"It is over. We won," he said.'
    assert sentences[1].startswith('"Really?"')


def test_abbreviations_split_by_the_tokenizer(nlp: Language) -> None:
    text = "Lt. Gen. Keith Kellogg met Col. Smith in Kyiv. They talked."
    parsed = parse_text(nlp, text)
    assert _sentences(parsed) == ["Lt. Gen. Keith Kellogg met Col. Smith in Kyiv.", "They talked."]
    assert [t.text for t in parsed.paragraphs[0].doc][:2] == ["Lt.", "Gen."]


def test_closing_quote_stays_with_its_sentence(nlp: Language) -> None:
    text = "She said: “I think everything’s on the table.” Then she left the room."
    assert _sentences(parse_text(nlp, text)) == [
        "She said: “I think everything’s on the table.”",
        "Then she left the room.",
    ]


@pytest.mark.parametrize(
    ("text", "after_prefix", "after_dateline"),
    [
        (
            " date 2025-05-20 MOSCOW/WASHINGTON/KYIV: US President Donald Trump spoke.",
            "MOSCOW/WASHINGTON/KYIV:",
            "US President",
        ),
        ("KYIV, May 20 (Reuters) - Ukraine said on Tuesday ...", None, "Ukraine said"),
        ("date 2025-05-20 Putin spoke.", "Putin spoke", None),
        ("WASHINGTON — The Senate voted.", None, "The Senate"),
        ("Trump said: no deal.", None, None),
        ("US-Russia talks: a timeline", None, None),
        ("The date 2025-05-20 was set.", None, None),
    ],
)
def test_prefix_and_dateline_detection(
    text: str, after_prefix: str | None, after_dateline: str | None
) -> None:
    doc = spacy.blank("en")(text)
    prefix = date_prefix_end(doc)
    dateline = dateline_end(doc, prefix)
    assert doc[prefix:].text.startswith(after_prefix) if after_prefix else prefix == 0
    assert doc[dateline:].text.startswith(after_dateline) if after_dateline else dateline == 0


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("PEACE OR WAR", True),
        ("UPDATE 2: TALKS RESUME", True),
        ("NATO said no.", False),
        ("Peace or war", False),
        ("WAR.", False),
    ],
)
def test_heading_detection(text: str, heading: bool) -> None:
    assert is_heading(spacy.blank("en")(text)) is heading
