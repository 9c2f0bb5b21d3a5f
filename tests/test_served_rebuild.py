"""Rebuilding a database while it is served or built (issue 13, item 1): real processes.

A build of a served file writes a copy and renames it over the original; the server keeps
answering from the old file, whole, then restarts on the new one. Two builds of one file:
the second fails at once with "database is locked".
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import sqlite_utils

from kamerqa.ingest import dbfile
from kamerqa.ingest.pipeline import build_database

from .conftest import CORPUS
from .conftest import free_port
from .test_similar_incremental import kamervragen

KAMERQA = [sys.executable, "-m", "kamerqa.ingest.cli"]


def many_documents(folder: Path, count: int) -> None:
    folder.mkdir()
    for year in range(1900, 1900 + count):
        questions = [f"Hoeveel wolven leefden er in {year} in provincie {n}?" for n in range(1, 21)]
        (folder / f"kv-{year}.txt").write_text(kamervragen(f"4 juni {year}", questions), encoding="utf-8")


def build_lock_held(db_file: Path) -> bool:
    fd = os.open(dbfile.lock_path(db_file), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, dbfile.BUILD_BYTE)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)  # releases it if we took it


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"no {what} within {seconds} s"
        time.sleep(0.05)


def test_two_builds_of_one_file_second_fails_clearly(tmp_path):
    many_documents(tmp_path / "docs", 30)
    db_file = tmp_path / "kamerqa.db"
    first = subprocess.Popen(
        KAMERQA + ["build", str(tmp_path / "docs"), "--db", str(db_file), "-j", "1", "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    wait_for(lambda: build_lock_held(db_file) or first.poll() is not None, 120, "lock taken")
    assert first.poll() is None, "the first build ended before the second could race it"
    second = subprocess.run(
        KAMERQA + ["build", str(CORPUS), "--db", str(db_file), "-q"],
        capture_output=True, text=True, timeout=120,
    )
    assert second.returncode == 1
    assert second.stderr.strip() == (
        f"Error: database is locked: another kamerqa build is writing {db_file} "
        f"(lock {db_file}.lock)"
    )
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert "30 documents, 600 questions" in out
    # the lock goes with the build: a third build runs
    assert build_database(db_file, [CORPUS], jobs=1).stored == 5


def get(url: str):
    """(status, parsed JSON or None); status None when nothing answers (a restart)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None
    except OSError:
        return None, None


def test_rebuild_of_a_served_database_keeps_the_server_consistent(tmp_path):
    db_file = tmp_path / "kamerqa.db"
    build_database(db_file, [CORPUS], jobs=1)
    port = free_port()
    server = subprocess.Popen(
        KAMERQA + ["serve", "--db", str(db_file), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    count_url = (
        f"http://127.0.0.1:{port}/kamerqa.json?_shape=array&sql="
        "select+count(*)+as+n,+(select+count(*)+from+questions)+as+q+from+documents"
    )
    try:
        status, rows = wait_for(lambda: get(count_url)[0] and get(count_url), 180, "server")
        assert (status, rows) == (200, [{"n": 5, "q": 40}])
        inode = db_file.stat().st_ino
        many_documents(tmp_path / "more", 10)
        # kill -9 a build of the served file halfway: the server and the file are untouched
        killed = subprocess.Popen(
            KAMERQA + ["build", str(CORPUS), str(tmp_path / "more"), "--db", str(db_file), "-j", "1", "-q"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: list(tmp_path.glob(".kamerqa.db.build-*.tmp")), 120, "copy of the served file")
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        assert db_file.stat().st_ino == inode
        assert get(count_url) == (200, [{"n": 5, "q": 40}])
        # a build that finishes: every answer meanwhile is the old or the new state, whole
        builder = subprocess.Popen(
            KAMERQA + ["build", str(CORPUS), str(tmp_path / "more"), "--db", str(db_file), "-q", "--force"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        seen = set()
        while builder.poll() is None:
            status, rows = get(count_url)
            if status is not None:
                seen.add((status, json.dumps(rows)))
            time.sleep(0.1)
        assert builder.returncode == 0, builder.stderr.read()
        assert seen <= {(200, json.dumps([{"n": 5, "q": 40}])), (200, json.dumps([{"n": 15, "q": 240}]))}
        assert db_file.stat().st_ino != inode  # a new file, renamed over the old one
        assert not list(tmp_path.glob(".kamerqa.db.build-*"))  # the killed build's copy is gone
        assert wait_for(lambda: get(count_url) == (200, [{"n": 15, "q": 240}]), 180, "new state served")
        doc = get(f"http://127.0.0.1:{port}/kamerqa/documents.json?_shape=array&_size=100")
        assert doc[0] == 200 and len(doc[1]) == 15
        # a build that changes nothing leaves the served file (and the server) as they are
        rebuilt = db_file.stat().st_ino
        again = subprocess.run(
            KAMERQA + ["build", str(CORPUS), str(tmp_path / "more"), "--db", str(db_file), "-q"],
            capture_output=True, text=True, timeout=600,
        )
        assert again.returncode == 0, again.stderr
        assert db_file.stat().st_ino == rebuilt and not list(tmp_path.glob(".kamerqa.db.build-*"))
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert err.count(f"kamerqa serve: {db_file} was rebuilt; restarting on the new file") == 1


def test_build_of_an_unserved_file_writes_in_place(tmp_path):
    db_file = tmp_path / "kamerqa.db"
    build_database(db_file, [CORPUS / "vso-nap1325-iv-2021.txt"], jobs=1)
    inode = db_file.stat().st_ino
    result = build_database(db_file, [CORPUS], jobs=1)
    assert result.stored == 4 and db_file.stat().st_ino == inode
    assert sqlite_utils.Database(db_file)["documents"].count == 5
