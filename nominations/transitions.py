"""The only ways a candidate's status may change: each action, the statuses it starts
from, where it leads, at which tier it is taken, and whether it needs a reason."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from nominations.models import Candidate, Stage

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
