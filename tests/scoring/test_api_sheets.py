"""Score sheets over the API: an assessor lists and reads own sheets, opens one,
saves drafts and submits with the sheet page's rules; others are refused;
hostile bodies are a 400 naming the field, and change nothing."""

import pytest
from rest_framework.test import APIClient

from accounts.tokens import issue_token
from nominations.models import Stage
from review.models import ReviewStatus
from scoring.models import Criterion, Panel, ScoreSheet, SheetScore
from scoring.services.methodology import create_methodology
from scoring.services.sheets import open_sheet

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


def as_user(user):
    """A machine client with the user's API token."""
    client = APIClient()
    _token, key = issue_token(user, name="skrip", days=1)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def level(criterion, score):
    return criterion.levels.get(score=score).pk


def all_scored(rubric, score=3):
    return [{"criterion": c.pk, "level": level(c, score)} for c in rubric]


def test_the_assessor_lists_own_sheets_only(panels, sheet):
    open_sheet(panels.chair, panels.a1, by=panels.chair.user)

    response = as_user(panels.member.user).get("/api/v1/score-sheets/")

    assert [row["id"] for row in response.json()["results"]] == [sheet.pk]
    assert response.json()["results"][0]["candidate"]["id"] == panels.a1.pk


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_takes_a_fixed_number_of_queries(
    panels, rubric, count, django_assert_max_num_queries
):
    for candidate in [panels.a1, panels.a2, panels.prov_a][:count]:
        ScoreSheet.objects.create(member=panels.member, candidate=candidate)
    client = as_user(panels.member.user)

    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/score-sheets/")

    assert response.json()["count"] == count


def test_reading_a_sheet_shows_its_criteria_and_levels(panels, sheet, rubric):
    response = as_user(panels.member.user).get(f"/api/v1/score-sheets/{sheet.pk}/")

    body = response.json()
    assert [c["id"] for c in body["criteria"]] == [c.pk for c in rubric]
    assert body["criteria"][0]["levels"][0]["id"]
    assert (body["status"], body["version"]) == (ReviewStatus.DRAFT, 1)


@pytest.mark.parametrize("user", ["other_panel", "petugas_a", "panitia_b"])
def test_others_do_not_see_the_sheet(panels, sheet, user):
    response = as_user(panels.users[user]).get(f"/api/v1/score-sheets/{sheet.pk}/")

    assert response.status_code == 404


def test_anonymous_is_refused(panels, sheet):
    response = APIClient().get("/api/v1/score-sheets/")

    assert response.status_code == 401


def test_opening_a_sheet_for_a_candidate(panels, rubric):
    client = as_user(panels.member.user)

    created = client.post("/api/v1/score-sheets/", {"candidate": panels.a1.pk})
    again = client.post("/api/v1/score-sheets/", {"candidate": panels.a1.pk})

    assert (created.status_code, again.status_code) == (201, 201)
    assert created.json()["id"] == again.json()["id"] == ScoreSheet.objects.get().pk


