"""Write ``en/event_lexicon.yaml`` from the WordNet 3.0 database files.

Run as ``python -m service.locale.wordnet [--wordnet /usr/share/wordnet] [--out DIR] [--check]``
(Debian package ``wordnet-base``). The runtime never reads WordNet; it loads the YAML this
writes (``service/locale/event_lexicon.py``), which is committed beside the hand-written
``en/event_classes.yaml``.

The database is read directly (formats in wndb(5WN) and lexnames(5WN)); no WordNet library is
needed. The output is sorted and carries no date, so two runs over the same files give the
same bytes, and ``--check`` fails when the committed file differs from a fresh run.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import yaml

DEFAULT_WORDNET: Final = Path("/usr/share/wordnet")
DEFAULT_OUT: Final = Path(__file__).resolve().parent / "en"
OUT_NAME: Final = "event_lexicon.yaml"

# File numbers of the lexicographer files, from lexnames(5WN). The database names a synset's
# file by this number only; Debian's wordnet-base ships no `lexnames` file, so the table is
# written out here and a `lexnames` file, where one exists, must agree with it.
LEXNAMES: Final = (
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
    "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event",
    "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
    "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
    "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time",
    "verb.body", "verb.change", "verb.cognition", "verb.communication", "verb.competition",
    "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
    "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather",
    "adj.ppl",
)  # fmt: skip

# How many of a word's most frequent senses decide whether it names an event. WordNet orders
# a lemma's senses by their frequency in its sense-tagged texts, so the first few senses are the
# readings a news text is likely to use, and the long tail of rare senses does not count.
TOP_SENSES: Final = 3

# A noun sense in one of these files names something that happens, whatever its origin.
EVENT_FILES: Final = frozenset({"noun.event", "noun.act", "noun.process", "noun.phenomenon"})

# A noun sense in one of these files is eventive only as a nominalisation: when WordNet links
# that very word to a verb it is formed from ("announcement" -> announce, "payment" -> pay,
# "belief" -> believe). Files of people, things, places, groups and amounts are never eventive,
# even when derived from a verb ("attacker", "building" the structure, "government" the body).
NOMINALISATION_FILES: Final = frozenset(
    {
        "noun.cognition",
        "noun.communication",
        "noun.feeling",
        "noun.possession",
        "noun.state",
        "noun.time",
    }
)
# A noun spelled like its verb (a conversion) names an act only in the communication file, where
# it is the act of saying ("talk", "report", "claim", "call"); elsewhere WordNet does not tell
# which of the two is the base, and the noun is often the older word ("eye", "mind", "sense").
CONVERSION_FILES: Final = frozenset({"noun.communication"})

# Eventive senses from these files describe a state rather than an occurrence (TimeML STATE).
STATE_FILES: Final = frozenset({"noun.state", "noun.feeling"})

DERIVATION: Final = "+"  # derivationally related form (a lexical pointer: word to word)

# Single words only, as a tokenizer gives them: letters, with inner hyphens or apostrophes.
# Collocations ("take_off"), numbers and abbreviations with dots are left out.
WORD: Final = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
# Plain YAML 1.1 scalars that would not read back as strings.
_YAML_SPECIAL: Final = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_ADJ_MARKER: Final = re.compile(r"\((?:a|p|ip)\)$")


@dataclass(frozen=True, slots=True)
class Pointer:
    """One pointer of a synset (wndb(5WN) ``pointer_symbol synset_offset pos source/target``)."""

    symbol: str
    offset: int
    pos: str  # n, v, a, s or r
    source: int  # word number in this synset, 1-based; 0 for a pointer between synsets
    target: int  # word number in the target synset, 1-based; 0 likewise


@dataclass(frozen=True, slots=True)
class Synset:
    offset: int
    lexname: str
    words: tuple[str, ...]  # lower case, collocations joined by "_", adjective markers removed
    pointers: tuple[Pointer, ...]

    def lexical(self, word: str, symbol: str, pos: str) -> Iterator[Pointer]:
        """The pointers ``symbol`` to part of speech ``pos`` that leave from ``word`` itself."""
        for p in self.pointers:
            if p.symbol == symbol and p.pos == pos and 0 < p.source <= len(self.words):
                if self.words[p.source - 1] == word:
                    yield p


@dataclass(frozen=True, slots=True)
class Senses:
    """A lemma's synsets in sense order; the first ``tagged`` are ordered by attested frequency.

    wndb(5WN): senses seen in the sense-tagged texts come first, most frequent first; the order
    of the remaining ones says nothing about frequency.
    """

    offsets: tuple[int, ...]
    tagged: int


@dataclass(frozen=True, slots=True)
class WordNet:
    """The parts of one WordNet database that the lexicon needs."""

    synsets: Mapping[str, Mapping[int, Synset]]  # pos ("noun", "verb", "adj") -> offset -> synset
    senses: Mapping[str, Mapping[str, Senses]]  # pos -> lemma -> senses

    def sense_list(self, pos: str, lemma: str) -> tuple[Synset, ...]:
        """The synsets of ``lemma``, most frequent first."""
        table = self.synsets[pos]
        return tuple(table[o] for o in self.senses[pos][lemma].offsets)

    def top_senses(self, lemma: str, k: int) -> tuple[Synset, ...]:
        """A noun's first ``k`` senses, or fewer when fewer were seen in the tagged texts.

        A sense that the tagged texts never attest ranks after the attested ones only by
        convention, so it does not count when at least one sense is attested ("Chicago" the
        city, attested, against the card game, not).
        """
        senses = self.senses["noun"][lemma]
        n = min(k, senses.tagged) if senses.tagged else k
        return self.sense_list("noun", lemma)[:n]

    def word(self, pointer: Pointer) -> str:
        """The word a lexical pointer arrives at."""
        pos = {"n": "noun", "v": "verb", "a": "adj", "s": "adj"}[pointer.pos]
        return self.synsets[pos][pointer.offset].words[pointer.target - 1]


def read_lexnames(folder: Path) -> tuple[str, ...]:
    """The lexicographer file names by number: the ``lexnames`` file if any, else lexnames(5WN)."""
    path = folder / "lexnames"
    if not path.exists():
        return LEXNAMES
    names = tuple(line.split()[1] for line in path.read_text("utf-8").splitlines() if line)
    if names != LEXNAMES:
        raise SystemExit(f"{path} differs from the WordNet 3.0 table in lexnames(5WN)")
    return names


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.startswith("  "):  # the licence text at the top of every file
                yield line.rstrip("\n")


def parse_data_line(line: str, lexnames: tuple[str, ...]) -> Synset:
    """One synset from a ``data.<pos>`` line (wndb(5WN))."""
    fields = line.split(" | ", 1)[0].split()
    offset, lex_filenum = int(fields[0]), int(fields[1])
    w_cnt = int(fields[3], 16)
    words = tuple(
        _ADJ_MARKER.sub("", fields[4 + 2 * i]).lower() for i in range(w_cnt)
    )
    at = 4 + 2 * w_cnt
    p_cnt = int(fields[at])
    pointers = []
    for i in range(p_cnt):
        symbol, target, pos, st = fields[at + 1 + 4 * i : at + 5 + 4 * i]
        pointers.append(Pointer(symbol, int(target), pos, int(st[:2], 16), int(st[2:], 16)))
    return Synset(offset, lexnames[lex_filenum], words, tuple(pointers))


def parse_index_line(line: str) -> tuple[str, Senses]:
    """A lemma and its senses from an ``index.<pos>`` line."""
    fields = line.split()
    lemma, synset_cnt, p_cnt = fields[0], int(fields[2]), int(fields[3])
    tagged = int(fields[4 + p_cnt + 1])
    offsets = fields[4 + p_cnt + 2 :]
    if len(offsets) != synset_cnt:
        raise ValueError(f"malformed index line for {lemma!r}")
    return lemma, Senses(tuple(int(o) for o in offsets), tagged)


def read_wordnet(folder: Path) -> WordNet:
    """Read ``data.*`` and ``index.*`` for nouns, verbs and adjectives from ``folder``."""
    lexnames = read_lexnames(folder)
    synsets: dict[str, dict[int, Synset]] = {}
    senses: dict[str, dict[str, Senses]] = {}
    for pos in ("noun", "verb", "adj"):
        table = {}
        for line in _lines(folder / f"data.{pos}"):
            synset = parse_data_line(line, lexnames)
            table[synset.offset] = synset
        synsets[pos] = table
        senses[pos] = dict(parse_index_line(line) for line in _lines(folder / f"index.{pos}"))
    return WordNet(synsets, senses)


# --- the lexicon ---------------------------------------------------------------------------


def _from_verb(noun: str, verb: str) -> bool:
    """Whether ``noun`` can be formed from ``verb``, as far as spelling tells.

    English nominalisations add to the verb or change its vowel ("decide" -> "decision",
    "die" -> "death", "believe" -> "belief"), so a noun shorter than its related verb by more
    than a letter is that verb's base instead ("fright" -> "frighten", "memory" -> "memorize").
    """
    return len(noun) >= len(verb) - 1


def _derived_verbs(wn: WordNet, synset: Synset, lemma: str) -> list[str]:
    """The verbs that ``lemma`` in ``synset`` is derived from, in WordNet's pointer order."""
    found = (wn.word(p) for p in synset.lexical(lemma, DERIVATION, "v"))
    return list(dict.fromkeys(v for v in found if _from_verb(lemma, v)))


