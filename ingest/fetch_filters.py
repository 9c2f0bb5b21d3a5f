"""The filters of ``kamerqa fetch`` and ``kamerqa sync``, shared by both sources."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class FetchFilters:
    kinds: tuple[str, ...] = ()  # kamerqa document kinds; empty: every kind the source has
    since: Optional[str] = None  # YYYY-MM-DD, the document's date
    until: Optional[str] = None
    dossier: Optional[str] = None
    limit: Optional[int] = None  # documents per source

    def key(self) -> str:
        """The filters that decide what a sync covers, as a stable string (the state's key)."""
        return json.dumps(
            {"kinds": sorted(self.kinds), "since": self.since, "until": self.until, "dossier": self.dossier},
            sort_keys=True,
        )
