"""``kamerqa sync``: fetch what changed since the last sync, then build it, incrementally.

The state (the newest ``GewijzigdOp`` of the Tweede Kamer, the newest modification date of
officielebekendmakingen) is kept per source and filter set in ``sync_state``. It only moves
when a source was fetched without failures, so a failed or interrupted sync is picked up by
the next one; what it had downloaded already is not fetched again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

import sqlite_utils

from kamerqa.db import sync_state
from kamerqa.db.schema import ensure_shape
from kamerqa.db.similar import update_similar_questions
from kamerqa.db.writes import remove_source_file
from kamerqa.parsers.documents import is_input_file

from . import pipeline
from .fetch import Endpoints, FetchFilters, FetchResult, fetch
from .fetch_http import Http


@dataclass
class SyncResult:
    fetched: FetchResult
    build: Optional[pipeline.BuildResult] = None
    removed_files: int = 0
    since: dict[str, Optional[str]] = field(default_factory=dict)


def sync(
    db: sqlite_utils.Database,
    into: Path,
    http: Http,
    sources: Iterable[str],
    filters: FetchFilters = FetchFilters(),
    endpoints: Endpoints = Endpoints(),
    jobs: int = 1,
    on_event: Optional[Callable[[str], None]] = None,
    on_file: Optional[Callable[[Path, Optional[str]], None]] = None,
) -> SyncResult:
    ensure_shape(db)
    sources = tuple(sources)
    key = filters.key()
    since = {source: sync_state.last_modified(db, source, key) for source in sources}
    fetched = fetch(into, http, sources, filters, endpoints, since, on_event)
    result = SyncResult(fetched=fetched, since=since)
    rebuild: list[Path] = []
    for path in fetched.deleted:
        alternates = remove_source_file(db, str(path))
        result.removed_files += 1
        rebuild += [Path(p) for p in alternates if Path(p).exists()]
    # Every listed file goes to the build: unchanged ones are skipped there by their hash, and
    # files an interrupted sync downloaded but did not build are built now.
    files = [f for f in dict.fromkeys(fetched.files + rebuild) if is_input_file(f)]
    if files:
        result.build = pipeline.build(db, files, jobs=jobs, on_file=on_file)
    elif fetched.deleted:  # the build would have done it: links to removed questions
        update_similar_questions(db)
    for source in sources:
        if fetched.complete.get(source):
            sync_state.save_last_modified(db, source, key, fetched.newest.get(source) or since[source])
    return result
