"""What a candidate's public page shows, read in a fixed number of queries: where it
appears in public releases (from their snapshots, never the ranking tables), its
region's approved coverage over the years, an employer's approved compliance, and
its verified dossier items without their files."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from nominations.models import Candidate, EmployerCompliance, Innovation, Regulation
from nominations.models.dossiers import Verification
from participants import selectors
from participants.calculations import percentage
from participants.models import CoverageReport
from publication.models import Release

# The largest primary key the database holds: a larger one names nothing.
LARGEST_PK = 2**31 - 1


@dataclass(frozen=True)
class Appearance:
    """The candidate's row in the newest public release of one scope that holds it."""

    release: Release
    row: dict[str, Any]
    is_ranked: bool
    is_superseded: bool

    @property
    def is_national(self) -> bool:
        return self.release.province_id is None


def visible_candidate(pk: int) -> Candidate | None:
    """The candidate of this key, with what its region needs (None if none)."""
    if not 0 < pk <= LARGEST_PK:
        return None
    return (
        Candidate.objects.select_related("employer", "village__district")
        .filter(pk=pk)
        .first()
    )


def _row(release: Release, pk: int) -> tuple[dict[str, Any], bool] | None:
    snapshot = release.snapshot
    for row in snapshot.get("ranked", []):
        if row.get("candidate") == pk:
            return row, True
    for row in snapshot.get("incomplete", []):
        if row.get("candidate") == pk:
            return row, False
    return None


def appearances(candidate: Candidate) -> list[Appearance]:
    """Per scope (its province, national), the newest public release that holds the
    candidate, provincial first; empty for a candidate the public may not see."""
    releases = (
        Release.objects.public()
        .filter(category_id=candidate.category_id)
        .filter(Q(province_id=candidate.province_id) | Q(province__isnull=True))
        .order_by("-number")
    )
    found: dict[Any, Appearance] = {}
    newest: dict[Any, Release] = {}
    for release in releases:
        newest.setdefault(release.province_id, release)
        row = _row(release, candidate.pk)
        if row is None or release.province_id in found:
            continue
        superseded = newest[release.province_id] is not release
        found[release.province_id] = Appearance(release, *row, superseded)
    return sorted(found.values(), key=lambda a: a.is_national)


def coverage_region(candidate: Candidate) -> str:
    """The region whose coverage reports describe the candidate: its kab/kota (a
    village's or an employer's too), or the province for a province."""
    if candidate.employer_id:
        return str(candidate.employer.regency_id)  # type: ignore[union-attr]
    if candidate.village_id:
        return str(candidate.village.district.regency_id)  # type: ignore[union-attr]
    return str(candidate.regency_id or candidate.province_id)


@dataclass(frozen=True)
class CoverageYear:
    year: int
    participants: int | None
    angkatan_kerja: int | None
    coverage_pct: Decimal | None


def coverage_history(code: str) -> list[CoverageYear]:
    """The region's approved coverage per year, oldest first (one query)."""
    reports = CoverageReport.objects.approved().for_region_code(code).order_by("year")
    rows = []
    for report in selectors.with_figures(reports):
        figures = selectors.derived(report)
        rows.append(
            CoverageYear(
                year=report.year,
                participants=figures.participants_total,
                angkatan_kerja=report.angkatan_kerja,
                coverage_pct=figures.coverage_total_pct,
            )
        )
    return rows


@dataclass(frozen=True)
class ComplianceYear:
    year: int
    employees: int | None
    registered: int | None
    registration_pct: Decimal | None
    months_paid_on_time: int | None
    programmes: tuple[str, ...]


def compliance_history(candidate: Candidate) -> list[ComplianceYear]:
    """An employer's approved compliance per year, oldest first; empty otherwise."""
    if not candidate.employer_id:
        return []
    records = EmployerCompliance.objects.approved().filter(
        employer_id=candidate.employer_id
    )
    return [
        ComplianceYear(
            year=record.year,
            employees=record.employees,
            registered=record.registered_participants,
            registration_pct=percentage(
                record.registered_participants, record.employees
            ),
            months_paid_on_time=record.months_paid_on_time,
            programmes=tuple(record.programmes),
        )
        for record in records.order_by("year")
    ]


def public_evidence(candidate: Candidate) -> dict[str, list[dict[str, Any]]]:
    """Verified regulations and innovations, only the fields the public may read
    (no file, no one who added or verified them)."""
    verified = Q(candidate=candidate, verification=Verification.VERIFIED)
    regulations = [
        {**values, "kind_label": str(Regulation.Kind(values["kind"]).label)}
        for values in Regulation.objects.filter(verified)
        .order_by("issued_on", "pk")
        .values("kind", "number", "issued_on", "title")
    ]
    innovations = [
        dict(values)
        for values in Innovation.objects.filter(verified)
        .order_by("started_on", "pk")
        .values("name", "description", "started_on")
    ]
    return {"regulations": regulations, "innovations": innovations}
