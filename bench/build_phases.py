"""Where a build's wall time goes, with -j 1 and -j N: what parallel workers can shorten.

Runs ``pipeline.build`` on a folder (default ../shared/corpus/real) into a fresh database in a
child process per run, once with ``jobs=1`` and once with ``jobs=N``, and prints per run:

- start: interpreter start and imports until the build begins (wall);
- warm-up: loading spaCy's tokeniser and the theme matcher in the main process before the
  workers are forked (wall; serial, every worker shares it);
- store: the main process storing the documents (wall, summed; it runs while workers parse);
- similar: linking similar questions after the last document (wall; serial);
- total: the whole child process (wall), and the workers' CPU seconds.

From the -j 1 run it prints the serial part (start + warm-up + similar + what is left of the
main process's own time) and the speed-up two jobs could give at most on two cores
(Amdahl: total / (serial + parallel / 2)), beside the measured one. Numbers to track over
time, not tests; they depend on the machine.

    python bench/build_phases.py [FOLDER] [--jobs N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"


def child(folder: str, jobs: int, db_path: str) -> None:
    """One instrumented build; prints its phases as JSON."""
    started = time.perf_counter()
    import sqlite_utils

    from kamerqa.ingest import pipeline, workers

    phases = {"start": time.perf_counter() - started, "warm-up": 0.0, "store": 0.0, "similar": 0.0}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            begin = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] += time.perf_counter() - begin

        return wrapper

    workers._warm_up = timed("warm-up", workers._warm_up)
    pipeline.store_document = timed("store", pipeline.store_document)
    pipeline.update_similar_questions = timed("similar", pipeline.update_similar_questions)
    result = pipeline.build(sqlite_utils.Database(db_path), [folder], jobs=jobs)
    phases["total"] = time.perf_counter() - started
    phases["main cpu"] = time.process_time()
    phases["workers cpu"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime + (
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime
    )
    phases["stored"] = result.stored
    print(json.dumps(phases))


def run(folder: Path, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(folder), str(jobs), str(Path(tmp) / "b.db")],
            check=True, capture_output=True, text=True, cwd=ROOT,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=REAL)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="runs per job count; the fastest is shown")
    args = parser.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"no folder {args.folder}")
    best = {}
    for jobs in (1, args.jobs):
        runs = [run(args.folder, jobs) for _ in range(args.repeat)]
        best[jobs] = min(runs, key=lambda r: r["total"])
    print(f"{args.folder}: {best[1]['stored']} documents stored, fastest of {args.repeat} runs (wall seconds)")
    names = ["start", "warm-up", "store", "similar", "total", "main cpu", "workers cpu"]
    print(f"{'':>14}" + "".join(f"{name:>13}" for name in names))
    for jobs, phases in best.items():
        print(f"{f'-j {jobs}':>14}" + "".join(f"{phases[name]:>13.2f}" for name in names))
    one = best[1]
    # the main process's own time outside the phases it overlaps with workers is serial too
    serial = one["start"] + one["warm-up"] + one["similar"]
    parallel = max(one["total"] - serial, 0.0)
    bound = one["total"] / (serial + parallel / args.jobs) if serial + parallel else 0.0
    print(f"serial part of -j 1: {serial:.2f} s of {one['total']:.2f} s ({serial / one['total']:.0%})")
    print(f"-j {args.jobs} speed-up: measured x{one['total'] / best[args.jobs]['total']:.2f}, "
          f"at most x{bound:.2f} with that serial part (Amdahl, {args.jobs} cores)")


if __name__ == "__main__":
    main()
