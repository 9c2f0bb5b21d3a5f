"""Storing parsed documents.

Each document is written in one transaction: its old rows (from any earlier version of the
same file, or an earlier file with the same official id) are deleted and the new ones
inserted, so a crash or a bad file never leaves a half-written document behind.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from pathlib import Path
from typing import Iterable, Optional

import sqlite_utils

from kamerqa.parsers.model import Member, ParsedDocument
from kamerqa.parsers.parties import party_details

from .schema import DOCUMENT_CHILD_TABLES

# Bump when a parser change means stored documents must be parsed again.
PARSER_VERSION = "5"  # 5: parties of joint questions, sections, vraagnummer


def slugify(text: str) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def party_id(name: Optional[str]) -> Optional[str]:
    return slugify(name) if name else None


def member_id(member: Member) -> str:
    # A name alone is ambiguous across parliaments; the party narrows it without
    # claiming an identity we cannot check.
    return slugify(f"{member.name} {member.party or ''}")


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _party_row(name: str) -> dict:
    full_name, aliases = party_details(name)
    return {
        "id": party_id(name),
        "name": name,
        "full_name": full_name,
        "aliases": json.dumps(aliases, ensure_ascii=False),
    }


def _delete_document(db: sqlite_utils.Database, document_id: str) -> None:
    for table, column, parent in DERIVED_ROWS:
        db.execute(
            f"delete from [{table}] where [{column}] in "
            f"(select id from [{parent}] where document_id = ?)",
            [document_id],
        )
    for table in DOCUMENT_CHILD_TABLES:
        db.execute(f"delete from [{table}] where document_id = ?", [document_id])
    db.execute("delete from documents where id = ?", [document_id])


# Rows derived from a document's questions and answers, deleted with them.
DERIVED_ROWS = (
    ("question_themes", "question_id", "questions"),
    ("answer_themes", "answer_id", "answers"),
    ("similar_questions", "question_id", "questions"),
    ("similar_questions", "similar_question_id", "questions"),
)


def _lemmas(part) -> str:
    if part.lemmas is not None:
        return part.lemmas
    from kamerqa.parsers.lemmas import lemmatize  # not annotated in a worker: do it here

    return lemmatize(part.text)


def _themes(part) -> list:
    if part.themes is not None:
        return part.themes
    from kamerqa.parsers.themes import match_themes

    return [(m.theme_id, m.terms) for m in match_themes(part.text)]


def theme_rows(did: str, doc: ParsedDocument) -> dict[str, list[dict]]:
    question_themes = {
        (f"{did}-{q.key}", theme_id): {
            "question_id": f"{did}-{q.key}",
            "theme_id": theme_id,
            "terms": json.dumps(list(terms), ensure_ascii=False),
        }
        for q in doc.questions
        for theme_id, terms in _themes(q)
    }
    answer_themes = {
        (f"{did}-{a.key}", theme_id): {
            "answer_id": f"{did}-{a.key}",
            "theme_id": theme_id,
            "terms": json.dumps(list(terms), ensure_ascii=False),
        }
        for a in doc.answers
        for theme_id, terms in _themes(a)
    }
    return {
        "question_themes": list(question_themes.values()),
        "answer_themes": list(answer_themes.values()),
    }


def store_themes(db: sqlite_utils.Database) -> None:
    """The theme vocabulary's themes as rows of ``themes`` (upserted, never deleted)."""
    from kamerqa.parsers.themes import load_themes

    with db.atomic():
        db["themes"].upsert_all(
            (
                {"id": t.id, "name": t.name, "description": t.description}
                for t in load_themes()
            ),
            pk="id",
        )


def document_ids_for_source(db: sqlite_utils.Database, source_file: str) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "select id from documents where source_file = ?", [source_file]
        ).fetchall()
    ]


def is_current(
    db: sqlite_utils.Database, source_file: str, sha256: str
) -> bool:
    """True when this exact file was already ingested (stored or kept as an alternate)
    by this parser version."""
    return bool(
        db.execute(
            "select 1 from document_sources where source_file = ? and sha256 = ? "
            "and parser_version = ?",
            [source_file, sha256, PARSER_VERSION],
        ).fetchone()
    )


# When several files carry the same document, the official XML is the ground truth and
# a PDF beats a text export.
FORMAT_RANK = {".xml": 3, ".pdf": 2, ".txt": 1}


