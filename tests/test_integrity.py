"""Nothing lost and nothing wrong without a word: repeated labels, path spellings, damaged
and hostile files, errors that name their cause (issue 13)."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
import sqlite_utils

from kamerqa.ingest.pipeline import Budget, build
from kamerqa.parsers.pdf_chars import ENGINES

from .conftest import CORPUS
from .pdf_bytes import KAMERVRAGEN_LINES, make_pdf, text_page, zlib_of_spaces

VSO = CORPUS / "vso-nap1325-iv-2021.txt"


def build_one(tmp_path, name: str, data: bytes) -> sqlite_utils.Database:
    folder = tmp_path / "input"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    result = build(db, [folder], jobs=1)
    assert result.failed == []
    return db


def warnings_of(db) -> list[tuple[str, str]]:
    return sorted((row["kind"], row["message"]) for row in db["document_warnings"].rows)


def test_repeated_answer_label_keeps_both_answers(tmp_path):
    db = build_one(tmp_path, "vragen.txt", b"Vraag 1\nx?\nAntwoord 1\na\nAntwoord 1\nb\n")
    did = db.execute("select id from documents").fetchone()[0]
    answers = [(r["id"], r["text"]) for r in db["answers"].rows_where(order_by="rowid")]
    assert answers == [(f"{did}-a1", "a"), (f"{did}-a1-2", "b")]
    assert [r["answer_id"] for r in db["questions"].rows] == [f"{did}-a1"]
    assert warnings_of(db) == [
        ("duplicate_label", "printed label 'a1' repeats; stored under distinct ids")
    ]


def test_three_bare_answers_are_three_rows(tmp_path):
    db = build_one(tmp_path, "vragen.txt", b"Vraag 1\nx?\nAntwoord\na\nAntwoord\nb\nAntwoord\nc\n")
    assert [r["text"] for r in db["answers"].rows_where(order_by="rowid")] == ["a", "b", "c"]
    assert [kind for kind, _ in warnings_of(db)] == ["duplicate_label"]


def test_vso_printing_one_pair_number_twice_loses_nothing(tmp_path):
    text = VSO.read_text(encoding="utf-8").replace(
        "\n2. Antwoord van het kabinet", "\n1. Antwoord van het kabinet", 1
    )
    db = build_one(tmp_path, "vso.txt", text.encode("utf-8"))
    assert (db["questions"].count, db["answers"].count) == (35, 35)
    did = db.execute("select id from documents").fetchone()[0]
    first_two = list(db.query(
        "select questions.id, questions.text, answers.id as answer_id, answers.text as answer "
        "from questions join answers on answers.id = questions.answer_id "
        "order by questions.rowid limit 2"
    ))
    assert [(r["id"], r["answer_id"]) for r in first_two] == [
        (f"{did}-q1", f"{did}-a1"), (f"{did}-q1-2", f"{did}-a1-2"),
    ]
    assert first_two[1]["text"].startswith("De leden van de VVD-fractie lezen dat er wordt ingezet")
    assert first_two[1]["answer"].startswith("In de periode 2016-2020 heeft Nederland")
    assert warnings_of(db) == [
        ("duplicate_label", "printed label 'a1' repeats; stored under distinct ids"),
        ("duplicate_label", "printed label 'q1' repeats; stored under distinct ids"),
    ]
    # a rebuild of the same file gives the same rows
    again = build(db, [tmp_path / "input"], jobs=1, force=True)
    assert again.failed == [] and (db["questions"].count, db["answers"].count) == (35, 35)


def test_question_number_beyond_sqlite_integers_is_stored_as_printed(tmp_path):
    db = build_one(
        tmp_path, "vragen.txt", b"Vraag 99999999999999999999\nx?\nAntwoord 99999999999999999999\na\n"
    )
    row = next(db["questions"].rows)
    assert (row["label"], row["number"]) == ("99999999999999999999", None)
    assert row["id"].endswith("-q99999999999999999999")


# --- hand-made PDFs: a text page, a damaged stream, a decompression bomb ---------------

# How the build words the damage of the hand-made damaged PDF, with either engine
# (parsers.pdf_damage); pdfminer's own warning is kept as a "reader" row beside it.
WRONG_CHECKSUM = "object 5: stream does not decompress (Error -3 while decompressing data: incorrect data check)"
PDFMINER_DATA_LOSS = "pdfminer.pdftypes: Data-loss while decompressing corrupted data"


@pytest.mark.parametrize("pdf_engine", ENGINES)
def test_damaged_pdf_is_stored_marked_with_its_reader_warning(tmp_path, pdf_engine):
    stream = zlib.compress(text_page(KAMERVRAGEN_LINES))
    damaged = stream[:-4] + bytes(b ^ 0xFF for b in stream[-4:])  # a wrong checksum
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "damaged.pdf").write_bytes(make_pdf(damaged))
    (folder / "whole.pdf").write_bytes(make_pdf(stream).replace(b"wolven", b"vossen"))
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    result = build(db, [folder], jobs=1, pdf_engine=pdf_engine)
    assert result.failed == [] and result.stored == 2
    assert result.warnings == [
        (str(folder / "damaged.pdf"), f"damaged, stored incomplete and marked damaged: {WRONG_CHECKSUM}")
    ]
    rows = {Path(r["source_file"]).name: r for r in db["documents"].rows}
    assert rows["damaged.pdf"]["damaged"] == WRONG_CHECKSUM
    assert rows["whole.pdf"]["damaged"] is None
    # the text before the broken checksum is stored
    assert [q["text"] for q in db["questions"].rows_where("document_id = ?", [rows["damaged.pdf"]["id"]])] == [
        "Wat vindt u van het bericht over de wolven op de Veluwe?"
    ]
    expected = [(str(folder / "damaged.pdf"), "damaged", WRONG_CHECKSUM, 1)]
    if pdf_engine == "pdfplumber":
        expected.append((str(folder / "damaged.pdf"), "reader", PDFMINER_DATA_LOSS, 1))
    assert [(r["source_file"], r["kind"], r["message"], r["count"]) for r in db["document_warnings"].rows] == expected


@pytest.mark.parametrize("pdf_engine", ENGINES)
def test_cli_names_the_damaged_file_and_pdfminer_says_nothing_unnamed(tmp_path, pdf_engine):
    stream = zlib.compress(text_page(KAMERVRAGEN_LINES))
    path = tmp_path / "damaged.pdf"
    path.write_bytes(make_pdf(stream[:-4] + b"\0\0\0\0"))
    process = subprocess.run(
        [sys.executable, "-m", "kamerqa.ingest.cli", "build", str(path), "--db", str(tmp_path / "k.db"), "-q",
         "--pdf-engine", pdf_engine],
        capture_output=True, text=True, timeout=300,
    )
    assert process.returncode == 0, process.stderr
    assert process.stderr.splitlines() == [
        f"warning: {path}: damaged, stored incomplete and marked damaged: {WRONG_CHECKSUM}"
    ]


def test_decompression_bomb_is_refused_within_the_budget(tmp_path):
    bomb = make_pdf(zlib.compress(zlib_of_spaces(1024), 9), b"/Filter [/FlateDecode /FlateDecode]")
    assert len(bomb) < 4096  # 3 KB whose stream decompresses to 1 GiB
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "bomb.pdf").write_bytes(bomb)
    (folder / "whole.pdf").write_bytes(make_pdf(zlib.compress(text_page(KAMERVRAGEN_LINES))))
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = build(db, [folder], jobs=1, budget=Budget(memory_mib=256, seconds=120))
    assert result.stored == 1
    assert result.failed == [
        (str(folder / "bomb.pdf"),
         "over the memory budget of 256 MiB: parsing it needs more memory than allowed (--memory-limit)")
    ]
    # the worker never held the gigabyte (ru_maxrss is in KiB; the worker starts as a copy
    # of this process, so its peak is what this process had plus what the parse added)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert peak == before or peak < own + 300 * 1024


def test_a_pdf_that_kills_its_worker_is_read_again_by_pdfminer(tmp_path, monkeypatch):
    # PDFium aborts the process where pdfminer raises; the file gets a second reading by
    # pdfminer in a new worker. Other files, and a PDF that kills pdfminer's worker too,
    # are reported with the signal.
    import kamerqa.ingest.pipeline as pipeline

    real_parse = pipeline.parse_safely

    def parse(path, pdf_engine=None):  # runs in the workers
        if path.stem.startswith("aborts") and (pdf_engine != "pdfplumber" or path.stem == "aborts-always"):
            os.abort()
        return real_parse(path, pdf_engine)

    monkeypatch.setattr(pipeline, "parse_safely", parse)
    pdf = make_pdf(zlib.compress(text_page(KAMERVRAGEN_LINES)))
    (tmp_path / "aborts.pdf").write_bytes(pdf)
    (tmp_path / "aborts-always.pdf").write_bytes(pdf.replace(b"wolven", b"vossen"))
    (tmp_path / "aborts.txt").write_text("Vraag 1\nx?\n", encoding="utf-8")
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    result = build(db, [tmp_path], jobs=2, budget=Budget(memory_mib=512, seconds=120))
    # aborts.pdf got through: only a reading with pdfplumber does not abort
    assert result.stored == 1
    assert [Path(row["source_file"]).name for row in db["documents"].rows] == ["aborts.pdf"]
    assert sorted(result.failed) == [
        (str(tmp_path / name), "the parsing process was killed by SIGABRT (out of memory? the budget is 512 MiB)")
        for name in ("aborts-always.pdf", "aborts.txt")
    ]


def test_parse_over_the_time_budget_is_stopped_and_named(tmp_path, monkeypatch):
    import kamerqa.ingest.pipeline as pipeline

    slow = tmp_path / "slow.txt"
    slow.write_text("Vraag 1\nx?\n", encoding="utf-8")
    real_parse = pipeline.parse_safely

    def parse(path):
        if path.name == "slow.txt":
            time.sleep(3600)
        return real_parse(path)

    monkeypatch.setattr(pipeline, "parse_safely", parse)
    shutil.copy(VSO, tmp_path / "vso.txt")
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    result = build(db, [slow, tmp_path / "vso.txt"], jobs=2, budget=Budget(seconds=2))
    assert result.stored == 1
    assert result.failed == [(str(slow), "over the time budget: parsing took longer than 2 s (--time-limit)")]


def test_same_files_under_two_spellings_are_one(tmp_path, monkeypatch):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    assert build(db, ["corpus"], jobs=1).stored == 5
    again = build(db, [str(tmp_path / "corpus")], jobs=1)
    assert (again.stored, again.alternates, again.unchanged) == (0, 0, 5)
    path = tmp_path / "corpus" / "antwoord-kamervragen-wps-veldkamp-2025-06-04.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Vraag 5", "Vraag 6"), encoding="utf-8")
    changed = build(db, ["./corpus/../corpus"], jobs=1)
    assert (changed.stored, changed.unchanged) == (1, 4)
    assert db["documents"].count == 5 and db["questions"].count == 40
    assert {r["status"] for r in db["document_sources"].rows} == {"stored"}
    assert db["document_sources"].count == 5


def test_rows_of_relative_paths_from_older_builds_are_respelled(tmp_path, monkeypatch):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    build(db, ["corpus"], jobs=1)
    for table in ("documents", "document_sources"):  # as builds before resolved paths wrote them
        db.execute(f"update [{table}] set source_file = replace(source_file, ?, '')", [f"{tmp_path}/"])
    db.conn.commit()
    again = build(db, [str(tmp_path / "corpus")], jobs=1)
    assert (again.stored, again.alternates, again.unchanged) == (0, 0, 5)
    assert all(r["source_file"].startswith(str(tmp_path)) for r in db["documents"].rows)


def bad_file_reason(tmp_path, name: str, data: bytes | None = None, link: str | None = None, mode=None):
    folder = tmp_path / "input"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if link is not None:
        path.symlink_to(link)
    else:
        path.write_bytes(data)
    if mode is not None:
        path.chmod(mode)
    shutil.copy(VSO, folder / "vso.txt")
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    result = build(db, [folder], jobs=1)
    assert result.stored == 1
    assert [Path(p).name for p, _ in result.failed] == [name]
    assert db["ingest_errors"].count == 1
    return result.failed[0][1]


def test_huge_header_number_gives_a_plain_reason(tmp_path):
    reason = bad_file_reason(tmp_path, "huge.txt", b"Vraag " + b"9" * 5000 + b"\nx?\nAntwoord\na\n")
    assert "internal parser error" not in reason
    assert reason in (
        "a number in the text has more than 4,300 digits; not a document layout kamerqa reads",
    )


def test_utf16_text_is_read(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    for encoding in ("utf-16", "utf-16-le"):
        (folder / f"{encoding}.txt").write_bytes(
            "Vraag 1\nWat vindt u van de coördinatie?\nAntwoord 1\nGoed.\n".encode(encoding)
        )
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    result = build(db, [folder], jobs=1)
    assert result.failed == []
    assert [r["text"] for r in db["questions"].rows] == ["Wat vindt u van de coördinatie?"] * 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_says_permission_denied(tmp_path):
    assert bad_file_reason(tmp_path, "secret.txt", b"Vraag 1\nx?\n", mode=0) == (
        "permission denied: cannot read the file"
    )


def test_unreadable_file_reason_from_permission_error(tmp_path):
    from kamerqa.ingest.workers import read_error

    error = PermissionError(13, "Permission denied", str(tmp_path / "secret.txt"))
    assert read_error(error, tmp_path / "secret.txt") == "permission denied: cannot read the file"


def test_dangling_link_in_a_folder_gets_a_line(tmp_path):
    assert bad_file_reason(tmp_path, "gone.pdf", link="nowhere.pdf") == (
        "dangling symbolic link: its target nowhere.pdf does not exist"
    )


def test_symlink_loop_in_a_folder_gets_a_line(tmp_path):
    assert bad_file_reason(tmp_path, "loop.txt", link="loop.txt") == (
        "symbolic link loop: the link never reaches a file"
    )
