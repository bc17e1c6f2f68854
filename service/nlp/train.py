"""Train the shipped parser from the UD English treebanks (EWT + CC BY genres of GUM).

Usage::

    python -m service.nlp.train --corpora ../shared/corpora/ud-english [--minutes 70]

The treebanks are converted to ``.spacy`` files in a scratch directory outside the repository
(``--workdir``, default ``$TMPDIR/timeline-nlp``); only the trained weights are copied into
``service/nlp/model/`` (``--output``). Training runs on one core; set ``OMP_NUM_THREADS=1``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from spacy.tokens import Doc, DocBin
from spacy.util import registry

from service.nlp.load import DEFAULT_MODEL_PATH

CONFIG_PATH: Final = Path(__file__).with_name("config.cfg")
LICENSE_NAME: Final = "LICENSE.md"

# GUM genres whose licence is CC BY (or public domain); everything else in GUM is CC BY-NC-SA or
# unstated and must never reach the training data.
GUM_CC_BY_GENRES: Final = frozenset(
    {"news", "interview", "bio", "voyage", "textbook", "vlog", "speech", "conversation"}
)
SENTS_PER_DOC: Final = 10  # sentences per training document, as `spacy convert -n 10`

_NEWDOC = re.compile(r"^# newdoc id = (\S+)", re.MULTILINE)
_GUM_GENRE = re.compile(r"^GUM_([a-z]+)_")


@dataclass(frozen=True, slots=True)
class ConlluDocument:
    """One ``# newdoc`` block of a CoNLL-U file."""

    doc_id: str
    text: str


def split_documents(conllu: str) -> Iterator[ConlluDocument]:
    """Split CoNLL-U text into its ``# newdoc id = ...`` documents.

    Args:
        conllu: the whole file.

    Returns:
        The documents in file order (text before the first ``newdoc`` line is one document
        with an empty id).
    """
    starts = [m.start() for m in _NEWDOC.finditer(conllu)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    for begin, end in zip(starts, [*starts[1:], len(conllu)], strict=True):
        block = conllu[begin:end]
        match = _NEWDOC.match(block)
        if block.strip():
            yield ConlluDocument(match.group(1) if match else "", block)


def gum_genre(doc_id: str) -> str | None:
    """Return the genre of a GUM document id (``GUM_news_foo`` -> ``news``)."""
    match = _GUM_GENRE.match(doc_id)
    return match.group(1) if match else None


def is_cc_by_gum(doc: ConlluDocument) -> bool:
    """True if a GUM document belongs to a CC BY / public-domain genre."""
    return gum_genre(doc.doc_id) in GUM_CC_BY_GENRES


def conllu_to_docs(path: Path, keep: Callable[[ConlluDocument], bool] | None = None) -> list[Doc]:
    """Read a CoNLL-U file into spaCy Docs of up to ten sentences, never crossing documents.

    Multiword tokens stay split (do + n't), which matches spaCy's English tokenizer. TAG is
    XPOS, POS/MORPH are UPOS/FEATS, and the dependencies are the basic UD relations.

    Args:
        path: a ``.conllu`` file.
        keep: optional filter on whole documents.

    Returns:
        The converted Docs.
    """
    from spacy.training.converters.conllu_to_docs import conllu_to_docs as convert

    docs: list[Doc] = []
    for document in split_documents(path.read_text(encoding="utf-8")):
        if keep is not None and not keep(document):
            continue
        converted = convert(  # type: ignore[no-untyped-call]
            document.text, n_sents=SENTS_PER_DOC, no_print=True
        )
        docs.extend(converted)
    return docs


def write_docbin(docs: Iterable[Doc], path: Path) -> int:
    """Serialise Docs to a ``.spacy`` file and return how many were written."""
    docbin = DocBin(store_user_data=False)
    count = 0
    for doc in docs:
        docbin.add(doc)
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)
    return count


