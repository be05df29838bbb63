"""From ranking to decision: one POST on the run page names juara 1–3 (or the
national finalists and winners) in the computed order, or in an order chosen with
a reason. Refusals answer 400 with the run page and the reason; nothing changes."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from review.refusals import ReviewError
from scoring.models import Decision, RankingRun
from scoring.services.decisions import (
    ORDERED,
    computed_order,
    decide,
    places_for,
)
from scoring.views.runs import run_context, visible_run

COUNT = re.compile(r"[0-9]{1,4}")


def _computed(run: RankingRun, outcome: str, count: str) -> list[str]:
    """The computed order: the ordered places, or the first `count` finalists."""
    if outcome in ORDERED:
        size = places_for(run, outcome)
    else:
        if not COUNT.fullmatch(count) or not 1 <= int(count) <= len(run.ranked):
            raise ReviewError(
                _("Give how many finalists: a whole number from 1 to %(most)s.")
                % {"most": len(run.ranked)}
            )
        size = int(count)
    order = computed_order(run, outcome, size)
    if order is None:
        raise ReviewError(
            _(
                "Candidates share a rank where the places are cut: choose the order "
                "and give the reason."
            )
        )
    return order


def _chosen(request: HttpRequest, run: RankingRun, outcome: str) -> list[str]:
    """The order chosen: a candidate per place, or the finalists ticked (in the
    run's order)."""
    if outcome in ORDERED:
        places = range(1, places_for(run, outcome) + 1)
        return [request.POST.get(f"place_{place}", "") for place in places]
    ticked = set(request.POST.getlist("finalist"))
    chosen = [e["key"] for e in run.ranked if e["key"] in ticked]
    if len(chosen) != len(ticked):
        raise ReviewError(_("Choose among the candidates ranked in this run."))
    return chosen


def _order(request: HttpRequest, run: RankingRun, outcome: str) -> list[str]:
    mode = request.POST.get("mode", "")
    if mode == "computed":
        return _computed(run, outcome, request.POST.get("count", ""))
    if mode == "choose":
        return _chosen(request, run, outcome)
    raise ReviewError(_("Choose the computed order or your own."))


@login_required
@require_POST
def run_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the decision the form asks for from the run; 400 with why if refused."""
    run = visible_run(request, pk)
    outcome = request.POST.get("outcome", "")
    try:
        if outcome not in Decision.Outcome.values:
            raise ReviewError(_("Choose what to decide."))
        order = _order(request, run, outcome)
        decisions = decide(
            run, outcome, order, by=request.user, reason=request.POST.get("reason", "")
        )
    except ReviewError as refusal:
        context = {**run_context(request, run), "decision_error": str(refusal)}
        return render(request, "scoring/run_detail.html", context, status=400)
    messages.success(
        request,
        _("%(outcome)s decided for %(count)s candidates.")
        % {"outcome": Decision.Outcome(outcome).label, "count": len(decisions)},
    )
    return redirect(run)
