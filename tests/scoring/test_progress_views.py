"""Panel progress pages: the matrix per role, closing and reopening scoring from
it, hostile posts, the closed state on the panel and sheet pages."""

import pytest
from django.conf import settings

from review.models import ReviewStatus
from scoring.models import Panel, PanelMember, ScoreSheet
from scoring.progress import progress
from scoring.services.closing import close_scoring
from tests.factories import CandidateFactory, ProvincialRoundFactory, UserFactory
from tests.factories.scoring import PanelFactory, PanelMemberFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user.is_authenticated:
        client.force_login(user)
    return client


def url(panel, suffix="kemajuan"):
    return f"/penilaian/panel/{panel.pk}/{suffix}/"


def complete(panel):
    for cell in progress(panel).missing:
        ScoreSheet.objects.update_or_create(
            member=cell.member,
            candidate=cell.candidate,
            defaults={"status": ReviewStatus.SUBMITTED},
        )


def closed(panels):
    complete(panels.panel_a)
    return close_scoring(panels.panel_a, by=panels.secretary.user)


def is_closed(panel):
    return Panel.objects.get(pk=panel.pk).is_scoring_closed


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("chair", 200),
        ("secretary", 200),
        ("admin", 200),
        ("panitia_a", 200),
        ("member", 403),
        ("other_panel", 403),
        ("panitia_b", 403),
        ("anonymous", 302),
    ],
)
def test_progress_page_per_role(client, panels, who, status):
    signed_in(client, panels.users[who])

    response = client.get(url(panels.panel_a))

    assert response.status_code == status


def test_progress_page_shows_states_counts_and_missing(client, panels):
    ScoreSheet.objects.create(
        member=panels.member, candidate=panels.a1, status=ReviewStatus.SUBMITTED
    )
    signed_in(client, panels.chair.user)

    page = client.get(url(panels.panel_a)).content.decode()

    assert "1 of 26 sheets submitted" in page
    assert '<progress id="total-progress" max="26" value="1"' in page
    assert 'title="Declared: Keluarga"' in page
    assert "Own regency/city" in page
    assert "<caption" in page
    assert 'scope="row"' in page
    assert f"{panels.member.user.display_name}</strong> (Member):" in page


def test_the_secretary_gets_links_to_key_in_paper_sheets(client, panels):
    signed_in(client, panels.secretary.user)

    page = client.get(url(panels.panel_a)).content.decode()

    link = f"/penilaian/anggota/{panels.member.pk}/kandidat/{panels.a1.pk}/lembar/"
    assert link in page
    assert (
        f"/penilaian/anggota/{panels.kerinci.pk}/kandidat/{panels.a1.pk}/" not in page
    )
    assert url(panels.panel_a, "tutup") in page


@pytest.mark.parametrize("who", ["chair", "panitia_a", "admin"])
def test_only_the_secretary_keys_in_from_the_progress_page(client, panels, who):
    signed_in(client, panels.users[who])

    page = client.get(url(panels.panel_a)).content.decode()

    assert "/kandidat/" not in page or "Key in paper sheet" not in page


@pytest.mark.parametrize("who", ["panitia_a", "admin"])
def test_committee_and_admin_read_without_closing(client, panels, who):
    signed_in(client, panels.users[who])

    page = client.get(url(panels.panel_a)).content.decode()

    assert (
        url(panels.panel_a, "tutup") in page,
        url(panels.panel_a, "buka") in page,
    ) == (
        False,
        False,
    )


def test_secretary_closes_complete_scoring(client, panels):
    complete(panels.panel_a)
    signed_in(client, panels.secretary.user)

    response = client.post(url(panels.panel_a, "tutup"))

    assert (response.status_code, response["Location"]) == (302, url(panels.panel_a))
    assert is_closed(panels.panel_a)
    page = client.get(url(panels.panel_a)).content.decode()
    assert "Scoring was closed by" in page
    assert "Key in paper sheet" not in page


def test_closing_incomplete_scoring_is_refused_with_what_is_missing(client, panels):
    signed_in(client, panels.chair.user)

    response = client.post(url(panels.panel_a, "tutup"))

    page = response.content.decode()
    assert response.status_code == 409
    assert "Scoring cannot close: 26 score sheets are not submitted yet." in page
    assert "not started" in page
    assert not is_closed(panels.panel_a)


def test_closing_a_closed_panel_is_refused(client, panels):
    closed(panels)
    signed_in(client, panels.secretary.user)

    response = client.post(url(panels.panel_a, "tutup"))

    assert response.status_code == 409
    assert "This cannot be done while the panel is Closed for scoring." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 403),
        ("admin", 403),
        ("panitia_a", 403),
        ("other_panel", 403),
        ("anonymous", 302),
    ],
)
def test_closing_refused_to_others(client, panels, who, status):
    complete(panels.panel_a)
    signed_in(client, panels.users[who])

    response = client.post(url(panels.panel_a, "tutup"))

    assert response.status_code == status
    assert not is_closed(panels.panel_a)


def test_close_and_reopen_take_only_posts(client, panels):
    signed_in(client, panels.chair.user)

    answers = [
        client.get(url(panels.panel_a, "tutup")).status_code,
        client.get(url(panels.panel_a, "buka")).status_code,
    ]

    assert answers == [405, 405]


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999"])
def test_progress_of_an_unknown_panel_is_not_found(client, panels, pk):
    signed_in(client, panels.chair.user)

    answers = [
        client.get(f"/penilaian/panel/{pk}/kemajuan/").status_code,
        client.post(f"/penilaian/panel/{pk}/tutup/").status_code,
        client.post(f"/penilaian/panel/{pk}/buka/", {"reason": "x"}).status_code,
    ]

    assert answers == [404, 404, 404]


