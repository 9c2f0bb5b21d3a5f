"""Quality of 'kamerqa similar' on the labelled set tests/data/similar_eval.json.

Builds a database from the embedded corpus plus, when present, the real Aanhangsel PDFs
in ../shared/corpus/real/aanhangsel-tk-opendata, then reports for every re-ranking scorer
in db.similar.SCORERS:

- precision@1: share of positive queries whose first result (above the threshold) is an
  expected question;
- recall@5: share of positive queries with an expected question among the first five;
- negatives rejected: share of negative queries with no result above the threshold;

and precision@1 and recall@5 apart for the short queries (typed) and the long ones (whole
question paragraphs pasted from elsewhere, marked "long" in the evaluation file).

It also prints, per scorer, the threshold that best separates positives from negatives.

    python bench/similar_eval.py [--db PATH] [--scorer NAME] [--threshold T]

This measures quality, not speed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from kamerqa.db.similar import QUERY_SCORER, SCORER, SCORERS, THRESHOLD, Searcher  # noqa: E402
from kamerqa.ingest import pipeline  # noqa: E402
from kamerqa.ingest.resources import embedded_corpus  # noqa: E402

EVAL_FILE = ROOT / "tests" / "data" / "similar_eval.json"
REAL_AANHANGSEL = ROOT.parent / "shared" / "corpus" / "real" / "aanhangsel-tk-opendata"


def eval_sources() -> list[Path]:
    sources = [embedded_corpus()]
    if REAL_AANHANGSEL.is_dir():
        sources.append(REAL_AANHANGSEL)
    return sources


def build_eval_db(path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    pipeline.build(db, eval_sources(), jobs=pipeline.default_jobs())
    return db


def load_eval(db: sqlite_utils.Database, eval_file: Path = EVAL_FILE) -> tuple[list[dict], list[dict]]:
    """Positive and negative queries; positives whose expected questions are not in the
    database (real PDFs absent) are left out. Expected ids are widened to questions of the
    same document with the same text."""
    data = json.loads(eval_file.read_text(encoding="utf-8"))
    positives = []
    for item in data["positives"]:
        accepted = set()
        for qid in item["expected"]:
            row = db.execute(
                "select document_id, text from questions where id = ?", [qid]
            ).fetchone()
            if row is None:
                continue
            accepted |= {
                r[0]
                for r in db.execute(
                    "select id from questions where document_id = ? and text = ?", row
                ).fetchall()
            }
        if accepted:
            positives.append({**item, "accepted": accepted})
    return positives, data["negatives"]


def run_queries(db, positives, negatives, scorer: str) -> dict:
    """Top-5 results at threshold 0 for each query, kept so thresholds can be tried."""
    searcher = Searcher(db, scorer=scorer)
    return {
        "positives": [
            (item, searcher.similar(item["query"], top=5, threshold=0.0)) for item in positives
        ],
        "negatives": [
            (item, searcher.similar(item["query"], top=5, threshold=0.0)) for item in negatives
        ],
    }


def metrics(results: dict, threshold: float) -> dict:
    found = _positives(results["positives"], threshold)
    for name, wanted in (("short", False), ("long", True)):
        part = _positives([r for r in results["positives"] if bool(r[0].get("long")) == wanted], threshold)
        found.update({f"{name}_{key}": value for key, value in part.items()})
    rejected = sum(
        not any(h["score"] >= threshold for h in hits) for _item, hits in results["negatives"]
    )
    found["negatives"] = len(results["negatives"])
    found["negatives_rejected"] = rejected / max(len(results["negatives"]), 1)
    return found


def _positives(results: list, threshold: float) -> dict:
    hits1 = hits5 = 0
    for item, hits in results:
        kept = [h["question_id"] for h in hits if h["score"] >= threshold]
        hits1 += bool(kept) and kept[0] in item["accepted"]
        hits5 += any(q in item["accepted"] for q in kept[:5])
    n_pos = max(len(results), 1)
    return {
        "positives": len(results),
        "precision_at_1": hits1 / n_pos,
        "recall_at_5": hits5 / n_pos,
    }


def evaluate(
    db: sqlite_utils.Database, scorer: str = QUERY_SCORER, threshold: float = THRESHOLD
) -> dict:
    positives, negatives = load_eval(db)
    return metrics(run_queries(db, positives, negatives, scorer), threshold)


def best_threshold(results: dict) -> tuple[float, dict]:
    """The threshold with the most precision@1 + negatives rejected (ties: the lowest)."""
    best: Optional[tuple[float, float, dict]] = None
    for step in range(0, 101):
        found = metrics(results, float(step))
        value = found["precision_at_1"] + found["negatives_rejected"]
        if best is None or value > best[0]:
            best = (value, float(step), found)
    return best[1], best[2]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="Use this database instead of building one.")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--scorer", choices=sorted(SCORERS), help="Only this scorer.")
    parser.add_argument("--show", action="store_true", help="Print each query's first hit.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kamerqa-eval-") as folder:
        db = sqlite_utils.Database(args.db) if args.db else build_eval_db(Path(folder) / "eval.db")
        positives, negatives = load_eval(db)
        print(
            f"{len(positives)} positive and {len(negatives)} negative queries; "
            f"{db['questions'].count} questions in the database "
            f"(real Aanhangsel PDFs {'included' if any(p.get('real') for p in positives) else 'absent'})"
        )
        print(f"{'':29} {'all':>13} {'short':>13} {'long':>13}")
        print(f"{'scorer':29} {'P@1':>6} {'R@5':>6} {'P@1':>6} {'R@5':>6} {'P@1':>6} {'R@5':>6} "
              f"{'neg.rej':>8}  at threshold {args.threshold:g}"
              f"   | best threshold: {'T':>4} {'P@1':>6} {'R@5':>6} {'neg.rej':>8}")
        for scorer in [args.scorer] if args.scorer else list(SCORERS):
            results = run_queries(db, positives, negatives, scorer)
            at = metrics(results, args.threshold)
            threshold, best = best_threshold(results)
            mark = "*" if scorer == QUERY_SCORER else "+" if scorer == SCORER else " "
            print(
                f"{scorer + mark:29} {at['precision_at_1']:6.3f} {at['recall_at_5']:6.3f} "
                f"{at['short_precision_at_1']:6.3f} {at['short_recall_at_5']:6.3f} "
                f"{at['long_precision_at_1']:6.3f} {at['long_recall_at_5']:6.3f} "
                f"{at['negatives_rejected']:8.3f}{'':18}| {'':15}{threshold:4.0f} "
                f"{best['precision_at_1']:6.3f} {best['recall_at_5']:6.3f} {best['negatives_rejected']:8.3f}"
            )
            if args.show:
                for item, hits in results["positives"]:
                    first = hits[0] if hits else {"question_id": "-", "score": 0}
                    ok = "ok " if first["question_id"] in item["accepted"] else "MISS"
                    print(f"   {ok} {first['score']:5.1f} {first['question_id']:32} {item['query'][:70]}")
                for item, hits in results["negatives"]:
                    first = hits[0] if hits else {"question_id": "-", "score": 0}
                    print(f"   neg  {first['score']:5.1f} {first['question_id']:32} {item['query'][:70]}")
        print("* = scorer of queries (db.similar.QUERY_SCORER), + = of the stored links (SCORER)")


if __name__ == "__main__":
    main()