def _eventive(wn: WordNet, synset: Synset, lemma: str) -> bool:
    if synset.lexname in EVENT_FILES:
        return True
    if synset.lexname not in NOMINALISATION_FILES:
        return False
    verbs = _derived_verbs(wn, synset, lemma)
    if synset.lexname in CONVERSION_FILES:
        return bool(verbs)
    return any(v != lemma for v in verbs)


def event_nouns(wn: WordNet) -> dict[str, dict[str, object]]:
    """Single-word nouns with an eventive sense among their first senses (``top_senses``).

    Per lemma: ``first`` (sense 1 is eventive), ``share`` (eventive share of the first senses),
    ``verb`` (the verb an eventive sense is derived from, if any) and ``class`` (STATE when most
    of the eventive senses are states or feelings; OCCURRENCE, the default, is not written).
    """
    out: dict[str, dict[str, object]] = {}
    for lemma in sorted(wn.senses["noun"]):
        if not WORD.fullmatch(lemma):
            continue
        top = wn.top_senses(lemma, TOP_SENSES)
        flags = [_eventive(wn, s, lemma) for s in top]
        if not any(flags):
            continue
        eventive = [s for s, f in zip(top, flags, strict=True) if f]
        entry: dict[str, object] = {"first": flags[0], "share": round(sum(flags) / len(top), 2)}
        verb = next(
            (v for s in eventive for v in _derived_verbs(wn, s, lemma) if WORD.fullmatch(v)),
            None,
        )
        if verb is not None:
            entry["verb"] = verb
        if 2 * sum(s.lexname in STATE_FILES for s in eventive) > len(eventive):
            entry["class"] = "STATE"
        out[lemma] = entry
    return out


