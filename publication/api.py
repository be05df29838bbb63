"""The public results over HTTP, read only and without sign-in: releases past
their embargo, each release's ranking as frozen in its snapshot, and a candidate's
appearances in public releases. Every answer is cached per release generation,
language and address (`publication.cache`): a repeated request reads no table."""

import hashlib
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from nominations.models import Candidate
from publication import cache
from publication import serializers as s
from publication.filters import ReleaseFilter
from publication.models import Release
from review.numbers import whole_number

ID = r"[0-9]{1,18}"


def cached(request: Request, compute: Callable[[], Any]) -> Response:
    """The answer to this address in this language, computed once per generation;
    errors (raised by `compute`) are not cached."""
    address = request.build_absolute_uri().encode("utf-8", "surrogatepass")
    parts = ("api", translation.get_language(), hashlib.sha256(address).hexdigest())
    return Response(cache.remember(parts, compute))


def public_releases() -> QuerySet[Release]:
    """Releases past their embargo with what their representation reads."""
    return Release.objects.public().select_related(
        "edition", "category", "province", "superseded_by"
    )


class ReleaseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Published results, newest first: only releases whose embargo has passed.
    Filter by `edition` (award year), `category` (id), `province` (code, or
    `nasional`) and `current=true` for the latest public release of each scope.
    A correction is a later release of the same scope; the earlier one stays
    readable, marked `is_superseded`."""

    queryset = Release.objects.all()
    serializer_class = s.ReleaseSerializer
    filterset_class = ReleaseFilter
    permission_classes = [permissions.AllowAny]
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Release]:
        if self.action == "list":  # a list never shows the rankings themselves
            return public_releases().defer("snapshot", "superseded_by__snapshot")
        return public_releases().defer("superseded_by__snapshot")

    def get_serializer_class(self) -> type[s.ReleaseSerializer]:
        if self.action == "retrieve":
            return s.ReleaseDetailSerializer
        return s.ReleaseSerializer

    def get_object(self) -> Release:
        number = whole_number(str(self.kwargs["pk"]))
        found = self.get_queryset().filter(pk=number).first() if number else None
        if found is None:  # DRF's own message names the model, untranslated
            raise NotFound()
        return found

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return cached(request, lambda: super(ReleaseViewSet, self).list(request).data)

    @extend_schema(responses=s.ReleaseDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A release with its methodology, the run's fingerprint and the addresses
        of its ranking and open-data files (CSV, XLSX, JSON, methodology, bundle)."""
        return cached(request, lambda: self.get_serializer(self.get_object()).data)

    @extend_schema(responses=s.RankingSerializer)
    @action(detail=True, pagination_class=None, filterset_class=None)
    def ranking(self, request: Request, pk: str) -> Response:
        """The release's ranking as published: every ranked candidate with rank,
        total, score lines and the committee's decision, then the candidates left
        unranked for missing data, with the reasons."""

        def compute() -> dict[str, Any]:
            release = self.get_object()
            return {
                "release": s.ReleaseSerializer(
                    release, context=self.get_serializer_context()
                ).data,
                "ranked": release.snapshot["ranked"],
                "incomplete": release.snapshot["incomplete"],
            }

        return cached(request, compute)


class PublicCandidateViewSet(viewsets.GenericViewSet):
    """A candidate's published results: every public release (provincial and
    national) in which it appears, newest first. A candidate in no public
    release is not found: the public sees candidates once results are out."""

    queryset = Candidate.objects.all()
    serializer_class = s.PublicCandidateSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    filterset_class = None
    lookup_value_regex = ID

    def retrieve(self, request: Request, pk: str) -> Response:
        return cached(request, lambda: self._results(whole_number(pk)))

    def _results(self, pk: int | None) -> dict[str, Any]:
        candidate = Candidate.objects.filter(pk=pk).first() if pk else None
        found = _appearances(candidate, self.get_serializer_context())
        if not found:
            raise NotFound()
        subject = {key: found[0][1][key] for key in s.SUBJECT_FIELDS}
        return {**subject, "appearances": [s.appearance(*pair) for pair in found]}


def _appearances(
    candidate: Candidate | None, context: dict[str, Any]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(release data, the candidate's snapshot row) for each public release of
    its category, in its province or national, that names it."""
    if candidate is None:
        return []
    releases = public_releases().filter(
        Q(province=candidate.province_id) | Q(province__isnull=True),
        category=candidate.category_id,
    )
    found = []
    for release in releases.defer("superseded_by__snapshot"):
        rows = release.snapshot["ranked"] + release.snapshot["incomplete"]
        row = next((r for r in rows if r["candidate"] == candidate.pk), None)
        if row is not None:
            data = s.ReleaseSerializer(release, context=context).data
            found.append((dict(data), row))
    return found
