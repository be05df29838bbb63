"""Coverage reports over HTTP: read by anyone (approved reports) or by role, written
by branch staff through the same services as the entry forms."""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.fields import DateTimeField
from rest_framework.request import Request
from rest_framework.response import Response

from participants import serializers as s
from participants import services
from participants.content import LINE_TABLES, ReportContent, label_for
from participants.filters import CoverageReportFilter, villages_asked
from participants.models import CoverageReport, CoverageReportQuerySet
from participants.selectors import in_order, with_figures
from review.findings import errors, warnings
from review.models import AuditEntry
from review.numbers import whole_number
from review.workflow import InvalidRecordError, ReviewError, StaleEditError

REGION_KEY = Coalesce("regency_id", "province_id")
LIST_ORDER = ("-year", "region_key", "pk")
INVALID = OpenApiResponse(
    s.REPORT_ERRORS, description="Errors in the input or the figures."
)
REFUSED = OpenApiResponse(s.ReportMessageSerializer, description="Not allowed for you.")
HIDDEN = OpenApiResponse(
    s.ReportMessageSerializer, description="No such report, or not visible to you."
)
CONFLICT = OpenApiResponse(
    s.CONFLICT,
    description="Not possible in the report's state (or, for a province, before "
    "its kab/kota reports are approved). PUT, PATCH: saved by someone else since "
    "the given version (`current_version`, `changes`). POST: the report exists "
    "already (`id`, `version`).",
)
ACTION_RESPONSES = {
    200: s.CoverageReportSerializer,
    400: INVALID,
    403: REFUSED,
    404: HIDDEN,
    409: CONFLICT,
}


def _write_schema(request: type, code: int) -> Any:
    responses = {code: s.CoverageReportSerializer, 400: INVALID, 403: REFUSED}
    return extend_schema(
        request=request, responses={**responses, 404: HIDDEN, 409: CONFLICT}
    )


