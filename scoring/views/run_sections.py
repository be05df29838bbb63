"""Two sections of the run page, kept apart from the explanation tables: what
changed since the previous run of the same scope and stage, and the decisions
taken (or to take) from the run."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from scoring.models import Decision, RankingRun
from scoring.reasons import reason_text
from scoring.run_diff import Change, Move, RunDiff, RunSide, diff_runs
from scoring.services.decisions import (
    ORDERED,
    computed_order,
    outcomes_for,
    places_for,
)
from scoring.services.runs import previous_run

CHANGE_LABELS = {
    Change.MOVED: _("Moved"),
    Change.ENTERED: _("Entered the ranking"),
    Change.LEFT: _("Left the ranking"),
    Change.INCOMPLETE: _("Became incomplete"),
}
CHANGE_CLASSES = {
    Change.MOVED: "badge--neutral",
    Change.ENTERED: "badge--approved",
    Change.LEFT: "badge--draft",
    Change.INCOMPLETE: "badge--draft",
}
FINALISTS_BY_DEFAULT = 5


@dataclass(frozen=True)
class DiffSection:
    """The previous run and the diff against it, named for the page."""

    previous: RankingRun
    diff: RunDiff

    def named(self, names: dict[str, str], criteria: dict[str, str]) -> dict[str, Any]:
        return {
            "previous": self.previous,
            "methodology_changed": self.diff.methodology_changed,
            "moves": [self._move(move, names, criteria) for move in self.diff.moves],
        }

    @staticmethod
    def _move(
        move: Move, names: dict[str, str], criteria: dict[str, str]
    ) -> dict[str, Any]:
        return {
            "move": move,
            "name": names.get(move.key, move.key),
            "label": CHANGE_LABELS[move.change],
            "badge": CHANGE_CLASSES[move.change],
            "criteria": [
                {"move": c, "name": criteria.get(c.criterion, "")}
                for c in move.criteria
            ],
            "reasons": [reason_text(code) for code in move.reasons],
        }


def diff_section(run: RankingRun) -> tuple[set[str], DiffSection | None]:
    """The candidate keys of the previous run and the diff against it; none when
    this is the scope's first run of its stage."""
    previous = previous_run(run)
    if previous is None:
        return set(), None
    diff = diff_runs(
        RunSide.of(previous.bundle, previous.explanations),
        RunSide.of(run.bundle, run.explanations),
    )
    return set(previous.sources), DiffSection(previous, diff)


def _taken(run: RankingRun, names: dict[str, str]) -> list[dict[str, Any]]:
    found = run.decisions.select_related("decided_by").order_by("outcome", "place")
    return [
        {"decision": d, "name": names.get(str(d.candidate_id), str(d.candidate_id))}
        for d in found
    ]


def _form(run: RankingRun, outcome: str, names: dict[str, str]) -> dict[str, Any]:
    """What the decision form of one outcome shows: the computed order (None when
    shared ranks leave it open) and the ranked candidates to choose from."""
    choices = [
        {"key": e["key"], "rank": e["rank"], "name": names.get(e["key"], e["key"])}
        for e in run.ranked
    ]
    ordered = outcome in ORDERED
    size = places_for(run, outcome) if ordered else len(choices)
    order = computed_order(run, outcome, size) if ordered else None
    return {
        "outcome": outcome,
        "label": Decision.Outcome(outcome).label,
        "ordered": ordered,
        "places": list(range(1, size + 1)) if ordered else [],
        "computed": [c for c in choices if c["key"] in (order or [])],
        "is_open": ordered and order is None,
        "choices": choices,
        "count": min(FINALISTS_BY_DEFAULT, len(choices)),
    }


def decisions_section(
    request: HttpRequest, run: RankingRun, names: dict[str, str], *, stale: bool
) -> dict[str, Any]:
    """The decisions taken from the run and, for whoever may decide, a form per
    outcome still open (none on a stale run: it must be computed again)."""
    taken = _taken(run, names)
    outcomes = outcomes_for(run)
    done = {row["decision"].outcome for row in taken}
    may = request.user.has_perm("scoring.decide_ranking", run)
    forms = []
    if may and not stale and run.ranked:
        forms = [_form(run, o, names) for o in outcomes if o not in done]
    return {
        "applies": bool(outcomes),
        "taken": taken,
        "forms": forms,
        "may": may,
    }
