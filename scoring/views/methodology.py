"""Public, read-only methodology pages: an edition's methodologies, one version's
criteria tree, and its JSON document."""

from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from nominations.models import Edition
from scoring.methodology_json import dumps, to_document
from scoring.models import Aspect, Criterion, Methodology


def methodology_list(request: HttpRequest, year: int) -> HttpResponse:
    edition = get_object_or_404(Edition, award_year=year)
    methodologies = Methodology.objects.for_edition(edition).select_related("category")
    context = {"edition": edition, "methodologies": methodologies}
    return render(request, "scoring/methodology_list.html", context)


def methodology_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version's aspects and criteria with weights, sources and normalisation."""
    methodology = get_object_or_404(
        Methodology.objects.select_related("category__edition"), pk=pk
    )
    aspects = list(
        methodology.aspects.prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.prefetch_related("levels"))
        )
    )
    context = {
        "methodology": methodology,
        "edition": methodology.category.edition,
        "aspects": aspects,
        "ranked_total": _ranked_total(aspects),
    }
    return render(request, "scoring/methodology_detail.html", context)


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


def methodology_json(request: HttpRequest, pk: int) -> HttpResponse:
    methodology = get_object_or_404(Methodology, pk=pk)
    response = HttpResponse(
        dumps(to_document(methodology)), content_type="application/json"
    )
    name = f"metodologi-{methodology.pk}-v{methodology.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
