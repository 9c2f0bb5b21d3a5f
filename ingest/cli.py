"""The ``kamerqa`` command line. Each command parses its arguments and calls the library."""

from __future__ import annotations

import errno
import json
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional

import click

from kamerqa.parsers.layout import compiled_lines
from kamerqa.parsers.pdf_chars import DEFAULT_ENGINE, ENGINES

from . import dbfile, fetch_commands, pipeline, search_commands
from .options import db_option, open_existing_db, quiet_option, serve_options
from .resources import datasette_metadata, embedded_corpus

@click.group()
@click.version_option(package_name="kamerqa")
def cli():
    """Turn Dutch parliamentary documents into a searchable, cross-referenced database."""


def run_build(
    db_path: str, paths: tuple[str, ...], jobs: int, quiet: bool, force: bool = False,
    budget: Optional[pipeline.Budget] = None, pdf_engine: Optional[str] = None,
):
    sources = list(paths) or [str(embedded_corpus())]
    try:
        files = pipeline.find_input_files(sources)
    except FileNotFoundError as error:
        raise click.ClickException(f"no such file or folder: {error}")
    if not files:  # refused before the database is created or touched
        raise click.ClickException(
            f"no {supported_types()} files found in {', '.join(sources)}; nothing to build"
        )
    errors: list[str] = []
    if compiled_lines is None and not quiet and any(Path(f).suffix.lower() == ".pdf" for f in files):
        click.echo(
            "note: PDF lines are made in Python, some ten times slower: kamerqa.parsers._lines "
            "was not built (reinstall with a C compiler and the Python headers)",
            err=True,
        )

    def report(path: Path, error: str | None) -> None:
        if error:
            errors.append(f"error: {path}: {error}")

    with click.progressbar(
        length=len(files), label="Parsing", file=sys.stderr,
        hidden=quiet, show_pos=True,
    ) as bar:
        def on_file(path, error):
            report(path, error)
            bar.update(1)

        try:
            result = pipeline.build_database(
                db_path, sources, jobs=jobs, on_file=on_file, force=force,
                budget=budget or pipeline.Budget(), pdf_engine=pdf_engine,
            )
        except dbfile.DatabaseLocked as error:
            raise click.ClickException(str(error))
        except sqlite3.DatabaseError as error:
            raise click.ClickException(f"cannot use database {db_path}: {error}")
    for line in errors:
        click.echo(line, err=True)
    for path, message in result.warnings:
        click.echo(f"warning: {path}: {message}", err=True)
    skipped = pipeline.skipped_line(result.skipped)
    if skipped:
        click.echo(skipped, err=True)
    counts = result.counts
    click.echo(
        f"{db_path}: {counts['documents']} documents, {counts['questions']} questions, "
        f"{counts['answers']} answers, {counts['citations']} citations, "
        f"{counts['ingest_errors']} errors "
        f"({result.stored} stored, {result.alternates} alternate sources, "
        f"{result.unchanged} unchanged, {len(result.failed)} failed of {result.files} files"
        + (f", {sum(result.skipped.values())} skipped" if result.skipped else "")
        + ")"
    )
    if result.all_failed:
        raise click.ClickException(f"every one of the {result.files} files failed")
    return result


