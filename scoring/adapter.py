"""From the database to the pure engine: a stored methodology version becomes an
`engine.Methodology`, and the candidates of one scope become `engine.CandidateInput`s
built from approved coverage reports, verified dossier items, approved employer
compliance and submitted score sheets of the scope's panel only. Every value keeps
the record (pk and version, or verification step) it came from, so a ranking run can
tell later whether it is stale.

A fixed number of queries whatever the number of candidates: one per table."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q

from nominations.models import (
    Candidate,
    Category,
    Edition,
    EmployerCompliance,
    Innovation,
    Regulation,
    Verification,
    VerificationStep,
)
from participants.calculations import participants
from participants.models import CoverageReport
from regions.models import Province, Village, Zone
from review.models import ReviewStatus
from scoring import engine
from scoring.models import Criterion, Indicator, Methodology, SheetScore, TieBreak

# The stored indicator choices → the engine's indicator keys.
INDICATOR_KEYS: Mapping[str, str] = {
    Indicator.COVERAGE_TOTAL: "coverage_total_pct",
    Indicator.COVERAGE_PU: "coverage_pu_pct",
    Indicator.COVERAGE_BPU: "coverage_bpu_pct",
    Indicator.COVERAGE_GROWTH_PP: "coverage_growth_pp",
    Indicator.NON_ASN_COVERAGE: "non_asn_coverage_pct",
    Indicator.VULNERABLE_PROTECTION: "vulnerable_protected",
    Indicator.VILLAGES_100_SHARE: "desa_100_share_pct",
    Indicator.RUPIAH_PER_WORKER: "rupiah_per_protected_worker",
    Indicator.REGULATION_LEVEL: "regulation_level",
    Indicator.VERIFIED_INNOVATIONS: "verified_innovations",
    Indicator.REGISTERED_SHARE: "registration_pct",
    Indicator.PROGRAMMES: "programmes_count",
    Indicator.PAID_ON_TIME: "on_time_pct",
    Indicator.WAGE_REPORT_ACCURACY: "wage_report_accuracy_pct",
    Indicator.DIGITAL_CHANNEL_USE: "digital_channel_pct",
    Indicator.CSR_VULNERABLE: "csr_vulnerable_protected",
    Indicator.VENDORS_REGISTERED_SHARE: "vendors_registered_pct",
}

NORMALISATIONS: Mapping[str, engine.Normalisation] = {
    Criterion.Normalisation.TARGET_CAP: engine.Normalisation.TARGET,
    Criterion.Normalisation.MIN_MAX: engine.Normalisation.MIN_MAX,
    Criterion.Normalisation.PERCENTILE: engine.Normalisation.PERCENTILE,
    Criterion.Normalisation.RUBRIC_SCALE: engine.Normalisation.RANGE,
}

# Statuses of the candidates a national ranking compares.
NATIONAL_STATUSES = (
    Candidate.Status.ADVANCED,
    Candidate.Status.NATIONAL_FINALIST,
    Candidate.Status.NATIONAL_WINNER,
)


@dataclass(frozen=True)
class Scope:
    """What a ranking compares: one category of an edition, in one province's
    round, nationally (province None) or in a zone (`zone` set, province None):
    the national-tier candidates of the zone's provinces, scored by the national
    methodology and jury."""

    edition: Edition
    category: Category
    province: Province | None = None
    zone: Zone | None = None

    @property
    def tier(self) -> str:
        return "national" if self.province is None else "provincial"


@dataclass
class Inputs:
    """The engine's inputs of one scope, and where each value came from."""

    methodology: engine.Methodology
    candidates: list[engine.CandidateInput]
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)


