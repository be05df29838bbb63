"""The score sheet's state machine in the kernel's one shape
(`review.transitions`), over the review statuses: the member (or the secretary
keying in a paper sheet) submits, which locks the sheet; the panel's chair reopens
a submitted sheet with a reason. `scoring.services.sheets` takes the moves and
logs each as a `review.models.StatusChange`. A panel's scoring has its own small
machine (`PANEL`): closed once complete, reopened by the chair with a reason."""

from django.utils.translation import gettext_lazy as _

from review.models import ReviewStatus
from review.transitions import Machine, Transition
from scoring.models.panels import Panel

S = ReviewStatus
SHEET = Machine(
    [
        Transition(
            "submit",
            frozenset({S.DRAFT, S.RETURNED}),
            S.SUBMITTED,
            permission="scoring.change_sheet",
            label=_("Submit"),
            denied=_("You may not submit this score sheet."),
        ),
        Transition(
            "reopen",
            frozenset({S.SUBMITTED}),
            S.RETURNED,
            needs_reason=True,
            permission="scoring.reopen_sheet",
            label=_("Reopen"),
            denied=_("Only the panel's chair reopens a score sheet."),
        ),
    ],
    reason_required=_("Say why the sheet is reopened."),
)

P = Panel.ScoringStatus
# A panel's scoring: its secretary (or chair) closes it once every sheet it needs
# is submitted; the chair reopens it with a reason. Logged as `PanelStep`s by
# `scoring.services.closing`.
PANEL = Machine(
    [
        Transition(
            "close",
            frozenset({P.OPEN}),
            P.CLOSED,
            permission="scoring.close_scoring",
            label=_("Close scoring"),
            denied=_("Only the panel's secretary or chair closes its scoring."),
        ),
        Transition(
            "reopen",
            frozenset({P.CLOSED}),
            P.OPEN,
            needs_reason=True,
            permission="scoring.reopen_scoring",
            label=_("Reopen scoring"),
            denied=_("Only the panel's chair reopens its scoring."),
        ),
    ],
    field="scoring_status",
    reason_required=_("Say why scoring is reopened."),
)
