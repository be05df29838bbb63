"""Public pages beside the rankings: a candidate's page, a methodology page generated
from the frozen methodology, and the tile map of the provinces. No sign-in; each
answer is cached per release generation and language (`public_page`)."""

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from publication import candidates, coverage_map, tilemap
from publication.charts import bar_chart
from publication.models import Release
from publication.views.caching import public_page
from scoring.adapter import INDICATOR_KEYS
from scoring.engine.indicators import DEFINITIONS
from scoring.models import Aspect, Criterion, Methodology
from scoring.views.methodology import tie_break_words

HUNDRED = Decimal(100)


@public_page
def candidate(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate in a public release: its rows, coverage over the years and its
    verified evidence; 404 for anyone else (its existence included)."""
    found = candidates.visible_candidate(pk)
    appearances = candidates.appearances(found) if found is not None else []
    if found is None or not appearances:
        raise Http404
    region_code = candidates.coverage_region(found)
    coverage = candidates.coverage_history(region_code)
    compliance = candidates.compliance_history(found)
    context = {
        "candidate": found,
        "subject": appearances[0].row,
        "snapshot": appearances[0].release.snapshot,
        "appearances": appearances,
        "is_demo": any(a.release.is_demo for a in appearances),
        "region_code": region_code,
        "coverage": coverage,
        "coverage_chart": bar_chart(
            [(str(row.year), row.coverage_pct) for row in coverage], ceiling=HUNDRED
        ),
        "compliance": compliance,
        "compliance_chart": bar_chart(
            [(str(row.year), row.registration_pct) for row in compliance],
            ceiling=HUNDRED,
        ),
        **candidates.public_evidence(found),
    }
    return render(request, "publication/pages/candidate.html", context)


def _aspects(methodology: Methodology) -> list[Aspect]:
    levels = Criterion.objects.prefetch_related("levels")
    return list(
        methodology.aspects.prefetch_related(Prefetch("criteria", queryset=levels))
    )


def _ranked_total(aspects: list[Aspect]) -> Decimal:
    return sum(
        (
            criterion.weight
            for aspect in aspects
            for criterion in aspect.criteria.all()
            if not criterion.is_independent
        ),
        Decimal(0),
    )


def _sources(aspects: list[Aspect]) -> list[dict[str, Any]]:
    """The criteria computed from data, with the definition of their indicator."""
    return [
        {
            "criterion": criterion,
            "definition": DEFINITIONS.get(INDICATOR_KEYS.get(criterion.indicator, "")),
        }
        for aspect in aspects
        for criterion in aspect.criteria.all()
        if criterion.indicator
    ]


@public_page
def methodology(request: HttpRequest, pk: int) -> HttpResponse:
    """A methodology used by a public release, explained from its frozen rows."""
    if not 0 < pk <= candidates.LARGEST_PK:
        raise Http404
    latest = (
        Release.objects.public()
        .filter(methodology_id=pk)
        .select_related("methodology__category__edition")
        .order_by("-published_at", "-pk")
        .first()
    )
    if latest is None:
        raise Http404
    found = latest.methodology
    aspects = _aspects(found)
    context = {
        "methodology": found,
        "edition": found.category.edition,
        "release": latest,
        "aspects": aspects,
        "ranked_total": _ranked_total(aspects),
        "sources": _sources(aspects),
        "tie_breaks": tie_break_words(found, aspects),
    }
    return render(request, "publication/pages/methodology.html", context)


@public_page
def tile_map(request: HttpRequest) -> HttpResponse:
    """The 38 provinces coloured by the coverage of the latest year with data."""
    year = coverage_map.latest_year()
    figures = coverage_map.province_figures(year)
    context = {
        "year": year,
        "figures": figures,
        "legend": coverage_map.legend(),
        "width": str(coverage_map.SIZE * tilemap.COLUMNS),
        "height": str(coverage_map.SIZE * tilemap.ROWS),
    }
    return render(request, "publication/pages/map.html", context)
