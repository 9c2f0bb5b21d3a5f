"""Incremental "asked before?" links against a full recompute, on the same database.

Builds the real questions (as bench/similar_eval.py does) plus N synthetic ones (as
bench/similar_scale.py does), then adds D documents of Q questions each, dated across the
same years (so new questions link to earlier ones and later ones gain links to them), marked
pending as a document write marks them, and times:

- the update: ``db.similar.update_similar_questions`` (links for the new questions, and from
  them towards later questions);
- the baseline: a full recompute (``compute_similar_questions``) of the same database. It
  costs the same per question group, so by default it is timed on a random sample of
  ``--sample`` groups and scaled to all of them; ``--exact-full`` runs it whole.

    python bench/similar_incremental.py --questions 100000 [--documents 100] [--per-document 5]

Prints the ratio update / full recompute (issue 11's goal: under 2 % for 100 documents added
to 100,000 questions). A benchmark, not a test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlite_utils  # noqa: E402

from kamerqa.db import similar as similar_module  # noqa: E402
from kamerqa.db.similar import (  # noqa: E402
    STORED_THRESHOLD, TOP_STORED, Searcher, compute_similar_questions, update_similar_questions,
)
from similar_eval import build_eval_db  # noqa: E402
from similar_scale import real_sentences, synthesise  # noqa: E402


def add_documents(db, documents: int, per_document: int, qs, first_year: int, years: int, seed: int) -> int:
    """``documents`` new documents of recombined real question sentences, pending as a
    document write leaves them; returns the number of questions."""
    rng = random.Random(seed)
    docs, rows = [], []
    for d in range(documents):
        did = f"added-{d:05d}"
        year = first_year + rng.randrange(years)
        docs.append({
            "id": did, "kind": "synthetic", "title": "Added (benchmark)",
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "source_file": f"synthetic:{did}", "sha256": did, "parser_version": "bench",
        })
        for n in range(1, per_document + 1):
            picked = rng.sample(qs, rng.randint(1, 3))
            rows.append({
                "id": f"{did}-q{n}", "document_id": did, "number": n, "label": str(n),
                "text": " ".join(s for s, _l in picked), "text_lemmas": " ".join(l for _s, l in picked),
            })
    with db.atomic():
        db["documents"].insert_all(docs)
        db["questions"].insert_all(rows)
        db["similar_pending"].insert_all(
            [{"question_id": row["id"], "reverse": 1} for row in rows], pk="question_id", replace=True
        )
    return len(rows)


def full_recompute_seconds(db, sample: int, exact: bool, seed: int) -> tuple[float, int]:
    """Seconds a full recompute takes (measured, or scaled from a sample of groups)."""
    groups = similar_module._grouped(similar_module._stored_questions(db))
    if exact or sample >= len(groups):
        start = time.perf_counter()
        compute_similar_questions(db)
        return time.perf_counter() - start, len(groups)
    keys = random.Random(seed).sample(list(groups), sample)
    searcher = Searcher(db)
    start = time.perf_counter()
    similar_module._earlier_links(searcher, {k: groups[k] for k in keys}, TOP_STORED, STORED_THRESHOLD)
    return (time.perf_counter() - start) * len(groups) / sample, len(groups)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=100_000, help="Synthetic questions.")
    parser.add_argument("--documents", type=int, default=100, help="Documents added.")
    parser.add_argument("--per-document", type=int, default=5, help="Questions per added document.")
    parser.add_argument("--sample", type=int, default=1000, help="Question groups timed for the baseline.")
    parser.add_argument("--exact-full", action="store_true", help="Time the whole full recompute.")
    parser.add_argument("--db", help="Database file (default: a temporary file).")
    args = parser.parse_args(argv)

    path = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="kamerqa-incr-")) / "incr.db"
    print(f"building {path}: the real questions and {args.questions:,} synthetic ones", file=sys.stderr)
    db = build_eval_db(path)
    qs = real_sentences(db, "questions")
    ans = real_sentences(db, "answers")
    synthesise(db, args.questions, qs, ans)
    db.execute("delete from similar_pending")
    db.conn.commit()
    added = add_documents(db, args.documents, args.per_document, qs, 1995, 30, seed=11)
    total = db.execute("select count(*) from questions").fetchone()[0]

    full, groups = full_recompute_seconds(db, args.sample, args.exact_full, seed=13)
    start = time.perf_counter()
    updated = update_similar_questions(db)
    update = time.perf_counter() - start
    gained = db.execute(
        "select count(*) from similar_questions where similar_question_id like 'added-%' "
        "and question_id not like 'added-%'"
    ).fetchone()[0]
    how = "measured" if args.exact_full or args.sample >= groups else f"scaled from {args.sample:,} of {groups:,} groups"
    print(f"database: {total:,} questions, of which {added:,} new in {args.documents} documents")
    print(f"full recompute: {full:9.1f} s ({how})")
    print(f"update:         {update:9.1f} s ({updated:,} questions recomputed; "
          f"{gained:,} links of earlier-stored questions to new ones)")
    print(f"ratio update / full recompute: {100.0 * update / full:.2f} %")


if __name__ == "__main__":
    main()
