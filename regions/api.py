"""Read-only public API for regions and BPJS branches."""

from rest_framework import viewsets

from regions import filters, serializers
from regions.models import (
    BRANCH_CODE_PATTERN,
    Branch,
    District,
    Province,
    Regency,
    Village,
)


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    """The 38 provinces with their BPJS regional office."""

    queryset = Province.objects.select_related("kanwil")
    serializer_class = serializers.ProvinceSerializer
    filterset_class = filters.ProvinceFilter
    lookup_value_regex = r"[0-9]{2}"


class RegencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Kabupaten and kota; filter by `province`, `kind`, `search`."""

    queryset = Regency.objects.all()
    serializer_class = serializers.RegencySerializer
    filterset_class = filters.RegencyFilter
    lookup_value_regex = r"[0-9]{2}\.[0-9]{2}"


class DistrictViewSet(viewsets.ReadOnlyModelViewSet):
    """Kecamatan; filter by `regency`, `province`, `search`."""

    queryset = District.objects.all()
    serializer_class = serializers.DistrictSerializer
    filterset_class = filters.DistrictFilter
    lookup_value_regex = r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}"


class VillageViewSet(viewsets.ReadOnlyModelViewSet):
    """Desa and kelurahan; filter by district, regency, province, kind, search."""

    queryset = Village.objects.all()
    serializer_class = serializers.VillageSerializer
    filterset_class = filters.VillageFilter
    lookup_value_regex = r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}"


class BranchViewSet(viewsets.ReadOnlyModelViewSet):
    """BPJS branch offices and the kab/kota each serves."""

    queryset = Branch.objects.select_related("kanwil").prefetch_related("regencies")
    serializer_class = serializers.BranchSerializer
    filterset_class = filters.BranchFilter
    lookup_field = "code"
    lookup_value_regex = BRANCH_CODE_PATTERN
