"""Recompute every ranking of an edition on PostgreSQL (issue 11, point 11).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/paritrana \
       uv run python benchmarks/bench_ranking.py [--runs 5] [--employers 5000]
       [--naive-at full|500] [--profile]

The script drops and re-creates the database `<name>_bench`, migrates it and loads
every region (38 provinsi, 514 kab/kota). It then writes, with bulk_create and a fixed
seed (not timed): one edition with three categories (provinsi, kab/kota, badan usaha)
and their provincial and national methodologies (the shipped ones, the interview
aspect split into 5 rubric criteria); 552 Pemda candidates with approved reports of
this and last year (non-ASN, vulnerable-worker and village lines) and a verified
regulation; 500 employer candidates with approved compliance, later 5,000; a Tim 9 of
9 members in every province and a national jury of 9, each member with a submitted
score sheet for every candidate on the 5 rubric criteria. Every candidate has
advanced, so the national rankings compare all of them.

"Every ranking" is every province and category (114 scopes) and each category
nationally (3), at the final stage, recomputed by `recompute_edition` (the fast
path: the inputs of the whole edition read at once, one insert). Before each timed
repeat the stored runs are deleted, so each repeat builds the inputs, ranks, and
stores all 117 runs. It prints the queries of one recompute for 500 and for 5,000
employers (the same number: one per kind of input, whatever the number of
candidates), the median and minimum of the repeats, one recompute by a naive loop
that calls `compute_run` scope by scope and reads each candidate's records one
query at a time (the adapter's per-candidate path, same engine, same stored runs)
and the ratio (`--naive-at 500`: both on the edition with 500
employers, as the naive loop takes minutes on the full one), and the peak memory of
one recompute (tracemalloc, in a run of its own; ru_maxrss of the process). Times
are wall-clock; the CPU time of this process is printed beside them (on a shared
machine it tells the Python work apart from waiting for the database and for other
processes). The bench database is dropped at the end.
"""

import argparse
import cProfile
import pstats
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_load_regions import fresh_schema, on_bench_database  # noqa: E402

AWARD_YEAR = 2025
YEAR = AWARD_YEAR - 1
ASSESSORS = 9
RUBRIC_CRITERIA = 5
VILLAGE_LINES = 10  # desa lines per kab/kota report
TARGET_SECONDS = 2.0
RATIO_TARGET = 20.0
SEED = "bench-ranking"
CATEGORIES = ("provinsi", "kab_kota", "badan_usaha")


# The data (not timed)


def methodology_document(name: str) -> dict[str, Any]:
    """The shipped methodology with its rubric aspect split into 5 criteria."""
    import copy
    import json

    path = ROOT / "scoring" / "methodologies" / f"{name}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    aspect = next(a for a in document["aspects"] if a["code"] == "WAW")
    model = aspect["criteria"][0]
    total = sum((Decimal(c["weight"]) for c in aspect["criteria"]), Decimal(0))
    share = (total / RUBRIC_CRITERIA).quantize(Decimal("0.01"))
    criteria = []
    for n in range(RUBRIC_CRITERIA):
        criterion = copy.deepcopy(model)
        last = n == RUBRIC_CRITERIA - 1
        weight = total - share * (RUBRIC_CRITERIA - 1) if last else share
        criterion.update(code=f"WAW.{n + 1}", name=f"Wawancara {n + 1}")
        criterion["weight"] = str(weight)
        criteria.append(criterion)
    aspect["criteria"] = criteria
    return document


def create_edition() -> dict[str, Any]:
    """The edition, its categories and their provincial and national methods."""
    from nominations.models import Category, Edition, Stage
    from scoring.services.methodology import create_methodology

    edition = Edition.objects.create(
        name=f"Paritrana Award {AWARD_YEAR}",
        award_year=AWARD_YEAR,
        assessment_year=YEAR,
        period_start=date(AWARD_YEAR, 3, 1),
        period_end=date(AWARD_YEAR, 11, 30),
        status=Edition.Status.RUNNING,
    )
    categories = {}
    for name in CATEGORIES:
        category = Category.objects.create(
            edition=edition, name=name, subject_type=name
        )
        for tier in (Stage.Tier.PROVINCIAL, Stage.Tier.NATIONAL):
            document = methodology_document(name)
            create_methodology(document, category=category, tier=tier)
        categories[name] = category
    return {"edition": edition, "categories": categories}


