"""Public, read-only methodology pages: an edition's methodologies, one version's
criteria tree, and its JSON document."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from nominations.models import Edition
from scoring.methodology_json import DocumentError, dumps, to_document
from scoring.models import Aspect, Criterion, Methodology
from scoring.services.methodology import edit_methodology


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
        "can_edit": request.user.has_perm("scoring.edit_methodology"),
    }
    return render(request, "scoring/methodology_detail.html", context)


@login_required
def methodology_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The weights and the independent flags of every criterion, the sum shown as
    the national admin types; saving a frozen version makes a new one."""
    if not request.user.has_perm("scoring.edit_methodology"):
        raise PermissionDenied
    methodology = get_object_or_404(
        Methodology.objects.select_related("category__edition"), pk=pk
    )
    document = to_document(methodology)
    findings = []
    if request.method == "POST":
        _apply(document, request.POST)
        try:
            saved = edit_methodology(methodology, document)
        except DocumentError as error:
            findings = error.findings
        else:
            messages.success(request, _saved_message(methodology, saved))
            return redirect(saved)
    context = {"methodology": methodology, "document": document, "findings": findings}
    return render(request, "scoring/methodology_edit.html", context)


def _apply(document: dict[str, Any], data: Any) -> None:
    """Put the posted weights (a decimal comma is read as a point) and flags into
    the document; the document's checks judge them."""
    for aspect in document["aspects"]:
        for criterion in aspect["criteria"]:
            code = criterion["code"]
            weight = data.get(f"weight-{code}", "").strip().replace(",", ".")
            criterion["weight"] = weight
            criterion["independent"] = data.get(f"independent-{code}") == "on"


def _saved_message(before: Methodology, saved: Methodology) -> str:
    if saved.pk == before.pk:
        return _("The methodology is saved.")
    return _(
        "Version %(old)s is frozen and stays as it is; your changes are version "
        "%(new)s."
    ) % {"old": before.version, "new": saved.version}


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
