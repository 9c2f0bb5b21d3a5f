"""'Was this asked before?': similar questions, the similar_questions table, the CLI, and
the evaluation floor on tests/data/similar_eval.json."""

from __future__ import annotations

import importlib.util
import json

import pytest
import sqlite_utils
from click.testing import CliRunner

from kamerqa.db.similar import STORED_THRESHOLD, Searcher, compute_similar_questions, similar
from kamerqa.db.writes import store_document
from kamerqa.ingest.cli import cli
from .conftest import CORPUS, REAL, REPO
from .conftest import build_with_shared_parses as build
from .test_search import synthetic_doc

NAP = "sha256:cecc3f6136e7068f"
NAP_Q2 = (
    "De leden van de VVD-fractie lezen dat er wordt ingezet op het tegengaan van geweld tegen "
    "vrouwen en meisjes, in samenwerking met verschillende organisaties. Welke ondersteuning "
    "heeft Nederland geboden in de afgelopen jaren en welke resultaten zijn hiermee bereikt?"
)


def db_path(db: sqlite_utils.Database) -> str:
    return db.conn.execute("pragma database_list").fetchone()[2]


def test_exact_duplicate_scores_highest(corpus_db):
    hits = similar(corpus_db, NAP_Q2, top=3)
    assert hits[0]["question_id"] == f"{NAP}-q2"
    assert hits[0]["score"] == 100.0
    assert all(h["score"] < 100.0 for h in hits[1:])


def test_near_duplicate_scores_just_below(corpus_db):
    near = NAP_Q2.replace("afgelopen jaren", "laatste jaren").replace("geboden", "gegeven")
    hits = similar(corpus_db, near, top=3)
    assert hits[0]["question_id"] == f"{NAP}-q2"
    assert 90.0 <= hits[0]["score"] < 100.0
    assert all(h["score"] < hits[0]["score"] - 10 for h in hits[1:])


def test_results_carry_what_the_cli_prints(corpus_db):
    hit = similar(corpus_db, "Kunt u de deradicaliseringsprojecten evalueren?", top=1)[0]
    assert hit["question_id"] == f"{NAP}-q9"
    assert hit["document_id"] == NAP and hit["date"] == "2021-02-19"
    assert hit["party"] == "VVD" and hit["number"] == 9
    assert hit["answer"]


def test_unrelated_question_finds_nothing(corpus_db):
    assert similar(corpus_db, "Hoeveel wolven leven er op de Veluwe?") == []
    assert similar(corpus_db, "de het een") == []


def test_filters(corpus_db):
    text = "Welke acties onderneemt u om de WPS-resoluties uit te voeren?"
    assert similar(corpus_db, text, top=1)[0]["question_id"] == "sha256:91c628e438914cea-q5"
    assert all(h["date"] <= "2021-12-31" for h in Searcher(corpus_db).details(
        Searcher(corpus_db).similar(text, until="2021-12-31", threshold=0)
    ))
    assert all(h["date"] >= "2025-01-01" for h in similar(corpus_db, text, since="2025-01-01", threshold=0))
    assert all(h["party"] == "D66" for h in similar(corpus_db, text, party="d66", threshold=0))


@pytest.fixture
def repeat_db(tmp_path):
    """The corpus plus a later document that asks NAP q2 again and one new question."""
    db = sqlite_utils.Database(tmp_path / "repeat.db")
    build(db, [CORPUS], jobs=1)
    store_document(
        db,
        synthetic_doc(
            [NAP_Q2, "Hoeveel wolven leven er op de Veluwe en hoe vaak vallen zij schapen aan?"],
            doc_id="synthetic-repeat", date="2024-05-01",
        ),
    )
    compute_similar_questions(db)
    return db


def test_similar_questions_table(repeat_db):
    rows = repeat_db.execute(
        "select similar_question_id, score from similar_questions where question_id = ? "
        "order by score desc",
        ["synthetic-repeat-q1"],
    ).fetchall()
    assert rows[0] == (f"{NAP}-q2", 100.0)
    assert len(rows) <= 5 and all(score >= STORED_THRESHOLD for _q, score in rows)
    # never the question's own document, and only earlier ones: the 2021 NAP question does
    # not point forward to the 2024 repeat
    assert not repeat_db.execute(
        "select 1 from similar_questions s join questions a on a.id = s.question_id "
        "join questions b on b.id = s.similar_question_id where a.document_id = b.document_id"
    ).fetchone()
    assert not repeat_db.execute(
        "select 1 from similar_questions where similar_question_id like 'synthetic-repeat%'"
    ).fetchone()
    assert not repeat_db.execute(
        "select 1 from similar_questions where question_id = 'synthetic-repeat-q2'"
    ).fetchone()
    fks = {(fk.column, fk.other_table) for fk in repeat_db["similar_questions"].foreign_keys}
    assert fks == {("question_id", "questions"), ("similar_question_id", "questions")}


def test_similar_questions_recomputed_fully(repeat_db):
    before = list(repeat_db.query("select * from similar_questions order by 1, 2"))
    repeat_db.execute(
        "insert into similar_questions values ('x', 'y', 1.0)"
    )
    compute_similar_questions(repeat_db)
    assert list(repeat_db.query("select * from similar_questions order by 1, 2")) == before


