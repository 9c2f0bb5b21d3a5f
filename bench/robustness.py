"""Robustness, measured: bad input, fuzzing and crash trials; exits non-zero on any crash or loss.

Three parts, each printing how many inputs were tried and what went wrong:

- **The bad-input matrix**: empty files, a file whose type does not match its name, an
  encrypted PDF, a scan without text, real PDFs truncated at 10, 50 and 90 %, real PDFs with
  random bytes flipped, deleted or duplicated (fixed seed), Latin-1 and UTF-16 text, NUL bytes,
  a very large text and a very long line, a PDF of many blank pages, malformed XML, an
  entity-expansion bomb, an external entity pointing at a local file (whose contents must
  never reach the database), an unreadable file and a symlink loop; all built together with
  the embedded corpus by ``kamerqa build``. A crash is a traceback, a killed or hanging build,
  or a bad file with neither a document nor an ``ingest_errors`` row; a loss is a corpus
  document missing afterwards, or the secret file's text in the database.
- **Fuzzing**: generated texts, random and shaped like the corpus's Kamervragen, verslagen and
  letters (lines cut, repeated, shuffled, numbers changed), through ``parse_text`` and every
  text structure parser, each within a time bound. A crash is any exception other than
  ``ParseError``, or the bound passing.
- **Crash trials**: ``kamerqa build`` killed with SIGKILL (with its workers) at random moments;
  afterwards the database must pass ``PRAGMA integrity_check`` (when it exists) and a rebuild
  must give the same rows as a clean build.

    python bench/robustness.py            # the full run: sizes and counts of issue 14
    python bench/robustness.py --short    # small numbers, as CI runs it (tests/test_robustness.py)

Real PDFs come from ../shared/corpus/real; without it those inputs are left out, saying so.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
REAL = ROOT.parent / "shared" / "corpus" / "real"
SECRET = "kamerqa-secret-7f3a9c-never-in-the-database"
KAMERQA = [sys.executable, "-m", "kamerqa.ingest.cli"]

FULL = {"mutated": 100, "big_text_mb": 50, "long_line_mb": 5, "blank_pages": 2000,
        "fuzz": 10_000, "fuzz_seconds": 5.0, "kills": 20, "build_timeout": 3600}
SHORT = {"mutated": 6, "big_text_mb": 2, "long_line_mb": 1, "blank_pages": 50,
         "fuzz": 300, "fuzz_seconds": 5.0, "kills": 2, "build_timeout": 900}


def blank_pdf(pages: int) -> bytes:
    """A valid PDF of ``pages`` empty pages (no text layer)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(f'{3 + i} 0 R' for i in range(pages))}] /Count {pages} >>"]
    objects += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(len(data))
        action = rng.choice(("flip", "delete", "duplicate"))
        if action == "flip":
            data[at] ^= 1 << rng.randrange(8)
        elif action == "delete":
            del data[at:at + rng.randint(1, 64)]
        else:
            data[at:at] = data[at:at + rng.randint(1, 64)]
    return bytes(data)


