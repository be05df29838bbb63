"""Time `load_regions` on an empty PostgreSQL database (target: under 10 s).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/paritrana \
       uv run python benchmarks/bench_load_regions.py [--runs 3]

Each run drops and re-creates the database `<name>_bench`, migrates (not timed), then
times: the first load (COPY path), the same load through Django's bulk_create (the
baseline), a re-run with unchanged files (skipped by checksum) and a forced re-run
that compares every row. Prints medians, rows/s and the ratio to the baseline.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench_database_url() -> tuple[str, str]:
    """The benchmark database URL and its name, derived from DATABASE_URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the benchmark is for it).")
    parts = urlparse(url)
    name = f"{parts.path.lstrip('/') or 'paritrana'}_bench"
    return urlunparse(parts._replace(path=f"/{name}")), name


def _as_admin(*statements: str) -> None:
    """Run statements on the server's `postgres` database, outside a transaction."""
    admin_url = urlunparse(
        urlparse(os.environ["DATABASE_URL"])._replace(path="/postgres")
    )
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    connection.close()


def recreate_database(name: str) -> None:
    _as_admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    _as_admin(f'DROP DATABASE IF EXISTS "{name}"')


def on_bench_database(run: Callable[[str], None]) -> None:
    """Set Django up on the benchmark database (DEBUG off), run, then drop it."""
    url, name = bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paritrana.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # DEBUG keeps every query in memory: not in production
    try:
        run(name)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(name)


def fresh_schema(name: str) -> None:
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    recreate_database(name)
    call_command("migrate", verbosity=0)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def orm_insert(model, rows) -> None:
    """Baseline: Django's bulk_create instead of COPY."""
    model._default_manager.bulk_create([model(**row) for row in rows], batch_size=2000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    url, name = bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paritrana.settings")
    import django

    django.setup()
    from django.conf import settings

    from regions import loaders

    directory = Path(settings.IDN_AREA_DATA_DIR)
    rows = sum(len(level.rows) for level in loaders.parse_directory(directory))
    copy_insert = loaders._insert
    results: dict[str, list[float]] = {
        "first": [],
        "baseline": [],
        "same": [],
        "force": [],
    }
    for _ in range(runs):
        fresh_schema(name)
        results["first"].append(timed(lambda: loaders.load_regions(directory)))
        results["same"].append(timed(lambda: loaders.load_regions(directory)))
        results["force"].append(
            timed(lambda: loaders.load_regions(directory, force=True))
        )
        fresh_schema(name)
        loaders._insert = orm_insert
        results["baseline"].append(timed(lambda: loaders.load_regions(directory)))
        loaders._insert = copy_insert
    report(results, rows, runs)


def report(results: dict[str, list[float]], rows: int, runs: int) -> None:
    median = {key: statistics.median(values) for key, values in results.items()}
    print(f"load_regions on PostgreSQL, {rows:,} rows, median of {runs} runs")
    labels = {
        "first": "empty database (COPY)",
        "baseline": "empty database (bulk_create baseline)",
        "same": "re-run, unchanged files (skipped)",
        "force": "re-run --force (compare every row)",
    }
    for key, label in labels.items():
        seconds = median[key]
        print(f"  {label:<40} {seconds:7.3f} s  {rows / seconds:>12,.0f} rows/s")
    print(f"  ratio bulk_create / COPY: {median['baseline'] / median['first']:.1f}x")
    verdict = "PASS" if median["first"] < 10 else "FAIL"
    print(f"  target: empty load under 10 s -> {verdict}")


if __name__ == "__main__":
    main()
