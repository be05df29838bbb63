"""Recompute jobs on the ranking pages: the button that queues one at once, and the
job's page with a progress bar that follows it (the upload progress script)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scoring.models import Methodology, RankingRun, RecomputeJob
from scoring.services.jobs import describe, request_recompute
from scoring.views.runs import NATIONAL, scope_of

Cause = RecomputeJob.Cause


@login_required
@require_POST
def recompute(request: HttpRequest, category: int, area: str) -> HttpResponse:
    """Queue a recomputation of the scope at the chosen stage now (no debounce)
    and show its progress."""
    scope = scope_of(request, category, area, "scoring.recompute_ranking")
    if scope.zone is not None:
        # Zone rankings are computed on their page; jobs follow rounds and the
        # national ranking, which the triggers know.
        return HttpResponseBadRequest(
            _("A zone ranking is computed with its own button, not as a job."),
            content_type="text/plain; charset=utf-8",
        )
    stage = request.POST.get("stage", "")
    if stage not in RankingRun.Stage.values:
        return HttpResponseBadRequest(
            _("Choose the desk or the final ranking to recompute."),
            content_type="text/plain; charset=utf-8",
        )
    if Methodology.objects.current(scope.category, scope.tier) is None:
        messages.error(request, _("The category has no methodology to rank by."))
        return redirect("scoring:runs", scope.category.pk, area)
    job = request_recompute(
        scope, stage, cause=Cause.MANUAL, by=request.user, debounce=False
    )
    return redirect(job)


def _job(request: HttpRequest, pk: int) -> RecomputeJob:
    job = get_object_or_404(
        RecomputeJob.objects.select_related(
            "category__edition", "province", "requested_by"
        ),
        pk=pk,
    )
    if not request.user.has_perm("scoring.view_recompute_job", job):
        raise PermissionDenied
    return job


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A recompute job: its progress while it waits or runs, then its outcome."""
    job = _job(request, pk)
    context = {
        "job": job,
        "area": job.province_id or NATIONAL,
        "detail": describe(job),
        "may_recompute": request.user.has_perm(
            "scoring.recompute_ranking", job.province
        ),
    }
    return render(request, "scoring/recompute_job.html", context)


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Where a job is, for the progress bar."""
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.state,
            "status_label": job.get_state_display(),
            "progress": job.progress,
            "done": not job.is_active,
            "detail": describe(job),
        }
    )
