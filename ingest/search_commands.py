"""``kamerqa search`` and ``kamerqa similar``: Dutch-aware search and "was this asked before?".

Registered in ``ingest/cli.py``. The work is done in ``db.search`` and ``db.similar``.
"""

from __future__ import annotations

import json
import textwrap
from typing import Optional

import click
import sqlite_utils

from .options import db_option, iso_date, known_party, open_existing_db


def _open(db_path: str) -> sqlite_utils.Database:
    db = open_existing_db(db_path)
    if "text_lemmas" not in db["questions"].columns_dict:
        raise click.ClickException(
            f"database {db_path} predates Dutch-aware search; run 'kamerqa build' again"
        )
    return db


def _link(row: dict) -> Optional[str]:
    if row.get("official_url"):
        return row["official_url"]
    document_id = row.get("document_id") or ""
    if document_id and not document_id.startswith(("sha256:", "synthetic-")):
        from kamerqa.parsers.citations import official_url

        return official_url(document_id)
    return None


def _start(text: Optional[str], width: int = 200) -> str:
    if not text:
        return ""
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …")


def _party_option(help_text: str):
    def decorate(f):
        f = click.option(
            "--related", is_flag=True,
            help="With --party: also its predecessors and successors (PvdA and GroenLinks "
            "with GroenLinks-PvdA).",
        )(f)
        return click.option("--party", help=help_text)(f)

    return decorate


def _echo_reference(found: dict) -> None:
    """A reference query: the document, who cites it, its dossier in order."""
    for document in found["documents"]:
        if document["stored"]:
            click.echo(f"document\t{document['id']}\t{document['date'] or ''}\t{document['title'] or ''}")
        else:
            click.echo(f"document\t{document['id']}\tnot in this database\t{document['url'] or ''}")
    for row in found["cited_by"]:
        click.echo(
            f"cited by\t{row['document_id']}\t{row['date'] or ''}\t{row['title'] or ''}"
            f"\tprinted as: {row['printed_as']}"
        )
    dossier = found["dossier"]
    if dossier:
        for row in dossier["documents"]:
            where = "" if row["stored"] else f"not in this database, cited {row['times_cited']}x"
            click.echo(
                f"dossier {dossier['id']}\t{row['number'] or '-'}\t{row['id']}\t{row['date'] or ''}"
                f"\t{row['title'] or where}"
            )
    if not (found["documents"] or found["cited_by"] or dossier and dossier["documents"]):
        click.echo("no matches", err=True)


@click.command()
@click.argument("query")
@_party_option("Only questions asked by this party (name or id), joint questions included.")
@click.option("--theme", help="Only questions of this theme (name or id, see the themes table).")
@click.option("--from", "year_from", type=click.IntRange(1900, 2100), help="From this year on.")
@click.option("--to", "year_to", type=click.IntRange(1900, 2100), help="Up to this year.")
@click.option("--kind", help="Only documents of this kind (brief, schriftelijk_overleg, kamervragen, …).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@db_option
def search(query, party, related, theme, year_from, year_to, kind, limit, as_json, db_path):
    """Search questions and answers; Dutch-aware.

    Each word is searched as typed and as its lemma, so "opmerkingen" also finds
    "opmerking" and diacritics do not matter ("Curacao" finds "Curaçao"). Words must all
    occur; a "quoted phrase" must occur exactly as printed; "word*" is a prefix;
    "a OR b" needs one of them; "-word" must not occur.

    A QUERY that is a reference ("Kamerstuk 26150 nr. 190", "26 150, nr. 190",
    "kst-26150-190", "Aanhangsel Handelingen 2023-2024, nr. 1121", "2023Z19677", a dossier
    "26 150") gives the document, every document citing it and its dossier in order.
    """
    from kamerqa.db.search import (
        Filters, QueryTooLong, fts_query, party_ids, reference_results, search as run_search,
    )
    from kamerqa.parsers.citations import read_reference

    db = _open(db_path)
    reference = read_reference(query)
    try:
        words_to_search = reference is not None or fts_query(query) is not None
    except QueryTooLong as error:
        raise click.BadParameter(str(error), param_hint="QUERY")
    if not words_to_search:
        raise click.BadParameter(
            f"nothing to search for in {query!r}: give a word, a \"quoted phrase\" or a word*",
            param_hint="QUERY",
        )
    if reference is not None:
        found = reference_results(db, reference)
        if as_json:
            click.echo(json.dumps({**found, "reference": {
                "kind": reference.kind, "targets": reference.targets,
                "dossier": reference.dossier, "url": reference.url,
            }}, ensure_ascii=False, indent=2))
        else:
            _echo_reference(found)
        return
    parties = party_ids(db, party, related)
    known_party(db, party, parties)
    filters = Filters(
        parties=parties, theme=theme, year_from=year_from,
        year_to=year_to, kind=kind,
    )
    rows = run_search(db, query, limit=limit, filters=filters)
    if as_json:
        for row in rows:
            row["official_url"] = _link(row)
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no matches", err=True)
    for row in rows:
        click.echo(
            "\t".join(
                str(v) if v is not None else ""
                for v in (
                    row["question_id"], row["date"], row["party"], row["number"],
                    row["matched_in"], " ".join((row["snippet"] or "").split()),
                )
            )
        )


@click.command()
@click.argument("text")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 100))
@_party_option("Only questions asked by this party (name or id), joint questions included.")
@click.option(
    "--since", callback=iso_date,
    help="Only questions in documents dated on or after this date (YYYY-MM-DD).",
)
@click.option(
    "--threshold", type=click.FloatRange(0, 100), default=None,
    help="Lowest score shown (default: the threshold used for similar_questions).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@db_option
def similar(text, top, party, related, since, threshold, as_json, db_path):
    """Was this asked before? The stored questions closest to TEXT, best first.

    Each result shows the document, date, party and question number, a similarity score
    (0-100; exact and near duplicates score highest), the start of the answer and the
    official link.
    """
    from kamerqa.db.search import party_ids
    from kamerqa.db.similar import THRESHOLD, similar as run_similar

    if not any(character.isalnum() for character in text):
        raise click.BadParameter("give the text of a question (it has no words)", param_hint="TEXT")
    db = _open(db_path)
    known_party(db, party, party_ids(db, party, related))
    rows = run_similar(
        db, text, top=top, party=party, related=related, since=since,
        threshold=THRESHOLD if threshold is None else threshold,
    )
    for row in rows:
        row["official_url"] = _link(row)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no similar questions found", err=True)
    for row in rows:
        party_name = row["party"] or "-"
        click.echo(
            f"{row['score']:5.1f}  {row['document_id']}  {row['date'] or '-'}  "
            f"{party_name}  vraag {row['label'] or row['number']}"
        )
        click.echo(f"       Q: {_start(row['question'])}")
        click.echo(f"       A: {_start(row['answer']) or '(no answer stored)'}")
        click.echo(f"       {row['official_url'] or '(no official link)'}")
