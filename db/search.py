"""Dutch-aware full-text search over questions and answers.

The FTS5 indexes ``questions_fts`` and ``answers_fts`` hold each text twice: as printed
(``text``) and lemmatised (``text_lemmas``), both with diacritics folded. A query word is
looked up in both forms: "opmerkingen" becomes ``("opmerkingen" OR "opmerking")``, which
finds the printed word in ``text`` and every inflection of it in ``text_lemmas``. A quoted
phrase is matched exactly, as printed, in ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import sqlite_utils

from kamerqa.parsers.lemmas import lemma, query_words
from kamerqa.parsers.parties import canonical_party
from kamerqa.parsers.party_lineage import related_parties

from .writes import slugify

_TOKEN = re.compile(r'-?"[^"]*"|\S+')


@dataclass
class Item:
    """One thing a query asks for: a phrase, a prefix or a word (as typed)."""

    kind: str  # "phrase", "prefix" or "term"
    text: str


@dataclass
class Query:
    terms: list[str]  # single words, as typed (every word the query searches for)
    phrases: list[str]  # quoted phrases, as typed
    prefixes: list[str]  # words typed with a trailing *
    # What must match: every group, and in a group one of its items ("a OR b").
    groups: list[list[Item]] = field(default_factory=list)
    excluded: list[Item] = field(default_factory=list)  # "-word", '-"a phrase"'


def _items(chunk: str) -> list[Item]:
    if chunk.startswith('"'):
        phrase = chunk.strip('"').strip()
        return [Item("phrase", phrase)] if phrase else []
    if chunk.endswith("*") and len(chunk.rstrip("*")) >= 2:
        return [Item("prefix", w.lower()) for w in query_words(chunk.rstrip("*"))][:1]
    return [Item("term", w) for w in query_words(chunk)]


def parse_query(text: str) -> Query:
    """Words (all must occur), "phrases", prefix*, ``a OR b`` and ``-word`` (must not)."""
    groups: list[list[Item]] = []
    excluded: list[Item] = []
    join_next = False
    for token in _TOKEN.findall(text or ""):
        if token in ("OR", "|"):
            join_next = bool(groups)
            continue
        if token.startswith("-") and len(token) > 1:
            excluded += _items(token[1:])
            join_next = False
            continue
        items = _items(token)
        if not items:
            continue
        if join_next:
            # "nap-iv OR vrouwen": an alternative is one word; a hyphenated one a phrase
            alternative = items[0] if len(items) == 1 else Item("phrase", " ".join(i.text for i in items))
            groups[-1].append(alternative)
        else:
            groups += [[item] for item in items]
        join_next = False
    positive = [item for group in groups for item in group]
    return Query(
        terms=[i.text for i in positive if i.kind == "term"],
        phrases=[i.text for i in positive if i.kind == "phrase"],
        prefixes=[i.text for i in positive if i.kind == "prefix"],
        groups=groups,
        excluded=excluded,
    )


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


def _item_fts(item: Item, lemmas: bool) -> str:
    if item.kind == "phrase":
        return f"(text : {fts_string(item.text)})" if lemmas else fts_string(item.text)
    if item.kind == "prefix":
        return fts_string(item.text) + " *"
    forms = [fts_string(f) for f in (term_forms(item.text) if lemmas else [item.text.lower()])]
    return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"


# A search box query is bounded: FTS5's work grows with every term (a 2,000-word query ran
# into the site's time limit after half a minute), and no real question needs more.
MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 40


class QueryTooLong(ValueError):
    """A query over MAX_QUERY_CHARS characters or MAX_QUERY_TERMS words; the message says so."""


def check_query_size(text: str) -> None:
    if len(text or "") > MAX_QUERY_CHARS:
        raise QueryTooLong(
            f"the search text has {len(text):,} characters; at most {MAX_QUERY_CHARS:,} are "
            "searched: use fewer, more telling words"
        )
    terms = len(text.split())
    if terms > MAX_QUERY_TERMS:
        raise QueryTooLong(
            f"the search text has {terms} words; at most {MAX_QUERY_TERMS} are searched: "
            "use fewer, more telling words"
        )


def fts_query(text: str, lemmas: bool = True) -> Optional[str]:
    """The FTS5 MATCH expression for a search box query; None when it has no words to
    look for. With ``lemmas`` (questions and answers, whose index has ``text`` and
    ``text_lemmas``) a word is found as typed or as its lemma and a phrase in ``text``
    only; without, words are matched as typed in every column (documents). A query over
    the bounds raises QueryTooLong."""
    check_query_size(text)
    query = parse_query(text)
    parts = []
    for group in query.groups:
        alternatives = [_item_fts(item, lemmas) for item in group]
        parts.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
    if not parts:
        return None
    expression = " AND ".join(parts)
    if query.excluded:
        expression = f"({expression}) NOT (" + " OR ".join(
            _item_fts(item, lemmas) for item in query.excluded
        ) + ")"
    return expression


def party_id_for(db: sqlite_utils.Database, party: Optional[str]) -> Optional[str]:
    """A party given by id, name, full name or another spelling (any case) -> its id;
    unknown -> the input."""
    if not party:
        return None
    row = db.execute(
        "select id from parties where lower(id) = lower(:p) or lower(name) = lower(:p) "
        "or lower(full_name) = lower(:p) or exists (select 1 from json_each("
        "case when json_valid(parties.aliases) then parties.aliases else '[]' end) "
        "where lower(json_each.value) = lower(:p))",
        {"p": party},
    ).fetchone()
    if row:
        return row[0]
    canonical = canonical_party(party)
    return slugify(canonical) if canonical else party


def party_ids(db: sqlite_utils.Database, party: Optional[str], related: bool = False) -> list[str]:
    """The party ids a party filter stands for: the party, and with ``related`` its
    predecessors and successors (``parsers/data/party_lineage.json``). Empty: no filter."""
    first = party_id_for(db, party)
    if first is None:
        return []
    ids = [first]
    if related:
        name = db.execute("select name from parties where id = ?", [first]).fetchone()
        for other in related_parties(name[0] if name else canonical_party(party) or party)[1:]:
            ids.append(party_id_for(db, other))
    return list(dict.fromkeys(ids))


@dataclass
class Filters:
    """What a search is narrowed to; every field optional. ``parties``: party ids (any of
    them asked the question, joint questions included: ``question_parties``)."""

    parties: list[str] = field(default_factory=list)
    theme: Optional[str] = None  # theme id or name
    year_from: Optional[int] = None
    year_to: Optional[int] = None
    kind: Optional[str] = None  # documents.kind

    def active(self) -> bool:
        return bool(self.parties or self.theme or self.year_from or self.year_to or self.kind)

    def sql(self, question: str = "questions", document: str = "documents") -> tuple[str, dict]:
        """An SQL condition (" and …", empty without filters) on the question and document
        aliases given, with its parameters (named ``kq_…``)."""
        clauses: list[str] = []
        params: dict = {}
        if self.parties:
            names = []
            for i, party in enumerate(self.parties):
                params[f"kq_party{i}"] = party
                names.append(f":kq_party{i}")
            clauses.append(
                f"{question}.id in (select question_id from question_parties "
                f"where party_id in ({', '.join(names)}))"
            )
        if self.theme:
            params["kq_theme"] = self.theme
            clauses.append(
                f"{question}.id in (select question_themes.question_id from question_themes "
                "join themes on themes.id = question_themes.theme_id "
                "where themes.id = :kq_theme or lower(themes.name) = lower(:kq_theme))"
            )
        if self.year_from:
            params["kq_from"] = f"{int(self.year_from):04d}"
            clauses.append(f"substr({document}.date, 1, 4) >= :kq_from")
        if self.year_to:
            params["kq_to"] = f"{int(self.year_to):04d}"
            clauses.append(f"substr({document}.date, 1, 4) <= :kq_to")
        if self.kind:
            params["kq_kind"] = self.kind
            clauses.append(f"{document}.kind = :kq_kind")
        return "".join(" and " + c for c in clauses), params


# Each index gives its best ``cap`` rows by bm25 before anything is joined, so a common
# word costs one pass over its postings and not a join per matching row. Filters have to
# look at every match (they are applied before the cap).
_QUESTION_HITS = """
    select questions.id as question_id, hits.rank, 'question' as matched_in, hits.rowid as fts_rowid
    from (
        select questions_fts.rowid, questions_fts.rank from questions_fts
        {filter_join}
        where questions_fts match :match {filter_where}
        order by questions_fts.rank limit :cap
    ) as hits
    join questions on questions.rowid = hits.rowid
