"""The build pipeline: find files, parse them (in worker processes), store each one.

Parsing is pure and runs in parallel; storing happens in this process, one transaction per
document, so a failure in one file never touches what other files stored.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import sqlite_utils

from kamerqa.db.schema import ensure_shape
from kamerqa.db.similar import update_similar_questions
from kamerqa.db.writes import (
    FORMAT_RANK, is_current, record_error, respell_source_files, store_document, store_themes, table_counts,
)
from kamerqa.parsers.documents import METADATA_RECORD_NAMES, is_input_file
from kamerqa.parsers.pdf_chars import DEFAULT_ENGINE

from . import dbfile
from .workers import MEMORY_BUDGET_MIB, TIME_BUDGET_SECONDS, Budget, Outcome, parse_all, parse_one  # noqa: F401

SUMMARY_TABLES = ("documents", "questions", "answers", "citations", "ingest_errors")


@dataclass
class BuildResult:
    files: int = 0
    stored: int = 0
    alternates: int = 0  # files whose document is stored from a better source
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    # (file, message) for stored files that were read with warnings or found damaged
    warnings: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # file type -> files of it not read

    @property
    def all_failed(self) -> bool:
        return self.files > 0 and len(self.failed) == self.files


def find_input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Supported files among ``paths``, folders read recursively, in a stable order, each
    once under its resolved path (so ``corpus`` and ``/abs/corpus`` are the same files).

    A symbolic link inside a folder that leads nowhere (dangling, or a loop) is listed too,
    so that the build reports it instead of passing over it without a word.
    """
    return find_files(paths)[0]


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], dict[str, int]]:
    """``(find_input_files(paths), {file type: number of files skipped})``: per type, the
    files in the folders that kamerqa does not read ("(none)" for files without a suffix);
    sidecars, metadata records and hidden files are not counted."""
    found: list[Path] = []
    skipped: dict[str, int] = {}
    for path in map(Path, paths):
        if not path.exists() and not path.is_symlink():
            raise FileNotFoundError(str(path))
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if _is_input(p):
                    found.append(p)
                elif p.is_file() and not _is_companion(p):
                    suffix = p.suffix.lower() or "(none)"
                    skipped[suffix] = skipped.get(suffix, 0) + 1
        else:
            found.append(path)
    unique: dict[str, Path] = {}
    for path in found:
        spelling = resolved(path)
        unique.setdefault(str(spelling), spelling)
    return list(unique.values()), skipped


def _is_companion(path: Path) -> bool:
    """Files that belong to a document without being one: sidecars, metadata records,
    hidden files."""
    name = path.name.lower()
    return name.endswith(".meta.json") or name in METADATA_RECORD_NAMES or name.startswith(".")


def skipped_line(skipped: dict[str, int]) -> Optional[str]:
    """"skipped 2 .odt, 2 .html: unsupported type", or None when nothing was skipped."""
    if not skipped:
        return None
    parts = ", ".join(f"{n} {suffix}" for suffix, n in sorted(skipped.items(), key=lambda t: (-t[1], t[0])))
    return f"skipped {parts}: unsupported type"


def _is_input(path: Path) -> bool:
    if path.is_symlink() and not path.exists():
        return True
    return path.is_file() and is_input_file(path)


def resolved(path: str | Path) -> Path:
    """The one spelling of a file's path: absolute, symbolic links followed."""
    path = Path(path)
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling link or loop: reported under its own name
        return path.absolute()


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _sha256_of(path: Path) -> Optional[str]:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


# Parses one file, never raising: the document with its reader warnings, or the reason it
# failed. Looked up when a build starts, so a caller can put another in its place.
parse_safely = parse_one


def _parse_all(
    paths: list[Path], jobs: int, budget: Optional[Budget], pdf_engine: Optional[str] = None
) -> Iterator[Outcome]:
    parse = functools.partial(parse_safely, pdf_engine=pdf_engine) if pdf_engine else parse_safely
    if budget is None:  # in this process, without limits (for callers that isolate it)
        yield from map(parse, paths)
    else:
        # a PDF whose reading killed the worker (PDFium aborts where pdfminer raises) is
        # read once more by pdfminer, which says what is wrong in words
        engine = pdf_engine or DEFAULT_ENGINE
        retry = functools.partial(parse_safely, pdf_engine="pdfplumber") if engine != "pdfplumber" else None
        yield from parse_all(paths, jobs, budget, parse, retry)


def build(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    jobs: int = 1,
    on_file: Optional[Callable[[Path, Optional[str]], None]] = None,
    force: bool = False,
    budget: Optional[Budget] = Budget(),
    pdf_engine: Optional[str] = None,
) -> BuildResult:
    """Parse and store every supported file under ``paths``.

    ``on_file(path, error)`` is called once per file, in order, for progress reporting.
    Files already stored with the same content and parser version are skipped unless
    ``force`` is set. Each file is parsed in a worker process within ``budget`` (memory and
    time); ``budget=None`` parses in this process without limits. ``pdf_engine`` picks the
    PDF character reader (``parsers.pdf_chars.ENGINES``; None: the default).
    """
    ensure_shape(db)
    store_themes(db)
    files, skipped = find_files(paths)
    respell_source_files(db, resolved)
    result = BuildResult(files=len(files), skipped=skipped)
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
    # an alternate straight away instead of being stored and replaced. Within a format the
    # largest files first, so that with -j N no worker starts a long file when the others
    # are done.
    to_parse.sort(key=lambda path: (-FORMAT_RANK.get(path.suffix.lower(), 0), -_size_of(path), str(path)))
    for outcome in _parse_all(to_parse, jobs, budget, pdf_engine):
        path, doc, error = outcome.path, outcome.doc, outcome.error
        if doc is not None:
            try:
                if store_document(db, doc, outcome.warnings, outcome.damaged) == "alternate":
                    result.alternates += 1
                else:
                    result.stored += 1
                result.warnings += _warning_lines(outcome)
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


def build_database(db_path: str | Path, paths: Iterable[str | Path], **options) -> BuildResult:
    """``build`` into the database file at ``db_path``, safely for a server reading it: in
    place when it is not served, else into a copy renamed over it (see ``ingest/dbfile.py``).
    Raises ``dbfile.DatabaseLocked`` when another build is writing it."""
    with dbfile.writable(db_path) as target:
        db = sqlite_utils.Database(target)
        try:
            result = build(db, paths, **options)
            changed = db.conn.total_changes > 0
        finally:
            db.close()
        if not changed and target != Path(db_path):
            raise dbfile.Unchanged  # a served file stays as it is: no new file, no restart
    return result


def _warning_lines(outcome: Outcome) -> list[tuple[str, str]]:
    path = str(outcome.path)
    if outcome.damaged:
        return [(path, f"damaged, stored incomplete and marked damaged: {outcome.damaged}")]
    if outcome.warnings:
        total = sum(count for _kind, _message, count in outcome.warnings)
        first = outcome.warnings[0][1]
        more = f" and {total - 1} more" if total > 1 else ""
        return [(path, f"read with warnings (in document_warnings): {first}{more}")]
    return []


def default_jobs() -> int:
    return os.cpu_count() or 1
