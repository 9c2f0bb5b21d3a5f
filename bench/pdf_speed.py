"""PDF parsing speed: kamerqa against bare pdfplumber and pdftotext, on the real PDFs.

For every PDF under ../shared/corpus/real (or the folder given) it times, in this one run:

- kamerqa: ``parsers.documents.parse_file`` (layout lines, the layout's parser, citations)
  with the PDFium reader (``parsers.pdf_chars``), and as ``kq-plumber`` with the pdfplumber
  reader;
- pdfplumber: ``page.extract_text()`` on every page, nothing else (the floor for any
  pdfplumber-based parser);
- pdftotext (poppler-utils), when installed: ``pdftotext FILE -``.

Times are CPU seconds (the process's own, and pdftotext's as a child), so that other work on
a shared machine does not count; the builds are timed by the wall clock, which is what
parallel workers shorten. It prints pages per second for each and the ratio of kamerqa's time to each baseline
(``x3.0`` = three times the baseline's time). Files every tool refuses (a scan without
text) are listed and left out of all sums.

Memory: the largest PDF (the 252-page Kamerstuk) is parsed once more in a child process per
tool, with its resident set size sampled every 50 ms; it prints the peak (VmHWM) and the
highest RSS in each quarter of the run. Flat means the last quarters are not above the
first. pdfplumber's page objects are released as pages are read; what kamerqa keeps is its
own ``Line`` list for the whole document, which the parsers need.

``--build`` also runs ``kamerqa build`` on the same folder with ``--jobs 1`` and ``--jobs N``
into fresh databases, checks that both store the same rows and prints the speed-up.

    python bench/pdf_speed.py [FOLDER] [--repeat 3] [--build] [--jobs N]

Numbers to track over time, not tests: they depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REAL = ROOT.parent / "shared" / "corpus" / "real"


# --------------------------------------------------------------------------- the tools


def page_count(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def run_kamerqa(path: Path, engine: str = "pdfium") -> None:
    from kamerqa.parsers.documents import parse_file

    parse_file(path, engine)


def run_kamerqa_pdfplumber(path: Path) -> None:
    run_kamerqa(path, "pdfplumber")


def run_pdfplumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def run_pdftotext(path: Path) -> None:
    subprocess.run(
        ["pdftotext", "-q", str(path), "-"], check=True, stdout=subprocess.DEVNULL
    )


TOOLS = {
    "kamerqa": run_kamerqa,  # with the PDFium reader
    "kq-plumber": run_kamerqa_pdfplumber,  # kamerqa with the pdfplumber reader
    "pdfplumber": run_pdfplumber,
    "pdftotext": run_pdftotext,
}


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (pdftotext): on a machine shared
    with other work, wall-clock time measures the others as much as the tool."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn, path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = _cpu_seconds()
        fn(path)
        best = min(best, _cpu_seconds() - start)
    return best


# --------------------------------------------------------------------------- memory


def _status_kib(field: str) -> int:
    """VmRSS (now) or VmHWM (peak since exec; ru_maxrss would carry the parent's peak
    over the fork) of this process, in KiB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _rss_kib() -> int:
    return _status_kib("VmRSS")


