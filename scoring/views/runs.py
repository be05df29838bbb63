"""Ranking pages: the runs of a category in a province's round (or nationally) with
a "compute now" button, one run with its ranks, explanations, incomplete
candidates and stale notice, and its bundle as a JSON download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nominations.models import Candidate, Category
from regions.models import Province
from scoring.adapter import Scope
from scoring.engine.hashing import canonical_json
from scoring.methodology_json import DocumentError
from scoring.models import Criterion, RankingRun
from scoring.services.jobs import current_jobs
from scoring.services.runs import NoMethodologyError, compute_run, stale_reasons

NATIONAL = "nasional"


def scope_of(request: HttpRequest, category: int, area: str, permission: str) -> Scope:
    """The scope named by the address, if the user has the permission over it."""
    found = get_object_or_404(Category.objects.select_related("edition"), pk=category)
    province = None
    if area != NATIONAL:
        # Province codes are ASCII digits; anything else names no province.
        if not (area.isascii() and area.isdigit()):
            raise Http404
        province = get_object_or_404(Province, pk=area)
    # The committee rules read the province (none: a national ranking).
    if not request.user.has_perm(permission, province):
        raise PermissionDenied
    return Scope(found.edition, found, province)


@login_required
def run_list(request: HttpRequest, category: int, area: str) -> HttpResponse:
    """The runs of a category in a round or nationally, newest first."""
    scope = scope_of(request, category, area, "scoring.view_ranking")
    runs = RankingRun.objects.filter(
        category=scope.category, province=scope.province
    ).select_related("methodology", "created_by")
    context = {
        "scope": scope,
        "area": area,
        "runs": runs,
        "may_compute": request.user.has_perm("scoring.compute_ranking", scope.province),
        "stages": RankingRun.Stage.choices,
        "recompute": current_jobs(scope),
    }
    return render(request, "scoring/run_list.html", context)


@login_required
@require_POST
def run_compute(request: HttpRequest, category: int, area: str) -> HttpResponse:
    """Compute the ranking now; the run of the same inputs if it exists."""
    scope = scope_of(request, category, area, "scoring.compute_ranking")
    stage = request.POST.get("stage", "")
    if stage not in RankingRun.Stage.values:
        raise Http404
    try:
        run = compute_run(scope, stage, by=request.user)
    except (NoMethodologyError, DocumentError):
        messages.error(request, _("The category has no valid methodology to rank by."))
        return redirect("scoring:runs", scope.category.pk, area)
    return redirect(run)


def _run(request: HttpRequest, pk: int) -> RankingRun:
    run = get_object_or_404(
        RankingRun.objects.select_related(
            "edition", "category", "province", "methodology", "created_by"
        ),
        pk=pk,
    )
    if not request.user.has_perm("scoring.view_ranking", run):
        raise PermissionDenied
    return run


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One run: ranks, totals, explanations, incomplete candidates, staleness."""
    run = _run(request, pk)
    names = {
        str(c.pk): c.subject_name
        for c in Candidate.objects.filter(
            pk__in=[int(key) for key in run.sources]
        ).select_related("province", "regency", "village", "employer")
    }
    criteria = dict(
        Criterion.objects.filter(aspect__methodology=run.methodology).values_list(
            "code", "name"
        )
    )
    ranked = [
        {
            **entry,
            "name": names.get(entry["key"], entry["key"]),
            "formula": run.explanations[entry["key"]]["formula"],
            "lines": [
                {**line, "name": criteria.get(line["criterion"], "")}
                for line in run.explanations[entry["key"]]["lines"]
            ],
        }
        for entry in run.ranked
    ]
    incomplete = [
        {**entry, "name": names.get(entry["key"], entry["key"])}
        for entry in run.incomplete
    ]
    context = {
        "run": run,
        "area": run.province_id or NATIONAL,
        "ranked": ranked,
        "incomplete": incomplete,
        "stale": stale_reasons(run),
    }
    return render(request, "scoring/run_detail.html", context)


@login_required
def run_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's bundle (inputs, methodology, hash, ranks) for `verify_ranking`."""
    run = _run(request, pk)
    response = HttpResponse(
        canonical_json(run.bundle), content_type="application/json; charset=utf-8"
    )
    filename = f"peringkat-{run.pk}-{run.input_hash[:12]}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
