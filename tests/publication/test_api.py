"""The public results API: releases past their embargo, rankings and a
candidate's results from the snapshot, cached per generation and language,
hostile queries refused with a 400 or 404, throttled with a 429."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.throttles import AnonymousThrottle
from publication.services.releases import publish
from scoring.services.methodology import new_version
from scoring.services.runs import compute_run, run_scope
from tests.scoring.final_rankings import final_round, final_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


def _correct(release, *, embargo_until=None):
    """A correction of the release: a new final run under a new methodology."""
    run = release.run
    new_version(run.methodology)
    return publish(
        compute_run(run_scope(run), "final"),
        by=release.published_by,
        changelog="Koreksi.",
        reason="Data diperbaiki.",
        embargo_until=embargo_until,
    )


def _ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_releases_lists_public_releases_only(client, release):
    hidden = _correct(release, embargo_until=timezone.now() + timedelta(hours=1))

    response = client.get("/api/v1/releases/")

    assert response.status_code == 200
    assert _ids(response) == [release.pk]
    row = response.json()["results"][0]
    assert (row["is_superseded"], row["superseded_by"]) == (False, None)
    assert client.get(f"/api/v1/releases/{hidden.pk}/").status_code == 404


def test_a_public_correction_supersedes_and_current_keeps_the_newest(client, release):
    second = _correct(release)

    everything = client.get("/api/v1/releases/")
    current = client.get("/api/v1/releases/?current=true")
    older = client.get("/api/v1/releases/?current=false")

    assert _ids(everything) == [second.pk, release.pk]
    assert _ids(current) == [second.pk]
    assert _ids(older) == [release.pk]
    first = everything.json()["results"][1]
    assert (first["is_superseded"], first["superseded_by"]) == (True, second.pk)
    assert everything.json()["results"][0]["supersedes"] == release.pk


def test_releases_filter_by_edition_category_and_area(client, release, world):
    r = final_round(world.prov_b, 2, award_year=2026)
    other = publish(
        final_run(r, world.prov_b), by=world.users["admin"], changelog="Hasil."
    )
    queries = {
        "edition=2025": [release.pk],
        "edition=2026": [other.pk],
        f"category={release.category_id}": [release.pk],
        "province=21": [other.pk],
        "province=nasional": [],
    }

    found = {q: _ids(client.get(f"/api/v1/releases/?{q}")) for q in queries}

    assert found == queries


def test_release_detail_links_its_ranking_methodology_and_files(client, release):
    response = client.get(f"/api/v1/releases/{release.pk}/")

    body = response.json()
    base = "http://testserver"
    assert body["ranking"] == f"{base}/api/v1/releases/{release.pk}/ranking/"
    assert body["files"] == {
        "csv": f"{base}/data/rilis/{release.pk}.csv",
        "xlsx": f"{base}/data/rilis/{release.pk}.xlsx",
        "json": f"{base}/data/rilis/{release.pk}.json",
        "methodology": f"{base}/data/rilis/{release.pk}/metodologi.json",
        "bundle": f"{base}/data/rilis/{release.pk}/bundel.json",
    }
    assert body["methodology"]["id"] == release.methodology_id
    assert body["run"]["input_hash"] == release.run.input_hash
    assert (body["changelog"], body["is_demo"]) == (release.changelog, False)


def test_ranking_is_the_snapshot(client, release):
    response = client.get(f"/api/v1/releases/{release.pk}/ranking/")

    body = response.json()
    assert body["ranked"] == release.snapshot["ranked"]
    assert body["incomplete"] == release.snapshot["incomplete"]
    assert body["release"]["id"] == release.pk


def test_a_repeated_ranking_request_reads_no_table(
    client, release, django_assert_num_queries
):
    path = f"/api/v1/releases/{release.pk}/ranking/"
    first = client.get(path)

    with django_assert_num_queries(0):
        again = client.get(path)

    assert again.json() == first.json()


def test_answers_are_cached_per_language(client, release, django_assert_num_queries):
    path = f"/api/v1/releases/{release.pk}/"
    client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    with django_assert_num_queries(0):
        client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    with django_assert_num_queries(2):  # the release, and the cache's timeout
        indonesian = client.get(path, HTTP_ACCEPT_LANGUAGE="id")

    assert indonesian.status_code == 200


def test_a_new_release_is_seen_once_published(
    client, release, django_capture_on_commit_callbacks
):
    assert _ids(client.get("/api/v1/releases/")) == [release.pk]

    with django_capture_on_commit_callbacks(execute=True):
        second = _correct(release)

    assert _ids(client.get("/api/v1/releases/")) == [second.pk, release.pk]


@pytest.mark.parametrize("count", [1, 3])
def test_releases_list_in_a_fixed_number_of_queries(
    client, world, count, django_assert_max_num_queries
):
    for n in range(count):
        r = final_round(world.prov_a, 2, award_year=2030 + n)
        publish(final_run(r, world.prov_a), by=world.users["admin"], changelog="x")

    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/releases/")

    assert len(response.json()["results"]) == count


def test_public_candidate_lists_its_appearances(client, release, jambi_round):
    second = _correct(release)
    candidate = release.snapshot["ranked"][0]

    response = client.get(f"/api/v1/public-candidates/{candidate['candidate']}/")

    body = response.json()
    assert (body["name"], body["kind"]) == (candidate["name"], candidate["kind"])
    assert [a["release"]["id"] for a in body["appearances"]] == [
        second.pk,
        release.pk,
    ]
    first = body["appearances"][1]
    assert (first["rank"], first["total"]) == (candidate["rank"], candidate["total"])
    assert first["lines"] == candidate["lines"]
    assert first["release"]["is_superseded"] is True


def test_a_candidate_in_no_public_release_is_not_found(client, jambi_round):
    publish(
        jambi_round.run,
        by=jambi_round.world.users["admin"],
        changelog="x",
        embargo_until=timezone.now() + timedelta(hours=1),
    )
    pk = jambi_round.candidates[0].pk

    response = client.get(f"/api/v1/public-candidates/{pk}/")

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(
    "query",
    [
        "edition=%D9%A2%D9%A0%D9%A2%D9%A5",  # Arabic-Indic digits
        "edition=2025.5",
        "category=abc",
        "province=155",
        "province=%EF%BC%91%EF%BC%95",  # full-width digits
    ],
)
def test_hostile_filters_are_a_400_with_the_field(client, release, query):
    response = client.get(f"/api/v1/releases/?{query}")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == query.split("=")[0]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/releases/99999999999999999999/",
        "/api/v1/releases/999999999999999999/",
        "/api/v1/releases/%D9%A1/",
        "/api/v1/releases/0/ranking/",
        "/api/v1/public-candidates/999999999999999999/",
        "/api/v1/public-candidates/%EF%BC%91/",
    ],
)
def test_hostile_paths_are_a_404(client, release, path):
    response = client.get(path)

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/v1/releases/?province=1%00", "/api/v1/releases/1%00/"]
)
def test_nul_bytes_are_a_400(client, release, path):
    response = client.get(path)

    assert response.status_code == 400
    assert response.json()["detail"]


def test_huge_filter_numbers_find_nothing(client, release):
    response = client.get("/api/v1/releases/?edition=999999999999999999999999")

    assert response.status_code in (200, 400)
    assert response.status_code != 200 or response.json()["results"] == []


def test_writes_are_refused(client, release):
    response = client.post("/api/v1/releases/", {}, format="json")

    assert response.status_code in (401, 403, 405)
    assert client.delete(f"/api/v1/releases/{release.pk}/").status_code in (
        401,
        403,
        405,
    )


def test_too_many_requests_is_a_429_with_retry_after(client, release, monkeypatch):
    monkeypatch.setattr(
        AnonymousThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": None}
    )

    answers = [client.get("/api/v1/releases/").status_code for _ in range(3)]
    response = client.get("/api/v1/releases/")

    assert answers == [200, 200, 429]
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"]
