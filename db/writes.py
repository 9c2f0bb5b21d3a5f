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
PARSER_VERSION = "8"  # 8: damage read from the file's bytes, the PDFium reader by default; 5: parties of joint questions, sections, vraagnummer; 6: grouped VSO, TK Word header, furniture by repetition; 7: one Kamervragen parser for every format, .docx letters, handelingen


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
    # Questions elsewhere that linked to this document's questions lose those links: their
    # next best earlier questions are then due, so they are recomputed.
    db.execute(
        "insert or ignore into similar_pending (question_id, reverse) "
        "select question_id, 0 from similar_questions where similar_question_id in "
        "(select id from questions where document_id = ?)",
        [document_id],
    )
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


def theme_rows(doc: ParsedDocument, ids: dict) -> dict[str, list[dict]]:
    """Theme matches of each question and answer, under their ids from ``part_ids``."""
    def rows(parts, part_ids, column):
        return [
            {column: part_id, "theme_id": theme_id, "terms": json.dumps(list(terms), ensure_ascii=False)}
            for part, part_id in zip(parts, part_ids)
            for theme_id, terms in dict(_themes(part)).items()
        ]

    return {
        "question_themes": rows(doc.questions, ids["questions"], "question_id"),
        "answer_themes": rows(doc.answers, ids["answers"], "answer_id"),
    }


