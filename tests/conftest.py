"""Shared paths, fixtures and the session-wide parse cache.

Parsing a real document is the expensive part of the suite (a 252-page PDF takes about a
minute on a busy machine), so every test module gets its parsed documents from
``parsed_file`` and builds from ``build_with_shared_parses``: each file is parsed once per test
session, whichever test asks first, and the real corpus is built once (``real_db``) for every
test that only reads it.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import pytest
import sqlite_utils

# the reader itself, kept before parsed_file puts the cached pdf_lines in its place
from kamerqa.parsers.layout import read_pdf_lines as _read_pdf_lines

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"
REAL = SHARED / "corpus" / "real"
RENDERED = SHARED / "corpus" / "rendered"

requires_shared = pytest.mark.skipif(
    not REAL.is_dir(),
    reason=f"real documents not present: {REAL} (CI provides ../shared beside the repository)",
)


def _key(path: str | Path) -> tuple[str, int, int]:
    path = Path(path).resolve()
    stat = path.stat()
    # size and mtime in the key: a test that rewrites a file in tmp_path gets a fresh parse
    return str(path), stat.st_size, stat.st_mtime_ns


@lru_cache(maxsize=None)
def _pdf_lines_once(path: str, size: int, mtime_ns: int, engine: Optional[str] = None):
    from kamerqa.parsers.model import ParseError

    try:
        lines, pages = _read_pdf_lines(path, engine)
        return (tuple(lines), pages), None
    except ParseError as error:
        return None, error


def pdf_lines(path: str | Path, engine: Optional[str] = None):
    """``layout.read_pdf_lines(path, engine)``, read once per test session: (lines, pages).

    The list is new on every call; the ``Line`` objects in it are shared and must not be
    changed. ``parsed_file`` reads its PDFs through this too.
    """
    result, error = _pdf_lines_once(*_key(path), engine)
    if error is not None:
        raise copy.copy(error)
    lines, pages = result
    return list(lines), pages


class _Recorded(logging.Handler):
    """Keeps the log records of a parse, so that a cached parse can report them again."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _parse_uncached(path: str, size: int, mtime_ns: int):
    """``parse_file`` of ``path``: (document or None, ParseError or None, what it reported).

    The PDF reader's log records (as name, level, message) and Python warnings are kept
    beside the result, because the pipeline's worker step turns them into
    document_warnings: ``_reported_again`` replays them.
    """
    from kamerqa.parsers import layout
    from kamerqa.parsers.documents import parse_file
    from kamerqa.parsers.model import ParseError

    recorded = _Recorded()
    reader_log = logging.getLogger("pdfminer")
    reader_log.addHandler(recorded)
    try:
        with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            patch.setattr(layout, "read_pdf_lines", pdf_lines)
            try:
                doc, error = parse_file(Path(path)), None
            except ParseError as parse_error:
                doc, error = None, parse_error
    finally:
        reader_log.removeHandler(recorded)
    records = tuple((r.name, r.levelno, _message(r)) for r in recorded.records)
    return doc, error, (records, tuple((w.message, w.category, w.filename, w.lineno) for w in caught))


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed log call
        return str(record.msg)


# The slowest parse of the suite (252 pages, about a minute when the machine is busy) starts
# in a background process once the tests that need it are collected, on the second core,
# while the first runs the other tests; the first test that needs it waits for the rest.
SLOW_TO_PARSE = (REAL / "kst-wetsvoorstel" / "vm1kkye15yy2.pdf",)
NEEDS_SLOW_PARSE = ("test_kamerstuk_pdf.py", "test_citations_golden.py", "test_build.py")
_prefetched: dict = {}


class _Background:
    """One parse in a forked process; its result comes back through a pickle file."""

    def __init__(self, key: tuple[str, int, int], folder: Path):
        import multiprocessing

        self.result_path = folder / f"prefetch-{abs(hash(key))}.pickle"
        self.process = multiprocessing.get_context("fork").Process(
            target=_parse_to_file, args=(key, str(self.result_path)), daemon=True
        )
        self.process.start()

    def result(self):
        import pickle

        self.process.join()
        with open(self.result_path, "rb") as handle:
            return pickle.load(handle)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def _parse_to_file(key, result_path: str) -> None:
    import pickle

    with open(result_path, "wb") as handle:
        pickle.dump(_parse_uncached(*key), handle)


def pytest_collection_finish(session):
    if os.environ.get("KAMERQA_TEST_PREFETCH") == "0" or (os.cpu_count() or 1) < 2:
        return
    if not any(item.nodeid.split("::")[0].endswith(NEEDS_SLOW_PARSE) for item in session.items):
        return
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="kamerqa-prefetch-"))
    for path in SLOW_TO_PARSE:
        if path.is_file():
            _prefetched[_key(path)] = _Background(_key(path), folder)


def pytest_sessionfinish(session):
    for background in _prefetched.values():
        background.stop()  # not needed after all (deselected, or the run stopped early)
    _prefetched.clear()


