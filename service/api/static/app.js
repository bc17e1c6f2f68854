// The timeline page. Plain JavaScript, no dependencies; it talks only to this service.
// Every date a person reads comes from the API's `label` fields (one function on the server
// puts TIMEX3 values into words). Fields another release may add are read when present:
// `salience` (missing: main), `reported_by` (may be null), `when` (null: undated), and
// `when.begin`/`when.end` (the ends of an event that lasts; missing or null otherwise).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const form = $("form");
  const textArea = $("text");
  const dateInput = $("date");
  const zoneInput = $("timezone");
  const buildButton = $("build");
  const statusLine = $("status");
  const errorBox = $("error");
  const results = $("results");
  const timelineList = $("timeline");
  const articleBox = $("article");
  const tip = $("tip");

  const FACTUALITY_NOTES = {
    reported: "reported by a source, not stated by the article itself",
    planned: "planned or announced, not yet happened",
    hypothetical: "possible or conditional",
    negated: "said not to have happened",
  };
  const RESOLUTION_NOTES = {
    absolute: "stated in full in the text",
    document_date: "resolved against the article's date",
    previous_time: "resolved against the time mentioned before it",
    unresolved: "unresolved: nothing to resolve it against",
  };
  const TYPE_NOTES = {
    DATE: "a date", TIME: "a time of day", DURATION: "a length of time", SET: "a repeated time",
  };
  const ROLES = { agent: "who", patient: "what", recipient: "to", location: "where" };
  const CSV_COLUMNS = [
    "date", "granularity", "summary", "participants", "factuality", "inferred", "sentence",
    "value", "salience", "reported_by", "begin", "end",
  ];

  let state = null; // {response, text, toUnit}

  // --- small DOM helper: text is always set as text, never parsed as HTML ---------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("data-")) node.setAttribute(key, String(value));
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // The API's offsets count Unicode code points (Python strings); JavaScript strings count
  // UTF-16 units. toUnit maps the first onto the second.
  function unitIndex(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
    const units = [0];
    let unit = 0;
    for (const ch of text) {
      unit += ch.length;
      units.push(unit);
    }
    return (i) => units[Math.min(Math.max(i, 0), units.length - 1)];
  }

  // --- the time zone list: from the browser itself, nothing fetched --------------------------
  if (typeof Intl.supportedValuesOf === "function") {
    const zones = $("zones");
    for (const zone of Intl.supportedValuesOf("timeZone")) zones.append(el("option", { value: zone }));
  }

  // --- status and errors ---------------------------------------------------------------------
  function showStatus(message) {
    statusLine.textContent = message;
  }

  function showError(title, detail) {
    errorBox.replaceChildren(el("strong", { text: title }), detail ? el("span", { text: detail }) : "");
    errorBox.hidden = false;
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.replaceChildren();
  }

  function number(n) {
    return typeof n === "number" ? n.toLocaleString("en-GB") : String(n);
  }

  // An API error body {"error": {code, message, details}} as a sentence a person can act on.
  function describeError(status, body) {
    const error = body && typeof body === "object" ? body.error : null;
    const code = error && error.code;
    const details = (error && error.details) || {};
    const message = error && typeof error.message === "string" ? error.message : "";
    if (code === "invalid_request" && Array.isArray(details)) {
      const onText = details.find((d) => Array.isArray(d.loc) && d.loc[d.loc.length - 1] === "text");
      if (onText && /too_short|missing/.test(String(onText.type))) {
        return ["The article is empty.", "Paste an article into the box, or press “Load example”."];
      }
      return ["The request was not accepted.", "Check the article date (YYYY-MM-DD) and the time zone."];
    }
    if (status === 413 || code === "text_too_large") {
      const limit = details.limit;
      const length = details.length;
      if (typeof limit === "number" && typeof length === "number") {
        return ["The article is too long.",
          `It has ${number(length)} characters; this service takes at most ${number(limit)}. Shorten it and try again.`];
      }
      return ["The article is too long.",
        typeof limit === "number" ? `This service takes at most ${number(limit)} characters.` : "Shorten it and try again."];
    }
    if (code === "unknown_timezone") {
      return ["Unknown time zone.", "Use an IANA name such as Europe/Kyiv or America/New_York, or leave it empty for UTC."];
    }
    if (code === "invalid_document_date") {
      return ["The article date is not a valid date.", "Use a calendar date, or leave it empty to read it from the text."];
    }
    if (code === "unsupported_language") {
      return ["This language is not supported.", "Only English articles can be read for now."];
    }
    if (status >= 500) {
      const id = details.request_id ? ` (request id ${details.request_id})` : "";
      return ["The service failed on this article.", `Please try again; if it keeps failing, report it${id}.`];
    }
    return [`The service answered ${status}.`, message ? message.charAt(0).toUpperCase() + message.slice(1) : ""];
  }

  // --- building a timeline -------------------------------------------------------------------
  async function build(event) {
    event.preventDefault();
    clearError();
    const text = textArea.value;
    const request = { text };
    if (dateInput.value) request.document_date = dateInput.value;
    if (zoneInput.value.trim()) request.timezone = zoneInput.value.trim();
    buildButton.disabled = true;
    showStatus("Building the timeline…");
    let response;
    let body = null;
    try {
      response = await fetch("v1/timeline", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(request),
      });
      try {
        body = await response.json();
      } catch (_) {
        body = null;
      }
    } catch (_) {
      buildButton.disabled = false;
      showStatus("");
      showError("The service could not be reached.", "Check that it is still running, then try again.");
      return;
    }
    buildButton.disabled = false;
    if (!response.ok || !body || !Array.isArray(body.events)) {
      showStatus("");
      // an earlier timeline would no longer match what is in the form
      results.hidden = true;
      state = null;
      const [title, detail] = describeError(response.status, body);
      showError(title, detail);
      return;
    }
    state = { response: body, text, toUnit: unitIndex(text) };
    render();
    const events = body.events.length;
    const times = body.time_expressions.length;
    showStatus(`${events} event${events === 1 ? "" : "s"} and ${times} time expression${times === 1 ? "" : "s"}` +
      (body.meta && typeof body.meta.elapsed_ms === "number" ? ` in ${Math.round(body.meta.elapsed_ms)} ms.` : "."));
  }

  function isMain(event) {
    return (event.salience || "main") !== "background";
  }

  function showAll() {
    const checked = form.ownerDocument.querySelector('input[name="show"]:checked');
    return checked && checked.value === "all";
  }

  function slice(start, end) {
    return state.text.slice(state.toUnit(start), state.toUnit(end));
  }

  function render() {
    const body = state.response;
    results.hidden = false;
    const source = { request: "as given", text: "read from the text", none: "" }[body.document_date_source] || "";
    $("document-date").textContent = body.document_date
      ? `Article date: ${body.document_date}${source ? ` (${source})` : ""}`
      : "No article date: relative times are left unresolved.";
    const main = body.events.filter(isMain).length;
    $("count-main").textContent = `(${main})`;
    $("count-all").textContent = `(${body.events.length})`;
    renderWarnings(body.warnings || []);
    renderArticle(body);
    renderTimeline();
  }

  function renderWarnings(warnings) {
    const box = $("warnings");
    const list = $("warning-list");
    list.replaceChildren(...warnings.map((w) => {
      const quoted = typeof w.start === "number" && typeof w.end === "number" && w.end > w.start
        ? el("code", { text: slice(w.start, w.end) }) : null;
      return el("li", { "data-code": w.code }, w.message, quoted ? " — " : "", quoted);
    }));
    box.hidden = warnings.length === 0;
  }

  // --- the timeline: one group per date label, in the API's order ----------------------------
  function groupsOf(events) {
    const groups = [];
    for (const event of events) {
      const key = event.when ? event.when.label : null;
      const last = groups[groups.length - 1];
      if (last && last.key === key) last.events.push(event);
      else groups.push({ key, when: event.when, events: [event] });
    }
    return groups;
  }

  function renderTimeline() {
    const body = state.response;
    const events = showAll() ? body.events : body.events.filter(isMain);
    const byId = new Map(body.events.map((e) => [e.id, e]));
    const timexes = new Map(body.time_expressions.map((t) => [t.id, t]));
    const empty = $("no-events");
    empty.hidden = events.length > 0;
    empty.textContent = body.events.length === 0
      ? "No events were found in this text."
      : "No main events; choose “All events” to see the background ones.";
    timelineList.replaceChildren(...groupsOf(events).map((group) => {
      const heading = group.key === null
        ? el("h4", { class: "group-date" }, "No date in the text")
        : el("h4", { class: "group-date" }, el("time", { datetime: dateTimeAttr(group.when) }, group.key));
      return el("li", { class: group.key === null ? "group undated" : "group", "data-label": group.key || "" },
        heading,
        el("ol", { class: "events" }, group.events.map((e) => eventCard(e, byId, timexes))));
    }));
  }

  function dateTimeAttr(when) {
    if (!when || !when.interval || typeof when.interval.start !== "string") return null;
    return when.interval.start.slice(0, 10);
  }

  // What an inferred date rests on, in words: the phrases of service/formats/human.py
  // (BASIS_PHRASES), which the CLI table uses too; a code this page does not know is never shown.
  const BASIS_PHRASES = {
    document_date: "the article's date, by its tense",
    previous_time: "the time the story last gave",
    sentence_time: "the time of its sentence",
    news_day: "the day the article's lead gives its news",
    stated: "the time the text states",
  };
  const EVENT_RELATIONS = {
    on: "the same time as", before: "before", after: "after", since: "since", until: "until",
    during: "during",
  };

  function basisText(when, byId, timexes) {
    const basis = when.basis || "";
    if (basis.startsWith("event:")) {
      const other = byId.get(basis.slice(6));
      const relation = EVENT_RELATIONS[when.relation] || EVENT_RELATIONS.on;
      return `${relation} ${other ? other.summary : "another event"}`;
    }
    const phrase = Object.prototype.hasOwnProperty.call(BASIS_PHRASES, basis)
      ? BASIS_PHRASES[basis] : "the article's context";
    const t = when.expression_id ? timexes.get(when.expression_id) : null;
    if (t && (basis === "previous_time" || basis === "sentence_time")) return `${phrase}, “${t.text}”`;
    return phrase;
  }

  function sourceName(source) {
    if (source && typeof source === "object") return String(source.text || "");
    return source ? String(source) : "";
  }

  function eventCard(event, byId, timexes) {
    const when = event.when;
    const stated = when && !when.inferred;
    const badges = [];
    if (event.factuality && event.factuality !== "asserted") {
      badges.push(el("span", { class: `badge ${event.factuality}`, title: FACTUALITY_NOTES[event.factuality] || "" }, event.factuality));
    }
    if (when && when.inferred) {
      badges.push(el("span", { class: "badge inferred", title: "the text gives no date of its own for this event" },
        `inferred · ${(when.basis || "").startsWith("event:") ? "" : "dated by "}${basisText(when, byId, timexes)}`));
    }
    if (!when) badges.push(el("span", { class: "badge undated", title: "shown where it comes in the article" }, "undated"));
    if (!isMain(event)) badges.push(el("span", { class: "badge background" }, "background"));

    const participants = (event.participants || []).map((p) =>
      el("span", { class: "who" }, el("span", { class: "role" }, ROLES[p.role] || p.role), " ", p.text));
    const report = event.reported_by;
    const reporter = report ? sourceName(report.source) : "";
    const timex = when && when.expression_id ? timexes.get(when.expression_id) : null;
    const range = stated && when.range ? [timexes.get(when.range.start_id), timexes.get(when.range.end_id)] : [];
    const ends = range.length === 2 && range[0] && range[1]
      ? [el("mark", { class: "when" }, range[0].text), " to ", el("mark", { class: "when" }, range[1].text)]
      : timex ? [el("mark", { class: "when" }, timex.text)] : [];
    const datedBy = stated && ends.length ? el("p", { class: "dated-by" }, "Dated by ", ends) : null;

    const card = el("li", {
      class: `event${isMain(event) ? "" : " background"}${when ? "" : " undated"}`,
      "data-event": event.id,
      "data-dated": when ? (when.inferred ? "inferred" : "stated") : "undated",
      "data-salience": isMain(event) ? "main" : "background",
    },
    el("button", { type: "button", class: "summary", "aria-describedby": `sentence-${event.id}` }, event.summary),
    badges.length ? el("div", { class: "badges" }, badges) : null,
    participants.length ? el("p", { class: "participants" }, participants) : null,
    report ? el("p", { class: "reported-by" }, `Reported by ${reporter || "a source"}${report.verb ? ` (${report.verb})` : ""}`) : null,
    sentenceQuote(event, timex),
    datedBy);
    card.addEventListener("click", () => showInArticle(event, card));
    return card;
  }

  // The event's sentence with its trigger and its time expression marked.
  function sentenceQuote(event, timex) {
    const sentence = event.sentence;
    const marks = [{ start: event.trigger.start, end: event.trigger.end, cls: "trigger" }];
    if (timex && timex.start >= sentence.start && timex.end <= sentence.end) {
      marks.push({ start: timex.start, end: timex.end, cls: "when" });
    }
    marks.sort((a, b) => a.start - b.start);
    const parts = [];
    let at = sentence.start;
    for (const mark of marks) {
      if (mark.start < at || mark.end > sentence.end) continue; // overlapping: keep the first
      parts.push(slice(at, mark.start), el("mark", { class: mark.cls }, slice(mark.start, mark.end)));
      at = mark.end;
    }
    parts.push(slice(at, sentence.end));
    return el("blockquote", { class: "sentence", id: `sentence-${event.id}` }, parts);
  }

  function showInArticle(event, card) {
    for (const other of timelineList.querySelectorAll(".event.selected")) other.classList.remove("selected");
    card.classList.add("selected");
    for (const other of articleBox.querySelectorAll(".sentence-span.current")) other.classList.remove("current");
    const target = articleBox.querySelector(`[data-sentence="${event.sentence.start}"]`);
    if (!target) return;
    target.classList.add("current");
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    target.scrollIntoView({ behavior: reduce ? "auto" : "smooth", block: "center" });
  }

  // --- the article: sentences of events as scroll targets, every time expression marked -----
  function renderArticle(body) {
    const sentences = [];
    const seen = new Set();
    for (const e of [...body.events].sort((a, b) => a.sentence.start - b.sentence.start)) {
      if (seen.has(e.sentence.start)) continue;
      const last = sentences[sentences.length - 1];
      if (last && e.sentence.start < last.end) continue;
      seen.add(e.sentence.start);
      sentences.push({ start: e.sentence.start, end: e.sentence.end });
    }
    const timexes = [...body.time_expressions].sort((a, b) => a.start - b.start);
    // a time expression never straddles a sentence span: the span grows to hold it
    for (const s of sentences) {
      for (const t of timexes) if (t.start < s.end && t.end > s.end && t.start >= s.start) s.end = t.end;
    }
    const length = Array.from(state.text).length;
    const nodes = [];
    let at = 0;
    let ti = 0;

    function pushTimexes(limit, into) {
      while (ti < timexes.length && timexes[ti].start < limit) {
        const t = timexes[ti++];
        if (t.start < at) continue;
        into.push(slice(at, t.start), timexMark(t));
        at = t.end;
      }
      if (limit > at) {
        into.push(slice(at, limit));
        at = limit;
      }
    }

    for (const s of sentences) {
      if (s.start < at) continue;
      pushTimexes(s.start, nodes);
      const inner = [];
      pushTimexes(s.end, inner);
      nodes.push(el("span", { class: "sentence-span", "data-sentence": s.start }, inner));
    }
    pushTimexes(length, nodes);
    articleBox.replaceChildren(...nodes);
  }

  function timexMark(t) {
    const mark = el("mark", {
      class: "timex", tabindex: "0", "data-id": t.id, "data-value": t.value, "data-type": t.type,
      "aria-describedby": "tip",
    }, slice(t.start, t.end));
    const show = () => showTip(mark, t);
    mark.addEventListener("mouseenter", show);
    mark.addEventListener("focus", show);
    mark.addEventListener("mouseleave", hideTip);
    mark.addEventListener("blur", hideTip);
    return mark;
  }

  function interval(i) {
    if (!i) return "none (not a stretch of calendar time)";
    const short = (s) => s.replace("T", " ").replace(/:00(?=[+-]|Z|$)/, "");
    return `${short(i.start)} to ${short(i.end)}`;
  }

  function showTip(mark, t) {
    const rows = [
      ["type", TYPE_NOTES[t.type] || "a time"],
      ["value", t.mod ? `${t.value} (${t.mod})` : t.value],
      ["interval", interval(t.interval)],
      ["resolution", RESOLUTION_NOTES[t.resolution] || "resolved from the article's context"],
    ];
    tip.replaceChildren(
      el("div", { class: "tip-label" }, t.label || t.value),
      el("dl", {}, rows.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })])),
    );
    tip.hidden = false;
    tipFor = mark;
    placeTip();
  }

  let tipFor = null; // the mark the tip explains

  function placeTip() {
    if (!tipFor || tip.hidden) return;
    const box = tipFor.getBoundingClientRect();
    const pane = tipFor.closest(".article-pane").getBoundingClientRect();
    if (box.bottom < pane.top || box.top > pane.bottom) {
      hideTip(); // scrolled out of sight
      return;
    }
    const width = tip.offsetWidth;
    const left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = `${left}px`;
    tip.style.top = `${window.scrollY + box.bottom + 6}px`;
  }

  function hideTip() {
    tip.hidden = true;
    tipFor = null;
  }

  // --- downloads -----------------------------------------------------------------------------
  function download(name, type, content) {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const link = el("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function csvCell(value) {
    const text = value === null || value === undefined ? "" : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  function csv(body) {
    const rows = [CSV_COLUMNS];
    for (const e of body.events) {
      const report = e.reported_by;
      rows.push([
        e.when ? e.when.label : "undated",
        e.when ? e.when.granularity || "" : "",
        e.summary,
        (e.participants || []).map((p) => p.text).join("; "),
        e.factuality,
        e.when ? String(Boolean(e.when.inferred)) : "",
        e.sentence.text,
        e.when ? e.when.value || "" : "",
        e.salience || "main",
        report ? [sourceName(report.source), report.verb].filter(Boolean).join(" ") : "",
        e.when && e.when.begin ? e.when.begin.label : "",
        e.when && e.when.end ? e.when.end.label : "",
      ]);
    }
    return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
  }

  $("download-json").addEventListener("click", () => {
    if (state) download("timeline.json", "application/json", JSON.stringify(state.response, null, 2) + "\n");
  });
  $("download-csv").addEventListener("click", () => {
    if (state) download("timeline.csv", "text/csv;charset=utf-8", csv(state.response));
  });

  // --- the rest of the controls --------------------------------------------------------------
  form.addEventListener("submit", build);
  for (const radio of document.querySelectorAll('input[name="show"]')) {
    radio.addEventListener("change", () => { if (state) renderTimeline(); });
  }
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hideTip(); });
  // the article pane scrolls on its own at laptop width: the tip follows its mark
  articleBox.closest(".article-pane").addEventListener("scroll", placeTip, { passive: true });

  $("load-example").addEventListener("click", async () => {
    clearError();
    try {
      const response = await fetch("static/example.txt");
      if (!response.ok) throw new Error(String(response.status));
      textArea.value = await response.text();
      dateInput.value = "";
      showStatus("Example loaded: a Reuters report of 20 May 2025. Press “Build timeline”.");
      buildButton.focus();
    } catch (_) {
      showError("The example could not be loaded.", "Check that the service is still running.");
    }
  });
})();