@extend_schema_view(
    create=_write_schema(s.ReportCreateSerializer, 201),
    update=_write_schema(s.ReportUpdateSerializer, 200),
    partial_update=_write_schema(s.ReportUpdateSerializer, 200),
)
class CoverageReportViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Coverage reports per region and year. The public reads approved reports;
    signed-in users also read every report of their area. Branch staff create and
    change their reports (PUT/PATCH with the `version` they read) and move them
    through the review (submit, approve, return, unapprove). Invalid input is a 400
    with `errors` and `warnings`; a save over a newer version a 409."""

    queryset = CoverageReport.objects.all()
    serializer_class = s.CoverageReportSerializer
    # A report carries its tables, up to one row per desa of its kab/kota (852 for
    # the largest): 50 reports are about 4 MB at the very worst.
    max_page_size = 50
    filterset_class = CoverageReportFilter

    def get_queryset(self) -> CoverageReportQuerySet:
        return CoverageReport.objects.visible_to(self.request.user)

    def get_serializer_class(self) -> type[s.CoverageReportSerializer]:
        if self.action == "list":
            return ReportListItemSerializer
        return s.CoverageReportSerializer

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        reports = super().filter_queryset(queryset)
        return reports.annotate(region_key=REGION_KEY).order_by(*LIST_ORDER)

    def list(self, request: Request) -> Response:
        """Pages the bare ids, then reads only the page's reports with their
        figures: the last page costs what the first does."""
        ids = self.paginate_queryset(
            self.filter_queryset(self.get_queryset()).values_list("pk", flat=True)
        )
        villages = villages_asked(request.query_params)
        reports = in_order(ids or [], _loaded(CoverageReport.objects, villages))
        data = self.get_serializer(reports, many=True).data
        return self.get_paginated_response(data)

    def get_serializer_context(self) -> dict[str, Any]:
        villages = villages_asked(self.request.query_params)
        return {**super().get_serializer_context(), "villages": villages}

    def get_object(self) -> CoverageReport:
        pk = whole_number(str(self.kwargs["pk"]))
        report = self.get_queryset().filter(pk=pk).first() if pk else None
        if report is None:  # DRF's own message names the model, untranslated
            raise NotFound()
        return report

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._represent(self.get_object()))

    def create(self, request: Request) -> Response:
        body = s.ReportCreateSerializer(data=request.data)
        if not body.is_valid():
            return _invalid_input(body)
        code, year = body.validated_data["region"], body.validated_data["year"]
        existing = self.get_queryset().for_region_code(code).filter(year=year).first()
        if existing is not None:
            return _exists(existing)
        with transaction.atomic():  # no empty draft is left when the save fails
            report = services.start_report(code, year, by=request.user)
            services.save_report(
                report,
                body.content(),
                by=request.user,
                expected_version=1,
                warning_explanation=body.validated_data.get("warning_explanation"),
                source=AuditEntry.Source.API,
            )
        return Response(self._represent(report), status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        report = self.get_object()
        body = s.ReportUpdateSerializer(data=request.data, partial=partial)
        if not body.is_valid():
            return _invalid_input(body)
        base = ReportContent.of(report) if partial else None
        services.save_report(
            report,
            body.content(base),
            by=request.user,
            expected_version=body.validated_data["version"],
            reason=body.validated_data.get("reason", ""),
            warning_explanation=body.validated_data.get("warning_explanation"),
            source=AuditEntry.Source.API,
        )
        return Response(self._represent(report))

    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(request=None, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """Send the report for approval: no errors, every warning explained."""
        return self._act(request, services.submit_report)

    @extend_schema(request=None, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """Approve and lock a submitted report (verifiers over it, national admin)."""
        return self._act(request, services.approve_report)

    @extend_schema(request=s.ReportReasonSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        """Send a submitted report back to the branch, with a reason."""
        return self._act(request, services.return_report, s.ReportReasonSerializer)

    @extend_schema(request=s.ReportReasonSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def unapprove(self, request: Request, pk: str) -> Response:
        """Reopen an approved report (Kanwil verifier, national admin) with a reason."""
        return self._act(request, services.unapprove_report, s.ReportReasonSerializer)

    def _act(
        self,
        request: Request,
        service: Callable[..., CoverageReport],
        body_class: type[s.StrictSerializer] = s.EmptySerializer,
    ) -> Response:
        report = self.get_object()
        body = body_class(data=request.data)
        if not body.is_valid():
            return _invalid_input(body)
        service(report, by=request.user, **body.validated_data)
        return Response(self._represent(report))

    def _represent(self, report: CoverageReport) -> Any:
        fresh = _for_reading(CoverageReport.objects.filter(pk=report.pk)).get()
        return self.get_serializer(fresh).data

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, InvalidRecordError):
            return Response(_findings(exc), status=400)
        if isinstance(exc, StaleEditError):
            return Response(_stale(exc), status=409)
        if isinstance(exc, ReviewError):
            return Response({"detail": str(exc)}, status=409)
        return super().handle_exception(exc)


class ReportListItemSerializer(s.CoverageReportSerializer):
    """A report in a list: `village_lines` is null unless `villages=true`."""

    village_lines = serializers.SerializerMethodField(
        help_text=_lazy("Null in lists unless asked for with villages=true.")
    )

    @extend_schema_field(s.LINE_SERIALIZERS["villages"](many=True, allow_null=True))
    def get_village_lines(self, report: CoverageReport) -> Any:
        if not self.context.get("villages"):
            return None
        rows = report.village_lines.all()
        return s.LINE_SERIALIZERS["villages"](
            rows, many=True, context=self.context
        ).data


def _loaded(reports: Any, villages: bool = True) -> QuerySet[CoverageReport]:
    """Reports with their regions and tables prefetched (the village rows only
    when asked for)."""
    tables = [
        table.related_name
        for table in LINE_TABLES
        if villages or table.related_name != "village_lines"
    ]
    return reports.select_related("province", "regency").prefetch_related(*tables)


def _for_reading(reports: QuerySet[CoverageReport]) -> QuerySet[CoverageReport]:
    """Reports with what the representation needs, in a fixed number of queries."""
    return with_figures(_loaded(reports)).order_by(*LIST_ORDER)


def _findings(exc: InvalidRecordError) -> dict[str, Any]:
    return {
        "detail": str(exc),
        "errors": s.finding_rows(errors(exc.findings)),
        "warnings": s.finding_rows(warnings(exc.findings)),
    }


def _invalid_input(body: s.StrictSerializer) -> Response:
    data = {
        "detail": _("The report has errors; nothing was saved."),
        "errors": s.input_findings(body, body.errors),
        "warnings": [],
    }
    return Response(data, status=400)


def _exists(report: CoverageReport) -> Response:
    detail = _(
        "A report for this region and year exists already; change it with PUT or PATCH."
    )
    data = {"detail": detail, "id": report.pk, "version": report.version}
    return Response(data, status=409)


def _stale(exc: StaleEditError) -> dict[str, Any]:
    changes = [
        {
            "field": entry.field,
            "label": label_for(entry.field),
            "old": entry.old_value,
            "new": entry.new_value,
            "by": _name(entry.by),
            "at": DateTimeField().to_representation(entry.at),
        }
        for entry in exc.changes
    ]
    return {
        "detail": str(exc),
        "current_version": exc.current_version,
        "changes": changes,
    }


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""
