"""Closing a panel's scoring once every sheet it needs is submitted, and the
chair reopening it with a reason. Each move is logged as a `PanelStep`; while
scoring is closed no sheet of the panel is saved, submitted, keyed in or
reopened (the rules read `Panel.is_scoring_closed`)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from review.refusals import ReviewError
from scoring.models import Panel, PanelStep, ScoreSheet
from scoring.models.panels import REASON_MAX_LENGTH
from scoring.progress import ProgressCell, progress
from scoring.transitions import PANEL


class IncompleteScoringError(ReviewError):
    """Scoring cannot close: these sheets are not submitted."""

    def __init__(self, missing: list[ProgressCell]) -> None:
        super().__init__(
            ngettext(
                "Scoring cannot close: %(count)d score sheet is not submitted yet.",
                "Scoring cannot close: %(count)d score sheets are not submitted yet.",
                len(missing),
            )
            % {"count": len(missing)}
        )
        self.missing = missing


@transaction.atomic
def close_scoring(panel: Panel, *, by: Any) -> Panel:
    """Close the panel's scoring, recording who and when; refuses while a sheet
    the panel needs is not submitted (IncompleteScoringError lists them)."""
    locked = _lock(panel)
    _check(locked, "close", by=by)
    # Lock the panel's sheets so that none is submitted or reopened meanwhile.
    sheets = ScoreSheet.objects.filter(member__panel=locked).order_by("pk")
    list(sheets.select_for_update(of=("self",)).values_list("pk", flat=True))
    missing = progress(locked).missing
    if missing:
        raise IncompleteScoringError(missing)
    locked.is_scoring_closed = True
    locked.scoring_closed_at = timezone.now()
    locked.scoring_closed_by = by
    return _log(locked, panel, "close", by=by)


@transaction.atomic
def reopen_scoring(panel: Panel, *, by: Any, reason: str) -> Panel:
    """The chair reopens the panel's scoring, with a reason."""
    locked = _lock(panel)
    _check(locked, "reopen", by=by, reason=reason)
    locked.is_scoring_closed = False
    locked.scoring_closed_at = None
    locked.scoring_closed_by = None
    return _log(locked, panel, "reopen", by=by, reason=reason)


def _lock(panel: Panel) -> Panel:
    return (
        Panel.objects.select_for_update(of=("self",))
        .select_related("edition", "round__province")
        .get(pk=panel.pk)
    )


def _check(panel: Panel, action: str, *, by: Any, reason: str = "") -> None:
    transition = PANEL.get(action)
    if not by.has_perm(transition.permission, panel):
        raise PermissionDenied(str(transition.denied))
    PANEL.check(panel, action, reason=reason)
    if len(reason.strip()) > REASON_MAX_LENGTH:
        raise ReviewError(
            _("Keep the reason under %(max)d characters.") % {"max": REASON_MAX_LENGTH}
        )


def _log(
    locked: Panel, onto: Panel, action: str, *, by: Any, reason: str = ""
) -> Panel:
    """Save the move on the locked panel, log it and copy it onto `onto`."""
    transition = PANEL.get(action)
    PanelStep.objects.create(
        panel=locked,
        action=action,
        from_status=min(transition.sources),
        to_status=transition.target,
        by=by,
        reason=reason.strip(),
    )
    fields = ["is_scoring_closed", "scoring_closed_at", "scoring_closed_by"]
    locked.save(update_fields=fields)
    for name in ("is_scoring_closed", "scoring_closed_at", "scoring_closed_by_id"):
        setattr(onto, name, getattr(locked, name))
    return onto
