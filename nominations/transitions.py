"""The only ways a candidate's status and a provincial round's stage may change: each
action, the statuses it starts from, where it leads, at which tier it is taken, and
whether it needs a reason."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from nominations.models import Candidate, ProvincialRound, Stage

S = Candidate.Status
PROVINCIAL = Stage.Tier.PROVINCIAL
NATIONAL = Stage.Tier.NATIONAL


@dataclass(frozen=True)
class Transition:
    """One action on a candidate."""

    name: str
    label: StrOrPromise
    sources: frozenset[str]
    target: str
    tier: str
    needs_reason: bool = False


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "shortlist",
            _("Shortlist"),
            frozenset({S.CANDIDATE}),
            S.SHORTLISTED,
            PROVINCIAL,
        ),
        Transition(
            "return",
            _("Return for more information"),
            frozenset({S.CANDIDATE, S.SHORTLISTED}),
            S.RETURNED,
            PROVINCIAL,
            needs_reason=True,
        ),
        Transition(
            "resubmit",
            _("Take back as candidate"),
            frozenset({S.RETURNED}),
            S.CANDIDATE,
            PROVINCIAL,
        ),
        Transition(
            "mark_interviewed",
            _("Mark as interviewed"),
            frozenset({S.SHORTLISTED}),
            S.INTERVIEWED,
            PROVINCIAL,
        ),
        Transition(
            "select_winner",
            _("Name provincial winner"),
            frozenset({S.INTERVIEWED}),
            S.PROVINCIAL_WINNER,
            PROVINCIAL,
        ),
        Transition(
            "not_select",
            _("Not selected"),
            frozenset({S.SHORTLISTED, S.INTERVIEWED}),
            S.NOT_SELECTED,
            PROVINCIAL,
        ),
        Transition(
            "advance",
            _("Advance to national"),
            frozenset({S.PROVINCIAL_WINNER}),
            S.ADVANCED,
            PROVINCIAL,
        ),
        Transition(
            "make_finalist",
            _("National finalist"),
            frozenset({S.ADVANCED}),
            S.NATIONAL_FINALIST,
            NATIONAL,
        ),
        Transition(
            "award_national",
            _("Name national winner"),
            frozenset({S.NATIONAL_FINALIST}),
            S.NATIONAL_WINNER,
            NATIONAL,
        ),
    )
}
ADVANCED_STATUSES = frozenset({S.ADVANCED, S.NATIONAL_FINALIST, S.NATIONAL_WINNER})


def available(status: str) -> list[Transition]:
    """The actions a candidate in this status can take, in order."""
    return [t for t in TRANSITIONS.values() if status in t.sources]


R = ProvincialRound.Status
OPEN_ROUND = frozenset(status for status in R.values if status != R.CLOSED)


@dataclass(frozen=True)
class RoundMove:
    """One way a provincial round's stage may change."""

    name: str
    sources: frozenset[str]
    targets: frozenset[str]
    needs_reason: bool = False


ROUND_MOVES = (
    RoundMove("set_stage", OPEN_ROUND, OPEN_ROUND),
    RoundMove("close", OPEN_ROUND, frozenset({R.CLOSED})),
    # Reopening undoes a closed round's results: the national admin, with a reason
    # (`nominations.change_round_status` in rules.py).
    RoundMove("reopen", frozenset({R.CLOSED}), OPEN_ROUND, needs_reason=True),
)


def round_move(source: str, target: str) -> RoundMove | None:
    """The move from one round stage to another, or None if there is none."""
    for move in ROUND_MOVES:
        if source in move.sources and target in move.targets:
            return move
    return None
