"""One shape for every state machine of the portal: a table of `Transition`s held by
a `Machine`. Each transition names an action, the states it starts from, the state
it leads to, whether it needs a reason and the permission that allows it.

Tables today: the review of reported data (`review.workflow.REVIEW`), candidates,
provincial rounds and dossier verification (`nominations.transitions`). Every move
is logged as a row of a `review.models.Step` subclass (the review's own log is
`StatusChange`, with the same from/to/by/at/reason fields) by the service that
takes it; the machine itself only decides."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from review.refusals import ReviewError, noun

GIVE_A_REASON = gettext_lazy("Give a reason.")


@dataclass(frozen=True)
class Transition:
    """One action: from these states to that one. `permission` is asked with what
    its rule takes (`user.has_perm(t.permission, obj)`: the record, or a dossier
    item's candidate); `denied` says why it was not granted; `label` is the
    action's name on buttons and in lists."""

    name: str
    sources: frozenset[str]
    target: str
    needs_reason: bool = False
    permission: str = ""
    label: StrOrPromise = ""
    denied: StrOrPromise = ""


T = TypeVar("T", bound=Transition)


class Machine(Generic[T]):
    """A table of transitions over one state field of a record, in a fixed order."""

    def __init__(
        self,
        transitions: Iterable[T],
        *,
        field: str = "status",
        reason_required: StrOrPromise = GIVE_A_REASON,
    ) -> None:
        self.transitions: dict[str, T] = {}
        for transition in transitions:
            if transition.name in self.transitions:
                raise ValueError(f"Two transitions are named {transition.name!r}.")
            self.transitions[transition.name] = transition
        self.field = field
        self.reason_required = reason_required

    def __iter__(self) -> Iterator[T]:
        return iter(self.transitions.values())

    def __contains__(self, action: object) -> bool:
        return action in self.transitions

    def get(self, action: str) -> T:
        """The transition of an action; refuses an action the table does not have."""
        try:
            return self.transitions[action]
        except KeyError:
            raise ReviewError(_("Unknown action.")) from None

    def allowed(self, state: str) -> list[T]:
        """The transitions that start from a state, in table order."""
        return [t for t in self if state in t.sources]

    def allows(self, action: str, state: str) -> bool:
        """Whether the action exists and starts from the state."""
        transition = self.transitions.get(action)
        return transition is not None and state in transition.sources

    def leading(self, state: str, target: str) -> T | None:
        """The transition from one state to another, or None if there is none."""
        return next((t for t in self.allowed(state) if t.target == target), None)

    def check(self, record: Any, action: str, *, reason: str | None = None) -> T:
        """The action's transition if the record's state allows it and a reason is
        given where one is needed (`reason=None` checks the state only); refuses
        otherwise, naming the record by its verbose name and state ("… while the
        candidate is Shortlisted.")."""
        transition = self.get(action)
        if getattr(record, self.field) not in transition.sources:
            state = getattr(record, f"get_{self.field}_display")()
            raise ReviewError(
                _("This cannot be done while the %(record)s is %(status)s.")
                % {"record": noun(record), "status": state}
            )
        if reason is None:
            return transition
        if transition.needs_reason and not reason.strip():
            raise ReviewError(str(self.reason_required))
        if "\x00" in reason:  # PostgreSQL cannot store it
            raise ReviewError(
                _(
                    "The reason contains a NUL character (code 0); remove it and try "
                    "again."
                )
            )
        return transition
