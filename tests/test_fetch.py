"""``kamerqa fetch`` and ``kamerqa sync`` against a local stand-in of both official services.

The stand-in (tests/api_mock.py) serves the recorded responses in ../shared/api-recordings and
the real documents in ../shared/corpus/real; nothing here reaches the internet.
"""

from __future__ import annotations

import datetime
import json
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from kamerqa.ingest.cli import cli
from kamerqa.ingest.fetch import Endpoints, FetchFilters, fetch
from kamerqa.ingest.fetch_http import FetchError, Http, HttpSettings, check_pdf, partial_owner
from kamerqa.ingest import fetch_koop, fetch_tk
from kamerqa.ingest.pipeline import build
from kamerqa.ingest.sync import sync

from .api_mock import RECORDINGS, MockServices, entity_like, load_entities
from .conftest import REAL

pytestmark = pytest.mark.skipif(
    not RECORDINGS.is_dir() or not REAL.is_dir(),
    reason=f"recordings or real documents not present: {RECORDINGS}, {REAL}",
)

AANHANGSEL = REAL / "aanhangsel-tk-opendata"
MEDEDELING = "01bf9f06-42d0-48a6-a85f-12c9c8e14c57"  # ah-tk-20232024-1999, one page
SOME_ANSWERS = [MEDEDELING, "00fe7edd-24c8-4857-98da-774ed3b06836", "1b26915f-b542-4707-8495-b5c21f0edfe1"]
KOOP_PAIR_PDF = REAL / "ah-tk-20202021-3235" / "ah-tk-20202021-3235.pdf"
KOOP_PAIR_TK_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "tk/ah-tk-20202021-3235"))
FAST = dict(delay=0.0, timeout=5.0, retries=3, backoff=0.001)


def recorded_answer() -> dict:
    return next(e for e in load_entities() if e["Soort"] == "Antwoord schriftelijke vragen")


