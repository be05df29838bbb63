"""Plausible figures for one region, year after year, from a seeded random source."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from random import Random
from typing import Any

from participants.calculations import minimum_rupiah, participants, percentage
from participants.content import Row, Value
from participants.demo.reported import JKM_BENEFIT, base_figures, twelve_months
from participants.models import FundingSource, NonAsnLine, VulnerableWorkerLine

SEED = "paritrana-demo"
YEARS = tuple(range(2020, 2025))
# Per (on Java, is kota): 2020 labour force, formal share, 2020 coverage (ranges).
WORKFORCE = {
    (True, False): (350_000, 1_600_000),
    (True, True): (80_000, 1_200_000),
    (False, False): (25_000, 400_000),
    (False, True): (50_000, 600_000),
}
FORMAL_SHARE = {
    (True, False): (0.38, 0.55),
    (True, True): (0.55, 0.78),
    (False, False): (0.22, 0.42),
    (False, True): (0.50, 0.72),
}
COVERAGE_2020 = {
    (True, False): (0.20, 0.40),
    (True, True): (0.30, 0.55),
    (False, False): (0.12, 0.38),
    (False, True): (0.28, 0.52),
}
# Eligible non-ASN staff per 1.000 workers; aparatur desa only in kabupaten.
NON_ASN_PER_MILLE = {
    "honorer_pemda": 6,
    "guru_honorer": 4,
    "penyelenggara_pemilu": 1.5,
    "perangkat_desa": 3,
    "bpd": 2,
    "lkd": 5,
    "bumdes": 0.5,
    "rt_rw": 4,
    "perangkat_kecamatan": 1,
}
VILLAGE_STAFF = frozenset({"perangkat_desa", "bpd", "lkd", "bumdes"})
SOURCES = (
    FundingSource.APBD,
    FundingSource.APBDES,
    FundingSource.CSR,
    FundingSource.ASN,
)
VILLAGE_SHARE = 0.12  # of kabupaten that report protection per desa
VILLAGE_SHOWCASE = frozenset({"21.05"})  # the demo branch's kabupaten always does

Lines = dict[str, dict[str, Row]]


def _number(value: Value) -> int:
    """A generated figure, which is always a whole number."""
    if not isinstance(value, int):
        raise TypeError(f"expected a number, got {value!r}")
    return value


def coverage(figures: dict[str, Value]) -> Decimal | None:
    """Total coverage in % of a report's figures."""
    names = ("peserta_pu", "peserta_bpu", "peserta_jakon", "peserta_pmi")
    counts = [
        None if figures[name] is None else _number(figures[name]) for name in names
    ]
    workforce = figures["angkatan_kerja"]
    return percentage(
        participants(*counts), None if workforce is None else _number(workforce)
    )


@dataclass(frozen=True)
class Profile:
    """What stays the same for a kab/kota over the years."""

    workforce: int  # in 2020
    workforce_growth: float
    formal_share: float
    coverage: float  # in 2020, a fraction
    coverage_growth: float  # per year, a fraction
    pu_ratio: float  # PU among PU + BPU
    jakon_ratio: float
    pmi_ratio: float
    workers_per_employer: float

    @classmethod
    def draw(cls, rng: Random, kind: tuple[bool, bool]) -> "Profile":
        low, high = WORKFORCE[kind]
        return cls(
            workforce=round(low * (high / low) ** rng.random()),
            workforce_growth=rng.uniform(0.008, 0.022),
            formal_share=rng.uniform(*FORMAL_SHARE[kind]),
            coverage=rng.uniform(*COVERAGE_2020[kind]),
            coverage_growth=rng.uniform(0.004, 0.028),
            pu_ratio=rng.uniform(0.45, 0.8),
            jakon_ratio=rng.uniform(0.01, 0.03),
            pmi_ratio=rng.uniform(0.0, 0.015),
            workers_per_employer=rng.uniform(12, 35),
        )

    def figures(self, year: int, anchors: dict[int, dict]) -> dict[str, Value]:
        """The year's figures, on a path through the reported years if any."""
        if year in anchors:
            return dict(anchors[year])
        profile, base = self, 2020
        if anchors:
            base = min(anchors, key=lambda anchor: (abs(anchor - year), anchor))
            profile = self.through(anchors[base])
        steps = year - base
        growth = (1 + profile.workforce_growth) ** steps
        coverage = profile.coverage + profile.coverage_growth * steps
        return profile.split(
            round(profile.workforce * growth), min(0.95, max(0.05, coverage))
        )

    def through(self, known: dict[str, Any]) -> "Profile":
        """The same region passing through reported figures."""
        workforce, pu = known["angkatan_kerja"], known["peserta_pu"]
        paid = pu + known["peserta_bpu"]
        return replace(
            self,
            workforce=workforce,
            formal_share=known["pekerja_formal"] / workforce,
            coverage=paid / workforce,
            pu_ratio=pu / paid,
            workers_per_employer=pu / known["pemberi_kerja"],
        )

    def split(self, workforce: int, coverage: float) -> dict[str, Value]:
        """Figures with PU ≤ formal, BPU ≤ informal and participants ≤ workforce."""
        formal = round(workforce * self.formal_share)
        total = round(workforce * coverage)
        jakon, pmi = round(total * self.jakon_ratio), round(total * self.pmi_ratio)
        rest = total - jakon - pmi
        pu = min(formal, round(rest * self.pu_ratio))
        bpu = min(workforce - formal, rest - pu)
        pu = rest - bpu
        return {
            **base_figures(workforce, formal, pu, bpu, 0),
            "peserta_jakon": jakon,
            "peserta_pmi": pmi,
            "pemberi_kerja": max(1, round(pu / self.workers_per_employer)),
        }