def store_themes(db: sqlite_utils.Database) -> None:
    """The theme vocabulary's themes as rows of ``themes`` (upserted, never deleted). A row
    that is already as it should be is not written, so a build that changes nothing makes
    no change to the database (``ingest.pipeline.build_database`` relies on that)."""
    from kamerqa.parsers.themes import load_themes

    with db.atomic():
        db.conn.executemany(
            "insert into themes (id, name, description) values (?, ?, ?) "
            "on conflict (id) do update set name = excluded.name, description = excluded.description "
            "where name is not excluded.name or description is not excluded.description",
            [(t.id, t.name, t.description) for t in load_themes()],
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


# SQLite integers are 64-bit; a number printed larger ("Vraag 99999999999999999999") keeps
# its printed label and key, and its number column stays empty.
_SQLITE_INT = range(-(2**63), 2**63)


def _storable_number(number: Optional[int]) -> Optional[int]:
    return number if number is None or number in _SQLITE_INT else None


def distinct_keys(keys: Iterable[str]) -> tuple[list[str], list[str]]:
    """Keys made distinct within a document, in order, and the keys that were repeated.

    A parser's keys come from printed labels, which a document can repeat ("Antwoord 1"
    twice, bare "Antwoord" blocks): the second "a1" becomes "a1-2", the third "a1-3", so
    every parsed part gets a row of its own instead of replacing the one before it.
    """
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return out, [key for key, count in seen.items() if count > 1]


def part_ids(did: str, doc: ParsedDocument) -> dict:
    """Database ids of the document's questions, answers and footnotes (lists in parse
    order, distinct) and the printed keys that were repeated."""
    questions, repeated_q = distinct_keys(q.key for q in doc.questions)
    answers, repeated_a = distinct_keys(a.key for a in doc.answers)
    footnotes, repeated_f = distinct_keys(f.key for f in doc.footnotes)
    return {
        "questions": [f"{did}-{key}" for key in questions],
        "answers": [f"{did}-{key}" for key in answers],
        "footnotes": [f"{did}-{key}" for key in footnotes],
        "repeated": repeated_q + repeated_a + repeated_f,
    }


def _answer_ids_by_key(doc: ParsedDocument, answer_ids: list[str]) -> dict[str, list[str]]:
    by_key: dict[str, list[str]] = {}
    for answer, answer_id in zip(doc.answers, answer_ids):
        by_key.setdefault(answer.key, []).append(answer_id)
    return by_key


def _question_answer_ids(doc: ParsedDocument, answer_ids: list[str]) -> list[Optional[str]]:
    """The answer id of each question: the n-th question printed with a repeated key is
    served by the n-th answer with its answer key (a VSO printing the same pair twice),
    or by the last one there is."""
    by_key = _answer_ids_by_key(doc, answer_ids)
    occurrence: dict[str, int] = {}
    out = []
    for question in doc.questions:
        index = occurrence.get(question.key, 0)
        occurrence[question.key] = index + 1
        candidates = by_key.get(question.answer_key or "", [])
        out.append(candidates[min(index, len(candidates) - 1)] if candidates else None)
    return out


def document_rows(doc: ParsedDocument) -> dict[str, list[dict]]:
    """The rows a parsed document becomes, table by table."""
    did = doc.id
    extra = dict(doc.extra)
    ids = part_ids(did, doc)
    answers = [
        {
            "id": answer_id,
            "document_id": did,
            "label": answer.label,
            "text": answer.text,
            "page": answer.page,
            "text_lemmas": _lemmas(answer),
        }
        for answer, answer_id in zip(doc.answers, ids["answers"])
    ]
    parties_of = [question_party_names(doc, question) for question in doc.questions]
    questions = [
        {
            "id": question_id,
            "document_id": did,
            "number": _storable_number(question.number),
            "label": question.label,
            "party_id": party_id(
                question.party or (names[0] if len(names) == 1 else None)
            ),
            "text": question.text,
            "page": question.page,
            "answer_id": answer_id,
            "text_lemmas": _lemmas(question),
            "section": question.section,
        }
        for question, question_id, names, answer_id in zip(
            doc.questions, ids["questions"], parties_of, _question_answer_ids(doc, ids["answers"])
        )
    ]
    question_parties = list({
        (question_id, party_id(name)): {
            "question_id": question_id, "party_id": party_id(name), "document_id": did,
        }
        for question_id, names in zip(ids["questions"], parties_of)
        for name in names
    }.values())
    footnotes = [
        {
            "id": footnote_id,
            "document_id": did,
            "number": _storable_number(footnote.number),
            "text": footnote.text,
            "page": footnote.page,
            "context": footnote.context,
            "context_id": f"{did}-{footnote.context_key}" if footnote.context_key else None,
        }
        for footnote, footnote_id in zip(doc.footnotes, ids["footnotes"])
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
        "damaged": None,
    }
    members = list({
        member_id(m): {"id": member_id(m), "name": m.name, "party_id": party_id(m.party)}
        for m in doc.askers
    }.values())
    askers = [{"document_id": did, "member_id": row["id"]} for row in members]
    parties = sorted(
        {name for names in parties_of for name in names}
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
        **theme_rows(doc, ids),
        "document_warnings": [
            warning_row(doc, "duplicate_label", f"printed label {key!r} repeats; stored under distinct ids")
            for key in ids["repeated"]
        ],
    }


def warning_row(doc: ParsedDocument, kind: str, message: str, count: int = 1) -> dict:
    return {
        "document_id": doc.id, "source_file": doc.source_file, "kind": kind,
        "message": message, "count": count,
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


def store_document(
    db: sqlite_utils.Database,
    doc: ParsedDocument,
    warnings: Iterable[tuple[str, str, int]] = (),
    damaged: Optional[str] = None,
) -> str:
    """Replace everything stored for this document (and this file) in one transaction.

    ``warnings`` are (kind, message, count) of what went wrong reading the file, stored in
    ``document_warnings``; ``damaged`` says why the text is known to be incomplete and is
    stored in ``documents.damaged``. The document's questions are marked in
    ``similar_pending`` in the same transaction.

    Returns "stored", or "alternate" when a better source of the same document (its
    official XML, say) is already stored; then only the file is recorded.
    """
    rows = document_rows(doc)
    rows["documents"][0]["damaged"] = damaged
    rows["document_warnings"] += [warning_row(doc, *warning) for warning in warnings]
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
            "question_themes", "answer_themes", "indicators", "document_warnings",
        ):
            if rows[table]:
                # every row of a table has its own key (see part_ids): a plain insert, so
                # a key that still repeats fails loudly instead of replacing a row
                db[table].insert_all(rows[table], pk=None)
        db.execute(
            "insert into similar_pending (question_id, reverse) "
            "select id, 1 from questions where document_id = ? "
            "on conflict (question_id) do update set reverse = 1",
            [doc.id],
        )
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


SOURCE_FILE_TABLES = ("documents", "document_sources", "ingest_errors", "document_warnings")


def respell_source_files(db: sqlite_utils.Database, resolve) -> None:
    """Store every relative ``source_file`` (as builds before resolved paths wrote them)
    under ``resolve(source_file)``, when that file exists, so a file is one row however
    its path was typed. A row already under the resolved spelling wins."""
    relative = {
        row[0]
        for table in SOURCE_FILE_TABLES
        for row in db.execute(f"select distinct source_file from [{table}] where source_file not like '/%'")
    }
    renames = {old: str(resolve(old)) for old in relative if Path(old).exists()}
    if not renames:
        return
    with db.atomic():
        for old, new in renames.items():
            for table in SOURCE_FILE_TABLES:
                db.execute(f"update or ignore [{table}] set source_file = ? where source_file = ?", [new, old])
                db.execute(f"delete from [{table}] where source_file = ?", [old])


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


def remove_source_file(db: sqlite_utils.Database, source_file: str) -> list[str]:
    """Forget a file that its source deleted. When it was the stored source of a document,
    the document goes too; returns that document's other files (its alternate sources), which
    must be parsed again to take its place."""
    with db.atomic():
        row = db.execute(
            "select document_id, status from document_sources where source_file = ?", [source_file]
        ).fetchone()
        db.execute("delete from document_sources where source_file = ?", [source_file])
        db.execute("delete from ingest_errors where source_file = ?", [source_file])
        if not row or row[1] != "stored":
            return []
        document_id = row[0]
        alternates = [
            r[0] for r in db.execute(
                "select source_file from document_sources where document_id = ?", [document_id]
            ).fetchall()
        ]
        _delete_document(db, document_id)
        db.execute("delete from document_sources where document_id = ?", [document_id])
        db.execute(
            "update citations set target_document_id = null where target_document_id = ?", [document_id]
        )
    return alternates
