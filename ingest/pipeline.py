"""The build pipeline: find files, parse them (in worker processes), store each one.

Parsing is pure and runs in parallel; storing happens in this process, one transaction per
document, so a failure in one file never touches what other files stored.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import sqlite_utils

from kamerqa.db.schema import ensure_shape
from kamerqa.db.similar import update_similar_questions
from kamerqa.db.writes import FORMAT_RANK, is_current, record_error, store_document, store_themes, table_counts
from kamerqa.parsers.documents import is_input_file, parse_file
from kamerqa.parsers.model import ParsedDocument, ParseError
from kamerqa.parsers.themes import annotate_document

SUMMARY_TABLES = ("documents", "questions", "answers", "citations", "ingest_errors")


@dataclass
class BuildResult:
    files: int = 0
    stored: int = 0
    alternates: int = 0  # files whose document is stored from a better source
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def all_failed(self) -> bool:
        return self.files > 0 and len(self.failed) == self.files


def find_input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Supported files among ``paths``, folders read recursively, in a stable order."""
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise FileNotFoundError(str(path))
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*")
                if p.is_file() and is_input_file(p)
            )
        else:
            found.append(path)
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(str(path), path)
    return list(unique.values())


def _sha256_of(path: Path) -> Optional[str]:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def parse_safely(path: Path) -> tuple[Path, Optional[ParsedDocument], Optional[str]]:
    """Parse in a worker: never raises, so one bad file cannot stop the pool."""
    try:
        doc = parse_file(path)
        annotate_document(doc)  # lemmas and themes, here in the worker
        return path, doc, None
    except ParseError as error:
        return path, None, str(error)
    except Exception as error:  # a parser bug must not end the run; it is reported
        return path, None, f"internal parser error: {type(error).__name__}: {error}"


def _parse_all(paths: list[Path], jobs: int) -> Iterator[tuple[Path, Optional[ParsedDocument], Optional[str]]]:
    if jobs <= 1 or len(paths) <= 1:
        yield from map(parse_safely, paths)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(parse_safely, paths, chunksize=1)


def build(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    jobs: int = 1,
    on_file: Optional[Callable[[Path, Optional[str]], None]] = None,
    force: bool = False,
) -> BuildResult:
    """Parse and store every supported file under ``paths``.

    ``on_file(path, error)`` is called once per file, in order, for progress reporting.
    Files already stored with the same content and parser version are skipped unless
    ``force`` is set.
    """
    ensure_shape(db)
    store_themes(db)
    files = find_input_files(paths)
    result = BuildResult(files=len(files))
    to_parse = []
    for path in files:
        sha256 = _sha256_of(path)
        if not force and sha256 and is_current(db, str(path), sha256):
            result.unchanged += 1
            if on_file:
                on_file(path, None)
        else:
            to_parse.append(path)
    # Best formats first: a PDF whose official XML is in the same run is then recorded as
    # an alternate straight away instead of being stored and replaced.
    to_parse.sort(key=lambda path: (-FORMAT_RANK.get(path.suffix.lower(), 0), str(path)))
    for path, doc, error in _parse_all(to_parse, jobs):
        if doc is not None:
            try:
                if store_document(db, doc) == "alternate":
                    result.alternates += 1
                else:
                    result.stored += 1
            except Exception as store_error:  # reported per file; earlier rows are intact
                error = f"could not store: {type(store_error).__name__}: {store_error}"
        if error is not None:
            record_error(db, str(path), _sha256_of(path), error)
            result.failed.append((str(path), error))
        if on_file:
            on_file(path, error)
    # Last step: "asked before?" links need every document stored. Each document write
    # marked its questions in similar_pending, in its own transaction, so this also catches
    # up on what a killed earlier build left pending (done here, once, rather than at the
    # start as well: links computed before this run's documents are stored would be
    # computed again).
    update_similar_questions(db)
    result.counts = table_counts(db, SUMMARY_TABLES)
    return result


def default_jobs() -> int:
    return os.cpu_count() or 1
