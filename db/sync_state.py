"""Where the last ``kamerqa sync`` of each source got to (table ``sync_state``, m006)."""

from __future__ import annotations

import datetime
from typing import Optional

import sqlite_utils


def last_modified(db: sqlite_utils.Database, source: str, filters: str) -> Optional[str]:
    row = db.execute(
        "select last_modified from sync_state where source = ? and filters = ?", [source, filters]
    ).fetchone()
    return row[0] if row else None


def save_last_modified(db: sqlite_utils.Database, source: str, filters: str, value: Optional[str]) -> None:
    with db.atomic():
        db["sync_state"].upsert(
            {
                "source": source,
                "filters": filters,
                "last_modified": value,
                "synced_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            },
            pk=("source", "filters"),
        )
