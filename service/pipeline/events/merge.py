"""Merging: the same event mentioned again becomes one event with several mentions.

Two kinds of repeat are merged:

- a support verb and the event noun it takes as object are one event ("Russia launched its
  largest drone attack": launched + attack);
- an event noun that names an event of the same class as an earlier or later mention, with
  no participant name the other lacks ("the call between Zelenskyy and Trump" and "Zelenskyy
  spoke ... with Trump"; "his call with Putin" and "Trump spoke to Russia's Vladimir Putin").

Mentions dated explicitly with different values are never merged; the merged event is dated
by its most specific mention, which also presents it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from service.domain.types import EventRef, Factuality, When
from service.locale.events import EventLexicon
from service.nlp.syntax import has_lemma
from service.pipeline.events.describe.participants import names_of
from service.pipeline.events.detect import Candidate, Kind

_OBJECTS: Final = frozenset({"obj", "dobj"})
# A name-less "the call" refers back this many paragraphs at most.
_ANAPHOR_REACH: Final = 3
# A repeated mention is looked for this many sentences before and after (keeps long texts
# linear).
_REACH_SENTENCES: Final = 40


@dataclass(frozen=True, slots=True)
class Cluster:
    """The mentions of one event.

    Attributes:
        head: key of the mention that presents the event (trigger, summary, participants).
        members: keys of all its mentions, in document order.
        dated_by: key of the mention whose explicit time dates the event (the most specific
            one), if any.
    """

    head: EventRef
    members: tuple[EventRef, ...]
    dated_by: EventRef | None = None


class _Groups:
    """Union-find over candidate keys; local to one call of :func:`merge_mentions`."""

    def __init__(self, keys: Sequence[EventRef]) -> None:
        self._parent = {k: k for k in keys}

    def find(self, key: EventRef) -> EventRef:
        root = key
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[key] != root:
            self._parent[key], key = root, self._parent[key]
        return root

    def union(self, a: EventRef, b: EventRef) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[rb] = ra

    def groups(self) -> dict[EventRef, list[EventRef]]:
        found: dict[EventRef, list[EventRef]] = {}
        for key in self._parent:
            found.setdefault(self.find(key), []).append(key)
        return found


def _compatible(a: When, b: When) -> bool:
    """Two times can be of one event: they overlap ("May" and "May 19") or are equal."""
    if a.interval is not None and b.interval is not None:
        return a.interval.start < b.interval.end and b.interval.start < a.interval.end
    return a.value == b.value


def _conflict(
    a: Sequence[EventRef], b: Sequence[EventRef], explicit: Mapping[EventRef, When]
) -> bool:
    """True if some explicit time of ``a`` cannot be the time of ``b``'s event."""
    times_a = [explicit[k] for k in a if k in explicit]
    times_b = [explicit[k] for k in b if k in explicit]
    return any(not _compatible(x, y) for x in times_a for y in times_b)


def _definite(candidate: Candidate, lex: EventLexicon) -> bool:
    return any(
        c.dep_ in {"det", "nmod:poss", "poss"} and c.lower_ in lex.definite_determiners
        for c in candidate.token.children
    )


