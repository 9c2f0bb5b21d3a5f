"""Dutch-aware full-text search: lemmas beside the text, phrases, Datasette and the CLI."""

from __future__ import annotations

import asyncio
import json

import pytest
import sqlite_utils
from click.testing import CliRunner

from kamerqa.db.schema import ensure_shape
from kamerqa.db.search import Filters, fts_query, party_ids, search
from kamerqa.db.writes import store_document, store_themes
from kamerqa.ingest.cli import cli
from kamerqa.parsers.lemmas import compound_stats, lemma, lemmatize
from kamerqa.parsers.model import Answer, Member, ParsedDocument, Question

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
    assert fts_query('"vrouwen en meisjes" geweld') == '(text : "vrouwen en meisjes") AND "geweld"'
    assert fts_query("   ") is None


def test_or_and_minus_are_operators():
    assert fts_query("vrouwen OR vredesmissies") == (
        '(("vrouwen" OR "vrouw") OR ("vredesmissies" OR "vredesmissie"))'
    )
    assert fts_query("krijgsmacht -Afghanistan") == '("krijgsmacht") NOT ("afghanistan")'
    assert fts_query('geweld -"seksueel geweld"') == '("geweld") NOT ((text : "seksueel geweld"))'
    assert fts_query("-Afghanistan") is None  # nothing left to look for
    assert fts_query("OR krijgsmacht") == '"krijgsmacht"'
    assert fts_query("krijgsmacht", lemmas=False) == '"krijgsmacht"'
    assert fts_query("opmerkingen OR missie", lemmas=False) == '("opmerkingen" OR "missie")'


def test_or_and_minus_on_the_corpus(corpus_db):
    def ids(query):
        return {h["question_id"] for h in search(corpus_db, query, limit=100)}

    istanbul, vredesmissies = ids("Istanbul"), ids("missies")
    assert istanbul and vredesmissies and not istanbul & vredesmissies
    assert ids("Istanbul OR missies") == istanbul | vredesmissies
    assert ids("vrouwen -Istanbul") == ids("vrouwen") - istanbul
    assert ids("vrouwen -Istanbul") and ids("vrouwen -Istanbul") != ids("vrouwen")


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


def test_filters_theme_year_kind(corpus_db):
    def ids(**filters):
        return [h["question_id"] for h in search(corpus_db, "vrouwen", limit=100, filters=Filters(**filters))]

    everything = ids()
    internationaal = ids(theme="Internationaal")
    assert internationaal and set(internationaal) < set(everything)
    assert ids(theme="internationaal") == internationaal  # by id as well as by name
    for question_id in internationaal:
        assert corpus_db.execute(
            "select 1 from question_themes where question_id = ? and theme_id = 'internationaal'",
            [question_id],
        ).fetchone()
    in_2025 = ids(year_from=2025, year_to=2025)
    assert in_2025 == [q for q in ids(kind="kamervragen")] and in_2025
    assert set(ids(year_to=2021)) == set(everything) - set(in_2025)
    assert set(ids(parties=["pvda"], theme="Internationaal", year_from=2021, year_to=2021)) == {
        "sha256:cecc3f6136e7068f-q29", "sha256:cecc3f6136e7068f-q30", "sha256:cecc3f6136e7068f-q34",
    }
    assert ids(parties=["pvda"], theme="Internationaal", year_from=2022) == []


@pytest.fixture(scope="module")
def joint_db(tmp_path_factory) -> sqlite_utils.Database:
    """A joint question by Ceder (ChristenUnie) and Dobbe (SP), as in ah-tk-20232024-2129,
    and a question by GroenLinks-PvdA."""
    db = sqlite_utils.Database(tmp_path_factory.mktemp("joint") / "joint.db")
    ensure_shape(db)
    store_themes(db)
    joint = synthetic_doc(["Wat doet u aan de humanitaire situatie in Jemen?"], "synthetic-joint-1")
    joint.questions[0].party = None
    joint.askers = [Member("Ceder", "ChristenUnie"), Member("Dobbe", "SP")]
    store_document(db, joint)
    later = synthetic_doc(["Wat doet u aan de voedselhulp in Jemen?"], "synthetic-joint-2", "2024-06-01")
    later.questions[0].party = "GroenLinks-PvdA"
    store_document(db, later)
    return db


def test_party_filter_includes_joint_questions(joint_db):
    assert [h["question_id"] for h in search(joint_db, "Jemen", party="SP")] == ["synthetic-joint-1-q1"]
    assert [h["question_id"] for h in search(joint_db, "Jemen", party="ChristenUnie")] == [
        "synthetic-joint-1-q1"
    ]
    assert search(joint_db, "Jemen", party="SP")[0]["party"] == "ChristenUnie, SP"
    assert search(joint_db, "Jemen", party="VVD") == []


