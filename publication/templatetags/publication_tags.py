"""The run page's publication section: the releases made from a run, and whether
the user may publish it. A template library, so that scoring's Python never
imports publication (the run page only loads these tags)."""

from typing import Any

from django import template
from django.utils import timezone

from publication.models import Release
from publication.release_status import ReleaseStatus, status_of
from scoring.models import RankingRun

register = template.Library()


@register.simple_tag
def run_releases(run: RankingRun) -> list[tuple[Release, ReleaseStatus]]:
    """The releases of the run, oldest first, each with its status (one query)."""
    found = (
        Release.objects.filter(run=run)
        .select_related("superseded_by", "published_by")
        .defer("snapshot", "superseded_by__snapshot")
        .order_by("number")
    )
    now = timezone.now()
    return [(release, status_of(release, now)) for release in found]


@register.simple_tag
def may_publish(user: Any, run: RankingRun) -> bool:
    """A final, non-zone run, and a user the rules let publish it."""
    return (
        run.stage == RankingRun.Stage.FINAL
        and not run.zone_id
        and user.has_perm("publication.publish_release", run)
    )
