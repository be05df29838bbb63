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
from review.filenames import in_language
from review.findings import Finding
from scoring.forms import (
    apply_aggregation,
    apply_tie_breaks,
    tie_break_choices,
    tie_break_rows,
)
from scoring.methodology_json import (
    DocumentError,
    check_document,
    dumps,
    to_document,
)
from scoring.models import Aspect, Criterion, Indicator, Methodology, TieBreak
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
        "tie_breaks": tie_break_words(methodology, aspects),
        "can_edit": request.user.has_perm("scoring.edit_methodology"),
    }
    return render(request, "scoring/methodology_detail.html", context)


@login_required
def methodology_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The weights and the independent flags of every criterion, the sum shown as
    the national admin types, the rubric aggregation and the tie-break chain;
    saving a frozen version makes a new one."""
    if not request.user.has_perm("scoring.edit_methodology"):
        raise PermissionDenied
    methodology = get_object_or_404(
        Methodology.objects.select_related("category__edition"), pk=pk
    )
    document = to_document(methodology)
    findings: list[Finding] = []
    if request.method == "POST":
        _apply(document, request.POST)
        apply_aggregation(document, request.POST)
        findings = apply_tie_breaks(document, request.POST)
        try:
            saved = _save(methodology, document, findings)
        except DocumentError as error:
            findings = error.findings
        else:
            messages.success(request, _saved_message(methodology, saved))
            return redirect(saved)
    return render(
        request,
        "scoring/methodology_edit.html",
        _edit_context(methodology, document, findings),
    )


def _save(
    methodology: Methodology, document: dict[str, Any], findings: list[Finding]
) -> Methodology:
    """The edit saved, or every finding (the form's and the document's) raised."""
    if findings:
        raise DocumentError(findings + check_document(document))
    return edit_methodology(methodology, document)


def _edit_context(
    methodology: Methodology, document: dict[str, Any], findings: list[Finding]
) -> dict[str, Any]:
    return {
        "methodology": methodology,
        "document": document,
        "findings": findings,
        "methods": Methodology.Aggregation.choices,
        "directions": Criterion.Direction.choices,
        "tie_choices": tie_break_choices(document),
        "tie_rows": tie_break_rows(document),
    }


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


INDICATOR_LABELS = dict(Indicator.choices)


def tie_break_words(methodology: Methodology, aspects: list[Aspect]) -> list[str]:
    """Each link of the chain in plain words: "the higher score on WAW.1 …"."""
    names = {c.code: f"{c.code} {c.name}" for a in aspects for c in a.criteria.all()}
    words = []
    for link in methodology.tie_breaks.all():
        if link.by == TieBreak.By.CRITERION:
            what = _("score on %(name)s") % {"name": names.get(link.key, link.key)}
        else:
            what = str(INDICATOR_LABELS.get(link.key, link.key))
        if link.direction == Criterion.Direction.LOWER:
            words.append(_("the lower %(what)s") % {"what": what})
        else:
            words.append(_("the higher %(what)s") % {"what": what})
    return words


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
    stem = in_language("metodologi", "methodology")
    name = f"{stem}-{methodology.pk}-v{methodology.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
