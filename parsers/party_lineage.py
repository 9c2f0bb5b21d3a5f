"""Parties' predecessors and successors, kept as data in ``parsers/data/party_lineage.json``
beside the party table, for searches "with predecessors and successors"."""

from __future__ import annotations

import functools
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "party_lineage.json"


@functools.lru_cache(maxsize=1)
def lineage() -> dict[str, list[str]]:
    """canonical name -> its direct predecessors."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return {
        name: list(entry.get("predecessors", []))
        for name, entry in raw.items()
        if not name.startswith("_")
    }


def related_parties(name: str) -> list[str]:
    """``name``, its predecessors and its successors, each line followed to its end (not to
    siblings: "PvdA" gives PvdA and GroenLinks-PvdA, not GroenLinks)."""
    predecessors = lineage()
    successors: dict[str, list[str]] = {}
    for later, earlier in predecessors.items():
        for party in earlier:
            successors.setdefault(party, []).append(later)
    found = [name]
    for graph in (predecessors, successors):
        todo = list(graph.get(name, []))
        while todo:
            party = todo.pop(0)
            if party not in found:
                found.append(party)
                todo += graph.get(party, [])
    return found