def create_panels(edition: Any) -> dict[str | None, list[Any]]:
    """A Tim 9 per province and the national jury: members by province (None)."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from nominations.models import ProvincialRound
    from regions.models import Province
    from scoring.models import Panel, PanelMember

    provinces = list(Province.objects.order_by("code"))
    rounds = ProvincialRound.objects.bulk_create(
        ProvincialRound(edition=edition, province=p) for p in provinces
    )
    panels = Panel.objects.bulk_create(
        [Panel(edition=edition, round=r) for r in rounds] + [Panel(edition=edition)]
    )
    keys: list[str | None] = [p.pk for p in provinces] + [None]
    unusable = make_password(None)  # assessors who never log in here
    users = User.objects.bulk_create(
        User(username=f"penilai-{k}-{n}", role="penilai", password=unusable)
        for k in keys
        for n in range(ASSESSORS)
    )
    members = PanelMember.objects.bulk_create(
        PanelMember(panel=panel, user=users[i * ASSESSORS + n], organisation="Bench")
        for i, panel in enumerate(panels)
        for n in range(ASSESSORS)
    )
    return {
        key: members[i * ASSESSORS : (i + 1) * ASSESSORS] for i, key in enumerate(keys)
    }


def create_pemda(world: dict[str, Any], rng: random.Random) -> list[Any]:
    """552 Pemda candidates with approved reports and a verified regulation."""
    from nominations.models import Candidate
    from regions.models import Province, Regency

    categories = world["categories"]
    candidates = [
        Candidate(
            edition=world["edition"],
            category=categories["provinsi"],
            province=province,
            status=Candidate.Status.ADVANCED,
        )
        for province in Province.objects.order_by("code")
    ] + [
        Candidate(
            edition=world["edition"],
            category=categories["kab_kota"],
            province_id=regency.province_id,
            regency=regency,
            status=Candidate.Status.ADVANCED,
        )
        for regency in Regency.objects.order_by("code")
    ]
    candidates = Candidate.objects.bulk_create(candidates, batch_size=1000)
    create_reports(candidates, rng)
    create_regulations(candidates, rng)
    return candidates


def create_reports(candidates: list[Any], rng: random.Random) -> None:
    """Approved reports of this and last year, with their lines."""
    from participants.models import (
        CoverageReport,
        NonAsnLine,
        VillageProtection,
        VulnerableWorkerLine,
    )
    from regions.models import Village

    reports = CoverageReport.objects.bulk_create(
        (
            coverage_report(candidate, year, rng)
            for candidate in candidates
            for year in (YEAR - 1, YEAR)
        ),
        batch_size=1000,
    )
    villages: dict[str, list[str]] = {}  # desa codes by kab/kota
    for pk, regency in Village.objects.values_list("pk", "district__regency_id"):
        villages.setdefault(regency, []).append(pk)
    NonAsnLine.objects.bulk_create(
        (
            NonAsnLine(
                report=r, category=c, eligible=1000, protected=rng.randint(0, 999)
            )
            for r in reports
            for c in ("guru_honorer", "bpd")
        ),
        batch_size=2000,
    )
    VulnerableWorkerLine.objects.bulk_create(
        (
            VulnerableWorkerLine(
                report=r,
                sector="petani",
                funding_source="apbd",
                workers=rng.randint(10, 5000),
                months=12,
                rupiah=rng.randint(10, 5000) * 201_600,
            )
            for r in reports
        ),
        batch_size=2000,
    )
    VillageProtection.objects.bulk_create(
        (
            VillageProtection(
                report=r,
                village_id=v,
                workers=rng.randint(0, 300),
                funding_source="apbdes",
            )
            for r in reports
            if r.regency_id
            for v in villages.get(r.regency_id, [])[:VILLAGE_LINES]
        ),
        batch_size=2000,
    )


def coverage_report(candidate: Any, year: int, rng: random.Random) -> Any:
    from participants.models import CoverageReport
    from review.models import ReviewStatus

    workforce = rng.randint(20_000, 2_000_000)
    formal = workforce * rng.randint(30, 70) // 100
    return CoverageReport(
        province_id=candidate.province_id,
        regency_id=candidate.regency_id,
        year=year,
        status=ReviewStatus.APPROVED,
        angkatan_kerja=workforce,
        pekerja_formal=formal,
        pekerja_informal=workforce - formal,
        peserta_pu=formal * rng.randint(20, 90) // 100,
        peserta_bpu=(workforce - formal) * rng.randint(1, 40) // 100,
        pemberi_kerja=rng.randint(100, 5000),
    )


def create_regulations(candidates: list[Any], rng: random.Random) -> None:
    """One regulation per candidate, verified by a logged step."""
    from nominations.models import (
        Aspect,
        Regulation,
        Verification,
        VerificationStep,
    )

    kinds = ("perda", "perkada", "mou_pks")
    regulations = Regulation.objects.bulk_create(
        (
            Regulation(
                candidate=c,
                aspect=Aspect.REGULASI,
                kind=rng.choice(kinds),
                number=f"{n}/{YEAR}",
                issued_on=date(YEAR, 2, 1),
                title="Perlindungan Jaminan Sosial Ketenagakerjaan",
                file="bench/perda.pdf",
                original_name="perda.pdf",
                content_type="application/pdf",
                verification=Verification.VERIFIED,
            )
            for n, c in enumerate(candidates)
        ),
        batch_size=1000,
    )
    VerificationStep.objects.bulk_create(
        (
            VerificationStep(
                regulation=r,
                action="verify",
                from_status=Verification.UNVERIFIED,
                to_status=Verification.VERIFIED,
            )
            for r in regulations
        ),
        batch_size=2000,
    )


def create_employers(
    world: dict[str, Any], count: int, start: int, rng: random.Random
) -> list[Any]:
    """`count` employer candidates with approved compliance, spread over the
    kab/kota (so over the provinces)."""
    from nominations.models import Candidate, Employer, EmployerCompliance
    from regions.models import Branch, Kanwil, Regency
    from review.models import ReviewStatus

    kanwil, _ = Kanwil.objects.get_or_create(code="bench", name="Kanwil Bench")
    branch, _ = Branch.objects.get_or_create(
        code="bench", defaults={"name": "KC Bench", "kanwil": kanwil}
    )
    regencies = list(Regency.objects.order_by("code"))
    employers = Employer.objects.bulk_create(
        (
            Employer(
                npp=f"{90_000_000 + n}",
                name=f"PT Bench {n}",
                regency=regencies[n % len(regencies)],
                branch=branch,
                sector="manufaktur",
                scale="besar",
            )
            for n in range(start, start + count)
        ),
        batch_size=2000,
    )
    EmployerCompliance.objects.bulk_create(
        (compliance(e, rng, ReviewStatus.APPROVED) for e in employers),
        batch_size=2000,
    )
    return Candidate.objects.bulk_create(
        (
            Candidate(
                edition=world["edition"],
                category=world["categories"]["badan_usaha"],
                province_id=e.regency.province_id,
                employer=e,
                status=Candidate.Status.ADVANCED,
            )
            for e in employers
        ),
        batch_size=2000,
    )


def compliance(employer: Any, rng: random.Random, status: str) -> Any:
    from nominations.models import EmployerCompliance

    employees = rng.randint(10, 20_000)
    programmes = rng.sample(("jkk", "jkm", "jht", "jp", "jkp"), 3)
    return EmployerCompliance(
        employer=employer,
        year=YEAR,
        status=status,
        employees=employees,
        registered_participants=employees * rng.randint(50, 100) // 100,
        **dict.fromkeys(programmes, True),
        months_paid_on_time=rng.randint(6, 12),
        wage_report_accuracy=Decimal(rng.randint(5000, 10000)) / 100,
        digital_channel_use=Decimal(rng.randint(0, 10000)) / 100,
        csr_vulnerable_protected=rng.randint(0, 500),
        vendors_total=20,
        vendors_registered=rng.randint(0, 20),
    )


def create_sheets(
    world: dict[str, Any], candidates: list[Any], rng: random.Random
) -> None:
    """A submitted sheet of every member of the candidate's Tim 9 and of the
    national jury, with a level on each rubric criterion of the tier's method."""
    from review.models import ReviewStatus
    from scoring.models import Criterion, ScoreSheet, SheetScore

    members = world["members"]
    rubric: dict[tuple[int, str], list[tuple[int, list[int]]]] = {}
    for criterion in Criterion.objects.filter(
        source="rubric", aspect__methodology__category__edition=world["edition"]
    ).prefetch_related("levels", "aspect__methodology"):
        methodology = criterion.aspect.methodology
        key = (methodology.category_id, methodology.tier)
        levels = [level.pk for level in criterion.levels.all()]
        rubric.setdefault(key, []).append((criterion.pk, levels))
    for tier, panel in (("provincial", None), ("national", None)):
        sheets = ScoreSheet.objects.bulk_create(
            (
                ScoreSheet(member=m, candidate=c, status=ReviewStatus.SUBMITTED)
                for c in candidates
                for m in members[c.province_id if tier == "provincial" else panel]
            ),
            batch_size=5000,
        )
        SheetScore.objects.bulk_create(
            (
                SheetScore(sheet=s, criterion_id=pk, level_id=rng.choice(levels))
                for s in sheets
                for pk, levels in rubric[s.candidate.category_id, tier]
            ),
            batch_size=5000,
        )


