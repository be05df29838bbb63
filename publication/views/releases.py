"""Publishing pages: publish a final ranking run as its scope's next release (or a
correction of the current one), and the list of releases a user manages with each
one's status in words. Refusals answer on the form: 400, or 409 when the scope's
state stands in the way (a stale run, a run already published); nothing is
written."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_national_admin, is_provincial_committee
from nominations.models import Candidate
from publication.forms import PublishForm
from publication.models import Release
from publication.release_status import status_of, wib
from publication.services.releases import (
    ReleaseConflictError,
    latest_release,
    publish,
    refusal,
)
from review.refusals import ReviewError
from scoring.models import RankingRun

PAGE_SIZE = 25
# How much of the ranking the publishing page shows.
TOP = 10


def _run(request: HttpRequest, pk: int) -> RankingRun:
    """The run, if the user may publish it (the rules read its province)."""
    run = get_object_or_404(
        RankingRun.objects.select_related(
            "edition", "category", "province", "zone", "methodology"
        ),
        pk=pk,
    )
    if not request.user.has_perm("publication.publish_release", run):
        raise PermissionDenied
    return run


def _top(run: RankingRun) -> list[dict[str, Any]]:
    """The first ranked candidates with their names (one query)."""
    entries = run.ranked[:TOP]
    found = Candidate.objects.filter(
        pk__in=[int(e["key"]) for e in entries]
    ).select_related("province", "regency", "village", "employer")
    names = {str(c.pk): c.subject_name for c in found}
    return [{**e, "name": names.get(e["key"], e["key"])} for e in entries]


def _attempt(request: HttpRequest, run: RankingRun, form: PublishForm) -> Release | int:
    """The release, or the status of the refusal (written on the form)."""
    if not form.is_valid():
        return 400
    data = form.cleaned_data
    try:
        return publish(
            run,
            by=request.user,
            changelog=data["changelog"],
            embargo_until=data["embargo_until"],
            reason=data.get("reason", ""),
        )
    except ReviewError as refused:
        form.add_error(None, str(refused))
        return 409 if isinstance(refused, ReleaseConflictError) else 400


@login_required
def publish_run(request: HttpRequest, run_pk: int) -> HttpResponse:
    """What will be published and the form; POST publishes."""
    run = _run(request, run_pk)
    current = latest_release(run.category_id, run.province_id)
    posted = request.POST if request.method == "POST" else None
    form = PublishForm(posted, correcting=current is not None)
    status = 200
    if request.method == "POST":
        outcome = _attempt(request, run, form)
        if isinstance(outcome, Release):
            messages.success(request, _published(outcome))
            return redirect("releases:list")
        status = outcome
    context = {
        "run": run,
        "top": _top(run),
        "current": current,
        "current_status": status_of(current) if current else None,
        "refusal": None if request.method == "POST" else refusal(run),
        "form": form,
    }
    return render(request, "publication/releases/publish.html", context, status=status)


def _published(release: Release) -> str:
    if release.embargo_until is not None:
        return _(
            "Release %(number)s is published, under embargo: the public sees it "
            "from %(when)s."
        ) % {"number": release.number, "when": wib(release.embargo_until)}
    return _("Release %(number)s is published and public.") % {"number": release.number}


def _managed(user: Any) -> QuerySet[Release]:
    """The releases the user manages: every one for the national admin, its
    province's for a committee."""
    releases = Release.objects.all()
    if user.is_superuser or is_national_admin(user):
        return releases
    if is_provincial_committee(user):
        return releases.filter(province_id=user.province_id)
    return releases.none()


@login_required
def release_list(request: HttpRequest) -> HttpResponse:
    """The releases the user manages, newest first, each with its status."""
    if not request.user.has_perm("publication.manage_releases"):
        raise PermissionDenied
    releases = (
        _managed(request.user)
        .select_related("edition", "category", "province", "published_by")
        .select_related("superseded_by")
        .defer("snapshot", "superseded_by__snapshot")
    )
    page = Paginator(releases, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [{"release": r, "status": status_of(r, now)} for r in page]
    return render(
        request, "publication/releases/list.html", {"page": page, "rows": rows}
    )