def engine_methodology(methodology: Methodology) -> engine.Methodology:
    """The stored methodology version as the engine sees it."""
    criteria = (
        Criterion.objects.filter(aspect__methodology=methodology)
        .order_by("aspect__position", "aspect__pk", "position", "pk")
        .prefetch_related("levels")
    )
    return engine.Methodology(
        criteria=tuple(_criterion(criterion) for criterion in criteria),
        tie_breaks=tuple(_tie_break(t) for t in methodology.tie_breaks.all()),
        aggregation=engine.Aggregation(
            method=engine.Method(methodology.aggregation),
            trim=methodology.trim,
            normalise_assessors=methodology.normalise_assessors,
        ),
        version=f"{methodology.category_id}/{methodology.tier}/v{methodology.version}",
    )


def _tie_break(tie_break: TieBreak) -> engine.TieBreak:
    """A stored link of the chain; an indicator is named by the engine's key."""
    key = tie_break.key
    if tie_break.by == TieBreak.By.INDICATOR:
        key = INDICATOR_KEYS[key]
    return engine.TieBreak(tie_break.by, key, engine.Direction(tie_break.direction))


def _criterion(criterion: Criterion) -> engine.Criterion:
    params: dict[str, Decimal] = {}
    if criterion.target is not None:
        params["target"] = criterion.target
    if criterion.cap is not None:
        params["cap"] = criterion.cap
    return engine.Criterion(
        key=criterion.code,
        weight=criterion.weight,
        source=engine.Source(criterion.source),
        indicator=INDICATOR_KEYS.get(criterion.indicator, ""),
        normalisation=NORMALISATIONS[criterion.normalisation],
        params=params,
        direction=engine.Direction(criterion.direction),
        independent=criterion.is_independent,
        levels=tuple(
            engine.RubricLevel(Decimal(level.score), level.description)
            for level in criterion.levels.all()
        ),
    )


def scope_candidates(scope: Scope) -> list[Candidate]:
    """The candidates a ranking of the scope compares, subjects joined."""
    candidates = Candidate.objects.filter(
        edition=scope.edition, category=scope.category
    ).select_related("regency", "employer")
    if scope.province is None:
        candidates = candidates.filter(status__in=NATIONAL_STATUSES)
        if scope.zone is not None:
            candidates = candidates.filter(province__zones=scope.zone)
    else:
        candidates = candidates.filter(province=scope.province)
    return list(candidates.order_by("pk"))


def rubric_scores(
    candidates: Iterable[Candidate], scope: Scope
) -> tuple[dict[int, dict[str, dict[str, Decimal]]], dict[int, list[list[int]]]]:
    """Submitted rubric levels by candidate pk, criterion code and assessor (the
    panel member), from the score sheets of the scope's panel — the round's Tim 9,
    or the national jury — and the sheets used (pk, version) per candidate. Drafts
    and reopened sheets do not count (one query)."""
    scores = SheetScore.objects.filter(
        sheet__candidate__in=[c.pk for c in candidates],
        sheet__status=ReviewStatus.SUBMITTED,
        sheet__member__panel__edition=scope.edition,
        level__isnull=False,
    )
    if scope.province is None:
        scores = scores.filter(sheet__member__panel__round__isnull=True)
    else:
        scores = scores.filter(sheet__member__panel__round__province=scope.province)
    levels: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    sheets: dict[int, set[tuple[int, int]]] = defaultdict(set)
    # order_by(): the models' default orderings would join and sort five tables.
    rows = scores.order_by().values_list(
        "sheet__candidate_id",
        "criterion__code",
        "sheet__member_id",
        "level__score",
        "sheet_id",
        "sheet__version",
    )
    for candidate, code, member, score, sheet, version in rows:
        levels[candidate][code][str(member)] = Decimal(score)
        sheets[candidate].add((sheet, version))
    used = {pk: [list(pair) for pair in sorted(found)] for pk, found in sheets.items()}
    return {pk: dict(by_code) for pk, by_code in levels.items()}, used


