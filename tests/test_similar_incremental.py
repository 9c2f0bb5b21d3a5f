"""Incremental "asked before?" links (similar_pending): a build that adds documents computes
links for the new questions and towards them, and ends where a full recompute ends."""

from __future__ import annotations

import shutil

import sqlite_utils

from kamerqa.db import similar as similar_module
from kamerqa.db.similar import compute_similar_questions
from kamerqa.ingest.pipeline import build

from .conftest import CORPUS

NAP = "sha256:cecc3f6136e7068f"


def links(db) -> list[tuple]:
    return [tuple(row) for row in db.execute("select * from similar_questions order by 1, 2")]


def kamervragen(received: str, questions: list[str]) -> str:
    blocks = "".join(
        f"Vraag {n}\n{text}\nAntwoord\nZie eerder.\n\n" for n, text in enumerate(questions, 1)
    )
    return f"Antwoord van minister Veldkamp (Buitenlandse Zaken) (ontvangen {received})\n\n{blocks}"


def test_added_documents_update_links_both_ways(tmp_path, monkeypatch):
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    build(db, [CORPUS], jobs=1)
    assert db["similar_pending"].count == 0
    text_of = dict(db.execute("select id, text from questions").fetchall())
    kv2025 = db.execute("select id from documents where kind = 'kamervragen'").fetchone()[0]
    extra = tmp_path / "extra"
    extra.mkdir()
    # dated between the VSO (2021) and the 2025 Kamervragen: it repeats one of each, so it
    # links back to the VSO and the 2025 question gains a link to it
    (extra / "kv-2024.txt").write_text(
        kamervragen("4 juni 2024", [text_of[f"{NAP}-q2"], text_of[f"{kv2025}-q1"]]), encoding="utf-8"
    )
    # dated before everything: only later questions link to it
    (extra / "kv-2019.txt").write_text(
        kamervragen("4 juni 2019", [text_of[f"{NAP}-q9"]]), encoding="utf-8"
    )
    searched = []
    original = similar_module.Searcher.similar

    def counting(self, *args, **kwargs):
        searched.append(kwargs.get("content"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(similar_module.Searcher, "similar", counting)
    result = build(db, [CORPUS, extra], jobs=1)
    assert (result.stored, result.unchanged) == (2, 5)
    # only the three new questions were searched, not the 40 stored before
    assert len(searched) == 3
    assert db["similar_pending"].count == 0
    new = {
        row[0]: row[1] for row in db.execute(
            "select documents.date, documents.id from documents where date in ('2024-06-04', '2019-06-04')"
        )
    }
    updated = links(db)
    assert (f"{new['2024-06-04']}-q1", f"{NAP}-q2", 100.0) in updated
    assert (f"{kv2025}-q1", f"{new['2024-06-04']}-q2", 100.0) in updated
    assert (f"{NAP}-q9", f"{new['2019-06-04']}-q1", 100.0) in updated
    # the same rows as recomputing everything
    full = sqlite_utils.Database(tmp_path / "full.db")
    db.conn.commit()
    shutil.copy(tmp_path / "kamerqa.db", tmp_path / "full.db")
    compute_similar_questions(full)
    assert links(full) == updated


def test_replaced_document_releases_its_links(tmp_path):
    """Questions that linked to a document that changed are recomputed with the rest."""
    extra = tmp_path / "extra"
    extra.mkdir()
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    build(db, [CORPUS], jobs=1)
    text_of = dict(db.execute("select id, text from questions").fetchall())
    early = extra / "kv-2019.txt"
    early.write_text(kamervragen("4 juni 2019", [text_of[f"{NAP}-q9"]]), encoding="utf-8")
    build(db, [CORPUS, extra], jobs=1)
    early_id = db.execute("select id from documents where date = '2019-06-04'").fetchone()[0]
    assert (f"{NAP}-q9", f"{early_id}-q1", 100.0) in links(db)
    early.write_text(kamervragen("4 juni 2019", ["Hoeveel wolven leven er op de Veluwe?"]), encoding="utf-8")
    build(db, [CORPUS, extra], jobs=1)
    assert not [row for row in links(db) if row[0] == f"{NAP}-q9"]
    assert db["similar_pending"].count == 0


def _repeating_documents(folder, questions: list[str], years: range) -> None:
    """One set of Kamervragen a year, each asking most of ``questions`` again: every
    question of a later year links to the earlier years."""
    folder.mkdir()
    for index, year in enumerate(years):
        chosen = questions[index % 3 :: 1][:30]
        (folder / f"kv-{year}.txt").write_text(kamervragen(f"4 juni {year}", chosen), encoding="utf-8")


def test_build_killed_before_the_links_step_is_caught_up(tmp_path):
    """kill -9 of a real build after it stored every document but before its links were
    computed: the next build, which finds every file unchanged, still computes them."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    base = sqlite_utils.Database(tmp_path / "texts.db")
    build(base, [CORPUS / "vso-nap1325-iv-2021.txt"], jobs=1)
    questions = [row[0] for row in base.execute("select text from questions order by number")]
    first, second = tmp_path / "first", tmp_path / "second"
    _repeating_documents(first, questions, range(2000, 2004))
    _repeating_documents(second, questions, range(2004, 2012))
    db_file = tmp_path / "kamerqa.db"
    build(sqlite_utils.Database(db_file), [first], jobs=1)
    process = subprocess.Popen(
        [sys.executable, "-m", "kamerqa.ingest.cli", "build", str(first), str(second),
         "--db", str(db_file), "-j", "1", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    stored = 0
    while stored < 12:
        assert process.poll() is None, "the build ended before every document was stored"
        assert time.monotonic() < deadline, "the build stored no 12 documents in 300 s"
        try:
            with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=0.1) as reader:
                stored = reader.execute("select count(*) from documents").fetchone()[0]
        except sqlite3.OperationalError:  # the writer holds the lock; ask again
            pass
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    killed = sqlite_utils.Database(db_file)
    assert killed["similar_pending"].count > 0, "killed after the links step: no test"
    result = build(killed, [first, second], jobs=1)
    assert (result.stored, result.unchanged) == (0, 12)
    reference = sqlite_utils.Database(tmp_path / "reference.db")
    build(reference, [first, second], jobs=1)
    assert killed["similar_pending"].count == 0
    assert links(killed) == links(reference) and len(links(reference)) > 500
