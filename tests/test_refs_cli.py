"""``kamerqa refs``: references in a text, in a stored document, and who cites a document."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kamerqa.ingest.cli import cli


def db_file(corpus_db) -> str:
    return corpus_db.conn.execute("pragma database_list").fetchone()[2]


def test_refs_in_text_prints_ids_and_urls():
    result = CliRunner().invoke(
        cli, ["refs", "Zie Kamerstuk 26 150,\nnr. 190 en Aanhangsel Handelingen II 2020/21, nr. 1234."]
    )
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.stdout.strip().splitlines()]
    assert [line[:3] for line in lines] == [
        ["kst-26150-190", "kamerstuk", "https://zoek.officielebekendmakingen.nl/kst-26150-190.html"],
        ["ah-tk-20202021-1234", "aanhangsel", "https://zoek.officielebekendmakingen.nl/ah-tk-20202021-1234.html"],
    ]
    assert lines[0][3] == "Kamerstuk 26 150, nr. 190"


def test_refs_in_text_as_json_lists_every_number():
    result = CliRunner().invoke(cli, ["refs", "--json", "Kamerstukken 26 150 en 36 180 nr. 223 en 224"])
    assert result.exit_code == 0
    assert [row["target"] for row in json.loads(result.stdout)] == ["kst-26150-223", "kst-26150-224"]


def test_refs_without_references_says_so():
    result = CliRunner().invoke(cli, ["refs", "Geachte Voorzitter, op 16 december 2020 ontving u nr. 5."])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no references found" in result.stderr


def test_refs_of_a_document_and_cited_by(corpus_db):
    db = db_file(corpus_db)
    vso = corpus_db.execute("select id from documents where kind = 'schriftelijk_overleg'").fetchone()[0]
    result = CliRunner().invoke(cli, ["refs", "--document", vso, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    letter = [row for row in rows if row["target"] == "kst-26150-190"]
    assert letter and letter[0]["target_document_id"] == "kst-26150-190"
    assert {row["document_id"] for row in rows} == {vso}

    result = CliRunner().invoke(cli, ["refs", "--cited-by", "kst-26150-190", "--db", db, "--json"])
    assert result.exit_code == 0
    citing = {row["citing_document_id"] for row in json.loads(result.stdout)}
    assert vso in citing
    assert "kst-26150-190" not in citing


def test_refs_errors_are_clear(tmp_path, corpus_db):
    runner = CliRunner()
    result = runner.invoke(cli, ["refs"])
    assert result.exit_code == 2 and "give either TEXT, --document ID or --cited-by ID" in result.output
    result = runner.invoke(cli, ["refs", "--document", "kst-1-1", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "does not exist" in result.stderr
    result = runner.invoke(cli, ["refs", "--document", "kst-1-1", "--db", db_file(corpus_db)])
    assert result.exit_code == 1 and "no document kst-1-1" in result.stderr
