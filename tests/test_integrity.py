"""Nothing lost and nothing wrong without a word: repeated labels, path spellings, damaged
and hostile files, errors that name their cause (issue 13)."""

from __future__ import annotations

import shutil

import sqlite_utils

from kamerqa.ingest.pipeline import build

from .conftest import CORPUS

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
