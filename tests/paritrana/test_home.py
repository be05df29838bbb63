"""The home page: the public overview for visitors, and a home per role saying what
to do next, each in a bounded number of queries."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from nominations.models import ProvincialRound, RoundStage
from review.models import ReviewStatus, StatusChange
from tests.factories import (
    CoverageReportFactory,
    EditionFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    ProvincialRoundFactory,
    RegencyFactory,
)

pytestmark = pytest.mark.django_db


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def submitted(
    record, *, days_ago: int, status: str = ReviewStatus.SUBMITTED, reason: str = ""
):
    """Log the record's move to `status` that many days ago."""
    record.status = status
    record.save(update_fields=["status"])
    change = StatusChange.objects.create(
        record=record, from_status=ReviewStatus.DRAFT, to_status=status, reason=reason
    )
    at = timezone.now() - timedelta(days=days_ago)
    StatusChange.objects.filter(pk=change.pk).update(at=at)
    return record


def panel(response, index: int = 0):
    return response.context["panels"][index].context


def test_home_shows_national_totals_of_current_regions_to_visitors(client, world):
    RegencyFactory(province=world.prov_b, is_active=False)

    response = client.get("/")

    assert (response.status_code, response.context["totals"]) == (
        200,
        {"provinces": 2, "regencies": 3, "districts": 3, "villages": 3},
    )


def test_home_of_a_role_without_a_worklist_is_the_public_overview(client, world):
    client.force_login(world.users["no_role"])

    response = client.get("/")

    assert ("totals" in response.context, "panels" in response.context) == (
        True,
        False,
    )


@pytest.mark.parametrize(
    ("user_key", "templates"),
    [
        ("superuser", ["paritrana/panels/national_progress.html"]),
        ("penilai", ["paritrana/panels/assessor_sheets.html"]),
        ("no_role", None),
    ],
)
def test_home_panels_follow_the_role(client, world, user_key, templates):
    client.force_login(world.users[user_key])

    response = client.get("/")

    panels = response.context.get("panels")
    assert ([p.template for p in panels] if panels else None) == templates


def test_sign_in_lands_on_the_role_s_home(client, world):
    in_english(client)
    world.users["petugas_a"].set_password("kopi-tubruk-2025")
    world.users["petugas_a"].save()

    response = client.post(
        "/akun/masuk/",
        {"username": world.users["petugas_a"].username, "password": "kopi-tubruk-2025"},
        follow=True,
    )

    assert response.redirect_chain == [("/", 302)]
    assert "<h1>What to do next</h1>" in response.text


def test_branch_home_lists_its_regions_reports_needing_work_first(client, world):
    in_english(client)
    CoverageReportFactory(regency=world.reg_a1, year=2023, status="approved")
    returned = CoverageReportFactory(
        regency=world.reg_a2, year=2024, pemberi_kerja=None
    )
    submitted(
        returned,
        days_ago=1,
        status=ReviewStatus.RETURNED,
        reason="PU figure is last year's",
    )
    client.force_login(world.users["petugas_a"])

    response = client.get("/")

    with translation.override("en"):
        rows = [
            (
                row["item"].code,
                row["item"].state,
                [str(name) for name in row["blank"]],
                row["reason"],
                row["may_start"],
            )
            for row in panel(response)["rows"]
        ]
    assert (panel(response)["year"], rows) == (
        2024,
        [
            (
                "15.71",
                "returned",
                ["registered employers"],
                "PU figure is last year's",
                False,
            ),
            ("15.01", "missing", [], "", True),
        ],
    )
    assert "Returned: PU figure is last year&#x27;s" in response.text


def test_verifier_home_queues_what_waits_for_it_oldest_first(client, world):
    in_english(client)
    newer = submitted(
        CoverageReportFactory(regency=world.reg_a1, year=2024), days_ago=2
    )
    older = submitted(
        CoverageReportFactory(regency=world.reg_a2, year=2024), days_ago=9
    )
    submitted(CoverageReportFactory(regency=world.reg_b1, year=2024), days_ago=30)
    CoverageReportFactory(province=world.prov_a, regency=None, year=2024)
    employer = EmployerFactory(regency=world.reg_a2, branch=world.branch_a)
    compliance = submitted(EmployerComplianceFactory(employer=employer), days_ago=5)
    client.force_login(world.users["verifikator_kanwil_a"])

    response = client.get("/")

    rows = [(row["record"], row["days"]) for row in panel(response)["rows"]]
    assert rows == [(older, 9), (compliance, 5), (newer, 2)]
    assert "3 records wait for your approval, oldest first" in response.text


