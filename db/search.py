"""Dutch-aware full-text search over questions and answers.

The FTS5 indexes ``questions_fts`` and ``answers_fts`` hold each text twice: as printed
(``text``) and lemmatised (``text_lemmas``), both with diacritics folded. A query word is
looked up in both forms: "opmerkingen" becomes ``("opmerkingen" OR "opmerking")``, which
finds the printed word in ``text`` and every inflection of it in ``text_lemmas``. A quoted
phrase is matched exactly, as printed, in ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import sqlite_utils

from kamerqa.parsers.lemmas import lemma, words

_PHRASE = re.compile(r'"([^"]*)"')


@dataclass
class Query:
    terms: list[str]  # single words, as typed
    phrases: list[str]  # quoted phrases, as typed
    prefixes: list[str]  # words typed with a trailing *


def parse_query(text: str) -> Query:
    phrases = [p.strip() for p in _PHRASE.findall(text) if p.strip()]
    rest = _PHRASE.sub(" ", text)
    terms: list[str] = []
    prefixes: list[str] = []
    for chunk in rest.split():
        if chunk.endswith("*") and len(chunk.rstrip("*")) >= 2:
            prefixes += [w.lower() for w in words(chunk.rstrip("*"))][:1]
            continue
        terms += words(chunk)
    return Query(terms, phrases, prefixes)


def fts_string(text: str) -> str:
    """An FTS5 string literal: the tokenizer splits it, so "nap-iv" is the phrase nap iv."""
    return '"' + text.replace('"', '""') + '"'


def term_forms(term: str) -> list[str]:
    """The forms a query word is searched by: as typed (lower case) and its lemma."""
    forms = [term.lower()]
    found = lemma(term)
    if found not in forms:
        forms.append(found)
    return forms


def fts_query(text: str) -> Optional[str]:
    """The FTS5 MATCH expression for a search box query; None when it has no words."""
    query = parse_query(text)
    parts = []
    for phrase in query.phrases:
        parts.append("text : " + fts_string(phrase))
    for term in query.terms:
        forms = [fts_string(f) for f in term_forms(term)]
        parts.append(forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")")
    for prefix in query.prefixes:
        parts.append(fts_string(prefix) + " *")
    return " AND ".join(parts) if parts else None


def party_id_for(db: sqlite_utils.Database, party: Optional[str]) -> Optional[str]:
    """A party given by id, name or full name (any case) -> its id; unknown -> the input."""
    if not party:
        return None
    row = db.execute(
        "select id from parties where lower(id) = lower(?) or lower(name) = lower(?) "
        "or lower(full_name) = lower(?)",
        [party, party, party],
    ).fetchone()
    return row[0] if row else party


# Each index gives its best ``cap`` rows by bm25 before anything is joined, so a common
# word costs one pass over its postings and not a join per matching row. A party filter
# has to look at every match (it is applied before the cap).
_QUESTION_HITS = """
    select questions.id as question_id, hits.rank, 'question' as matched_in, hits.rowid as fts_rowid
    from (
        select questions_fts.rowid, questions_fts.rank from questions_fts
        {party_join}
        where questions_fts match :match {party_where}
        order by questions_fts.rank limit :cap
    ) as hits
    join questions on questions.rowid = hits.rowid
"""
_ANSWER_HITS = """
    select questions.id as question_id, hits.rank, 'answer' as matched_in, hits.rowid as fts_rowid
    from (
        select answers_fts.rowid, answers_fts.rank from answers_fts
        {party_join}
        where answers_fts match :match {party_where}
        order by answers_fts.rank limit :cap
    ) as hits
    join answers on answers.rowid = hits.rowid
    join questions on questions.document_id = answers.document_id
        and questions.answer_id = answers.id
"""
_PARTY_QUESTIONS = (
    "join questions as q on q.rowid = questions_fts.rowid",
    "and q.party_id = :party",
)
_PARTY_ANSWERS = (
    "join answers as a on a.rowid = answers_fts.rowid "
    "join questions as q on q.document_id = a.document_id and q.answer_id = a.id",
    "and q.party_id = :party",
)

RESULT_SQL = """
select
    questions.id as question_id,
    questions.document_id,
    documents.date,
    parties.name as party,
    questions.number,
    questions.label,
    questions.text as question,
    answers.text as answer,
    documents.official_url
from questions
join documents on documents.id = questions.document_id
left join parties on parties.id = questions.party_id
left join answers on answers.id = questions.answer_id
where questions.id = ?
"""


def _hits_sql(template: str, party_parts: tuple[str, str], party: bool) -> str:
    join, where = party_parts if party else ("", "")
    return template.format(party_join=join, party_where=where)


def search(
    db: sqlite_utils.Database,
    text: str,
    party: Optional[str] = None,
    limit: int = 20,
) -> list[dict]:
    """Questions whose text, or whose answer, matches ``text``; best first. Each result
    has the question, its answer, where it matched and a snippet around the match."""
    match = fts_query(text)
    if match is None:
        return []
    party_id = party_id_for(db, party)
    params = {"match": match, "party": party_id, "cap": limit * 3 + 20}
    best: dict[str, dict] = {}
    for template, parts in ((_QUESTION_HITS, _PARTY_QUESTIONS), (_ANSWER_HITS, _PARTY_ANSWERS)):
        sql = _hits_sql(template, parts, party_id is not None)
        for question_id, rank, matched_in, fts_rowid in db.execute(sql, params).fetchall():
            hit = best.get(question_id)
            if hit is None:
                best[question_id] = {"rank": rank, "matched_in": [matched_in], "at": (matched_in, fts_rowid)}
                continue
            if matched_in not in hit["matched_in"]:
                hit["matched_in"].append(matched_in)
            if rank < hit["rank"]:
                hit["rank"], hit["at"] = rank, (matched_in, fts_rowid)
    ordered = sorted(best.items(), key=lambda item: (item[1]["rank"], item[0]))[:limit]
    columns = [
        "question_id", "document_id", "date", "party", "number", "label",
        "question", "answer", "official_url",
    ]
    out = []
    for question_id, hit in ordered:
        row = dict(zip(columns, db.execute(RESULT_SQL, [question_id]).fetchone()))
        table = "questions_fts" if hit["at"][0] == "question" else "answers_fts"
        snippet = db.execute(
            f"select snippet({table}, 0, '[', ']', '…', 16) from {table} "
            f"where {table} match ? and rowid = ?",
            [match, hit["at"][1]],
        ).fetchone()
        out.append({
            **row,
            "rank": hit["rank"],
            "matched_in": ",".join(sorted(hit["matched_in"], reverse=True)),
            "snippet": snippet[0] if snippet else None,
        })
    return out
