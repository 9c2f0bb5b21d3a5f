"""What a sync costs when little changed, as ratios against a full build in the same run.

1. Rebuild with no changes vs full build: ``pipeline.build`` of the embedded corpus and the
   real documents in ../shared/corpus/real (Aanhangsel PDFs, official XML), into an empty
   database, then the same build again with nothing changed (what ``kamerqa sync`` hands to
   the build when the sources report no changes). Goal: at most 2 %.
2. ``similar_questions``, incremental vs full: that database plus N synthetic questions
   (real question sentences recombined, as bench/similar_scale.py makes them); a full
   recompute, then 1 % more questions in new documents, dated last as a sync brings them,
   and ``update_similar_questions`` for them. Goal: under 2 %.

    python bench/sync_rebuild.py [--questions 2000] [--jobs N]

This is a benchmark, not a test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from kamerqa.db.similar import compute_similar_questions, update_similar_questions  # noqa: E402
from kamerqa.ingest import pipeline  # noqa: E402
from kamerqa.ingest.resources import embedded_corpus  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from similar_scale import PARTIES, real_sentences, synthesise  # noqa: E402

REAL = ROOT.parent / "shared" / "corpus" / "real"


def sources() -> list[Path]:
    found = [embedded_corpus()]
    for name in ("aanhangsel-tk-opendata", "ah-tk-20202021-3235", "kst-32545-143", "handelingen-xml"):
        if (REAL / name).is_dir():
            found.append(REAL / name)
    return found


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - start, value


def add_new_documents(db, questions: int, qs, seed: int = 2024) -> None:
    """``questions`` new questions in new documents dated after everything else, marked
    pending as ``store_document`` marks a new document's questions."""
    rng = random.Random(seed)
    rows, docs = [], []
    for n in range(questions):
        did = f"synthetic-new-{n // 10:05d}"
        if n % 10 == 0:
            docs.append({"id": did, "kind": "synthetic", "title": "Synthetic questions (benchmark)",
                         "date": "2026-01-15", "source_file": f"synthetic:{did}", "sha256": did,
                         "parser_version": "bench"})
        picked = rng.sample(qs, rng.randint(1, 3))
        rows.append({"id": f"{did}-q{n % 10 + 1}", "document_id": did, "number": n % 10 + 1,
                     "label": str(n % 10 + 1), "party_id": rng.choice(PARTIES),
                     "text": " ".join(s for s, _l in picked), "text_lemmas": " ".join(l for _s, l in picked)})
    with db.atomic():
        db["documents"].insert_all(docs)
        db["questions"].insert_all(rows)
        db["similar_pending"].insert_all(({"question_id": r["id"], "reverse": 1} for r in rows), replace=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=2000, help="synthetic questions for part 2")
    parser.add_argument("--jobs", type=int, default=pipeline.default_jobs())
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite_utils.Database(Path(folder) / "bench.db")
        paths = sources()
        full, result = timed(pipeline.build, db, paths, jobs=args.jobs)
        noop, again = timed(pipeline.build, db, paths, jobs=args.jobs)
        print(f"1. {result.files} files, {result.counts['questions']} questions")
        print(f"   full build            {full:8.2f} s")
        print(f"   rebuild, no changes   {noop:8.3f} s ({again.unchanged} unchanged)")
        print(f"   ratio                 {100 * noop / full:8.2f} %  (goal <= 2 %)")

        qs = real_sentences(db, "questions")
        ans = real_sentences(db, "answers")
        synthesise(db, args.questions, qs, ans)
        total = db.execute("select count(*) from questions").fetchone()[0]
        full_similar, _ = timed(compute_similar_questions, db)
        new = max(1, total // 100)
        add_new_documents(db, new, qs)
        incremental, recomputed = timed(update_similar_questions, db)
        print(f"2. {total} questions, then {new} new ones (1 %)")
        print(f"   similar_questions, full          {full_similar:8.2f} s")
        print(f"   similar_questions, incremental   {incremental:8.3f} s ({recomputed} recomputed)")
        print(f"   ratio                            {100 * incremental / full_similar:8.2f} %  (goal < 2 %)")


if __name__ == "__main__":
    main()
