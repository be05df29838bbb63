"""Reads of coverage reports with their derived figures, in one query per page."""

from collections.abc import Sequence

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from participants.calculations import (
    VILLAGE_TARGET,
    CoverageInputs,
    DerivedFigures,
    derive,
)
from participants.models import (
    CoverageReport,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
)
from regions.models import Village


def _aggregate(queryset: QuerySet, expression: object) -> Subquery:
    """A per-report aggregate as a scalar subquery (no join fan-out)."""
    rows = (
        queryset.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(value=expression)
        .values("value")
    )
    return Subquery(rows, output_field=IntegerField())


def with_figures(queryset: QuerySet[CoverageReport]) -> QuerySet[CoverageReport]:
    """Annotate what `derived()` needs: last year's figures and the table totals."""
    complete = VulnerableWorkerLine.objects.filter(
        workers__isnull=False, months__isnull=False, rupiah__isnull=False
    )
    return queryset.annotate(
        region_key=Coalesce("regency_id", "province_id"),
        previous_participants=_previous_participants(),
        previous_angkatan_kerja=_previous_value("angkatan_kerja"),
        non_asn_eligible=_aggregate(
            NonAsnLine.objects.filter(eligible__isnull=False, protected__isnull=False),
            Sum("eligible"),
        ),
        non_asn_protected=_aggregate(
            NonAsnLine.objects.filter(eligible__isnull=False, protected__isnull=False),
            Sum("protected"),
        ),
        vulnerable_rupiah=_aggregate(complete, Sum("rupiah")),
        vulnerable_worker_months=_aggregate(complete, Sum(F("workers") * F("months"))),
        # Counted over all the report's village rows, so that rows below the
        # target give 0 and only a report without village rows gives NULL.
        villages_reaching_target=_aggregate(
            VillageProtection.objects.all(),
            Count("pk", filter=Q(workers__gte=VILLAGE_TARGET)),
        ),
        villages_total=_villages_total(),
    )


def in_order(
    ids: Sequence[int], queryset: QuerySet[CoverageReport]
) -> list[CoverageReport]:
    """The reports with these ids, annotated by `with_figures`, in the ids' order.

    Lists page the bare ids first and annotate only the page's rows, so that the
    last page costs what the first does."""
    by_pk = {report.pk: report for report in with_figures(queryset.filter(pk__in=ids))}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _same_region_last_year() -> QuerySet[CoverageReport]:
    """The report of the same region one year earlier (province reports included)."""
    # The province narrows the search through its index; the key alone cannot.
    return CoverageReport.objects.annotate(
        key=Coalesce("regency_id", "province_id")
    ).filter(
        province=OuterRef("province"),
        key=OuterRef("region_key"),
        year=OuterRef("year") - 1,
    )


def _previous_value(field: str) -> Subquery:
    return Subquery(
        _same_region_last_year().values(field)[:1], output_field=IntegerField()
    )


def _previous_participants() -> Subquery:
    """PU + BPU (+ Jakon, PMI) a year earlier; NULL when PU or BPU is missing."""
    total = (
        F("peserta_pu")
        + F("peserta_bpu")
        + Coalesce("peserta_jakon", Value(0))
        + Coalesce("peserta_pmi", Value(0))
    )
    rows = _same_region_last_year().annotate(total=total).values("total")[:1]
    return Subquery(rows, output_field=IntegerField())


def _villages_total() -> Case:
    """Desa and kelurahan in the report's region: the kab/kota's, or the province's."""
    in_regency = Village.objects.active().filter(district__regency=OuterRef("regency"))
    in_province = Village.objects.active().filter(
        district__regency__province=OuterRef("province")
    )
    return Case(
        When(
            regency__isnull=True,
            then=_count(in_province, "district__regency__province"),
        ),
        default=_count(in_regency, "district__regency"),
        output_field=IntegerField(),
    )


def _count(queryset: QuerySet, group_by: str) -> Subquery:
    rows = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1]
    return Subquery(rows, output_field=IntegerField())


def derived(report: CoverageReport) -> DerivedFigures:
    """Derived figures of a report annotated by `with_figures`."""
    fields = CoverageInputs.__dataclass_fields__
    values = {name: getattr(report, name, None) for name in fields}
    return derive(CoverageInputs(**values))
