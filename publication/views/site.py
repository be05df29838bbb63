"""Public results pages: an edition's results, national and provincial rankings
and each release as published. No sign-in; anonymous answers are cached per
release generation and language (`public_page`), and read releases only."""

import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from publication import selectors
from publication.models import Release
from publication.views.caching import public_page

# Award years and primary keys outside these bounds are no record of ours.
YEARS = range(1900, 10_000)
LARGEST_KEY = 2**31 - 1
PROVINCE_CODE = re.compile(r"[0-9]{2}", re.ASCII)


def _year(year: int) -> int:
    if year not in YEARS:
        raise Http404
    return year


def _key(pk: int) -> int:
    if not 0 < pk <= LARGEST_KEY:
        raise Http404
    return pk


@public_page
def index(request: HttpRequest) -> HttpResponse:
    """The latest award year with public results (or a page saying none yet)."""
    return _edition_page(request, selectors.overview())


@public_page
def edition(request: HttpRequest, year: int) -> HttpResponse:
    """One award year's results."""
    found = selectors.overview(_year(year))
    if found is None:
        raise Http404
    return _edition_page(request, found)


def _edition_page(
    request: HttpRequest, overview: selectors.Overview | None
) -> HttpResponse:
    context = {"overview": overview, "years": selectors.award_years()}
    return render(request, "publication/site/edition.html", context)


@public_page
def national(request: HttpRequest, year: int, category_pk: int) -> HttpResponse:
    """A category's national ranking: its latest public national release."""
    found = selectors.national_release(_year(year), _key(category_pk))
    if found is None:
        raise Http404
    return _release_page(request, found)


@public_page
def province(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Every category's latest public release in a province."""
    if not PROVINCE_CODE.fullmatch(code):
        raise Http404
    entries = selectors.province_releases(_year(year), code)
    if not entries:
        raise Http404
    context = {
        "year": year,
        "entries": entries,
        "province": entries[0]["release"].snapshot["province"],
        "is_demo": any(entry["release"].is_demo for entry in entries),
    }
    return render(request, "publication/site/province.html", context)


@public_page
def release(request: HttpRequest, pk: int) -> HttpResponse:
    """One release: its ranking as published, with the scope's history."""
    found = selectors.public_release(_key(pk))
    if found is None:
        found = Release.objects.filter(pk=pk).first()
        if found is None or not request.user.has_perm(
            "publication.view_unreleased", found
        ):
            raise Http404
    return _release_page(request, found)


def _release_page(request: HttpRequest, found: Release) -> HttpResponse:
    history = selectors.history(found)
    own = next(row for row in history if row["pk"] == found.pk)
    context: dict[str, Any] = {
        "release": found,
        "snapshot": found.snapshot,
        "methodology": found.snapshot["methodology"],
        "history": history,
        "superseded_by": own["superseded_by"],
        "is_public": found.is_public(),
        **selectors.ranking(found),
    }
    return render(request, "publication/site/release.html", context)
