"""Parsing in worker processes, each parse within a memory and a time budget.

A file is parsed in a worker process whose address space is limited (``RLIMIT_AS``: what
the worker had when it started plus the memory budget), so a PDF whose streams decompress to
gigabytes fails with a ``MemoryError`` in that worker instead of exhausting the machine. A
parse that takes longer than the time budget gets its worker killed (and a new one started).
Either way the file is reported by name with that reason, and the run goes on.

The worker also catches what the PDF reader only logs: pdfminer's warnings ("Data-loss
while decompressing corrupted data", "Could not get FontBBox") are collected per file
instead of going to stderr without a file name. A PDF is also checked for damage from its
bytes (``parsers.pdf_damage``), so it is marked damaged whichever engine read it: PDFium
reads a broken stream without a word.
"""

from __future__ import annotations

import errno
import faulthandler
import logging
import multiprocessing
import os
import resource
import signal
import time
import warnings
from collections import Counter, deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterator, Optional

from kamerqa.parsers.documents import parse_file
from kamerqa.parsers.model import ParsedDocument, ParseError
from kamerqa.parsers.pdf_damage import damage_summary, pdf_damage_of_file
from kamerqa.parsers.themes import annotate_document

# Defaults of ``kamerqa build --memory-limit/--time-limit``: far above what the largest real
# document needs (bench/pdf_speed.py), far below what would endanger the machine.
MEMORY_BUDGET_MIB = 2048
TIME_BUDGET_SECONDS = 600.0

# Reader warnings that mean part of the file's content could not be read: they mark a
# document damaged when the engine-independent check found nothing (another filter than
# Flate, say).
DATA_LOSS_MARKERS = ("data-loss", "corrupt", "truncated", "decompress")


@dataclass
class Budget:
    memory_mib: int = MEMORY_BUDGET_MIB
    seconds: float = TIME_BUDGET_SECONDS


@dataclass
class Outcome:
    """What became of parsing one file."""

    path: Path
    doc: Optional[ParsedDocument] = None
    error: Optional[str] = None
    warnings: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, message, count)
    damaged: Optional[str] = None  # why the text is incomplete, when a warning says so


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: Counter = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages[f"{record.name}: {record.getMessage()}"] += 1
        except Exception:  # a malformed log call must not fail the parse
            self.messages[f"{record.name}: {record.msg}"] += 1


def read_error(error: BaseException, path: Path) -> str:
    """A plain reason for an exception raised while reading or parsing ``path``."""
    if any(isinstance(e, MemoryError) for e in _chain(error)):
        # the PDF reader wraps it ("damaged PDF"): the cause is the budget, not the file
        return "over the memory budget: parsing it needs more memory than allowed (--memory-limit)"
    if isinstance(error, ParseError):
        return str(error)
    if isinstance(error, PermissionError):
        return "permission denied: cannot read the file"
    if isinstance(error, OSError):
        if error.errno == errno.ELOOP:
            return "symbolic link loop: the link never reaches a file"
        if isinstance(error, FileNotFoundError) and path.is_symlink():
            return f"dangling symbolic link: its target {os.readlink(path)} does not exist"
        return f"cannot read the file: {error.strerror or error}"
    if isinstance(error, ValueError) and "digits" in str(error) and "limit" in str(error):
        # int() refuses numbers of more than 4,300 digits (CVE-2020-10735)
        return "a number in the text has more than 4,300 digits; not a document layout kamerqa reads"
    if isinstance(error, RecursionError):
        return "too deeply nested to parse"
    return f"internal parser error: {type(error).__name__}: {error}"


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen = 0
    while error is not None and seen < 10:
        yield error
        error, seen = error.__cause__ or error.__context__, seen + 1


def parse_one(path: Path, pdf_engine: Optional[str] = None) -> Outcome:
    """Parse and annotate one file; never raises, so one bad file cannot stop a run."""
    collect = _Collect()
    reader_log = logging.getLogger("pdfminer")
    reader_log.addHandler(collect)
    propagate, reader_log.propagate = reader_log.propagate, False
    outcome = Outcome(path)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            doc = parse_file(path, pdf_engine)
            annotate_document(doc)  # lemmas and themes, here in the worker
            # Checked here rather than in parse_file: damage is a property of the file's
            # bytes, not of what the document says, and it joins the reader's warnings that
            # are gathered here; only a file that parsed is checked (one that did not is an
            # error already).
            damage = pdf_damage_of_file(path) if path.suffix.lower() == ".pdf" else []
        outcome.doc = doc
        for warning in caught:
            collect.messages[f"{warning.category.__name__}: {warning.message}"] += 1
    except Exception as error:  # reported per file
        outcome.error = read_error(error, path)
    finally:
        reader_log.removeHandler(collect)
        reader_log.propagate = propagate
    outcome.warnings = [("reader", message, count) for message, count in sorted(collect.messages.items())]
    if outcome.doc is not None:
        # The check's finding names the damage the same way with either engine; pdfminer's
        # own warning about it stays a "reader" row (pdfplumber engine only), but the damage
        # is stated once, in the check's words.
        lost = [m for _k, m, _c in outcome.warnings if any(s in m.lower() for s in DATA_LOSS_MARKERS)]
        found = Counter(map(str, damage))
        outcome.warnings = [("damaged", message, count) for message, count in found.items()] + outcome.warnings
        outcome.damaged = damage_summary(damage) or "; ".join(lost) or None
    return outcome


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _limit_memory(budget_mib: int) -> None:
    try:
        limit = _address_space() + budget_mib * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    except (OSError, ValueError):  # no /proc, or a hard limit already lower: keep that one
        pass