def merge_mentions(
    candidates: Sequence[Candidate], explicit: Mapping[EventRef, When], lex: EventLexicon
) -> tuple[Cluster, ...]:
    """Group the mentions of the same event.

    Args:
        candidates: all event candidates, in document order.
        explicit: the explicit time of each candidate that has one, by key.
        lex: the event lexicon (support verbs, event classes).

    Returns:
        One cluster per event (a candidate alone is a cluster of one), in document order of
        their first mention.
    """
    by_key = {c.key: c for c in candidates}
    index = {c.key: i for i, c in enumerate(candidates)}
    names = {c.key: names_of(c.participants(lex)) for c in candidates if c.klass is not None}
    groups = _Groups([c.key for c in candidates])
    _merge_support_verbs(candidates, explicit, lex, groups)
    members: dict[EventRef, list[EventRef]] = groups.groups()
    by_class = _by_class(candidates)
    fit = _Fit(names, explicit, index, lex)
    events: dict[EventRef, _Event] = {}
    for root, keys in members.items():
        events[root] = _Event(fit)
        for key in keys:
            events[root].add(by_key[key])
    for noun in candidates:
        if noun.kind != Kind.NOUN or noun.klass is None or noun.factuality == Factuality.NEGATED:
            continue
        own = groups.find(noun.key)
        if len(members[own]) > 1:
            continue  # already one event with its support verb, or merged into
        mentions = by_class[noun.klass]
        low = bisect_left(mentions, (noun.sentence_index - _REACH_SENTENCES, EventRef("")))
        high = bisect_right(mentions, (noun.sentence_index + _REACH_SENTENCES, EventRef("~")))
        roots = sorted({groups.find(key) for _, key in mentions[low:high]} - {own},
                       key=index.__getitem__)
        target = _best_root(noun, roots, events)
        if target is not None:
            groups.union(target, noun.key)
            members[target].extend(members.pop(own))
            del events[own]
            events[target].add(noun)

    clusters = []
    for keys in members.values():
        keys.sort(key=index.__getitem__)
        dated = _most_specific(keys, explicit)
        clusters.append(Cluster(_head(keys, dated, by_key), tuple(keys), dated))
    clusters.sort(key=lambda c: index[c.members[0]])
    return tuple(clusters)


def _merge_support_verbs(
    candidates: Sequence[Candidate],
    explicit: Mapping[EventRef, When],
    lex: EventLexicon,
    groups: _Groups,
) -> None:
    """"launched an attack": the object of a support verb is a mention of the verb's event."""
    by_token = {(c.base, c.token.i): c for c in candidates}
    for verb in candidates:
        if verb.kind != Kind.VERB or not has_lemma(verb.token, lex.support_verbs):
            continue
        for child in verb.token.children:
            noun = by_token.get((verb.base, child.i))
            if child.dep_ in _OBJECTS and noun is not None and noun.kind == Kind.NOUN and not \
                    _conflict([verb.key], [noun.key], explicit):
                groups.union(verb.key, noun.key)


def _by_class(candidates: Sequence[Candidate]) -> dict[str, list[tuple[int, EventRef]]]:
    """Mentions of each class by sentence, to look only at those within reach of a noun."""
    found: dict[str, list[tuple[int, EventRef]]] = {}
    for candidate in candidates:
        if candidate.klass is not None:
            found.setdefault(candidate.klass, []).append(
                (candidate.sentence_index, candidate.key)
            )
    return found


@dataclass(frozen=True, slots=True)
class _Fit:
    """What ranking a noun against an earlier event needs."""

    names: Mapping[EventRef, frozenset[str]]
    explicit: Mapping[EventRef, When]
    index: Mapping[EventRef, int]
    lex: EventLexicon