"""
_ANSWER_HITS = """
    select questions.id as question_id, hits.rank, 'answer' as matched_in, hits.rowid as fts_rowid
    from (
        select answers_fts.rowid, answers_fts.rank from answers_fts
        {filter_join}
        where answers_fts match :match {filter_where}
        order by answers_fts.rank limit :cap
    ) as hits
    join answers on answers.rowid = hits.rowid
    join questions on questions.document_id = answers.document_id
        and questions.answer_id = answers.id
"""
_FILTER_QUESTIONS = (
    "join questions as q on q.rowid = questions_fts.rowid "
    "join documents as d on d.id = q.document_id"
)
_FILTER_ANSWERS = (
    "join answers as a on a.rowid = answers_fts.rowid "
    "join questions as q on q.document_id = a.document_id and q.answer_id = a.id "
    "join documents as d on d.id = q.document_id"
)

RESULT_SQL = """
select
    questions.id as question_id,
    questions.document_id,
    documents.date,
    coalesce(parties.name, (
        select group_concat(name, ', ') from (
            select p.name from question_parties as qp join parties as p on p.id = qp.party_id
            where qp.question_id = questions.id order by p.name))) as party,
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


RESULT_COLUMNS = [
    "question_id", "document_id", "date", "party", "number", "label",
    "question", "answer", "official_url",
]


def search(
    db: sqlite_utils.Database,
    text: str,
    party: Optional[str] = None,
    limit: int = 20,
    filters: Optional[Filters] = None,
) -> list[dict]:
    """Questions whose text, or whose answer, matches ``text``; best first. Each result
    has the question, its answer, where it matched and a snippet around the match.
    ``party`` is a shorthand for ``filters.parties`` (the party alone)."""
    match = fts_query(text)
    if match is None:
        return []
    filters = filters or Filters()
    if party:
        filters = Filters(**{**filters.__dict__, "parties": party_ids(db, party)})
    where, filter_params = filters.sql("q", "d")
    params = {"match": match, "cap": limit * 3 + 20, **filter_params}
    best: dict[str, dict] = {}
    for template, join in ((_QUESTION_HITS, _FILTER_QUESTIONS), (_ANSWER_HITS, _FILTER_ANSWERS)):
        sql = template.format(
            filter_join=join if where else "", filter_where=where
        )
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
    out = []
    for question_id, hit in ordered:
        row = dict(zip(RESULT_COLUMNS, db.execute(RESULT_SQL, [question_id]).fetchone()))
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


# --------------------------------------------------------------------------------------
# A query that is a reference (``parsers.citations.read_reference``): the document, who
# cites it, its dossier.

