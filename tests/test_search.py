"""Dutch-aware full-text search: lemmas beside the text, phrases, Datasette and the CLI."""

from __future__ import annotations

import asyncio
import json

import pytest
import sqlite_utils
from click.testing import CliRunner

from kamerqa.db.schema import ensure_shape
from kamerqa.db.search import fts_query, search
from kamerqa.db.writes import store_document, store_themes
from kamerqa.ingest.cli import cli
from kamerqa.parsers.lemmas import compound_stats, lemma, lemmatize
from kamerqa.parsers.model import Answer, ParsedDocument, Question

from .conftest import CORPUS

# (query as a user types it, a word form only the stored text has). Each text below holds
# the second form and not the first, so only lemma matching can find it.
PAIRS = [
    ("opmerkingen", "opmerking"),
    ("vrouwenorganisaties", "vrouwenorganisatie"),
    ("missies", "missie"),
    ("woningen", "woning"),
    ("gemeente", "gemeenten"),
    ("partij", "partijen"),
    ("leden", "lid"),
    ("besproken", "bespreken"),
    ("slachtoffer", "slachtoffers"),
    ("vredesmissie", "vredesmissies"),
    ("organisatie", "organisaties"),
    ("asielzoeker", "asielzoekers"),
]


def synthetic_doc(texts: list[str], doc_id: str = "synthetic-test-1", date="2024-01-01") -> ParsedDocument:
    questions = [
        Question(number=n, label=str(n), text=text, answer_key=f"a{n}", party="SP")
        for n, text in enumerate(texts, start=1)
    ]
    answers = [
        Answer(label=str(n), numbers=[n], text=f"Antwoord op vraag {n}.")
        for n in range(1, len(texts) + 1)
    ]
    return ParsedDocument(
        id=doc_id, kind="kamervragen", source_file=f"/synthetic/{doc_id}.txt",
        sha256=doc_id, date=date, questions=questions, answers=answers,
    )


@pytest.fixture(scope="module")
def pairs_db(tmp_path_factory) -> sqlite_utils.Database:
    db = sqlite_utils.Database(tmp_path_factory.mktemp("search") / "pairs.db")
    ensure_shape(db)
    store_themes(db)
    texts = [f"Wat is de stand van zaken rond de {stored} in deze kwestie?" for _q, stored in PAIRS]
    texts.append("Hoeveel inwoners van Curaçao wonen in Nederland?")
    store_document(db, synthetic_doc(texts))
    return db


def test_lemmas_of_inflections_and_compounds():
    assert lemma("opmerkingen") == "opmerking"
    assert lemma("vrouwenorganisaties") == "vrouwenorganisatie"  # via the tail "organisaties"
    assert lemma("leden") == "lid"
    assert lemma("het") == "het"  # a function word is never sent through the verb tables
    assert lemmatize("De missies van de krijgsmacht") == "de missie van de krijgsmacht"


def test_compounds_are_measured():
    stats = compound_stats(["veiligheidsprocessen en migrantengemeenschappen", "de opmerkingen"])
    assert stats["tokens"] == 5
    assert stats["compound"] == 2  # the tables know neither compound; their tails they do
    assert lemma("veiligheidsprocessen") == "veiligheidsproces"


def test_recall_on_inflection_pairs(pairs_db):
    found = [
        any(f" {stored} " in row["question"] for row in search(pairs_db, query))
        for query, stored in PAIRS
    ]
    assert sum(found) / len(found) == 1.0, [p for p, ok in zip(PAIRS, found) if not ok]


def test_surface_only_search_misses_those_pairs(pairs_db):
    """Without the lemma column the same queries find (almost) nothing: the recall above
    comes from lemmatisation."""
    hits = 0
    for query, _stored in PAIRS:
        hits += bool(
            pairs_db.execute(
                "select 1 from questions_fts where questions_fts match ?",
                ["text : " + json.dumps(query)],
            ).fetchone()
        )
    assert hits == 0


def test_diacritics_are_folded(pairs_db):
    assert [r["number"] for r in search(pairs_db, "Curacao")] == [len(PAIRS) + 1]
    assert [r["number"] for r in search(pairs_db, "Curaçao")] == [len(PAIRS) + 1]


def test_query_asks_for_both_forms():
    assert fts_query("opmerkingen") == '("opmerkingen" OR "opmerking")'
    assert fts_query("krijgsmacht") == '"krijgsmacht"'
    assert fts_query('"vrouwen en meisjes" geweld') == 'text : "vrouwen en meisjes" AND "geweld"'
    assert fts_query("   ") is None


def test_exact_phrase_search(corpus_db):
    hits = search(corpus_db, '"met belangstelling kennisgenomen"')
    assert [h["question_id"] for h in hits] == ["sha256:cecc3f6136e7068f-q1"]
    # the same words in another order are no phrase match ...
    assert search(corpus_db, '"kennisgenomen met belangstelling"') == []
    # ... but do match as separate words
    assert "sha256:cecc3f6136e7068f-q1" in {
        h["question_id"] for h in search(corpus_db, "kennisgenomen met belangstelling")
    }


def test_phrase_is_exact_not_lemmatised(corpus_db):
    # q12 prints "meer vrouwen te werven"; the lemma sequence "vrouw te werven" must not
    # satisfy a phrase typed with the singular.
    assert search(corpus_db, '"meer vrouwen te werven"')
    assert search(corpus_db, '"meer vrouw te werven"') == []


def test_search_covers_answers_and_party_filter(corpus_db):
    hits = search(corpus_db, "vrouwenorganisaties")
    assert any("answer" in h["matched_in"] for h in hits)
    pvda = search(corpus_db, "vrouwenorganisaties", party="PvdA")
    assert pvda and all(h["party"] == "PvdA" for h in pvda)
    assert len(pvda) < len(hits)


def test_datasette_search_box_finds_lemma_matches(corpus_db):
    """Datasette's own search (?_search=) over questions_fts finds 'missie' in a question
    that prints 'missies' (NAP q21), because the FTS table covers text_lemmas too."""
    from datasette.app import Datasette

    async def fetch():
        ds = Datasette([str(corpus_db.conn.execute("pragma database_list").fetchone()[2])])
        name = next(iter(ds.databases.keys() - {"_internal"}))
        response = await ds.client.get(
            f"/{name}/questions.json?_search=missie&_shape=array&_col=id"
        )
        return response.status_code, response.json()

    status, rows = asyncio.run(fetch())
    assert status == 200
    assert "sha256:cecc3f6136e7068f-q21" in {row["id"] for row in rows}


def test_cli_search(corpus_db):
    path = corpus_db.conn.execute("pragma database_list").fetchone()[2]
    result = CliRunner().invoke(
        cli, ["search", "vrouwenorganisaties", "--party", "GroenLinks", "--json", "--db", path]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and {r["party"] for r in rows} == {"GroenLinks"}
    result = CliRunner().invoke(cli, ["search", "missies", "--limit", "2", "--db", path])
    assert result.exit_code == 0
    assert len(result.output.strip().splitlines()) == 2


def test_cli_search_needs_a_database(tmp_path):
    result = CliRunner().invoke(cli, ["search", "x", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert "does not exist" in result.output
