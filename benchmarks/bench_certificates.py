"""Render 514 certificates (one per kab/kota) in at most 20 s on a 2-core machine
(issue 12, point 7).

Usage: uv run python benchmarks/bench_certificates.py [--count 514] [--workers 2]

Each certificate is what a batch's task renders: `certificate_pdf.render_pdf` of
the content `certificate_pdf.printed` builds (edition, category, title, the
winner's name and province, two signatories, number, code, QR code of the
verification address), each with its own name, number and code. The work is
spread over `--workers` processes, as a Celery worker with --concurrency=2 spreads
the tasks; each process imports WeasyPrint and renders one warm-up certificate
before the clock starts (a worker process is long-lived). Not measured: the few
queries per task (load the certificate, count it off the batch) and the broker.
Prints the wall time, the wall time and the CPU time per certificate, the total
size of the PDFs and the ratio of the wall time to the 20 s target (below 1:
within the target). No database is needed.
"""

import argparse
import os
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DEBUG", "1")
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench-certificates-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
os.environ["LOG_LEVEL"] = "ERROR"
os.environ["DJANGO_SETTINGS_MODULE"] = "paritrana.settings"

import django  # noqa: E402

django.setup()

from publication import certificate_pdf  # noqa: E402

TARGET_SECONDS = 20.0


def content(n: int) -> dict[str, Any]:
    """The printed content of the n-th certificate."""
    code = f"{n:08d}".translate(str.maketrans("01", "AB"))
    return {
        "layout": certificate_pdf.LAYOUT_VERSION,
        "edition": "Paritrana Award 2025",
        "year": 2025,
        "category": "Kabupaten/Kota",
        "title": f"Juara {n % 3 + 1} — Kategori Kabupaten/Kota",
        "name": f"Kabupaten Contoh Nomor {n}",
        "province": "Jambi",
        "is_national": False,
        "number": f"PRT/2025/15/KAB/{n:03d}",
        "code": code,
        "verify_url": certificate_pdf.verify_url(code),
        "issued": "3 Desember 2026",
        "signatories": [
            ["Dr. H. Al Haris, S.Sos., M.H.", "Gubernur Jambi"],
            ["Ir. Budi Santoso", "Kepala Kantor Wilayah"],
        ],
        "is_demo": False,
    }


def warm_up() -> None:
    certificate_pdf.render_pdf(content(0))


def render(n: int) -> tuple[int, float]:
    """Render one; returns its size and the CPU time it took."""
    started = time.process_time()
    pdf = certificate_pdf.render_pdf(content(n))
    return len(pdf), time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=514)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    # fork: the workers inherit Django set up; each warms up once, not timed.
    with get_context("fork").Pool(options.workers, initializer=warm_up) as pool:
        pool.map(time.sleep, [0.01] * options.workers)
        started = time.perf_counter()
        results = pool.map(render, range(1, options.count + 1), chunksize=4)
        wall = time.perf_counter() - started
    size = sum(s for s, _ in results)
    cpu = sum(c for _, c in results)
    print(f"certificates: {options.count} in {options.workers} processes")
    print(f"wall time: {wall:.2f} s ({wall / options.count * 1000:.1f} ms each)")
    print(f"CPU time per certificate: {cpu / options.count * 1000:.1f} ms")
    each = size / options.count / 1024
    print(f"PDFs: {size / 1024 / 1024:.1f} MiB ({each:.1f} KiB each)")
    print(f"ratio to the {TARGET_SECONDS:.0f} s target: {wall / TARGET_SECONDS:.2f}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
