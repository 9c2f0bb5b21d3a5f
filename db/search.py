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

from parsers.lemmas import lemma, words

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


SEARCH_SQL = """
with hits as (
    select * from (
        select questions.id as question_id, bm25(questions_fts) as rank,
            'question' as matched_in,
            snippet(questions_fts, 0, '[', ']', '…', 16) as snippet
        from questions_fts
        join questions on questions.rowid = questions_fts.rowid
        where questions_fts match :match
            and (:party is null or questions.party_id = :party)
        order by rank limit :cap
    )
    union all
    select * from (
        select questions.id, bm25(answers_fts) as rank, 'answer',
            snippet(answers_fts, 0, '[', ']', '…', 16)
        from answers_fts
        join answers on answers.rowid = answers_fts.rowid
        join questions on questions.answer_id = answers.id
        where answers_fts match :match
            and (:party is null or questions.party_id = :party)
        order by rank limit :cap
    )
)
select
    questions.id as question_id,
    questions.document_id,
    documents.date,
    parties.name as party,
    questions.number,
    questions.label,
    min(hits.rank) as rank,
    group_concat(distinct hits.matched_in) as matched_in,
    hits.snippet,
    questions.text as question,
    answers.text as answer,
    documents.official_url
from hits
join questions on questions.id = hits.question_id
join documents on documents.id = questions.document_id
left join parties on parties.id = questions.party_id
left join answers on answers.id = questions.answer_id
group by questions.id
order by rank, questions.document_id, questions.number
limit :limit
"""


def search(
    db: sqlite_utils.Database,
    text: str,
    party: Optional[str] = None,
    limit: int = 20,
) -> list[dict]:
    """Questions whose text, or whose answer, matches ``text``; best first."""
    match = fts_query(text)
    if match is None:
        return []
    params = {
        "match": match,
        "party": party_id_for(db, party),
        "limit": limit,
        "cap": limit * 5 + 50,
    }
    return [dict(row) for row in db.query(SEARCH_SQL, params)]
