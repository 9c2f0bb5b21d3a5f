"""The published site without a browser: kamerqa's Datasette plugin, metadata and saved
queries through Datasette's own test client, and safety through a real ``kamerqa serve``."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import sqlite_utils
from datasette.app import Datasette

import kamerqa.ingest.site
from kamerqa.db.search import DOSSIER_SAVED_QUERY_SQL
from kamerqa.db.similar import ASKED_BEFORE_SQL, compute_similar_questions, similar
from kamerqa.db.writes import store_document
from kamerqa.ingest.cli import metadata_for
from kamerqa.ingest.resources import datasette_metadata
from kamerqa.ingest.site import render
from kamerqa.parsers.model import Answer, ParsedDocument, Question

from .conftest import REAL, parsed_file, requires_shared, serving

REPO = Path(__file__).resolve().parent.parent
KST = "kst-26150-190"
NAP = "sha256:cecc3f6136e7068f"  # the verslag van een schriftelijk overleg, 19 February 2021
LATER = "synthetic-later-1"


def db_file(db: sqlite_utils.Database) -> Path:
    return Path(db.conn.execute("pragma database_list").fetchone()[2])


class Site:
    """A Datasette instance with kamerqa's plugin, driven from synchronous tests."""

    def __init__(self, path: Path):
        kamerqa.ingest.site.register()
        self.name = path.stem
        self.loop = asyncio.new_event_loop()
        self.datasette = Datasette(
            [], immutables=[str(path)], metadata=metadata_for(str(path))
        )
        self.loop.run_until_complete(self.datasette.invoke_startup())

    def get(self, path: str):
        return self.loop.run_until_complete(self.datasette.client.get(path))

    def json(self, path: str):
        response = self.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        return response.json()

    def close(self):
        self.loop.close()


@pytest.fixture(scope="module")
def site(corpus_db):
    site = Site(db_file(corpus_db))
    yield site
    site.close()


def add_later_document(path: Path) -> None:
    """A later set of Kamervragen into the database at ``path``: q1 asks the verslag's q2
    again word for word, q2 paraphrases its q13 (from tests/data/similar_eval.json), q3 says
    "opmerking", a word the corpus only has as "opmerkingen"; then similar_questions."""
    nap_q2 = sqlite_utils.Database(path).execute(
        "select text from questions where id = ?", [f"{NAP}-q2"]
    ).fetchone()[0]
    texts = [
        nap_q2,
        eval_paraphrase(f"{NAP}-q13"),
        "Wat doet u met de opmerking van de Raad van State over het actieplan?",
    ]
    document = ParsedDocument(
        id=LATER, kind="kamervragen", title="Vragen over het actieplan vrouwen, vrede en veiligheid",
        source_file=f"/synthetic/{LATER}.txt", sha256=LATER, date="2024-05-01",
        questions=[
            Question(number=n, label=str(n), text=text, answer_key=f"a{n}", party="SP")
            for n, text in enumerate(texts, start=1)
        ],
        answers=[Answer(label=str(n), numbers=[n], text=f"Antwoord op vraag {n}.") for n in (1, 2, 3)],
    )
    db = sqlite_utils.Database(path)
    store_document(db, document)
    compute_similar_questions(db)
    db.conn.close()


def eval_paraphrase(question_id: str) -> str:
    """The evaluation query that paraphrases this stored question."""
    data = json.loads((REPO / "tests" / "data" / "similar_eval.json").read_text(encoding="utf-8"))
    [query] = [p["query"] for p in data["positives"] if p["expected"] == [question_id]]
    return query


