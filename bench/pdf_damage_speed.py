"""What the damage check costs next to the parse it accompanies, on the real PDFs.

For every PDF under ../shared/corpus/real (or the folder given) it times, in this one run,
``parsers.pdf_damage.pdf_damage_of_file`` (best of ``--repeat``) and one
``parsers.documents.parse_file`` with the PDFium reader, both in CPU seconds of this
process, and prints the check's time as a share of the parse's, per file and in total.

    python bench/pdf_damage_speed.py [FOLDER] [--repeat 5]

Numbers to track over time, not tests: they depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REAL = ROOT.parent / "shared" / "corpus" / "real"


def cpu_seconds(function, *args) -> float:
    start = time.process_time()
    function(*args)
    return time.process_time() - start


def main() -> None:
    from kamerqa.parsers.documents import parse_file
    from kamerqa.parsers.model import ParseError
    from kamerqa.parsers.pdf_damage import pdf_damage_of_file

    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("folder", nargs="?", type=Path, default=REAL)
    options.add_argument("--repeat", type=int, default=5)
    args = options.parse_args()
    files = sorted(args.folder.rglob("*.pdf"))
    if not files:
        sys.exit(f"no PDF under {args.folder}")
    total_check = total_parse = 0.0
    print(f"{'file':<44} {'check ms':>9} {'parse s':>8} {'share':>7}")
    for path in files:
        check = min(cpu_seconds(pdf_damage_of_file, path) for _ in range(args.repeat))
        try:
            parse = cpu_seconds(parse_file, path, "pdfium")
        except ParseError as error:
            print(f"{path.name[:44]:<44} {check * 1000:9.1f}   (not parsed: {error})")
            continue
        total_check, total_parse = total_check + check, total_parse + parse
        print(f"{path.name[:44]:<44} {check * 1000:9.1f} {parse:8.2f} {check / parse:7.2%}")
    print(f"{'all ' + str(len(files)) + ' files':<44} {total_check * 1000:9.1f} {total_parse:8.2f} "
          f"{total_check / total_parse:7.2%}")


if __name__ == "__main__":
    main()