def memory_child(tool: str, path: str) -> None:
    """Run one tool on one file, sampling RSS; print JSON (peak and quarter RSS, MiB)."""
    samples: list[int] = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            samples.append(_rss_kib())
            time.sleep(0.05)

    base = _rss_kib()
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    TOOLS[tool](Path(path))
    done.set()
    thread.join()
    samples.append(_rss_kib())
    n = len(samples)
    quarters = [max(samples[i * n // 4 : max((i + 1) * n // 4, i * n // 4 + 1)]) for i in range(4)]
    print(
        json.dumps(
            {
                "before": base / 1024,
                "quarters": [q / 1024 for q in quarters],
                "peak": _status_kib("VmHWM") / 1024,
                # pdftotext runs in a process of its own
                "children_peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "samples": n,
            }
        )
    )


def memory(tool: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child", tool, str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- build


def build(folder: Path, jobs: int) -> tuple[float, dict]:
    import sqlite_utils

    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable, "-c", "from kamerqa.ingest.cli import main; main()",
                "build", str(folder), "--db", str(db_path), "--jobs", str(jobs), "--force", "-q",
                "--pdf-engine", "pdfium",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        db = sqlite_utils.Database(db_path)
        counts = {
            table: db[table].count
            for table in ("documents", "questions", "answers", "footnotes", "citations", "ingest_errors")
            if table in db.table_names()
        }
        counts["exit_status"] = proc.returncode
        return elapsed, counts


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(REAL))
    parser.add_argument("--repeat", type=int, default=1, help="best of N timings per file")
    parser.add_argument("--build", action="store_true", help="also time kamerqa build -j1 / -jN")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--memory-child", nargs=2, metavar=("TOOL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(*args.memory_child)
        return

    folder = Path(args.folder)
    if not folder.is_dir():
        sys.exit(f"no such folder: {folder} (the real PDFs live in ../shared/corpus/real)")
    files = sorted(folder.rglob("*.pdf"))
    tools = ["kamerqa", "kq-plumber", "pdfplumber"]
    if shutil.which("pdftotext"):
        tools.append("pdftotext")
    else:
        print("pdftotext not installed (apt-get install poppler-utils): that baseline is left out")

    from kamerqa.parsers.model import ParseError

    times = {tool: 0.0 for tool in tools}
    pages_total = 0
    skipped = []
    rows = []
    run_kamerqa(files[0])  # imports and first-use costs outside the timings
    for path in files:
        try:
            pages = page_count(path)
            per = {tool: timed(TOOLS[tool], path, args.repeat) for tool in tools}
        except (ParseError, subprocess.CalledProcessError) as error:
            skipped.append((path, str(error).split(":")[0]))
            continue
        pages_total += pages
        for tool in tools:
            times[tool] += per[tool]
        rows.append((path, pages, per))

    name_width = max(len(p.name[:40]) for p, _, _ in rows)
    print(f"{'file':<{name_width}} {'pages':>5} " + " ".join(f"{t:>11}" for t in tools))
    for path, pages, per in rows:
        print(
            f"{path.name[:40]:<{name_width}} {pages:>5} "
            + " ".join(f"{per[t]:>10.3f}s" for t in tools)
        )
    for path, reason in skipped:
        print(f"skipped {path.name}: {reason}")
    print()
    print(f"{len(rows)} PDFs, {pages_total} pages (best of {args.repeat})")
    for tool in tools:
        print(f"  {tool:<10} {times[tool]:8.2f} s  {pages_total / times[tool]:8.1f} pages/s")
    for tool in tools[1:]:
        print(f"  kamerqa / {tool}: x{times['kamerqa'] / times[tool]:.1f} the time")

    print(f"  kq-plumber / kamerqa: x{times['kq-plumber'] / times['kamerqa']:.1f} (fast reader speed-up, goal >= 10)")
    if "pdftotext" in times:
        print(f"  kamerqa / pdftotext: x{times['kamerqa'] / times['pdftotext']:.1f} (goal <= 4)")

    peaks: dict = {}
    largest = max(rows, key=lambda r: r[1])
    print()
    print(f"memory for {largest[0].name} ({largest[1]} pages), RSS in MiB:")
    for tool in [t for t in tools if t != "kq-plumber"]:  # kq-plumber: as kamerqa, slower
        m = memory(tool, largest[0])
        if tool == "pdftotext":
            print(f"  {tool:<10} peak {m['children_peak']:6.1f} (its own process)")
            continue
        quarters = " ".join(f"{q:6.1f}" for q in m["quarters"])
        print(f"  {tool:<10} before {m['before']:6.1f}  quarters {quarters}  peak {m['peak']:6.1f}")
        peaks[tool] = m["peak"]
    print(f"  peak kamerqa / bare pdfplumber: x{peaks['kamerqa'] / peaks['pdfplumber']:.2f} (goal <= 1.2)")

    if args.build:
        print()
        t1, c1 = build(folder, 1)
        tn, cn = build(folder, args.jobs)
        print(f"kamerqa build --jobs 1: {t1:6.1f} s  {c1}")
        print(f"kamerqa build --jobs {args.jobs}: {tn:6.1f} s  {cn}")
        print("same rows" if c1 == cn else "DIFFERENT rows")
        print(f"  build -j {args.jobs} speed-up: x{t1 / tn:.2f} (goal >= 1.8 with 2 jobs)")


if __name__ == "__main__":
    main()
