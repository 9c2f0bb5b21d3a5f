"""Several files that carry one document: the best format is stored, the rest recorded."""

from __future__ import annotations

import shutil

import sqlite_utils

from kamerqa.db.schema import ensure_shape
from kamerqa.db.writes import store_document
from kamerqa.ingest.pipeline import build
from kamerqa.parsers.model import Answer, ParsedDocument, Question

from .conftest import CORPUS


def parsed(source_file: str, answer_text: str) -> ParsedDocument:
    return ParsedDocument(
        id="ah-tk-20202021-3235",
        kind="kamervragen",
        source_file=source_file,
        sha256="0" * 64,
        questions=[Question(number=1, label="1", text="Is dit zo?", answer_key="a1")],
        answers=[Answer(label="1", numbers=[1], text=answer_text)],
    )


def test_official_xml_wins_over_pdf_in_either_order(tmp_path):
    pdf, xml = tmp_path / "doc.pdf", tmp_path / "doc.xml"
    pdf.write_bytes(b"%PDF")
    xml.write_bytes(b"<x/>")
    for order in ((pdf, xml), (xml, pdf)):
        db = sqlite_utils.Database(memory=True)
        ensure_shape(db)
        statuses = [
            store_document(db, parsed(str(path), f"antwoord uit {path.suffix}"))
            for path in order
        ]
        assert [row["text"] for row in db["answers"].rows] == ["antwoord uit .xml"]
        assert db["documents"].get("ah-tk-20202021-3235")["source_file"] == str(xml)
        sources = {row["source_file"]: row["status"] for row in db["document_sources"].rows}
        assert sources == {str(xml): "stored", str(pdf): "alternate"}
        assert statuses == (["stored", "stored"] if order[0] == pdf else ["stored", "alternate"])


def test_two_copies_of_one_document_rebuild_stably(tmp_path):
    name = "kst-26150-190-brief-nap1325-iv-2020-12-16.txt"
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(CORPUS / name, tmp_path / folder / name)
        shutil.copy(CORPUS / (name + ".meta.json"), tmp_path / folder / (name + ".meta.json"))
    db = sqlite_utils.Database(tmp_path / "k.db")
    first = build(db, [tmp_path], jobs=1)
    assert (first.files, first.stored, first.alternates, first.failed) == (2, 1, 1, [])
    assert db["documents"].get("kst-26150-190")["source_file"] == str(tmp_path / "a" / name)
    again = build(db, [tmp_path], jobs=1)
    assert (again.stored, again.unchanged) == (0, 2)
    statuses = sorted(row["status"] for row in db["document_sources"].rows)
    assert statuses == ["alternate", "stored"]