def test_no_stored_links_between_unrelated_real_questions(eval_db):
    """None of the corpus and Aanhangsel questions repeats another: no links."""
    assert eval_db["similar_questions"].count == 0


def test_build_fills_similar_questions(tmp_path):
    """A later set of Kamervragen that asks NAP q2 again gets the link at the end of the
    build; a rebuild gives the same rows."""
    later = tmp_path / "in" / "kamervragen-2024.txt"
    later.parent.mkdir()
    later.write_text(
        "Antwoord van minister Veldkamp (Buitenlandse Zaken) (ontvangen 4 juni 2024)\n\n"
        f"Vraag 1\n{NAP_Q2}\nAntwoord\nZie het verslag van 2021.\n\n"
        "Vraag 2\nHoeveel wolven leven er op de Veluwe?\nAntwoord\nDat is niet bekend.\n",
        encoding="utf-8",
    )
    db = sqlite_utils.Database(tmp_path / "b.db")
    build(db, [CORPUS, later.parent], jobs=1)
    first = list(db.query("select * from similar_questions order by 1, 2"))
    later_id = db.execute("select id from documents where source_file = ?", [str(later)]).fetchone()[0]
    assert {
        (r["question_id"], r["similar_question_id"], r["score"]) for r in first
        if r["question_id"].startswith(later_id)
    } == {(f"{later_id}-q1", f"{NAP}-q2", 100.0)}
    # links only point back in time: nothing points to the 2024 document
    assert not any(r["similar_question_id"].startswith(later_id) for r in first)
    build(db, [CORPUS, later.parent], jobs=1, force=True)
    assert list(db.query("select * from similar_questions order by 1, 2")) == first


def test_cli_similar(corpus_db):
    result = CliRunner().invoke(
        cli, ["similar", NAP_Q2, "--top", "2", "--json", "--db", db_path(corpus_db)]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["question_id"] == f"{NAP}-q2" and rows[0]["score"] == 100.0
    assert len(rows) <= 2
    result = CliRunner().invoke(cli, ["similar", NAP_Q2, "--top", "1", "--db", db_path(corpus_db)])
    assert result.exit_code == 0
    assert "100.0" in result.output and "vraag 2" in result.output and "A: In de periode" in result.output
    result = CliRunner().invoke(
        cli, ["similar", "Hoeveel wolven leven er op de Veluwe?", "--db", db_path(corpus_db)]
    )
    assert result.exit_code == 0
    assert "no similar questions" in result.output


def _eval_module():
    spec = importlib.util.spec_from_file_location("similar_eval", REPO / "bench" / "similar_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def eval_db(tmp_path_factory):
    # the same database as bench/similar_eval.py builds, from the session's shared parses
    db = sqlite_utils.Database(tmp_path_factory.mktemp("eval") / "eval.db")
    build(db, _eval_module().eval_sources())
    return db


# Floors a little under the numbers measured at THRESHOLD with the query scorer (README):
# with the real PDFs 62 positives (39 short, 23 long pasted paragraphs; P@1 and R@5 1.0 for
# both, negatives rejected 1.0), without them 25 (13 short, 12 long; the same), where one
# query more or less moves a short P@1 by 0.077 and a long one by 0.083.
def test_evaluation_floor(eval_db):
    found = _eval_module().evaluate(eval_db)
    assert found["negatives"] == 10
    assert found["negatives_rejected"] >= 0.9, found
    if found["positives"] >= 60:
        assert (found["short_positives"], found["long_positives"]) == (39, 23)
        floors = {"": 0.95, "short_": 0.92, "long_": 0.95}
    else:
        assert not REAL.is_dir(), "the real Aanhangsel PDFs are there but were not built"
        assert (found["short_positives"], found["long_positives"]) == (13, 12)
        floors = {"": 0.88, "short_": 0.84, "long_": 0.83}
    for part, floor in floors.items():
        assert found[f"{part}precision_at_1"] >= floor, (part, found)
        assert found[f"{part}recall_at_5"] >= floor, (part, found)


def test_a_long_pasted_question_is_not_punished_for_its_extra_words(corpus_db):
    """The question from issue 10: with the stored links' scorer the PvdA question about
    conflict-related violence scored 40.3, under the threshold, and "seksueel geweld" alone
    found it at 80.6. Words of the query found inside compounds ("conflict" in
    "conflictgerelateerd") and the share of the candidate the query covers count now."""
    text = "Welke maatregelen neemt het kabinet tegen seksueel geweld in conflicten?"
    hits = similar(corpus_db, text)
    assert [(h["question_id"], h["party"], h["score"]) for h in hits] == [(f"{NAP}-q34", "PvdA", 52.4)]
    before = {h["question_id"]: h["score"] for h in Searcher(corpus_db).similar(text, threshold=0)}
    assert before[f"{NAP}-q34"] < 45
    pasted = (
        "De Kamer heeft eerder gehoord dat het lastig is om vrouwen te werven.\n"
        "Over welke barrière gaat het precies? Defensie en de politie hebben juist veel vacatures."
    )
    old = Searcher(corpus_db).similar(pasted, top=1)[0]
    new = similar(corpus_db, pasted, top=1)[0]
    assert old["question_id"] == new["question_id"] == f"{NAP}-q13"
    assert (old["score"], new["score"]) == (58.5, 60.0)
