"""Links between reporting verbs and the events they report ("said it launched ...")."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Final

from spacy.tokens import Token

from service.domain.types import EventRef
from service.locale.events import EventLexicon
from service.pipeline.events.describe.factuality import is_attribution
from service.pipeline.events.detect import Candidate, Kind
from service.pipeline.events.merge import Cluster
from service.pipeline.events.times import Dated

_COMPLEMENTS: Final = frozenset({"ccomp", "xcomp", "parataxis", "conj"})
_MAX_DEPTH: Final = 4


def link_reports(
    candidates: Sequence[Candidate],
    clusters: Sequence[Cluster],
    dated: Mapping[EventRef, Dated],
    lex: EventLexicon,
) -> dict[EventRef, set[EventRef]]:
    """Reporting events and the dated events they report, linked both ways (cluster heads).

    Args:
        candidates: the event candidates.
        clusters: their mentions grouped into events.
        dated: the time of each dated event.
        lex: the event lexicon.

    Returns:
        For each linked event, the events it is linked to.
    """
    by_token = {(c.base, c.token.i): c for c in candidates}
    head_of = {key: cluster.head for cluster in clusters for key in cluster.members}
    links: dict[EventRef, set[EventRef]] = {}

    def link(a: Candidate, b: Candidate) -> None:
        ha, hb = head_of[a.key], head_of[b.key]
        if ha != hb and ha in dated and hb in dated:
            links.setdefault(ha, set()).add(hb)
            links.setdefault(hb, set()).add(ha)

    def reported(token: Token, base: int, depth: int) -> Iterator[Candidate]:
        for child in token.children:
            if child.dep_ not in _COMPLEMENTS or depth > _MAX_DEPTH:
                continue
            found = by_token.get((base, child.i))
            if found is not None and head_of[found.key] in dated:
                yield found
            elif child.dep_ != "conj" or depth > 0:
                yield from reported(child, base, depth + 1)

    for report in candidates:
        if report.kind != Kind.REPORT or head_of[report.key] not in dated:
            continue
        for found in reported(report.token, report.base, 0):
            if found.token.i != report.token.i and found.token.head.i != found.token.i:
                link(report, found)
        governor = by_token.get((report.base, report.token.head.i))
        if governor is not None and is_attribution(report.token, lex):
            link(report, governor)
    return links


