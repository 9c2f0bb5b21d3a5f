"""How long ``kamerqa search`` takes from the command line, against a bare SQLite FTS query.

Both run as fresh processes on the embedded corpus (built once into a temporary database
first), as a user runs them:

- kamerqa: ``kamerqa search QUERY --db DB`` (Python start, imports, the lemma of each word
  from the compact lemma tables, the search, the output);
- baseline: ``python -c`` opening the same database with ``sqlite3`` and running one FTS5
  ``match`` on ``questions_fts`` for the first word, nothing else.

It prints the median wall time and CPU time (user + system) of each over ``--repeat`` runs
and the ratio of kamerqa's to the baseline's. The first kamerqa run of a machine also writes
the lemma-table cache (``~/.cache/kamerqa``); it is made before the timed runs.

    python bench/search_start.py [--repeat 7] [--query opmerkingen]

Numbers to track over time, not tests: they depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = (
    "import sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1])\n"
    "rows = conn.execute('select rowid from questions_fts where questions_fts match ? limit 20', "
    "[sys.argv[2]]).fetchall()\n"
    "print(len(rows))\n"
)


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one run; the run must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{completed.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--query", default="opmerkingen")
    args = parser.parse_args()
    kamerqa = [sys.executable, "-m", "kamerqa.ingest.cli"]
    with tempfile.TemporaryDirectory(prefix="kamerqa-bench-") as folder:
        db = str(Path(folder) / "kamerqa.db")
        subprocess.run(kamerqa + ["build", "-q", "--db", db], check=True, capture_output=True)
        search = kamerqa + ["search", args.query, "--db", db]
        timed(search)  # the lemma-table cache, when this machine has none yet
        results = {"kamerqa search": [], "bare FTS query": []}
        for _ in range(args.repeat):  # interleaved, so that load changes hit both alike
            results["kamerqa search"].append(timed(search))
            results["bare FTS query"].append(
                timed([sys.executable, "-c", BASELINE, db, args.query.split()[0]])
            )
    medians = {
        name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for name, runs in results.items()
    }
    print(f"query {args.query!r}, {args.repeat} runs each, medians")
    for name, (wall, cpu) in medians.items():
        print(f"  {name:16} wall {wall * 1000:7.0f} ms   cpu {cpu * 1000:7.0f} ms")
    (kw, kc), (bw, bc) = medians["kamerqa search"], medians["bare FTS query"]
    print(f"  ratio kamerqa/baseline: wall x{kw / bw:.1f}, cpu x{kc / bc:.1f}")


if __name__ == "__main__":
    main()