def bad_inputs(folder: Path, sizes: dict, rng: random.Random) -> list[Path]:
    """Write the matrix into ``folder``; returns the files (the symlink loop included)."""
    folder.mkdir(parents=True)
    text = (CORPUS / "vso-nap1325-iv-2021.txt").read_text(encoding="utf-8")
    secret_file = folder.parent / "secret.txt"
    secret_file.write_text(SECRET)
    files: dict[str, bytes] = {
        "empty.txt": b"", "empty.pdf": b"", "empty.xml": b"",
        "html-named.pdf": b"<html><body>Geen PDF</body></html>",
        "pdf-named.txt": blank_pdf(1),
        "latin1.txt": text[:3000].encode("latin-1", "replace"),
        "utf16.txt": text[:3000].encode("utf-16"),
        "nul-bytes.txt": text[:1000].encode() + b"\x00\x00" + text[1000:2000].encode(),
        "big.txt": (text.encode() * (sizes["big_text_mb"] * 2**20 // len(text.encode()) + 1)),
        "long-line.txt": b"Vraag 1\n" + b"woord " * (sizes["long_line_mb"] * 2**20 // 6) + b"\n",
        "blank-pages.pdf": blank_pdf(sizes["blank_pages"]),
        "malformed.xml": b"<kamervragen><vraag>niet gesloten</kamervragen",
        "entity-bomb.xml": (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(
                f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
                for i in range(1, 10)
            )
            + b"]><kamervragen>&lol9;</kamervragen>"
        ),
        "external-entity.xml": (
            f'<?xml version="1.0"?><!DOCTYPE k [<!ENTITY secret SYSTEM "file://{secret_file}">]>'
            "<kamervragen><vraag>&secret;</vraag></kamervragen>"
        ).encode(),
        "unreadable.txt": text[:500].encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    os.chmod(folder / "unreadable.txt", 0)
    for fixture in ("encrypted-with-user-password.pdf", "scanned-image-only-no-text-layer.pdf"):
        shutil.copy(FIXTURES / fixture, folder / fixture)
    loop = folder / "loop"
    os.symlink(loop, loop)
    if REAL.is_dir():
        pdfs = sorted(p for p in REAL.rglob("*.pdf") if p.stat().st_size < 2 * 2**20)
        for share in (10, 50, 90):
            source = pdfs[share % len(pdfs)]
            data = source.read_bytes()
            (folder / f"truncated-{share}-{source.name}").write_bytes(data[: len(data) * share // 100])
        for number in range(sizes["mutated"]):
            source = pdfs[number % len(pdfs)]
            (folder / f"mutated-{number:03d}-{source.name}").write_bytes(mutate(source.read_bytes(), rng))
    else:
        print(f"  (no {REAL}: truncated and mutated real PDFs left out)")
    return sorted(folder.iterdir())


def build(db: Path, paths: list[Path], timeout: float, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run(
        KAMERQA + ["build", "-q", "--db", str(db), *extra, *map(str, paths)],
        capture_output=True, text=True, timeout=timeout,
    )


def rows(db: Path) -> dict:
    """What a build must give, per table: the sorted ids (or rows) that identify it."""
    conn = sqlite3.connect(db)
    try:
        return {
            table: sorted(map(tuple, conn.execute(f"select {columns} from {table}")))
            for table, columns in (
                ("documents", "id, sha256"), ("questions", "id, text"), ("answers", "id, text"),
                ("citations", "document_id, raw, target"), ("footnotes", "id, text"),
            )
        }
    finally:
        conn.close()


def matrix(work: Path, sizes: dict, rng: random.Random) -> tuple[int, int, int]:
    print("bad-input matrix")
    folder = work / "bad"
    files = bad_inputs(folder, sizes, rng)
    db = work / "matrix.db"
    crashes = losses = 0
    try:
        completed = build(db, [CORPUS, folder], sizes["build_timeout"])
    except subprocess.TimeoutExpired:
        print("  CRASH: the build did not finish")
        return len(files), 1, 0
    if "Traceback" in completed.stderr or completed.returncode not in (0, 1):
        crashes += 1
        print(f"  CRASH: build exited {completed.returncode}:\n{completed.stderr[-3000:]}")
    conn = sqlite3.connect(db)
    stored = {Path(r[0]).name for r in conn.execute("select source_file from document_sources")}
    failed = {Path(r[0]).name for r in conn.execute("select source_file from ingest_errors")}
    for path in files:
        if path.name not in stored | failed:
            crashes += 1
            print(f"  CRASH: {path.name}: neither stored nor in ingest_errors")
    corpus = {p.name for p in CORPUS.glob("*.txt")}
    for name in sorted(corpus - stored):
        losses += 1
        print(f"  LOSS: corpus document {name} not stored")
    if any(SECRET in line for line in conn.iterdump()):
        losses += 1
        print("  LOSS: the external entity's file reached the database")
    conn.close()
    print(f"  {len(files)} bad files with the corpus: {len(stored & {p.name for p in files})} stored, "
          f"{len(failed)} in ingest_errors; {crashes} crashed, {losses} lost")
    return len(files), crashes, losses


def fuzz_texts(count: int, rng: random.Random):
    samples = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    alphabet = "abcdefghijklmnopqrstuvwxyzé0123456789 .,:;()-–\n\tVraagAntwoord"
    for number in range(count):
        if number % 4 == 0:
            yield "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
            continue
        lines = rng.choice(samples).splitlines()
        start = rng.randrange(len(lines))
        lines = lines[start:start + rng.randint(1, 300)]
        for _ in range(rng.randint(0, 10)):
            action = rng.choice(("repeat", "drop", "swap", "renumber", "label"))
            at = rng.randrange(len(lines)) if lines else 0
            if not lines:
                break
            if action == "repeat":
                lines.insert(at, lines[at])
            elif action == "drop":
                del lines[at]
            elif action == "swap":
                other = rng.randrange(len(lines))
                lines[at], lines[other] = lines[other], lines[at]
            elif action == "renumber":
                lines[at] = f"Vraag {rng.choice([0, 1, 2, 99, 10**30, -1])}"
            else:
                lines.insert(at, rng.choice(["Antwoord", "Vraag 1 en 2", "Antwoord 3, 4 en 5",
                                             "Mededeling", "Vragen van het lid", "1 Zie Kamerstuk 26 150, nr. 190"]))
        yield "\n".join(lines)


class _TimeUp(Exception):
    pass


def fuzz(count: int, seconds: float, rng: random.Random) -> tuple[int, int]:
    from kamerqa.parsers.documents import _text_parsers, parse_text
    from kamerqa.parsers.model import ParseError

    print("fuzzing")
    parsers = {"parse_text": parse_text, **_text_parsers()}

    def alarm(signum, frame):
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, alarm)
    tried = crashes = 0
    slowest = 0.0
    try:
        for text in fuzz_texts(count, rng):
            for name, parser in parsers.items():
                tried += 1
                signal.setitimer(signal.ITIMER_REAL, seconds)
                start = time.perf_counter()
                try:
                    parser(text)
                except ParseError:
                    pass
                except _TimeUp:
                    crashes += 1
                    print(f"  CRASH: {name} took over {seconds} s on a text of {len(text)} characters")
                except Exception as error:  # noqa: BLE001 - every other exception is a crash
                    crashes += 1
                    if crashes <= 10:
                        print(f"  CRASH: {name}: {type(error).__name__}: {error} on {text[:80]!r}")
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                slowest = max(slowest, time.perf_counter() - start)
    finally:
        signal.signal(signal.SIGALRM, previous)
    print(f"  {count} texts through {len(parsers)} parsers: {tried} parses, {crashes} crashed, "
          f"slowest {slowest * 1000:.0f} ms")
    return tried, crashes


def crash_trials(
    work: Path, kills: int, timeout: float, rng: random.Random, with_real: bool = True
) -> tuple[int, int, int]:
    print("crash trials")
    inputs = [CORPUS]
    if with_real and REAL.is_dir():
        inputs.append(REAL / "aanhangsel-tk-opendata")
    clean = work / "clean.db"
    start = time.perf_counter()
    completed = build(clean, inputs, timeout, ("-j", "2"))
    duration = time.perf_counter() - start
    if completed.returncode != 0:
        print(f"  the clean build failed:\n{completed.stderr[-2000:]}")
        return 0, 1, 0
    expected = rows(clean)
    failures = converged = 0
    for trial in range(kills):
        db = work / f"killed-{trial}.db"
        delay = rng.uniform(0, duration)
        process = subprocess.Popen(
            KAMERQA + ["build", "-q", "-j", "2", "--db", str(db), *map(str, inputs)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        time.sleep(delay)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        if db.exists():
            check = sqlite3.connect(db).execute("pragma integrity_check").fetchone()[0]
            if check != "ok":
                failures += 1
                print(f"  CRASH: trial {trial} (killed after {delay:.1f} s): integrity_check: {check}")
                continue
        again = build(db, inputs, timeout, ("-j", "2"))
        if again.returncode != 0 or rows(db) != expected:
            failures += 1
            print(f"  LOSS: trial {trial} (killed after {delay:.1f} s): the rebuild differs from a clean build")
        else:
            converged += 1
    print(f"  {kills} builds killed (a clean build takes {duration:.1f} s): {converged} rebuilds "
          f"converged to the clean build, {failures} did not")
    return kills, failures, converged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="small numbers (CI)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    sizes = SHORT if args.short else FULL
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kamerqa-robustness-") as folder:
        work = Path(folder)
        try:
            tried, matrix_crashes, losses = matrix(work, sizes, rng)
            parses, fuzz_crashes = fuzz(sizes["fuzz"], sizes["fuzz_seconds"], rng)
            kills, crash_failures, converged = crash_trials(work, sizes["kills"], sizes["build_timeout"], rng)
        finally:
            unreadable = work / "bad" / "unreadable.txt"
            if unreadable.exists():
                os.chmod(unreadable, 0o600)
    crashes = matrix_crashes + fuzz_crashes
    print(f"summary: {tried} bad files, {parses} fuzz parses, {kills} kills; "
          f"{crashes} crashed, {losses} documents lost, {converged} of {kills} rebuilds converged")
    return 1 if crashes or losses or crash_failures else 0


if __name__ == "__main__":
    sys.exit(main())