def source_format(source_file: str) -> str:
    return Path(source_file).suffix.lower()


def _outranks(existing_source: str, new_source: str) -> bool:
    """Whether the stored file should stay the source of a document also found in
    ``new_source``. Equal formats keep the file stored first, so rebuilds are stable."""
    if existing_source == new_source or not Path(existing_source).exists():
        return False
    return FORMAT_RANK.get(source_format(existing_source), 0) >= FORMAT_RANK.get(
        source_format(new_source), 0
    )


def _record_source(
    db: sqlite_utils.Database, doc: ParsedDocument, status: str
) -> None:
    db["document_sources"].upsert(
        {
            "source_file": doc.source_file,
            "document_id": doc.id,
            "sha256": doc.sha256,
            "format": source_format(doc.source_file).lstrip("."),
            "status": status,
            "parser_version": PARSER_VERSION,
        },
        pk="source_file",
    )


def question_party_names(doc: ParsedDocument, question) -> list[str]:
    """Every party a question belongs to: its own party and its members' parties, or, where the
    parser names no one per question, the parties of the document's askers (joint Kamervragen)."""
    names = [question.party] if question.party else []
    members = question.members or ([] if question.party else doc.askers)
    names += [member.party for member in members if member.party]
    return list(dict.fromkeys(names))


def document_rows(doc: ParsedDocument) -> dict[str, list[dict]]:
    """The rows a parsed document becomes, table by table."""
    did = doc.id
    extra = dict(doc.extra)
    answers = [
        {
            "id": f"{did}-{answer.key}",
            "document_id": did,
            "label": answer.label,
            "text": answer.text,
            "page": answer.page,
            "text_lemmas": _lemmas(answer),
        }
        for answer in doc.answers
    ]
    parties_of = {question.key: question_party_names(doc, question) for question in doc.questions}
    questions = [
        {
            "id": f"{did}-{question.key}",
            "document_id": did,
            "number": question.number,
            "label": question.label,
            "party_id": party_id(
                question.party
                or (parties_of[question.key][0] if len(parties_of[question.key]) == 1 else None)
            ),
            "text": question.text,
            "page": question.page,
            "answer_id": f"{did}-{question.answer_key}" if question.answer_key else None,
            "text_lemmas": _lemmas(question),
            "section": question.section,
        }
        for question in doc.questions
    ]
    question_parties = [
        {"question_id": f"{did}-{question.key}", "party_id": party_id(name), "document_id": did}
        for question in doc.questions
        for name in parties_of[question.key]
    ]
    footnotes = [
        {
            "id": f"{did}-{footnote.key}",
            "document_id": did,
            "number": footnote.number,
            "text": footnote.text,
            "page": footnote.page,
            "context": footnote.context,
            "context_id": f"{did}-{footnote.context_key}" if footnote.context_key else None,
        }
        for footnote in doc.footnotes
    ]
    citations = [
        {
            "id": f"{did}-c{index}",
            "document_id": did,
            "context": citation.context,
            "context_id": f"{did}-{citation.context_key}" if citation.context_key else None,
            "raw": citation.raw,
            "target": citation.target,
            "kind": citation.kind,
            "target_document_id": None,
            "url": citation.url,
            "dossier": citation.dossier,
            "submitter": citation.submitter,
        }
        for index, citation in enumerate(doc.citations, start=1)
    ]
    indicators = [
        {
            "id": f"{did}-i{number}",
            "document_id": did,
            "number": number,
            "ministry": indicator.ministry,
            "pillar": indicator.pillar,
            "goal": indicator.goal,
            "subgoal": indicator.subgoal,
            "indicator": indicator.indicator,
            "progress": indicator.progress,
            "page": indicator.page,
        }
        for number, indicator in enumerate(doc.indicators, start=1)
    ]
    document = {
        "id": did,
        "kind": doc.kind,
        "title": doc.title,
        "date": doc.date,
        "dossier": doc.dossier,
        "number": doc.number,
        "vergaderjaar": doc.vergaderjaar,
        "source_file": doc.source_file,
        "sha256": doc.sha256,
        "pages": doc.pages,
        "parser_version": PARSER_VERSION,
        "signatories": json.dumps(doc.signatories, ensure_ascii=False),
        "minister": extra.pop("minister", None),
        "ministry": extra.pop("ministry", None),
        "submitted": extra.pop("submitted", None),
        "received": extra.pop("received", None),
        "official_url": extra.pop("official_url", None),
        "body": doc.body,
        "extra": json.dumps(extra, ensure_ascii=False, sort_keys=True),
        "vraagnummer": doc.vraagnummer,
    }
    members = [
        {"id": member_id(m), "name": m.name, "party_id": party_id(m.party)}
        for m in doc.askers
    ]
    askers = [{"document_id": did, "member_id": row["id"]} for row in members]
    parties = sorted(
        {name for names in parties_of.values() for name in names}
        | {m.party for m in doc.askers if m.party}
    )
    return {
        "documents": [document],
        "parties": [_party_row(name) for name in parties],
        "members": members,
        "askers": askers,
        "answers": answers,
        "questions": questions,
        "question_parties": question_parties,
        "footnotes": footnotes,
        "citations": citations,
        "indicators": indicators,
        **theme_rows(did, doc),
    }


