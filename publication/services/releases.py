"""Publishing a final ranking run as a release, and correcting one.

A release freezes what the public sees (`publication.snapshot`); publishing also
keeps the run's methodology frozen. The first release of a scope needs only its
changelog entry; a later one is a correction and needs its reason. Refused: desk
and zone runs, a run whose inputs changed since (stale), the run that is already
the scope's latest release, an embargo in the past or more than a year ahead.
Refusals that stem from the state of the scope (a stale run, the run already
published) are `ReleaseConflictError`s: the request was fine, the moment is not."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.models import Category
from publication import cache, snapshot
from publication.models import Release
from review.refusals import ReviewError, clean_text
from scoring.models import RankingRun
from scoring.services.methodology import freeze
from scoring.services.runs import stale_reasons

TEXT_LIMIT = 2000
# An embargo further ahead is a typing error, not a plan.
LONGEST_EMBARGO = timedelta(days=366)


class ReleaseConflictError(ReviewError):
    """The run cannot be published in the scope's present state (stale, or already
    its latest release)."""


def latest_release(category: Any, province: Any) -> Release | None:
    """The scope's newest release, embargoed or not."""
    return Release.objects.in_scope(category, province).order_by("-number").first()


def _check_run(run: RankingRun) -> None:
    if run.stage != RankingRun.Stage.FINAL:
        raise ReviewError(
            _("Only a final ranking (after the interviews) can be published.")
        )
    if run.zone_id:
        raise ReviewError(
            _("A zone ranking is not published; publish the national one.")
        )
    if stale_reasons(run):
        raise ReleaseConflictError(
            _(
                "Data or the methodology changed since this ranking run: compute the "
                "ranking again and publish the new run."
            )
        )


def _check_latest(run: RankingRun, previous: Release | None) -> None:
    if previous is not None and previous.run_id == run.pk:
        raise ReleaseConflictError(_("This ranking run is already the latest release."))


def _check_embargo(embargo_until: datetime | None) -> None:
    if embargo_until is None:
        return
    now = timezone.now()
    if embargo_until <= now:
        raise ReviewError(_("The embargo time has passed: choose a later time."))
    if embargo_until > now + LONGEST_EMBARGO:
        raise ReviewError(_("An embargo ends within a year: choose an earlier time."))


def refusal(run: RankingRun) -> ReviewError | None:
    """Why the run cannot be published now (None: it can), for the publishing
    page to say before anyone fills in the form."""
    try:
        _check_run(run)
        _check_latest(run, latest_release(run.category_id, run.province_id))
    except ReviewError as refused:
        return refused
    return None


def publish(
    run: RankingRun,
    *,
    by: Any,
    changelog: str,
    embargo_until: datetime | None = None,
    reason: str = "",
    demo: bool = False,
) -> Release:
    """Publish the run as its scope's next release (`demo`: made-up data, which
    every page showing it says)."""
    if not by.has_perm("publication.publish_release", run):
        raise PermissionDenied(_("You may not publish this ranking."))
    _check_run(run)
    _check_embargo(embargo_until)
    changelog = clean_text(changelog, field=_("changelog entry"), limit=TEXT_LIMIT)
    with transaction.atomic():
        # One publisher at a time per category: numbers never collide.
        Category.objects.select_for_update().get(pk=run.category_id)
        previous = latest_release(run.category_id, run.province_id)
        _check_latest(run, previous)
        reason = clean_text(
            reason,
            field=_("reason for the correction"),
            limit=TEXT_LIMIT,
            required=previous is not None,
        )
        freeze(run.methodology)
        release = Release.objects.create(
            run=run,
            edition_id=run.edition_id,
            category_id=run.category_id,
            province_id=run.province_id,
            methodology_id=run.methodology_id,
            number=1 if previous is None else previous.number + 1,
            supersedes=previous,
            changelog=changelog,
            correction_reason=reason,
            embargo_until=embargo_until,
            snapshot=snapshot.build(run),
            is_demo=demo,
            published_by=by,
        )
        transaction.on_commit(cache.bump)
    return release
