"""Options and helpers shared by several ``kamerqa`` commands."""

from __future__ import annotations

from pathlib import Path

import click
import sqlite_utils

DEFAULT_DB = "kamerqa.db"


def db_option(function):
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=DEFAULT_DB,
        envvar="KAMERQA_DB",
        show_default=True,
        help="SQLite database file (environment variable KAMERQA_DB overrides the default).",
    )(function)


def quiet_option(function):
    return click.option(
        "-q", "--quiet", is_flag=True, help="No progress output on stderr."
    )(function)


def serve_options(function):
    function = click.option(
        "--host", default="127.0.0.1", show_default=True,
        help="Interface to bind; the default only accepts connections from this machine.",
    )(function)
    function = click.option(
        "--port", default=8001, show_default=True, type=click.IntRange(0, 65535),
        help="Port to listen on (0 picks a free one).",
    )(function)
    return function


def open_existing_db(db_path: str) -> sqlite_utils.Database:
    """The database at ``db_path``, or a clear error when it has not been built."""
    if not Path(db_path).exists():
        raise click.ClickException(
            f"database {db_path} does not exist; run 'kamerqa build' first"
        )
    return sqlite_utils.Database(db_path)
