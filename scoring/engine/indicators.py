"""Indicators of a candidate, computed from plain approved figures: no ORM.

The adapter that reads the database passes only approved reports and verified dossier
items. A figure that is not known is `None`; a table that was not reported is `None`,
while an empty tuple means "reported, nothing in it". An indicator whose inputs are
missing carries reason codes (`missing:angkatan_kerja`, `no_previous_year`,
`zero:villages_total`) and no value: never a silent zero.

The coverage formulas are those of `participants.calculations`, imported, so the
ranking and the coverage pages show the same figures.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from participants.calculations import (
    VILLAGE_TARGET,
    difference,
    participants,
    per_worker_month,
    percentage,
)

MONTHS_IN_YEAR = 12

# Regulation level: Perda > Perkada > Instruksi / Surat Edaran > MoU/PKS > none (0).
# A Keputusan (decree) is an administrative act like an Instruksi, so it sits with it.
DEFAULT_REGULATION_SCALE: Mapping[str, int] = {
    "perda": 4,
    "perkada": 3,
    "instruksi": 2,
    "surat_edaran": 2,
    "keputusan": 2,
    "mou_pks": 1,
}

DEFINITIONS: Mapping[str, str] = {
    "coverage_total_pct": "Active participants (PU + BPU, plus Jakon and PMI where "
    "reported) ÷ angkatan kerja × 100, in %.",
    "coverage_pu_pct": "PU participants (wage earners) ÷ formal workers × 100, in %.",
    "coverage_bpu_pct": "BPU participants (non-wage earners) ÷ informal workers × 100, "
    "in %.",
    "coverage_growth_pp": "Total coverage this year − total coverage in the previous "
    "year's approved report, in percentage points.",
    "non_asn_coverage_pct": "Non-ASN staff protected ÷ non-ASN staff eligible × 100, "
    "over the categories that report both, in %.",
    "vulnerable_protected": "Vulnerable workers (pekerja rentan) protected, summed "
    "over sectors and funding sources.",
    "desa_100_share_pct": f"Desa/kelurahan with at least {VILLAGE_TARGET} protected "
    "vulnerable workers ÷ all desa/kelurahan of the region × 100, in %.",
    "rupiah_per_protected_worker": "Rupiah paid for vulnerable workers ÷ vulnerable "
    "workers protected, over the lines that report both.",
    "regulation_level": "Highest verified regulation: Perda 4, Perkada 3, Instruksi / "
    "Surat Edaran / Keputusan 2, MoU/PKS 1, none 0.",
    "verified_innovations": "Number of verified innovations in the dossier.",
    "registration_pct": "Employees registered as participants ÷ employees × 100, in %.",
    "programmes_count": "Programmes the employer enrols its workers in, of JKK, JKM, "
    "JHT, JP and JKP.",
    "on_time_pct": "Months contributions were paid on time ÷ 12 × 100, in %.",
    "wage_report_accuracy_pct": "Share of wages reported truthfully, in %.",
    "digital_channel_pct": "Share of payments made through digital channels, in %.",
    "csr_vulnerable_protected": "Vulnerable workers protected through the employer's "
    "CSR.",
    "vendors_registered_pct": "Supply-chain vendors registered with BPJS "
    "Ketenagakerjaan ÷ all vendors × 100, in %.",
}


@dataclass(frozen=True)
class IndicatorValue:
    """A computed indicator: a value, or the reasons it is missing."""

    value: Decimal | None
    reasons: tuple[str, ...] = ()

    @property
    def is_complete(self) -> bool:
        return self.value is not None


def known(value: Decimal | int) -> IndicatorValue:
    return IndicatorValue(Decimal(value))


def missing(*reasons: str) -> IndicatorValue:
    return IndicatorValue(None, tuple(reasons))


@dataclass(frozen=True)
class PreviousYear:
    """The previous year's approved report: its total participants and workforce."""

    participants: int | None
    angkatan_kerja: int | None


@dataclass(frozen=True)
class NonAsnLine:
    category: str
    eligible: int | None
    protected: int | None


@dataclass(frozen=True)
class VulnerableLine:
    sector: str
    funding_source: str
    workers: int | None
    months: int | None
    rupiah: int | None