class _Event:
    """What ranking reads of an event's mentions, kept up to date as mentions join, so that
    ranking a noun against it costs the same however many mentions it has (a sentence
    repeated on one line piles them up)."""

    def __init__(self, fit: _Fit) -> None:
        self.fit = fit
        self.sentences: list[int] = []  # sorted sentence index of each mention
        self.asserted = False
        self.theirs: set[str] = set()  # participant names of the mentions
        self.mentioned: set[str] = set()  # those, and the names in verb mentions' sentences
        self.first = -1
        self.last_paragraph = 0
        self.dated = False
        # explicit times: the latest start and earliest end of those with an interval, the
        # values of those with an interval and of those without
        self.latest_start: datetime | None = None
        self.earliest_end: datetime | None = None
        self.interval_values: set[str | None] = set()
        self.bare_values: set[str | None] = set()

    def add(self, member: Candidate) -> None:
        fit = self.fit
        insort(self.sentences, member.sentence_index)
        self.asserted |= member.factuality in (Factuality.ASSERTED, Factuality.REPORTED)
        names = fit.names.get(member.key, frozenset())
        self.theirs |= names
        self.mentioned |= names
        if member.kind != Kind.NOUN:
            self.mentioned |= member.sentence_names
        at = fit.index[member.key]
        self.first = at if self.first < 0 else min(self.first, at)
        self.last_paragraph = member.paragraph
        when = fit.explicit.get(member.key)
        if when is None:
            return
        self.dated = True
        if when.interval is None:
            self.bare_values.add(when.value)
            return
        self.interval_values.add(when.value)
        start, end = when.interval.start, when.interval.end
        self.latest_start = start if self.latest_start is None else max(self.latest_start, start)
        self.earliest_end = end if self.earliest_end is None else min(self.earliest_end, end)

    def conflicts(self, when: When | None) -> bool:
        """True if ``when`` cannot be the time of this event (see :func:`_compatible`)."""
        if when is None:
            return False
        if when.interval is None:
            return not (self.interval_values | self.bare_values) <= {when.value}
        if not self.bare_values <= {when.value}:
            return True
        return self.latest_start is not None and self.earliest_end is not None and not (
            when.interval.start < self.earliest_end and self.latest_start < when.interval.end)

    def distance(self, sentence: int) -> int:
        at = bisect_left(self.sentences, sentence)
        near = self.sentences[max(0, at - 1): at + 1]
        return min(abs(s - sentence) for s in near)

    def rank(self, noun: Candidate) -> tuple[int, int, int, int] | None:
        """How well ``noun`` fits this event (None: not at all)."""
        fit = self.fit
        if self.distance(noun.sentence_index) == 0:
            return None  # "spoke ... ahead of his call": another event of the same sentence
        if not self.asserted or self.conflicts(fit.explicit.get(noun.key)):
            return None
        own = fit.names[noun.key]
        at = fit.index[noun.key]
        # the sentence of a verb mention names its participants even where the parse misses
        # them; a noun's sentence may be about another event ("spoke with Trump before the
        # call")
        if own:
            if not own <= self.mentioned:
                return None
        elif not _definite(noun, fit.lex) or self.first > at or (
            noun.paragraph - self.last_paragraph > _ANAPHOR_REACH
        ):
            return None
        return (len(own & self.theirs), int(self.dated), int(self.first < at),
                -self.distance(noun.sentence_index))


def _best_root(noun: Candidate, roots: Sequence[EventRef],
               events: Mapping[EventRef, _Event]) -> EventRef | None:
    best: tuple[tuple[int, int, int, int], EventRef] | None = None
    for root in roots:
        rank = events[root].rank(noun)
        if rank is not None and (best is None or rank > best[0]):
            best = (rank, root)
    return None if best is None else best[1]


def _most_specific(
    keys: Sequence[EventRef], explicit: Mapping[EventRef, When]
) -> EventRef | None:
    """The mention with the finest explicit time (the first of equals), if any is dated."""
    dated = [k for k in keys if k in explicit]
    if not dated:
        return None
    return min(dated, key=lambda k: (explicit[k].granularity or 99, keys.index(k)))


def _head(
    keys: Sequence[EventRef], dated: EventRef | None, by_key: Mapping[EventRef, Candidate]
) -> EventRef:
    """The mention that presents the event: the dated one (or the verb of its sentence when
    that is a noun: "launched an attack on Sunday" is presented by "launched"), else the first
    verb, else the first mention."""
    if dated is not None:
        mention = by_key[dated]
        if mention.kind != Kind.NOUN:
            return dated
        return next(
            (k for k in keys if by_key[k].kind != Kind.NOUN
             and by_key[k].sentence_index == mention.sentence_index),
            dated,
        )
    verbs = [k for k in keys if by_key[k].kind != Kind.NOUN]
    return verbs[0] if verbs else keys[0]
