"""Panel pages: the members and conflict matrix, and declaring a conflict."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nominations.models import Candidate
from scoring.models import Assignment, Declaration, Panel
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


def panel_url(panel):
    return f"/penilaian/panel/{panel.pk}/"


def declare_url(candidate):
    return f"/penilaian/kandidat/{candidate.pk}/konflik/"


def test_panel_page_shows_members_and_conflicts(panels, as_user):
    Assignment.objects.create(
        member=panels.member, candidate=panels.a1, assigned_by=panels.secretary.user
    )

    page = as_user(panels.secretary.user).get(panel_url(panels.panel_a))

    text = page.content.decode()
    assert page.status_code == 200
    assert [
        phrase in text
        for phrase in (
            "Tim 9",
            "Pemkab Kerinci",
            "Own regency/city",
            "Own employer",
            "Declared: Keluarga",
            "Assigned",
            "Not assigned",
            "Scoring is open.",
        )
    ] == [True] * 8


def test_national_jury_page_for_the_admin(panels, as_user):
    Panel.objects.filter(pk=panels.jury.pk).update(is_scoring_closed=True)

    page = as_user(panels.users["admin"]).get(panel_url(panels.jury))

    text = page.content.decode()
    assert (page.status_code, "National jury" in text, "Own province" in text) == (
        200,
        True,
        True,
    )
    assert "Scoring is closed" in text


def test_empty_panel_page(world, as_user):
    from tests.factories.scoring import PanelFactory

    panel = PanelFactory()

    page = as_user(world.users["admin"]).get(panel_url(panel))

    text = page.content.decode()
    assert ("No members yet." in text, "No shortlisted candidates yet." in text) == (
        True,
        True,
    )


@pytest.mark.parametrize("who", ["member", "other_panel", "panitia_b"])
def test_panel_page_refused_to_those_who_do_not_run_it(panels, as_user, who):
    page = as_user(panels.users[who]).get(panel_url(panels.panel_a))

    assert page.status_code == 403


def _count_page_queries(client, panel, extra):
    category = CategoryFactory(edition=panel.edition)
    for _ in range(extra):
        CandidateFactory(
            category=category,
            regency__province=panel.round.province,
            status=Candidate.Status.SHORTLISTED,
        )
    client.get(panel_url(panel))  # the session and the caches warm up
    with CaptureQueriesContext(connection) as queries:
        page = client.get(panel_url(panel))
    assert page.status_code == 200
    return len(queries)


def test_panel_page_query_count_does_not_grow(panels, as_user):
    client = as_user(panels.users["panitia_a"])

    counts = [_count_page_queries(client, panels.panel_a, n) for n in (1, 2)]

    assert counts[0] == counts[1]


def test_member_declares_a_conflict(panels, as_user):
    client = as_user(panels.member.user)

    form = client.get(declare_url(panels.a1))
    sent = client.post(declare_url(panels.a1), {"reason": "Ipar saya bupati."})

    declaration = Declaration.objects.get(member=panels.member)
    assert (form.status_code, sent.status_code, declaration.reason) == (
        200,
        302,
        "Ipar saya bupati.",
    )
    assert not panels.member.user.has_perm(
        "scoring.view_candidate_as_assessor", panels.a1
    )


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", "This field is required."), ("x" * 1001, "at most 1000 characters")],
)
def test_declaration_form_refuses_bad_reasons(panels, as_user, reason, message):
    page = as_user(panels.member.user).post(declare_url(panels.a1), {"reason": reason})

    assert (page.status_code, message in page.content.decode()) == (400, True)


def test_second_declaration_is_refused_on_the_page(panels, as_user):
    page = as_user(panels.declarer.user).post(declare_url(panels.a2), {"reason": "x"})

    assert (
        page.status_code,
        "declared this conflict already" in page.content.decode(),
    ) == (
        400,
        True,
    )


def test_declaration_without_a_seat_says_so(panels, world, as_user):
    page = as_user(world.users["superuser"]).post(
        declare_url(panels.a1), {"reason": "x"}
    )

    assert (page.status_code, "do not sit on a panel" in page.content.decode()) == (
        400,
        True,
    )


def test_declaration_refused_outside_ones_panels(panels, as_user):
    page = as_user(panels.other_panel.user).get(declare_url(panels.a1))

    assert page.status_code == 403


def test_committee_sets_up_the_tim9_of_its_round(panels, as_user):
    from tests.factories import ProvincialRoundFactory

    round_ = ProvincialRoundFactory(
        edition=EditionFactory(award_year=2026), province=panels.world.prov_a
    )
    client = as_user(panels.users["panitia_a"])
    url = f"/penilaian/2026/provinsi/{round_.province_id}/"

    before = client.get(url)
    created = client.post(url)

    panel = Panel.objects.get(round=round_)
    assert (before.status_code, "Set up the Tim 9" in before.content.decode()) == (
        200,
        True,
    )
    assert (created.status_code, created["Location"]) == (302, panel_url(panel))


def test_round_panel_leads_to_the_existing_panel(panels, as_user):
    url = f"/penilaian/{panels.edition.award_year}/provinsi/15/"

    page = as_user(panels.users["panitia_a"]).get(url)

    assert (page.status_code, page["Location"]) == (302, panel_url(panels.panel_a))


def test_committee_adds_a_member_with_an_affiliation(panels, as_user):
    assessor = UserFactory(penilai=True)
    data = {
        "user": assessor.pk,
        "role": "member",
        "organisation": "APINDO Jambi",
        "regency": panels.world.reg_a2.pk,
        "npp": panels.employer.npp,
    }

    page = as_user(panels.users["panitia_a"]).post(
        f"/penilaian/panel/{panels.panel_a.pk}/anggota/", data
    )

    member = panels.panel_a.members.get(user=assessor)
    assert (page.status_code, member.regency, member.employer) == (
        302,
        panels.world.reg_a2,
        panels.employer,
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"npp": "00000000"}, "No employer has this NPP."),
        ({"regency": "21.05"}, "Select a valid choice"),
        ({"organisation": ""}, "This field is required."),
    ],
)
def test_member_form_refuses_bad_input(panels, as_user, fields, message):
    data = {
        "user": UserFactory(penilai=True).pk,
        "role": "member",
        "organisation": "APINDO",
        **fields,
    }

    page = as_user(panels.users["admin"]).post(
        f"/penilaian/panel/{panels.panel_a.pk}/anggota/", data
    )

    assert (page.status_code, message in page.content.decode()) == (400, True)


def test_member_form_shows_the_services_refusal(panels, as_user):
    Panel.objects.filter(pk=panels.panel_a.pk).update(is_scoring_closed=True)
    data = {"user": UserFactory(penilai=True).pk, "role": "member", "organisation": "X"}

    page = as_user(panels.users["admin"]).post(
        f"/penilaian/panel/{panels.panel_a.pk}/anggota/", data
    )

    assert (page.status_code, "Scoring is closed" in page.content.decode()) == (
        400,
        True,
    )


def test_committee_changes_a_role_and_removes_a_member(panels, as_user):
    client = as_user(panels.users["panitia_a"])

    promoted = client.post(f"/penilaian/anggota/{panels.member.pk}/", {"role": "chair"})
    removed = client.post(f"/penilaian/anggota/{panels.kerinci.pk}/", {"remove": "1"})

    roles = dict(panels.panel_a.members.values_list("pk", "role"))
    assert (promoted.status_code, removed.status_code) == (302, 302)
    assert (
        roles[panels.member.pk],
        roles[panels.chair.pk],
        panels.kerinci.pk in roles,
    ) == (
        "chair",
        "member",
        False,
    )


def test_role_change_refusal_is_shown_as_a_message(panels, as_user):
    client = as_user(panels.users["panitia_a"])

    page = client.post(
        f"/penilaian/anggota/{panels.member.pk}/", {"role": "ketua"}, follow=True
    )

    assert "Choose a role" in page.content.decode()


def test_round_panel_refused_to_another_committee(panels, as_user):
    url = f"/penilaian/{panels.edition.award_year}/provinsi/15/"

    page = as_user(panels.users["panitia_b"]).get(url)

    assert page.status_code == 403


def test_secretary_assigns_a_subset_on_the_panel_page(panels, as_user):
    client = as_user(panels.secretary.user)
    url = f"/penilaian/anggota/{panels.member.pk}/tugas/"

    sent = client.post(url, {"candidates": [panels.a1.pk, panels.a2.pk]})

    page = client.get(panel_url(panels.panel_a))
    assigned = sorted(panels.member.assignments.values_list("candidate_id", flat=True))
    assert (sent.status_code, assigned) == (302, sorted([panels.a1.pk, panels.a2.pk]))
    assert page.content.decode().count(" checked>") == 2


def test_assignment_of_another_panels_candidate_is_refused(panels, as_user):
    client = as_user(panels.secretary.user)
    url = f"/penilaian/anggota/{panels.member.pk}/tugas/"

    page = client.post(url, {"candidates": [panels.b1.pk]}, follow=True)

    assert (
        "not scored by this panel" in page.content.decode(),
        Assignment.objects.count(),
    ) == (
        True,
        0,
    )


def test_assignment_refused_to_a_plain_member(panels, as_user):
    page = as_user(panels.member.user).post(
        f"/penilaian/anggota/{panels.member.pk}/tugas/", {"candidates": []}
    )

    assert page.status_code == 403