def supported_types() -> str:
    """The file types kamerqa reads, for messages: ".txt, .pdf or .xml"."""
    from kamerqa.parsers.documents import SUPPORTED_SUFFIXES

    *most, last = SUPPORTED_SUFFIXES
    return f"{', '.join(most)} or {last}" if most else last


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@click.option(
    "--jobs", "-j", type=click.IntRange(1), default=pipeline.default_jobs, show_default="number of cores",
    help="Parse files in this many worker processes.",
)
@click.option("--force", is_flag=True, help="Parse every file again, even unchanged ones.")
@click.option(
    "--memory-limit", type=click.IntRange(64), default=pipeline.MEMORY_BUDGET_MIB, show_default=True,
    metavar="MIB", help="Memory one file's parse may use; a file needing more is reported and skipped.",
)
@click.option(
    "--time-limit", type=click.FloatRange(1), default=pipeline.TIME_BUDGET_SECONDS, show_default=True,
    metavar="SECONDS", help="Time one file's parse may take; a file taking longer is reported and skipped.",
)
@click.option(
    "--pdf-engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
    help="Reader of PDF characters: pdfium (compiled, fast) or pdfplumber (pure Python, the "
    "reference it is tested against).",
)
@quiet_option
def build(paths, db_path, jobs, force, memory_limit, time_limit, pdf_engine, quiet):
    """Parse PATHS (files or folders; default: the embedded corpus) into the database.

    Rebuilding is idempotent: unchanged files are skipped, a changed file replaces all
    rows of its document, and a file that fails is listed in ingest_errors.
    """
    run_build(
        db_path, paths, jobs, quiet, force, pipeline.Budget(memory_limit, time_limit), pdf_engine
    )


def metadata_for(db_path: str) -> dict:
    """The shipped metadata, keyed by the name Datasette gives this database file."""
    metadata = json.loads(datasette_metadata().read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if "kamerqa" in databases:
        databases[Path(db_path).stem] = databases.pop("kamerqa")
    return metadata


def datasette_command(db_path: str, metadata_path: str, host: str, port: int) -> list[str]:
    # kamerqa.ingest.site runs Datasette's own command line with kamerqa's plugin (document
    # pages, search, templates) registered. -P keeps the current folder off the import path, so
    # that a user's own db.py or parsers/ cannot shadow kamerqa's modules in the server.
    return [
        sys.executable, "-P", "-m", "kamerqa.ingest.site", "serve",
        "--immutable", db_path,
        "--metadata", metadata_path,
        "--host", host,
        "--port", str(port),
        "--setting", "sql_time_limit_ms", "3000",
        "--setting", "max_returned_rows", "1000",
        "--setting", "default_page_size", "50",
    ]


# How often ``kamerqa serve`` looks whether a build has replaced the database file.
RELOAD_CHECK_SECONDS = 2.0


def run_serve(db_path: str, host: str, port: int) -> None:
    """Serve ``db_path`` with Datasette, and serve it anew when a build replaces the file.

    A build never writes a served file in place (``ingest/dbfile.py``): it renames a new
    file over it. Datasette keeps reading the old file, whole, until this loop notices the
    new one (another inode or modification time) and restarts it on the new file.
    """
    if not Path(db_path).exists():
        raise click.ClickException(
            f"database {db_path} does not exist; run 'kamerqa build' first "
            "(or 'kamerqa up' to build and serve)"
        )
    open_existing_db(db_path).conn.close()  # a clear error for a file that is no kamerqa database
    refuse_taken_port(host, port)

    def waiting() -> None:
        click.echo(f"kamerqa serve: a build is writing {db_path}; waiting for it to finish", err=True)

    with tempfile.TemporaryDirectory(prefix="kamerqa-") as folder, dbfile.serving(db_path, waiting):
        metadata_path = Path(folder) / "metadata.json"
        metadata_path.write_text(json.dumps(metadata_for(db_path)), encoding="utf-8")
        command = datasette_command(db_path, str(metadata_path), host, port)
        server = [subprocess.Popen(command)]
        # Whoever stops kamerqa serve (a terminal, a test, a service manager) stops the
        # server with it: it must not live on holding the port.
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: server[0].terminate())
        served = dbfile.identity(db_path)
        try:
            while True:
                try:
                    returncode = server[0].wait(timeout=RELOAD_CHECK_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    pass
                current = dbfile.identity(db_path)
                if current == served:
                    continue
                if current is None:
                    click.echo(
                        f"kamerqa serve: {db_path} was removed; still serving it as it was", err=True
                    )
                else:
                    click.echo(
                        f"kamerqa serve: {db_path} was rebuilt; restarting on the new file", err=True
                    )
                    server[0].terminate()
                    server[0].wait()
                    server[0] = subprocess.Popen(command)
                served = current
        except KeyboardInterrupt:
            returncode = server[0].wait()
        finally:
            signal.signal(signal.SIGTERM, previous)
            if server[0].poll() is None:
                server[0].terminate()
                server[0].wait()
    if returncode not in (0, -signal.SIGINT, -signal.SIGTERM):
        raise click.ClickException(f"datasette exited with status {returncode}")


def refuse_taken_port(host: str, port: int) -> None:
    """A clear error, at once, when ``host:port`` cannot be listened on (another server has it)."""
    if port == 0:
        return
    try:
        # create_server sets SO_REUSEADDR as the server does, so a port in TIME_WAIT is free
        socket.create_server((host, port)).close()
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"port {port} on {host} is already in use (another kamerqa serve?); "
                "stop that server or pick another port with --port"
            )
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror or error}")


