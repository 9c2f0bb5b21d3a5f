"""Scale benchmark for 'kamerqa search' and 'kamerqa similar'.

Builds an index of N synthetic questions (default 1,000,000), each made by recombining one
to three real question sentences from the corpus (and an answer from real answer
sentences), in synthetic documents with ids ``synthetic-NNNNNNN`` and kind ``synthetic``,
beside the real questions it took them from. Then it times, on one core:

- ``search``: db.search.search for one- and two-word queries, against a baseline of a
  plain FTS5 query for the first word on the printed text only (no lemmas, no answers);
- ``similar``: db.similar for the paraphrases of tests/data/similar_eval.json and real
  questions, against a baseline of a plain FTS5 bm25 query for the query's rarest term;
- the build: inserting questions and answers with their FTS triggers, per 100k
  questions; lemmatisation and theme matching per 100k, measured on a sample of the
  synthetic texts; the similar_questions step per 100k, measured on a sample;
- the database size.

    python bench/similar_scale.py --questions 100000 [--db PATH] [--keep]

This is a benchmark, not a test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from kamerqa.db.schema import ensure_shape  # noqa: E402
from kamerqa.db.search import fts_string, search  # noqa: E402
from kamerqa.db.similar import Searcher, THRESHOLD, content_of_text  # noqa: E402
from kamerqa.db.writes import store_themes  # noqa: E402
from kamerqa.parsers.lemmas import lemmatize, sentences  # noqa: E402
from kamerqa.parsers.themes import match_themes  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from similar_eval import EVAL_FILE, build_eval_db  # noqa: E402

PARTIES = ["vvd", "d66", "pvv", "cda", "sp", "groenlinks-pvda", "bbb", "christenunie", "pvdd", "nsc"]
QUESTIONS_PER_DOCUMENT = 10


def real_sentences(db: sqlite_utils.Database, table: str) -> list[tuple[str, str]]:
    """(sentence, its lemmas) for every distinct sentence of ``table``'s texts."""
    seen: dict[str, str] = {}
    for (text,) in db.execute(f"select distinct text from {table}"):
        for sentence in sentences(text or ""):
            if len(sentence) >= 20 and sentence not in seen:
                seen[sentence] = lemmatize(sentence)
    return list(seen.items())


def synthesise(db, questions: int, qs, ans, seed: int = 1325, batch_docs: int = 2000) -> float:
    """Insert ``questions`` synthetic questions (and answers); returns the seconds spent
    inserting (FTS triggers included), not generating."""
    rng = random.Random(seed)
    spent = 0.0
    n_docs = (questions + QUESTIONS_PER_DOCUMENT - 1) // QUESTIONS_PER_DOCUMENT
    made = 0
    for first in range(0, n_docs, batch_docs):
        docs, q_rows, a_rows = [], [], []
        for d in range(first, min(first + batch_docs, n_docs)):
            did = f"synthetic-{d:07d}"
            year = 1995 + d * 30 // max(n_docs, 1)
            docs.append({
                "id": did, "kind": "synthetic", "title": "Synthetic questions (benchmark)",
                "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "source_file": f"synthetic:{did}", "sha256": did, "parser_version": "bench",
            })
            party = rng.choice(PARTIES)
            for n in range(1, QUESTIONS_PER_DOCUMENT + 1):
                if made >= questions:
                    break
                made += 1
                picked = rng.sample(qs, rng.randint(1, 3))
                answer = rng.sample(ans, rng.randint(1, 3))
                q_rows.append({
                    "id": f"{did}-q{n}", "document_id": did, "number": n, "label": str(n),
                    "party_id": party, "text": " ".join(s for s, _l in picked),
                    "text_lemmas": " ".join(l for _s, l in picked), "answer_id": f"{did}-a{n}",
                })
                a_rows.append({
                    "id": f"{did}-a{n}", "document_id": did, "label": str(n),
                    "text": " ".join(s for s, _l in answer),
                    "text_lemmas": " ".join(l for _s, l in answer),
                })
        start = time.perf_counter()
        with db.atomic():
            db["documents"].insert_all(docs)
            db["answers"].insert_all(a_rows)
            db["questions"].insert_all(q_rows)
        spent += time.perf_counter() - start
        print(f"\r  inserted {made:,} questions", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return spent


def percentiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94]