def build_inputs(scope: Scope, methodology: Methodology) -> Inputs:
    """The engine's methodology and candidates of the scope, with their sources."""
    candidates = scope_candidates(scope)
    year = scope.edition.assessment_year
    reports = _reports(candidates, year)
    villages = _villages_total(candidates)
    dossiers = _dossiers(candidates)
    compliance = _compliance(candidates, year)
    sheets, sheets_used = rubric_scores(candidates, scope)
    inputs = Inputs(engine_methodology(methodology), [])
    for candidate in candidates:
        key = str(candidate.pk)
        items, verified = dossiers.get(candidate.pk, ([], []))
        if candidate.employer_id:
            values, source = _employer_values(compliance.get(candidate.employer_id))
        else:
            values, source = _region_values(
                candidate, reports, villages, items, year=year
            )
        source["verifications"] = verified
        source["sheets"] = sheets_used.get(candidate.pk, [])
        inputs.sources[key] = source
        inputs.candidates.append(
            engine.CandidateInput(key, values, sheets.get(candidate.pk, {}))
        )
    return inputs


def _region_key(candidate: Any) -> tuple[str, str | None]:
    return (str(candidate.province_id), candidate.regency_id)


def _reports(
    candidates: list[Candidate], year: int
) -> dict[tuple[tuple[str, str | None], int], CoverageReport]:
    """Approved reports of this year and the last one, by region and year."""
    regions = [c for c in candidates if not c.employer_id and not c.village_id]
    wanted = Q(pk__in=[])
    regencies = [c.regency_id for c in regions if c.regency_id]
    provinces = [c.province_id for c in regions if not c.regency_id]
    if regencies:
        wanted |= Q(regency_id__in=regencies)
    if provinces:
        wanted |= Q(province_id__in=provinces, regency__isnull=True)
    if not regions:
        return {}
    found = (
        CoverageReport.objects.approved()
        .filter(wanted, year__in=(year, year - 1))
        .prefetch_related("non_asn_lines", "vulnerable_lines", "village_lines")
    )
    return {(_region_key(r), r.year): r for r in found}


def _villages_total(candidates: list[Candidate]) -> dict[tuple[str, str | None], int]:
    """Active desa/kelurahan per kab/kota and per province of the candidates."""
    regencies = [c.regency_id for c in candidates if c.regency_id]
    provinces = [
        c.province_id
        for c in candidates
        if not (c.regency_id or c.employer_id or c.village_id)
    ]
    totals: dict[tuple[str, str | None], int] = {}
    if not (regencies or provinces):
        return totals
    # One condition per kind present: an OR of both would scan every desa.
    wanted = Q(pk__in=[])
    if regencies:
        wanted |= Q(district__regency_id__in=regencies)
    if provinces:
        wanted |= Q(district__regency__province_id__in=provinces)
    active = Village.objects.active().filter(wanted)
    rows = active.values("district__regency_id", "district__regency__province_id")
    for row in rows.annotate(n=Count("pk")).order_by():
        province = str(row["district__regency__province_id"])
        regency = row["district__regency_id"]
        totals[(province, regency)] = totals.get((province, regency), 0) + row["n"]
        totals[(province, None)] = totals.get((province, None), 0) + row["n"]
    return totals


def _dossiers(
    candidates: list[Candidate],
) -> dict[int, tuple[list[engine.DossierItem], list[int]]]:
    """Each candidate's dossier items, verified by their latest logged step, and the
    ids of the steps that verified them."""
    steps = Prefetch(
        "verification_steps", queryset=VerificationStep.objects.order_by("at", "pk")
    )
    pks = [c.pk for c in candidates]
    found: dict[int, tuple[list[engine.DossierItem], list[int]]] = defaultdict(
        lambda: ([], [])
    )
    for model, kind in ((Regulation, "regulation"), (Innovation, "innovation")):
        for item in model.objects.filter(candidate_id__in=pks).prefetch_related(steps):
            step = item.current_verification
            is_verified = step is not None and step.to_status == Verification.VERIFIED
            items, verified = found[item.candidate_id]
            items.append(
                engine.DossierItem(kind, getattr(item, "kind", ""), is_verified)
            )
            if is_verified and step is not None:
                verified.append(step.pk)
    for _items, verified in found.values():
        verified.sort()
    return found