@cli.command()
@db_option
@serve_options
def serve(db_path, host, port):
    """Serve the database read-only with Datasette."""
    run_serve(db_path, host, port)


@cli.command()
@click.argument("text", required=False)
@click.option("--document", "document_id", help="List the citations in this stored document.")
@click.option("--cited-by", "cited_id", help="List the stored documents that cite this id.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@db_option
def refs(text, document_id, cited_id, as_json, db_path):
    """Show the references found in TEXT, with their normalised ids and URLs.

    With --document or --cited-by it reads the database instead.
    """
    from kamerqa.db import queries
    from kamerqa.parsers.citations import extract_citations

    if sum(bool(x) for x in (text, document_id, cited_id)) != 1:
        raise click.UsageError("give either TEXT, --document ID or --cited-by ID")
    if text:
        rows = [
            {"raw": c.raw, "target": c.target, "kind": c.kind, "url": c.url}
            for c in extract_citations(text)
        ]
        columns = ("target", "kind", "url", "raw")
    elif document_id:
        db = open_existing_db(db_path)
        if not queries.document_exists(db, document_id):
            raise click.ClickException(f"no document {document_id} in {db_path}")
        rows = queries.citations_of(db, document_id)
        columns = ("target", "kind", "context", "target_document_id", "url", "raw")
    else:
        db = open_existing_db(db_path)
        rows = queries.cited_by(db, cited_id)
        if not rows and not queries.document_exists(db, cited_id) and not is_reference_id(cited_id):
            raise click.ClickException(
                f"{cited_id!r} is neither a stored document nor a reference id such as "
                "kst-26150-190; 'kamerqa refs \"TEXT\"' shows the id of a printed reference"
            )
        columns = ("citing_document_id", "citing_date", "context", "context_id", "raw")
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        if text:
            click.echo("no references found in the text", err=True)
        elif document_id:
            click.echo(f"{document_id} cites no documents", err=True)
        else:
            click.echo(f"no stored document cites {cited_id}", err=True)
    for row in rows:
        click.echo("\t".join("" if row.get(c) is None else str(row[c]) for c in columns))


def is_reference_id(value: str) -> bool:
    """Is ``value`` an id a citation can have (kst-26150-190, ah-tk-…, 2023Z19677, a URL)?"""
    from kamerqa.parsers.citations import official_url, read_reference

    return official_url(value) is not None or read_reference(value) is not None


def newest_mtime(paths: list[Path]) -> float:
    return max((p.stat().st_mtime for p in paths), default=0.0)


@cli.command()
@db_option
@serve_options
@quiet_option
def up(db_path, host, port, quiet):
    """Build the embedded corpus when the database is missing or older, then serve it."""
    corpus_files = pipeline.find_input_files([embedded_corpus()])
    sidecars = list(embedded_corpus().rglob("*.meta.json"))
    db_file = Path(db_path)
    if not db_file.exists() or db_file.stat().st_mtime < newest_mtime(corpus_files + sidecars):
        run_build(db_path, (), pipeline.default_jobs(), quiet)
    run_serve(db_path, host, port)


main = cli

cli.add_command(search_commands.search)
cli.add_command(search_commands.similar)
cli.add_command(fetch_commands.fetch)
cli.add_command(fetch_commands.sync)


if __name__ == "__main__":
    main()
