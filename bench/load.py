"""Load on the published site: N concurrent clients against ``kamerqa serve`` for a while.

It builds the embedded corpus into a temporary database, starts ``kamerqa serve`` on a free
port of 127.0.0.1, waits until it answers, and then runs two phases of ``--seconds`` each
with ``--clients`` concurrent clients (asyncio, httpx, one keep-alive connection each):

- the site: a mix of the home page, document pages, ``/search`` queries and table pages
  (``questions``, ``qa`` with facets, ``documents``), in a fixed rotation;
- the baseline: Datasette's own ``/-/versions.json``, the cheapest page the server has.

For each it prints requests per second, p50, p95 and the slowest response, and errors
(status >= 500, timeouts, refused connections; a 4xx in the mix counts as an error too),
then the ratios site/baseline. It exits non-zero when any request failed.

    python bench/load.py [--clients 50] [--seconds 20]

Numbers to track over time, not tests: they depend on the machine and what else runs on it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

SEARCHES = ("vrouwen", "opmerkingen", "Istanbul Conventie", "vrede en veiligheid", "Curacao")


def site_paths(database: str, document_ids: list[str]) -> list[str]:
    paths = ["/"]
    paths += [f"/doc/{d}" for d in document_ids]
    paths += [f"/search?q={urllib.request.quote(q)}" for q in SEARCHES]
    paths += [
        f"/{database}/questions",
        f"/{database}/qa",
        f"/{database}/documents",
        f"/{database}/citations?kind=kamerstuk",
    ]
    return paths


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(process: subprocess.Popen, url: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"kamerqa serve exited with status {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=10).read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"kamerqa serve did not answer {url} within {timeout:.0f} s")


async def run_phase(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    import httpx

    timings: list[float] = []
    errors: dict[str, int] = {}
    stop = time.monotonic() + seconds

    async def client(number: int) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            index = number
            while time.monotonic() < stop:
                path = paths[index % len(paths)]
                index += 1
                start = time.perf_counter()
                try:
                    response = await http.get(path)
                    await response.aread()
                    if response.status_code >= 400:
                        key = f"{response.status_code} {path}"
                        errors[key] = errors.get(key, 0) + 1
                except httpx.HTTPError as error:
                    key = f"{type(error).__name__} {path}"
                    errors[key] = errors.get(key, 0) + 1
                timings.append(time.perf_counter() - start)

    began = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.perf_counter() - began
    timings.sort()
    return {
        "requests": len(timings),
        "per_second": len(timings) / elapsed,
        "p50": statistics.median(timings) if timings else float("nan"),
        "p95": timings[int(len(timings) * 0.95)] if timings else float("nan"),
        "max": timings[-1] if timings else float("nan"),
        "errors": errors,
    }


def report(name: str, found: dict) -> None:
    print(
        f"  {name:9} {found['requests']:6d} requests  {found['per_second']:7.1f}/s  "
        f"p50 {found['p50'] * 1000:7.0f} ms  p95 {found['p95'] * 1000:7.0f} ms  "
        f"max {found['max'] * 1000:7.0f} ms  errors {sum(found['errors'].values())}"
    )
    for key, count in sorted(found["errors"].items()):
        print(f"      {count} × {key}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    kamerqa = [sys.executable, "-m", "kamerqa.ingest.cli"]
    with tempfile.TemporaryDirectory(prefix="kamerqa-load-") as folder:
        db = Path(folder) / "kamerqa.db"
        subprocess.run(kamerqa + ["build", "-q", "--db", str(db)], check=True, capture_output=True)
        import sqlite3

        document_ids = [row[0] for row in sqlite3.connect(db).execute("select id from documents order by id")]
        port = free_port()
        log = open(Path(folder) / "serve.log", "wb")
        server = subprocess.Popen(
            kamerqa + ["serve", "--db", str(db), "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_serving(server, base + "/-/versions.json")
            paths = site_paths(db.stem, document_ids)
            for path in paths:  # every page once, so that first-use costs are not measured
                urllib.request.urlopen(base + path, timeout=60).read()
            site = asyncio.run(run_phase(base, paths, args.clients, args.seconds))
            baseline = asyncio.run(run_phase(base, ["/-/versions.json"], args.clients, args.seconds))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            log.close()
    print(f"{args.clients} clients, {args.seconds:.0f} s per phase, {len(paths)} site pages in rotation, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    report("site", site)
    report("baseline", baseline)
    print(
        f"  ratio site/baseline: requests/s x{site['per_second'] / baseline['per_second']:.2f}, "
        f"p50 x{site['p50'] / baseline['p50']:.1f}, p95 x{site['p95'] / baseline['p95']:.1f}"
    )
    if site["errors"] or baseline["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