def file_entity(entity_id: str, path: Path, **fields) -> dict:
    """An entity for a real file. Title, date and session year are left empty so that
    the document's own text decides them, as in a build of the bare file."""
    content_type = {".pdf": "application/pdf", ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")}[path.suffix]
    base = dict(Id=entity_id, Onderwerp=None, Titel=None, Datum=None, Vergaderjaar=None, Aanhangselnummer=None,
                ContentType=content_type, ContentLength=path.stat().st_size)
    base.update(fields)
    return entity_like(recorded_answer(), **base)


def answer_entities(ids=SOME_ANSWERS) -> tuple[list[dict], dict[str, Path]]:
    entities = [file_entity(i, AANHANGSEL / f"{i}.pdf") for i in ids]
    return entities, {i: AANHANGSEL / f"{i}.pdf" for i in ids}


def docx_entities() -> tuple[list[dict], dict[str, Path]]:
    files = sorted((REAL / "antwoord-docx").glob("*.docx"))
    ids = [str(uuid.uuid5(uuid.NAMESPACE_URL, f.name)) for f in files]
    return [file_entity(i, f) for i, f in zip(ids, files)], dict(zip(ids, files))


def http(**settings) -> Http:
    return Http(HttpSettings(**{**FAST, **settings}))


def endpoints(mock: MockServices) -> Endpoints:
    return Endpoints(koop=mock.sru_url, tk=mock.odata_url)


def mock_args(mock: MockServices) -> list[str]:
    return ["--koop-base-url", mock.sru_url, "--tk-base-url", mock.odata_url,
            "--delay", "0", "--timeout", "5", "--retries", "3", "--backoff", "0.001"]


# Listing: SRU paging, OData filters and pages --------------------------------------------


def test_sru_pages_follow_next_record_position():
    pages = {1: RECORDINGS / "koop-sru-records" / "sru.xml", 11: RECORDINGS / "koop-repository" / "sru.xml"}
    with MockServices([], {}, sru_pages=pages) as mock, http() as client:
        query = fetch_koop.build_query(FetchFilters(kinds=("kamervragen", "schriftelijk_overleg"), since="2021-01-01"))
        records = list(fetch_koop.iter_records(client, mock.sru_url, query, page_size=10))
    assert [q["startRecord"] for q in mock.queries] == [["1"], ["11"]]
    assert mock.queries[0]["query"] == [query]
    assert 'w.publicatienaam=="Kamervragen (Aanhangsel)"' in query and 'dt.date>="2021-01-01"' in query
    assert len(records) == 15
    assert [r.id for r in records[:3]] == ["blg-998035", "h-ek-20212022-2-7", "h-tk-20202021-101-5"]
    assert [r.id for r in records[10:]] == [
        "kst-32545-143", "ah-tk-20202021-3235", "blg-1007826", "blg-1025203", "kst-32545-144"]
    by_id = {r.id: r for r in records}
    assert by_id["kst-32545-143"].document_url[0] == "xml"
    assert by_id["blg-1007826"].document_url[0] == "pdf"
    assert by_id["ah-tk-20202021-3235"].modified == "2021-07-22T13:03:34.3574627+02:00"
    assert any(agent.startswith("kamerqa/") for agent in mock.user_agents)


def test_odata_filter_selects_soort_and_dutch_days_over_pages():
    entities = load_entities()
    with MockServices(entities, {}, page_size=7) as mock, http() as client:
        odata_filter = fetch_tk.build_filter(FetchFilters(("schriftelijk_overleg",), since="2025-05-01", until="2025-06-02"))
        found = list(fetch_tk.iter_entities(client, mock.odata_url, odata_filter))
    expected = [
        e for e in entities
        if e["Soort"] in ("Verslag van een schriftelijk overleg", "Inbreng verslag schriftelijk overleg")
        and "2025-05-01" <= e["Datum"][:10] <= "2025-06-02"  # the Dutch day the service dates it
    ]
    assert len(found) == len(expected) == 13
    assert {e["Id"] for e in found} == {e["Id"] for e in expected}
    assert "Datum ge 2025-05-01T00:00:00+02:00" in odata_filter
    assert "Datum lt 2025-06-03T00:00:00+02:00" in odata_filter
    assert len(mock.queries) == 2  # 13 entities in pages of 7, via @odata.nextLink
    stamps = [datetime.datetime.fromisoformat(e["GewijzigdOp"]) for e in found]
    assert stamps == sorted(stamps)  # oldest change first


def test_official_ids_from_tk_entities():
    answer = next(e for e in load_entities() if e.get("Aanhangselnummer") == "242502391")
    assert fetch_tk.official_id(answer) == "ah-tk-20242025-2391"
    vso = dict(next(e for e in load_entities() if e["Soort"] == "Verslag van een schriftelijk overleg"),
               Kamerstukdossier=[{"Nummer": 28676, "Toevoeging": None}])
    assert fetch_tk.official_id(vso) == "kst-28676-502"
    question = next(e for e in load_entities() if e["Soort"] == "Schriftelijke vragen")
    assert fetch_tk.official_id(question) is None
    sidecar = fetch_tk.sidecar_for(question, "http://x/resource")
    assert sidecar["kind"] == "kamervragen" and sidecar["date"] == "2025-05-22"
    assert sidecar["tk_documentnummer"] == "2025D23511" and "id" not in sidecar


# fetch, then build: the same documents as building the files directly ---------------------


@pytest.fixture(scope="session")
def direct_build(tmp_path_factory):
    db = sqlite_utils.Database(tmp_path_factory.mktemp("direct") / "direct.db")
    paths = [AANHANGSEL / f"{i}.pdf" for i in SOME_ANSWERS] + [
        REAL / "ah-tk-20202021-3235", REAL / "kst-32545-143", REAL / "blg-1007826", REAL / "antwoord-docx"]
    build(db, paths, jobs=1)
    return db


def snapshot(db) -> dict:
    return {
        "documents": db.execute(
            "select id, kind, title, date, dossier, number, vergaderjaar, pages, submitted, received "
            "from documents order by id").fetchall(),
        "questions": db.execute("select id, number, party_id, text from questions order by id").fetchall(),
        "answers": db.execute("select id, text from answers order by id").fetchall(),
        "citations": db.execute("select document_id, target from citations order by 1, 2").fetchall(),
        "errors": [Path(r[0]).name + ": " + r[1] for r in db.execute("select source_file, error from ingest_errors")],
    }


def test_fetch_then_build_gives_the_documents_of_a_direct_build(tmp_path, direct_build):
    entities, resources = answer_entities()
    docx, docx_files = docx_entities()
    pair = file_entity(KOOP_PAIR_TK_ID, KOOP_PAIR_PDF, Vergaderjaar="2020-2021", Aanhangselnummer="202103235")
    with MockServices(entities + docx + [pair], {**resources, **docx_files, KOOP_PAIR_TK_ID: KOOP_PAIR_PDF}) as mock:
        run = CliRunner().invoke(cli, ["fetch", "--into", str(tmp_path / "got"), "--kind", "kamervragen"] + mock_args(mock))
    # two records of the recorded SRU page are faulty: one names files the repository does not
    # have, one names the files of another publication
    assert run.exit_code == 1, run.output
    assert run.stderr.count("error: ") == 2
    assert "error: koop blg-1025203: " in run.stderr and "/blg-1025203/1/metadata/metadata.xml: HTTP 404" in run.stderr
    assert "error: koop kst-32545-144: the record names the files of kst-32545-143, not of kst-32545-144" in run.stderr
    assert "fetched: 10 downloaded, 0 already there, 0 deleted by the source, 0 without a readable file, 2 failed" in run.stdout
    got = tmp_path / "got"
    # officielebekendmakingen: XML where there is one, else the PDF; metadata.xml beside it
    assert sorted(p.relative_to(got / "koop").as_posix() for p in (got / "koop").rglob("*")) == [
        "ah-tk-20202021-3235", "ah-tk-20202021-3235/ah-tk-20202021-3235.xml",
        "ah-tk-20202021-3235/ah-tk-20202021-3235.xml.meta.json", "ah-tk-20202021-3235/metadata.xml",
        "blg-1007826", "blg-1007826/blg-1007826.pdf", "blg-1007826/blg-1007826.pdf.meta.json",
        "blg-1007826/metadata.xml",
        "kst-32545-143", "kst-32545-143/kst-32545-143.xml", "kst-32545-143/kst-32545-143.xml.meta.json",
        "kst-32545-143/metadata.xml",
    ]
    koop_sidecar = json.loads((got / "koop/kst-32545-143/kst-32545-143.xml.meta.json").read_text())
    assert koop_sidecar["id"] == "kst-32545-143" and koop_sidecar["dossier"] == "32545"
    assert koop_sidecar["source"] == "koop" and koop_sidecar["koop_modified"] == "2021-07-09T11:23:39.5363908+02:00"
    # the Tweede Kamer: PDF and Word files by ContentType, named by Document id
    tk_files = sorted(p.name for p in (got / "tk").iterdir() if not p.name.endswith(".meta.json"))
    assert tk_files == sorted([f"{i}.pdf" for i in SOME_ANSWERS + [KOOP_PAIR_TK_ID]] + [f"{i}.docx" for i in docx_files])
    for entity_id, source in {**resources, **docx_files}.items():
        assert (got / "tk" / f"{entity_id}{source.suffix}").read_bytes() == source.read_bytes()
    pair_sidecar = json.loads((got / "tk" / f"{KOOP_PAIR_TK_ID}.pdf.meta.json").read_text())
    assert pair_sidecar["id"] == "ah-tk-20202021-3235" and pair_sidecar["tk_id"] == KOOP_PAIR_TK_ID

    fetched = sqlite_utils.Database(tmp_path / "fetched.db")
    build(fetched, [got], jobs=1)
    got_rows, direct_rows = snapshot(fetched), snapshot(direct_build)
    for table in direct_rows:
        only = set(got_rows[table]) ^ set(direct_rows[table])
        assert got_rows[table] == direct_rows[table], (table, sorted(map(str, only))[:4])
    ids = [row[0] for row in got_rows["documents"]]
    assert [i for i in ids if not i.startswith("sha256:")] == sorted([
        "ah-tk-20202021-3235", "kst-32545-143", "ah-tk-20232024-1999", "ah-tk-20232024-1314", "ah-tk-20232024-1771"])
    assert len(ids) == 8  # and the three Word answer letters, which print no official id
    # in both sources, one document: the official XML stored, the Tweede Kamer's PDF an alternate
    sources = fetched.execute(
        "select source_file, status from document_sources where document_id = 'ah-tk-20202021-3235' order by 2 desc"
    ).fetchall()
    assert [(Path(f).name, s) for f, s in sources] == [
        ("ah-tk-20202021-3235.xml", "stored"), (f"{KOOP_PAIR_TK_ID}.pdf", "alternate")]
    extra = json.loads(fetched.execute("select extra from documents where id = 'ah-tk-20232024-1999'").fetchone()[0])
    assert extra["tk_id"] == MEDEDELING and extra["source"] == "tk"


# Faults, injected by the stand-in -------------------------------------------------------


def one_pdf_mock(**kwargs) -> MockServices:
    entities, resources = answer_entities([MEDEDELING])
    return MockServices(entities, resources, **kwargs)


RESOURCE = f"/odata/Document({MEDEDELING})/resource"


@pytest.mark.parametrize("fault", ["500", "truncate", "reset", "slow"])
def test_a_failed_request_is_retried(tmp_path, fault):
    with one_pdf_mock() as mock, http(timeout=0.3) as client:
        mock.fault_delay = 1.0
        mock.fault(RESOURCE, fault)
        result = fetch(tmp_path, client, ["tk"], endpoints=endpoints(mock))
    assert result.failed == [] and result.downloaded == 1
    assert mock.requests[RESOURCE] == 2
    assert (tmp_path / "tk" / f"{MEDEDELING}.pdf").read_bytes() == (AANHANGSEL / f"{MEDEDELING}.pdf").read_bytes()


def test_429_waits_as_long_as_retry_after_says(tmp_path):
    waits: list[float] = []
    with one_pdf_mock() as mock:
        mock.fault(RESOURCE, "429")
        client = Http(HttpSettings(**FAST), sleep=waits.append)
        result = fetch(tmp_path, client, ["tk"], endpoints=endpoints(mock))
        client.close()
    assert result.downloaded == 1 and mock.requests[RESOURCE] == 2
    assert waits == [1.0]  # Retry-After: 1, not the 0.001 s backoff


def test_retries_are_bounded_then_the_item_fails_and_the_run_goes_on(tmp_path):
    entities, resources = answer_entities()
    with MockServices(entities, resources) as mock:
        broken = f"/odata/Document({SOME_ANSWERS[1]})/resource"
        mock.fault(broken, *["truncate"] * 10)
        run = CliRunner().invoke(cli, ["fetch", "--source", "tk", "--into", str(tmp_path)] + mock_args(mock))
    assert run.exit_code == 1
    assert mock.requests[broken] == 4  # the first attempt and 3 retries
    assert f"error: tk {SOME_ANSWERS[1]}: " in run.stderr and "gave up after 4 attempts" in run.stderr
    assert "1 item(s) could not be fetched" in run.stderr
    assert "fetched: 2 downloaded" in run.stdout
    assert sorted(p.name for p in (tmp_path / "tk").glob("*.pdf")) == sorted(
        f"{i}.pdf" for i in (SOME_ANSWERS[0], SOME_ANSWERS[2]))
    assert not list((tmp_path / "tk").glob(".*.part"))


def test_a_body_not_of_the_announced_type_is_an_error_for_that_item(tmp_path):
    entities, resources = answer_entities()
    with MockServices(entities, resources) as mock, http() as client:
        broken = f"/odata/Document({SOME_ANSWERS[2]})/resource"
        mock.fault(broken, "garbage")
        result = fetch(tmp_path, client, ["tk"], endpoints=endpoints(mock))
    assert mock.requests[broken] == 1  # not retried: the service answered, wrongly
    assert [item for item, _ in result.failed] == [f"tk {SOME_ANSWERS[2]}"]
    assert "not a PDF (no %PDF header)" in result.failed[0][1]
    assert result.downloaded == 2
    assert not (tmp_path / "tk" / f"{SOME_ANSWERS[2]}.pdf").exists()
    assert not list((tmp_path / "tk").glob(".*.part"))


def test_invalid_xml_and_json_pages_are_reported_and_the_other_source_goes_on(tmp_path):
    with one_pdf_mock() as mock:
        mock.fault("/sru", "garbage")
        run = CliRunner().invoke(cli, ["fetch", "--into", str(tmp_path)] + mock_args(mock))
    assert run.exit_code == 1
    assert "error: koop listing: SRU response: not well-formed XML" in run.stderr
    assert (tmp_path / "tk" / f"{MEDEDELING}.pdf").exists()
    with one_pdf_mock() as mock:
        mock.fault("/odata/Document", "garbage")
        run = CliRunner().invoke(cli, ["fetch", "--into", str(tmp_path / "again")] + mock_args(mock))
    assert run.exit_code == 1
    assert "error: tk listing: " in run.stderr and "OData page: not valid JSON" in run.stderr
    assert (tmp_path / "again" / "koop" / "kst-32545-143" / "kst-32545-143.xml").exists()


def test_xml_with_entities_is_refused():
    from kamerqa.ingest.fetch_http import parse_xml

    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><x>&b;</x>'
    with pytest.raises(FetchError, match="refused unsafe XML"):
        parse_xml(bomb, "body")
    external = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    with pytest.raises(FetchError, match="refused unsafe XML"):
        parse_xml(external, "body")


def test_a_cut_off_pdf_fails_the_check(tmp_path):
    whole = (AANHANGSEL / f"{MEDEDELING}.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(FetchError, match="cut off"):
        check_pdf(cut)


# sync: incremental, deletions, state ----------------------------------------------------


def test_sync_is_incremental_and_a_deleted_entity_removes_its_document(tmp_path):
    entities, resources = answer_entities([MEDEDELING])
    db_path = tmp_path / "k.db"
    args = ["sync", "--db", str(db_path), "--source", "tk", "--into", str(tmp_path / "files"), "-j", "1"]
    with MockServices(entities, resources) as mock:
        first = CliRunner().invoke(cli, args + mock_args(mock))
        assert first.exit_code == 0, first.output
        assert "fetched: 1 downloaded" in first.stdout
        db = sqlite_utils.Database(db_path)
        assert [r[0] for r in db.execute("select id from documents")] == ["ah-tk-20232024-1999"]
        stamp = entities[0]["GewijzigdOp"]
        assert db.execute("select source, last_modified from sync_state").fetchall() == [("tk", stamp)]

        mock.queries.clear()
        second = CliRunner().invoke(cli, args + mock_args(mock))
        assert second.exit_code == 0, second.output
        assert "fetched: 0 downloaded, 1 already there" in second.stdout
        assert "0 stored" in second.stdout and "1 unchanged" in second.stdout
        filters = [q["$filter"][0] for q in mock.queries]
        assert f"GewijzigdOp ge {stamp}" in filters[0]  # only what changed since the last sync
        assert filters[1] == f"Verwijderd eq true and GewijzigdOp ge {stamp}"
        assert mock.requests[RESOURCE] == 1

        # the Tweede Kamer deletes it: the entity comes back with only Id, GewijzigdOp, Verwijderd
        deleted = next(e for e in load_entities() if e["Verwijderd"])
        mock.entities[:] = [dict(deleted, Id=MEDEDELING, GewijzigdOp="2025-10-01T09:00:00+02:00")]
        third = CliRunner().invoke(cli, args + mock_args(mock))
    assert third.exit_code == 0, third.output
    assert "1 deleted by the source" in third.stdout
    assert db.execute("select count(*) from documents").fetchone()[0] == 0
    assert db.execute("select count(*) from questions").fetchone()[0] == 0
    assert db.execute("select count(*) from document_sources").fetchone()[0] == 0
    assert not list((tmp_path / "files" / "tk").iterdir())


def test_a_failed_sync_keeps_its_state(tmp_path):
    entities, resources = answer_entities([MEDEDELING])
    db = sqlite_utils.Database(tmp_path / "k.db")
    with one_pdf_mock() as mock, http(retries=0) as client:
        mock.fault(RESOURCE, "500")
        result = sync(db, tmp_path / "files", client, ["tk"], endpoints=endpoints(mock))
        assert result.fetched.failed and db["sync_state"].count == 0
        result = sync(db, tmp_path / "files", client, ["tk"], endpoints=endpoints(mock))
    assert not result.fetched.failed and result.build.stored == 1
    assert db.execute("select last_modified from sync_state").fetchone()[0] == entities[0]["GewijzigdOp"]


# An interrupted fetch resumes -----------------------------------------------------------


def test_a_fetch_killed_halfway_resumes_without_fetching_anything_again(tmp_path):
    ids = sorted(p.stem for p in AANHANGSEL.glob("*.pdf"))
    entities, resources = answer_entities(ids)
    docx, docx_files = docx_entities()
    into = tmp_path / "got"
    with MockServices(entities + docx, {**resources, **docx_files}, slow_seconds=0.3) as mock:
        command = [sys.executable, "-m", "kamerqa.ingest.cli", "fetch", "--source", "tk",
                   "--into", str(into)] + mock_args(mock)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while len(list((into / "tk").glob("*.meta.json"))) < 4:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "the fetch did not get going"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        process.stderr.close()
        in_flight = list((into / "tk").glob(".*.part"))  # the download the kill cut short
        assert len(in_flight) <= 1 and all(partial_owner(p) == process.pid for p in in_flight)
        before = {p.name for p in (into / "tk").iterdir() if not p.name.startswith(".")}
        done = {name for name in before if not name.endswith(".meta.json")}
        assert 4 <= len(done) < len(ids) + len(docx)
        for name in done:  # nothing partial under a final name
            source = resources.get(Path(name).stem) or docx_files[Path(name).stem]
            assert (into / "tk" / name).read_bytes() == source.read_bytes()

        run = CliRunner().invoke(cli, ["fetch", "--source", "tk", "--into", str(into)] + mock_args(mock))
    assert run.exit_code == 0, run.output
    assert not list((into / "tk").glob(".*.part"))  # the killed run's temporary file went too
    finished = {name for name in done if (into / "tk" / (name + ".meta.json")).exists()}
    for name in finished:  # what was there was not fetched again
        assert mock.requests[f"/odata/Document({Path(name).stem})/resource"] == 1
    downloaded_now = len(ids) + len(docx) - len(finished)
    assert f"fetched: {downloaded_now} downloaded, {len(finished)} already there" in run.stdout
    for entity_id, source in {**resources, **docx_files}.items():
        assert (into / "tk" / f"{entity_id}{source.suffix}").read_bytes() == source.read_bytes()


def test_fetch_into_a_folder_removes_what_the_source_deleted(tmp_path):
    entities, resources = answer_entities()
    deleted = next(e for e in load_entities() if e["Verwijderd"])
    with MockServices(entities, resources) as mock, http() as client:
        first = fetch(tmp_path, client, ["tk"], endpoints=endpoints(mock))
        assert first.downloaded == 3 and first.deleted == []
        mock.entities[2] = dict(deleted, Id=SOME_ANSWERS[2], GewijzigdOp="2025-10-01T09:00:00+02:00")
        mock.queries.clear()
        second = fetch(tmp_path, client, ["tk"], endpoints=endpoints(mock))
    assert second.present == 2 and second.downloaded == 0
    assert second.deleted == [tmp_path / "tk" / f"{SOME_ANSWERS[2]}.pdf"]
    # deletions since the oldest change among the downloaded documents
    assert mock.queries[-1]["$filter"] == [f"Verwijderd eq true and GewijzigdOp ge {entities[0]['GewijzigdOp']}"]
    assert sorted(p.name for p in (tmp_path / "tk").iterdir()) == sorted(
        name for i in SOME_ANSWERS[:2] for name in (f"{i}.pdf", f"{i}.pdf.meta.json"))


def test_koop_sync_asks_only_for_what_changed_since_the_newest_modification(tmp_path):
    # the recorded page without its two faulty records (files missing; files of another id)
    text = (RECORDINGS / "koop-repository" / "sru.xml").read_text(encoding="utf-8")
    fourth = [i for i in range(len(text)) if text.startswith("<sru:record>", i)][3]
    page = tmp_path / "sru.xml"
    page.write_text(text[:fourth] + text[text.index("</sru:records>"):], encoding="utf-8")
    db_path = tmp_path / "k.db"
    args = ["sync", "--db", str(db_path), "--source", "koop", "--into", str(tmp_path / "files"), "-j", "1"]
    with MockServices([], {}, sru_pages={1: page}) as mock:
        first = CliRunner().invoke(cli, args + mock_args(mock))
        assert first.exit_code == 0, first.output
        assert "fetched: 3 downloaded" in first.stdout
        assert "dt.modified" not in mock.queries[0]["query"][0]
        db = sqlite_utils.Database(db_path)
        assert [r[0] for r in db.execute("select id from documents order by id")] == [
            "ah-tk-20202021-3235", "kst-32545-143"]
        assert "blg-1007826.pdf: no text layer" in first.stderr  # a scan: the build says so
        assert db.execute("select source, last_modified from sync_state").fetchall() == [
            ("koop", "2022-01-04T08:29:06.5320071+01:00")]
        second = CliRunner().invoke(cli, args + mock_args(mock))
    assert second.exit_code == 0, second.output
    assert mock.queries[1]["query"][0].endswith(' and dt.modified>="2022-01-04"')
    assert "fetched: 0 downloaded, 3 already there" in second.stdout
    assert mock.requests["/repository.overheid.nl/frbr/officielepublicaties/kst/32545/kst-32545-143/1/xml/kst-32545-143.xml"] == 1