def test_party_with_predecessors_and_successors(joint_db):
    assert party_ids(joint_db, "PvdA") == ["pvda"]
    assert party_ids(joint_db, "PvdA", related=True) == ["pvda", "groenlinks-pvda"]
    assert party_ids(joint_db, "GL", related=True) == ["groenlinks", "groenlinks-pvda"]
    assert party_ids(joint_db, "GroenLinks-PvdA", related=True) == [
        "groenlinks-pvda", "groenlinks", "pvda",
    ]
    assert party_ids(joint_db, "SP", related=True) == ["sp"]
    assert search(joint_db, "Jemen", party="PvdA") == []
    found = search(joint_db, "Jemen", filters=Filters(parties=party_ids(joint_db, "PvdA", True)))
    assert [h["question_id"] for h in found] == ["synthetic-joint-2-q1"]


def test_cli_search_filters_and_joint_questions(joint_db):
    path = joint_db.conn.execute("pragma database_list").fetchone()[2]
    result = CliRunner().invoke(cli, ["search", "Jemen", "--party", "SP", "--json", "--db", path])
    assert result.exit_code == 0, result.output
    assert [r["question_id"] for r in json.loads(result.output)] == ["synthetic-joint-1-q1"]
    result = CliRunner().invoke(
        cli, ["search", "Jemen", "--party", "PvdA", "--related", "--from", "2024", "--json", "--db", path]
    )
    assert [r["question_id"] for r in json.loads(result.output)] == ["synthetic-joint-2-q1"]
    result = CliRunner().invoke(
        cli, ["search", "Jemen", "--party", "PvdA", "--related", "--to", "2023", "--db", path]
    )
    assert result.exit_code == 0 and result.output.strip() == "no matches"


def test_cli_search_a_reference(corpus_db):
    path = corpus_db.conn.execute("pragma database_list").fetchone()[2]
    for typed in ("Kamerstuk 26150 nr. 190", "26 150, nr. 190", "26150-190", "kst-26150-190"):
        result = CliRunner().invoke(cli, ["search", typed, "--json", "--db", path])
        assert result.exit_code == 0, result.output
        found = json.loads(result.output)
        assert found["reference"]["targets"] == ["kst-26150-190"]
        assert [d["id"] for d in found["documents"]] == ["kst-26150-190"]
        assert [(c["document_id"], c["printed_as"]) for c in found["cited_by"]] == [
            ("sha256:cecc3f6136e7068f", "Kamerstuk 26 150, nr. 190"),
            ("sha256:797eadeeb3adeb02", "kenmerk:26 150 nr. 190"),
        ]
        assert [d["number"] for d in found["dossier"]["documents"]] == ["150", "190", "223", "224", None]
    result = CliRunner().invoke(cli, ["search", "26 150", "--db", path])
    lines = result.output.splitlines()
    assert [line.split("\t")[1] for line in lines] == ["150", "190", "223", "224", "-"]
    assert lines[-1].split("\t")[2] == "sha256:cecc3f6136e7068f"
    result = CliRunner().invoke(cli, ["search", "Kamerstuk 36000 nr. 1", "--json", "--db", path])
    found = json.loads(result.output)
    assert found["documents"] == [{
        "id": "kst-36000-1", "stored": False,
        "url": "https://zoek.officielebekendmakingen.nl/kst-36000-1.html",
    }]
    assert found["cited_by"] == [] and found["dossier"]["documents"] == []


def test_similar_party_filter_includes_joint_questions(joint_db):
    from kamerqa.db.similar import similar

    text = "Wat doet u aan de voedselhulp in Jemen?"
    assert {h["question_id"] for h in similar(joint_db, text, threshold=0)} == {
        "synthetic-joint-1-q1", "synthetic-joint-2-q1",
    }
    assert [h["question_id"] for h in similar(joint_db, text, party="SP", threshold=0)] == [
        "synthetic-joint-1-q1"
    ]
    assert similar(joint_db, text, party="PvdA", threshold=0) == []
    assert [
        h["question_id"] for h in similar(joint_db, text, party="PvdA", related=True, threshold=0)
    ] == ["synthetic-joint-2-q1"]


def test_a_case_number_finds_the_document_with_it(tmp_path):
    """A TK case number typed ("2023Z19677") finds the answer letter that carries it
    (documents.vraagnummer) and the documents that cite it."""
    from kamerqa.db.search import reference_results
    from kamerqa.parsers.citations import extract_citations, read_reference

    letter = synthetic_doc(["Wat doet u aan de droogte?"], "synthetic-letter-1", "2024-02-01")
    letter.vraagnummer = "2023Z19677"
    citing = synthetic_doc(["Zie de antwoorden op 2023Z19677: hoe staat het nu?"], "synthetic-cites-1", "2024-03-01")
    citing.citations = extract_citations(citing.questions[0].text, "question", citing.questions[0].key)
    db = sqlite_utils.Database(tmp_path / "case.db")
    ensure_shape(db)
    store_document(db, letter)
    store_document(db, citing)
    found = reference_results(db, read_reference("2023Z19677"))
    assert [(d["id"], d["stored"]) for d in found["documents"]] == [("synthetic-letter-1", True)]
    assert [(c["document_id"], c["printed_as"]) for c in found["cited_by"]] == [
        ("synthetic-cites-1", "2023Z19677")
    ]
    assert found["dossier"] is None
    assert reference_results(db, read_reference("2024Z00001"))["documents"] == []
