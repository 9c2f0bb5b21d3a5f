"""Writing a database file that a server may be reading.

``kamerqa serve`` opens the file immutable (Datasette reads it without locks), so a build
must never change a served file in place. Two byte-range locks on ``<database>.lock`` say
who uses the file:

- byte 0, exclusive: a build is writing the database. A second build fails at once with
  "database is locked".
- byte 1, shared: a ``kamerqa serve`` is serving it. A build that cannot take this byte
  exclusively knows the file is served: it copies the database (SQLite's backup API, a
  consistent copy), builds the copy and renames it over the original (atomic within a
  folder). The server keeps reading the old file, whole, until it notices the new one. A
  build of a file nobody serves writes in place (no copy, so incremental builds stay cheap)
  and holds byte 1, so a server started meanwhile waits for it.

The locks are ``fcntl`` locks: the kernel drops them when their process ends, even by
kill -9, so a crashed build or server never leaves the file locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from pathlib import Path
from typing import Iterator

BUILD_BYTE = 0
SERVE_BYTE = 1


class DatabaseLocked(Exception):
    """Another build is writing the database."""


class Unchanged(Exception):
    """Raised in a ``writable`` block whose build changed nothing: a copy is then dropped
    instead of renamed over the served file, so the server is not restarted for nothing."""


def lock_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.lock")


def _try_lock(fd: int, kind: int, byte: int) -> bool:
    try:
        fcntl.lockf(fd, kind | fcntl.LOCK_NB, 1, byte)
        return True
    except OSError:
        return False


def _temporary_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.build-{os.getpid()}.tmp")


def _remove_leftovers(db_path: Path) -> None:
    """Copies left by builds that were killed (only a build holding the lock calls this)."""
    for leftover in db_path.parent.glob(f".{db_path.name}.build-*.tmp*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _copy(source: Path, target: Path) -> None:
    with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@contextlib.contextmanager
def writable(db_path: str | Path) -> Iterator[Path]:
    """The file a build should write for ``db_path``: the file itself, or a copy of it
    when it is being served, renamed over it when the block ends without an error.
    Raises ``DatabaseLocked`` when another build holds the file."""
    db_path = Path(db_path)
    fd = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(fd, fcntl.LOCK_EX, BUILD_BYTE):
            raise DatabaseLocked(
                f"database is locked: another kamerqa build is writing {db_path} "
                f"(lock {lock_path(db_path)})"
            )
        _remove_leftovers(db_path)
        if not db_path.exists() or _try_lock(fd, fcntl.LOCK_EX, SERVE_BYTE):
            yield db_path  # not served: in place
            return
        target = _temporary_path(db_path)
        try:
            _copy(db_path, target)
            try:
                yield target
            except Unchanged:
                return
            os.replace(target, db_path)
        finally:
            for leftover in (target, Path(f"{target}-journal")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
    finally:
        os.close(fd)  # releases both locks


def is_served(db_path: str | Path) -> bool:
    """Whether a ``kamerqa serve`` holds the file (for messages; a build decides by the lock)."""
    path = lock_path(db_path)
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        return not _try_lock(fd, fcntl.LOCK_EX, SERVE_BYTE)
    finally:
        os.close(fd)


@contextlib.contextmanager
def serving(db_path: str | Path, on_wait=None) -> Iterator[None]:
    """Mark ``db_path`` as served for the duration of the block. When a build is writing it
    in place, ``on_wait()`` is called and the block starts once that build has finished."""
    fd = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(fd, fcntl.LOCK_SH, SERVE_BYTE):
            if on_wait:
                on_wait()
            fcntl.lockf(fd, fcntl.LOCK_SH, 1, SERVE_BYTE)
        yield
    finally:
        os.close(fd)


def identity(db_path: str | Path) -> tuple[int, int] | None:
    """(inode, modification time) of the file, to notice that a build replaced it."""
    try:
        stat = os.stat(db_path)
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns
