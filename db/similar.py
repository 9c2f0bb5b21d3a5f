"""'Was this asked before?': the stored questions closest to a question text.

Two steps. Candidate retrieval: the query's content lemmas (stop words and parliamentary
boilerplate dropped; of the rest the rarest ``MAX_TERMS``, by document frequency in the
index) are OR-ed in an FTS5 query on ``questions_fts.text_lemmas`` and the ``CANDIDATES``
best by bm25 are kept. Re-ranking: each candidate gets a 0-100 score from rapidfuzz on the
content lemmas (see ``score``; the mix was chosen on tests/data/similar_eval.json, numbers
in README). Exact and near duplicates score 100 or close to it.

``compute_similar_questions`` fills ``similar_questions``: for every question, its top
``TOP_STORED`` earlier questions from other documents scoring at least
``STORED_THRESHOLD``; ``update_similar_questions`` does it only for the questions in
``similar_pending`` (and from new questions towards the later ones they may join).
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

import sqlite_utils
from rapidfuzz import fuzz

from kamerqa.parsers.lemmas import lemma, query_words

from .search import RESULT_COLUMNS, RESULT_SQL, fts_string, party_ids

CANDIDATES = 100
MAX_TERMS = 12
# A term in more than this share of all questions is too common to select candidates by,
# unless fewer than MIN_TERMS terms would be left.
MAX_DF_SHARE = 0.2
MIN_TERMS = 2
# Candidate retrieval stops adding (ever more common) terms once their postings add up to
# this: bm25 scores every matching row, so this bounds the work of one query however large
# the index grows. The rarest terms are the ones that tell questions apart anyway.
POSTINGS_BUDGET = 30_000
TOP_STORED = 5
# Scores below this are no match (chosen on the evaluation: see README).
THRESHOLD = 45.0
# Links stored in similar_questions are shown on every question's page unasked, so they need
# more: between the real questions of the corpus and the Aanhangsel PDFs (none of which
# repeats another) the best score is 49.3, while 35 of the 39 evaluation paraphrases find
# their question at 55 or more.
STORED_THRESHOLD = 55.0

_WORD = re.compile(r"[^\W_]+")

# Words of the parliamentary genre that say nothing about the subject (lemmas).
BOILERPLATE = frozenset(
    """
    lid fractie kabinet minister staatssecretaris regering vraag vragen antwoord kamer
    kennisnemen kennisgenomen belangstelling interesse lezen constateren vinden mening
    delen bereid bekend aangeven toelichten informeren u uw zij hun deze dit wel niet
    kunnen zullen willen moeten gaan komen maken doen geven krijgen hebben zijn worden
    ja nee waarom welk welke hoe wat wie waar wanneer hoeveel hoeverre
    """.split()
)


@functools.lru_cache(maxsize=1)
def stop_lemmas() -> frozenset[str]:
    # spaCy's Dutch stop words, from the lemma tables' compact cache: importing spaCy
    # for them would cost a second at every start of `kamerqa similar`.
    from kamerqa.parsers.lemmas import function_words

    words = set(function_words()) | BOILERPLATE
    return frozenset(words | {lemma(w) for w in words})


def content_lemmas(lemmas: Iterable[str]) -> list[str]:
    """Lemmas that carry meaning: no stop words, no boilerplate, no single characters."""
    stop = stop_lemmas()
    out = []
    for item in lemmas:
        # split as the FTS tokenizer does: "nap-iv" is nap and iv
        for part in _WORD.findall(item):
            if part not in stop and (len(part) > 1 or part.isdigit()):
                out.append(part)
    return out


def content_of_text(text: str) -> list[str]:
    """The content lemmas of a question as asked. Its words are split by ``query_words``,
    as a search box query is, so that asking never waits for spaCy to load."""
    return content_lemmas(lemma(word) for word in query_words(text))


def content_of_lemmas(text_lemmas: Optional[str]) -> list[str]:
    return content_lemmas((text_lemmas or "").split())


# Re-ranking scores, 0-100. Each gets the query's and a candidate's content lemmas
# (diacritics folded), the candidate's bm25 relative to the best candidate (1.0 for the
# best) and the query terms' idf. Compared in bench/similar_eval.py; SCORER is the one in
# use. "coverage" is the idf-weighted share of the query's terms that the candidate has:
# unlike bm25 it is absolute, so one threshold fits every query.
def _joined(tokens: list[str]) -> str:
    return " ".join(tokens)


def coverage(query: list[str], candidate: list[str], idf: dict[str, float]) -> float:
    terms = set(query)
    total = sum(idf.get(t, 1.0) for t in terms)
    if not total:
        return 0.0
    have = set(candidate)
    return sum(idf.get(t, 1.0) for t in terms if t in have) / total


def _contains(term: str, candidate: list[str], have: set[str]) -> bool:
    """The candidate has the term, or a compound of it: "conflict" is in
    "conflictgebied" and "conflictgerelateerd", "geweld" in "seksegeweld" (terms of five
    letters or more, compounds at least three letters longer)."""
    if term in have:
        return True
    return len(term) >= 5 and any(
        len(word) >= len(term) + 3 and (word.startswith(term) or word.endswith(term))
        for word in candidate
    )


def compound_coverage(query: list[str], candidate: list[str], idf: dict[str, float]) -> float:
    """``coverage`` that counts a query term found as part of a candidate's compound."""
    terms = set(query)
    total = sum(idf.get(t, 1.0) for t in terms)
    if not total:
        return 0.0
    have = set(candidate)
    return sum(idf.get(t, 1.0) for t in terms if _contains(t, candidate, have)) / total


def both_ways_coverage(query: list[str], candidate: list[str], idf: dict[str, float]) -> float:
    """A pasted question is longer than the stored question it repeats, and its extra words
    lower the share of the query that a candidate covers. So the share of the candidate's
    words that the query has counts too: the geometric mean of the query's share and the
    larger of both shares. Never below the query's share alone, and a candidate that shares
    little with the query gains little."""
    forward = compound_coverage(query, candidate, idf)
    backward = compound_coverage(candidate, query, idf)
    return (forward * max(forward, backward)) ** 0.5


def _set(q, c):
    return fuzz.token_set_ratio(_joined(q), _joined(c))


def _sort(q, c):
    return fuzz.token_sort_ratio(_joined(q), _joined(c))


SCORERS: dict[str, Callable[[list[str], list[str], float, dict], float]] = {
    "token_set_ratio": lambda q, c, b, idf: _set(q, c),
    "token_sort_ratio": lambda q, c, b, idf: _sort(q, c),
    "wratio": lambda q, c, b, idf: fuzz.WRatio(_joined(q), _joined(c)),
    "bm25": lambda q, c, b, idf: 100.0 * b,
    "set+sort": lambda q, c, b, idf: 0.5 * _set(q, c) + 0.5 * _sort(q, c),
    "set+bm25": lambda q, c, b, idf: 0.7 * _set(q, c) + 30.0 * b,
    "coverage": lambda q, c, b, idf: 100.0 * coverage(q, c, idf),
    "coverage+set": lambda q, c, b, idf: 50.0 * coverage(q, c, idf) + 0.5 * _set(q, c),
    "coverage+set+sort": lambda q, c, b, idf: 40.0 * coverage(q, c, idf)
    + 0.4 * _set(q, c) + 0.2 * _sort(q, c),
    "compound coverage+set+sort": lambda q, c, b, idf: 40.0 * compound_coverage(q, c, idf)
    + 0.4 * _set(q, c) + 0.2 * _sort(q, c),
    "both-ways coverage+set+sort": lambda q, c, b, idf: 40.0 * both_ways_coverage(q, c, idf)
    + 0.4 * _set(q, c) + 0.2 * _sort(q, c),
}
# The links stored in similar_questions keep the scorer STORED_THRESHOLD was chosen for.
SCORER = "coverage+set+sort"
# A question asked by a person (kamerqa similar, the site): a whole pasted question is not
# punished for its extra words (see both_ways_coverage; numbers in README).
QUERY_SCORER = "both-ways coverage+set+sort"


def score(
    query: list[str], candidate: list[str], bm25_share: float,
    idf: Optional[dict] = None, scorer: str = SCORER,
) -> float:
    return round(float(SCORERS[scorer](query, candidate, bm25_share, idf or {})), 1)


@dataclass
class Searcher:
    """Similar-question search over one database; caches document frequencies."""

    db: sqlite_utils.Database
    candidates: int = CANDIDATES
    max_terms: int = MAX_TERMS
    scorer: str = SCORER
    _df: dict[str, int] = field(default_factory=dict)
    _total: Optional[int] = None

    def __post_init__(self) -> None:
        self.db.execute(
            "create virtual table if not exists temp.kamerqa_questions_vocab "
            "using fts5vocab(main, questions_fts, col)"
        )

    @property
    def total(self) -> int:
        if self._total is None:
            self._total = self.db.execute("select count(*) from questions").fetchone()[0]
        return self._total

    def document_frequency(self, terms: list[str]) -> dict[str, int]:
        missing = [t for t in dict.fromkeys(terms) if t not in self._df]
        for start in range(0, len(missing), 200):
            chunk = missing[start : start + 200]
            found = dict(
                self.db.execute(
                    "select term, doc from temp.kamerqa_questions_vocab "
                    f"where col = 'text_lemmas' and term in ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
            for term in chunk:
                self._df[term] = found.get(term, 0)
        return {t: self._df[t] for t in terms}

    def idf(self, query: list[str]) -> dict[str, float]:
        """Inverse document frequency of each query term, for ``coverage``."""
        df = self.document_frequency(list(dict.fromkeys(query)))
        total = max(self.total, 1)
        # a query word no question has still counts (as if in half a question): a query
        # about wolves is not answered by a question sharing only its other words
        return {t: math.log(1.0 + total / max(count, 0.5)) for t, count in df.items()}

    def select_terms(self, content: list[str]) -> list[str]:
        """The rarest indexed content lemmas of the query, at most ``max_terms``."""
        # The index folds diacritics; the vocabulary holds the folded forms.
        folded = list(dict.fromkeys(_fold(t) for t in content))
        df = self.document_frequency(folded)
        present = sorted((df[f], f) for f in folded if df[f] > 0)
        limit = MAX_DF_SHARE * max(self.total, 1)
        chosen: list[str] = []
        postings = 0
        for count, term in present:
            if len(chosen) >= self.max_terms:
                break
            if len(chosen) >= MIN_TERMS and (count > limit or postings + count > POSTINGS_BUDGET):
                break
            chosen.append(term)
            postings += count
        return chosen

    def similar(
        self,
        text: str,
        top: int = 10,
        party: Optional[str] = None,
        since: Optional[str] = None,
        until: Optional[str] = None,
        exclude_document: Optional[str] = None,
        threshold: float = 0.0,
        content: Optional[list[str]] = None,
        related: bool = False,
    ) -> list[dict]:
        """The ``top`` stored questions closest to ``text``, best first, each once per
        document and text (a block printed as "Vraag 3 en 4" counts once). ``party``: only
        questions that party asked, alone or jointly (``question_parties``); with
        ``related`` also its predecessors' and successors'."""
        query = content if content is not None else content_of_text(text)
        query = [_fold(t) for t in query]
        terms = self.select_terms(query)
        if not terms:
            return []
        match = "text_lemmas : (" + " OR ".join(fts_string(t) for t in terms) + ")"
        params = {
            "match": match,
            "party": set(party_ids(self.db, party, related)) or None,
            "since": since,
            "until": until,
            "exclude": exclude_document,
        }
        rows = self._candidates(params)
        if not rows:
            return []
        best = rows[0][4] or -1.0
        idf = self.idf(query)
        scored = []
        seen = set()
        for _rowid, qid, document_id, text_lemmas, rank in rows:
            key = (document_id, text_lemmas)
            if key in seen:
                continue
            seen.add(key)
            share = (rank / best) if best else 0.0
            candidate = [_fold(t) for t in content_of_lemmas(text_lemmas)]
            value = score(query, candidate, share, idf, self.scorer)
            if value >= threshold:
                scored.append((value, -rank, qid))
        scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
        return [{"question_id": qid, "score": value} for value, _r, qid in scored[:top]]

    def _candidates(self, params: dict) -> list[tuple]:
        """(rowid, id, document_id, text_lemmas, rank) of the best matches by bm25.

        The index's own top rows are taken and filtered afterwards (party, dates, the
        question's own document), so a query costs one pass over the postings of its
        terms and never a join per matching row. When the filters leave too few, the
        index is asked for ten times as many, once; with very selective filters the
        candidates are then the best of those, an approximation.
        """
        filtered = any(params[k] is not None for k in ("party", "since", "until", "exclude"))
        cap = self.candidates * (3 if filtered else 1)
        while True:
            rows = self.db.execute(
                """
                select questions.rowid, questions.id, questions.document_id,
                    questions.text_lemmas, hits.rank,
                    case when :party_filter then (
                        select group_concat(party_id, char(31)) from question_parties
                        where question_parties.question_id = questions.id) end,
                    documents.date
                from (
                    select rowid, rank from questions_fts
                    where questions_fts match :match order by rank limit :cap
                ) as hits
                join questions on questions.rowid = hits.rowid
                join documents on documents.id = questions.document_id
                order by hits.rank
                """,
                {**params, "cap": cap, "party_filter": params["party"] is not None,
                 "party": None},
            ).fetchall()
            kept = [row[:5] for row in rows if not filtered or _passes(row, params)]
            if len(kept) >= self.candidates or len(rows) < cap or cap > self.candidates * 3:
                return kept[: self.candidates]
            cap *= 10

    def details(self, hits: list[dict]) -> list[dict]:
        """Document, date, party, number, answer and link for each hit, in order."""
        out = []
        for hit in hits:
            row = self.db.execute(RESULT_SQL, [hit["question_id"]]).fetchone()
            out.append({**dict(zip(RESULT_COLUMNS, row)), "score": hit["score"]})
        return out


def _passes(row: tuple, params: dict) -> bool:
    _rowid, _id, document_id, _lemmas, _rank, parties, date = row
    if params["party"] is not None and not params["party"] & set((parties or "").split("\x1f")):
        return False
    if params["since"] is not None and (date is None or date < params["since"]):
        return False
    if params["until"] is not None and (date or "") > params["until"]:
        return False
    return params["exclude"] is None or document_id != params["exclude"]


def _fold(term: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", term)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def similar(
    db: sqlite_utils.Database,
    text: str,
    top: int = 10,
    party: Optional[str] = None,
    since: Optional[str] = None,
    threshold: float = THRESHOLD,
    related: bool = False,
) -> list[dict]:
    """The closest stored questions to ``text`` with their details; best first."""
    searcher = Searcher(db, scorer=QUERY_SCORER)
    return searcher.details(
        searcher.similar(
            text, top=top, party=party, related=related, since=since, threshold=threshold
        )
    )


# When more than this share of the questions is pending, recomputing everything is cheaper
# than updating (an update also searches from every new question towards later ones).
FULL_RECOMPUTE_SHARE = 0.2


@dataclass
class _Stored:
    """A stored question as the links step sees it."""

    id: str
    document_id: str
    text_lemmas: str
    date: Optional[str]


def _stored_questions(db: sqlite_utils.Database, where: str = "", params=()) -> list[_Stored]:
    return [
        _Stored(*row)
        for row in db.execute(
            "select questions.id, questions.document_id, coalesce(questions.text_lemmas, ''), "
            "documents.date from questions join documents on documents.id = questions.document_id "
            f"{where} order by questions.document_id, questions.number, questions.id",
            list(params),
        ).fetchall()
    ]


def _grouped(questions: Iterable[_Stored]) -> dict[tuple[str, str], list[_Stored]]:
    """Questions that share a text within a document are searched once."""
    groups: dict[tuple[str, str], list[_Stored]] = {}
    for question in questions:
        groups.setdefault((question.document_id, question.text_lemmas), []).append(question)
    return groups


def _earlier_links(searcher: Searcher, groups, top: int, threshold: float, on_progress=None) -> list[dict]:
    """For each question: its ``top`` closest questions from other documents dated no later
    than its own (a document without a date counts as the earliest)."""
    rows = []
    for done, ((document_id, text_lemmas), questions) in enumerate(groups.items(), start=1):
        hits = searcher.similar(
            "",
            top=top,
            until=questions[0].date or "9999",
            exclude_document=document_id,
            threshold=threshold,
            content=content_of_lemmas(text_lemmas),
        )
        rows += [
            {"question_id": q.id, "similar_question_id": h["question_id"], "score": h["score"]}
            for q in questions
            for h in hits
        ]
        if on_progress:
            on_progress(done, len(groups))
    return rows


def compute_similar_questions(
    db: sqlite_utils.Database,
    top: int = TOP_STORED,
    threshold: float = STORED_THRESHOLD,
    on_progress: Optional[Callable[[int, int], None]] = None,
) -> int:
    """Recompute ``similar_questions`` as a whole; returns the number of rows.

    For each question: the ``top`` closest questions from other documents dated no later
    than its own (a document without a date counts as the earliest), scoring at least
    ``threshold``. Questions that share a text within a document are searched once.
    Nothing is pending afterwards.
    """
    rows = _earlier_links(Searcher(db), _grouped(_stored_questions(db)), top, threshold, on_progress)
    with db.atomic():
        db.execute("delete from similar_questions")
        if rows:
            db["similar_questions"].insert_all(rows, pk=("question_id", "similar_question_id"))
        db.execute("delete from similar_pending")
    return len(rows)


def _later_links(
    searcher: Searcher, new_groups, skip: set[str], top: int, threshold: float
) -> dict[str, list[tuple[float, str]]]:
    """Links from stored questions to the new ones: for every new question, the questions of
    other documents dated no earlier that its words retrieve (the same candidate search,
    without the date limit), each scored as the query it is (``score`` is not symmetric).
    Returns, per such question, the (score, new question id) pairs at or above ``threshold``.
    """
    found: dict[str, list[tuple[float, str]]] = {}
    for (document_id, text_lemmas), questions in new_groups.items():
        new_content = [_fold(t) for t in content_of_lemmas(text_lemmas)]
        terms = searcher.select_terms(new_content)
        if not terms:
            continue
        match = "text_lemmas : (" + " OR ".join(fts_string(t) for t in terms) + ")"
        params = {"match": match, "party": None, "since": None, "until": None, "exclude": document_id}
        candidates = [row for row in searcher._candidates(params) if row[1] not in skip]
        dates = _dates_of(searcher.db, [row[1] for row in candidates])
        new_date = questions[0].date or ""
        for _rowid, qid, _document, later_lemmas, _rank in candidates:
            if new_date > (dates.get(qid) or "9999"):
                continue  # the candidate is older: the new question is not earlier than it
            query = [_fold(t) for t in content_of_lemmas(later_lemmas)]
            value = score(query, new_content, 1.0, searcher.idf(query), searcher.scorer)
            if value >= threshold:
                found.setdefault(qid, []).append((value, questions[0].id))
    return found


def update_similar_questions(
    db: sqlite_utils.Database,
    top: int = TOP_STORED,
    threshold: float = STORED_THRESHOLD,
    on_progress: Optional[Callable[[int, int], None]] = None,
) -> int:
    """Bring ``similar_questions`` up to date with ``similar_pending``; returns the number of
    questions recomputed.

    Pending questions get their links computed again, as ``compute_similar_questions``
    would. New questions (``reverse`` = 1) may also be among the best earlier questions of
    questions stored before them but dated no earlier: those candidates (found by the new
    question's words) are scored and the new question takes its place in their top ``top``
    when it scores high enough. The cost grows with the pending questions, not the
    database, except when more than ``FULL_RECOMPUTE_SHARE`` of it is pending: then
    everything is recomputed. Links and the pending marks change in one transaction, so a
    run killed halfway leaves the marks for the next.
    """
    pending = dict(db.execute("select question_id, reverse from similar_pending").fetchall())
    if not pending:
        return 0
    total = db.execute("select count(*) from questions").fetchone()[0]
    if len(pending) > FULL_RECOMPUTE_SHARE * total:
        compute_similar_questions(db, top, threshold, on_progress)
        return total
    stored = [
        q for chunk in _chunks(sorted(pending), 500)
        for q in _stored_questions(db, f"where questions.id in ({','.join('?' * len(chunk))})", chunk)
    ]
    searcher = Searcher(db)
    forward = _earlier_links(searcher, _grouped(stored), top, threshold, on_progress)
    new_groups = _grouped(q for q in stored if pending[q.id])
    later = _later_links(searcher, new_groups, {q.id for q in stored}, top, threshold)
    with db.atomic():
        for chunk in _chunks(sorted(pending), 500):
            marks = ",".join("?" * len(chunk))
            db.execute(f"delete from similar_questions where question_id in ({marks})", chunk)
            db.execute(f"delete from similar_pending where question_id in ({marks})", chunk)
        if forward:
            db["similar_questions"].insert_all(forward, pk=("question_id", "similar_question_id"))
        for qid, links in later.items():
            kept = db.execute(
                "select score, similar_question_id from similar_questions where question_id = ?",
                [qid],
            ).fetchall()
            best = sorted(set(kept) | set(links), key=lambda link: (-link[0], link[1]))[:top]
            db.execute("delete from similar_questions where question_id = ?", [qid])
            db["similar_questions"].insert_all(
                [{"question_id": qid, "similar_question_id": sid, "score": value} for value, sid in best],
                pk=("question_id", "similar_question_id"),
            )
    return len(stored)


def _dates_of(db: sqlite_utils.Database, question_ids: list[str]) -> dict[str, Optional[str]]:
    if not question_ids:
        return {}
    return dict(
        db.execute(
            "select questions.id, documents.date from questions join documents "
            "on documents.id = questions.document_id "
            f"where questions.id in ({','.join('?' * len(question_ids))})",
            question_ids,
        ).fetchall()
    )


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def site_url(path: str, base_url: Optional[str] = None) -> str:
    """A site path as an absolute link when the published site's address is known: the
    ``base_url`` given, else the environment variable ``KAMERQA_BASE_URL``; else the path."""
    base = base_url or os.environ.get("KAMERQA_BASE_URL")
    return base.rstrip("/") + path if base and path.startswith("/") else path


def register_sql_functions(conn, base_url: Optional[str] = None) -> None:
    """SQL functions for Datasette's ``prepare_connection`` hook (kamerqa's plugin registers
    them on every connection) or any sqlite3 connection to a kamerqa database, so saved
    queries use the same search as the CLI:

    - ``kamerqa_lemmas(text)``: the lemmatised text;
    - ``kamerqa_fts_query(text)``: the Dutch-aware FTS5 MATCH expression for a search box
      query (each word as typed OR as lemma, "phrases" exact); '""' when it has no words;
    - ``kamerqa_similar_json(text, top[, until])``: the ``top`` closest stored questions
      scoring at least THRESHOLD, as a JSON array of {"question_id", "score"}, best first
      (the ranking of ``kamerqa similar``); with ``until`` (YYYY-MM-DD; '' or null: no
      limit) only questions from documents dated no later, chosen among the candidates;
    - ``kamerqa_reference(text)``: a reference as typed ("Kamerstuk 26150 nr. 190", "26 150")
      as JSON {"kind", "targets", "dossier"} (``parsers.citations.read_reference``), or null;
    - ``kamerqa_party_ids(party, related)``: the party ids a party filter stands for, as a
      JSON array; with ``related`` non-empty also its predecessors and successors;
    - ``kamerqa_url(path)``: ``/doc/…`` as an absolute link when the site's address is known
      (``base_url``, or ``KAMERQA_BASE_URL``; see ``site_url``), so that the saved queries'
      CSV exports can be clicked in a spreadsheet.

    Registering costs nothing: the searcher (a temp fts5vocab table and cached document
    frequencies) is made on the first call of ``kamerqa_similar_json``, so the functions can
    be registered on connections that are read-only or not kamerqa's; it is made again when
    another connection has changed the database since (``PRAGMA data_version``).
    """
    from kamerqa.parsers.citations import read_reference
    from kamerqa.parsers.lemmas import lemmatize

    from .search import fts_query

    state: dict = {}

    def searcher() -> Searcher:
        version = conn.execute("pragma data_version").fetchone()[0]
        if state.get("version") != version:
            state["searcher"] = Searcher(sqlite_utils.Database(conn), scorer=QUERY_SCORER)
            state["version"] = version
        return state["searcher"]

    def similar_json(text, top=10, until=None):
        hits = searcher().similar(
            text or "", top=int(top or 10), until=until or None, threshold=THRESHOLD
        )
        return json.dumps(hits)

    def reference_json(text):
        found = read_reference(text or "")
        if found is None:
            return None
        return json.dumps({"kind": found.kind, "targets": found.targets, "dossier": found.dossier})

    def party_ids_json(party, related=""):
        # no PRAGMA from sqlite_utils here: this runs inside a statement
        db = sqlite_utils.Database(conn, recursive_triggers=False)
        return json.dumps(party_ids(db, party or None, bool(related)))

    conn.create_function("kamerqa_reference", 1, bounded(reference_json), deterministic=True)
    conn.create_function("kamerqa_party_ids", 2, bounded(party_ids_json))
    conn.create_function("kamerqa_url", 1, bounded(lambda path: site_url(path or "", base_url)))
    conn.create_function(
        "kamerqa_lemmas", 1, bounded(lambda text: lemmatize(text or "")), deterministic=True
    )
    conn.create_function(
        "kamerqa_fts_query", 1, bounded(lambda text: fts_query(text or "") or '""'), deterministic=True
    )
    conn.create_function("kamerqa_similar_json", 2, bounded(similar_json))
    conn.create_function("kamerqa_similar_json", 3, bounded(similar_json))


# A Python SQL function does not see SQLite's time limit (Datasette's 3 s): it runs to the
# end once called. Its input is bounded instead: lemmatising 100,000 characters takes well
# under a second; kamerqa_lemmas over every answer 150 times over took 22 s.
MAX_FUNCTION_TEXT = 100_000


def bounded(function):
    """``function`` refusing a first argument longer than MAX_FUNCTION_TEXT characters
    (SQLite reports "user-defined function raised exception")."""

    def call(text, *rest):
        if text is not None and len(str(text)) > MAX_FUNCTION_TEXT:
            raise ValueError(f"text longer than {MAX_FUNCTION_TEXT:,} characters")
        return function(text, *rest)

    return call


# The saved query "Was this asked before?" (``asked_before`` in datasette-metadata.json holds
# this same text), with register_sql_functions installed on its connections. Parameters:
# :text (the question) and :before (YYYY-MM-DD: only questions from documents dated before
# it; '' or absent: no date limit). The rows keep the order of ``kamerqa similar``.
ASKED_BEFORE_SQL = """
with hits as (
  select cast(key as integer) as position,
         json_extract(value, '$.question_id') as question_id,
         json_extract(value, '$.score') as score
  from json_each(kamerqa_similar_json(:text, 10, :before))
)
select
  hits.score,
  qa.date,
  qa.party,
  qa.label as question_number,
  qa.question,
  qa.answer,
  documents.title as document,
  documents.official_url,
  kamerqa_url('/doc/' || qa.document_id || '#q' || qa.number) as link
from hits
join qa on qa.question_id = hits.question_id
join documents on documents.id = qa.document_id
where coalesce(:before, '') = '' or qa.date < :before
order by hits.position
""".strip()
