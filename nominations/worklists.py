"""What the award asks of whom next: a committee's round, with its stages, and the
national admin's view of the editions. Each read runs a fixed number of queries."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from nominations.models import Candidate, Edition, ProvincialRound, RoundStage
from nominations.selectors import SHORTLISTED_OR_LATER

R = ProvincialRound.Status
# What the committee does next in each stage of its round.
NEXT_ACTIONS: dict[str, StrOrPromise] = {
    R.NOT_STARTED: _("Start the round: its stage dates are taken from the edition."),
    R.DATA_COLLECTION: _(
        "Add the candidates and follow their approved data and dossiers."
    ),
    R.SCORING: _("The assessors score the candidates; follow their progress."),
    R.PLENO: _("Hold the plenary and shortlist the candidates."),
    R.INTERVIEW: _("Plan the interview slots and interview the shortlisted."),
    R.DETERMINATION: _("Determine the provincial winners, then close the round."),
    R.CLOSED: _("The round is closed: nothing more to do."),
}


@dataclass(frozen=True)
class CommitteeRound:
    """A committee's round of the current edition (None: not started yet)."""

    edition: Edition
    round: ProvincialRound | None
    stages: list[RoundStage]
    candidates: int
    shortlisted: int

    @property
    def status(self) -> str:
        return str(self.round.status) if self.round else R.NOT_STARTED

    @property
    def status_label(self) -> StrOrPromise:
        return R(self.status).label

    @property
    def next_action(self) -> StrOrPromise:
        return NEXT_ACTIONS[self.status]


def current_edition() -> Edition | None:
    """The running edition, else the newest one (one query)."""
    running_first = Case(
        When(status=Edition.Status.RUNNING, then=Value(0)), default=Value(1)
    )
    return Edition.objects.order_by(running_first, "-award_year").first()


def committee_round(province_id: str) -> CommitteeRound | None:
    """The province's round of the current edition with its own stage dates and
    candidate counts (four queries); None when there is no edition."""
    edition = current_edition()
    if edition is None:
        return None
    round_ = ProvincialRound.objects.filter(
        edition=edition, province=province_id
    ).first()
    stages = list(round_.stages.all()) if round_ else []
    shortlisted = Q(status__in=SHORTLISTED_OR_LATER)
    counts = Candidate.objects.in_round(edition, province_id).aggregate(
        candidates=Count("pk"), shortlisted=Count("pk", filter=shortlisted)
    )
    return CommitteeRound(edition, round_, stages, **counts)


def edition_rows(limit: int = 5) -> list[dict[str, Any]]:
    """The newest editions with how many provincial rounds run and are closed (one
    query)."""
    editions = Edition.objects.annotate(
        round_count=Count("rounds"),
        closed_count=Count("rounds", filter=Q(rounds__status=R.CLOSED)),
    )[:limit]
    return [
        {
            "edition": edition,
            "rounds": edition.round_count,
            "rounds_closed": edition.closed_count,
        }
        for edition in editions
    ]
