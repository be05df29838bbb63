"""The run page's diff and decision sections, and the decision POST: per role,
hostile input answered 400 with the reason and nothing changed."""

import pytest
from django.conf import settings

from nominations.models import Candidate
from scoring.adapter import Scope
from scoring.models import Decision
from scoring.services.runs import compute_run
from tests.factories import RegulationFactory, UserFactory
from tests.scoring.final_rankings import final_round, final_run
from tests.scoring.rankings import verify

pytestmark = pytest.mark.django_db

S = Candidate.Status
JUARA = Decision.Outcome.PROVINCIAL_WINNER


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


@pytest.fixture
def round_(world):
    return final_round(world.prov_a)


@pytest.fixture
def run(world, round_):
    return final_run(round_, world.prov_a)


def decide_url(run):
    return f"/penilaian/peringkat/{run.pk}/putuskan/"


def test_committee_sees_the_computed_juara_and_the_deviation_form(world, run, as_user):
    response = as_user(world.users["panitia_a"]).get(run.get_absolute_url())

    text = response.content.decode()
    assert "Decisions from this ranking" in text
    assert "Decide in the computed order" in text
    assert 'name="place_3"' in text


def test_committee_names_juara_in_one_action(world, round_, run, as_user):
    client = as_user(world.users["panitia_a"])

    response = client.post(decide_url(run), {"outcome": JUARA, "mode": "computed"})

    assert response["Location"] == run.get_absolute_url()
    ranks = dict(
        Candidate.objects.filter(status=S.PROVINCIAL_WINNER).values_list(
            "pk", "provincial_rank"
        )
    )
    top = list(reversed(round_.candidates))
    assert ranks == {top[0].pk: 1, top[1].pk: 2, top[2].pk: 3}
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Decisions taken, with the run they were based on" in page
    assert "Decide in the computed order" not in page


def test_committee_deviates_with_a_reason(world, round_, run, as_user):
    c = round_.candidates
    data = {
        "outcome": JUARA,
        "mode": "choose",
        "place_1": c[0].pk,
        "place_2": c[3].pk,
        "place_3": c[2].pk,
        "reason": "Pleno: the interview outweighs the data.",
    }

    as_user(world.users["panitia_a"]).post(decide_url(run), data)

    assert list(run.decisions.values_list("candidate", "is_deviation")) == [
        (c[0].pk, True),
        (c[3].pk, True),
        (c[2].pk, True),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose what to decide."),
        (
            {"outcome": "national_winner\x00", "mode": "computed"},
            "Choose what to decide.",
        ),
        ({"outcome": JUARA}, "Choose the computed order or your own."),
        ({"outcome": JUARA, "mode": "choose"}, "Choose each candidate once."),
        (
            {
                "outcome": JUARA,
                "mode": "choose",
                "place_1": "1",
                "place_2": "9" * 30,
                "place_3": "٣",
            },
            "Choose among the candidates ranked in this run.",
        ),
        (
            {"outcome": "national_finalist", "mode": "computed", "count": "1"},
            "not taken on this",
        ),
    ],
)
def test_crafted_posts_answer_400_and_change_nothing(
    world, run, as_user, data, message
):
    response = as_user(world.users["admin"]).post(decide_url(run), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Decision.objects.exists()


def test_a_deviation_without_a_reason_answers_400(world, round_, run, as_user):
    c = round_.candidates
    data = {
        "outcome": JUARA,
        "mode": "choose",
        "place_1": c[0].pk,
        "place_2": c[1].pk,
        "place_3": c[2].pk,
    }

    response = as_user(world.users["panitia_a"]).post(decide_url(run), data)

    assert response.status_code == 400
    assert "give the reason for it" in response.content.decode()


def test_a_stale_run_shows_no_form_and_refuses(world, round_, run, as_user):
    verify(RegulationFactory(candidate=round_.candidates[0]), UserFactory())
    client = as_user(world.users["panitia_a"])

    page = client.get(run.get_absolute_url()).content.decode()
    response = client.post(decide_url(run), {"outcome": JUARA, "mode": "computed"})

    assert "compute it again first" in page
    assert "Decide in the computed order" not in page
    assert response.status_code == 400
    assert "out of date" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("panitia_b", 403), ("penilai", 403), ("petugas_a", 403)]
)
def test_other_roles_are_refused(world, run, as_user, role, status):
    response = as_user(world.users[role]).post(
        decide_url(run), {"outcome": JUARA, "mode": "computed"}
    )

    assert response.status_code == status
    assert not Decision.objects.exists()