def verbs(wn: WordNet) -> dict[str, str]:
    """Single-word verbs and the lexicographer file of their first sense, without ``verb.``."""
    out = {}
    for lemma in sorted(wn.senses["verb"]):
        if WORD.fullmatch(lemma):
            out[lemma] = wn.sense_list("verb", lemma)[0].lexname.removeprefix("verb.")
    return out


# --- writing ---------------------------------------------------------------------------------

HEADER: Final = """\
# GENERATED by `python -m service.locale.wordnet` from WordNet 3.0 (Debian: wordnet-base);
# do not edit: change the generator and run it again (`--check` compares). Hand-written TimeML
# class lists and exceptions live in event_classes.yaml; service/locale/event_lexicon.py loads
# and validates both.
#
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Used under the
# WordNet 3.0 licence (see WORDNET-LICENSE.md beside this file): "Permission to use, copy,
# modify and distribute this software and database and its documentation for any purpose and
# without fee or royalty is hereby granted", provided the notice and disclaimer travel with it.
# THIS DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR
# WARRANTIES, EXPRESS OR IMPLIED.
#
# event_nouns: single-word nouns with an eventive sense among their first {k} senses (only
#   the senses attested in WordNet's sense-tagged texts, when there are any). A sense is
#   eventive when it is filed under noun.event, noun.act, noun.process or noun.phenomenon, or
#   when it is a nominalisation of a verb (WordNet's derivation pointer from that very word to
#   a verb it is formed from) filed under noun.communication, noun.cognition, noun.feeling,
#   noun.possession, noun.state or noun.time.
#     first: sense 1, the most frequent, is eventive
#     share: the eventive share of those first senses (threshold it at run time)
#     verb:  the verb an eventive sense is derived from (absent: none in WordNet)
#     class: the TimeML class guess when it is not OCCURRENCE (STATE: mostly states/feelings)
# verbs: single-word verbs and the lexicographer file of their sense 1, without "verb."
#   ("stative" is WordNet's verb.stative: being, having, spatial relations).
"""