def _compliance(candidates: list[Candidate], year: int) -> dict[int, Any]:
    employers = [c.employer_id for c in candidates if c.employer_id]
    if not employers:
        return {}
    found = EmployerCompliance.objects.approved().filter(
        employer_id__in=employers, year=year
    )
    return {record.employer_id: record for record in found}


def _record(record: Any) -> dict[str, int] | None:
    return None if record is None else {"pk": record.pk, "version": record.version}


def _employer_values(
    record: EmployerCompliance | None,
) -> tuple[dict[str, engine.IndicatorValue], dict[str, Any]]:
    if record is None:
        employer = engine.EmployerYear(employer="", year=0)
        values = engine.employer_indicators(employer)
        values = {
            key: engine.IndicatorValue(None, ("missing:compliance",)) for key in values
        }
        return values, {"compliance": None}
    figures = {name: getattr(record, name) for name in _COMPLIANCE_FIGURES}
    employer = engine.EmployerYear(
        employer=str(record.employer_id),
        year=record.year,
        programmes=tuple(record.programmes),
        **figures,
    )
    return engine.employer_indicators(employer), {"compliance": _record(record)}


_COMPLIANCE_FIGURES = (
    "employees",
    "registered_participants",
    "months_paid_on_time",
    "wage_report_accuracy",
    "digital_channel_use",
    "csr_vulnerable_protected",
    "vendors_total",
    "vendors_registered",
)
_REPORT_FIGURES = (
    "angkatan_kerja",
    "pekerja_formal",
    "pekerja_informal",
    "peserta_pu",
    "peserta_bpu",
    "peserta_jakon",
    "peserta_pmi",
)


def _region_values(
    candidate: Candidate,
    reports: Mapping[tuple[tuple[str, str | None], int], CoverageReport],
    villages: Mapping[tuple[str, str | None], int],
    items: list[engine.DossierItem],
    *,
    year: int,
) -> tuple[dict[str, engine.IndicatorValue], dict[str, Any]]:
    region = _region_key(candidate)
    report = reports.get((region, year))
    previous = reports.get((region, year - 1))
    source = {"coverage": _record(report), "previous": _record(previous)}
    if report is None:
        values = engine.region_indicators(
            engine.RegionYear(region="", year=year), items
        )
        for key in _COVERAGE_INDICATORS:
            values[key] = engine.IndicatorValue(None, ("missing:coverage_report",))
        return values, source
    region_year = engine.RegionYear(
        region=report.region_code,
        year=report.year,
        previous=_previous(previous),
        non_asn=tuple(
            engine.NonAsnLine(line.category, line.eligible, line.protected)
            for line in report.non_asn_lines.all()
        ),
        vulnerable=tuple(
            engine.VulnerableLine(
                line.sector, line.funding_source, line.workers, line.months, line.rupiah
            )
            for line in report.vulnerable_lines.all()
        ),
        villages=_village_rows(report),
        villages_total=villages.get(region, 0),
        **{name: getattr(report, name) for name in _REPORT_FIGURES},
    )
    return engine.region_indicators(region_year, items), source


_COVERAGE_INDICATORS = (
    "coverage_total_pct",
    "coverage_pu_pct",
    "coverage_bpu_pct",
    "coverage_growth_pp",
    "non_asn_coverage_pct",
    "vulnerable_protected",
    "desa_100_share_pct",
    "rupiah_per_protected_worker",
)


def _village_rows(report: CoverageReport) -> tuple[engine.VillageRow, ...]:
    """One row per desa (a report has one line per desa)."""
    return tuple(
        engine.VillageRow(str(line.village_id), line.workers)
        for line in report.village_lines.all()
    )


def _previous(report: CoverageReport | None) -> engine.PreviousYear | None:
    if report is None:
        return None
    total = participants(
        report.peserta_pu, report.peserta_bpu, report.peserta_jakon, report.peserta_pmi
    )
    return engine.PreviousYear(total, report.angkatan_kerja)
