"""Derived coverage figures: pure arithmetic on plain numbers, no ORM.

Definitions (also on the methodology page):
- participants = PU + BPU, plus Jakon and PMI where reported;
- coverage total = participants ÷ angkatan kerja × 100; PU coverage = PU ÷ formal
  workers × 100; BPU coverage = BPU ÷ informal workers × 100;
- growth = coverage this year − coverage last year, in percentage points; participant
  growth = relative change of participants against last year, in %;
- non-ASN coverage = protected ÷ eligible over the categories that report both;
- desa share = desa/kelurahan with at least 100 protected workers ÷ all in the region;
- rupiah per worker-month = rupiah ÷ (workers × months) over complete lines, against
  the minimum BPU contribution of Rp16.800 (JKK 1 % of Rp1.000.000 + JKM Rp6.800).
A figure whose inputs are missing is None, never zero.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MINIMUM_MONTHLY_CONTRIBUTION = 16_800
VILLAGE_TARGET = 100  # "1 desa 100 pekerja rentan"
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class CoverageInputs:
    """Everything the derived figures of one report need."""

    angkatan_kerja: int | None = None
    pekerja_formal: int | None = None
    pekerja_informal: int | None = None
    peserta_pu: int | None = None
    peserta_bpu: int | None = None
    peserta_jakon: int | None = None
    peserta_pmi: int | None = None
    previous_participants: int | None = None
    previous_angkatan_kerja: int | None = None
    non_asn_eligible: int | None = None
    non_asn_protected: int | None = None
    vulnerable_rupiah: int | None = None
    vulnerable_worker_months: int | None = None
    villages_reaching_target: int | None = None
    villages_total: int | None = None


@dataclass(frozen=True)
class DerivedFigures:
    participants_total: int | None
    coverage_total_pct: Decimal | None
    coverage_pu_pct: Decimal | None
    coverage_bpu_pct: Decimal | None
    growth_pp: Decimal | None
    participant_growth_pct: Decimal | None
    non_asn_coverage_pct: Decimal | None
    desa_100_share_pct: Decimal | None
    rupiah_per_worker_month: Decimal | None
    is_below_minimum: bool | None


def percentage(part: int | None, whole: int | None) -> Decimal | None:
    """part ÷ whole × 100, rounded half-up to two places; None without a whole."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TWO_PLACES, ROUND_HALF_UP)


def participants(pu: int | None, bpu: int | None, *others: int | None) -> int | None:
    """PU + BPU (both required) plus whatever other segments were reported."""
    if pu is None or bpu is None:
        return None
    return pu + bpu + sum(value for value in others if value is not None)


def difference(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    if now is None or before is None:
        return None
    return (now - before).quantize(TWO_PLACES, ROUND_HALF_UP)


def relative_growth(now: int | None, before: int | None) -> Decimal | None:
    if now is None or not before:
        return None
    return percentage(now - before, before)


def per_worker_month(rupiah: int | None, worker_months: int | None) -> Decimal | None:
    if rupiah is None or not worker_months:
        return None
    return (Decimal(rupiah) / Decimal(worker_months)).quantize(
        TWO_PLACES, ROUND_HALF_UP
    )


def derive(inputs: CoverageInputs) -> DerivedFigures:
    """All derived figures of one report."""
    total = participants(
        inputs.peserta_pu, inputs.peserta_bpu, inputs.peserta_jakon, inputs.peserta_pmi
    )
    coverage = percentage(total, inputs.angkatan_kerja)
    before = percentage(inputs.previous_participants, inputs.previous_angkatan_kerja)
    rate = per_worker_month(inputs.vulnerable_rupiah, inputs.vulnerable_worker_months)
    return DerivedFigures(
        participants_total=total,
        coverage_total_pct=coverage,
        coverage_pu_pct=percentage(inputs.peserta_pu, inputs.pekerja_formal),
        coverage_bpu_pct=percentage(inputs.peserta_bpu, inputs.pekerja_informal),
        growth_pp=difference(coverage, before),
        participant_growth_pct=relative_growth(total, inputs.previous_participants),
        non_asn_coverage_pct=percentage(
            inputs.non_asn_protected, inputs.non_asn_eligible
        ),
        desa_100_share_pct=percentage(
            inputs.villages_reaching_target, inputs.villages_total
        ),
        rupiah_per_worker_month=rate,
        is_below_minimum=_is_below_minimum(
            inputs.vulnerable_rupiah, inputs.vulnerable_worker_months
        ),
    )


def _is_below_minimum(rupiah: int | None, worker_months: int | None) -> bool | None:
    """On exact amounts, as `validation` does: Rp16.799,999 a worker-month shows
    as 16.800,00 but is below the minimum."""
    if rupiah is None or not worker_months:
        return None
    return rupiah < worker_months * MINIMUM_MONTHLY_CONTRIBUTION


def minimum_rupiah(workers: int, months: int) -> int:
    """The least a funder can have paid for `workers` protected `months` months."""
    return workers * months * MINIMUM_MONTHLY_CONTRIBUTION