def test_the_chair_reopens_with_a_reason(client, panels):
    closed(panels)
    signed_in(client, panels.chair.user)
    assert (
        url(panels.panel_a, "buka") in client.get(url(panels.panel_a)).content.decode()
    )

    response = client.post(url(panels.panel_a, "buka"), {"reason": "Salah input"})

    assert (response.status_code, is_closed(panels.panel_a)) == (302, False)
    page = client.get(url(panels.panel_a)).content.decode()
    assert "Salah input" in page


@pytest.mark.parametrize(
    "data", [{}, {"reason": "  "}, {"reason": "salah\x00"}, {"reason": "x" * 5000}]
)
def test_reopening_refuses_a_bad_reason(client, panels, data):
    closed(panels)
    signed_in(client, panels.chair.user)

    response = client.post(url(panels.panel_a, "buka"), data)

    assert (response.status_code, is_closed(panels.panel_a)) == (400, True)


def test_reopening_an_open_panel_is_refused(client, panels):
    signed_in(client, panels.chair.user)

    response = client.post(url(panels.panel_a, "buka"), {"reason": "Salah"})

    assert response.status_code == 400


@pytest.mark.parametrize("who", ["secretary", "member", "admin", "panitia_a"])
def test_reopening_is_the_chairs(client, panels, who):
    closed(panels)
    signed_in(client, panels.users[who])

    response = client.post(url(panels.panel_a, "buka"), {"reason": "Salah"})

    assert (response.status_code, is_closed(panels.panel_a)) == (403, True)


def test_panel_page_shows_closed_state_and_links_progress(client, panels):
    closed(panels)
    signed_in(client, panels.chair.user)

    page = client.get(f"/penilaian/panel/{panels.panel_a.pk}/").content.decode()

    assert f"Closed by {panels.secretary.user.display_name} on" in page
    assert url(panels.panel_a) in page


def test_sheet_page_shows_closed_state_and_refuses_saves(client, panels):
    closed(panels)
    sheet = ScoreSheet.objects.get(member=panels.member, candidate=panels.a1)
    signed_in(client, panels.member.user)
    path = f"/penilaian/lembar/{sheet.pk}/"

    shown = client.get(path).content.decode()
    saved = client.post(path, {"version": "1"})
    autosaved = client.post(f"{path}simpan/", {"version": "1"})

    assert "Scoring of this panel is closed" in shown
    assert (saved.status_code, autosaved.status_code) == (403, 403)
    assert "can no longer be saved" in saved.content.decode()
    assert "can no longer be saved" in autosaved.json()["error"]


def test_keying_in_and_reopening_a_sheet_are_refused_once_closed(client, panels):
    closed(panels)
    sheet = ScoreSheet.objects.get(member=panels.member, candidate=panels.a1)

    keyed = signed_in(client, panels.secretary.user).get(
        f"/penilaian/anggota/{panels.member.pk}/kandidat/{panels.a2.pk}/lembar/"
    )
    reopened = signed_in(client, panels.chair.user).post(
        f"/penilaian/lembar/{sheet.pk}/buka/", {"reason": "Salah"}
    )

    assert (keyed.status_code, reopened.status_code) == (403, 403)
    assert "Scoring of this panel is closed" in keyed.content.decode()
    assert "Scoring of this panel is closed" in reopened.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == ReviewStatus.SUBMITTED


def grown_panel(size):
    """A Tim 9 with a chair and `size` more members and `size` shortlisted
    candidates, one sheet in each state per candidate."""
    round_ = ProvincialRoundFactory()
    panel = PanelFactory(round=round_)
    chair = PanelMemberFactory(panel=panel, role=PanelMember.Role.CHAIR)
    members = [PanelMemberFactory(panel=panel) for _ in range(size)]
    for _ in range(size):
        candidate = CandidateFactory(
            category__edition=round_.edition,
            regency__province=round_.province,
            status="shortlisted",
        )
        for member, status in zip(members, ReviewStatus.values, strict=False):
            ScoreSheet.objects.create(member=member, candidate=candidate, status=status)
    return panel, chair


@pytest.mark.parametrize("size", [1, 3])
def test_progress_page_query_count_does_not_grow(
    client, size, django_assert_max_num_queries
):
    panel, chair = grown_panel(size)
    signed_in(client, chair.user)

    with django_assert_max_num_queries(19):
        response = client.get(url(panel))

    assert response.status_code == 200


def test_a_user_outside_the_panel_cannot_key_in(client, panels):
    signed_in(client, UserFactory(penilai=True))

    response = client.get(
        f"/penilaian/anggota/{panels.member.pk}/kandidat/{panels.a1.pk}/lembar/"
    )

    assert response.status_code == 403


def test_progress_of_an_empty_panel(client, world):
    panel = PanelFactory(round=ProvincialRoundFactory(province=world.prov_a))
    signed_in(client, world.users["panitia_a"])

    page = client.get(url(panel)).content.decode()

    assert "No members or no shortlisted candidates yet." in page
    assert "0 of 0 sheets submitted" in page


@pytest.mark.parametrize(("who", "shown"), [("secretary", True), ("member", False)])
def test_home_links_the_panel_leaders_to_progress(client, panels, who, shown):
    signed_in(client, panels.users[who])

    page = client.get("/").content.decode()

    assert (url(panels.panel_a) in page) is shown
