"""The "what if" page of a ranking run: other weights or normalisations tried on
the run's inputs, the new ranks beside the run's, live through a JSON preview or
by a plain submit without script; the national admin saves them as the next
methodology version."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import localize, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from scoring import whatif
from scoring.methodology_json import DocumentError
from scoring.models import Criterion, Methodology, RankingRun
from scoring.services.runs import current_methodology, run_scope


def _run(request: HttpRequest, pk: int) -> RankingRun:
    run = get_object_or_404(
        RankingRun.objects.select_related(
            "edition", "category", "province", "methodology"
        ),
        pk=pk,
    )
    if not request.user.has_perm("scoring.try_weights", run):
        raise PermissionDenied
    return run


def _tried(run: RankingRun, data: Any) -> dict[str, Any]:
    """The run's methodology document with the posted settings (WhatIfError)."""
    return whatif.apply_settings(whatif.run_document(run), data)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def whatif_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's settings as a form and the ranking they give; a POST (the
    "recompute" button, for browsers without script) shows the tried ranking."""
    run = _run(request, pk)
    document = whatif.run_document(run)
    if request.method != "POST":
        return _page(request, run, document)
    try:
        document = _tried(run, request.POST)
    except whatif.WhatIfError as error:
        return _page(request, run, document, reasons=error.reasons, status=400)
    return _page(request, run, document)


@login_required
@require_POST
def whatif_preview(request: HttpRequest, pk: int) -> JsonResponse:
    """The tried ranking as JSON for the page's script; 400 with the reasons."""
    run = _run(request, pk)
    try:
        document = _tried(run, request.POST)
    except whatif.WhatIfError as error:
        return JsonResponse({"errors": error.reasons}, status=400)
    comparison = whatif.compare(run, document)
    return JsonResponse(
        {
            "errors": [],
            "weight_sum": localize(comparison.weight_sum),
            "sums_to_hundred": comparison.sums_to_hundred,
            "rows": [_row_json(row) for row in comparison.rows],
        }
    )


@login_required
@require_POST
def whatif_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the tried settings as the next methodology version (national admin)."""
    run = _run(request, pk)
    if not request.user.has_perm("scoring.save_weights", run):
        raise PermissionDenied
    document = whatif.run_document(run)
    try:
        document = _tried(run, request.POST)
    except whatif.WhatIfError as error:
        return _page(request, run, document, reasons=error.reasons, status=400)
    if whatif.is_unchanged(run, document):
        reason = _("Nothing changed: these are the settings of the run's version.")
        return _page(request, run, document, reasons=[reason], status=400)
    try:
        saved = whatif.save_whatif(run, document)
    except DocumentError as error:
        reasons = [finding.message for finding in error.findings]
        return _page(request, run, document, reasons=reasons, status=400)
    messages.success(
        request,
        _("Your weights are saved as version %(version)s of the methodology.")
        % {"version": saved.version},
    )
    return redirect(saved)


@login_required
def whatif_for_methodology(request: HttpRequest, pk: int) -> HttpResponse:
    """The what-if page of the newest run the user may open that used this
    methodology version; back to the version with a note when there is none."""
    methodology = get_object_or_404(Methodology, pk=pk)
    runs = RankingRun.objects.filter(methodology=methodology).order_by("-pk")
    for run in runs.only("pk", "province_id").iterator():
        if request.user.has_perm("scoring.try_weights", run):
            return redirect("scoring:whatif", run.pk)
    messages.info(
        request,
        _("No ranking run you may open used this version yet: compute one first."),
    )
    return redirect(methodology)


def _page(
    request: HttpRequest,
    run: RankingRun,
    document: dict[str, Any],
    *,
    reasons: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    # Refused settings show the run's own ranking beside the reasons.
    shown = whatif.run_document(run) if reasons else document
    comparison = whatif.compare(run, shown)
    context = {
        "run": run,
        "area": run.province_id or "nasional",
        "criteria": _criteria(document, request.POST if reasons else None),
        "comparison": comparison,
        "rows": [_row_json(row) for row in comparison.rows],
        "reasons": reasons or [],
        "newer": _newer(run),
        "may_save": request.user.has_perm("scoring.save_weights", run),
    }
    return render(request, "scoring/whatif.html", context, status=status)


def _criteria(document: dict[str, Any], posted: Any) -> list[dict[str, Any]]:
    """Each criterion with the normalisations it may use, labelled, and the values
    posted (shortened) kept in the form when they were refused."""
    labels = dict(Criterion.Normalisation.choices)
    return [
        {
            **criterion,
            **_posted(criterion["code"], posted),
            "choices": [(v, labels[v]) for v in whatif.normalisations_for(criterion)],
        }
        for criterion in whatif.criteria_of(document)
    ]


def _posted(code: str, posted: Any) -> dict[str, str]:
    if posted is None:
        return {}
    found = {name: posted.get(f"{name}-{code}") for name in whatif.FIELDS}
    return {name: value[:30] for name, value in found.items() if value is not None}


def _newer(run: RankingRun) -> Methodology | None:
    """A newer version of the run's methodology, if one exists."""
    current = current_methodology(run_scope(run))
    return current if current.pk != run.methodology_id else None


def _row_json(row: whatif.Row) -> dict[str, Any]:
    """A row as the page and the script show it: numbers in the page's format."""
    return {
        "key": row.key,
        "name": row.name,
        "new_rank": row.new_rank,
        "old_rank": row.old_rank,
        "new_total": _total(row.new_total),
        "old_total": _total(row.old_total),
        **_move(row.move),
    }


def _total(total: Decimal | None) -> str:
    """A total to its four places (a bundle writes 43.75 for 43.7500)."""
    return "—" if total is None else number_format(total, decimal_pos=4)


def _move(move: int) -> dict[str, str]:
    """The arrow (▲2, ▼1, =), its spoken label and its badge class."""
    if move > 0:
        label = ngettext("up %(n)s place", "up %(n)s places", move) % {"n": move}
        return {"arrow": f"▲{move}", "label": label, "tone": "approved"}
    if move < 0:
        places = -move
        label = ngettext("down %(n)s place", "down %(n)s places", places) % {
            "n": places
        }
        return {"arrow": f"▼{places}", "label": label, "tone": "verify-rejected"}
    return {"arrow": "=", "label": _("unchanged"), "tone": "draft"}
