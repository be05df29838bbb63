"""The award's transition tables (nominations.transitions): the candidates' with
every move through it with `take_action` (each action from each status it starts
from, and a refusal from every status it does not), the provincial round's and the
dossier verification's (their moves are tested with their services). Candidates
are of Kabupaten Kerinci (15.01) in the `world`, with approved coverage data for
the edition's assessment year (2024)."""

import pytest

from nominations.models import Candidate, ProvincialRound, Stage, Verification
from nominations.services.candidates import take_action
from nominations.transitions import ADVANCED_STATUSES, CANDIDATE, ROUND, VERIFICATION
from review.models import ReviewStatus
from review.workflow import ReviewError
from tests.factories import CandidateFactory, CoverageReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

S = Candidate.Status
# The award's workflow as domain.md §7 describes it: (action, from, to).
TABLE = [
    ("shortlist", S.CANDIDATE, S.SHORTLISTED),
    ("return", S.CANDIDATE, S.RETURNED),
    ("return", S.SHORTLISTED, S.RETURNED),
    ("resubmit", S.RETURNED, S.CANDIDATE),
    ("mark_interviewed", S.SHORTLISTED, S.INTERVIEWED),
    ("select_winner", S.INTERVIEWED, S.PROVINCIAL_WINNER),
    ("not_select", S.SHORTLISTED, S.NOT_SELECTED),
    ("not_select", S.INTERVIEWED, S.NOT_SELECTED),
    ("advance", S.PROVINCIAL_WINNER, S.ADVANCED),
    ("make_finalist", S.ADVANCED, S.NATIONAL_FINALIST),
    ("award_national", S.NATIONAL_FINALIST, S.NATIONAL_WINNER),
]
ACTIONS = sorted({action for action, _source, _target in TABLE})
ALLOWED = {(action, source) for action, source, _target in TABLE}
REFUSED = [
    (action, status)
    for action in ACTIONS
    for status in S.values
    if (action, status) not in ALLOWED
]
NATIONAL_ACTIONS = {"make_finalist", "award_national"}
# What each action needs besides its candidate.
OPTIONS = {
    "return": {"reason": "Lampirkan Perda yang berlaku."},
    "select_winner": {"rank": 1},
    "award_national": {"title": "Terbaik I"},
}


@pytest.fixture
def candidate_in(world):
    """Make a candidate of 15.01 in a status; its data for 2024 is approved."""
    CoverageReportFactory(regency=world.reg_a1, year=2024, status=ReviewStatus.APPROVED)

    def make(status):
        return CandidateFactory(regency=world.reg_a1, status=status)

    return make


def _actor(world, action):
    """The national admin decides the national round, the committee its province's."""
    return world.users["admin" if action in NATIONAL_ACTIONS else "panitia_a"]


def _steps(candidate):
    return [
        (s.action, s.from_status, s.to_status, s.by, s.reason)
        for s in candidate.steps.all()
    ]


def test_transitions_table_is_the_award_workflow():
    table = {(t.name, source, t.target) for t in CANDIDATE for source in t.sources}

    assert table == set(TABLE)


def test_transitions_national_tier_only_after_advancing():
    tiers = {t.name: t.tier for t in CANDIDATE}

    assert tiers == {
        name: Stage.Tier.NATIONAL if name in NATIONAL_ACTIONS else Stage.Tier.PROVINCIAL
        for name in ACTIONS
    }


def test_transitions_only_return_needs_a_reason():
    needing = {t.name for t in CANDIDATE if t.needs_reason}

    assert needing == {"return"}


def test_transitions_advanced_statuses_are_advanced_and_beyond():
    statuses = set(ADVANCED_STATUSES)

    assert statuses == {S.ADVANCED, S.NATIONAL_FINALIST, S.NATIONAL_WINNER}


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        (S.CANDIDATE, ["shortlist", "return"]),
        (S.RETURNED, ["resubmit"]),
        (S.SHORTLISTED, ["return", "mark_interviewed", "not_select"]),
        (S.INTERVIEWED, ["select_winner", "not_select"]),
        (S.NOT_SELECTED, []),
        (S.PROVINCIAL_WINNER, ["advance"]),
        (S.ADVANCED, ["make_finalist"]),
        (S.NATIONAL_FINALIST, ["award_national"]),
        (S.NATIONAL_WINNER, []),
    ],
)
def test_allowed_lists_the_actions_of_a_status_in_order(status, actions):
    names = [t.name for t in CANDIDATE.allowed(status)]

    assert names == actions


