"""Ranking pages: the runs of a category in a province's round (or nationally) with
a "compute now" button, one run with its ranks, explanations, incomplete
candidates and stale notice, and its bundle as a JSON download."""

import re
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nominations.models import Candidate, Category
from regions.models import Province, Zone
from review.filenames import in_language
from scoring.adapter import Scope
from scoring.engine.hashing import canonical_json
from scoring.methodology_json import DocumentError
from scoring.models import Criterion, RankingRun
from scoring.reasons import reason_text, status_text
from scoring.services.jobs import current_jobs
from scoring.services.runs import NoMethodologyError, compute_run, stale_reasons
from scoring.views.run_sections import decisions_section, diff_section

NATIONAL = "nasional"
ZONE = re.compile(r"zona-([0-9]{1,9})")


def _area(category: Category, area: str) -> tuple[Province | None, Zone | None]:
    """The province, or the zone of the edition's award year, an area names."""
    if area == NATIONAL:
        return None, None
    zone = ZONE.fullmatch(area)
    if zone is not None:
        found = get_object_or_404(
            Zone, pk=int(zone.group(1)), year=category.edition.award_year
        )
        return None, found
    # Province codes are ASCII digits; anything else names no province.
    if not (area.isascii() and area.isdigit()):
        raise Http404
    return get_object_or_404(Province, pk=area), None


def scope_of(request: HttpRequest, category: int, area: str, permission: str) -> Scope:
    """The scope named by the address, if the user has the permission over it."""
    found = get_object_or_404(Category.objects.select_related("edition"), pk=category)
    province, zone = _area(found, area)
    # The committee rules read the province (none: a national or zone ranking).
    if not request.user.has_perm(permission, province):
        raise PermissionDenied
    return Scope(found.edition, found, province, zone)


@login_required
def run_list(request: HttpRequest, category: int, area: str) -> HttpResponse:
    """The runs of a category in a round or nationally, newest first."""
    scope = scope_of(request, category, area, "scoring.view_ranking")
    runs = RankingRun.objects.filter(
        category=scope.category, province=scope.province, zone=scope.zone
    ).select_related("methodology", "created_by")
    national = scope.province is None and scope.zone is None
    context = {
        "scope": scope,
        "area": area,
        "runs": runs,
        "zones": [
            (zone, f"zona-{zone.pk}")
            for zone in Zone.objects.filter(year=scope.edition.award_year)
            if national
        ],
        "may_compute": request.user.has_perm("scoring.compute_ranking", scope.province),
        "stages": RankingRun.Stage.choices,
        "recompute": [] if scope.zone else current_jobs(scope),
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


def visible_run(request: HttpRequest, pk: int) -> RankingRun:
    run = get_object_or_404(
        RankingRun.objects.select_related(
            "edition", "category", "province", "zone", "methodology", "created_by"
        ),
        pk=pk,
    )
    if not request.user.has_perm("scoring.view_ranking", run):
        raise PermissionDenied
    return run


def candidate_names(keys: Iterable[str]) -> dict[str, str]:
    """Candidates' names by key (one query)."""
    return {
        str(c.pk): c.subject_name
        for c in Candidate.objects.filter(
            pk__in=[int(key) for key in keys]
        ).select_related("province", "regency", "village", "employer")
    }


def _line(line: dict[str, Any], criteria: dict[str, str]) -> dict[str, Any]:
    counted = line["status"] == "counted"
    return {
        **line,
        "name": criteria.get(line["criterion"], ""),
        "status_text": "" if counted else status_text(line["status"]),
    }


def run_context(request: HttpRequest, run: RankingRun) -> dict[str, Any]:
    """The run page's context: ranks, explanations, incomplete candidates with
    their reasons as sentences, staleness, the diff and the decisions."""
    previous_keys, diff = diff_section(run)
    names = candidate_names(set(run.sources) | previous_keys)
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
                _line(line, criteria)
                for line in run.explanations[entry["key"]]["lines"]
            ],
        }
        for entry in run.ranked
    ]
    incomplete = [
        {
            **entry,
            "name": names.get(entry["key"], entry["key"]),
            "reason_lines": [(code, reason_text(code)) for code in entry["reasons"]],
        }
        for entry in run.incomplete
    ]
    stale = stale_reasons(run)
    return {
        "run": run,
        "area": run.area,
        "ranked": ranked,
        "incomplete": incomplete,
        "stale": stale,
        "diff": diff.named(names, criteria) if diff else None,
        "decide": decisions_section(request, run, names, stale=bool(stale)),
    }


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One run: ranks, totals, explanations, incomplete candidates, staleness,
    the diff against the previous run and the decisions taken from it."""
    run = visible_run(request, pk)
    return render(request, "scoring/run_detail.html", run_context(request, run))


@login_required
def run_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's bundle (inputs, methodology, hash, ranks) for `verify_ranking`."""
    run = visible_run(request, pk)
    response = HttpResponse(
        canonical_json(run.bundle), content_type="application/json; charset=utf-8"
    )
    stem = in_language("peringkat", "ranking")
    filename = f"{stem}-{run.pk}-{run.input_hash[:12]}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
