"""What waits for whom among reviewed records: the queue a verifier works through,
and what an open coverage report still lacks.

Generic over reviewed records (coverage reports, employer compliance), so that each
app passes its own scoped queryset and the home page lists them alike."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django_stubs_ext import StrOrPromise

from participants.models import CoverageReport
from review.models import ReviewedRecord, ReviewStatus, StatusChange


def review_queue(records: QuerySet[ReviewedRecord]) -> QuerySet[ReviewedRecord]:
    """The submitted records among `records`, oldest submission first, each with
    `submitted_at` (the last move to submitted; the last change when none is
    logged). One query when listed."""
    content_type = ContentType.objects.get_for_model(records.model)
    submitted = (
        StatusChange.objects.filter(
            content_type=content_type,
            object_id=OuterRef("pk"),
            to_status=ReviewStatus.SUBMITTED,
        )
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    return (
        records.filter(status=ReviewStatus.SUBMITTED)
        .annotate(
            submitted_at=Coalesce(
                Subquery(submitted, output_field=DateTimeField()), "updated_at"
            )
        )
        .order_by("submitted_at", "pk")
    )


# Jakon and PMI participants are counted where reported; every other figure is needed.
OPTIONAL_FIGURES = frozenset({"peserta_jakon", "peserta_pmi"})


def blank_figures(report_ids: Iterable[int]) -> dict[int, list[StrOrPromise]]:
    """The names of the needed figures still blank in each report (one query)."""
    needed = [name for name in CoverageReport.FIGURES if name not in OPTIONAL_FIGURES]
    rows = CoverageReport.objects.filter(pk__in=list(report_ids)).values_list(
        "pk", *needed
    )
    labels = {f.name: f.verbose_name for f in CoverageReport._meta.concrete_fields}
    return {
        pk: [
            labels[name]
            for name, value in zip(needed, values, strict=True)
            if value is None
        ]
        for pk, *values in rows
    }


def return_reasons(report_ids: Iterable[int]) -> dict[int, str]:
    """Why each returned report came back: the reason of its last return (one
    query)."""
    content_type = ContentType.objects.get_for_model(CoverageReport)
    returns = StatusChange.objects.filter(
        content_type=content_type,
        object_id__in=list(report_ids),
        to_status=ReviewStatus.RETURNED,
    ).order_by("at", "pk")
    return {change.object_id: change.reason for change in returns}