@pytest.mark.parametrize(("action", "source", "target"), TABLE)
def test_take_action_moves_along_each_transition(
    world, candidate_in, action, source, target
):
    candidate = candidate_in(source)
    by = _actor(world, action)

    result = take_action(candidate, action, by=by, **OPTIONS.get(action, {}))

    candidate.refresh_from_db()
    reason = OPTIONS.get(action, {}).get("reason", "")
    assert (result.status, candidate.status, _steps(candidate)) == (
        target,
        target,
        [(action, source, target, by, reason)],
    )


@pytest.mark.parametrize(("action", "status"), REFUSED)
def test_take_action_refuses_an_action_from_another_status(
    world, candidate_in, action, status
):
    candidate = candidate_in(status)

    with pytest.raises(ReviewError) as refused:
        take_action(
            candidate, action, by=world.users["admin"], **OPTIONS.get(action, {})
        )

    candidate.refresh_from_db()
    label = S(status).label
    assert (str(refused.value), candidate.status, _steps(candidate)) == (
        f"This cannot be done while the candidate is {label}.",
        status,
        [],
    )


def test_take_action_refuses_an_unknown_action(world, candidate_in):
    candidate = candidate_in(S.CANDIDATE)

    with pytest.raises(ReviewError) as refused:
        take_action(candidate, "disqualify", by=world.users["admin"])

    candidate.refresh_from_db()
    assert (str(refused.value), candidate.status, _steps(candidate)) == (
        "Unknown action.",
        S.CANDIDATE,
        [],
    )


def test_take_action_records_each_step_in_order(world, candidate_in):
    candidate = candidate_in(S.CANDIDATE)
    committee = world.users["panitia_a"]

    take_action(candidate, "return", by=committee, reason="  Lampirkan Perda.  ")
    take_action(candidate, "resubmit", by=committee)
    take_action(candidate, "shortlist", by=committee)

    assert _steps(candidate) == [
        ("return", S.CANDIDATE, S.RETURNED, committee, "Lampirkan Perda."),
        ("resubmit", S.RETURNED, S.CANDIDATE, committee, ""),
        ("shortlist", S.CANDIDATE, S.SHORTLISTED, committee, ""),
    ]


# The provincial round's stages and the dossier verification

R = ProvincialRound.Status
OPEN = [status for status in R.values if status != R.CLOSED]
V = Verification


def test_round_table_sets_any_open_stage_closes_and_reopens():
    table = {(t.name, source, t.target) for t in ROUND for source in t.sources}

    assert table == {
        *(
            (f"set_{target}", source, target)
            for target in OPEN
            for source in OPEN
            if source != target
        ),
        *(("close", source, R.CLOSED) for source in OPEN),
        ("reopen", R.CLOSED, R.DETERMINATION),
    }


def test_round_table_only_reopening_needs_a_reason():
    needing = {t.name for t in ROUND if t.needs_reason}

    assert needing == {"reopen"}


def test_verification_table_is_verdicts_and_a_reset_by_new_evidence():
    table = {
        (t.name, source, t.target, t.needs_reason, t.permission)
        for t in VERIFICATION
        for source in t.sources
    }

    verify, edit = "nominations.verify_dossier", "nominations.edit_dossier"
    assert table == {
        ("verify", V.UNVERIFIED, V.VERIFIED, False, verify),
        ("verify", V.REJECTED, V.VERIFIED, False, verify),
        ("reject", V.UNVERIFIED, V.REJECTED, True, verify),
        ("reject", V.VERIFIED, V.REJECTED, True, verify),
        ("reset", V.VERIFIED, V.UNVERIFIED, False, edit),
        ("reset", V.REJECTED, V.UNVERIFIED, False, edit),
    }


def test_candidate_table_names_the_permission_of_each_tier():
    permissions = {t.name: t.permission for t in CANDIDATE}

    assert permissions == {
        name: "nominations.run_national_round"
        if name in NATIONAL_ACTIONS
        else "nominations.run_round"
        for name in ACTIONS
    }