def convert_corpora(corpora: Path, workdir: Path) -> tuple[Path, Path]:
    """Convert EWT train/dev and the CC BY GUM train/dev documents to ``.spacy`` files.

    Args:
        corpora: the ``ud-english`` folder (``ewt/`` and ``gum/`` with ``*.conllu``).
        workdir: scratch directory outside the repository.

    Returns:
        ``(train_dir, dev_dir)``, each holding the ``.spacy`` files spaCy's corpus reader reads.
    """
    train_dir, dev_dir = workdir / "corpus" / "train", workdir / "corpus" / "dev"
    parts = (
        (train_dir / "ewt-train.spacy", corpora / "ewt" / "train.conllu", None),
        (train_dir / "gum-train-ccby.spacy", corpora / "gum" / "train.conllu", is_cc_by_gum),
        (dev_dir / "ewt-dev.spacy", corpora / "ewt" / "dev.conllu", None),
        (dev_dir / "gum-dev-ccby.spacy", corpora / "gum" / "dev.conllu", is_cc_by_gum),
    )
    for target, source, keep in parts:
        count = write_docbin(conllu_to_docs(source, keep), target)
        print(f"converted {source} -> {target} ({count} docs)", flush=True)
    return train_dir, dev_dir


class TimeCapReached(Exception):
    """Raised from the training loop once the wall-clock budget is spent."""


def make_time_cap(
    minutes: float, log_path: str | None = None
) -> Callable[[Any, dict[str, Any]], None]:
    """spaCy ``before_update`` callback that stops training after ``minutes`` of wall time.

    Args:
        minutes: budget; 0 or less means no cap.
        log_path: optional TSV file receiving ``step, epoch, elapsed seconds`` every 100 steps.

    Returns:
        The callback.
    """
    start = time.monotonic()

    def before_update(_nlp: Any, args: dict[str, Any]) -> None:
        elapsed = time.monotonic() - start
        if log_path and args["step"] % 100 == 0:
            with open(log_path, "a", encoding="utf-8") as log:
                log.write(f"{args['step']}\t{args['epoch']}\t{elapsed:.1f}\n")
        if minutes > 0 and elapsed > minutes * 60:
            raise TimeCapReached(f"time cap of {minutes} min reached at step {args['step']}")

    return before_update


registry.callbacks.register("timeline.time_cap.v1", func=make_time_cap)


def run_training(
    train_dir: Path,
    dev_dir: Path,
    output: Path,
    minutes: float,
    max_steps: int,
    config: Path = CONFIG_PATH,
    overrides: dict[str, Any] | None = None,
) -> Path:
    """Train with spaCy and return the directory of the best checkpoint.

    Args:
        train_dir: directory of training ``.spacy`` files.
        dev_dir: directory of development ``.spacy`` files.
        output: spaCy's output directory (scratch).
        minutes: wall-clock cap (0: none).
        max_steps: step limit (0: none).
        config: the training config.
        overrides: extra dotted config overrides.

    Returns:
        ``output/model-best``.
    """
    from spacy.cli.train import train

    output.mkdir(parents=True, exist_ok=True)
    settings: dict[str, Any] = {
        "paths.train": str(train_dir),
        "paths.dev": str(dev_dir),
        "training.max_steps": max_steps,
        "training.before_update.minutes": minutes,
        "training.before_update.log_path": str(output / "steps.tsv"),
        **(overrides or {}),
    }
    try:
        train(config, output, use_gpu=-1, overrides=settings)
    except TimeCapReached as stop:
        print(f"stopped: {stop}", flush=True)
    best = output / "model-best"
    if not best.is_dir():
        raise SystemExit(f"training produced no model in {output}")
    return best