@pytest.fixture(scope="module")
def later_db(corpus_db, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("later") / "kamerqa.db"
    shutil.copy(db_file(corpus_db), path)
    add_later_document(path)
    return path


@pytest.fixture(scope="module")
def later_site(later_db):
    site = Site(later_db)
    yield site
    site.close()


def ids_by_kind(db: sqlite_utils.Database) -> dict[str, str]:
    return {row["kind"]: row["id"] for row in db.query("select id, kind from documents")}


def block(html: str, anchor: str) -> str:
    """The HTML of the question/answer article with this id."""
    match = re.search(r'<article class="kq-block[^"]*" id="%s">(.*?)</article>' % re.escape(anchor), html, re.S)
    assert match, f"no block #{anchor}"
    return match.group(1)


# --- pure helpers -----------------------------------------------------------------------


def test_paragraphs_are_kept_and_text_is_escaped():
    html = render.linked_paragraphs("Eerste <b>alinea</b>.\n\nTweede\nregel.\n\n\n\nDerde.")
    assert [str(p) for p in html] == [
        "Eerste &lt;b&gt;alinea&lt;/b&gt;.",
        "Tweede\nregel.",
        "Derde.",
    ]


def test_citations_become_links_where_printed_and_urls_too():
    links = [
        render.Link("Kamerstuk 26 150, nr. 190", "/doc/kst-26150-190", "kst-26150-190", True),
        render.Link("nr. 190", "https://example.org/other", "x"),  # overlaps: not nested
        render.Link("Kamerstuk 1, nr. 2", None, "kst-1-2"),  # no link target: plain text
    ]
    [paragraph] = render.linked_paragraphs(
        "Zie Kamerstuk 26 150, nr. 190 en Kamerstuk 1, nr. 2; https://www.tweedekamer.nl/x?a=1&b=2.",
        links,
    )
    assert str(paragraph) == (
        'Zie <a class="cite internal" href="/doc/kst-26150-190" title="kst-26150-190">'
        "Kamerstuk 26 150, nr. 190</a> en Kamerstuk 1, nr. 2; "
        '<a class="cite external" href="https://www.tweedekamer.nl/x?a=1&amp;b=2" title="">'
        "https://www.tweedekamer.nl/x?a=1&amp;b=2</a>."
    )


def test_reading_order_shows_grouped_blocks_once():
    questions = [
        {"id": "d-q1", "number": 1, "label": "1", "text": "Een?", "answer_id": "d-a1"},
        {"id": "d-q2", "number": 2, "label": "2", "text": "Twee?", "answer_id": "d-a2"},
        {"id": "d-q3", "number": 3, "label": "3", "text": "Drie?", "answer_id": "d-a2"},
        {"id": "d-q4", "number": 4, "label": "4 en 5", "text": "Vier?", "answer_id": "d-a4"},
        {"id": "d-q5", "number": 5, "label": "4 en 5", "text": "Vier?", "answer_id": "d-a4"},
        {"id": "d-q6", "number": 6, "label": "6", "text": "Zes?", "answer_id": "d-a1"},
        {"id": "d-q7", "number": 7, "label": "7", "text": "Zeven?", "answer_id": None},
    ]
    answers = [
        {"id": "d-a1", "label": "1", "text": "A1"},
        {"id": "d-a2", "label": "2 en 3", "text": "A2"},
        {"id": "d-a4", "label": "4 en 5", "text": "A4"},
        {"id": "d-a9", "label": "9", "text": "los"},
    ]
    order = [(b.type, b.anchor or b.answer_anchor, b.extra_anchors)
             for b in render.reading_order("d", questions, answers)]
    assert order == [
        ("question", "q1", []), ("answer", "a1", []),
        ("question", "q2", []), ("question", "q3", []), ("answer", "a2", []),
        ("question", "q4", ["q5"]), ("answer", "a4", []),
        ("question", "q6", []), ("see_answer", "a1", []),
        ("question", "q7", []), ("no_answer", None, []),
        ("answer", "a9", []),
    ]


def test_doc_path_keeps_sha256_ids_readable():
    assert render.doc_path("sha256:91c628e438914cea", "q3") == "/doc/sha256:91c628e438914cea#q3"
    assert render.doc_path("kst-35570-X-80") == "/doc/kst-35570-X-80"
    assert render.doc_path("a b/c") == "/doc/a%20b%2Fc"
    assert render.dutch_date("2020-12-16") == "16 december 2020"
    assert render.dutch_date("2020") == "2020"


# --- document pages ---------------------------------------------------------------------


def test_every_document_has_a_reading_page(site, corpus_db):
    for (document_id,) in corpus_db.execute("select id from documents"):
        for path in (render.doc_path(document_id), "/doc/" + urllib.parse.quote(document_id, safe="")):
            response = site.get(path)
            assert response.status_code == 200, (path, response.text[:300])
            assert f"<code>{document_id}</code>" in response.text
    assert site.get("/doc/sha256:0000000000000000").status_code == 404


def test_schriftelijk_overleg_reads_in_order_with_parties_and_links(site, corpus_db):
    vso = ids_by_kind(corpus_db)["schriftelijk_overleg"]
    html = site.get(render.doc_path(vso)).text
    positions = [html.index(f'id="{anchor}"') for anchor in ("body", "q1", "a1", "q2", "a2", "q35", "a35", "fn1")]
    assert positions == sorted(positions)
    assert '<span class="kq-tag kq-party">PvdA</span>' in block(html, "q29")
    # The cited letter is in the database: its page here, inline where it is printed.
    assert '<a class="cite internal" href="/doc/kst-26150-190" title="kst-26150-190">Kamerstuk 26 150, nr. 190</a>' in html
    # Not in the database: the official page.
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-28345-236.html"' in block(html, "a5")
    # Footnote markers link to the footnotes, and the footnotes back to their answer.
    assert 'href="#fn2"' in block(html, "a5") and 'href="#fn3"' in block(html, "a5")
    assert re.search(r'<li id="fn2" value="2">.*?href="#a5"', html, re.S)
    # Paragraphs stay paragraphs.
    assert block(html, "a5").count("<p>") == 3


def test_kamervragen_show_grouped_answer_once_after_its_questions(site, corpus_db):
    kv = ids_by_kind(corpus_db)["kamervragen"]
    assert kv.startswith("sha256:")
    html = site.get(render.doc_path(kv)).text
    assert html.count(">Antwoord 4 en 5<") == 1
    assert html.index('id="q4"') < html.index('id="q5"') < html.index('id="a4"')
    assert block(html, "a4").count("<p>") == 5
    assert "Answered by</dt><dd>Minister Veldkamp</dd>" in html
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-26150-223.html"' in html


def test_letter_page_links_official_source_and_cited_by(site, corpus_db):
    html = site.get(render.doc_path(KST)).text
    assert 'class="kq-official" href="https://zoek.officielebekendmakingen.nl/kst-26150-190.html"' in html
    vso = ids_by_kind(corpus_db)["schriftelijk_overleg"]
    cited_by = html[html.index('id="cited-by"'):]
    assert f'href="{render.doc_path(vso, "body")}"' in cited_by
    assert "Dossier 26150 in order" in html


def test_questions_link_to_the_questions_they_repeat(later_site, later_db):
    db = sqlite_utils.Database(later_db)
    assert db.execute(
        "select question_id, similar_question_id, score from similar_questions order by 1"
    ).fetchall() == [(f"{LATER}-q1", f"{NAP}-q2", 100.0), (f"{LATER}-q2", f"{NAP}-q13", 88.4)]
    db.conn.close()
    html = later_site.get(render.doc_path(LATER)).text
    q1 = block(html, "q1")
    assert "Asked before:" in q1
    assert f'<li><a href="{render.doc_path(NAP, "q2")}">Vraag 2</a>' in q1
    assert ">score 100</span>" in q1
    assert "19 februari 2021 · VVD · in Verslag van een schriftelijk overleg over het vierde" in q1
    q2 = block(html, "q2")
    assert f'<li><a href="{render.doc_path(NAP, "q13")}">Vraag 13</a>' in q2 and ">score 88.4</span>" in q2
    assert "Asked before" not in block(html, "q3")
    # links point back in time only: the earlier verslag shows none
    assert "Asked before" not in later_site.get(render.doc_path(NAP)).text


def theme_labels(html: str) -> list[str]:
    return re.findall(r'<a class="kq-theme" href="[^"]*"(?: title="[^"]*")?>([^<]+)</a>', html)


def test_questions_show_their_themes(site, corpus_db, later_site):
    expected: dict[str, list[str]] = {}
    for question_id, name in corpus_db.execute(
        "select question_themes.question_id, themes.name from question_themes "
        "join themes on themes.id = question_themes.theme_id "
        "join questions on questions.id = question_themes.question_id "
        "where questions.document_id = ? order by themes.name", [NAP],
    ):
        expected.setdefault(render.anchor_for(question_id, NAP), []).append(name)
    assert expected["q12"] == ["Defensie", "Werk"] and "q9" not in expected
    html = site.get(render.doc_path(NAP)).text
    for number in range(1, 36):
        assert theme_labels(block(html, f"q{number}")) == expected.get(f"q{number}", []), number
    assert "Themes:" not in block(html, "q9")
    q12 = block(html, "q12")
    assert (f'<a class="kq-theme" href="/{site.name}/themed_questions?theme=Defensie" '
            'title="Matched: krijgsmacht, ministerie van defensie, defensie, marine">Defensie</a>') in q12
    # the label leads to the questions of that theme
    rows = site.json(f"/{site.name}/themed_questions.json?_shape=array&_size=max&theme=Openbare+orde+en+veiligheid")
    assert f"{NAP}-q13" in {r["question_id"] for r in rows}
    assert theme_labels(block(later_site.get(render.doc_path(LATER)).text, "q2")) == [
        "Defensie", "Openbare orde en veiligheid", "Werk",
    ]


def test_table_pages_link_to_reading_pages(site, corpus_db):
    name = site.name
    row = site.get(f"/{name}/documents/{KST}").text
    assert 'href="/doc/kst-26150-190"' in row
    vso = ids_by_kind(corpus_db)["schriftelijk_overleg"]
    table = site.get(f"/{name}/documents").text
    assert f'href="{render.doc_path(vso)}"' in table
    qa = site.get(f"/{name}/qa?party=PvdA").text
    assert f'href="{render.doc_path(vso, "q29")}"' in qa


# --- search -----------------------------------------------------------------------------


def test_search_finds_question_and_answer(site, corpus_db):
    vso = ids_by_kind(corpus_db)["schriftelijk_overleg"]
    html = site.get("/search?q=Istanbul+Conventie").text
    assert f'href="{render.doc_path(vso, "a4")}">Antwoord 4<' in html
    assert f'href="{render.doc_path(vso, "q4")}">Vraag 4<' in html
    assert "<mark>Istanbul</mark>" in html


def test_search_covers_documents_and_citations(site):
    html = site.get("/search?q=kenmerk").text
    assert 'id="references"' in html and 'href="/doc/kst-26150-190"' in html
    html = site.get("/search?q=Voortgangsrapportage").text
    assert 'id="documents"' in html


def test_search_finds_other_forms_of_a_word(later_site, later_db):
    """Questions and answers are matched through kamerqa_fts_query: a word as typed or as
    its lemma, so "opmerkingen" finds a question that only says "opmerking"."""
    db = sqlite_utils.Database(later_db)
    only_singular = "text like '%opmerking%' and text not like '%opmerkingen%'"
    assert db.execute(f"select id from questions where {only_singular}").fetchall() == [(f"{LATER}-q3",)]
    assert db.execute(f"select id from answers where {only_singular}").fetchall() == []
    db.conn.close()
    html = later_site.get("/search?q=opmerkingen").text
    assert f'href="{render.doc_path(LATER, "q3")}">Vraag 3<' in html
    assert "Wat doet u met de <mark>opmerking</mark> van de Raad van State over het actieplan?" in html
    # the form as typed is found as before
    assert f'href="{render.doc_path(NAP, "q1")}">Vraag 1<' in html
    assert "volgende vragen en <mark>opmerkingen</mark>." in html


def test_quoted_phrase_matches_exactly_as_printed(later_site, site):
    q3 = f'href="{render.doc_path(LATER, "q3")}">Vraag 3<'
    quoted = "/search?q=" + urllib.parse.quote('"opmerking van de Raad"')
    assert q3 in later_site.get(quoted).text
    assert q3 in later_site.get("/search?q=" + urllib.parse.quote("opmerkingen van de Raad")).text
    html = later_site.get("/search?q=" + urllib.parse.quote('"opmerkingen van de Raad"')).text
    assert q3 not in html and "Nothing found for" in html
    # on the corpus: the phrase as printed finds the verslag's question 1, with another form
    # of a word it does not, while the same words unquoted do
    q1 = f'href="{render.doc_path(NAP, "q1")}">Vraag 1<'
    assert q1 in site.get("/search?q=" + urllib.parse.quote('"vragen en opmerkingen"')).text
    assert q1 not in site.get("/search?q=" + urllib.parse.quote('"vragen en opmerking"')).text
    assert q1 in site.get("/search?q=" + urllib.parse.quote("vragen en opmerking")).text


@pytest.mark.parametrize("query", ['"NAP-IV', "a OR", "100%_", "NEAR(", "*", "'; drop table documents; --"])
def test_search_survives_odd_input(site, query):
    response = site.get("/search?q=" + urllib.parse.quote(query))
    assert response.status_code == 200


def test_home_page_has_search_box_and_saved_queries(site):
    html = site.get("/").text
    assert 'action="/search"' in html and 'name="q"' in html
    assert "Who cites this document?" in html


# --- metadata and saved queries ---------------------------------------------------------


def test_every_visible_column_is_described(corpus_db):
    metadata = json.loads(datasette_metadata().read_text(encoding="utf-8"))
    tables = metadata["databases"]["kamerqa"]["tables"]
    visible = [t for t in corpus_db.table_names() if not t.startswith("_") and "_fts" not in t]
    for name in visible + corpus_db.view_names():
        assert tables.get(name, {}).get("description"), name
        columns = [c.name for c in (corpus_db[name].columns)]
        described = tables[name].get("columns", {})
        assert not [c for c in columns if not described.get(c)], name
    for name in ("questions", "answers", "documents"):
        assert tables[name]["fts_table"] == f"{name}_fts"
    assert tables["qa"]["facets"] == [{"array": "parties"}, "kind", "year"]
    assert {"minister", "ministry"} <= set(tables["documents"]["facets"])


def test_saved_queries_bind_their_parameters():
    metadata = json.loads(datasette_metadata().read_text(encoding="utf-8"))
    queries = metadata["databases"]["kamerqa"]["queries"]
    titles = {q["title"] for q in queries.values()}
    assert titles == {
        "Answers by party and search term", "Was this asked before?", "Who cites this document?",
        "Questions still unanswered", "A dossier in order",
    }
    for query in queries.values():
        assert not query.get("write")
        for param in query.get("params", []):
            assert f":{param}" in query["sql"]


def test_answers_by_party_and_term(site):
    name = site.name
    rows = site.json(f"/{name}/answers_by_party.json?_shape=array&party=PvdA")
    assert len(rows) == 7
    rows = site.json(f"/{name}/answers_by_party.json?_shape=array&party=vvd&term=Istanbul+Conventie"
                     "&from=2021-01-01&to=2021-12-31")
    assert [r["question_number"] for r in rows] == ["4", "5"]
    assert site.json(f"/{name}/answers_by_party.json?_shape=array&term=Istanbul&to=2020-12-31") == []


def test_asked_before_finds_the_paraphrased_question(site):
    metadata = json.loads(datasette_metadata().read_text(encoding="utf-8"))
    query = metadata["databases"]["kamerqa"]["queries"]["asked_before"]
    assert query["title"] == "Was this asked before?"
    assert query["sql"] == ASKED_BEFORE_SQL
    url = f"/{site.name}/asked_before.json?_shape=array&text="
    text = eval_paraphrase(f"{NAP}-q13")
    assert text == "Over welke barrière gaat het, Defensie en politie hebben juist veel vacatures?"
    rows = site.json(url + urllib.parse.quote(text))
    assert [(r["score"], r["date"], r["party"], r["question_number"], r["link"]) for r in rows] == [
        (88.4, "2021-02-19", "VVD", "13", f"/doc/{NAP}#q13"),
        (49.4, "2021-02-19", "VVD", "11", f"/doc/{NAP}#q11"),
    ]
    assert rows[0]["answer"].startswith("Defensie spant zich hard in om meer personeel aan te trekken")
    # before: empty or absent is no limit; a date keeps documents dated before it
    assert site.json(url + urllib.parse.quote(text) + "&before=") == rows
    assert site.json(url + urllib.parse.quote(text) + "&before=2021-02-20") == rows
    assert site.json(url + urllib.parse.quote(text) + "&before=2021-02-19") == []
    text = "Zijn de anti- en de-radicaliseringsprojecten geëvalueerd?"
    rows = site.json(url + urllib.parse.quote(text))
    assert [(r["score"], r["question_number"]) for r in rows] == [(93.8, "9")]
    assert rows[0]["answer"].startswith("Het kabinet heeft in 2015")
    assert site.json(url) == []
    assert site.json(url + urllib.parse.quote("Hoeveel wolven zijn er dit jaar op de Veluwe gesignaleerd?")) == []


def test_asked_before_ranks_as_kamerqa_similar(site, corpus_db):
    """Every paraphrase of a corpus question gets the rows of `kamerqa similar`, in order."""
    data = json.loads((REPO / "tests" / "data" / "similar_eval.json").read_text(encoding="utf-8"))
    queries = [p["query"] for p in data["positives"] if not p.get("real")]
    queries += [n["query"] for n in data["negatives"]]
    found = 0
    for text in queries:
        rows = site.json(f"/{site.name}/asked_before.json?_shape=array&text=" + urllib.parse.quote(text))
        expected = similar(corpus_db, text, top=10)
        assert [(r["link"], r["score"]) for r in rows] == [
            (f"/doc/{h['document_id']}#q{h['number']}", h["score"]) for h in expected
        ], text
        found += bool(rows)
    assert found == 25  # every one of the 13 short and 12 long paraphrases; no negative


def test_sql_functions_on_every_connection(site):
    sql = "select kamerqa_fts_query('opmerkingen \"als typed\"') as q, kamerqa_lemmas('de partijen') as l"
    rows = site.json(f"/{site.name}.json?_shape=array&sql=" + urllib.parse.quote(sql))
    assert rows == [{"q": '("opmerkingen" OR "opmerking") AND (text : "als typed")', "l": "de partij"}]


def test_plain_datasette_gets_the_sql_functions(later_db, tmp_path):
    """`datasette` run directly loads the plugin through kamerqa's entry point, and with it
    the SQL functions the saved query needs."""
    from importlib.metadata import entry_points

    if not any(e.value == "kamerqa.ingest.site" for e in entry_points(group="datasette")):
        pytest.skip("kamerqa is not installed (pip install -e .): no datasette entry point")
    text = eval_paraphrase(f"{NAP}-q13")
    completed = subprocess.run(
        [sys.executable, "-m", "datasette", str(later_db), "-m", str(REPO / "datasette-metadata.json"),
         "--get", "/kamerqa/asked_before.json?_shape=array&text=" + urllib.parse.quote(text)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
        # this checkout's plugin, whichever checkout the installed entry point names
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    rows = json.loads(completed.stdout)
    assert [(r["score"], r["link"]) for r in rows] == [
        (100.0, f"/doc/{LATER}#q2"), (88.4, f"/doc/{NAP}#q13"), (50.5, f"/doc/{NAP}#q11"),
    ]


def test_who_cites_and_dossier(site, corpus_db):
    name = site.name
    vso = ids_by_kind(corpus_db)["schriftelijk_overleg"]
    rows = site.json(f"/{name}/who_cites.json?_shape=array&id={KST}")
    assert rows[0]["link"] == render.doc_path(vso, "body")
    html = site.get(f"/{name}/who_cites?id={KST}").text
    assert f'href="{render.doc_path(vso, "body")}"' in html
    rows = site.json(f"/{name}/dossier_in_order.json?_shape=array&dossier=26150")
    assert [r["id"] for r in rows][:4] == ["kst-26150-150", KST, "kst-26150-223", "kst-26150-224"]
    assert rows[0]["link"] == "https://zoek.officielebekendmakingen.nl/kst-26150-150.html"


def test_unanswered_lists_mededeling_and_missing_answers(corpus_db, tmp_path):
    path = tmp_path / "kamerqa.db"
    shutil.copy(db_file(corpus_db), path)
    db = sqlite_utils.Database(path)
    db["documents"].insert_all([
        {"id": "ah-tk-20232024-1", "kind": "kamervragen", "title": "Mededeling",
         "date": "2024-01-02", "extra": json.dumps({"mededeling": {"text": "Later."}})},
        {"id": "ah-tk-20232024-2", "kind": "kamervragen", "title": "Zonder antwoord",
         "date": "2024-01-03", "extra": "{}"},
    ])
    db["questions"].insert({"id": "ah-tk-20232024-2-q1", "document_id": "ah-tk-20232024-2",
                            "number": 1, "label": "1", "text": "Waarom?"})
    db.conn.close()
    other = Site(path)
    try:
        rows = other.json("/kamerqa/unanswered.json?_shape=array")
        assert [(r["title"], r["mededeling"], r["without_answer"]) for r in rows] == [
            ("Zonder antwoord", None, 1), ("Mededeling", "Later.", 0),
        ]
        html = other.get("/doc/ah-tk-20232024-1").text
        assert "Mededeling: the answers are not (yet) given." in html and "Later." in html
        assert "No answer to this question" in other.get("/doc/ah-tk-20232024-2").text
    finally:
        other.close()


# --- the real `kamerqa serve`: plugin loaded, and read-only -------------------------------


@contextlib.contextmanager
def kamerqa_serve(db_path: Path):
    """``kamerqa serve`` on a free port, ready; yields the base URL (``conftest.serving``)."""
    with serving(db_path) as (base, _process):
        yield base


@pytest.fixture(scope="module")
def served_site(corpus_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / "kamerqa.db"
    shutil.copy(db_file(corpus_db), path)
    with kamerqa_serve(path) as base:
        yield base, path


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_serve_loads_the_plugin(served_site):
    base, _ = served_site
    status, body = fetch(base + "/doc/kst-26150-190")
    assert status == 200 and "Official source on zoek.officielebekendmakingen.nl" in body
    status, body = fetch(base + "/")
    assert status == 200 and 'action="/search"' in body
    plugins = json.loads(fetch(base + "/-/plugins.json")[1])
    [ours] = [p for p in plugins if "register_routes" in p["hooks"] and "render_cell" in p["hooks"]]
    assert ours["templates"] is True and "prepare_connection" in ours["hooks"]


@pytest.mark.parametrize("statement", [
    "insert into parties (id, name) values ('x', 'X')",
    "update documents set title = 'hacked'",
    "delete from questions",
    "drop table citations",
    "pragma journal_mode = delete",
])
def test_sql_page_cannot_write(served_site, statement):
    base, path = served_site
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    counts = sqlite_utils.Database(path, use_counts_table=False)
    expected = {t: counts[t].count for t in ("parties", "questions", "citations")}
    counts.conn.close()
    query = urllib.parse.urlencode({"sql": statement})
    status, body = fetch(f"{base}/kamerqa.json?{query}")
    assert status >= 400, body[:300]
    status, _ = fetch(f"{base}/kamerqa?{query}")
    assert status >= 400
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    after = sqlite_utils.Database(path)
    assert {t: after[t].count for t in expected} == expected
    assert after.execute("select count(*) from documents where title = 'hacked'").fetchone()[0] == 0
    after.conn.close()
    databases = json.loads(fetch(base + "/-/databases.json")[1])
    assert databases[0]["is_mutable"] is False
    settings = json.loads(fetch(base + "/-/settings.json")[1])
    assert settings["sql_time_limit_ms"] <= 5000 and settings["max_returned_rows"] <= 1000


# --- references as typed, filters, exports, dossiers, "asked before" for a pasted question


def hrefs(html: str, css_class: str) -> list[str]:
    """The hrefs of the links in the list with this class, in order."""
    match = re.search(r'<[ou]l class="kq-hits %s">(.*?)</[ou]l>' % re.escape(css_class), html, re.S)
    assert match, f"no list .{css_class}"
    return re.findall(r'<a [^>]*?href="([^"]+)"', match.group(1))


@pytest.mark.parametrize("typed", [
    "Kamerstuk 26150 nr. 190", "Kamerstuk 26 150, nr. 190", "26 150, nr. 190", "26150-190",
    "kst-26150-190", "Kamerstukken II 2020/21, 26 150, nr. 190",
])
def test_search_a_reference_as_typed(site, corpus_db, typed):
    vso = ids_by_kind(corpus_db)["schriftelijk_overleg"]
    html = site.get("/search?" + urllib.parse.urlencode({"q": typed})).text
    assert hrefs(html, "kq-reference-documents") == ["/doc/kst-26150-190"]
    assert hrefs(html, "kq-citing") == [
        render.doc_path(vso, "body"), render.doc_path("sha256:797eadeeb3adeb02", "fn1"),
    ]
    assert "printed as “kenmerk:26 150 nr. 190”" in html
    assert hrefs(html, "kq-dossier") == [
        "https://zoek.officielebekendmakingen.nl/kst-26150-150.html", "/doc/kst-26150-190",
        "https://zoek.officielebekendmakingen.nl/kst-26150-223.html",
        "https://zoek.officielebekendmakingen.nl/kst-26150-224.html", render.doc_path(vso),
    ]


def test_search_a_reference_not_stored_and_a_dossier(site):
    html = site.get("/search?q=" + urllib.parse.quote("Aanhangsel Handelingen 2023-2024, nr. 1121")).text
    assert hrefs(html, "kq-reference-documents") == [
        "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-1121.html"
    ]
    assert "No document in this database cites it." in html
    html = site.get("/search?q=" + urllib.parse.quote("dossier 26150")).text
    assert 'href="/dossier/26150"' in html and len(hrefs(html, "kq-dossier")) == 5
    page = site.get("/dossier/26150").text
    assert "<title>Dossier 26150 – kamerqa</title>" in page
    numbers = re.findall(r'<span class="kq-number">([^<]+)</span>', page)
    assert numbers == ["nr. 150", "nr. 190", "nr. 223", "nr. 224", "—"]


RESEARCHER = {"q": "vrouwen", "party": "PvdA", "related": "1", "theme": "Internationaal",
              "from": "2021", "to": "2021"}


def test_search_filters_are_get_parameters(site, corpus_db):
    vso = ids_by_kind(corpus_db)["schriftelijk_overleg"]
    html = site.get("/search?" + urllib.parse.urlencode(RESEARCHER)).text
    questions = html.split('<h2 id="questions">')[1]
    assert re.findall(r'href="/doc/[^"#]+#(q\d+)">Vraag', questions) == ["q34", "q30", "q29"]
    assert 'id="documents"' not in html and 'id="references"' not in html
    assert '<option value="PvdA" selected>' in html and 'name="related" value="1" checked' in html
    assert '<option value="Internationaal" selected>' in html
    # every filter narrows: a year without PvdA questions, another theme, another kind
    for change in ({"from": "2022", "to": ""}, {"theme": "Financiën"}, {"kind": "brief"}):
        narrowed = site.get("/search?" + urllib.parse.urlencode({**RESEARCHER, **change})).text
        assert "Vraag" not in re.sub(r"<form.*?</form>", "", narrowed, flags=re.S), change
    assert vso in html


def test_search_exports_with_absolute_links(site, monkeypatch):
    query = urllib.parse.urlencode(RESEARCHER)
    html = site.get("/search?" + query).text
    assert f'href="/search.csv?{query.replace("&", "&amp;")}"' in html
    rows = list(csv.DictReader(io.StringIO(site.get("/search.csv?" + query).text)))
    assert [(r["type"], r["label"], r["party"]) for r in rows] == [
        ("question", "34", "PvdA"), ("question", "30", "PvdA"), ("question", "29", "PvdA"),
        ("answer", "30", "PvdA"),
    ]
    assert rows[0]["url"] == f"http://localhost/doc/{NAP}#q34"
    monkeypatch.setenv("KAMERQA_BASE_URL", "https://kamerqa.example.org/")
    rows = site.json("/search.json?" + query)
    assert rows[0]["url"] == f"https://kamerqa.example.org/doc/{NAP}#q34"
    rows = site.json("/search.json?q=" + urllib.parse.quote("26 150, nr. 190"))
    assert [(r["type"], r["url"]) for r in rows][:3] == [
        ("document", "https://kamerqa.example.org/doc/kst-26150-190"),
        ("cited_by", f"https://kamerqa.example.org/doc/{NAP}#body"),
        ("cited_by", "https://kamerqa.example.org/doc/sha256:797eadeeb3adeb02#fn1"),
    ]
    response = site.get("/search.csv?q=vrouwen&from=20x1")
    assert response.status_code == 400 and "“20x1” is no year" in response.text
    assert "“20x1” is no year" in site.get("/search?q=vrouwen&from=20x1").text


def test_or_and_minus_on_the_search_page(site):
    def questions(q):
        html = site.get("/search?" + urllib.parse.urlencode({"q": q})).text
        return set(re.findall(r'href="(/doc/[^"]+#q\d+)">Vraag', html))

    istanbul, missies = questions("Istanbul"), questions("missies")
    assert istanbul and missies and questions("Istanbul OR missies") == istanbul | missies
    assert questions("vrouwen -Istanbul") == questions("vrouwen") - istanbul


def test_asked_page_takes_a_pasted_question(later_site):
    text = eval_paraphrase(f"{NAP}-q13")
    html = later_site.get("/asked?" + urllib.parse.urlencode({"text": text})).text
    assert "<textarea" in html and text in html
    assert re.findall(r'<a class="kq-hit-title" href="([^"]+)"', html)[:2] == [
        f"/doc/{LATER}#q2", f"/doc/{NAP}#q13",
    ]
    html = later_site.get("/asked?" + urllib.parse.urlencode({"text": text, "party": "VVD"})).text
    assert re.findall(r'<a class="kq-hit-title" href="([^"]+)"', html)[0] == f"/doc/{NAP}#q13"
    assert "No stored question asks the same" in later_site.get("/asked?text=wolven+op+de+Veluwe").text


def test_saved_queries_read_printed_forms_and_hide_sql(site, corpus_db):
    name = site.name
    vso = ids_by_kind(corpus_db)["schriftelijk_overleg"]
    for typed in ("Kamerstuk 26 150, nr. 190", "26150-190", KST):
        rows = site.json(f"/{name}/who_cites.json?_shape=array&" + urllib.parse.urlencode({"id": typed}))
        assert [(r["link"], r["printed_as"]) for r in rows] == [
            (render.doc_path(vso, "body"), "Kamerstuk 26 150, nr. 190"),
            (render.doc_path("sha256:797eadeeb3adeb02", "fn1"), "kenmerk:26 150 nr. 190"),
        ]
    for typed in ("26 150", "dossier 26150", "26150"):
        rows = site.json(f"/{name}/dossier_in_order.json?_shape=array&" + urllib.parse.urlencode({"dossier": typed}))
        assert [r["number"] for r in rows] == ["150", "190", "223", "224", None]
        assert rows[-1]["link"] == f"/doc/{vso}"
    metadata = json.loads(datasette_metadata().read_text(encoding="utf-8"))
    queries = metadata["databases"]["kamerqa"]["queries"]
    assert queries["dossier_in_order"]["sql"] == DOSSIER_SAVED_QUERY_SQL
    assert all(q.get("hide_sql") for q in queries.values())
    html = site.get(f"/{name}/who_cites?id={KST}").text
    assert "<title>Who cites this document? – kamerqa</title>" in html
    assert "select" not in html.split("<title>")[1].split("</title>")[0]
    rows = site.json(f"/{name}/answers_by_party.json?_shape=array&party=GroenLinks-PvdA&with_predecessors=yes")
    assert len(rows) == 7 + 3  # PvdA's and GroenLinks' questions of the verslag
    assert site.json(f"/{name}/answers_by_party.json?_shape=array&party=GroenLinks-PvdA") == []


def test_themed_questions_link_to_reading_pages(site, corpus_db):
    html = site.get(f"/{site.name}/themed_questions?theme=Internationaal&parties__arraycontains=PvdA").text
    assert f'href="{render.doc_path(NAP, "q29")}"' in html
    assert '4 rows where parties contains "PvdA" and theme = "Internationaal"' in html.replace("&#34;", '"')


def test_vso_sections_head_their_questions_and_pointers_link_answers(site, corpus_db, tmp_path):
    path = tmp_path / "kamerqa.db"
    shutil.copy(db_file(corpus_db), path)
    document = ParsedDocument(
        id="synthetic-vso-1", kind="schriftelijk_overleg", title="Verslag", date="2024-05-01",
        source_file="/synthetic/vso.txt", sha256="synthetic-vso-1",
        questions=[
            Question(number=1, label="1", text="Hoe staat het met de vredesmissies?", answer_key="a1",
                     party="D66", section="Inbreng van de leden van de D66-fractie"),
            Question(number=2, label="2", text="Wat kost de missie?", answer_key="a2",
                     party="D66", section="Inbreng van de leden van de D66-fractie"),
            Question(number=3, label="3", text="Hoe staat het met de missie in Irak?", answer_key="a3",
                     party="SP", section="Inbreng van de leden van de SP-fractie"),
        ],
        answers=[
            Answer(label="1", numbers=[1], text="Goed."),
            Answer(label="2", numbers=[2], text="Tien miljoen."),
            Answer(label="3", numbers=[3], text="Zie beantwoording vraag 1."),
        ],
    )
    db = sqlite_utils.Database(path)
    store_document(db, document)
    db.conn.close()
    other = Site(path)
    try:
        html = other.get("/doc/synthetic-vso-1").text
    finally:
        other.close()
    headings = re.findall(r'<h3 class="kq-section" id="([^"]+)">([^<]+)</h3>', html)
    assert headings == [
        ("section-q1", "Inbreng van de leden van de D66-fractie"),
        ("section-q3", "Inbreng van de leden van de SP-fractie"),
    ]
    assert html.index("section-q3") < html.index('id="q3"') and html.index('id="a2"') < html.index("section-q3")
    assert '<a class="cite internal" href="#a1" title="Antwoord op vraag 1">Zie beantwoording vraag 1</a>' in block(html, "a3")


def test_answer_pointers():
    links = render.answer_pointer_links(
        "Zie beantwoording vraag 20. Zie ook het antwoord op vraag 3; zie vraag 4.",
        lambda n: f"#a{n}" if n != 3 else None,
    )
    assert [(l.raw, l.href) for l in links] == [("Zie beantwoording vraag 20", "#a20")]


def test_see_answer_20_links_to_answer_20_in_the_verslag(site):
    html = site.get(render.doc_path(NAP)).text
    assert '<a class="cite internal" href="#a20" title="Antwoord op vraag 20">Zie beantwoording vraag 20</a>' in block(html, "a29")
    assert '<a class="cite internal" href="#a10" title="Antwoord op vraag 10">antwoord op vraag 10</a>' in html


@requires_shared
def test_real_vso_grouped_per_fractie_reads_by_section(corpus_db, tmp_path):
    """kst-29338-289, the real verslag grouped per fractie: each "Inbreng van de leden van de
    …-fractie" heads its questions on the page, and the party filter finds them."""
    import copy

    pdf = REAL / "vso-tk-word" / "1848-notificatie-met-undefined-unicodes.pdf"
    if not pdf.is_file():
        pytest.skip(f"real VSO not present: {pdf}")
    document = copy.deepcopy(parsed_file(pdf))
    path = tmp_path / "kamerqa.db"
    shutil.copy(db_file(corpus_db), path)
    db = sqlite_utils.Database(path)
    store_document(db, document)
    db.conn.close()
    sections = list(dict.fromkeys(q.section for q in document.questions))
    assert sections[:3] == [
        "Inbreng van de leden van de GroenLinks-PvdA-fractie",
        "Inbreng van de leden van de NSC-fractie",
        "Inbreng van de leden van de D66-fractie",
    ]
    other = Site(path)
    try:
        html = other.get("/doc/kst-29338-289").text
        nsc = other.get("/search?q=onderzoek&party=NSC").text
    finally:
        other.close()
    headings = re.findall(r'<h3 class="kq-section" id="[^"]+">([^<]+)</h3>', html)
    assert headings == sections
    assert "Inbreng van de leden" not in html.split('<section class="kq-exchange">')[0].split("</h1>")[1]
    nsc_questions = {q.number for q in document.questions if q.party == "NSC"}
    found = {int(n) for n in re.findall(r'href="/doc/kst-29338-289#q(\d+)">Vraag', nsc.split('<h2 id="questions">')[-1])}
    assert found and found <= nsc_questions


def test_saved_query_exports_have_absolute_links_with_a_base_url(site, monkeypatch):
    name = site.name
    rows = site.json(f"/{name}/who_cites.json?_shape=array&id={KST}")
    assert rows[0]["link"] == f"/doc/{NAP}#body"  # no address known: the site path
    monkeypatch.setenv("KAMERQA_BASE_URL", "https://kamerqa.example.org")
    text = site.get(f"/{name}/who_cites.csv?id={KST}").text
    assert [row["link"] for row in csv.DictReader(io.StringIO(text))] == [
        f"https://kamerqa.example.org/doc/{NAP}#body",
        "https://kamerqa.example.org/doc/sha256:797eadeeb3adeb02#fn1",
    ]
    html = site.get(f"/{name}/who_cites?id={KST}").text
    assert f'<a href="/doc/{NAP}#body" title="https://kamerqa.example.org/doc/{NAP}#body">read</a>' in html