class RegionLines:
    """Non-ASN, vulnerable-worker and claims rows of one region, year after year;
    `non_asn_rate` (a showcase trait) makes the region report its non-ASN staff,
    protected at that rate in 2022."""

    def __init__(
        self, rng: Random, *, is_kota: bool, non_asn_rate: float | None = None
    ) -> None:
        self.rng = rng
        categories = [
            c
            for c in NonAsnLine.Category.values
            if not is_kota or c not in VILLAGE_STAFF
        ]
        chosen = rng.sample(categories, rng.randint(2, 5))
        has_non_asn = rng.random() < 0.55
        self.non_asn = [c for c in categories if c in chosen] if has_non_asn else []
        self.factors = {c: rng.uniform(0.7, 1.3) for c in self.non_asn}
        self.rate = rng.uniform(0.3, 0.7)
        if non_asn_rate is not None:
            self.non_asn = [c for c in categories if c in chosen]
            self.factors = {c: self.factors.get(c, 1.0) for c in self.non_asn}
            self.rate = non_asn_rate
        sectors = [s for s in VulnerableWorkerLine.Sector.values if s != "lainnya"]
        picked = rng.sample(sectors, rng.randint(1, 4)) if rng.random() < 0.6 else []
        self.vulnerable = [
            (sector, rng.choices(SOURCES, (70, 15, 10, 5))[0], rng.uniform(0.01, 0.06))
            for sector in sectors
            if sector in picked
        ]

    def rows(self, year: int, figures: dict[str, Value]) -> Lines:
        workforce = _number(figures["angkatan_kerja"])
        bpu = _number(figures["peserta_bpu"])
        lines: Lines = {"non_asn": {}, "vulnerable": {}, "claims": {}}
        for category in self.non_asn if year >= 2022 else []:
            per_mille = NON_ASN_PER_MILLE[category] * self.factors[category]
            eligible = max(1, round(workforce * per_mille / 1000))
            rate = min(1.0, self.rate + 0.07 * (year - 2022))
            lines["non_asn"][category] = {
                "eligible": eligible,
                "protected": round(eligible * rate),
            }
        for sector, source, share in self.vulnerable if year >= 2021 else []:
            workers = max(1, round(bpu * share * (1 + 0.1 * (year - 2021))))
            lines["vulnerable"][f"{sector}/{source}"] = self._paid(workers)
        if self.rng.random() < 0.8:
            lines["claims"] = self._claims(figures)
        return lines

    def _paid(self, workers: int) -> Row:
        """Usually at or above the minimum; now and then below it (a warning)."""
        least = minimum_rupiah(workers, 12)
        if self.rng.random() < 0.03:
            return twelve_months(workers, int(least * self.rng.uniform(0.85, 0.98)))
        rupiah = int(least * self.rng.uniform(1.0, 1.06))
        return twelve_months(workers, -(-rupiah // 1000) * 1000)

    def _claims(self, figures: dict[str, Value]) -> dict[str, Row]:
        rng = self.rng
        pu = _number(figures["peserta_pu"])
        total = pu + _number(figures["peserta_bpu"])
        jkk = round(pu / rng.uniform(300, 900))
        jkm = round(total / rng.uniform(1500, 4000))
        beasiswa = round(jkm * rng.uniform(0.3, 1.2))
        rows: dict[str, Row] = {
            "jkk": {"cases": jkk, "rupiah": jkk * rng.randint(60, 300) * 100_000},
            "jkm": {"cases": jkm, "rupiah": jkm * JKM_BENEFIT},
            "beasiswa": {"cases": beasiswa, "rupiah": beasiswa * 2_500_000},
        }
        return {key: row for key, row in rows.items() if row["cases"]}


def wants_villages(code: str, *, is_kota: bool) -> bool:
    """Whether the kab/kota reports protection per desa (a small sample does)."""
    if code in VILLAGE_SHOWCASE:
        return True
    return not is_kota and Random(f"{SEED}:{code}:desa").random() < VILLAGE_SHARE


def village_rows(code: str, villages: Sequence[str]) -> dict[int, dict[str, Row]]:
    """A few dozen desa at most, the same ones from 2022 on, growing each year."""
    if not villages:
        return {}
    rng = Random(f"{SEED}:{code}:villages")
    chosen = sorted(
        rng.sample(sorted(villages), min(len(villages), rng.randint(8, 30)))
    )
    base = {village: rng.randint(20, 220) for village in chosen}
    source = {
        village: rng.choices(SOURCES[:3], (70, 20, 10))[0].value for village in chosen
    }
    return {
        year: {
            village: {
                "workers": round(base[village] * (1 + 0.15 * (year - 2022))),
                "funding_source": source[village],
            }
            for village in chosen
        }
        for year in YEARS
        if year >= 2022
    }


def province_lines(rng: Random, year: int, figures: dict[str, Value]) -> Lines:
    """The province government's own programme, from 2021, in some provinces."""
    share, has_programme = rng.uniform(0.005, 0.02), rng.random() < 0.45
    if year < 2021 or not has_programme or figures["peserta_bpu"] is None:
        return {}
    workers = max(1, round(_number(figures["peserta_bpu"]) * share))
    jkm = max(1, workers // 900)
    return {
        "vulnerable": {"lainnya/apbd": twelve_months(workers)},
        "claims": {"jkm": {"cases": jkm, "rupiah": jkm * JKM_BENEFIT}},
    }