@dataclass(frozen=True)
class VillageRow:
    """Vulnerable workers protected in one desa/kelurahan (by its code)."""

    village: str
    workers: int | None


@dataclass(frozen=True)
class RegionYear:
    """A province's or kab/kota's approved coverage report of one year."""

    region: str
    year: int
    angkatan_kerja: int | None = None
    pekerja_formal: int | None = None
    pekerja_informal: int | None = None
    peserta_pu: int | None = None
    peserta_bpu: int | None = None
    peserta_jakon: int | None = None
    peserta_pmi: int | None = None
    previous: PreviousYear | None = None
    non_asn: tuple[NonAsnLine, ...] | None = None
    vulnerable: tuple[VulnerableLine, ...] | None = None
    villages: tuple[VillageRow, ...] | None = None
    villages_total: int | None = None


@dataclass(frozen=True)
class DossierItem:
    """A dossier item: kind `regulation` (type: perda, perkada, …) or `innovation`."""

    kind: str
    type: str = ""
    is_verified: bool = False


@dataclass(frozen=True)
class EmployerYear:
    """An employer's approved compliance figures of one year."""

    employer: str
    year: int
    employees: int | None = None
    registered_participants: int | None = None
    programmes: tuple[str, ...] = ()
    months_paid_on_time: int | None = None
    wage_report_accuracy: Decimal | None = None
    digital_channel_use: Decimal | None = None
    csr_vulnerable_protected: int | None = None
    vendors_total: int | None = None
    vendors_registered: int | None = None


def absent(*figures: tuple[str, object]) -> list[str]:
    """`missing:<name>` for every figure that is not known."""
    return [f"missing:{name}" for name, value in figures if value is None]


def share(
    part_name: str, part: int | None, whole_name: str, whole: int | None
) -> IndicatorValue:
    """part ÷ whole × 100 as `participants.calculations.percentage` rounds it, or the
    reasons it cannot be computed."""
    reasons = absent((part_name, part), (whole_name, whole))
    if whole == 0:
        reasons.append(f"zero:{whole_name}")
    if reasons:
        return missing(*reasons)
    return IndicatorValue(percentage(part, whole))


def as_is(name: str, value: Decimal | int | None) -> IndicatorValue:
    return missing(f"missing:{name}") if value is None else known(value)


def coverage_total(region: RegionYear) -> IndicatorValue:
    """Participants (PU + BPU, plus Jakon and PMI) ÷ angkatan kerja × 100."""
    total = participants(
        region.peserta_pu, region.peserta_bpu, region.peserta_jakon, region.peserta_pmi
    )
    if total is None:
        return missing(
            *absent(
                ("peserta_pu", region.peserta_pu),
                ("peserta_bpu", region.peserta_bpu),
                ("angkatan_kerja", region.angkatan_kerja),
            )
        )
    return share("participants", total, "angkatan_kerja", region.angkatan_kerja)


def coverage_growth(region: RegionYear) -> IndicatorValue:
    """Total coverage now − total coverage in the previous approved report, in pp."""
    if region.previous is None:
        return missing("no_previous_year")
    now = coverage_total(region)
    before = share(
        "previous.participants",
        region.previous.participants,
        "previous.angkatan_kerja",
        region.previous.angkatan_kerja,
    )
    if now.value is None or before.value is None:
        return missing(*now.reasons, *before.reasons)
    return IndicatorValue(difference(now.value, before.value))


def non_asn_coverage(lines: Sequence[NonAsnLine] | None) -> IndicatorValue:
    """Protected ÷ eligible over the categories that report both."""
    if lines is None:
        return missing("missing:non_asn")
    complete = [line for line in lines if None not in (line.eligible, line.protected)]
    if not complete:
        return missing("missing:non_asn")
    protected = sum(line.protected or 0 for line in complete)
    eligible = sum(line.eligible or 0 for line in complete)
    return share("non_asn.protected", protected, "non_asn.eligible", eligible)


