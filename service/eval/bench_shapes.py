"""Cost of pathological text shapes against prose, per 1,000 characters, at growing lengths.

``python -m service.eval.bench_shapes --prose tests/fixtures/reference_article.txt`` (``make
bench`` runs it). Each shape is one unit repeated to the length; prose is the given article
repeated. Every shape runs with events (the default) and with ``events: "none"`` (time
expressions only, which parses only the paragraphs their expressions need). It prints ms per
1,000 characters, the worst row of either mode against prose with events (the target is under
2x) and each row's 200k cost against its 10k cost (the target is at most 1.3x: no cost that
grows with length). Ratios, not absolute times, are what it is for.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from service.nlp import load_nlp
from service.pipeline.context import make_options
from service.pipeline.run import run

_MONTHS: Final = (
    "January February March April May June July August September October November December "
)
SHAPES: Final = {
    "parentheses": "(",
    "emoji": "\U0001f600",
    "quotes": '"',
    "n days ago": "5 days ago ",
    "month names": _MONTHS,
    "digits": "0 1 2 3 4 5 6 7 8 9 ",
    "1999-1999": "1999-",
    "iso dates": "2024-05-01 ",
    "two dates": "The talks opened on Monday (May 19) and closed on 3 June 2025. ",
}
# Measured with events "none" only: many short dated lines, as many paragraphs as ranges to
# select them by (the selection of the paragraphs to parse must stay one walk).
NONE_ONLY: Final = {"dated lines": "Talks resumed on Monday.\n"}
NONE: Final = ", events none"
WORST_TARGET: Final = 2.0
GROWTH_TARGET: Final = 1.3
SIZES: Final = (10_000, 50_000, 200_000)
DOC_DATE: Final = "2025-05-20"


def repeat_to(unit: str, length: int) -> str:
    """``unit`` repeated and cut to exactly ``length`` characters."""
    return (unit * (length // len(unit) + 1))[:length]


def ms_per_1k(text: str, rounds: int, events: str = "all") -> float:
    """Best-of-``rounds`` milliseconds per 1,000 characters of one ``run`` over ``text``."""
    nlp = load_nlp()
    options = make_options(DOC_DATE, events=events)
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        run(text, options, nlp=nlp)
        best = min(best, time.perf_counter() - started)
    return best * 1000 / (len(text) / 1000)


def measure(prose: str, sizes: Sequence[int], rounds: int) -> dict[str, list[float]]:
    """ms per 1,000 characters of every shape and of prose (one paragraph and with its
    line breaks), at each size."""
    shapes = {**SHAPES, "prose, one paragraph": prose.replace("\n", " ") + " "}
    rows: dict[str, list[float]] = {
        "prose": [ms_per_1k(repeat_to(prose + "\n", size), rounds) for size in sizes]}
    for name, unit in shapes.items():
        rows[name] = [ms_per_1k(repeat_to(unit, size), rounds) for size in sizes]
        print(f"  measured {name}", file=sys.stderr, flush=True)
    rows["prose" + NONE] = [ms_per_1k(repeat_to(prose + "\n", size), rounds, "none")
                            for size in sizes]
    for name, unit in {**shapes, **NONE_ONLY}.items():
        rows[name + NONE] = [ms_per_1k(repeat_to(unit, size), rounds, "none")
                             for size in sizes]
        print(f"  measured {name}{NONE}", file=sys.stderr, flush=True)
    return rows


def report(rows: dict[str, list[float]], sizes: Sequence[int]) -> bool:
    """Print the table and the two ratios; True when both targets hold."""
    print("ms per 1,000 characters")
    print(f"{'shape':<34}" + "".join(f"{size:>10,}" for size in sizes) + f"{'last/first':>12}")
    growth: dict[str, float] = {}
    for name, values in rows.items():
        growth[name] = values[-1] / values[0]
        print(f"{name:<34}" + "".join(f"{v:>10.1f}" for v in values)
              + f"{growth[name]:>11.2f}x")
    # every row, events "none" included, against what an ordinary article costs
    worst = max((n for n in rows if n != "prose"), key=lambda n: max(rows[n]))
    ratio = max(rows[worst]) / max(rows["prose"])
    print(f"worst shape / prose: {ratio:.2f}x ({worst}; target < {WORST_TARGET:g}x)")
    steepest = max(growth, key=lambda n: growth[n])
    print(f"largest / smallest size: {growth[steepest]:.2f}x ({steepest}; "
          f"target <= {GROWTH_TARGET:g}x)")
    return ratio < WORST_TARGET and growth[steepest] <= GROWTH_TARGET


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.eval.bench_shapes",
                                     description=__doc__)
    parser.add_argument("--prose", type=Path, required=True, help="an article, as prose")
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES),
                        help="comma-separated lengths in characters")
    parser.add_argument("--rounds", type=int, default=1, help="runs per measurement (best)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    run("Warm-up on Monday.", make_options(DOC_DATE), nlp=load_nlp())
    rows = measure(args.prose.read_text(encoding="utf-8"), sizes, args.rounds)
    return 0 if report(rows, sizes) else 1


if __name__ == "__main__":
    sys.exit(main())
