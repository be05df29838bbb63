"""The award over HTTP, read only: editions and categories for anyone, candidates,
their dossiers and employers for signed-in users within their area. Changes go
through the portal's pages and `nominations.services`."""

from typing import Any

from django.db.models import (
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from nominations import filters
from nominations import serializers as s
from nominations.models import (
    Candidate,
    Category,
    Edition,
    Employer,
    EmployerCompliance,
)
from nominations.selectors import with_dossier_counts
from review.numbers import whole_number


class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    """Award editions, newest first, with their stage dates and category tree: public
    announcements that anyone may read. An edition is named by its award year."""

    queryset = Edition.objects.prefetch_related(
        "stages", Prefetch("categories", Category.objects.select_related("zone"))
    )
    serializer_class = s.EditionSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "award_year"
    lookup_value_regex = r"[0-9]{4}"


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Categories of every edition, public; filter by `edition` (award year) and
    `subject_type`. The same tree, nested, is part of each edition."""

    queryset = Category.objects.select_related("edition", "zone")
    serializer_class = s.CategorySerializer
    filterset_class = filters.CategoryFilter
    permission_classes = [permissions.AllowAny]
    lookup_value_regex = r"[0-9]{1,18}"


class CandidateViewSet(viewsets.ReadOnlyModelViewSet):
    """Candidates of the signed-in user's area (every candidate for the national
    admin), with a count of their dossier items by verification state; filter by
    `edition` (award year), `category` (id), `province` and `status`. Anonymous
    users are refused: the public will see candidates only once the results are
    published, which is not part of this API yet."""

    queryset = Candidate.objects.all()
    serializer_class = s.CandidateSerializer
    filterset_class = filters.CandidateFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Candidate]:
        visible = Candidate.objects.for_user(self.request.user)
        return with_dossier_counts(
            visible.select_related(
                "edition", "category", "province", "regency", "village", "employer"
            )
        )

    def get_object(self) -> Candidate:
        return _get_or_404(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(responses=s.DossierSerializer)
    @action(detail=True)
    def dossier(self, request: Request, pk: str) -> Response:
        """The candidate's regulations and innovations with their verification;
        each file is a link to the view that serves it to those who may read it."""
        candidate = self.get_object()
        prefetch_related_objects([candidate], "regulations", "innovations__evidence")
        data = s.DossierSerializer(candidate, context={"request": request}).data
        return Response(data)


class EmployerViewSet(viewsets.ReadOnlyModelViewSet):
    """Employers of the signed-in user's area, named by NPP, with their compliance
    records by year (newest first); `search` by name or NPP prefix, filter by
    `province`, `sector`, `scale`. Anonymous users are refused."""

    queryset = Employer.objects.all()
    serializer_class = s.EmployerSerializer
    filterset_class = filters.EmployerFilter
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "npp"
    lookup_value_regex = r"[0-9A-Z]{6,20}"

    def get_queryset(self) -> QuerySet[Employer]:
        records = EmployerCompliance.objects.order_by("-year")
        return (
            Employer.objects.for_user(self.request.user)
            .select_related("regency", "branch")
            .prefetch_related(Prefetch("compliance", records))
        )


def _get_or_404(queryset: QuerySet[Candidate], pk: Any) -> Candidate:
    """The row with this id, or a 404 whose message does not name the model."""
    number = whole_number(str(pk))
    found = queryset.filter(pk=number).first() if number else None
    if found is None:
        raise NotFound()
    return found
