"""Score sheets over HTTP for assessors' machine clients (token) and scripts
(session): list and read one's own sheets, open a sheet for a candidate one
scores, save draft levels and notes, submit. The same services and rules as the
sheet page (`scoring.views.sheets`); refusals are JSON with their reasons."""

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from nominations.models import Candidate
from participants.serializers import StrictSerializer, input_findings
from review.findings import errors
from review.models import AuditEntry
from review.numbers import whole_number
from review.refusals import ReviewError
from review.workflow import InvalidRecordError, StaleEditError
from scoring import serializers as s
from scoring.models import ScoreSheet
from scoring.selectors import seats
from scoring.services.sheets import (
    SCORING_CLOSED,
    open_sheet,
    rubric_criteria,
    save_sheet,
    submit_sheet,
)

CONFLICT = OpenApiResponse(
    s.SHEET_CONFLICT,
    description=_(
        "Saved by someone else since the version sent (`current_version`), or not "
        "possible in the sheet's state (submitted, no longer scored by you)."
    ),
)
SUBJECT = ("candidate__employer", "candidate__village", "candidate__regency")


def _sheets() -> QuerySet[ScoreSheet]:
    """Sheets with what their representation reads."""
    return ScoreSheet.objects.select_related(
        "member__panel", *SUBJECT, "candidate__province"
    )


def _schema(request: Any, code: int = 200) -> Any:
    return extend_schema(
        request=request,
        responses={code: s.ScoreSheetDetailSerializer, 409: CONFLICT},
    )


class ScoreSheetViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in assessor's own score sheets (one per panel seat and
    candidate), newest change first. Reading one shows its rubric criteria with
    the levels to choose from; drafts are saved with the `version` read (PATCH)
    and submitted when every criterion has a level, which locks the sheet."""

    queryset = ScoreSheet.objects.all()
    serializer_class = s.ScoreSheetSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"[0-9]{1,18}"
    filterset_class = None

    def get_queryset(self) -> QuerySet[ScoreSheet]:
        # IsAuthenticated has let only signed-in users this far.
        own = _sheets().filter(member__user=cast(User, self.request.user))
        return own.order_by("-updated_at", "-pk")

    def get_object(self) -> ScoreSheet:
        """A sheet the user may read: their own, or one of a panel they lead."""
        pk = whole_number(str(self.kwargs["pk"]))
        found = _sheets().filter(pk=pk).first() if pk else None
        user = self.request.user
        if found is None or not user.has_perm("scoring.view_sheet", found):
            raise NotFound()
        return found

    @_schema(None)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._represent(self.get_object())

    @_schema(s.SheetOpenSerializer, 201)
    def create(self, request: Request) -> Response:
        """Open (or find) your sheet for a candidate you score on an open panel."""
        body = s.SheetOpenSerializer(data=request.data)
        if not body.is_valid():
            return _invalid_input(body)
        candidate = Candidate.objects.filter(
            pk=body.validated_data["candidate"]
        ).first()
        if candidate is None:
            return _unknown_candidate()
        if not request.user.has_perm("scoring.score_candidate", candidate):
            raise PermissionDenied(_("You may not score this candidate."))
        seat = next(
            (
                member
                for member, exclusion in seats(request.user, candidate)
                if exclusion is None and not member.panel.is_scoring_closed
            ),
            None,
        )
        if seat is None:
            raise ReviewError(_("You do not sit on a panel scoring this candidate."))
        sheet = open_sheet(seat, candidate, by=request.user)
        return self._represent(sheet, status.HTTP_201_CREATED)

    @_schema(s.SheetSaveSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Save draft levels and notes; criteria not named keep their values."""
        sheet = self._changeable()
        body = s.SheetSaveSerializer(data=request.data)
        if not body.is_valid():
            return _invalid_input(body)
        levels, notes = body.values()
        save_sheet(
            sheet,
            levels=levels,
            notes=notes,
            by=request.user,
            expected_version=body.validated_data["version"],
            source=AuditEntry.Source.API,
        )
        return self._represent(sheet)

    @_schema(s.SheetVersionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """Submit a complete sheet, which locks it."""
        sheet = self._changeable()
        body = s.SheetVersionSerializer(data=request.data)
        if not body.is_valid():
            return _invalid_input(body)
        version = body.validated_data["version"]
        submit_sheet(sheet, by=request.user, expected_version=version)
        return self._represent(sheet)

    def _changeable(self) -> ScoreSheet:
        """The sheet, refused at once (403) when its panel's scoring is closed
        or the user may not change it, before the body is read."""
        sheet = self.get_object()
        if sheet.member.panel.is_scoring_closed:
            raise PermissionDenied(str(SCORING_CLOSED))
        if not self.request.user.has_perm("scoring.change_sheet", sheet):
            raise PermissionDenied(_("You may not change this score sheet."))
        return sheet

    def _represent(self, sheet: ScoreSheet, code: int = 200) -> Response:
        found = _sheets().select_related("candidate__category").get(pk=sheet.pk)
        context = {**self.get_serializer_context(), "criteria": rubric_criteria(found)}
        data = s.ScoreSheetDetailSerializer(found, context=context).data
        return Response(data, status=code)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, InvalidRecordError):
            rows = [
                {"field": f.path, "rule": f.rule, "message": f.message}
                for f in errors(exc.findings)
            ]
            return Response(
                {"detail": str(exc), "errors": rows, "warnings": []}, status=400
            )
        if isinstance(exc, StaleEditError):
            body = {"detail": str(exc), "current_version": exc.current_version}
            return Response(body, status=409)
        if isinstance(exc, ReviewError):
            return Response({"detail": str(exc)}, status=409)
        return super().handle_exception(exc)


def _invalid_input(body: StrictSerializer) -> Response:
    data = {
        "detail": _("The score sheet was not saved; correct the errors listed."),
        "errors": input_findings(body, body.errors),
        "warnings": [],
    }
    return Response(data, status=400)


def _unknown_candidate() -> Response:
    message = _("candidate: No such candidate.")
    row = {"field": "candidate", "rule": "unknown", "message": message}
    return Response({"detail": message, "errors": [row], "warnings": []}, status=400)
