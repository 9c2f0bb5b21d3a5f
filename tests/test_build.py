"""The build pipeline on the embedded corpus: shape, rows, links, idempotence, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from kamerqa.db.schema import FTS, MIGRATIONS, TABLES, ensure_shape
from kamerqa.ingest.pipeline import build

from .conftest import CORPUS, FIXTURES, requires_shared

VSO_ID_PREFIX = "sha256:"


def vso_id(db):
    return db.execute(
        "select id from documents where kind = 'schriftelijk_overleg'"
    ).fetchone()[0]


def dump(db) -> dict:
    return {
        table: sorted(json.dumps(row, sort_keys=True) for row in db[table].rows)
        for table in TABLES
        if table != "ingest_errors"
    }


def test_shape_is_declared_and_idempotent():
    db = sqlite_utils.Database(memory=True)
    ensure_shape(db)
    ensure_shape(db)
    for name, spec in TABLES.items():
        assert set(db[name].columns_dict) == set(spec["columns"]), name
    assert {fk.column: fk.other_table for fk in db["questions"].foreign_keys} == {
        "document_id": "documents",
        "party_id": "parties",
        "answer_id": "answers",
    }
    assert {fk.column: fk.other_table for fk in db["citations"].foreign_keys} == {
        "document_id": "documents",
        "target_document_id": "documents",
        "dossier": "dossiers",
    }
    assert {fk.column: fk.other_table for fk in db["documents"].foreign_keys} == {
        "dossier": "dossiers",
    }
    for table in FTS:
        assert db[table].detect_fts() == f"{table}_fts"
    assert {"qa", "cited_by"} <= set(db.view_names())
    assert [row["name"] for row in db["_migrations"].rows] == [m.__name__ for m in MIGRATIONS]


def test_embedded_corpus_documents(corpus_db):
    rows = {row["id"]: row for row in corpus_db["documents"].rows}
    assert len(rows) == 5
    kinds = sorted(row["kind"] for row in rows.values())
    assert kinds == ["bijlage", "brief", "brief", "kamervragen", "schriftelijk_overleg"]
    letter = rows["kst-26150-190"]
    assert letter["kind"] == "brief"
    assert letter["date"] == "2020-12-16"
    assert letter["dossier"] == "26150"
    assert letter["number"] == "190"
    assert letter["official_url"] == "https://zoek.officielebekendmakingen.nl/kst-26150-190.html"
    assert json.loads(letter["signatories"]) and all(
        name in letter["signatories"] for name in ("Blok", "Kaag")
    )
    dates = {row["kind"]: row["date"] for row in rows.values() if row["kind"] != "brief"}
    assert dates["kamervragen"] == "2025-06-04"
    other_letter = [r for r in rows.values() if r["kind"] == "brief" and r["id"] != "kst-26150-190"]
    assert other_letter[0]["date"] == "2022-11-09"
    for row in rows.values():
        if row["id"] != "kst-26150-190":
            assert row["id"].startswith("sha256:") and len(row["id"]) == len("sha256:") + 16
    assert corpus_db["ingest_errors"].count == 0


def test_embedded_corpus_counts(corpus_db):
    assert corpus_db["questions"].count == 35 + 5
    assert corpus_db["answers"].count == 35 + 4
    vso = vso_id(corpus_db)
    assert corpus_db["footnotes"].count_where("document_id = ?", [vso]) == 7


def test_vso_parties_in_qa_view(corpus_db):
    vso = vso_id(corpus_db)
    rows = list(
        corpus_db.query(
            "select number, party, answer_label from qa where document_id = ? order by number",
            [vso],
        )
    )
    assert [row["number"] for row in rows] == list(range(1, 36))
    expected = ["VVD"] * 18 + ["D66"] * 7 + ["GroenLinks"] * 3 + ["PvdA"] * 7
    assert [row["party"] for row in rows] == expected
    assert [row["answer_label"] for row in rows] == [str(n) for n in range(1, 36)]
    assert corpus_db.execute("select count(*) from qa where party = 'PvdA'").fetchone()[0] == 7


def test_shared_answer_gives_two_qa_rows(corpus_db):
    rows = list(
        corpus_db.query(
            "select qa.number, qa.answer_label, qa.answer from qa join documents "
            "on documents.id = qa.document_id where documents.kind = 'kamervragen' "
            "order by qa.number"
        )
    )
    assert [row["number"] for row in rows] == [1, 2, 3, 4, 5]
    assert rows[3]["answer_label"] == rows[4]["answer_label"] == "4 en 5"
    assert rows[3]["answer"] == rows[4]["answer"]
    assert rows[0]["answer"] == "Ja."


def test_vso_citation_resolves_to_letter(corpus_db):
    vso = vso_id(corpus_db)
    rows = list(
        corpus_db.query(
            "select context, raw, target, target_document_id, url from citations "
            "where document_id = ? and target = 'kst-26150-190'",
            [vso],
        )
    )
    assert rows, "the VSO cites kst-26150-190"
    assert rows[0]["context"] == "body"
    assert rows[0]["target_document_id"] == "kst-26150-190"
    assert rows[0]["url"] == "https://zoek.officielebekendmakingen.nl/kst-26150-190.html"


def test_seed_citations_normalised(corpus_db):
    targets = {row[0] for row in corpus_db.execute("select target from citations")}
    for expected in (
        "kst-26150-190",
        "kst-35570-X-80",
        "kst-26150-150",
        "kst-26150-223",
        "kst-26150-224",
    ):
        assert expected in targets, expected


def test_build_in_either_order_gives_same_links(tmp_path):
    letter = CORPUS / "kst-26150-190-brief-nap1325-iv-2020-12-16.txt"
    vso = CORPUS / "vso-nap1325-iv-2021.txt"
    links = []
    for order in ([letter, vso], [vso, letter]):
        db = sqlite_utils.Database(tmp_path / f"order-{len(links)}.db")
        for path in order:
            build(db, [path], jobs=1)
        links.append(
            sorted(
                (row["document_id"].split(":")[0], row["target"], row["target_document_id"])
                for row in db["citations"].rows
                if row["target_document_id"]
            )
        )
    assert links[0] == links[1]
    assert ("sha256", "kst-26150-190", "kst-26150-190") in links[0]


def test_rebuild_is_idempotent(tmp_path):
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    first = build(db, [CORPUS], jobs=1)
    before = dump(db)
    second = build(db, [CORPUS], jobs=1)
    assert (first.stored, second.stored, second.unchanged) == (5, 0, 5)
    assert dump(db) == before
    forced = build(db, [CORPUS], jobs=2, force=True)
    assert forced.stored == 5
    assert dump(db) == before


def test_changed_file_replaces_its_rows(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    build(db, [corpus], jobs=1)
    path = corpus / "antwoord-kamervragen-wps-veldkamp-2025-06-04.txt"
    old_id = db.execute("select id from documents where kind = 'kamervragen'").fetchone()[0]
    text = path.read_text(encoding="utf-8")
    cut = text.index("Vraag 4")
    path.write_text(text[:cut], encoding="utf-8")
    result = build(db, [corpus], jobs=1)
    assert result.stored == 1 and result.unchanged == 4
    new_id = db.execute("select id from documents where kind = 'kamervragen'").fetchone()[0]
    assert new_id != old_id
    assert db["documents"].count == 5
    for table in ("questions", "answers", "footnotes", "citations"):
        assert db[table].count_where("document_id = ?", [old_id]) == 0, table
    assert [r["number"] for r in db["questions"].rows_where("document_id = ?", [new_id])] == [1, 2, 3]


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "not-a-zip.docx": (b"Dit is geen Word-bestand", "not a valid .docx file (not a zip archive)"),
    "no-document.docx": (
        _zip_bytes({"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<styles/>"}),
        "the .docx has no word/document.xml",
    ),
    "not-really.pdf": (b"<html>Dit is geen PDF</html>", "not a PDF file"),
    "latin1.txt": ("Vraag 1\nWat vindt u van de coördinatie?\n".encode("latin-1"), "not UTF-8"),
}


@pytest.mark.parametrize(
    "name,expected",
    [(name, reason) for name, (_, reason) in BAD_INPUTS.items()]
    + [
        ("encrypted-with-user-password.pdf", "encrypted PDF"),
        ("scanned-image-only-no-text-layer.pdf", "no text layer (scanned document)"),
    ],
)
def test_bad_input_is_reported_and_the_rest_is_stored(tmp_path, name, expected):
    folder = tmp_path / "input"
    folder.mkdir()
    if name in BAD_INPUTS:
        (folder / name).write_bytes(BAD_INPUTS[name][0])
    else:
        shutil.copy(FIXTURES / name, folder / name)
    shutil.copy(CORPUS / "kst-26150-190-brief-nap1325-iv-2020-12-16.txt", folder)
    shutil.copy(CORPUS / "kst-26150-190-brief-nap1325-iv-2020-12-16.txt.meta.json", folder)
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    result = build(db, [folder], jobs=1)
    assert result.stored == 1
    assert [path.split("/")[-1] for path, _ in result.failed] == [name]
    assert expected in result.failed[0][1]
    errors = list(db["ingest_errors"].rows)
    assert len(errors) == 1
    assert errors[0]["source_file"].endswith(name)
    assert expected in errors[0]["error"]
    assert [row["id"] for row in db["documents"].rows] == ["kst-26150-190"]


def test_error_row_goes_when_file_is_fixed(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_bytes(b"")
    db = sqlite_utils.Database(tmp_path / "kamerqa.db")
    build(db, [path], jobs=1)
    assert db["ingest_errors"].count == 1
    shutil.copy(CORPUS / "kst-26150-190-brief-nap1325-iv-2020-12-16.txt", path)
    build(db, [path], jobs=1)
    assert db["ingest_errors"].count == 0
    assert db["documents"].count == 1


@requires_shared
def test_real_corpus_builds_without_crashing(real_build):
    db, result = real_build.db, real_build.result
    # every .pdf there (23), the three documents in official XML and the three Word answer
    # letters; metadata records are not documents, the .html/.odt renditions and SOURCES.md,
    # SHA256SUMS are skipped and counted
    assert result.files == 29
    assert result.skipped == {".html": 2, ".odt": 2, ".md": 1, "(none)": 1}
    # a PDF with an XML of the same document beside it is kept as an alternate source
    stored_files = {row["source_file"] for row in db["document_sources"].rows}
    assert {row["source_file"] for row in db["documents"].rows} <= stored_files
    failed_files = {row["source_file"] for row in db["ingest_errors"].rows}
    assert len(stored_files) + len(failed_files) == result.files
    assert not any("internal parser error" in row["error"] for row in db["ingest_errors"].rows)
    assert (result.stored, result.alternates, len(result.failed)) == (26, 2, 1)
    kinds = {
        Path(row["source_file"]).suffix: row["kind"]
        for row in db.query("select source_file, kind from documents where source_file like '%.docx' or source_file like '%/h-tk-%'")
    }
    assert kinds == {".docx": "kamervragen", ".xml": "handelingen"}
    alternates = sorted(
        Path(row["source_file"]).name
        for row in db["document_sources"].rows_where("status = 'alternate'")
    )
    assert alternates == ["ah-tk-20202021-3235.pdf", "kst-32545-143.pdf"]
    scanned = [row for row in db["ingest_errors"].rows if row["source_file"].endswith("blg-1007826.pdf")]
    assert scanned and "no text layer (scanned document)" in scanned[0]["error"]
