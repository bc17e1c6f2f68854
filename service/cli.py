"""The ``timeline`` command: extract a timeline from a file, serve the API, evaluate on TimeML."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from service import __version__
from service.domain.errors import TimelineError
from service.eval.run import CorpusKind


def _read(path: str) -> str:
    """The text of ``path`` (``-``: standard input), read as UTF-8; undecodable bytes become U+FFFD.

    Raises OSError when the file cannot be read.
    """
    if path == "-":
        raw = getattr(sys.stdin, "buffer", None)
        if raw is None:  # a text stream without bytes underneath (e.g. in tests)
            return sys.stdin.read()
        return bytes(raw.read()).decode("utf-8", errors="replace")
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def _table(body: dict[str, object]) -> str:
    """One line per event, date first, readable in a terminal."""
    lines = [f"document date: {body['document_date'] or 'unknown'} "
             f"({body['document_date_source']})"]
    events = body["events"]
    assert isinstance(events, list)
    for event in events:
        when = event["when"] or {}
        value = when.get("value") or "?"
        relation = when.get("relation", "on")
        mark = "~" if when.get("inferred") else " "
        prefix = "" if relation == "on" else f"{relation} "
        date_col = f"{prefix}{value}{mark}"
        agents = ", ".join(p["text"] for p in event["participants"] if p["role"] == "agent")
        lines.append(
            f"{date_col:<22} {event['factuality']:<12} {event['summary']}"
            + (f"  [{agents}]" if agents and agents not in event["summary"] else "")
        )
    if not events:
        lines.append("(no dated events)")
    for warning in body.get("warnings", []):  # type: ignore[attr-defined]
        lines.append(f"warning: {warning['code']}: {warning['message']}")
    return "\n".join(lines)


def _extract(args: argparse.Namespace) -> int:
    from service.api.convert import to_schema
    from service.pipeline.run import run

    try:
        text = _read(args.file)
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if not text.strip():
        print("error: the input is empty", file=sys.stderr)
        return 2
    try:
        timeline = run(text, args.date, timezone=args.timezone,
                                include_inferred=not args.no_inferred)
    except TimelineError as exc:
        print(f"error: {exc.code}: {exc.message}", file=sys.stderr)
        return 2
    if args.format == "timeml":
        from service.formats.timeml import to_timeml

        print(to_timeml(timeline, text))
        return 0
    body = to_schema(timeline, version=__version__, elapsed_ms=0.0).model_dump(mode="json")
    if args.format == "json":
        print(json.dumps(body, indent=2, ensure_ascii=False))
    else:
        print(_table(body))
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.config import get_settings

    settings = get_settings()
    uvicorn.run(
        "service.app:app",
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
        log_level=settings.log_level,
    )
    return 0


def _eval(args: argparse.Namespace) -> int:
    from service.eval.run import cli_eval

    return cli_eval(args.path, errors=args.errors, as_json=args.json,
                    include_inferred=not args.no_inferred, kind=CorpusKind(args.kind))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="timeline", description=__doc__)
    parser.add_argument("--version", action="version", version=f"timeline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="extract a timeline from an article")
    extract.add_argument("file", help="a text file, or - for standard input")
    extract.add_argument("--date", help="document date (ISO 8601); detected when absent")
    extract.add_argument("--timezone", default="UTC", help="IANA time zone (default UTC)")
    extract.add_argument("--format", choices=("table", "json", "timeml"), default="table")
    extract.add_argument("--no-inferred", action="store_true",
                         help="leave out events whose time is inferred")
    extract.set_defaults(func=_extract)

    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default=None, help="bind address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=None, help="worker processes")
    serve.set_defaults(func=_serve)

    evaluate = sub.add_parser(
        "eval", help="TempEval-3 scores on TimeML files, or event dating on SemEval-2015 timelines"
    )
    evaluate.add_argument("path", help="a folder of .tml files (searched recursively), or a "
                          "timeline corpus (a folder with timeml/ and timelines/)")
    evaluate.add_argument("--kind", choices=[k.value for k in CorpusKind],
                          default=CorpusKind.AUTO.value,
                          help="what the path holds (default: detected)")
    evaluate.add_argument("--errors", action="store_true", help="list every error")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument("--no-inferred", action="store_true",
                          help="score only events whose time is stated")
    evaluate.set_defaults(func=_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``timeline`` command."""
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except BrokenPipeError:
        # the reader went away (`timeline extract a.txt | head`): stop quietly, as cat does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return result


if __name__ == "__main__":
    sys.exit(main())
