"""The national admin edits an edition in the portal; the edition page lists every
province, started or not."""

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from nominations.models import Edition, Stage
from tests.factories import EditionFactory, ProvinceFactory, ProvincialRoundFactory

URL = "/nominasi/2025/ubah/"
VALID = {
    "name": "Paritrana Award 2025 (revisi)",
    "assessment_year": "2024",
    "period_start": "2025-03-01",
    "period_end": "2025-11-30",
    "status": "running",
    "advance_limit": "3",
    "interview__from": "2025-06-17",
    "interview__to": "2025-07-12",
}


@pytest.fixture
def edition(world):
    return EditionFactory(award_year=2025)


@pytest.fixture
def admin(client, world, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["admin"])
    return client


def test_admin_saves_fields_and_stage_dates(admin, edition):
    response = admin.post(URL, VALID)

    edition.refresh_from_db()
    stage = Stage.objects.get(edition=edition, kind="interview")
    assert (response.status_code, edition.name, stage.starts_on.isoformat()) == (
        302,
        "Paritrana Award 2025 (revisi)",
        "2025-06-17",
    )


def test_changes_are_logged_with_who_and_what(admin, world, edition):
    admin.post(URL, VALID)

    entry = LogEntry.objects.get(object_id=str(edition.pk))
    with translation.override("en"):
        message = entry.get_change_message()
    assert (entry.user, message) == (
        world.users["admin"],
        "Changed name and Interview dates.",
    )


def test_period_ending_before_it_starts_is_refused(admin, edition):
    response = admin.post(URL, {**VALID, "period_end": "2025-01-01"})

    assert (response.status_code, Edition.objects.get().name) == (
        400,
        "Paritrana Award 2025",
    )


def test_stage_ending_before_it_starts_is_refused(admin, edition):
    response = admin.post(URL, {**VALID, "interview__to": "2025-06-01"})

    assert (response.status_code, Stage.objects.count()) == (400, 0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Award\x00"),
        ("assessment_year", "9" * 30),
        ("assessment_year", "abc"),
        ("advance_limit", "-1"),
        ("advance_limit", "٣٠"),
        ("status", "gone"),
        ("interview__from", "2025-13-45"),
        ("interview__from", "\x00"),
    ],
    ids=repr,
)
def test_crafted_input_is_refused_clearly(admin, edition, field, value):
    response = admin.post(URL, {**VALID, field: value})

    assert response.status_code == 400


def test_missing_keys_are_refused_clearly(admin, edition):
    response = admin.post(URL, {})

    assert response.status_code == 400


@pytest.mark.parametrize("role", ["panitia_a", "verifikator_kanwil_a", "petugas_a"])
def test_only_the_national_admin_edits(client, world, edition, role):
    client.force_login(world.users[role])

    response = client.post(URL, VALID)

    assert (response.status_code, Edition.objects.get().name) == (
        403,
        "Paritrana Award 2025",
    )


def test_edition_page_lists_provinces_not_started(admin, world, edition):
    ProvincialRoundFactory(edition=edition, province=world.prov_a)

    response = admin.get("/nominasi/2025/")

    rows = [
        (r["province"].code, r["round"] is None) for r in response.context["progress"]
    ]
    assert (rows, response.text.count('name="start"')) == (
        [("15", False), ("21", True)],
        1,
    )


def test_committee_may_start_only_its_own_province(client, world, edition):
    client.force_login(world.users["panitia_a"])

    response = client.get("/nominasi/2025/")

    rows = [(r["province"].code, r["may_start"]) for r in response.context["progress"]]
    assert rows == [("15", True)]


def test_edition_page_query_count_does_not_grow_with_provinces(
    admin, world, edition, django_assert_num_queries
):
    admin.get("/nominasi/2025/")
    with CaptureQueriesContext(connection) as one:
        admin.get("/nominasi/2025/")
    for province in ProvinceFactory.create_batch(3):
        ProvincialRoundFactory(edition=edition, province=province)

    with django_assert_num_queries(len(one)):
        admin.get("/nominasi/2025/")