@lru_cache(maxsize=None)
def _parse_once(path: str, size: int, mtime_ns: int):
    future = _prefetched.pop((path, size, mtime_ns), None)
    if future is not None:
        try:
            return future.result()
        except Exception:  # noqa: BLE001 - the background parse failed: parse here instead
            pass
    return _parse_uncached(path, size, mtime_ns)


def _reported_again(reported) -> None:
    records, caught = reported
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)
    for message, category, filename, lineno in caught:
        warnings.warn_explicit(message, category, filename, lineno)


def parsed_file(path: str | Path):
    """``parse_file(path)``, parsed once per test session and shared by every test.

    The result is shared: a test that changes it must change a ``copy.deepcopy`` of it.
    A ``ParseError`` is raised again (a copy) on every call.
    """
    doc, error, _reported = _parse_once(*_key(path))
    if error is not None:
        raise copy.copy(error)
    return doc


@lru_cache(maxsize=None)
def _prepared_once(path: str, size: int, mtime_ns: int, parse_safely):
    """The pipeline's worker step for ``path`` (parse, lemmas and themes) on the cached parse."""
    from kamerqa.ingest import workers
    from kamerqa.parsers.pdf_chars import DEFAULT_ENGINE

    real_parse_file = workers.parse_file

    def parse_file(path, pdf_engine=None):
        if pdf_engine not in (None, DEFAULT_ENGINE):  # the cache holds default-engine parses
            return real_parse_file(path, pdf_engine)
        parsed = parsed_file(path)  # raises its ParseError
        _reported_again(_parse_once(*_key(path))[2])
        return copy.deepcopy(parsed)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workers, "parse_file", parse_file)
        return parse_safely(Path(path))


def build_with_shared_parses(
    db: sqlite_utils.Database, paths: Iterable[str | Path], **options
):
    """``pipeline.build`` in this process, taking each file's parse from the session cache.

    Everything after parsing (storing, errors, rebuild logic, similar questions) is the real
    pipeline, and so is the worker step that adds lemmas and themes (run once per file); only
    the parse of an unchanged file is not repeated. It runs in this process (``jobs=1``,
    no worker budget).
    """
    from kamerqa.ingest import pipeline

    parse_safely = pipeline.parse_safely

    def prepared(path: Path):
        return copy.deepcopy(_prepared_once(*_key(path), parse_safely))

    options.pop("jobs", None)
    options["budget"] = None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "parse_safely", prepared)
        return pipeline.build(db, paths, jobs=1, **options)


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> sqlite_utils.Database:
    """The embedded corpus built once into a database file (read-only use in tests)."""
    path = tmp_path_factory.mktemp("corpus") / "kamerqa.db"
    db = sqlite_utils.Database(path)
    result = build_with_shared_parses(db, [CORPUS])
    assert result.failed == []
    return db


class RealBuild:
    """The real corpus (``../shared/corpus/real``) built once: its database and BuildResult."""

    def __init__(self, db: sqlite_utils.Database, result, path: Path):
        self.db, self.result, self.path = db, result, path


@pytest.fixture(scope="session")
def real_build(tmp_path_factory) -> Optional[RealBuild]:
    """The real corpus built once per session, for tests that only read it."""
    if not REAL.is_dir():
        pytest.skip(f"real documents not present: {REAL} (CI provides ../shared beside the repository)")
    path = tmp_path_factory.mktemp("real") / "real.db"
    db = sqlite_utils.Database(path)
    return RealBuild(db, build_with_shared_parses(db, [REAL]), path)


@pytest.fixture
def no_kamerqa_db_env(monkeypatch):
    monkeypatch.delenv("KAMERQA_DB", raising=False)
    return os.environ


# ``kamerqa serve`` in tests. A busy machine (CI beside other builds) has taken 15 s and more
# to start it, so readiness is waited on with a generous bound; the wait fails, with the
# server's log, when the server exits or the bound passes.
SERVE_START_TIMEOUT = 240.0


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(process, url: str, log_path: Path, timeout: float = SERVE_START_TIMEOUT) -> None:
    """Return once ``url`` answers; fail the test when ``process`` exits or ``timeout`` passes."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            pytest.fail(
                f"kamerqa serve exited with status {process.returncode} before answering "
                f"{url}; its log:\n{log_path.read_text(errors='replace')}"
            )
        try:
            urllib.request.urlopen(url, timeout=10).read()
            return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(
                f"kamerqa serve did not answer {url} within {timeout:.0f} s; its log:\n"
                f"{log_path.read_text(errors='replace')}"
            )
        time.sleep(0.2)


@contextlib.contextmanager
def serving(db_path: Path, log_path: Optional[Path] = None):
    """``kamerqa serve`` on a free port, ready; yields (base URL, process).

    It runs in a session of its own: ``kamerqa serve`` runs Datasette as a child process,
    and the whole group is ended afterwards. Its log goes to a file, because a pipe nobody
    reads fills up and blocks the server after some hundred requests.
    """
    import signal
    import subprocess
    import sys

    port = free_port()
    log_path = log_path or Path(db_path).with_suffix(".serve.log")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "kamerqa.ingest.cli", "serve", "--db", str(db_path),
             "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, cwd=REPO, start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_serving(process, base + "/-/versions.json", log_path)
            yield base, process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
