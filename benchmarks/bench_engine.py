"""The pure ranking engine alone (issue 11, point 11 without the database): every
ranking of an edition for 552 Pemda candidates (38 provinsi, 514 kab/kota) and 5.000
employer candidates, 9 assessors scoring each on 5 rubric criteria, with per-assessor
normalisation on (the costlier path).

Usage: uv run python benchmarks/bench_engine.py [--runs 5] [--employers 5000]

Rankings: per province (kab/kota and employers), nationally per category (provinsi,
kab/kota, employers). Inputs are random but seeded: the same figures every run. Prints
the median time of indicators + rankings, and the peak memory of one run (measured
in a separate run under tracemalloc, which slows Python down).
"""

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring.engine.aggregation import Aggregation
from scoring.engine.indicators import (
    DossierItem,
    EmployerYear,
    NonAsnLine,
    PreviousYear,
    RegionYear,
    VillageRow,
    VulnerableLine,
    employer_indicators,
    region_indicators,
)
from scoring.engine.methodology import (
    Criterion,
    Methodology,
    RubricLevel,
    Source,
)
from scoring.engine.normalisation import Normalisation
from scoring.engine.ranking import CandidateInput, rank

D = Decimal
PROVINCES = 38
REGENCIES = 514
ASSESSORS = 9
LEVELS = tuple(RubricLevel(D(value)) for value in range(1, 6))
RUBRIC = tuple(
    Criterion(
        f"wawancara_{n}",
        D(6),
        Source.RUBRIC,
        normalisation=Normalisation.RANGE,
        levels=LEVELS,
    )
    for n in range(1, 6)
)
AGGREGATION = Aggregation(normalise_assessors=True)


def indicator(key: str, weight: int, kind: Normalisation, **params: int) -> Criterion:
    return Criterion(
        key,
        D(weight),
        Source.INDICATOR,
        indicator=key,
        normalisation=kind,
        params={name: D(value) for name, value in params.items()},
    )


PEMDA = Methodology(
    (
        indicator("regulation_level", 15, Normalisation.RANGE, low=0, high=4),
        indicator("coverage_pu_pct", 10, Normalisation.TARGET, target=60),
        indicator("coverage_bpu_pct", 10, Normalisation.TARGET, target=30),
        indicator("coverage_growth_pp", 10, Normalisation.MIN_MAX),
        indicator("non_asn_coverage_pct", 10, Normalisation.TARGET, target=100),
        indicator("desa_100_share_pct", 10, Normalisation.PERCENTILE),
        indicator("verified_innovations", 5, Normalisation.TARGET, target=3),
        *RUBRIC,
    ),
    aggregation=AGGREGATION,
)
EMPLOYERS = Methodology(
    (
        indicator("registration_pct", 15, Normalisation.TARGET, target=100),
        indicator("programmes_count", 10, Normalisation.RANGE, low=0, high=5),
        indicator("on_time_pct", 10, Normalisation.TARGET, target=100),
        indicator("wage_report_accuracy_pct", 5, Normalisation.MIN_MAX),
        indicator("digital_channel_pct", 5, Normalisation.PERCENTILE),
        indicator("csr_vulnerable_protected", 10, Normalisation.MIN_MAX),
        indicator("vendors_registered_pct", 15, Normalisation.TARGET, target=100),
        *RUBRIC,
    ),
    aggregation=AGGREGATION,
)


