"""Public region pages: provinces, kab/kota, kecamatan, search; and the signed-in
user's own regions."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from regions import selectors
from regions.models import District, Province, Regency

MIN_SEARCH_LENGTH = 2
SEARCH_PAGE_SIZE = 20
# Past the last page of the largest level (83.762 desa) there is nothing to show.
MAX_SEARCH_PAGE = 5000


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
    level, page = _search_page(request)
    context: dict = {"term": term, "too_short": 0 < len(term) < MIN_SEARCH_LENGTH}
    if len(term) >= MIN_SEARCH_LENGTH:
        results = selectors.search_regions(
            term, limit=SEARCH_PAGE_SIZE, level=level, page=page
        )
        context["results"] = results
        context["level"] = level
        context["more"] = {
            key: _pager(term, key, page, len(rows), total)
            for key, (rows, total) in results.items()
        }
    return render(request, "regions/search.html", context)


def _search_page(request: HttpRequest) -> tuple[str, int]:
    """The level asked for ("" for all) and its page number; 400 if either is not
    one the page offers."""
    level = request.GET.get("level", "")
    page = request.GET.get("page", "1")
    if level and level not in selectors.SEARCH_LEVELS:
        raise BadRequest(_("This level of regions does not exist."))
    if not (page.isascii() and page.isdigit() and 0 < int(page) <= MAX_SEARCH_PAGE):
        raise BadRequest(_("This page of results does not exist."))
    return level, int(page) if level else 1


def _pager(term: str, level: str, page: int, shown: int, total: int) -> dict:
    """Which rows of the level are shown, and links to the next and previous ones."""
    first = (page - 1) * SEARCH_PAGE_SIZE

    def url(number: int) -> str:
        query = urlencode({"q": term, "level": level, "page": number})
        return f"{reverse('regions:search')}?{query}"

    return {
        "first": first + 1,
        "last": first + shown,
        "total": total,
        "next_url": url(page + 1) if first + shown < total else "",
        "previous_url": url(page - 1) if page > 1 else "",
    }


@login_required
def my_regions(request: HttpRequest) -> HttpResponse:
    regencies = (
        Regency.objects.for_user(request.user)
        .select_related("province")
        .prefetch_related("branches")
    )
    return render(request, "regions/my_regions.html", {"regencies": regencies})
