"""Reads that span several models: a provincial round's dashboard, the national
secretariat's progress over all provinces, and a candidate's dossier completeness.
Each runs a fixed number of queries whatever the number of candidates."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from nominations.models import (
    Candidate,
    Edition,
    EmployerCompliance,
    Innovation,
    ProvincialRound,
    Regulation,
    Verification,
)
from nominations.transitions import ADVANCED_STATUSES
from participants.models import CoverageReport
from participants.selectors import with_figures

S = Candidate.Status
SHORTLISTED_OR_LATER = frozenset(S.values) - {S.CANDIDATE, S.RETURNED}
V = Verification


def with_dossier_counts(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """Candidates annotated with `<regulations|innovations>_<verification>` counts,
    one subquery each, so that neither table multiplies the other's rows."""
    counts = {
        f"{model._meta.default_related_name}_{verdict}": _count(model, verdict)
        for model in (Regulation, Innovation)
        for verdict in V.values
    }
    return candidates.annotate(**counts)


def _count(model: type[Regulation | Innovation], verdict: str) -> Any:
    rows = (
        model.objects.filter(candidate=OuterRef("pk"), verification=verdict)
        .order_by()
        .values("candidate")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _tally(candidate: Any, relation: str) -> tuple[int, int, int]:
    """(total, verified, rejected) from the annotated counts."""
    counts = [getattr(candidate, f"{relation}_{verdict}") for verdict in V.values]
    verified = getattr(candidate, f"{relation}_{V.VERIFIED}")
    rejected = getattr(candidate, f"{relation}_{V.REJECTED}")
    return sum(counts), verified, rejected


@dataclass(frozen=True)
class Completeness:
    """How far a candidate's dossier (or, for an employer, its data) has come."""

    regulations: tuple[int, int, int]  # total, verified, rejected
    innovations: tuple[int, int, int]
    needs_dossier: bool

    @property
    def is_complete(self) -> bool:
        if not self.needs_dossier:
            return True
        return self.regulations[1] > 0 and self.innovations[1] > 0

    @property
    def percent(self) -> int:
        """Verified items of all items, with each missing kind counted as one."""
        if not self.needs_dossier:
            return 100
        parts = [self.regulations, self.innovations]
        total = sum(max(total, 1) for total, _v, _r in parts)
        return round(100 * sum(verified for _t, verified, _r in parts) / total)


def completeness(candidate: Any) -> Completeness:
    """From a candidate annotated by `with_dossier_counts`."""
    return Completeness(
        regulations=_tally(candidate, "regulations"),
        innovations=_tally(candidate, "innovations"),
        needs_dossier=candidate.category.is_region_category,
    )


def approved_data(candidates: list[Candidate], year: int) -> set[int]:
    """The ids of the candidates whose data for the year is approved (two
    queries): the region's coverage report (a desa's is its kab/kota's), or the
    employer's compliance."""
    codes = {
        c.pk: (c.region_code[:5] if c.village_id else c.region_code)
        for c in candidates
        if not c.employer_id
    }
    reports = CoverageReport.objects.approved().filter(year=year)
    approved_codes = {
        r.region_code
        for r in reports.filter(
            Q(regency__in=set(codes.values()))
            | Q(regency__isnull=True, province__in=set(codes.values()))
        ).only("province_id", "regency_id")
    }
    employers = {c.employer_id for c in candidates if c.employer_id}
    approved_employers = set(
        EmployerCompliance.objects.approved()
        .filter(year=year, employer__in=employers)
        .values_list("employer_id", flat=True)
    )
    return {pk for pk, code in codes.items() if code in approved_codes} | {
        c.pk for c in candidates if c.employer_id in approved_employers
    }


def round_candidates(
    visible: QuerySet[Candidate], edition: Edition, *, category: int | None = None
) -> list[dict[str, Any]]:
    """The round's candidates the user may see (`visible`), as the committee
    dashboard shows them: status, data, dossier completeness and interview slot."""
    candidates = with_dossier_counts(
        visible.select_related(
            "category",
            "province",
            "regency",
            "village",
            "employer__regency",
            "interview__slot",
        )
    )
    if category:
        candidates = candidates.filter(category=category)
    rows = list(candidates)
    approved = approved_data(rows, edition.assessment_year)
    return [
        {
            "candidate": c,
            "has_data": c.pk in approved,
            "completeness": completeness(c),
            "slot": getattr(getattr(c, "interview", None), "slot", None),
        }
        for c in rows
    ]


def national_progress(edition: Edition) -> list[dict[str, Any]]:
    """Per province: its round's status and how many candidates are where."""
    counts = (
        Candidate.objects.filter(edition=edition)
        .values("province_id", "province__name")
        .annotate(
            candidates=Count("pk"),
            shortlisted=Count("pk", filter=Q(status__in=SHORTLISTED_OR_LATER)),
            interviews=Count("interview"),
            winners=Count("pk", filter=Q(provincial_rank__isnull=False)),
            advanced=Count("pk", filter=Q(status__in=ADVANCED_STATUSES)),
        )
        .order_by("province_id")
    )
    rounds = {
        r.province_id: r
        for r in ProvincialRound.objects.filter(edition=edition).select_related(
            "province"
        )
    }
    rows = {
        row["province_id"]: {**row, "round": rounds.get(row["province_id"])}
        for row in counts
    }
    for province_id, round_ in rounds.items():
        rows.setdefault(
            province_id,
            {
                "province_id": province_id,
                "province__name": round_.province.name,
                "candidates": 0,
                "shortlisted": 0,
                "interviews": 0,
                "winners": 0,
                "advanced": 0,
                "round": round_,
            },
        )
    return [rows[key] for key in sorted(rows)]


def zones_not_copied(source: Edition, copy: Edition) -> list[str]:
    """Names of the source's zone categories whose copy lost its zone, because the
    new year has no zone of that name yet (two queries)."""
    zoned = set(
        source.categories.filter(zone__isnull=False).values_list("name", flat=True)
    )
    kept = set(
        copy.categories.filter(zone__isnull=False).values_list("name", flat=True)
    )
    return sorted(zoned - kept)


def approved_report(candidate: Candidate) -> CoverageReport | None:
    """The approved coverage report a region candidate is judged on (a desa's is
    its kab/kota's), for the edition's assessment year, with its figures
    annotated for `participants.selectors.derived`; None for an employer."""
    if candidate.employer_id:
        return None
    code = candidate.region_code[:5] if candidate.village_id else candidate.region_code
    reports = CoverageReport.objects.approved().filter(
        year=candidate.edition.assessment_year
    )
    return (
        with_figures(reports.for_region_code(code))
        .select_related("province", "regency")
        .first()
    )