def test_opening_a_sheet_for_an_unknown_candidate_is_a_400(panels, rubric):
    response = as_user(panels.member.user).post(
        "/api/v1/score-sheets/", {"candidate": 999_999_999}
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "candidate"


def test_a_conflicted_member_cannot_open_a_sheet(panels, rubric):
    response = as_user(panels.kerinci.user).post(
        "/api/v1/score-sheets/", {"candidate": panels.a1.pk}
    )

    assert response.status_code in (403, 409)
    assert not ScoreSheet.objects.exists()


def test_saving_a_draft_then_submitting(panels, sheet, rubric):
    client = as_user(panels.member.user)
    path = f"/api/v1/score-sheets/{sheet.pk}/"

    saved = client.patch(
        path, {"version": 1, "scores": all_scored(rubric)}, format="json"
    )
    submitted = client.post(f"{path}submit/", {"version": 2}, format="json")

    assert saved.status_code == 200
    assert saved.json()["criteria"][0]["level"] == level(rubric[0], 3)
    assert submitted.status_code == 200
    assert submitted.json()["status"] == ReviewStatus.SUBMITTED
    again = client.patch(path, {"version": 3, "scores": []}, format="json")
    assert again.status_code == 403


def test_submitting_an_incomplete_sheet_names_the_criteria(panels, sheet, rubric):
    client = as_user(panels.member.user)

    response = client.post(
        f"/api/v1/score-sheets/{sheet.pk}/submit/", {"version": 1}, format="json"
    )

    assert response.status_code == 400
    assert [e["rule"] for e in response.json()["errors"]] == ["unscored"] * len(rubric)
    sheet.refresh_from_db()
    assert sheet.status == ReviewStatus.DRAFT


def test_a_stale_version_is_a_409(panels, sheet, rubric):
    client = as_user(panels.member.user)
    path = f"/api/v1/score-sheets/{sheet.pk}/"
    client.patch(path, {"version": 1, "scores": all_scored(rubric)}, format="json")

    response = client.patch(
        path, {"version": 1, "scores": all_scored(rubric, 1)}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["current_version"] == 2


def test_a_level_of_another_criterion_is_a_400(panels, sheet, rubric):
    body = {
        "version": 1,
        "scores": [{"criterion": rubric[0].pk, "level": level(rubric[1], 1)}],
    }

    response = as_user(panels.member.user).patch(
        f"/api/v1/score-sheets/{sheet.pk}/", body, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["rule"] == "level_of_other_criterion"
    assert not SheetScore.objects.exists()


def test_the_chair_cannot_save_a_members_sheet(panels, sheet, rubric):
    response = as_user(panels.chair.user).patch(
        f"/api/v1/score-sheets/{sheet.pk}/",
        {"version": 1, "scores": all_scored(rubric)},
        format="json",
    )

    assert response.status_code == 403
    assert not SheetScore.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scores": []}, "version"),
        ({"version": "٢", "scores": []}, "version"),
        ({"version": 10**30, "scores": []}, "version"),
        ({"version": 1}, "scores"),
        ({"version": 1, "scores": "semua"}, "scores"),
        ({"version": 1, "scores": [{"level": 1}]}, "scores.0.criterion"),
        ({"version": 1, "scores": [{"criterion": "١"}]}, "scores.0.criterion"),
        (
            {"version": 1, "scores": [{"criterion": 1, "note": "a\x00"}]},
            "scores.0.note",
        ),
        (
            {"version": 1, "scores": [{"criterion": 1, "note": "x" * 2001}]},
            "scores.0.note",
        ),
        (
            {"version": 1, "scores": [{"criterion": 1, "level": 2**70}]},
            "scores.0.level",
        ),
        ({"version": 1, "scores": [{"criterion": 1, "warna": 1}]}, "scores.0.warna"),
        ({"version": 1, "scores": [], "status": "submitted"}, "status"),
    ],
)
def test_hostile_bodies_are_a_400_naming_the_field(panels, sheet, body, field):
    response = as_user(panels.member.user).patch(
        f"/api/v1/score-sheets/{sheet.pk}/", body, format="json"
    )

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]
    sheet.refresh_from_db()
    assert (sheet.version, SheetScore.objects.count()) == (1, 0)


def test_a_repeated_criterion_is_a_400(panels, sheet, rubric):
    row = {"criterion": rubric[0].pk, "level": level(rubric[0], 1)}

    response = as_user(panels.member.user).patch(
        f"/api/v1/score-sheets/{sheet.pk}/",
        {"version": 1, "scores": [row, row]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "scores"


@pytest.mark.parametrize(
    "path", ["99999999999999999999", "%D9%A1", "999999999999999999"]
)
def test_hostile_paths_are_a_404(panels, sheet, path):
    response = as_user(panels.member.user).get(f"/api/v1/score-sheets/{path}/")

    assert response.status_code == 404


def test_a_closed_panel_refuses_saving_with_the_reason(panels, sheet, rubric):
    Panel.objects.filter(pk=panels.panel_a.pk).update(is_scoring_closed=True)

    response = as_user(panels.member.user).patch(
        f"/api/v1/score-sheets/{sheet.pk}/",
        {"version": 1, "scores": all_scored(rubric)},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 403
    assert "closed" in response.json()["detail"]
    assert not SheetScore.objects.exists()
