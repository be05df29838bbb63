"""The score sheet's state machine in the kernel's one shape
(`review.transitions`), over the review statuses: the member (or the secretary
keying in a paper sheet) submits, which locks the sheet; the panel's chair reopens
a submitted sheet with a reason. `scoring.services.sheets` takes the moves and
logs each as a `review.models.StatusChange`."""

from django.utils.translation import gettext_lazy as _

from review.models import ReviewStatus
from review.transitions import Machine, Transition

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
