"""The command line, through click's CliRunner and, for serve, a real Datasette process."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from kamerqa.ingest.cli import cli

from .conftest import CORPUS, FIXTURES, serving


def all_commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,)
        if hasattr(command, "commands"):
            yield from all_commands(command, prefix + (name,))


@pytest.mark.parametrize("command", [()] + list(all_commands(cli)))
def test_every_command_has_help(command):
    result = CliRunner().invoke(cli, list(command) + ["--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert "--help" in result.output


def test_commands_take_db_option():
    for name in ("build", "serve", "up"):
        result = CliRunner().invoke(cli, [name, "--help"])
        assert "--db" in result.output and "KAMERQA_DB" in result.output


def test_build_prints_summary_and_progress(tmp_path, no_kamerqa_db_env):
    db_path = tmp_path / "out.db"
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "--db", str(db_path), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith(
        f"{db_path}: 5 documents, 40 questions, 39 answers, "
    )
    assert "0 errors" in result.stdout
    assert "Parsing" in result.stderr


def test_quiet_silences_progress(tmp_path, no_kamerqa_db_env):
    result = CliRunner().invoke(
        cli, ["build", str(CORPUS), "--db", str(tmp_path / "q.db"), "-q", "-j", "1"]
    )
    assert result.exit_code == 0
    assert result.stderr == ""


def test_build_defaults_to_embedded_corpus_and_env_db(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KAMERQA_DB", str(tmp_path / "from-env.db"))
    result = CliRunner().invoke(cli, ["build", "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert sqlite_utils.Database(tmp_path / "from-env.db")["documents"].count == 5
    assert not (tmp_path / "kamerqa.db").exists()


def test_bad_file_gives_one_line_and_exit_zero_when_others_succeed(tmp_path):
    (tmp_path / "leeg.txt").write_bytes(b"")
    brief = CORPUS / "kst-26150-190-brief-nap1325-iv-2020-12-16.txt"
    result = CliRunner().invoke(
        cli, ["build", str(tmp_path / "leeg.txt"), str(brief), "--db", str(tmp_path / "x.db"), "-q"]
    )
    assert result.exit_code == 0
    assert result.stderr.strip() == f"error: {tmp_path / 'leeg.txt'}: empty file"


def test_unsupported_types_give_one_line_and_are_counted(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.odt", "b.odt", "a.html", "b.html"):
        (folder / name).write_bytes(b"x")
    brief = CORPUS / "kst-26150-190-brief-nap1325-iv-2020-12-16.txt"
    (folder / brief.name).write_bytes(brief.read_bytes())
    (folder / (brief.name + ".meta.json")).write_bytes((CORPUS / (brief.name + ".meta.json")).read_bytes())
    result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(tmp_path / "x.db"), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "skipped 2 .html, 2 .odt: unsupported type"
    assert "1 failed" not in result.stdout and "0 failed of 1 files, 4 skipped)" in result.stdout


def test_every_file_failing_exits_non_zero(tmp_path):
    result = CliRunner().invoke(
        cli,
        ["build", str(FIXTURES / "encrypted-with-user-password.pdf"),
         str(FIXTURES / "scanned-image-only-no-text-layer.pdf"),
         "--db", str(tmp_path / "x.db"), "-q", "-j", "1"],
    )
    assert result.exit_code == 1
    assert "Error: every one of the 2 files failed" in result.stderr
    assert "Traceback" not in result.output
    db = sqlite_utils.Database(tmp_path / "x.db")
    assert db["ingest_errors"].count == 2


def test_missing_path_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert f"no such file or folder: {tmp_path / 'nope'}" in result.stderr


def test_serve_refuses_missing_database(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 1
    assert "does not exist" in result.stderr and "kamerqa build" in result.stderr


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def served(corpus_db):
    """``kamerqa serve`` as a real process on a free port, ready."""
    db_file = Path(corpus_db.conn.execute("pragma database_list").fetchone()[2])
    with serving(db_file) as (base, _process):
        yield base, db_file.stem


def test_serve_shows_tables_with_links(served):
    base, name = served
    tables = {t["name"] for t in get_json(f"{base}/{name}.json")["tables"]}
    assert {"documents", "questions", "answers", "footnotes", "citations", "parties",
            "members", "ingest_errors"} <= tables
    databases = get_json(f"{base}/-/databases.json")
    assert databases[0]["is_mutable"] is False
    rows = get_json(
        f"{base}/{name}/citations.json?target=kst-26150-190&_labels=on&_shape=array"
    )
    linked = [row for row in rows if row["target_document_id"]]
    assert linked and linked[0]["target_document_id"]["value"] == "kst-26150-190"
    questions = get_json(f"{base}/{name}/questions.json?party_id=pvda&_labels=on&_shape=array")
    assert len(questions) == 7
    assert questions[0]["party_id"] == {"value": "pvda", "label": "PvdA"}
    assert questions[0]["answer_id"]["value"].endswith("-a29")
    metadata = get_json(f"{base}/-/metadata.json")
    assert "questions" in metadata["databases"][name]["tables"]


def test_up_builds_when_missing_or_stale_then_serves(tmp_path, monkeypatch):
    import kamerqa.ingest.cli

    served_with = []
    monkeypatch.setattr(kamerqa.ingest.cli, "run_serve", lambda *args: served_with.append(args))
    db_path = tmp_path / "up.db"
    result = CliRunner().invoke(cli, ["up", "--db", str(db_path), "-q", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert sqlite_utils.Database(db_path)["documents"].count == 5
    assert served_with == [(str(db_path), "127.0.0.1", 8123)]
    built_at = db_path.stat().st_mtime
    result = CliRunner().invoke(cli, ["up", "--db", str(db_path), "-q"])
    assert result.exit_code == 0
    assert db_path.stat().st_mtime == built_at, "an up-to-date database is not rebuilt"


def test_stopping_serve_stops_the_server(corpus_db, tmp_path):
    db_file = Path(corpus_db.conn.execute("pragma database_list").fetchone()[2])
    with serving(db_file, tmp_path / "serve.log") as (base, process):
        url = base + "/-/versions.json"
        assert get_json(url)["python"]
        # only `kamerqa serve` is stopped, not its group: it must stop Datasette itself
        process.terminate()
        assert process.wait(timeout=60) == 0
        with pytest.raises(OSError):
            get_json(url)


def test_server_command_is_not_shadowed_by_files_in_the_current_folder(tmp_path):
    # A user's own db.py, sqlite_utils.py or datasette.py in the folder where they run
    # `kamerqa serve` must not replace the modules the server imports.
    from kamerqa.ingest.cli import datasette_command

    for name in ("db", "parsers", "ingest", "sqlite_utils", "datasette"):
        (tmp_path / f"{name}.py").write_text("raise SystemExit('shadowed by the current folder')\n")
    command = datasette_command("x.db", "metadata.json", "127.0.0.1", 8001)
    command = command[: command.index("serve") + 1] + ["--help"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout and "shadowed" not in result.stderr


def test_wheel_installs_under_one_import_name(tmp_path):
    # `pip install .` must not put generic names such as `db` or `parsers` in site-packages.
    import zipfile

    from .conftest import REPO

    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("kamerqa-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names if name.endswith(".py")}
    assert top_level == {"kamerqa"}
    assert "kamerqa/ingest/site/templates/kamerqa_document.html" in names
    assert "kamerqa/parsers/data/themes.json" in names