def vulnerable_protected(lines: Sequence[VulnerableLine] | None) -> IndicatorValue:
    """Vulnerable workers protected, over the lines that report a number."""
    if lines is None:
        return missing("missing:vulnerable")
    workers = [line.workers for line in lines if line.workers is not None]
    if lines and not workers:
        return missing("missing:vulnerable.workers")
    return known(sum(workers))


def rupiah_per_protected_worker(
    lines: Sequence[VulnerableLine] | None,
) -> IndicatorValue:
    """Σ rupiah ÷ Σ workers over the lines that report both."""
    if lines is None:
        return missing("missing:vulnerable")
    complete = [line for line in lines if None not in (line.workers, line.rupiah)]
    rupiah = sum(line.rupiah or 0 for line in complete)
    workers = sum(line.workers or 0 for line in complete)
    if not complete:
        return missing("missing:vulnerable.rupiah")
    if workers == 0:
        return missing("zero:vulnerable.workers")
    # The same division (rounded half-up to the sen) as the coverage pages' rate.
    return IndicatorValue(per_worker_month(rupiah, workers))


def desa_100_share(region: RegionYear) -> IndicatorValue:
    """Desa with at least 100 protected ÷ all desa of the region × 100."""
    if region.villages is None:
        return missing("missing:villages")
    reached = sum(1 for row in region.villages if (row.workers or 0) >= VILLAGE_TARGET)
    return share("villages_reached", reached, "villages_total", region.villages_total)


def regulation_level(
    items: Sequence[DossierItem], scale: Mapping[str, int] = DEFAULT_REGULATION_SCALE
) -> IndicatorValue:
    """The highest level of the verified regulations on the scale; 0 without any."""
    levels = [
        scale.get(item.type, 0)
        for item in items
        if item.kind == "regulation" and item.is_verified
    ]
    return known(max(levels, default=0))


def verified_innovations(items: Sequence[DossierItem]) -> IndicatorValue:
    """How many verified innovations the dossier holds."""
    return known(
        sum(1 for item in items if item.kind == "innovation" and item.is_verified)
    )


def region_indicators(
    region: RegionYear,
    dossier: Sequence[DossierItem] = (),
    *,
    regulation_scale: Mapping[str, int] = DEFAULT_REGULATION_SCALE,
) -> dict[str, IndicatorValue]:
    """Every indicator of a province or kab/kota candidate, by key."""
    return {
        "coverage_total_pct": coverage_total(region),
        "coverage_pu_pct": share(
            "peserta_pu", region.peserta_pu, "pekerja_formal", region.pekerja_formal
        ),
        "coverage_bpu_pct": share(
            "peserta_bpu",
            region.peserta_bpu,
            "pekerja_informal",
            region.pekerja_informal,
        ),
        "coverage_growth_pp": coverage_growth(region),
        "non_asn_coverage_pct": non_asn_coverage(region.non_asn),
        "vulnerable_protected": vulnerable_protected(region.vulnerable),
        "desa_100_share_pct": desa_100_share(region),
        "rupiah_per_protected_worker": rupiah_per_protected_worker(region.vulnerable),
        "regulation_level": regulation_level(dossier, regulation_scale),
        "verified_innovations": verified_innovations(dossier),
    }


def employer_indicators(employer: EmployerYear) -> dict[str, IndicatorValue]:
    """Every compliance indicator of an employer candidate, by key."""
    return {
        "registration_pct": share(
            "registered_participants",
            employer.registered_participants,
            "employees",
            employer.employees,
        ),
        "programmes_count": known(len(set(employer.programmes))),
        "on_time_pct": share(
            "months_paid_on_time",
            employer.months_paid_on_time,
            "months",
            MONTHS_IN_YEAR,
        ),
        "wage_report_accuracy_pct": as_is(
            "wage_report_accuracy", employer.wage_report_accuracy
        ),
        "digital_channel_pct": as_is(
            "digital_channel_use", employer.digital_channel_use
        ),
        "csr_vulnerable_protected": as_is(
            "csr_vulnerable_protected", employer.csr_vulnerable_protected
        ),
        "vendors_registered_pct": share(
            "vendors_registered",
            employer.vendors_registered,
            "vendors_total",
            employer.vendors_total,
        ),
    }
