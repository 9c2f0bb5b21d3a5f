"""Read-side queries used by the command line. Parameters are always bound."""

from __future__ import annotations

import sqlite_utils

CITATION_COLUMNS = "id, document_id, context, context_id, raw, target, kind, url, target_document_id"


def citations_of(db: sqlite_utils.Database, document_id: str) -> list[dict]:
    return list(
        db.query(
            f"select {CITATION_COLUMNS} from citations where document_id = ? order by rowid",
            [document_id],
        )
    )


def cited_by(db: sqlite_utils.Database, document_id: str) -> list[dict]:
    return list(db.query("select * from cited_by where document_id = ?", [document_id]))


def document_exists(db: sqlite_utils.Database, document_id: str) -> bool:
    return bool(db.execute("select 1 from documents where id = ?", [document_id]).fetchone())