def _scalar(word: str) -> str:
    return f"'{word}'" if word in _YAML_SPECIAL else word


def _noun_line(lemma: str, entry: Mapping[str, object]) -> str:
    parts = [f"first: {'true' if entry['first'] else 'false'}", f"share: {entry['share']}"]
    if "verb" in entry:
        parts.append(f"verb: {_scalar(str(entry['verb']))}")
    if "class" in entry:
        parts.append(f"class: {entry['class']}")
    return f"  {_scalar(lemma)}: {{{', '.join(parts)}}}"


def render(wn: WordNet) -> str:
    """The text of ``event_lexicon.yaml``, checked to read back as the data it was made from."""
    nouns, verb_files = event_nouns(wn), verbs(wn)
    lines = [HEADER.format(k=TOP_SENSES), "event_nouns:"]
    lines += [_noun_line(lemma, entry) for lemma, entry in nouns.items()]
    lines.append("verbs:")
    lines += [f"  {_scalar(lemma)}: {lexname}" for lemma, lexname in verb_files.items()]
    text = "\n".join(lines) + "\n"
    loaded = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if loaded != {"event_nouns": nouns, "verbs": verb_files}:
        raise AssertionError("the YAML written does not read back as the data it was made from")
    return text


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) ``event_lexicon.yaml``."""
    ap = argparse.ArgumentParser(prog="python -m service.locale.wordnet", description=__doc__)
    ap.add_argument("--wordnet", type=Path, default=DEFAULT_WORDNET,
                    help="folder of the WordNet 3.0 database files (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="folder to write event_lexicon.yaml into (default: the package's en/)")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; fail when the file in --out differs from a fresh run")
    args = ap.parse_args(argv)
    if not (args.wordnet / "data.noun").exists():
        print(f"no WordNet database in {args.wordnet} (apt-get install wordnet-base)",
              file=sys.stderr)
        return 2
    text = render(read_wordnet(args.wordnet))
    path = args.out / OUT_NAME
    if args.check:
        current = path.read_text("utf-8") if path.exists() else None
        if current != text:
            print(f"{path} is out of date: run python -m service.locale.wordnet", file=sys.stderr)
            return 1
        print(f"{path} is up to date")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({len(text.encode())} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