def test_national_admin_names_finalists_by_count(world, as_user):
    r = final_round(world.prov_a, tier="national", status=S.ADVANCED)
    run = final_run(r, None)
    client = as_user(world.users["admin"])

    refused = client.post(
        decide_url(run),
        {"outcome": "national_finalist", "mode": "computed", "count": "٢"},
    )
    client.post(
        decide_url(run),
        {"outcome": "national_finalist", "mode": "computed", "count": "2"},
    )

    assert refused.status_code == 400
    assert "a whole number from 1 to 4" in refused.content.decode()
    finalists = Candidate.objects.filter(status=S.NATIONAL_FINALIST)
    assert sorted(str(c.pk) for c in finalists) == sorted(
        e["key"] for e in run.ranked[:2]
    )


def test_national_admin_ticks_other_finalists_with_a_reason(world, as_user):
    r = final_round(world.prov_a, tier="national", status=S.ADVANCED)
    run = final_run(r, None)
    last = run.ranked[-1]["key"]
    client = as_user(world.users["admin"])

    crafted = client.post(
        decide_url(run),
        {"outcome": "national_finalist", "mode": "choose", "finalist": [last, "0"]},
    )
    client.post(
        decide_url(run),
        {
            "outcome": "national_finalist",
            "mode": "choose",
            "finalist": [last],
            "reason": "Jury visit",
        },
    )

    assert crafted.status_code == 400
    assert list(run.decisions.values_list("candidate", "deviation_reason")) == [
        (int(last), "Jury visit")
    ]


def test_national_page_offers_finalists_and_winners(world, as_user):
    r = final_round(world.prov_a, tier="national", status=S.ADVANCED)
    run = final_run(r, None)

    text = as_user(world.users["admin"]).get(run.get_absolute_url()).content.decode()

    assert 'name="count"' in text
    assert 'name="finalist"' in text
    assert text.count("Decide in the computed order") == 2


def test_a_tie_in_the_places_asks_for_the_order(world, run, as_user, monkeypatch):
    monkeypatch.setattr("scoring.views.run_sections.computed_order", lambda *args: None)

    text = as_user(world.users["panitia_a"]).get(run.get_absolute_url())

    assert "Candidates share a rank among these places" in text.content.decode()


def test_the_computed_order_of_a_tie_answers_400(world, run, as_user, monkeypatch):
    monkeypatch.setattr("scoring.views.decisions.computed_order", lambda *args: None)

    response = as_user(world.users["panitia_a"]).post(
        decide_url(run), {"outcome": JUARA, "mode": "computed"}
    )

    assert response.status_code == 400
    assert "Candidates share a rank where the places are cut" in (
        response.content.decode()
    )


def test_run_page_shows_who_moved_and_why(world, round_, run, as_user):
    # The last candidate gains a Perda: regulation moves it up.
    verify(RegulationFactory(candidate=round_.candidates[0]), UserFactory())
    newer = final_run(round_, world.prov_a)

    text = as_user(world.users["panitia_a"]).get(newer.get_absolute_url())

    page = text.content.decode()
    assert f"run #{run.pk}</a>" in page
    assert "Who moved, and the criteria that moved them" in page
    assert "<code>REG.1</code>" in page
    assert "None of its own: others moved past it." in page


def test_the_first_run_has_nothing_to_compare(world, run, as_user):
    text = as_user(world.users["admin"]).get(run.get_absolute_url()).content.decode()

    assert "nothing to compare with" in text


def test_an_unchanged_ranking_says_nobody_moved(world, round_, as_user):
    scope = Scope(round_.edition, round_.category, world.prov_a)
    compute_run(scope, "final")
    verify(RegulationFactory(candidate=round_.candidates[3]), UserFactory())
    newer = compute_run(scope, "final")

    text = as_user(world.users["admin"]).get(newer.get_absolute_url())

    assert "Nobody moved" in text.content.decode()


def test_run_page_query_count_does_not_grow_with_diff_and_decisions(
    world, django_assert_max_num_queries, as_user
):
    """A run with a previous run and decisions taken, at 1 and 3 candidates."""
    client = as_user(world.users["admin"])
    counts = []
    for year, size in ((2025, 1), (2026, 3)):
        r = final_round(world.prov_a, size=size, award_year=year)
        scope = Scope(r.edition, r.category, world.prov_a)
        compute_run(scope, "final")
        verify(RegulationFactory(candidate=r.candidates[0]), UserFactory())
        run = compute_run(scope, "final")
        client.post(decide_url(run), {"outcome": JUARA, "mode": "computed"})
        with django_assert_max_num_queries(60) as captured:
            client.get(run.get_absolute_url())
        counts.append(len(captured))

    assert Decision.objects.count() == 4
    assert counts[0] == counts[1]
