"""Zone rankings: the national-tier candidates of a zone's provinces, listed and
computed at `…/zona-<pk>/` for the zone of the edition's year."""

import pytest
from django.conf import settings

from nominations.models import Candidate
from scoring.adapter import Scope, scope_candidates
from scoring.models import RankingRun, RecomputeJob
from scoring.services.runs import compute_run, run_scope
from tests.factories.regions import ZoneFactory
from tests.scoring.final_rankings import final_round
from tests.scoring.rankings import complete_candidate

pytestmark = pytest.mark.django_db

S = Candidate.Status


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


@pytest.fixture
def national(world):
    """Advanced candidates in Jambi (15) and Kepri (21); a zone of Jambi only."""
    r = final_round(world.prov_a, size=2, tier="national", status=S.ADVANCED)
    r.kepri = complete_candidate(r.category, world.prov_b, 3_500).candidate
    Candidate.objects.filter(pk=r.kepri.pk).update(status=S.ADVANCED)
    r.zone = ZoneFactory(name="Sumatera", year=2025, provinces=[world.prov_a])
    return r


def zone_url(r, zone):
    return f"/penilaian/peringkat/kategori/{r.category.pk}/zona-{zone.pk}/"


def test_a_zone_scope_takes_the_national_candidates_of_its_provinces(national):
    scope = Scope(national.edition, national.category, zone=national.zone)

    found = scope_candidates(scope)

    assert found == national.candidates
    assert scope.tier == "national"


def test_a_scope_without_a_zone_is_national_as_before(national):
    scope = Scope(national.edition, national.category)

    assert scope_candidates(scope) == [*national.candidates, national.kepri]


def test_a_zone_run_is_stored_apart_from_the_national_one(national):
    zone_run = compute_run(
        Scope(national.edition, national.category, zone=national.zone), "desk"
    )
    national_run = compute_run(Scope(national.edition, national.category), "desk")

    assert (zone_run.zone, national_run.zone) == (national.zone, None)
    assert zone_run.pk != national_run.pk
    assert run_scope(zone_run).zone == national.zone
    assert (zone_run.area, national_run.area) == (
        f"zona-{national.zone.pk}",
        "nasional",
    )
    assert str(zone_run).endswith(f"zone {national.zone.pk} desk #{zone_run.pk}")


def test_admin_computes_and_lists_a_zones_runs(world, national, as_user):
    client = as_user(world.users["admin"])

    response = client.post(
        zone_url(national, national.zone) + "hitung/", {"stage": "desk"}
    )
    listed = client.get(zone_url(national, national.zone)).content.decode()

    run = RankingRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    assert run.zone == national.zone
    assert f"#{run.pk}" in listed
    assert "Zone Sumatera" in listed


def test_national_list_links_the_zones_of_the_year(world, national, as_user):
    ZoneFactory(name="Lama", year=2024, provinces=[world.prov_a])
    url = f"/penilaian/peringkat/kategori/{national.category.pk}/nasional/"

    text = as_user(world.users["admin"]).get(url).content.decode()

    assert zone_url(national, national.zone) in text
    assert "Lama" not in text


def test_a_zones_run_page_names_the_zone(world, national, as_user):
    run = compute_run(
        Scope(national.edition, national.category, zone=national.zone), "desk"
    )

    text = as_user(world.users["admin"]).get(run.get_absolute_url()).content.decode()

    assert "Sumatera" in text
    assert f"zona-{national.zone.pk}/" in text


def test_zone_rankings_are_the_national_admins(world, national, as_user):
    response = as_user(world.users["panitia_a"]).get(zone_url(national, national.zone))

    assert response.status_code == 403


@pytest.mark.parametrize(
    "area", ["zona-", "zona-x", "zona-٣", "zona-99999999999999999999", "zona-1\x00"]
)
def test_a_crafted_zone_area_is_not_found(world, national, as_user, area):
    url = f"/penilaian/peringkat/kategori/{national.category.pk}/{area}/"

    response = as_user(world.users["admin"]).get(url)

    assert response.status_code in (400, 404)  # a NUL is refused before the view


def test_a_zone_of_another_year_is_not_found(world, national, as_user):
    old = ZoneFactory(name="Lama", year=2024, provinces=[world.prov_a])

    response = as_user(world.users["admin"]).get(zone_url(national, old))

    assert response.status_code == 404


def test_a_zone_is_computed_by_its_own_button_not_as_a_job(world, national, as_user):
    client = as_user(world.users["admin"])

    listed = client.get(zone_url(national, national.zone)).content.decode()
    queued = client.post(
        zone_url(national, national.zone) + "hitung-ulang/", {"stage": "desk"}
    )

    assert "hitung/" in listed
    assert "hitung-ulang/" not in listed
    assert queued.status_code == 400
    assert not RecomputeJob.objects.exists()