_DOSSIER_ROWS = """
    select documents.id, documents.number, documents.date, documents.kind, documents.title,
           1 as stored, null as url, 0 as times_cited
    from documents where documents.dossier = {dossier}
    union all
    select citations.target as id,
           substr(citations.target, length('kst-' || citations.dossier || '-') + 1) as number,
           null as date, 'kamerstuk' as kind, null as title, 0 as stored,
           min(citations.url) as url, count(*) as times_cited
    from citations
    where citations.kind = 'kamerstuk' and citations.dossier = {dossier}
      and citations.target not in (select id from documents)
    group by citations.target
"""
# Numbers in order, then the documents without a number by date.
_DOSSIER_ORDER = "order by cast(number as integer) is null, cast(number as integer), date, id"
DOSSIER_SQL = (
    "select * from (" + _DOSSIER_ROWS.format(dossier=":dossier") + ")\n" + _DOSSIER_ORDER
)
# The saved query "A dossier in order" (``dossier_in_order`` in datasette-metadata.json holds
# this same text; a test keeps them equal): the dossier as typed ("26 150", "dossier 29338",
# "Kamerstuk 36200 VII") through the SQL function kamerqa_reference.
DOSSIER_SAVED_QUERY_SQL = (
    "with wanted as (\n"
    "  select coalesce(json_extract(kamerqa_reference(:dossier), '$.dossier'), trim(:dossier)) as dossier\n"
    ")\n"
    "select number, date, kind, title, id,\n"
    "  case when stored then 'in this database'\n"
    "    else 'cited ' || times_cited || 'x, not in this database' end as status,\n"
    "  case when stored then kamerqa_url('/doc/' || id) else url end as link\n"
    "from (" + _DOSSIER_ROWS.format(dossier="(select dossier from wanted)") + ")\n"
    + _DOSSIER_ORDER
)


def dossier_in_order(db: sqlite_utils.Database, dossier: str) -> list[dict]:
    """A dossier's documents: the numbered ones in number order, then those without a
    number by date; Kamerstukken of it that are cited but not stored among them
    (``stored`` 0, with their official ``url`` and how often they are cited)."""
    return [dict(row) for row in db.query(DOSSIER_SQL, {"dossier": dossier})]


_CITING_SQL = """
select citations.document_id, documents.title, documents.kind, documents.date,
       group_concat(distinct citations.raw) as printed_as,
       min(citations.context) as context, min(citations.context_id) as context_id,
       count(*) as times
from citations join documents on documents.id = citations.document_id
where citations.target in ({targets})
group by citations.document_id
order by documents.date, citations.document_id
"""


def reference_results(db: sqlite_utils.Database, reference) -> dict:
    """What a typed reference leads to, in the order a reader wants it: ``documents`` (each
    target: the stored row, or ``stored`` False with its official ``url``), ``cited_by``
    (every stored document that cites a target, however it was printed, with the printed
    forms), ``dossier`` (its id, title and documents in order; None when there is none)."""
    targets = list(reference.targets)
    documents = []
    if reference.kind == "case":
        has_column = "vraagnummer" in db["documents"].columns_dict
        rows = db.query(
            "select id, title, kind, date, dossier from documents where id = :t"
            + (" or vraagnummer = :t" if has_column else ""),
            {"t": targets[0]},
        ) if targets else []
        documents = [{**dict(row), "stored": True} for row in rows]
        targets += [d["id"] for d in documents if d["id"] not in targets]
    else:
        from kamerqa.parsers.citations import official_url

        for target in targets:
            row = db.execute(
                "select id, title, kind, date, dossier from documents where id = ?", [target]
            ).fetchone()
            if row:
                documents.append({**dict(zip(("id", "title", "kind", "date", "dossier"), row)),
                                  "stored": True})
            else:
                documents.append({"id": target, "stored": False, "url": official_url(target)})
    cited_by = []
    if targets:
        marks = ", ".join(f":t{i}" for i in range(len(targets)))
        cited_by = [
            dict(row)
            for row in db.query(
                _CITING_SQL.format(targets=marks), {f"t{i}": t for i, t in enumerate(targets)}
            )
            if row["document_id"] not in targets
        ]
    dossier_id = reference.dossier or next(
        (d.get("dossier") for d in documents if d.get("dossier")), None
    )
    dossier = None
    if dossier_id:
        title = db.execute("select title from dossiers where id = ?", [dossier_id]).fetchone()
        dossier = {
            "id": dossier_id,
            "title": title[0] if title else None,
            "documents": dossier_in_order(db, dossier_id),
        }
    return {"reference": reference, "documents": documents, "cited_by": cited_by, "dossier": dossier}
