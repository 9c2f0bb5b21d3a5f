"""Options and helpers shared by several ``kamerqa`` commands."""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path
from typing import Optional

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
    """The kamerqa database at ``db_path``, or a clear error: it has not been built, it is
    not an SQLite database (``file is not a database``), or it holds no kamerqa tables."""
    if not Path(db_path).exists():
        raise click.ClickException(
            f"database {db_path} does not exist; run 'kamerqa build' first"
        )
    db = sqlite_utils.Database(db_path)
    try:
        tables = set(db.table_names())
    except sqlite3.DatabaseError as error:
        db.conn.close()
        raise click.ClickException(f"cannot use database {db_path}: {error}") from None
    if "documents" not in tables:
        db.conn.close()
        raise click.ClickException(
            f"cannot use database {db_path}: it has no kamerqa tables; "
            "run 'kamerqa build --db' with it to build one, or give another --db"
        )
    return db


def iso_date(ctx, param, value: Optional[str]) -> Optional[str]:
    """A click callback: ``value`` must be a date written YYYY-MM-DD."""
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD, for example 2021-06-30")


def known_party(db: sqlite_utils.Database, party: Optional[str], ids: list[str]) -> None:
    """A clear error when none of the party ids a --party filter stands for is stored."""
    if not party:
        return
    stored = {row[0] for row in db.execute("select id from parties")}
    if not stored & set(ids):
        names = [row[0] for row in db.execute("select name from parties order by name")]
        raise click.BadParameter(
            f"no party {party!r} in this database; known: {', '.join(names) or 'none'}",
            param_hint="'--party'",
        )
