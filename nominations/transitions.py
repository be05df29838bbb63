"""The award's state machines in the kernel's one shape (`review.transitions`):
candidates, provincial rounds and dossier verification. Each table says which action
leads from which states to which, who may take it (a permission in `rules.py`, asked
with the record) and whether it needs a reason. The services in
`nominations.services` take the moves and log each as a `Step` row (`CandidateStep`,
`RoundStep`, `VerificationStep`): who, when, from, to, why."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from nominations.models import Candidate, ProvincialRound, Stage, Verification
from review.transitions import Machine, Transition

S = Candidate.Status
PROVINCIAL = Stage.Tier.PROVINCIAL
NATIONAL = Stage.Tier.NATIONAL
RUN_ROUND = "nominations.run_round"
RUN_NATIONAL_ROUND = "nominations.run_national_round"
NOT_THIS_PROVINCE = _("You do not run this province's round.")
NATIONAL_ONLY = _("Only the national admin decides the national round.")


@dataclass(frozen=True, kw_only=True)
class CandidateTransition(Transition):
    """A candidate's action, taken at a tier: a provincial one while the province's
    round is open, a national one while the edition is."""

    tier: str


def _provincial(
    name: str, label: StrOrPromise, sources: set[str], target: str, **options: bool
) -> CandidateTransition:
    return CandidateTransition(
        name,
        frozenset(sources),
        target,
        label=label,
        permission=RUN_ROUND,
        denied=NOT_THIS_PROVINCE,
        tier=PROVINCIAL,
        **options,
    )


def _national(
    name: str, label: StrOrPromise, sources: set[str], target: str
) -> CandidateTransition:
    return CandidateTransition(
        name,
        frozenset(sources),
        target,
        label=label,
        permission=RUN_NATIONAL_ROUND,
        denied=NATIONAL_ONLY,
        tier=NATIONAL,
    )


CANDIDATE = Machine(
    [
        _provincial("shortlist", _("Shortlist"), {S.CANDIDATE}, S.SHORTLISTED),
        _provincial(
            "return",
            _("Return for more information"),
            {S.CANDIDATE, S.SHORTLISTED},
            S.RETURNED,
            needs_reason=True,
        ),
        _provincial("resubmit", _("Take back as candidate"), {S.RETURNED}, S.CANDIDATE),
        _provincial(
            "mark_interviewed", _("Mark as interviewed"), {S.SHORTLISTED}, S.INTERVIEWED
        ),
        _provincial(
            "select_winner",
            _("Name provincial winner"),
            {S.INTERVIEWED},
            S.PROVINCIAL_WINNER,
        ),
        _provincial(
            "not_select",
            _("Not selected"),
            {S.SHORTLISTED, S.INTERVIEWED},
            S.NOT_SELECTED,
        ),
        _provincial(
            "advance", _("Advance to national"), {S.PROVINCIAL_WINNER}, S.ADVANCED
        ),
        _national(
            "make_finalist", _("National finalist"), {S.ADVANCED}, S.NATIONAL_FINALIST
        ),
        _national(
            "award_national",
            _("Name national winner"),
            {S.NATIONAL_FINALIST},
            S.NATIONAL_WINNER,
        ),
    ],
    reason_required=_("Give a reason, so that the region knows what to add."),
)
ADVANCED_STATUSES = frozenset({S.ADVANCED, S.NATIONAL_FINALIST, S.NATIONAL_WINNER})

R = ProvincialRound.Status
OPEN_ROUND = frozenset(status for status in R.values if status != R.CLOSED)
CHANGE_ROUND = "nominations.change_round_status"
# The committee (or the national admin) sets any open stage and closes the round;
# reopening undoes a closed round's results, so only the national admin does it,
# with a reason, back to the last stage (the rule of `CHANGE_ROUND` in rules.py).
ROUND = Machine(
    [
        *(
            Transition(
                f"set_{stage}",
                OPEN_ROUND - {stage},
                stage,
                permission=CHANGE_ROUND,
                label=R(stage).label,
                denied=NOT_THIS_PROVINCE,
            )
            for stage in R.values
            if stage != R.CLOSED
        ),
        Transition(
            "close",
            OPEN_ROUND,
            R.CLOSED,
            permission=CHANGE_ROUND,
            label=R.CLOSED.label,
            denied=NOT_THIS_PROVINCE,
        ),
        Transition(
            "reopen",
            frozenset({R.CLOSED}),
            R.DETERMINATION,
            needs_reason=True,
            permission=CHANGE_ROUND,
            label=_("Reopen the round"),
            denied=_(
                "Only the national admin reopens a closed round, giving a reason."
            ),
        ),
    ],
    reason_required=_("Give a reason for reopening the round."),
)

V = Verification
VERIFY_DOSSIER = "nominations.verify_dossier"
# A verifier's verdicts; new evidence sends a checked innovation back to "not
# verified yet" (`reset`, taken by whoever may add the evidence).
VERIFICATION = Machine(
    [
        Transition(
            "verify",
            frozenset({V.UNVERIFIED, V.REJECTED}),
            V.VERIFIED,
            permission=VERIFY_DOSSIER,
            label=_("Verified"),
        ),
        Transition(
            "reject",
            frozenset({V.UNVERIFIED, V.VERIFIED}),
            V.REJECTED,
            needs_reason=True,
            permission=VERIFY_DOSSIER,
            label=_("Rejected"),
        ),
        Transition(
            "reset",
            frozenset({V.VERIFIED, V.REJECTED}),
            V.UNVERIFIED,
            permission="nominations.edit_dossier",
        ),
    ],
    field="verification",
    reason_required=_("Give a reason, so that the committee knows what to fix."),
)
VERDICTS: dict[str, str] = {V.VERIFIED: "verify", V.REJECTED: "reject"}
