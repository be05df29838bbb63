"""Ranking pages: the runs of a round's category, one run with its explanations,
computing now, and the bundle download."""

import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nominations.models import Candidate
from scoring.adapter import Scope
from scoring.engine import verify_bundle
from scoring.models import RankingRun
from scoring.services.runs import compute_run
from tests.factories import (
    CategoryFactory,
    ProvincialRoundFactory,
    RegulationFactory,
)
from tests.scoring.rankings import kab_round, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


@pytest.fixture
def round_(world):
    return kab_round(world.prov_a, size=2)


@pytest.fixture
def run(round_):
    return compute_run(Scope(round_.edition, round_.category, round_.province), "desk")


def list_url(r, area="15"):
    return f"/penilaian/peringkat/kategori/{r.category.pk}/{area}/"


def test_run_page_shows_ranks_and_explanations(world, run, as_user):
    response = as_user(world.users["panitia_a"]).get(run.get_absolute_url())

    assert response.status_code == 200
    text = response.content.decode()
    assert "Ranking of" in text
    assert "10.00 ÷ 80.00 × 100.0000 = 12.5000" in text
    assert run.ranked[0]["total"] in text
    assert "out of date" not in text


def test_run_page_lists_incomplete_candidates_with_reasons(world, round_, as_user):
    incomplete = Candidate.objects.create(
        edition=round_.edition,
        category=round_.category,
        province=world.prov_a,
        regency=world.reg_a1,
    )
    run = compute_run(Scope(round_.edition, round_.category, world.prov_a), "desk")

    response = as_user(world.users["admin"]).get(run.get_absolute_url())

    assert [e["key"] for e in run.incomplete] == [str(incomplete.pk)]
    text = response.content.decode()
    assert "There is no approved coverage report for the assessment year." in text
    assert '<code class="muted">missing:coverage_report</code>' in text


def test_run_page_shows_the_stale_notice(world, round_, run, as_user):
    verify(RegulationFactory(candidate=round_.entries[0].candidate), round_.verifier)

    response = as_user(world.users["admin"]).get(run.get_absolute_url())

    assert "This ranking is out of date" in response.content.decode()


def test_run_page_refuses_another_provinces_committee(world, as_user):
    r = kab_round(world.prov_b, size=1, award_year=2026)
    run = compute_run(Scope(r.edition, r.category, r.province), "desk")

    response = as_user(world.users["panitia_a"]).get(run.get_absolute_url())

    assert response.status_code == 403


def test_run_list_shows_runs_and_the_compute_button(world, round_, run, as_user):
    response = as_user(world.users["panitia_a"]).get(list_url(round_))

    text = response.content.decode()
    assert f"#{run.pk}" in text
    assert "Recompute: Desk ranking (before the pleno)" in text


def test_national_runs_are_for_the_national_admin_only(world, round_, as_user):
    url = list_url(round_, area="nasional")

    refused = as_user(world.users["panitia_a"]).get(url)
    allowed = as_user(world.users["admin"]).get(url)

    assert (refused.status_code, allowed.status_code) == (403, 200)
    assert "No ranking has been computed yet." in allowed.content.decode()


def test_compute_now_stores_a_run_and_shows_it(world, round_, as_user):
    client = as_user(world.users["panitia_a"])

    response = client.post(list_url(round_) + "hitung/", {"stage": "desk"})

    run = RankingRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    assert run.created_by == world.users["panitia_a"]


def test_compute_now_refuses_an_unknown_stage(world, round_, as_user):
    client = as_user(world.users["admin"])

    response = client.post(list_url(round_) + "hitung/", {"stage": "later"})

    assert response.status_code == 404


def test_compute_now_without_a_methodology_says_so(world, as_user):
    category = CategoryFactory()
    client = as_user(world.users["admin"])

    response = client.post(
        f"/penilaian/peringkat/kategori/{category.pk}/15/hitung/",
        {"stage": "desk"},
        follow=True,
    )

    assert "no valid methodology" in response.content.decode()
    assert not RankingRun.objects.exists()


def test_bundle_download_verifies(world, run, as_user):
    response = as_user(world.users["admin"]).get(
        f"/penilaian/peringkat/{run.pk}/bundel.json"
    )

    bundle = json.loads(response.content)
    assert response["Content-Disposition"].startswith('attachment; filename="ranking-')
    assert verify_bundle(bundle) == []


def test_run_page_query_count_does_not_grow(
    world, django_assert_max_num_queries, as_user
):
    client = as_user(world.users["admin"])
    counts = []
    for year, size in ((2025, 1), (2026, 3)):
        r = kab_round(world.prov_a, size=size, award_year=year)
        run = compute_run(Scope(r.edition, r.category, r.province), "desk")
        with django_assert_max_num_queries(40) as captured:
            client.get(run.get_absolute_url())
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_round_page_links_each_categorys_rankings(world, round_, as_user):
    ProvincialRoundFactory(edition=round_.edition, province=world.prov_a)

    response = as_user(world.users["panitia_a"]).get("/nominasi/2025/provinsi/15/")

    assert list_url(round_) in response.content.decode()


def test_run_list_query_count_does_not_grow(world, round_, as_user):
    client = as_user(world.users["admin"])
    scope = Scope(round_.edition, round_.category, round_.province)
    counts = []
    for index, stage in enumerate(("desk", "final")):
        compute_run(scope, stage, by=world.users["admin"])
        candidate = round_.entries[index].candidate
        verify(RegulationFactory(candidate=candidate), round_.verifier)
        compute_run(scope, "desk", by=world.users["admin"])
        with CaptureQueriesContext(connection) as captured:
            client.get(list_url(round_))
        counts.append(len(captured))

    assert RankingRun.objects.count() == 4
    assert counts[0] == counts[1]
