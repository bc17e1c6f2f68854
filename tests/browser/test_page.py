"""The timeline page in headless Chromium (issue 13): what a person sees and can do."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from tests.browser.conftest import DESKTOP, MAX_CHARS, PHONE, Recorded, Server
from tests.conftest import read_article

# The six events the reference article dates by a time expression of their own, in order, as
# the page shows them: (date heading, trigger words); see tests/unit/test_events_reference.py.
STATED: Final = [
    ("June 2024", {"said"}),
    ("2025", {"returned"}),
    ("Sun 18 May 2025", {"spoke"}),
    ("Sun 18 May 2025", {"launched"}),
    ("Sun 18 May 2025", {"fire", "intended"}),
    ("Mon 19 May 2025", {"spoke"}),
]
TIMEOUT: Final = 60_000


def wait_for_example(page: Any) -> None:
    from playwright.sync_api import expect  # here: the module must import without playwright

    article = page.get_by_label("Article", exact=True)
    expect(article).to_have_value(re.compile("^ date 2025-05-20"))


def build_example(recorded: Recorded, server: Server) -> None:
    page = recorded.page
    page.goto(server.url + "/")
    page.get_by_role("button", name="Load example").click()
    wait_for_example(page)
    page.get_by_role("button", name="Build timeline").click()
    page.wait_for_selector("#timeline .event", timeout=TIMEOUT)


def show(recorded: Recorded, which: str) -> None:
    recorded.page.get_by_role("radio", name=re.compile(f"^{which} events")).check()


def stated_events(recorded: Recorded) -> list[tuple[str, str]]:
    """(date heading, trigger) of every event the page shows as dated by its own words."""
    rows: list[list[str]] = recorded.page.eval_on_selector_all(
        "#timeline .event[data-dated='stated']",
        """cards => cards.map(card => [
            card.closest('.group').querySelector('.group-date').textContent.trim(),
            card.querySelector('.sentence mark.trigger').textContent.trim(),
        ])""",
    )
    return [(date, trigger) for date, trigger in rows]


def _is_subsequence(expected: list[tuple[str, set[str]]], found: list[tuple[str, str]]) -> bool:
    rest = iter(found)
    return all(any(date == d and trigger in t for d, trigger in rest) for date, t in expected)


def test_the_six_dated_reference_events_in_order(desktop: Recorded, server: Server) -> None:
    build_example(desktop, server)
    show(desktop, "All")
    found = stated_events(desktop)
    assert _is_subsequence(STATED, found), found
    # each group's heading is the date in words of every event under it
    body = desktop.page.evaluate("fetch('v1/timeline', {method: 'POST', headers: {'Content-Type':"
                                 " 'application/json'}, body: JSON.stringify({text: "
                                 "document.getElementById('text').value})}).then(r => r.json())")
    labels = [e["when"]["label"] if e["when"] else "No date in the text" for e in body["events"]]
    headings = desktop.page.eval_on_selector_all(
        "#timeline .event",
        "cards => cards.map(c => c.closest('.group').querySelector('.group-date')"
        ".textContent.trim())",
    )
    assert headings == labels


def test_the_three_sundays_are_highlighted_and_explained(desktop: Recorded, server: Server) -> None:
    build_example(desktop, server)
    page = desktop.page
    sundays = page.locator("#article mark.timex", has_text="Sunday")
    assert sundays.count() == 3
    assert [sundays.nth(i).get_attribute("data-value") for i in range(3)] == ["2025-05-18"] * 3
    tip = page.locator("#tip")
    assert tip.is_hidden()
    sundays.nth(1).hover()
    assert tip.is_visible()
    assert "2025-05-18" in tip.inner_text()
    assert "Sun 18 May 2025" in tip.inner_text()
    assert "a date" in tip.inner_text() and "DATE" not in tip.inner_text()
    assert "resolved against the article's date" in tip.inner_text()
    # keyboard: focusing a time expression shows it as well, Escape hides it
    page.mouse.move(0, 0)
    assert tip.is_hidden()
    june = page.locator("#article mark.timex", has_text="June 2024")
    june.focus()
    assert tip.is_visible() and "2024-06" in tip.inner_text() and "June 2024" in tip.inner_text()
    page.keyboard.press("Escape")
    assert tip.is_hidden()


def test_every_time_expression_of_the_article_is_marked(desktop: Recorded, server: Server) -> None:
    build_example(desktop, server)
    marks = desktop.page.eval_on_selector_all("#article mark.timex",
                                              "ms => ms.map(m => m.textContent)")
    assert "June 2024" in marks and "this year" in marks and "a few minutes" in marks
    # the article is shown exactly as sent: no character lost or added by the marking
    text = desktop.page.inner_text("#article")
    assert text.replace("\n", "") == read_article().replace("\n", "").replace("\r", "")


def test_selecting_an_event_scrolls_to_its_sentence(desktop: Recorded, server: Server) -> None:
    build_example(desktop, server)
    page = desktop.page
    card = page.locator("#timeline .event", has=page.locator("mark.trigger", has_text="launched"))
    card.get_by_role("button").first.press("Enter")  # keyboard, like a click
    current = page.locator("#article .sentence-span.current")
    current.wait_for()
    assert "Russia launched its largest drone attack" in current.inner_text()
    # the page's policy forbids eval, so poll from here rather than with wait_for_function
    in_view = """() => {
        const s = document.querySelector('#article .sentence-span.current').getBoundingClientRect();
        const pane = document.querySelector('.article-pane').getBoundingClientRect();
        return s.top >= pane.top && s.bottom <= pane.bottom
            && s.top >= 0 && s.bottom <= innerHeight;
    }"""
    deadline = time.monotonic() + 5
    while not page.evaluate(in_view):
        assert time.monotonic() < deadline, "the sentence was not scrolled into view"
        page.wait_for_timeout(100)
    assert "selected" in (card.get_attribute("class") or "")


def test_an_empty_article_is_a_readable_message(desktop: Recorded, server: Server) -> None:
    page = desktop.page
    page.goto(server.url + "/")
    page.get_by_role("button", name="Build timeline").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text().startswith("The article is empty.")
    assert "{" not in alert.inner_text()
    assert page.locator("#results").is_hidden()


def test_a_text_over_the_limit_is_a_readable_message(desktop: Recorded, server: Server) -> None:
    page = desktop.page
    page.goto(server.url + "/")
    page.get_by_label("Article", exact=True).fill("Talks resumed on Monday. " * 801)
    with page.expect_response(lambda r: r.url.endswith("/v1/timeline")) as answer:
        page.get_by_role("button", name="Build timeline").click()
    assert answer.value.status == 413
    alert = page.get_by_role("alert")
    alert.wait_for()
    message = alert.inner_text()
    assert message.startswith("The article is too long.")
    assert f"{len('Talks resumed on Monday. ') * 801:,}" in message
    assert f"{MAX_CHARS:,}" in message
    assert "{" not in message and "text_too_large" not in message


def test_a_bad_time_zone_is_a_readable_message(desktop: Recorded, server: Server) -> None:
    build_example(desktop, server)
    page = desktop.page
    assert page.locator("#results").is_visible()
    page.get_by_label("Time zone (optional)").fill("Mars/Olympus_Mons")
    page.get_by_role("button", name="Build timeline").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text().startswith("Unknown time zone.")
    # the timeline of the earlier answer is not left under a form it no longer matches
    assert page.locator("#results").is_hidden()
    page.get_by_label("Time zone (optional)").fill("Europe/Kyiv")
    page.get_by_role("button", name="Build timeline").click()
    page.locator("#results").wait_for()
    assert alert.is_hidden()


def test_date_and_time_zone_are_sent(desktop: Recorded, server: Server) -> None:
    page = desktop.page
    page.goto(server.url + "/")
    page.get_by_label("Article", exact=True).fill("Russia launched a drone attack on Sunday.")
    page.get_by_label("Article date (optional)").fill("2024-01-10")
    page.get_by_label("Time zone (optional)").fill("Europe/Kyiv")
    with page.expect_request(lambda r: r.url.endswith("/v1/timeline")) as sent:
        page.get_by_role("button", name="Build timeline").click()
    assert json.loads(sent.value.post_data or "{}") == {
        "text": "Russia launched a drone attack on Sunday.",
        "document_date": "2024-01-10",
        "timezone": "Europe/Kyiv",
    }
    page.wait_for_selector("#timeline .event")
    assert page.locator(".group-date").first.inner_text() == "Sun 7 Jan 2024"
    assert "2024-01-10 (as given)" in page.inner_text("#document-date")


def test_downloads(desktop: Recorded, server: Server, tmp_path: Path) -> None:
    build_example(desktop, server)
    page = desktop.page
    with page.expect_download() as json_download:
        page.get_by_role("button", name="Download JSON").click()
    assert json_download.value.suggested_filename == "timeline.json"
    saved = tmp_path / "timeline.json"
    json_download.value.save_as(saved)
    body = json.loads(saved.read_text(encoding="utf-8"))
    assert body["document_date"] == "2025-05-20" and body["events"]

    with page.expect_download() as csv_download:
        page.get_by_role("button", name="Download CSV").click()
    assert csv_download.value.suggested_filename == "timeline.csv"
    saved = tmp_path / "timeline.csv"
    csv_download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["date", "granularity", "summary", "participants", "factuality",
                             "inferred", "sentence", "value", "salience", "reported_by",
                             "begin", "end"]
    assert len(rows) == len(body["events"])  # every event, whichever view is shown
    for row, event in zip(rows, body["events"], strict=True):  # the ends of events that last
        when = event["when"] or {}
        assert row["date"] == when.get("label", "undated")
        assert (row["begin"], row["end"]) == tuple(
            (when.get(end) or {}).get("label", "") for end in ("begin", "end")
        )
    launched = next(r for r in rows if r["summary"].startswith("Russia launched"))
    assert launched["date"] == "Sun 18 May 2025"
    assert (launched["granularity"], launched["inferred"], launched["value"]) == (
        "day", "false", "2025-05-18"
    )
    assert launched["sentence"].startswith("On Sunday, Russia launched")
    assert "Russia" in launched["participants"].split("; ")
    zelenskyy = next(r for r in rows if "Zelenskyy spoke" in r["summary"])
    assert zelenskyy["date"] == "before Mon 19 May 2025" and zelenskyy["inferred"] == "true"


def _with_newer_fields(body: dict[str, Any]) -> dict[str, Any]:
    """The reference answer as a release with salience, reported_by and undated events gives it."""
    events = []
    for event in body["events"]:
        # the real answer's own salience and undated events are replaced by a known set
        event = {**event, "salience": "main", "reported_by": None}
        if event["when"] is None and event["summary"] != "They worry":
            continue
        if event["summary"].startswith("Ukraine's intelligence service said"):
            event["salience"] = "background"
        elif event["trigger"]["text"] in ("fire", "intended"):
            event["salience"] = "main"
            event["reported_by"] = {"event_id": "e99", "source": "Ukraine's intelligence service",
                                    "verb": "said"}
        elif event["summary"] == "They worry":
            event["when"] = None
            event["salience"] = "main"
            event["reported_by"] = None
        events.append(event)
    return {**body, "events": events}


def test_main_and_all_events_and_fields_of_newer_releases(
    desktop: Recorded, server: Server, tmp_path: Path
) -> None:
    page = desktop.page
    state: dict[str, Any] = {}

    def answer(route: Any) -> None:
        response = route.fetch()
        state["body"] = _with_newer_fields(response.json())
        route.fulfill(response=response, json=state["body"])

    page.route("**/v1/timeline", answer)
    build_example(desktop, server)
    total = len(state["body"]["events"])
    assert page.inner_text("#count-all") == f"({total})"
    assert page.inner_text("#count-main") == f"({total - 1})"
    cards = page.locator("#timeline .event")
    assert cards.count() == total - 1
    assert page.locator("#timeline .event.background").count() == 0
    fire = page.locator("#timeline .event",
                        has=page.locator("mark.trigger", has_text=re.compile(r"^fire$")))
    assert "Reported by Ukraine's intelligence service (said)" in fire.inner_text()
    assert "reported" in fire.locator(".badges").inner_text()
    undated = page.locator("#timeline .group.undated")
    assert undated.count() == 1
    assert undated.locator(".group-date").inner_text() == "No date in the text"
    assert "They worry" in undated.inner_text() and "undated" in undated.inner_text()

    show(desktop, "All")
    assert cards.count() == total
    background = page.locator("#timeline .event.background")
    assert background.count() == 1 and "background" in background.inner_text()
    show(desktop, "Main")
    assert cards.count() == total - 1

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    saved = tmp_path / "timeline.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert len(rows) == total
    by_summary = {row["summary"]: row for row in rows}
    assert by_summary["They worry"]["date"] == "undated"
    assert by_summary["They worry"]["inferred"] == by_summary["They worry"]["value"] == ""
    fire_row = next(row for row in rows if "fire an intercontinental" in row["summary"])
    assert fire_row["reported_by"] == "Ukraine's intelligence service said"
    assert [row["salience"] for row in rows].count("background") == 1


def test_badges_for_factuality_and_inferred_dates(desktop: Recorded, server: Server) -> None:
    build_example(desktop, server)
    page = desktop.page
    asserted = page.locator("#timeline .event", has=page.locator("mark.trigger",
                                                                 has_text="launched"))
    assert asserted.locator(".badge").count() == 0  # asserted and stated: nothing to flag
    zelenskyy = page.locator("#timeline .event", has_text="Zelenskyy spoke").first
    badges = zelenskyy.locator(".badges").inner_text()
    assert "inferred" in badges and "before US President Donald Trump spoke" in badges
    assert "reported" in badges


def test_controls_are_labelled_and_work_from_the_keyboard(
    desktop: Recorded, server: Server
) -> None:
    page = desktop.page
    page.goto(server.url + "/")
    for label in ("Article", "Article date (optional)", "Time zone (optional)"):
        assert page.get_by_label(label, exact=True).count() == 1, label
    page.get_by_label("Article", exact=True).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "date"
    page.get_by_role("button", name="Load example").focus()
    page.keyboard.press("Enter")
    wait_for_example(page)
    assert page.evaluate("document.activeElement.id") == "build"
    page.keyboard.press("Enter")
    page.wait_for_selector("#timeline .event", timeout=TIMEOUT)
    page.get_by_role("radio", name=re.compile("^Main events")).focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("radio", name=re.compile("^All events")).is_checked()
    first_timex = page.locator("#article mark.timex").first
    first_timex.focus()
    assert page.evaluate("document.activeElement.classList.contains('timex')")


def _foreign(requests: list[str], server: Server) -> list[str]:
    own = urlsplit(server.url).netloc
    return [url for url in requests
            if not url.startswith(("data:", "blob:", "about:")) and urlsplit(url).netloc != own]


def test_the_page_and_the_docs_call_no_other_host(desktop: Recorded, server: Server) -> None:
    build_example(desktop, server)
    page = desktop.page
    page.get_by_role("button", name="Download CSV").click()
    page.goto(server.url + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=TIMEOUT)
    assert "Timeline service" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path", timeout=TIMEOUT)
    assert "/v1/timeline" in page.inner_text(".swagger-ui")
    page.wait_for_load_state("networkidle")
    assert desktop.requests, "no request was recorded"
    assert any(url.endswith("/docs-static/swagger-ui-bundle.js") for url in desktop.requests)
    assert _foreign(desktop.requests, server) == []


def test_redoc_fetches_nothing_from_other_hosts(desktop: Recorded, server: Server) -> None:
    page = desktop.page
    page.goto(server.url + "/redoc")
    page.get_by_text("/v1/timeline", exact=False).first.wait_for(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("/docs-static/redoc.standalone.js") for url in desktop.requests)
    # ReDoc's bundle names its logo on a CDN; the page's policy stops the browser fetching it
    assert set(_foreign(desktop.requests, server)) <= set(desktop.blocked), desktop.requests


def test_screenshots_desktop_and_phone(
    desktop: Recorded, phone: Recorded, server: Server, screenshots: Path
) -> None:
    for name, recorded in (("desktop", desktop), ("phone", phone)):
        build_example(recorded, server)
        page = recorded.page
        page.locator("#article mark.timex", has_text="Sunday").first.hover()
        path = screenshots / f"page-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 20_000
        # at phone width nothing runs off the side of the page
        viewport = DESKTOP if name == "desktop" else PHONE
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        print(f"screenshot: {path}")
    assert _foreign(desktop.requests + phone.requests, server) == []


# An article with a stated range and events that last, each date in words.
RANGES: Final = (
    "date 2025-05-20\n"
    "LISBON - The Harbour Museum reopened on Monday after being closed from June 2024 to March "
    "2025 for repairs.\n"
    "The city expanded the tram network between 2019 and 2022, the mayor said.\n"
    "Residents have opposed the new bridge since 2021.\n"
    "The director is confident about the summer season.\n"
)
# What the API may put in `when.basis`: none of it may reach the page's text.
CODES: Final = ("document_date", "previous_time", "sentence_time", "event:", "stated")


def test_a_range_and_an_event_that_lasts_read_in_words(
    desktop: Recorded, server: Server, screenshots: Path, tmp_path: Path
) -> None:
    page = desktop.page
    page.goto(server.url + "/")
    page.get_by_label("Article", exact=True).fill(RANGES)
    page.get_by_role("button", name="Build timeline").click()
    page.wait_for_selector("#timeline .event", timeout=TIMEOUT)
    show(desktop, "All")
    headings = page.eval_on_selector_all("#timeline .group-date",
                                         "hs => hs.map(h => h.textContent.trim())")
    assert "2019–2022" in headings and "June 2024 – Mar 2025" in headings, headings
    assert "from 2021 until after Tue 20 May 2025" in headings, headings
    assert "since before Tue 20 May 2025, still holding" in headings, headings
    timeline = page.inner_text("#timeline")
    assert not [code for code in CODES if code in timeline], timeline
    assert "dated by the article's date, by its tense" in timeline
    tram = page.locator("#timeline .event[data-event]", has=page.locator(
        "button.summary", has_text="The city expanded the tram network"))
    assert "Dated by 2019 to 2022" in tram.inner_text()
    path = screenshots / "page-range-desktop.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 20_000
    print(f"screenshot: {path}")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    saved = tmp_path / "timeline.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    dates = {row["summary"]: row["date"] for row in rows}
    assert dates["The city expanded the tram network"] == "2019–2022"
