"""From ranking to decision: juara 1–3 from a provincial final run, national
finalists and winners, deviations with a reason, and every refusal."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from nominations.models import Candidate, CandidateStep
from regions.models import Zone
from review.refusals import ReviewError
from scoring.adapter import Scope
from scoring.models import Decision
from scoring.services.decisions import computed_order, decide, outcomes_for
from scoring.services.runs import compute_run
from tests.factories import RegulationFactory, UserFactory
from tests.factories.regions import ZoneFactory
from tests.scoring.final_rankings import final_round, final_run
from tests.scoring.rankings import verify

pytestmark = pytest.mark.django_db

S = Candidate.Status
JUARA = Decision.Outcome.PROVINCIAL_WINNER
FINALIST = Decision.Outcome.NATIONAL_FINALIST
WINNER = Decision.Outcome.NATIONAL_WINNER


@pytest.fixture
def round_(world):
    return final_round(world.prov_a)


@pytest.fixture
def run(world, round_):
    return final_run(round_, world.prov_a)


def keys(candidates):
    return [str(c.pk) for c in candidates]


def test_juara_in_the_computed_order(world, round_, run):
    top = list(reversed(round_.candidates))[:3]

    decisions = decide(run, JUARA, keys(top), by=world.users["panitia_a"])

    saved = [Candidate.objects.get(pk=c.pk) for c in top]
    assert [(c.status, c.provincial_rank) for c in saved] == [
        (S.PROVINCIAL_WINNER, 1),
        (S.PROVINCIAL_WINNER, 2),
        (S.PROVINCIAL_WINNER, 3),
    ]
    assert [(d.place, d.computed_rank, d.is_deviation) for d in decisions] == [
        (1, 1, False),
        (2, 2, False),
        (3, 3, False),
    ]


def test_the_candidates_step_records_the_run(world, round_, run):
    top = list(reversed(round_.candidates))[:3]

    decide(run, JUARA, keys(top), by=world.users["panitia_a"])

    step = CandidateStep.objects.filter(candidate=top[0]).latest("pk")
    assert step.action == "select_winner"
    assert step.decision.run == run
    assert step.reason == f"Based on ranking run #{run.pk} (rank 1)."


def test_a_deviation_keeps_its_reason_beside_the_run(world, round_, run):
    chosen = [round_.candidates[0], round_.candidates[3], round_.candidates[2]]

    decide(
        run, JUARA, keys(chosen), by=world.users["panitia_a"], reason="  Pleno vote "
    )

    rows = list(
        run.decisions.values_list(
            "candidate", "place", "computed_rank", "is_deviation", "deviation_reason"
        )
    )
    assert rows == [
        (chosen[0].pk, 1, 4, True, "Pleno vote"),
        (chosen[1].pk, 2, 1, True, "Pleno vote"),
        (chosen[2].pk, 3, 2, True, "Pleno vote"),
    ]
    step = CandidateStep.objects.filter(candidate=chosen[0]).latest("pk")
    assert step.reason.endswith("Deviates from the computed order: Pleno vote")


def test_a_deviation_without_a_reason_is_refused(world, round_, run):
    chosen = [round_.candidates[0], round_.candidates[3], round_.candidates[2]]

    with pytest.raises(ReviewError, match="give the reason"):
        decide(run, JUARA, keys(chosen), by=world.users["panitia_a"], reason=" ")

    assert not Decision.objects.exists()
    assert not Candidate.objects.filter(status=S.PROVINCIAL_WINNER).exists()


def test_a_desk_run_is_refused(world, round_):
    desk = compute_run(Scope(round_.edition, round_.category, world.prov_a), "desk")

    with pytest.raises(ReviewError, match="desk ranking"):
        decide(desk, JUARA, desk_keys(desk), by=world.users["admin"])


def desk_keys(run):
    return [entry["key"] for entry in run.ranked[:3]]


def test_a_stale_run_is_refused_and_says_so(world, round_, run):
    verify(RegulationFactory(candidate=round_.candidates[0]), UserFactory())

    with pytest.raises(ReviewError, match="out of date"):
        decide(run, JUARA, desk_keys(run), by=world.users["panitia_a"])

    assert not Decision.objects.exists()


def test_another_provinces_committee_is_refused(world, run):
    with pytest.raises(PermissionDenied):
        decide(run, JUARA, desk_keys(run), by=world.users["panitia_b"])


def test_a_decision_is_taken_once_per_run(world, run):
    decide(run, JUARA, desk_keys(run), by=world.users["panitia_a"])

    with pytest.raises(ReviewError, match="taken from this ranking already"):
        decide(run, JUARA, desk_keys(run), by=world.users["panitia_a"])

    assert Decision.objects.count() == 3


def test_a_refused_step_undoes_the_whole_decision(world, round_, run):
    Candidate.objects.filter(pk=round_.candidates[1].pk).update(status=S.SHORTLISTED)

    with pytest.raises(ReviewError, match="Shortlisted"):
        decide(run, JUARA, desk_keys(run), by=world.users["panitia_a"])

    assert not Candidate.objects.filter(status=S.PROVINCIAL_WINNER).exists()
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("order", "message"),
    [
        ([], "each candidate once"),
        (["1", "1", "2"], "each candidate once"),
        (["999999", "1", "2"], "ranked in this run"),
        (["x\x00"], "ranked in this run"),
    ],
)
def test_a_crafted_order_is_refused(world, run, order, message):
    with pytest.raises(ReviewError, match=message):
        decide(run, JUARA, order, by=world.users["admin"], reason="r")


def test_every_place_must_be_filled(world, run):
    with pytest.raises(ReviewError, match="Fill every place"):
        decide(run, JUARA, desk_keys(run)[:2], by=world.users["admin"], reason="r")


@pytest.mark.parametrize(
    ("reason", "message"), [("a\x00b", "NUL"), ("x" * 2001, "under 2000")]
)
def test_a_crafted_reason_is_refused(world, round_, run, reason, message):
    chosen = keys([round_.candidates[0], round_.candidates[1], round_.candidates[2]])

    with pytest.raises(ReviewError, match=message):
        decide(run, JUARA, chosen, by=world.users["admin"], reason=reason)


def test_a_zone_run_decides_nothing(world):
    zone = ZoneFactory(provinces=[world.prov_a], year=2025)
    r = final_round(world.prov_a, tier="national", status=S.ADVANCED)
    run = final_run(r, None, zone=zone)

    with pytest.raises(ReviewError, match="zone ranking"):
        decide(run, FINALIST, desk_keys(run), by=world.users["admin"])

    assert outcomes_for(run) == []
    assert isinstance(run.zone, Zone)


def test_national_finalists_then_winners_from_one_run(world):
    r = final_round(world.prov_a, tier="national", status=S.ADVANCED)
    run = final_run(r, None)
    ranked = [entry["key"] for entry in run.ranked]
    admin = world.users["admin"]

    decide(run, FINALIST, ranked[:3], by=admin)
    decide(run, WINNER, ranked[:3], by=admin)

    winners = Candidate.objects.filter(status=S.NATIONAL_WINNER).order_by(
        "national_title"
    )
    assert [(str(c.pk), c.national_title) for c in winners] == [
        (ranked[0], "Terbaik I"),
        (ranked[1], "Terbaik II"),
        (ranked[2], "Terbaik III"),
    ]
    assert Candidate.objects.get(pk=ranked[3]).status == S.ADVANCED


def test_national_decisions_are_the_national_admins(world):
    r = final_round(world.prov_a, tier="national", status=S.ADVANCED)
    run = final_run(r, None)

    with pytest.raises(PermissionDenied):
        decide(run, FINALIST, desk_keys(run), by=world.users["panitia_a"])


def test_finalists_chosen_as_another_set_need_a_reason(world):
    r = final_round(world.prov_a, tier="national", status=S.ADVANCED)
    run = final_run(r, None)
    ranked = [entry["key"] for entry in run.ranked]

    with pytest.raises(ReviewError, match="give the reason"):
        decide(run, FINALIST, [ranked[0], ranked[3]], by=world.users["admin"])
    decide(run, FINALIST, [ranked[1], ranked[0]], by=world.users["admin"])

    assert list(run.decisions.values_list("is_deviation", flat=True)) == [
        False,
        False,
    ]


def test_juara_from_the_provincial_run_only(world, run):
    with pytest.raises(ReviewError, match="not taken on this ranking"):
        decide(run, WINNER, desk_keys(run), by=world.users["admin"])


class FakeRun:
    def __init__(self, ranks):
        self.ranked = [{"key": str(n), "rank": r} for n, r in enumerate(ranks)]


@pytest.mark.parametrize(
    ("ranks", "outcome", "size", "expected"),
    [
        ((1, 2, 3, 4), JUARA, 3, ["0", "1", "2"]),
        ((1, 2, 2, 4), JUARA, 3, None),  # who is juara 2?
        ((1, 2, 3, 3), JUARA, 3, None),  # who is juara 3?
        ((1, 1, 3, 4), FINALIST, 2, ["0", "1"]),  # a set: the tie is inside
        ((1, 2, 2, 4), FINALIST, 2, None),  # the cut splits a tie
        ((1, 2), JUARA, 2, ["0", "1"]),
    ],
)
def test_computed_order_leaves_shared_ranks_open(ranks, outcome, size, expected):
    assert computed_order(FakeRun(ranks), outcome, size) == expected


def test_tied_candidates_are_decided_only_with_a_reason(world, monkeypatch, run):
    monkeypatch.setattr("scoring.services.decisions.computed_order", lambda *args: None)

    with pytest.raises(ReviewError, match="give the reason"):
        decide(run, JUARA, desk_keys(run), by=world.users["panitia_a"])
    decide(run, JUARA, desk_keys(run), by=world.users["panitia_a"], reason="Tie")

    assert set(run.decisions.values_list("is_deviation", flat=True)) == {True}


def test_decision_admin_is_read_only(world, run, client):
    (decision, *_) = decide(run, JUARA, desk_keys(run), by=world.users["admin"])
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    listing = client.get("/admin/scoring/decision/")
    page = client.get(f"/admin/scoring/decision/{decision.pk}/change/")
    posted = client.post(f"/admin/scoring/decision/{decision.pk}/change/", {})

    assert (listing.status_code, page.status_code, posted.status_code) == (
        200,
        200,
        403,
    )
    with translation.override("en"):
        assert str(decision) == f"Provincial winner 1: {decision.candidate_id}"
