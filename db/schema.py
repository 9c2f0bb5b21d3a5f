"""The database shape, declared as data, and the migrations that apply it.

Table and column names are kamerqa's public interface: Datasette URLs and saved queries
depend on them, so later changes add tables and columns and never rename them. Every change
to the shape is a new function in ``MIGRATIONS``; ``ensure_shape`` runs those not yet applied
and is safe to call on every build.
"""

from __future__ import annotations

import datetime
from typing import Callable

import sqlite_utils

TABLES: dict[str, dict] = {
    "dossiers": {
        "columns": {"id": str, "title": str},
        "pk": "id",
    },
    "documents": {
        "columns": {
            "id": str,
            "kind": str,
            "title": str,
            "date": str,
            "dossier": str,
            "number": str,
            "vergaderjaar": str,
            "source_file": str,
            "sha256": str,
            "pages": int,
            "parser_version": str,
            "signatories": str,  # JSON list of "Name (function)"
            "minister": str,
            "ministry": str,
            "submitted": str,
            "received": str,
            "official_url": str,
            "body": str,
            "extra": str,  # JSON object: whatever else the layout yielded
            "vraagnummer": str,  # m005: TK case number of written questions, "2023Z19677"
            # m007: why the stored text is known to be incomplete (the PDF reader lost data
            # decompressing a damaged stream); empty when the file was read whole.
            "damaged": str,
        },
        "pk": "id",
        "foreign_keys": [("dossier", "dossiers", "id")],
    },
    "parties": {
        "columns": {"id": str, "name": str, "full_name": str, "aliases": str},
        "pk": "id",
    },
    "members": {
        "columns": {"id": str, "name": str, "party_id": str},
        "pk": "id",
        "foreign_keys": [("party_id", "parties", "id")],
    },
    "askers": {
        "columns": {"document_id": str, "member_id": str},
        "pk": ("document_id", "member_id"),
        "foreign_keys": [
            ("document_id", "documents", "id"),
            ("member_id", "members", "id"),
        ],
    },
    "answers": {
        "columns": {
            "id": str,
            "document_id": str,
            "label": str,
            "text": str,
            "page": int,
            "text_lemmas": str,  # lemmatised text, for Dutch-aware search (m002)
        },
        "pk": "id",
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "questions": {
        "columns": {
            "id": str,
            "document_id": str,
            "number": int,
            "label": str,
            "party_id": str,
            "text": str,
            "page": int,
            "answer_id": str,
            "text_lemmas": str,  # lemmatised text, for Dutch-aware search (m002)
            "section": str,  # m005: heading it stands under ("Inbreng van de leden van de D66-fractie")
        },
        "pk": "id",
        "foreign_keys": [
            ("document_id", "documents", "id"),
            ("party_id", "parties", "id"),
            ("answer_id", "answers", "id"),
        ],
    },
    # m005: every party a question belongs to, one row each: a joint question by members of
    # several parties has several. questions.party_id keeps the single party where there is one.
    "question_parties": {
        "columns": {"question_id": str, "party_id": str, "document_id": str},
        "pk": ("question_id", "party_id"),
        "foreign_keys": [
            ("question_id", "questions", "id"),
            ("party_id", "parties", "id"),
            ("document_id", "documents", "id"),
        ],
    },
    "footnotes": {
        "columns": {
            "id": str,
            "document_id": str,
            "number": int,
            "text": str,
            "page": int,
            "context": str,
            "context_id": str,
        },
        "pk": "id",
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "citations": {
        "columns": {
            "id": str,
            "document_id": str,
            "context": str,
            "context_id": str,
            "raw": str,
            "target": str,
            "kind": str,
            "target_document_id": str,
            "url": str,
            "dossier": str,
            "submitter": str,
        },
        "pk": "id",
        "foreign_keys": [
            ("document_id", "documents", "id"),
            ("target_document_id", "documents", "id"),
            ("dossier", "dossiers", "id"),
        ],
    },
    "ingest_errors": {
        "columns": {"source_file": str, "sha256": str, "error": str, "at": str},
        "pk": "source_file",
    },
    # m002: themes from the vocabulary in parsers/data/themes.json, matched on lemmas.
    "themes": {
        "columns": {"id": str, "name": str, "description": str},
        "pk": "id",
    },
    "question_themes": {
        "columns": {"question_id": str, "theme_id": str, "terms": str},  # terms: JSON list
        "pk": ("question_id", "theme_id"),
        "foreign_keys": [
            ("question_id", "questions", "id"),
            ("theme_id", "themes", "id"),
        ],
    },
    "answer_themes": {
        "columns": {"answer_id": str, "theme_id": str, "terms": str},
        "pk": ("answer_id", "theme_id"),
        "foreign_keys": [
            ("answer_id", "answers", "id"),
            ("theme_id", "themes", "id"),
        ],
    },
    # m002: for each question, its closest earlier questions in other documents;
    # recomputed as a whole at the end of every build.
    "similar_questions": {
        "columns": {"question_id": str, "similar_question_id": str, "score": float},
        "pk": ("question_id", "similar_question_id"),
        "foreign_keys": [
            ("question_id", "questions", "id"),
            ("similar_question_id", "questions", "id"),
        ],
    },
    # m003: every file that was ingested, and what became of it. Several files can carry
    # one document (the same Kamerstuk as PDF and as official XML); the best format is
    # stored and the others are kept here as alternates, so rebuilds can skip them.
    "document_sources": {
        "columns": {
            "source_file": str,
            "document_id": str,
            "sha256": str,
            "format": str,
            "status": str,  # "stored" or "alternate"
            "parser_version": str,
        },
        "pk": "source_file",
        "foreign_keys": [("document_id", "documents", "id")],
    },
    # m004: rows of indicator tables (the NAP 1325 progress annex): one per table row.
    "indicators": {
        "columns": {
            "id": str,  # <document>-i<number>
            "document_id": str,
            "number": int,  # order in the document
            "ministry": str,
            "pillar": str,
            "goal": str,
            "subgoal": str,
            "indicator": str,
            "progress": str,
            "page": int,
        },
        "pk": "id",
        "foreign_keys": [("document_id", "documents", "id")],
    },
    # m007: what went wrong while reading a stored document, without stopping it: the PDF
    # reader's warnings ("Data-loss while decompressing corrupted data"), printed labels that
    # repeat ("Antwoord 1" twice, stored under distinct ids). One row per distinct message.
    "document_warnings": {
        "columns": {
            "document_id": str,
            "source_file": str,
            "kind": str,  # "reader" (the PDF reader), "damaged" (parsers.pdf_damage), "duplicate_label"
            "message": str,
            "count": int,  # how often it occurred in the file
        },
        "pk": ("document_id", "kind", "message"),
        "foreign_keys": [("document_id", "documents", "id")],
    },
    # m007: questions whose similar_questions rows are out of date, written in the same
    # transaction as the document that made them so. "reverse" = 1: a new or changed
    # question, which later questions may also need a link to. Emptied by
    # db.similar.update_similar_questions, so a build killed before that step is caught up
    # by the next one.
    "similar_pending": {
        "columns": {"question_id": str, "reverse": int},
        "pk": "question_id",
    },
    # m006: where the last `kamerqa sync` of a source with these filters got to.
    "sync_state": {
        "columns": {
            "source": str,  # "koop" or "tk"
            "filters": str,  # JSON of the filters (kinds, since, until, dossier)
            "last_modified": str,  # newest GewijzigdOp (tk) or modification date (koop) seen
            "synced_at": str,
        },
        "pk": ("source", "filters"),
    },
}

# Children of a document: deleted and rewritten whenever the document is stored again.
DOCUMENT_CHILD_TABLES = (
    "citations", "footnotes", "question_parties", "questions", "answers", "askers", "indicators",
    "document_warnings",
)

INDEXES: list[tuple[str, list[str]]] = [
    ("documents", ["source_file"]),
    ("documents", ["kind"]),
    ("documents", ["dossier"]),
    ("questions", ["document_id", "number"]),
    ("questions", ["party_id"]),
    ("question_parties", ["party_id"]),
    ("question_parties", ["document_id"]),
    ("answers", ["document_id"]),
    ("footnotes", ["document_id"]),
    ("citations", ["document_id"]),
    ("citations", ["target"]),
    ("citations", ["target_document_id"]),
    ("question_themes", ["theme_id"]),
    ("answer_themes", ["theme_id"]),
    ("similar_questions", ["similar_question_id"]),
    ("document_sources", ["document_id"]),
    ("indicators", ["document_id", "number"]),
    ("indicators", ["ministry"]),
    ("indicators", ["pillar"]),
]

# Questions and answers are indexed as printed and lemmatised (m002), so one index answers
# both "opmerkingen" (as printed) and "opmerking" (lemma) for Datasette and the CLI.
FTS: dict[str, list[str]] = {
    "questions": ["text", "text_lemmas"],
    "answers": ["text", "text_lemmas"],
    "documents": ["title", "body"],
    "indicators": ["indicator", "progress"],  # m004
}

# remove_diacritics lets "Curacao" find "Curaçao"; porter would stem Dutch as English.
FTS_TOKENIZE = "unicode61 remove_diacritics 2"

VIEWS: dict[str, str] = {
    # One row per question number: a block printed as "Vraag 9 en 10" gives rows 9 and 10,
    # and several questions that share one answer each carry that answer. ``party`` is the
    # question's single party; ``parties`` every party (question_parties) as a JSON array.
    "qa": """
        select
            questions.id as question_id,
            questions.document_id,
            documents.kind as kind,
            documents.date as date,
            substr(documents.date, 1, 4) as year,
            questions.number,
            questions.label,
            parties.name as party,
            questions.text as question,
            answers.text as answer,
            answers.label as answer_label,
            questions.page,
            (select json_group_array(name) from (
                select parties.name from question_parties
                join parties on parties.id = question_parties.party_id
                where question_parties.question_id = questions.id order by parties.name)
            ) as parties
        from questions
        join documents on documents.id = questions.document_id
        left join parties on parties.id = questions.party_id
        left join answers on answers.id = questions.answer_id
        order by questions.document_id, questions.number
    """,
    # "Who refers to this letter?": keyed on the normalised target, so it answers even
    # for documents that are not in the database themselves.
    "cited_by": """
        select
            citations.target as document_id,
            cited.title as document_title,
            citations.document_id as citing_document_id,
            citing.title as citing_title,
            citing.kind as citing_kind,
            citing.date as citing_date,
            citations.context,
            citations.context_id,
            citations.raw,
            citations.id as citation_id
        from citations
        join documents as citing on citing.id = citations.document_id
        left join documents as cited on cited.id = citations.target
        order by citations.target, citing.date, citations.id
    """,
    # One row per question and theme: facet by theme next to party and year. ``parties`` (as
    # in qa) is a JSON array of every party of the question, joint questions included, for
    # Datasette's array facet.
    "themed_questions": """
        select
            questions.id as question_id,
            questions.document_id,
            documents.date as date,
            substr(documents.date, 1, 4) as year,
            questions.number,
            parties.name as party,
            themes.name as theme,
            question_themes.terms as matched_terms,
            questions.text as question,
            answers.text as answer,
            (select json_group_array(name) from (
                select parties.name from question_parties
                join parties on parties.id = question_parties.party_id
                where question_parties.question_id = questions.id order by parties.name)
            ) as parties
        from question_themes
        join questions on questions.id = question_themes.question_id
        join themes on themes.id = question_themes.theme_id
        join documents on documents.id = questions.document_id
        left join parties on parties.id = questions.party_id
        left join answers on answers.id = questions.answer_id
        order by questions.document_id, questions.number, themes.name
    """,
}


def _create_tables(db: sqlite_utils.Database) -> None:
    for name, spec in TABLES.items():
        db[name].create(
            spec["columns"],
            pk=spec["pk"],
            foreign_keys=spec.get("foreign_keys"),
            if_not_exists=True,
        )


def _create_indexes(db: sqlite_utils.Database) -> None:
    for table, columns in INDEXES:
        db[table].create_index(columns, if_not_exists=True)


def _enable_fts(db: sqlite_utils.Database) -> None:
    for table, columns in FTS.items():
        if not db[table].detect_fts():
            db[table].enable_fts(
                columns, create_triggers=True, tokenize=FTS_TOKENIZE
            )


def _create_views(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


def m001_initial_shape(db: sqlite_utils.Database) -> None:
    _create_tables(db)
    _create_indexes(db)
    _enable_fts(db)
    _create_views(db)


def m002_search_themes_similar(db: sqlite_utils.Database) -> None:
    """Lemma columns in the question and answer FTS indexes; themes; similar questions.

    Rows stored before this migration get their lemmas and themes when their documents
    are parsed again (PARSER_VERSION 2 in db/writes.py makes the next build do that).
    """
    for table in ("questions", "answers"):
        if "text_lemmas" not in db[table].columns_dict:
            db[table].add_column("text_lemmas", str)
    _create_tables(db)
    _create_indexes(db)
    for table in ("questions", "answers"):
        fts = db[table].detect_fts()
        if fts and [c.name for c in db[fts].columns] != FTS[table]:
            db[table].disable_fts()
    _enable_fts(db)
    for table in ("questions", "answers"):
        db[table].rebuild_fts()


def m003_document_sources(db: sqlite_utils.Database) -> None:
    _create_tables(db)
    _create_indexes(db)
    db.execute(
        "insert or ignore into document_sources "
        "(source_file, document_id, sha256, format, status, parser_version) "
        "select source_file, id, sha256, lower(replace(source_file, rtrim(source_file, "
        "replace(source_file, '.', '')), '')), 'stored', parser_version from documents"
    )


def m004_indicators(db: sqlite_utils.Database) -> None:
    """The ``indicators`` table with its indexes and full-text search. Attachments stored
    before it get their rows when parsed again (PARSER_VERSION 3 in db/writes.py)."""
    _create_tables(db)
    _create_indexes(db)
    _enable_fts(db)


def m005_question_parties_sections(db: sqlite_utils.Database) -> None:
    """Parties of joint questions, the section a question stands under, the TK case number.

    Rows of questions stored before it get their parties from questions.party_id; documents
    are parsed again (PARSER_VERSION 5) for the rest.
    """
    for table, column in (("documents", "vraagnummer"), ("questions", "section")):
        if column not in db[table].columns_dict:
            db[table].add_column(column, str)
    _create_tables(db)
    _create_indexes(db)
    db.execute(
        "insert or ignore into question_parties (question_id, party_id, document_id) "
        "select id, party_id, document_id from questions where party_id is not null"
    )


def m006_sync_state(db: sqlite_utils.Database) -> None:
    """The ``sync_state`` table of ``kamerqa sync``."""
    _create_tables(db)


def m007_integrity(db: sqlite_utils.Database) -> None:
    """documents.damaged, document_warnings, and similar_pending. Every stored question is
    marked pending once, so the first build after this migration recomputes similar_questions
    (which a killed build may have left incomplete)."""
    if "damaged" not in db["documents"].columns_dict:
        db["documents"].add_column("damaged", str)
    _create_tables(db)
    db.execute("insert or ignore into similar_pending (question_id, reverse) select id, 0 from questions")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    m001_initial_shape,
    m002_search_themes_similar,
    m003_document_sources,
    m004_indicators,
    m005_question_parties_sections,
    m006_sync_state,
    m007_integrity,
]


def ensure_shape(db: sqlite_utils.Database) -> None:
    """Apply every migration not yet recorded in ``_migrations``; idempotent."""
    db["_migrations"].create(
        {"name": str, "applied_at": str}, pk="name", if_not_exists=True
    )
    applied = {row["name"] for row in db["_migrations"].rows}
    for migration in MIGRATIONS:
        if migration.__name__ in applied:
            continue
        with db.atomic():
            migration(db)
            db["_migrations"].insert(
                {
                    "name": migration.__name__,
                    "applied_at": datetime.datetime.now(datetime.timezone.utc)
                    .isoformat(timespec="seconds"),
                }
            )
    # Views are derived, not data: refreshing them lets a later release change a view
    # without a migration.
    _create_views(db)