def test_committee_home_shows_its_round_stage_dates_and_next_action(client, world):
    in_english(client)
    edition = EditionFactory(award_year=2025)
    round_ = ProvincialRoundFactory(
        edition=edition, province=world.prov_a, status=ProvincialRound.Status.SCORING
    )
    for kind, start in (("data_collection", 3), ("scoring", 5)):
        RoundStage.objects.create(
            round=round_,
            kind=kind,
            starts_on=date(2025, start, 1),
            ends_on=date(2025, start, 28),
        )
    client.force_login(world.users["panitia_a"])

    response = client.get("/")

    current = panel(response)["current"]
    assert (current.round, current.status, [s.kind for s in current.stages]) == (
        round_,
        "scoring",
        ["data_collection", "scoring"],
    )
    assert "The assessors score the candidates; follow their progress." in (
        response.text
    )
    assert 'href="/nominasi/2025/provinsi/15/"' in response.text
    assert 'href="/penilaian/2025/provinsi/15/"' in response.text  # its Tim 9


def test_committee_home_before_its_round_starts_says_to_start_it(client, world):
    in_english(client)
    EditionFactory(award_year=2025)
    client.force_login(world.users["panitia_b"])

    response = client.get("/")

    current = panel(response)["current"]
    with translation.override("en"):
        shown = (current.round, str(current.status_label), current.stages)
    assert shown == (
        None,
        "Not started",
        [],
    )
    assert "/penilaian/" not in response.text  # no Tim 9 before the round
    assert "Start the round: its stage dates are taken from the edition." in (
        response.text
    )


def test_national_home_shows_progress_with_links_to_completeness_and_editions(
    client, world
):
    in_english(client)
    CoverageReportFactory(regency=world.reg_a1, year=2024, status="approved")
    CoverageReportFactory(regency=world.reg_a2, year=2024)
    edition = EditionFactory(award_year=2025)
    ProvincialRoundFactory(edition=edition, province=world.prov_a)
    client.force_login(world.users["admin"])

    response = client.get("/")

    progress = panel(response)
    counts = {cell["state"]: cell["count"] for cell in progress["summary"]["states"]}
    assert (progress["year"], progress["summary"]["expected"], counts) == (
        2024,
        5,
        {"approved": 1, "submitted": 0, "returned": 0, "draft": 1, "missing": 3},
    )
    assert [(r["edition"], r["rounds"]) for r in progress["editions"]] == [(edition, 1)]
    assert 'href="/cakupan/kelengkapan/?year=2024"' in response.text
    assert 'href="/nominasi/"' in response.text


def test_home_dates_are_indonesian(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    round_ = ProvincialRoundFactory(edition=EditionFactory(), province=world.prov_a)
    RoundStage.objects.create(
        round=round_,
        kind="data_collection",
        starts_on=date(2025, 8, 17),
        ends_on=date(2025, 12, 31),
    )
    client.force_login(world.users["panitia_a"])

    response = client.get("/")

    assert ("17 Agu 2025" in response.text, "31 Des 2025" in response.text) == (
        True,
        True,
    )


def test_home_numbers_are_indonesian(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    submitted(CoverageReportFactory(regency=world.reg_a1, year=2022), days_ago=1043)
    client.force_login(world.users["verifikator_kanwil_a"])

    response = client.get("/")

    assert '<td class="num">1.043</td>' in response.text


# query counts: a role's home costs the same with one item as with three


def add_reports(world, n):
    for _ in range(n):
        regency = RegencyFactory(province=world.prov_a)
        world.branch_a.regencies.add(regency)
        submitted(CoverageReportFactory(regency=regency, year=2024), days_ago=3)
        employer = EmployerFactory(regency=regency, branch=world.branch_a)
        submitted(EmployerComplianceFactory(employer=employer), days_ago=4)


def add_rounds(world, edition, n):
    for _ in range(n):
        round_ = ProvincialRoundFactory(
            edition=edition, province=RegencyFactory().province
        )
        RoundStage.objects.create(
            round=round_,
            kind="data_collection",
            starts_on=date(2025, 3, 1),
            ends_on=date(2025, 3, 31),
        )
    EditionFactory(award_year=2024 - n)


def home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("user_key", "most"),
    [
        ("petugas_a", 13),
        # The menu asks permission rules: two queries for the user's own and group
        # permissions (cached for the request) come before the panels.
        ("verifikator_cabang_a", 11),
        ("verifikator_kanwil_a", 11),
        ("panitia_a", 12),
        ("admin", 12),
    ],
)
def test_home_of_each_role_runs_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries, user_key, most
):
    client.force_login(world.users[user_key])
    edition = EditionFactory(award_year=2025)
    add_reports(world, 1)
    add_rounds(world, edition, 1)
    one = home_queries(client)
    add_reports(world, 2)
    add_rounds(world, edition, 2)

    with django_assert_max_num_queries(one):
        client.get("/")
    assert one <= most
