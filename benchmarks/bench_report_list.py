"""First- and last-page times of the coverage report list and its API (issue 13,
point 4): every page must answer in about the time of the first.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/paritrana \
       uv run python benchmarks/bench_report_list.py [--runs 5] [--reports 50000]

The script drops and re-creates the database `<name>_bench`, migrates it and loads
the regions, the demo offices, users and coverage reports (as `prepare_portal
--demo` does; not timed). It then times, as the national admin through Django's
test client in this process, page 1 and the last page of `/cakupan/` and of
`/api/v1/coverage-reports/` (50 rows a page): the median of `--runs` requests
each, after one warm-up. The baseline, from the same run and the same data, is the
way the list paged before: the annotated queryset (derived figures for every row)
sliced at the last page, timed once as one query (stopped after 120 s). Planner
statistics are gathered (ANALYZE) after each load, as autovacuum does on a live
database. It prints each time, the ratio last / first per page (target at most
1.5) and the ratio of the baseline to the whole last list page of today.

It then adds reports up to `--reports` in all (bulk_create, a fixed seed: every
region in earlier years, as each region has one report per year) and measures
again. The bench database is dropped at the end.
"""

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_load_regions import fresh_schema, on_bench_database  # noqa: E402

PAGE = 50
RATIO_TARGET = 1.5
BASELINE_LIMIT = 120  # seconds: the old paging over 50.000 reports takes longer
SEED = "bench-report-list"
STATUSES = ("draft", "submitted", "returned", "approved")


def load_demo() -> None:
    """Regions, demo offices, users and reports, as `prepare_portal --demo`."""
    from django.core.management import call_command

    from accounts.demo import create_demo_users
    from participants.demo import create_demo_reports
    from regions.demo import load_demo_offices

    call_command("load_regions", verbosity=0)
    load_demo_offices()
    create_demo_users()
    create_demo_reports()


def add_reports(total: int, rng: random.Random) -> None:
    """Reports of earlier years for every region until there are `total`."""
    from participants.models import CoverageReport
    from regions.models import Province, Regency

    regions = [(p.pk, None) for p in Province.objects.order_by("code")] + [
        (r.province_id, r.pk) for r in Regency.objects.order_by("code")
    ]
    year = CoverageReport.objects.order_by("year").values_list("year", flat=True)[0]
    missing = total - CoverageReport.objects.count()
    batch: list[Any] = []
    while missing > 0:
        year -= 1
        for province, regency in regions[:missing]:
            batch.append(made_up(province, regency, year, rng))
        missing -= min(missing, len(regions))
    CoverageReport.objects.bulk_create(batch, batch_size=2000)


def made_up(province: str, regency: str | None, year: int, rng: random.Random) -> Any:
    from participants.models import CoverageReport

    force = rng.randint(20_000, 2_000_000)
    formal = force * rng.randint(30, 60) // 100
    return CoverageReport(
        province_id=province,
        regency_id=regency,
        year=year,
        status=rng.choice(STATUSES),
        angkatan_kerja=force,
        pekerja_formal=formal,
        pekerja_informal=force - formal,
        peserta_pu=formal * rng.randint(20, 90) // 100,
        peserta_bpu=(force - formal) * rng.randint(1, 30) // 100,
    )


def median_seconds(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: connections, templates, caches of the process
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fetch(client: Any, url: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.content

    return get


def old_last_page(last: int) -> Callable[[], object]:
    """The way the list paged before: every row annotated, then sliced."""
    from participants.models import CoverageReport
    from participants.selectors import with_figures

    order = ("-year", "province_id", "regency_id")
    reports = with_figures(CoverageReport.objects.all()).order_by(*order)
    return lambda: list(reports[(last - 1) * PAGE : last * PAGE])


def measure(label: str, runs: int) -> None:
    from django.test import Client

    from accounts.models import User
    from participants.models import CoverageReport

    count = CoverageReport.objects.count()
    last = max(1, -(-count // PAGE))
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    print(f"\n{label}: {count:,} reports, last page {last}".replace(",", "."))
    finals: dict[str, float] = {}
    for name, url in (
        ("list page", "/cakupan/?page={}"),
        ("API", f"/api/v1/coverage-reports/?page_size={PAGE}&page={{}}"),
    ):
        first = median_seconds(fetch(client, url.format(1)), runs)
        final = median_seconds(fetch(client, url.format(last)), runs)
        ratio = final / first
        finals[name] = final
        verdict = "met" if ratio <= RATIO_TARGET else "NOT met"
        print(
            f"  {name:<10} first {first * 1000:7.1f} ms   last {final * 1000:7.1f} ms"
            f"   last / first {ratio:4.2f} (target ≤ {RATIO_TARGET}: {verdict})"
        )
    baseline = timed_baseline(old_last_page(last))
    if baseline is None:
        print(f"  baseline: the old way's last page over {BASELINE_LIMIT} s (stopped)")
        return
    print(
        f"  baseline: the last page's rows annotated the old way (query only, once) "
        f"{baseline * 1000:7.1f} ms, "
        f"{baseline / finals['list page']:.1f} × today's whole last list page"
    )


def timed_baseline(action: Callable[[], object]) -> float | None:
    """One run of the old paging, stopped by PostgreSQL after BASELINE_LIMIT s."""
    from django.db import OperationalError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = '{BASELINE_LIMIT}s'")
            start = time.perf_counter()
            action()
            return time.perf_counter() - start
    except OperationalError:
        return None


def analyze() -> None:
    """Planner statistics, as autovacuum keeps them on a live database (without
    them PostgreSQL scans all 83.762 desa for each report's village count)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(name: str, args: argparse.Namespace) -> None:
    from django.conf import settings

    fresh_schema(name)
    load_demo()
    analyze()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    measure("demo data", args.runs)
    rng = random.Random(SEED)  # noqa: S311 - seeded figures, no secret
    add_reports(args.reports, rng)
    analyze()
    measure("with added reports", args.runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reports", type=int, default=50_000)
    args = parser.parse_args()
    on_bench_database(lambda name: run(name, args))


if __name__ == "__main__":
    main()