# The timed work


def scopes(world: dict[str, Any]) -> list[Any]:
    """Every ranking of the edition: each province and category, then national."""
    from regions.models import Province
    from scoring.adapter import Scope

    edition = world["edition"]
    categories = list(world["categories"].values())
    provinces = list(Province.objects.order_by("code"))
    return [Scope(edition, c, p) for p in provinces for c in categories] + [
        Scope(edition, c) for c in categories
    ]


def recompute(all_scopes: list[Any]) -> None:
    """Scope by scope through `compute_run` (the naive loop's frame)."""
    from scoring.services.runs import compute_run

    for scope in all_scopes:
        compute_run(scope, "final")


def recompute_all(edition: Any) -> None:
    """The fast path: every ranking of the edition in one pass."""
    from scoring.services.edition import recompute_edition

    outcome = recompute_edition(edition, "final")
    assert not outcome.missing, "every category has both methodologies"


def clear_runs() -> None:
    from scoring.models import RankingRun

    RankingRun.objects.all().delete()


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def queries_of(action: Callable[[], object]) -> int:
    """How many queries the action sends (counted as sent, not logged)."""
    from django.db import connection

    count = 0

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        action()
    return count


def peak_memory(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def naive_build_inputs(scope: Any, methodology: Any) -> Any:
    """The baseline: each candidate's records read one query at a time (its reports
    and their lines, desa count, dossier, compliance and sheets), through the
    adapter's own per-candidate functions and the same engine."""
    from nominations.models import EmployerCompliance
    from participants.models import CoverageReport
    from regions.models import Village
    from scoring import adapter, engine

    year = scope.edition.assessment_year
    inputs = adapter.Inputs(adapter.engine_methodology(methodology), [])
    for candidate in adapter.scope_candidates(scope):
        key = str(candidate.pk)
        items, verified = adapter._dossiers([candidate]).get(candidate.pk, ([], []))
        if candidate.employer_id:
            record = (
                EmployerCompliance.objects.approved()
                .filter(employer_id=candidate.employer_id, year=year)
                .first()
            )
            values, source = adapter._employer_values(record)
        else:
            region = adapter._region_key(candidate)
            found = CoverageReport.objects.approved().filter(
                province_id=candidate.province_id,
                regency_id=candidate.regency_id,
                year__in=(year, year - 1),
            )
            reports = {(region, r.year): r for r in found}
            desa = Village.objects.active()
            if candidate.regency_id:
                desa = desa.filter(district__regency_id=candidate.regency_id)
            else:
                desa = desa.filter(district__regency__province_id=candidate.province_id)
            villages = {region: desa.count()}
            values, source = adapter._region_values(
                candidate, reports, villages, items, year=year
            )
        sheets, used = adapter.rubric_scores([candidate], scope)
        source["verifications"] = verified
        source["sheets"] = used.get(candidate.pk, [])
        inputs.sources[key] = source
        inputs.candidates.append(
            engine.CandidateInput(key, values, sheets.get(candidate.pk, {}))
        )
    return inputs


def naive(all_scopes: list[Any]) -> None:
    from scoring.services import runs

    fast = runs.build_inputs
    runs.build_inputs = naive_build_inputs
    try:
        recompute(all_scopes)
    finally:
        runs.build_inputs = fast


CPU: list[float] = []  # this process's CPU time of every repeat


def repeat(action: Callable[[], object], runs: int) -> list[float]:
    """Wall-clock seconds of each repeat; each starts with no stored run
    (deleting them is not timed). The CPU time of each goes to CPU."""
    times = []
    for _ in range(runs):
        clear_runs()
        started = time.process_time()
        times.append(timed(action))
        CPU.append(time.process_time() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--employers", type=int, default=5_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--naive-at",
        choices=("full", "500"),
        default="full",
        help="time the naive loop on the whole edition or, quicker, with 500 "
        "employers (against the fast path on the same data)",
    )
    args = parser.parse_args()
    on_bench_database(lambda name: run(name, args))


def build(name: str, employers: int) -> tuple[dict[str, Any], Callable, Callable]:
    """A fresh database with the edition; returns the world and two steps: the
    first 500 employers, then the rest."""
    from django.conf import settings

    from regions import loaders

    fresh_schema(name)
    loaders.load_regions(Path(settings.IDN_AREA_DATA_DIR))
    rng = random.Random(SEED)  # noqa: S311 - seeded figures, no secret
    world = create_edition()
    world["members"] = create_panels(world["edition"])
    pemda = create_pemda(world, rng)
    create_sheets(world, pemda, rng)
    first = min(500, employers)

    def add(count: int, start: int) -> None:
        added = create_employers(world, count, start, rng)
        create_sheets(world, added, rng)
        analyse()

    return (
        world,
        lambda: add(first, 0),
        lambda: add(employers - first, first),
    )


def analyse() -> None:
    """Fresh planner statistics, as autovacuum keeps them on a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(name: str, args: argparse.Namespace) -> None:
    world, first, rest = build(name, args.employers)
    all_scopes = scopes(world)
    fast = lambda: recompute_all(world["edition"])  # noqa: E731
    slow = lambda: naive(all_scopes)  # noqa: E731
    first()
    clear_runs()
    small = queries_of(fast)
    baseline = None
    if args.naive_at == "500":
        baseline = ("500 employers", repeat(fast, 1)[0], repeat(slow, 1)[0])
    rest()
    clear_runs()
    fast()  # warm up: methodologies frozen, caches filled
    clear_runs()
    large = queries_of(fast)
    times, cpu = repeat(fast, args.runs), CPU[-args.runs :]
    clear_runs()
    peak = peak_memory(fast)
    if args.profile:
        clear_runs()
        profiled(fast)
    if baseline is None:
        label = f"{args.employers} employers"
        baseline = (label, statistics.median(times), repeat(slow, 1)[0])
    report(args, len(all_scopes), (small, large), (times, cpu), baseline, peak)


def profiled(action: Callable[[], object]) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(action)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def report(
    args: argparse.Namespace,
    rankings: int,
    queries: tuple[int, int],
    measured: tuple[list[float], list[float]],
    baseline: tuple[str, float, float],
    peak: int,
) -> None:
    from nominations.models import Candidate

    times, cpu = measured
    candidates = Candidate.objects.count()
    median = statistics.median(times)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{candidates - args.employers} Pemda + {args.employers} employer candidates, "
        f"{ASSESSORS} assessors × {RUBRIC_CRITERIA} rubric criteria, "
        f"{rankings} rankings (PostgreSQL)"
    )
    print(
        f"queries of one recompute: {queries[0]} with 500 employers, "
        f"{queries[1]} with {args.employers}"
    )
    print(
        f"recompute, median of {args.runs}: {median:.3f} s "
        f"(min {min(times):.3f} s, max {max(times):.3f} s; "
        f"CPU of this process: median {statistics.median(cpu):.3f} s)"
    )
    verdict = "PASS" if median <= TARGET_SECONDS else "FAIL"
    print(f"  target: at most {TARGET_SECONDS:.0f} s -> {verdict}")
    label, fast, slow = baseline
    ratio = slow / fast
    verdict = "PASS" if ratio >= RATIO_TARGET else "FAIL"
    print(
        f"naive per-candidate ORM loop ({label}): {slow:.3f} s against "
        f"{fast:.3f} s, ratio {ratio:.1f}x"
    )
    print(f"  target: at least {RATIO_TARGET:.0f}x -> {verdict}")
    print(
        f"peak memory of one recompute: {peak / 2**20:.1f} MiB (tracemalloc); "
        f"process peak {rss:.0f} MiB (ru_maxrss)"
    )


if __name__ == "__main__":
    main()
