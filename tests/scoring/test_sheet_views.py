"""Score sheet pages: opening, the normal form (save and submit without
JavaScript), the background draft save (JSON, 409 when stale), the chair's
reopening, hidden scores, and the assessor's home worklist."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nominations.models import Interview, InterviewSlot, Stage
from review.models import ReviewStatus
from scoring.models import Criterion, Panel, ScoreSheet
from scoring.services.methodology import create_methodology
from scoring.services.sheets import open_sheet, save_sheet, submit_sheet
from tests.factories import CandidateFactory, RegencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric(panels, document):
    create_methodology(
        document, category=panels.a1.category, tier=Stage.Tier.PROVINCIAL
    )
    return list(
        Criterion.objects.filter(source=Criterion.Source.RUBRIC).order_by("code")
    )


@pytest.fixture
def sheet(panels, rubric):
    return open_sheet(panels.member, panels.a1, by=panels.member.user)


def signed_in(client, user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def form(rubric, version, *scores, **extra):
    data = {"version": str(version), **extra}
    for criterion, score in zip(rubric, scores, strict=False):
        data[f"level-{criterion.pk}"] = str(criterion.levels.get(score=score).pk)
    return data


def test_sheet_open_creates_the_members_sheet_and_redirects(client, panels, rubric):
    signed_in(client, panels.member.user)

    response = client.get(f"/penilaian/kandidat/{panels.a1.pk}/lembar/")

    sheet = ScoreSheet.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        f"/penilaian/lembar/{sheet.pk}/",
    )
    assert sheet.member == panels.member


def test_sheet_open_without_a_seat_goes_home(client, panels, rubric):
    signed_in(client, panels.users["superuser"])

    response = client.get(f"/penilaian/kandidat/{panels.a1.pk}/lembar/")

    assert (response.status_code, response["Location"]) == (302, "/")


def test_sheet_open_refuses_a_conflicted_member(client, panels, rubric):
    signed_in(client, panels.kerinci.user)

    response = client.get(f"/penilaian/kandidat/{panels.a1.pk}/lembar/")

    assert response.status_code == 403


def test_the_secretary_opens_a_members_sheet_to_key_in(client, panels, rubric):
    signed_in(client, panels.secretary.user)

    response = client.get(
        f"/penilaian/anggota/{panels.member.pk}/kandidat/{panels.a1.pk}/lembar/"
    )

    sheet = ScoreSheet.objects.get()
    assert (response["Location"], sheet.member) == (
        f"/penilaian/lembar/{sheet.pk}/",
        panels.member,
    )


def test_the_secretary_cannot_key_in_for_a_conflicted_member(client, panels, rubric):
    signed_in(client, panels.secretary.user)

    response = client.get(
        f"/penilaian/anggota/{panels.kerinci.pk}/kandidat/{panels.a1.pk}/lembar/"
    )

    assert (response.status_code, ScoreSheet.objects.count()) == (302, 0)


def test_sheet_page_shows_the_rubric_levels_as_radio_buttons(client, panels, sheet):
    signed_in(client, panels.member.user)

    response = client.get(f"/penilaian/lembar/{sheet.pk}/")

    assert response.status_code == 200
    assert response.text.count('type="radio"') == 10
    assert "Hidden until you have submitted your own sheet." in response.text
    assert "js/score_sheet.js" in response.text


def test_the_form_saves_a_draft_without_javascript(client, panels, sheet, rubric):
    signed_in(client, panels.member.user)

    response = client.post(f"/penilaian/lembar/{sheet.pk}/", form(rubric, 1, 3))

    sheet.refresh_from_db()
    assert (response.status_code, sheet.version, sheet.status) == (302, 2, "draft")


def test_the_form_submits_a_complete_sheet(client, panels, sheet, rubric):
    signed_in(client, panels.member.user)

    client.post(f"/penilaian/lembar/{sheet.pk}/", form(rubric, 1, 3, 4, submit="1"))

    sheet.refresh_from_db()
    assert sheet.status == ReviewStatus.SUBMITTED


def test_the_form_names_the_criteria_left_unscored(client, panels, sheet, rubric):
    signed_in(client, panels.member.user)

    response = client.post(
        f"/penilaian/lembar/{sheet.pk}/", form(rubric, 1, 3, submit="1")
    )

    assert response.status_code == 400
    assert "Choose a level for WAW.2" in response.text


@pytest.mark.parametrize(("version", "status"), [("1", 409), ("", 400)])
def test_the_form_refuses_a_stale_or_missing_version(
    client, panels, sheet, rubric, version, status
):
    save_sheet(
        sheet, notes={rubric[0].pk: "x"}, by=panels.member.user, expected_version=1
    )
    signed_in(client, panels.member.user)

    response = client.post(f"/penilaian/lembar/{sheet.pk}/", {"version": version})

    assert response.status_code == status


def test_autosave_answers_the_new_version(client, panels, sheet, rubric):
    signed_in(client, panels.member.user)

    response = client.post(
        f"/penilaian/lembar/{sheet.pk}/simpan/",
        {"version": "1", f"note-{rubric[1].pk}": "Program baru"},
    )

    assert (response.status_code, response.json()) == (
        200,
        {"version": 2, "saved": True},
    )


def test_autosave_refuses_a_stale_version_with_409(client, panels, sheet, rubric):
    save_sheet(
        sheet, notes={rubric[0].pk: "x"}, by=panels.member.user, expected_version=1
    )
    signed_in(client, panels.member.user)

    response = client.post(f"/penilaian/lembar/{sheet.pk}/simpan/", form(rubric, 1, 5))

    body = response.json()
    assert (response.status_code, body["version"]) == (409, 2)
    assert "Someone else saved this score sheet" in body["error"]


@pytest.mark.parametrize(
    ("data", "status"),
    [({"version": "x"}, 400), ({"version": "1", "note-{waw1}": "a\x00"}, 400)],
)
def test_autosave_refuses_bad_input(client, panels, sheet, rubric, data, status):
    signed_in(client, panels.member.user)
    data = {k.format(waw1=rubric[0].pk): v for k, v in data.items()}

    response = client.post(f"/penilaian/lembar/{sheet.pk}/simpan/", data)

    assert (response.status_code, "error" in response.json()) == (status, True)


def test_autosave_refuses_a_submitted_sheet(client, panels, sheet, rubric):
    signed_in(client, panels.member.user)
    client.post(f"/penilaian/lembar/{sheet.pk}/", form(rubric, 1, 3, 4, submit="1"))

    response = client.post(f"/penilaian/lembar/{sheet.pk}/simpan/", {"version": "3"})

    assert response.status_code == 403


def test_autosave_refuses_another_member(client, panels, sheet):
    signed_in(client, panels.declarer.user)

    response = client.post(f"/penilaian/lembar/{sheet.pk}/simpan/", {"version": "1"})

    assert response.status_code == 403


def submit(panels, member, rubric, *scores):
    sheet = open_sheet(member, panels.a1, by=member.user)
    levels = {
        c.pk: c.levels.get(score=s).pk for c, s in zip(rubric, scores, strict=True)
    }
    save_sheet(sheet, levels=levels, by=member.user, expected_version=1)
    return submit_sheet(sheet, by=member.user, expected_version=2)


def test_other_scores_show_once_the_member_submitted(client, panels, sheet, rubric):
    submit(panels, panels.chair, rubric, 5, 5)
    signed_in(client, panels.member.user)
    hidden = client.get(f"/penilaian/lembar/{sheet.pk}/").text
    submit(panels, panels.member, rubric, 2, 3)

    shown = client.get(f"/penilaian/lembar/{sheet.pk}/").text

    scores = "WAW.1 5, WAW.2 5"
    assert (scores in hidden, scores in shown) == (False, True)


def test_the_chair_reopens_with_a_reason(client, panels, rubric):
    sheet = submit(panels, panels.member, rubric, 2, 3)
    signed_in(client, panels.chair.user)
    page = client.get(f"/penilaian/lembar/{sheet.pk}/").text

    response = client.post(
        f"/penilaian/lembar/{sheet.pk}/buka/", {"reason": "Salah input"}
    )

    sheet.refresh_from_db()
    assert "Reason for reopening" in page
    assert (response.status_code, sheet.status) == (302, ReviewStatus.RETURNED)


def test_reopening_without_a_reason_is_refused(client, panels, rubric):
    sheet = submit(panels, panels.member, rubric, 2, 3)
    signed_in(client, panels.chair.user)

    client.post(f"/penilaian/lembar/{sheet.pk}/buka/", {"reason": " "})

    sheet.refresh_from_db()
    assert sheet.status == ReviewStatus.SUBMITTED


def test_reopening_needs_the_chair(client, panels, rubric):
    sheet = submit(panels, panels.member, rubric, 2, 3)
    signed_in(client, panels.secretary.user)

    response = client.post(f"/penilaian/lembar/{sheet.pk}/buka/", {"reason": "x"})

    assert response.status_code == 403


def test_a_sheet_keyed_by_the_secretary_says_so(client, panels, rubric):
    secretary = panels.secretary.user
    sheet = open_sheet(panels.member, panels.a1, by=secretary)
    save_sheet(sheet, notes={rubric[0].pk: "Kertas"}, by=secretary, expected_version=1)
    signed_in(client, panels.member.user)

    response = client.get(f"/penilaian/lembar/{sheet.pk}/")

    assert f"Keyed in from a paper sheet by {secretary.display_name}" in response.text


def test_other_users_cannot_see_a_sheet(client, panels, sheet):
    signed_in(client, panels.declarer.user)

    response = client.get(f"/penilaian/lembar/{sheet.pk}/")

    assert response.status_code == 403


def test_home_lists_the_assessors_candidates_with_interview_and_sheet_state(
    client, panels, sheet
):
    slot = InterviewSlot.objects.create(
        round=panels.round_a,
        category=panels.a1.category,
        starts_at=timezone.now() + timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=2, hours=1),
        mode=InterviewSlot.Mode.DARING,
    )
    Interview.objects.create(candidate=panels.a1, slot=slot)
    signed_in(client, panels.member.user)

    response = client.get("/")

    [work] = response.context["panels"][0].context["panels"]
    rows = [(r.candidate, r.interview is not None, r.sheet) for r in work.rows]
    assert rows == [
        (panels.a1, True, sheet),
        (panels.a2, False, None),
        (panels.desa_a1, False, None),
        (panels.employer_a, False, None),
        (panels.prov_a, False, None),
    ]


def test_home_of_a_closed_panel_offers_no_new_sheet(client, panels):
    Panel.objects.filter(pk=panels.panel_a.pk).update(is_scoring_closed=True)
    signed_in(client, panels.member.user)

    response = client.get("/")

    assert "scoring closed" in response.text
    assert "Start scoring" not in response.text


def test_home_of_an_assessor_without_a_seat(client, panels):
    signed_in(client, panels.users["penilai"])

    response = client.get("/")

    assert "You do not sit on a panel yet." in response.text


def home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_of_an_assessor_runs_a_fixed_number_of_queries(client, panels, sheet):
    signed_in(client, panels.member.user)
    one = home_queries(client)
    for _ in range(3):
        candidate = CandidateFactory(
            category=panels.a1.category,
            regency=RegencyFactory(province=panels.world.prov_a),
            status="shortlisted",
        )
        open_sheet(panels.member, candidate, by=panels.member.user)

    more = home_queries(client)

    assert more == one


def test_only_the_secretary_keys_in_for_a_member(client, panels, rubric):
    signed_in(client, panels.chair.user)

    response = client.get(
        f"/penilaian/anggota/{panels.member.pk}/kandidat/{panels.a1.pk}/lembar/"
    )

    assert (response.status_code, ScoreSheet.objects.count()) == (403, 0)