def _worker(
    conn, budget_mib: int, parse: Callable[[Path], Outcome], retry: Optional[Callable[[Path], Outcome]]
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    # a worker killed by a signal is reported by the main process, by file name; a Python
    # stack dump on stderr (pytest turns the fault handler on) would only add noise
    faulthandler.disable()
    _limit_memory(budget_mib)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        path, again = task
        outcome = (retry if again else parse)(Path(path))  # again: only when there is a retry
        if _is_memory_error(outcome):
            outcome.error = outcome.error.replace(
                "over the memory budget", f"over the memory budget of {budget_mib} MiB", 1
            )
        try:
            conn.send(outcome)
        except MemoryError:
            conn.send(Outcome(Path(path), error=read_error(MemoryError(), Path(path))))
        if outcome.error and outcome.error.startswith("over the memory budget"):
            return  # a worker that ran out of memory is not reused


class _Worker:
    def __init__(self, context, budget: Budget, parse: Callable[[Path], Outcome], retry=None) -> None:
        self.conn, child = context.Pipe()
        # forked, so ``parse`` and what the parent loaded are there without pickling
        self.process = context.Process(
            target=_worker, args=(child, budget.memory_mib, parse, retry), daemon=True
        )
        self.process.start()
        child.close()
        self.task: Optional[tuple[int, Path, float, bool]] = None

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _died(worker: _Worker, budget: Budget) -> str:
    worker.process.join(timeout=5)
    code = worker.process.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        return (
            f"the parsing process was killed by {name} (out of memory? the budget is "
            f"{budget.memory_mib} MiB)"
        )
    return f"the parsing process ended unexpectedly (exit status {code})"


def parse_all(
    paths: list[Path],
    jobs: int,
    budget: Budget,
    parse: Callable[[Path], Outcome] = parse_one,
    retry: Optional[Callable[[Path], Outcome]] = None,
) -> Iterator[Outcome]:
    """Outcomes of ``parse`` on each of ``paths`` in ``jobs`` worker processes, each within
    ``budget``, in the order of ``paths``.

    ``retry`` parses a PDF again, in a new worker, when ``parse`` killed its worker: the
    compiled PDF engine (PDFium) aborts the process where pdfminer raises an error a user
    can read (a stream that decompresses beyond the memory budget), and ``retry`` reads
    the file with pdfminer. Only that second death is reported."""
    if not paths:
        return
    _warm_up()
    context = multiprocessing.get_context("fork")
    queue = deque((index, path, False) for index, path in enumerate(paths))
    idle: list[_Worker] = []
    busy: dict[object, _Worker] = {}
    done: dict[int, Outcome] = {}
    next_out = 0
    try:
        while next_out < len(paths):
            while queue and len(busy) < jobs:
                worker = idle.pop() if idle else _Worker(context, budget, parse, retry)
                index, path, again = queue.popleft()
                worker.task = (index, path, time.monotonic(), again)
                worker.conn.send((str(path), again))
                busy[worker.conn] = worker
            if busy:
                oldest = min(w.task[2] for w in busy.values())
                timeout = max(0.0, oldest + budget.seconds - time.monotonic())
                for conn in wait(list(busy), timeout=timeout):
                    worker = busy.pop(conn)
                    index, path, _started, again = worker.task
                    try:
                        done[index] = conn.recv()
                    except (EOFError, OSError):
                        if retry is not None and not again and path.suffix.lower() == ".pdf":
                            worker.stop(kill=True)
                            queue.appendleft((index, path, True))
                            continue
                        done[index] = Outcome(path, error=_died(worker, budget))
                    if worker.process.is_alive() and not _is_memory_error(done[index]):
                        idle.append(worker)
                    else:
                        worker.stop(kill=True)
                now = time.monotonic()
                for conn, worker in list(busy.items()):
                    index, path, started, _again = worker.task
                    if now - started >= budget.seconds:
                        busy.pop(conn)
                        worker.stop(kill=True)
                        done[index] = Outcome(
                            path,
                            error=f"over the time budget: parsing took longer than {budget.seconds:g} s "
                            "(--time-limit)",
                        )
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for worker in idle:
            worker.stop()
        for worker in busy.values():
            worker.stop(kill=True)


def _is_memory_error(outcome: Outcome) -> bool:
    return bool(outcome.error and outcome.error.startswith("over the memory budget"))


def _warm_up() -> None:
    """Load the lemmatiser and theme matcher here, once, so forked workers share them
    instead of each loading them again."""
    from kamerqa.parsers.lemmas import lemmatize
    from kamerqa.parsers.themes import match_themes

    lemmatize("kamer")
    match_themes("kamer")  # builds the theme matcher (0.07 s), else built in every worker
