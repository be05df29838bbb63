"""The kernel's one shape of state machine (review.transitions): a table of
transitions over one state field, asked what a state allows and checking a move
with its refusals, and the review workflow's own table (review.workflow.REVIEW)."""

import pytest

from review.models import ReviewStatus
from review.transitions import Machine, Transition
from review.workflow import REVIEW, ReviewError

pytestmark = pytest.mark.usefixtures("english")
S = ReviewStatus


class Door:
    """A record with a state field, its display and a verbose name, as models have."""

    class _meta:  # noqa: N801 (Django's name)
        verbose_name = "door"

    def __init__(self, state: str) -> None:
        self.state = state

    def get_state_display(self) -> str:
        return self.state.title()


DOOR = Machine(
    [
        Transition("open", frozenset({"closed"}), "open", label="Open"),
        Transition("close", frozenset({"open"}), "closed"),
        Transition(
            "lock", frozenset({"closed"}), "locked", needs_reason=True, permission="x"
        ),
        Transition("unlock", frozenset({"locked"}), "closed", needs_reason=True),
    ],
    field="state",
    reason_required="Say why.",
)


def test_machine_lists_its_transitions_in_table_order():
    names = [t.name for t in DOOR]

    assert names == ["open", "close", "lock", "unlock"]


def test_machine_refuses_two_transitions_of_one_name():
    twice = [Transition("open", frozenset({"a"}), "b")] * 2

    with pytest.raises(ValueError, match="Two transitions are named 'open'"):
        Machine(twice)


@pytest.mark.parametrize(
    ("state", "names"),
    [("closed", ["open", "lock"]), ("open", ["close"]), ("locked", ["unlock"])],
)
def test_allowed_lists_the_transitions_from_a_state(state, names):
    allowed = [t.name for t in DOOR.allowed(state)]

    assert allowed == names


@pytest.mark.parametrize(
    ("action", "state", "expected"),
    [("open", "closed", True), ("open", "open", False), ("kick", "open", False)],
)
def test_allows_answers_for_an_action_and_a_state(action, state, expected):
    assert DOOR.allows(action, state) is expected


@pytest.mark.parametrize(
    ("state", "target", "name"),
    [("closed", "locked", "lock"), ("locked", "closed", "unlock"), ("open", "x", None)],
)
def test_leading_finds_the_transition_between_two_states(state, target, name):
    transition = DOOR.leading(state, target)

    assert (transition.name if transition else None) == name


def test_get_gives_the_transition_and_refuses_an_unknown_action():
    with pytest.raises(ReviewError) as refused:
        DOOR.get("kick")

    assert (DOOR.get("open").label, str(refused.value)) == ("Open", "Unknown action.")


def test_check_gives_the_transition_the_state_allows():
    transition = DOOR.check(Door("closed"), "lock", reason="Malam.")

    assert (transition.target, transition.permission) == ("locked", "x")


def test_check_refuses_a_move_the_state_does_not_allow_naming_record_and_state():
    with pytest.raises(ReviewError) as refused:
        DOOR.check(Door("open"), "lock", reason="Malam.")

    assert str(refused.value) == "This cannot be done while the door is Open."


@pytest.mark.parametrize("reason", ["", "  \n"])
def test_check_refuses_a_move_without_the_reason_it_needs(reason):
    with pytest.raises(ReviewError) as refused:
        DOOR.check(Door("closed"), "lock", reason=reason)

    assert str(refused.value) == "Say why."


def test_check_refuses_a_reason_with_a_nul_character():
    with pytest.raises(ReviewError) as refused:
        DOOR.check(Door("closed"), "open", reason="a\x00b")

    assert str(refused.value) == (
        "The reason contains a NUL character (code 0); remove it and try again."
    )


def test_check_without_a_reason_checks_the_state_only():
    transition = DOOR.check(Door("closed"), "lock")

    assert transition.name == "lock"


def test_machine_asks_for_a_reason_in_general_words_by_default():
    machine = Machine(
        [Transition("x", frozenset({"a"}), "b", needs_reason=True)], field="state"
    )

    with pytest.raises(ReviewError) as refused:
        machine.check(Door("a"), "x", reason="")

    assert str(refused.value) == "Give a reason."


def test_review_table_is_the_review_workflow():
    table = {
        (t.name, source, t.target, t.needs_reason)
        for t in REVIEW
        for source in t.sources
    }

    assert table == {
        ("submit", S.DRAFT, S.SUBMITTED, False),
        ("submit", S.RETURNED, S.SUBMITTED, False),
        ("approve", S.SUBMITTED, S.APPROVED, False),
        ("return", S.SUBMITTED, S.RETURNED, True),
        ("unapprove", S.APPROVED, S.RETURNED, True),
    }
