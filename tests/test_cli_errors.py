"""Bad input on the command line: a clear one-line error (or a stated empty result), never a
traceback, and nothing created or changed by a command that refuses (issue 14, items 1-4)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamerqa.ingest.cli import cli
from kamerqa.parsers.documents import SUPPORTED_SUFFIXES


def db_file(db) -> str:
    return db.conn.execute("pragma database_list").fetchone()[2]


def run(args: list[str]):
    result = CliRunner().invoke(cli, args)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def notes(tmp_path) -> str:
    path = tmp_path / "notes.txt"
    path.write_text("x\n")
    return str(path)


COMMANDS_ON_A_DATABASE = [
    ["search", "vrouwen"],
    ["similar", "Hoeveel vrouwen werken bij Defensie?"],
    ["refs", "--document", "x"],
    ["refs", "--cited-by", "kst-26150-190"],
]


@pytest.mark.parametrize("args", COMMANDS_ON_A_DATABASE, ids=lambda a: " ".join(a[:2]))
def test_a_file_that_is_not_a_database_is_named(args, notes):
    result = run(args + ["--db", notes])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: cannot use database {notes}: file is not a database"


@pytest.mark.parametrize("args", COMMANDS_ON_A_DATABASE, ids=lambda a: " ".join(a[:2]))
def test_a_database_without_kamerqa_tables_is_named(args, tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    result = run(args + ["--db", str(empty)])
    assert result.exit_code == 1
    assert f"cannot use database {empty}: it has no kamerqa tables" in result.stderr


def test_serve_refuses_a_file_that_is_not_a_database_before_starting(notes):
    # a real process: were the check missing, Datasette would start and this would time out
    completed = subprocess.run(
        [sys.executable, "-m", "kamerqa.ingest.cli", "serve", "--db", notes, "--port", "0"],
        capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 1
    assert completed.stderr.strip() == f"Error: cannot use database {notes}: file is not a database"


def test_serve_says_at_once_that_the_port_is_taken(corpus_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        completed = subprocess.run(
            [sys.executable, "-m", "kamerqa.ingest.cli", "serve", "--db", db_file(corpus_db),
             "--port", str(port)],
            capture_output=True, text=True, timeout=120,
        )
    assert completed.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize("content", [None, "table.csv"])
def test_build_with_nothing_to_build_refuses_before_creating_anything(tmp_path, content):
    folder = tmp_path / "input"
    folder.mkdir()
    if content:
        (folder / content).write_text("a,b\n1,2\n")
    db = tmp_path / "k.db"
    result = run(["build", str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 1
    assert f"no {', '.join(SUPPORTED_SUFFIXES[:-1])} or {SUPPORTED_SUFFIXES[-1]} files found in {folder}" in result.stderr
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in result.stderr
    assert not db.exists()
    assert list(tmp_path.iterdir()) == [folder]


def test_similar_without_words_is_refused(corpus_db):
    for text in ("", "   ", "?!"):
        result = run(["similar", text, "--db", db_file(corpus_db)])
        assert result.exit_code == 2, text
        assert "give the text of a question" in result.stderr


def test_similar_since_must_be_a_date(corpus_db):
    result = run(["similar", "vrouwen en vrede", "--since", "gisteren", "--db", db_file(corpus_db)])
    assert result.exit_code == 2
    assert "'gisteren' is not a date; write it as YYYY-MM-DD" in result.stderr
    result = run(["similar", "vrouwen en vrede", "--since", "2021-02-30", "--db", db_file(corpus_db)])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["search", "similar"])
def test_an_unknown_party_is_refused_with_the_known_ones(corpus_db, command):
    result = run([command, "vrouwen", "--party", "XYZ", "--db", db_file(corpus_db)])
    assert result.exit_code == 2
    assert "no party 'XYZ' in this database; known: " in result.stderr
    assert "VVD" in result.stderr and "PvdA" in result.stderr
    # a known party by any spelling still works
    result = run([command, "vrouwen", "--party", "vvd", "--db", db_file(corpus_db)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("query", ['"', '""', "*", "  "])
def test_a_search_without_words_is_refused(corpus_db, query):
    result = run(["search", query, "--db", db_file(corpus_db)])
    assert result.exit_code == 2
    assert "nothing to search for" in result.stderr


def test_refs_document_and_cited_by_treat_unknown_ids_alike(corpus_db):
    db = db_file(corpus_db)
    for args in (["--document", "nope"], ["--cited-by", "nope"]):
        result = run(["refs", *args, "--db", db])
        assert result.exit_code == 1, args
        assert "nope" in result.stderr
    # an id a reference can have, cited by nobody: a stated empty result
    result = run(["refs", "--cited-by", "kst-36999-1", "--db", db])
    assert result.exit_code == 0
    assert result.stdout == "" and "no stored document cites kst-36999-1" in result.stderr
    # a stored document is known even when nothing cites it
    result = run(["refs", "--cited-by", "kst-26150-190", "--db", db])
    assert result.exit_code == 0 and result.stdout


@pytest.mark.parametrize(
    "command, expected",
    [
        (["search", "opmerkingen"], "[opmerkingen]"),
        (["similar", "Welke maatregelen neemt het kabinet tegen seksueel geweld in conflicten?"],
         "sha256:cecc3f6136e7068f"),
    ],
)
def test_search_and_similar_do_not_load_spacy(corpus_db, command, expected):
    """The query's words are split and lemmatised from the compact lemma tables (made
    once per machine), not by loading spaCy, which takes seconds (issue 14, item 4)."""
    from kamerqa.parsers.lemmas import _tables

    _tables()  # the cache exists from here on, as after any build
    code = (
        "import sys, json\n"
        "from kamerqa.ingest.cli import main\n"
        "try:\n"
        "    main(json.loads(sys.argv[2]) + ['--db', sys.argv[1]])\n"
        "except SystemExit as end:\n"
        "    assert end.code == 0, end.code\n"
        "print('spacy loaded' if 'spacy' in sys.modules else 'no spacy')\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, db_file(corpus_db), json.dumps(command)],
        capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[-1] == "no spacy"
    assert any(expected in line for line in lines[:-1])


def test_query_words_split_as_the_index_does():
    """``query_words`` (no spaCy) against spaCy's ``words`` on every word of the embedded
    corpus: the same lemmas for all but abbreviations' full stops and the like."""
    from collections import Counter

    from kamerqa.parsers.lemmas import lemma, query_words, words

    from .conftest import CORPUS

    chunks = Counter(c for path in CORPUS.glob("*.txt") for c in path.read_text(encoding="utf-8").split())
    differ = sum(
        n for chunk, n in chunks.items()
        if [lemma(w) for w in words(chunk)] != [lemma(w) for w in query_words(chunk)]
    )
    assert sum(chunks.values()) > 20_000
    assert differ / sum(chunks.values()) < 0.005, differ  # measured: 89 of 20,403
    assert query_words('"programma’s" (re)organisatie o.a. nr. NAP-IV,') == [
        "programma", "’s", "re", "organisatie", "o.a.", "nr", "NAP-IV",
    ]
