"""Public region pages: provinces, kab/kota, kecamatan, search; and the signed-in
user's own regions."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from regions import selectors
from regions.models import District, Province, Regency

MIN_SEARCH_LENGTH = 2


def province_list(request: HttpRequest) -> HttpResponse:
    provinces = selectors.province_rows()
    totals = {
        key: sum(getattr(province, f"{key}_count") for province in provinces)
        for key in ("kabupaten", "kota", "district", "village")
    }
    context = {"provinces": provinces, "totals": totals}
    return render(request, "regions/province_list.html", context)


def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    province = get_object_or_404(Province.objects.select_related("kanwil"), code=code)
    regencies = selectors.regency_rows(province)
    return render(
        request,
        "regions/province_detail.html",
        {"province": province, "regencies": regencies},
    )


def regency_detail(request: HttpRequest, code: str) -> HttpResponse:
    regency = get_object_or_404(Regency.objects.select_related("province"), code=code)
    districts = list(selectors.district_rows(regency))
    context = {
        "regency": regency,
        "districts": districts,
        "branches": regency.branches.select_related("kanwil"),
        "desa_total": sum(d.desa_count for d in districts),  # type: ignore[attr-defined]
        "kelurahan_total": sum(d.kelurahan_count for d in districts),  # type: ignore[attr-defined]
    }
    return render(request, "regions/regency_detail.html", context)


def district_detail(request: HttpRequest, code: str) -> HttpResponse:
    district = get_object_or_404(
        District.objects.select_related("regency__province"), code=code
    )
    return render(
        request,
        "regions/district_detail.html",
        {"district": district, "villages": district.villages.active()},
    )


def search(request: HttpRequest) -> HttpResponse:
    term = request.GET.get("q", "").strip()[:100]
    context: dict = {"term": term, "too_short": 0 < len(term) < MIN_SEARCH_LENGTH}
    if len(term) >= MIN_SEARCH_LENGTH:
        context["results"] = selectors.search_regions(term)
    return render(request, "regions/search.html", context)


@login_required
def my_regions(request: HttpRequest) -> HttpResponse:
    regencies = (
        Regency.objects.for_user(request.user)
        .select_related("province")
        .prefetch_related("branches")
    )
    return render(request, "regions/my_regions.html", {"regencies": regencies})