def install_model(best: Path, target: Path, extra_meta: dict[str, Any]) -> None:
    """Copy a trained pipeline into the package, keeping the licence file.

    Scratch paths are removed from the shipped ``config.cfg``, and ``meta.json`` gets the
    pipeline's name, licence and sources.

    Args:
        best: the trained pipeline directory.
        target: the model directory to (re)place; its ``LICENSE.md`` is kept.
        extra_meta: fields merged into ``meta.json``.
    """
    # the licence travels with the weights: keep the target's, else the shipped model's
    sources = [target / LICENSE_NAME, DEFAULT_MODEL_PATH / LICENSE_NAME]
    licence = next((f.read_text(encoding="utf-8") for f in sources if f.is_file()), None)
    staging = Path(tempfile.mkdtemp(prefix="timeline-model-"))
    try:
        shipped = staging / "model"
        shutil.copytree(best, shipped)
        config_file = shipped / "config.cfg"
        config_text = config_file.read_text(encoding="utf-8")
        config_text = re.sub(
            r'^(train|dev|log_path) = "[^"\n]*"$', r"\1 = null", config_text, flags=re.MULTILINE
        )
        config_file.write_text(config_text, encoding="utf-8")
        meta_file = shipped / "meta.json"
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        meta.update(extra_meta)
        meta_file.write_text(
            json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(shipped, target)
        if licence is not None:
            (target / LICENSE_NAME).write_text(licence, encoding="utf-8")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


MODEL_META: Final = {
    "name": "timeline_ud_en",
    "version": "0.1.0",
    "description": "Tagger (Penn XPOS), morphologizer (UPOS+FEATS) and dependency parser trained "
    "on UD English-EWT and the CC BY genres of UD English-GUM.",
    "license": "CC BY-SA 4.0",
    "author": "timeline-service",
    "sources": [
        {
            "name": "UD English-EWT r2.16",
            "url": "https://github.com/UniversalDependencies/UD_English-EWT",
            "license": "CC BY-SA 4.0",
        },
        {
            "name": "UD English-GUM r2.16 (genres news, interview, bio, voyage, textbook, vlog, "
            "speech, conversation)",
            "url": "https://github.com/UniversalDependencies/UD_English-GUM",
            "license": "CC BY 4.0 (these genres)",
        },
    ],
}


def parse_overrides(items: Iterable[str]) -> dict[str, Any]:
    """Parse ``key=value`` config overrides; values are JSON where possible."""
    result: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep:
            raise SystemExit(f"--set expects KEY=VALUE, got {item!r}")
        try:
            result[key] = json.loads(raw)
        except json.JSONDecodeError:
            result[key] = raw
    return result


def main(argv: list[str] | None = None) -> int:
    """Command line entry point (``make model``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpora", type=Path, required=True, help="ud-english folder")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_MODEL_PATH,
        help="where the trained model is installed (default: shipped model)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "timeline-nlp",
        help="scratch directory for converted corpora and checkpoints",
    )
    parser.add_argument("--minutes", type=float, default=70.0, help="wall-clock cap")
    parser.add_argument("--max-steps", type=int, default=0, help="step limit (0: none)")
    parser.add_argument("--config", type=Path, default=CONFIG_PATH)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra config override, e.g. training.dropout=0.2",
    )
    parser.add_argument(
        "--no-install", action="store_true", help="train only; leave the shipped model alone"
    )
    args = parser.parse_args(argv)

    workdir: Path = args.workdir.resolve()
    repo = Path(__file__).resolve().parents[2]
    if workdir.is_relative_to(repo):
        raise SystemExit(f"--workdir must be outside the repository ({repo})")
    started = time.monotonic()
    train_dir, dev_dir = convert_corpora(args.corpora, workdir)
    best = run_training(
        train_dir,
        dev_dir,
        workdir / "training",
        args.minutes,
        args.max_steps,
        args.config,
        parse_overrides(args.set),
    )
    print(f"trained in {(time.monotonic() - started) / 60:.1f} min; best model: {best}")
    if not args.no_install:
        install_model(best, args.output, MODEL_META)
        print(f"installed {best} -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