def timed(function, items) -> list[float]:
    out = []
    for item in items:
        start = time.perf_counter()
        function(item)
        out.append((time.perf_counter() - start) * 1000.0)
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=1_000_000)
    parser.add_argument("--db", help="Database file to build (default: a temporary file).")
    parser.add_argument("--keep", action="store_true", help="Keep the database file.")
    parser.add_argument(
        "--reuse", action="store_true",
        help="With --db: time the queries on that existing benchmark database, no build.")
    parser.add_argument("--queries", type=int, default=200, help="Timed queries per kind.")
    parser.add_argument("--json", help="Also write the numbers to this file.")
    args = parser.parse_args(argv)

    folder = tempfile.mkdtemp(prefix="kamerqa-scale-")
    path = Path(args.db) if args.db else Path(folder) / "scale.db"
    insert_seconds = None
    if args.reuse and path.exists():
        db = sqlite_utils.Database(path)
        source = db  # its real (non-synthetic) questions serve as queries
        args.questions = db.execute(
            "select count(*) from questions where document_id like 'synthetic-%'").fetchone()[0]
    else:
        if path.exists():
            path.unlink()
        print("building the real corpus (source of sentences) ...", file=sys.stderr)
        source = build_eval_db(Path(folder) / "source.db")
        qs = real_sentences(source, "questions")
        ans = real_sentences(source, "answers")
        print(f"{len(qs)} question sentences, {len(ans)} answer sentences", file=sys.stderr)

        db = sqlite_utils.Database(path)
        ensure_shape(db)
        store_themes(db)
        # the real documents too, so the evaluation queries have their answers in the haystack
        db.attach("source", str(Path(folder) / "source.db"))
        for table in ("documents", "parties", "answers", "questions"):
            columns = ", ".join(f"[{c}]" for c in source[table].columns_dict)
            db.execute(f"insert into main.[{table}] ({columns}) select {columns} from source.[{table}]")
        db.conn.commit()
        db.execute("detach source")

        insert_seconds = synthesise(db, args.questions, qs, ans)
    total = db["questions"].count
    size = os.path.getsize(path)

    # analysis cost (lemmas + themes), measured on a sample of synthetic texts
    sample = [row[0] for row in db.execute(
        "select text from questions where document_id like 'synthetic-%' limit 2200")]
    for text in sample[:200]:  # load the tables and warm the caches, as a build's first files do
        lemmatize(text)
        match_themes(text)
    sample = sample[200:]
    start = time.perf_counter()
    for text in sample:
        lemmatize(text)
        match_themes(text)
    analysis_per_q = (time.perf_counter() - start) / max(len(sample), 1)

    rng = random.Random(7)
    eval_queries = [p["query"] for p in json.loads(EVAL_FILE.read_text(encoding="utf-8"))["positives"]]
    real_questions = [r[0] for r in source.execute(
        "select distinct text from questions where document_id not like 'synthetic-%'")]
    similar_queries = (eval_queries + rng.sample(real_questions, min(len(real_questions), args.queries)))[: args.queries]
    words = [w for text in real_questions for w in text.split() if w.isalpha() and len(w) > 5]
    search_queries = [
        " ".join(rng.sample(words, rng.randint(1, 2))) for _ in range(args.queries)
    ]

    searcher = Searcher(db)

    def do_search(query):
        search(db, query, limit=20)

    def base_search(query):
        db.execute(
            "select rowid from questions_fts where questions_fts match ? order by rank limit 20",
            ["text : " + fts_string(query.split()[0])],
        ).fetchall()

    def do_similar(query):
        searcher.details(searcher.similar(query, top=10, threshold=THRESHOLD))

    def base_similar(query):
        terms = searcher.select_terms(content_of_text(query))
        if terms:
            db.execute(
                "select rowid from questions_fts where questions_fts match ? order by rank limit 10",
                ["text_lemmas : " + fts_string(terms[0])],
            ).fetchall()

    # warm the page cache and the lemma caches once, then time
    for query in search_queries[:20]:
        do_search(query)
    for query in similar_queries[:20]:
        do_similar(query)
    t_base_search = timed(base_search, search_queries)
    t_search = timed(do_search, search_queries)
    t_base_similar = timed(base_similar, similar_queries)
    t_similar = timed(do_similar, similar_queries)

    # the build's similar_questions step, per question, on a sample
    sample_q = db.execute(
        "select questions.text_lemmas, questions.document_id, documents.date from questions "
        "join documents on documents.id = questions.document_id "
        "where questions.document_id like 'synthetic-%' order by random() limit 200"
    ).fetchall()
    from kamerqa.db.similar import content_of_lemmas

    start = time.perf_counter()
    for text_lemmas, document_id, date in sample_q:
        searcher.similar("", top=5, until=date, exclude_document=document_id,
                         threshold=THRESHOLD, content=content_of_lemmas(text_lemmas))
    similar_step_per_q = (time.perf_counter() - start) / max(len(sample_q), 1)

    p = {name: percentiles(values) for name, values in {
        "search": t_search, "search_baseline": t_base_search,
        "similar": t_similar, "similar_baseline": t_base_similar}.items()}
    result = {
        "questions": total,
        "synthetic_questions": args.questions,
        "database_bytes": size,
        "insert_seconds_per_100k": (
            None if insert_seconds is None else insert_seconds / args.questions * 100_000),
        "analysis_seconds_per_100k": analysis_per_q * 100_000,
        "similar_step_seconds_per_100k": similar_step_per_q * 100_000,
        "latency_ms": {name: {"p50": round(a, 2), "p95": round(b, 2)} for name, (a, b) in p.items()},
        "ratio_p50": {
            "search/baseline": round(p["search"][0] / p["search_baseline"][0], 1),
            "similar/baseline": round(p["similar"][0] / p["similar_baseline"][0], 1),
        },
        "queries": {"search": len(search_queries), "similar": len(similar_queries)},
    }
    print(f"questions in index: {total:,} ({args.questions:,} synthetic)")
    print(f"database size: {size / 2**20:,.0f} MiB")
    insert = result["insert_seconds_per_100k"]
    print(f"build, per 100k questions: insert+FTS "
          f"{'(not built in this run)' if insert is None else f'{insert:.1f} s'}, "
          f"lemmas+themes {result['analysis_seconds_per_100k']:.1f} s (sample of {len(sample)}), "
          f"similar_questions step {result['similar_step_seconds_per_100k']:.0f} s (sample of {len(sample_q)})")
    for name, (p50, p95) in p.items():
        print(f"{name:18} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms")
    print(f"ratios (p50): search/baseline {result['ratio_p50']['search/baseline']}x, "
          f"similar/baseline {result['ratio_p50']['similar/baseline']}x")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    if not args.keep and not args.db:
        path.unlink()


if __name__ == "__main__":
    main()