def store_dossiers(db: sqlite_utils.Database, doc: ParsedDocument) -> None:
    """Every dossier the document belongs to or cites gets a row; a printed title fills
    an empty one and never overwrites another's."""
    dossiers = {c.dossier for c in doc.citations if c.dossier}
    if doc.dossier:
        dossiers.add(doc.dossier)
    db["dossiers"].insert_all(
        ({"id": dossier, "title": None} for dossier in sorted(dossiers)),
        pk="id",
        ignore=True,
    )
    if doc.dossier and doc.extra.get("dossier_title"):
        db.execute(
            "update dossiers set title = ? where id = ? and title is null",
            [doc.extra["dossier_title"], doc.dossier],
        )


def store_document(db: sqlite_utils.Database, doc: ParsedDocument) -> str:
    """Replace everything stored for this document (and this file) in one transaction.

    Returns "stored", or "alternate" when a better source of the same document (its
    official XML, say) is already stored; then only the file is recorded.
    """
    rows = document_rows(doc)
    with db.atomic():
        db.execute("delete from ingest_errors where source_file = ?", [doc.source_file])
        existing = db.execute(
            "select source_file from documents where id = ?", [doc.id]
        ).fetchone()
        if existing and _outranks(existing[0], doc.source_file):
            _record_source(db, doc, "alternate")
            return "alternate"
        stale = set(document_ids_for_source(db, doc.source_file)) | {doc.id}
        for document_id in stale:
            _delete_document(db, document_id)
        if existing and existing[0] != doc.source_file:
            db.execute(
                "update document_sources set status = 'alternate' where source_file = ?",
                [existing[0]],
            )
        store_dossiers(db, doc)
        db["parties"].upsert_all(rows["parties"], pk="id")
        db["members"].upsert_all(rows["members"], pk="id")
        for table in (
            "documents", "answers", "questions", "question_parties", "footnotes", "citations", "askers",
            "question_themes", "answer_themes", "indicators",
        ):
            if rows[table]:
                db[table].insert_all(rows[table], pk=None, replace=True)
        _record_source(db, doc, "stored")
        resolve_citations(db, doc.id, stale - {doc.id})
    return "stored"


def resolve_citations(
    db: sqlite_utils.Database, document_id: str, removed_ids: Iterable[str] = ()
) -> None:
    """Link citations to stored documents: this document's own citations, and every
    earlier citation of it.

    Done on every write, so building in any order gives the same links and a document
    added later resolves the citations stored before it.
    """
    for removed in removed_ids:
        db.execute(
            "update citations set target_document_id = null where target_document_id = ?",
            [removed],
        )
    db.execute(
        "update citations set target_document_id = target "
        "where document_id = ? and target in (select id from documents)",
        [document_id],
    )
    db.execute(
        "update citations set target_document_id = ? where target = ?",
        [document_id, document_id],
    )


def record_error(
    db: sqlite_utils.Database, source_file: str, sha256: Optional[str], error: str
) -> None:
    with db.atomic():
        db["ingest_errors"].upsert(
            {"source_file": source_file, "sha256": sha256, "error": error, "at": _now()},
            pk="source_file",
        )


def table_counts(db: sqlite_utils.Database, tables: Iterable[str]) -> dict[str, int]:
    return {table: db[table].count for table in tables}