def region(rng: random.Random, code: str) -> tuple[RegionYear, list[DossierItem]]:
    workforce = rng.randint(20_000, 2_000_000)
    formal = workforce * rng.randint(30, 70) // 100
    return (
        RegionYear(
            code,
            2025,
            angkatan_kerja=workforce,
            pekerja_formal=formal,
            pekerja_informal=workforce - formal,
            peserta_pu=formal * rng.randint(20, 90) // 100,
            peserta_bpu=(workforce - formal) * rng.randint(1, 40) // 100,
            previous=PreviousYear(workforce * rng.randint(10, 50) // 100, workforce),
            non_asn=tuple(
                NonAsnLine(c, 1000, rng.randint(0, 1000)) for c in ("bpd", "lkd")
            ),
            vulnerable=(VulnerableLine("petani", "apbd", 5_000, 12, 1_008_000_000),),
            villages=tuple(VillageRow(str(n), rng.randint(0, 300)) for n in range(150)),
            villages_total=160,
        ),
        [DossierItem("regulation", rng.choice(("perda", "perkada", "mou_pks")), True)]
        + [DossierItem("innovation", "", True)] * rng.randint(0, 4),
    )


def employer(rng: random.Random, npp: str) -> EmployerYear:
    employees = rng.randint(10, 20_000)
    return EmployerYear(
        npp,
        2025,
        employees=employees,
        registered_participants=employees * rng.randint(50, 100) // 100,
        programmes=tuple(rng.sample(("jkk", "jkm", "jht", "jp", "jkp"), 3)),
        months_paid_on_time=rng.randint(6, 12),
        wage_report_accuracy=D(rng.randint(5000, 10000)) / 100,
        digital_channel_use=D(rng.randint(0, 10000)) / 100,
        csr_vulnerable_protected=rng.randint(0, 500),
        vendors_total=20,
        vendors_registered=rng.randint(0, 20),
    )


def sheets(rng: random.Random) -> dict[str, dict[str, Decimal]]:
    return {
        criterion.key: {f"m{m}": D(rng.randint(1, 5)) for m in range(ASSESSORS)}
        for criterion in RUBRIC
    }


def inputs(employers: int) -> dict[str, list]:
    """Raw inputs per cohort key: (province, category) or ('national', category)."""
    rng = random.Random("bench-engine")  # noqa: S311 - seeded figures, no secret
    raw: dict[str, list] = defaultdict(list)
    for n in range(PROVINCES + REGENCIES):
        category = "provinsi" if n < PROVINCES else "kabkota"
        province = f"p{n % PROVINCES}"
        raw[f"{province}/{category}"].append(("pemda", f"r{n}", region(rng, f"r{n}")))
    for n in range(employers):
        key = f"p{n % PROVINCES}/badan_usaha"
        raw[key].append(("employer", f"e{n}", employer(rng, f"e{n}")))
    return {
        key: [(k, c, d, sheets(rng)) for k, c, d in rows] for key, rows in raw.items()
    }


def candidate(kind: str, key: str, data, levels) -> CandidateInput:
    pemda = kind == "pemda"
    values = region_indicators(*data) if pemda else employer_indicators(data)
    return CandidateInput(key, values, levels)


def run(raw: dict[str, list]) -> int:
    """Indicators of every candidate, then every ranking; returns how many rankings."""
    cohorts = {key: [candidate(*row) for row in rows] for key, rows in raw.items()}
    national: dict[str, list[CandidateInput]] = defaultdict(list)
    count = 0
    for key, cohort in cohorts.items():
        category = key.split("/")[1]
        methodology = EMPLOYERS if category == "badan_usaha" else PEMDA
        national[category].extend(cohort)
        if category != "provinsi":
            rank(methodology, cohort)
            count += 1
    for category, cohort in national.items():
        rank(EMPLOYERS if category == "badan_usaha" else PEMDA, cohort)
        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--employers", type=int, default=5_000)
    args = parser.parse_args()
    raw = inputs(args.employers)
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        rankings = run(raw)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    run(raw)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{PROVINCES + REGENCIES} Pemda + {args.employers} employer candidates, "
        f"{ASSESSORS} assessors × {len(RUBRIC)} rubric criteria, {rankings} rankings"
    )
    print(
        f"median of {args.runs} runs: {statistics.median(times):.3f} s "
        f"(min {min(times):.3f} s, max {max(times):.3f} s)"
    )
    print(f"peak memory of one run (tracemalloc): {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
