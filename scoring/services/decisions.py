"""From a final ranking run to the award's decisions: the committee names juara 1–3
of its province, the national admin the national finalists and winners, in the
computed order or — with a written reason — in another. Each candidate moves
through the candidate workflow of `nominations` (its guards, its step log), and a
`Decision` row ties the step to the run it was based on."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from nominations.models import Candidate, CandidateStep
from nominations.services.candidates import take_action
from review.refusals import ReviewError
from scoring.models import Decision, RankingRun
from scoring.services.runs import stale_reasons

Outcome = Decision.Outcome
ACTIONS = {
    Outcome.PROVINCIAL_WINNER: "select_winner",
    Outcome.NATIONAL_FINALIST: "make_finalist",
    Outcome.NATIONAL_WINNER: "award_national",
}
# Juara 1–3 and the national winners are three places in order; finalists a set.
PLACES = 3
ORDERED = frozenset({Outcome.PROVINCIAL_WINNER, Outcome.NATIONAL_WINNER})
NATIONAL_TITLES = ("Terbaik I", "Terbaik II", "Terbaik III")
REASON_LIMIT = 2000


def outcomes_for(run: RankingRun) -> list[str]:
    """What may be decided from the run: juara from a provincial final run,
    finalists and winners from a national one; nothing from a desk or zone run."""
    if run.stage != RankingRun.Stage.FINAL or run.zone_id:
        return []
    if run.province_id:
        return [Outcome.PROVINCIAL_WINNER]
    return [Outcome.NATIONAL_FINALIST, Outcome.NATIONAL_WINNER]


def places_for(run: RankingRun, outcome: str) -> int:
    """How many places an ordered outcome gives: three, or fewer if fewer ranked."""
    return min(PLACES, len(run.ranked)) if outcome in ORDERED else len(run.ranked)


def computed_order(run: RankingRun, outcome: str, size: int) -> list[str] | None:
    """The first `size` ranked candidates' keys, or None when shared ranks leave
    the order open (two of the ordered places share a rank, or the last place
    given shares its rank with the first one left out)."""
    ranked = run.ranked
    top = ranked[:size]
    if size < len(ranked) and top and ranked[size]["rank"] == top[-1]["rank"]:
        return None
    ranks = [entry["rank"] for entry in top]
    if outcome in ORDERED and len(set(ranks)) != len(ranks):
        return None
    return [entry["key"] for entry in top]


def _check_run(run: RankingRun, outcome: str) -> None:
    """Refuse a run nothing can be decided from, with why."""
    if run.zone_id:
        raise ReviewError(
            _(
                "A zone ranking informs; decisions are taken on provincial and "
                "national rankings."
            )
        )
    if run.stage != RankingRun.Stage.FINAL:
        raise ReviewError(
            _(
                "A desk ranking supports the shortlist only: decide from a final "
                "ranking, after the interviews."
            )
        )
    if outcome not in outcomes_for(run):
        raise ReviewError(_("This decision is not taken on this ranking."))
    taken = Decision.objects.filter(run=run, outcome=outcome).first()
    if taken is not None:
        raise ReviewError(
            _("This decision was taken from this ranking already, on %(at)s.")
            % {"at": date_format(localtime(taken.decided_at), "DATETIME_FORMAT")}
        )
    if stale_reasons(run):
        raise ReviewError(
            _(
                "This ranking is out of date: compute it again and decide from the "
                "new run."
            )
        )


def _check_order(run: RankingRun, outcome: str, order: Sequence[str]) -> None:
    ranked = {entry["key"] for entry in run.ranked}
    if not order or len(set(order)) != len(order):
        raise ReviewError(_("Choose each candidate once."))
    if any(key not in ranked for key in order):
        raise ReviewError(_("Choose among the candidates ranked in this run."))
    if outcome in ORDERED and len(order) != places_for(run, outcome):
        raise ReviewError(
            _("Fill every place, 1 to %(places)s.")
            % {"places": places_for(run, outcome)}
        )


def is_deviation(run: RankingRun, outcome: str, order: Sequence[str]) -> bool:
    """Whether the order chosen differs from the computed one (an open order
    always needs a reason); finalists are compared as a set."""
    computed = computed_order(run, outcome, len(order))
    if computed is None:
        return True
    if outcome in ORDERED:
        return list(order) != computed
    return set(order) != set(computed)


def _clean_reason(reason: str, *, deviation: bool) -> str:
    reason = reason.strip()
    if deviation and not reason:
        raise ReviewError(
            _(
                "The order differs from the computed ranking (or the ranking leaves it "
                "open): give the reason for it."
            )
        )
    if "\x00" in reason:  # PostgreSQL cannot store it
        raise ReviewError(_("The reason contains a NUL character; remove it."))
    if len(reason) > REASON_LIMIT:
        raise ReviewError(
            _("Keep the reason under %(limit)s characters.") % {"limit": REASON_LIMIT}
        )
    return reason


def _step_reason(run: RankingRun, rank: int, reason: str) -> str:
    text = _("Based on ranking run #%(run)s (rank %(rank)s).") % {
        "run": run.pk,
        "rank": rank,
    }
    if reason:
        text += " " + _("Deviates from the computed order: %(reason)s") % {
            "reason": reason
        }
    return text


def _give(
    run: RankingRun, outcome: str, candidate: Candidate, place: int, **record: Any
) -> Decision:
    """Move one candidate through its workflow and record the decision beside the
    run, linked to the step the move logged."""
    rank = record["computed_rank"]
    moved = take_action(
        candidate,
        ACTIONS[Outcome(outcome)],
        by=record["decided_by"],
        reason=_step_reason(run, rank, record["deviation_reason"]),
        rank=place,
        title=NATIONAL_TITLES[place - 1] if outcome == Outcome.NATIONAL_WINNER else "",
    )
    step = CandidateStep.objects.filter(candidate=moved).latest("pk")
    return Decision.objects.create(
        run=run, candidate=moved, outcome=outcome, place=place, step=step, **record
    )


@transaction.atomic
def decide(
    run: RankingRun,
    outcome: str,
    order: Sequence[str],
    *,
    by: Any,
    reason: str = "",
) -> list[Decision]:
    """Give the outcome to the candidates in `order` (candidate keys, first place
    first) from a final, fresh run; the reason is required when the order is not
    the computed one. All or nothing; returns the decisions written."""
    if not by.has_perm("scoring.decide_ranking", run):
        raise PermissionDenied(_("You do not decide from this ranking."))
    # One decision per run and outcome: the second of two requests waits here.
    list(RankingRun.objects.select_for_update().filter(pk=run.pk).values("pk"))
    _check_run(run, outcome)
    _check_order(run, outcome, order)
    deviation = is_deviation(run, outcome, order)
    reason = _clean_reason(reason, deviation=deviation)
    ranks = {entry["key"]: entry["rank"] for entry in run.ranked}
    candidates = Candidate.objects.in_bulk([int(key) for key in order])
    return [
        _give(
            run,
            outcome,
            candidates[int(key)],
            place,
            computed_rank=ranks[key],
            is_deviation=deviation,
            deviation_reason=reason if deviation else "",
            decided_by=by,
        )
        for place, key in enumerate(order, start=1)
    ]
