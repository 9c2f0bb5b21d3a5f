"""``kamerqa fetch`` and ``kamerqa sync``: the official sources into a folder, and into the database.

Registered in ``ingest/cli.py``. The work is done in ``ingest.fetch`` and ``ingest.sync``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
import sqlite_utils

from . import dbfile, pipeline
from .fetch import KINDS, SOURCES, Endpoints, FetchFilters, FetchResult, fetch as fetch_documents
from .fetch_http import Http, HttpSettings
from .fetch_koop import DEFAULT_SRU_URL
from .fetch_tk import DEFAULT_ODATA_URL
from .options import db_option, quiet_option


def _kinds(ctx, param, values) -> tuple[str, ...]:
    kinds = tuple(k.strip() for value in values for k in value.split(",") if k.strip())
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise click.BadParameter(f"unknown kind {', '.join(unknown)}; choose from {', '.join(KINDS)}")
    return kinds


def source_options(function):
    """The filters and connection settings shared by fetch and sync."""
    options = [
        click.option("--source", type=click.Choice(["koop", "tk", "both"]), default="both", show_default=True,
                     help="officielebekendmakingen (koop), the Tweede Kamer's open data (tk), or both."),
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Documents dated on or after this day."),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Documents dated on or before this day."),
        click.option("--kind", "kinds", multiple=True, callback=_kinds,
                     help=f"Only these kinds (repeat or separate by commas): {', '.join(KINDS)}."),
        click.option("--dossier", help="Only documents of this Kamerstuk dossier (a number such as 26150)."),
        click.option("--limit", type=click.IntRange(1), help="At most this many documents per source."),
        click.option("--koop-base-url", default=DEFAULT_SRU_URL, show_default=True,
                     help="SRU endpoint of officielebekendmakingen (or a mirror)."),
        click.option("--tk-base-url", default=DEFAULT_ODATA_URL, show_default=True,
                     help="OData root of the Tweede Kamer's open data (or a mirror)."),
        click.option("--delay", type=click.FloatRange(0), default=HttpSettings.delay, show_default=True,
                     help="Seconds between two requests (be polite to the services)."),
        click.option("--timeout", type=click.FloatRange(0, min_open=True), default=HttpSettings.timeout,
                     show_default=True, help="Seconds to wait for a connection or for data."),
        click.option("--retries", type=click.IntRange(0), default=HttpSettings.retries, show_default=True,
                     help="Retries of a request after a connection error, timeout, 5xx or 429."),
        click.option("--backoff", type=click.FloatRange(0), default=HttpSettings.backoff, show_default=True,
                     help="Seconds before the first retry; doubled for each next one."),
        quiet_option,
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _filters(since, until, kinds, dossier, limit) -> FetchFilters:
    if since and until and since > until:
        raise click.BadParameter(f"--since {since:%Y-%m-%d} is after --until {until:%Y-%m-%d}")
    if dossier is not None and not dossier.strip().isdigit():
        raise click.BadParameter(f"{dossier!r} is not a dossier number", param_hint="--dossier")
    return FetchFilters(
        kinds=kinds,
        since=since.date().isoformat() if since else None,
        until=until.date().isoformat() if until else None,
        dossier=dossier.strip() if dossier else None,
        limit=limit,
    )


def _http(delay, timeout, retries, backoff) -> Http:
    return Http(HttpSettings(delay=delay, timeout=timeout, retries=retries, backoff=backoff))


def _sources(source: str) -> tuple[str, ...]:
    return SOURCES if source == "both" else (source,)


def _report(result: FetchResult) -> None:
    for item, reason in result.failed:
        click.echo(f"error: {item}: {reason}", err=True)
    click.echo(
        f"fetched: {result.downloaded} downloaded, {result.present} already there, "
        f"{len(result.deleted)} deleted by the source, {len(result.skipped)} without a readable file, "
        f"{len(result.failed)} failed"
    )


def _fail_if_failed(result: FetchResult) -> None:
    if result.failed:
        raise click.ClickException(
            f"{len(result.failed)} item(s) could not be fetched (listed above); run again to retry them"
        )


@click.command()
@source_options
@click.option("--into", "into", required=True, type=click.Path(file_okay=False),
              help="Folder to download into (created when missing); `kamerqa build` reads it.")
def fetch(source, since, until, kinds, dossier, limit, koop_base_url, tk_base_url,
          delay, timeout, retries, backoff, quiet, into):
    """Download documents from the official sources into a folder, with their metadata.

    officielebekendmakingen gives its XML where there is one, else its PDF, with metadata.xml;
    the Tweede Kamer gives PDF or Word files. Each file gets a <file>.meta.json sidecar.
    An interrupted run resumes: nothing already downloaded is fetched again.
    """
    filters = _filters(since, until, kinds, dossier, limit)
    on_event = None if quiet else (lambda message: click.echo(message, err=True))
    with _http(delay, timeout, retries, backoff) as http:
        result = fetch_documents(
            Path(into), http, _sources(source), filters, Endpoints(koop_base_url, tk_base_url), on_event=on_event,
        )
    _report(result)
    _fail_if_failed(result)


@click.command()
@source_options
@click.option("--into", "into", type=click.Path(file_okay=False),
              help="Folder for the downloaded files [default: <database name>-files beside the database].")
@click.option("--jobs", "-j", type=click.IntRange(1), default=pipeline.default_jobs, show_default="number of cores",
              help="Parse files in this many worker processes.")
@db_option
def sync(source, since, until, kinds, dossier, limit, koop_base_url, tk_base_url,
         delay, timeout, retries, backoff, quiet, into, jobs, db_path):
    """Fetch what changed since the last sync and build it into the database.

    The state (newest change seen per source and filters) is kept in the table sync_state;
    documents the Tweede Kamer deleted leave the database.
    """
    from .sync import sync as run_sync

    filters = _filters(since, until, kinds, dossier, limit)
    folder = Path(into) if into else Path(db_path).with_name(Path(db_path).stem + "-files")
    echo = None if quiet else (lambda message: click.echo(message, err=True))
    build_errors: list[str] = []

    def on_file(path, error):
        if error:
            build_errors.append(f"error: {path}: {error}")
        elif echo:
            echo(f"built {path}")

    try:
        # as `kamerqa build` does: locked against another build, and a served file is
        # replaced by a renamed copy rather than written in place
        with dbfile.writable(db_path) as target, _http(delay, timeout, retries, backoff) as http:
            db = sqlite_utils.Database(target)
            try:
                result = run_sync(
                    db, folder, http, _sources(source), filters,
                    Endpoints(koop_base_url, tk_base_url), jobs=jobs, on_event=echo, on_file=on_file,
                )
            finally:
                db.close()
    except dbfile.DatabaseLocked as error:
        raise click.ClickException(str(error))
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"cannot use database {db_path}: {error}")
    _report(result.fetched)
    for line in build_errors:
        click.echo(line, err=True)
    if result.build:
        counts, build = result.build.counts, result.build
        click.echo(
            f"{db_path}: {counts['documents']} documents, {counts['questions']} questions, "
            f"{counts['answers']} answers ({build.stored} stored, {build.alternates} alternate sources, "
            f"{build.unchanged} unchanged, {len(build.failed)} failed of {build.files} files; "
            f"{result.removed_files} removed)"
        )
    else:
        click.echo(f"{db_path}: nothing to build ({result.removed_files} removed)")
    _fail_if_failed(result.fetched)
