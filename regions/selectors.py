"""Reads for the region pages: counts per level, without a query per row."""

from django.db.models import Count, Prefetch, Q, QuerySet

from regions.models import Branch, District, Province, Regency, Village


def national_totals() -> dict[str, int]:
    """How many regions of each level are current."""
    return {
        "provinces": Province.objects.active().count(),
        "regencies": Regency.objects.active().count(),
        "districts": District.objects.active().count(),
        "villages": Village.objects.active().count(),
    }


def province_rows() -> list[Province]:
    """Provinces with counts of current kabupaten, kota, kecamatan and desa
    (3 queries)."""
    current = Q(regencies__is_active=True)
    provinces = list(
        Province.objects.active()
        .select_related("kanwil")
        .annotate(
            kabupaten_count=Count(
                "regencies", filter=current & Q(regencies__kind="kabupaten")
            ),
            kota_count=Count("regencies", filter=current & Q(regencies__kind="kota")),
        )
        .order_by("code")  # GROUP BY queries ignore Meta.ordering
    )
    districts = _counts(District.objects.active(), "regency__province")
    villages = _counts(Village.objects.active(), "district__regency__province")
    for province in provinces:
        province.district_count = districts.get(province.code, 0)
        province.village_count = villages.get(province.code, 0)
    return provinces


def _counts(queryset: QuerySet, group_by: str) -> dict[str, int]:
    rows = queryset.order_by().values(group_by).annotate(n=Count("pk"))
    return {row[group_by]: row["n"] for row in rows}


def _branches() -> Prefetch:
    return Prefetch("branches", queryset=Branch.objects.select_related("kanwil"))


def regency_rows(province: Province) -> QuerySet[Regency]:
    """A province's kab/kota with current kecamatan and desa counts and serving
    branches."""
    return (
        province.regencies.active()
        .annotate(
            district_count=Count(
                "districts", filter=Q(districts__is_active=True), distinct=True
            ),
            village_count=Count(
                "districts__villages", filter=Q(districts__villages__is_active=True)
            ),
        )
        .order_by("code")
        .prefetch_related(_branches())
    )


def district_rows(regency: Regency) -> QuerySet[District]:
    """A kab/kota's kecamatan with their current desa and kelurahan counts."""
    current = Q(villages__is_active=True)
    return (
        regency.districts.active()
        .annotate(
            desa_count=Count("villages", filter=current & Q(villages__kind="desa")),
            kelurahan_count=Count(
                "villages", filter=current & Q(villages__kind="kelurahan")
            ),
        )
        .order_by("code")
    )


SEARCH_LEVELS = ("provinces", "regencies", "districts", "villages")


def search_regions(
    term: str, *, limit: int = 20, level: str = "", page: int = 1
) -> dict[str, tuple[list, int]]:
    """Up to `limit` matches per level by name or code, with each level's total; with
    `level`, only that level's `page` (of `limit` rows each)."""
    levels = {
        "provinces": Province.objects.all(),
        "regencies": Regency.objects.select_related("province"),
        "districts": District.objects.select_related("regency"),
        "villages": Village.objects.select_related("district__regency"),
    }
    start = (page - 1) * limit
    results = {}
    for key, queryset in levels.items():
        if level and key != level:
            continue
        matches = queryset.search(term)
        results[key] = (list(matches[start : start + limit]), matches.count())
    return results
