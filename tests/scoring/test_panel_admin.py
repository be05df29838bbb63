"""Panels in the Django admin: every model registered, list and change pages open,
declarations read only."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from scoring.models import Assignment, ScoreSheet
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = sorted(
    str(model._meta.model_name) for model in apps.get_app_config("scoring").get_models()
)


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_every_scoring_model_has_an_admin():
    """Its own page, or rows inline on its parent's page (aspects and rubric
    levels)."""
    shown = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label == "scoring":
            shown.add(model._meta.model_name)
            shown.update(
                inline.model._meta.model_name
                for inline in model_admin.inlines
                if inline.model._meta.app_label == "scoring"  # not the review logs
            )

    assert sorted(shown) == MODELS


def test_admin_pages_open(staff, panels):
    assignment = Assignment.objects.create(
        member=panels.member, candidate=panels.a1, assigned_by=panels.secretary.user
    )
    records = {
        "panel": panels.panel_a,
        "panelmember": panels.member,
        "assignment": assignment,
        "declaration": panels.declarer.declarations.get(),
    }

    statuses = {
        (name, view): staff.get(
            reverse(
                f"admin:scoring_{name}_{view}",
                args=[record.pk] if view == "change" else [],
            )
        ).status_code
        for name, record in records.items()
        for view in ("changelist", "change")
    }

    assert set(statuses.values()) == {200}


def test_declarations_cannot_be_added_or_changed_in_the_admin(staff, panels):
    declaration = panels.declarer.declarations.get()

    add = staff.get(reverse("admin:scoring_declaration_add"))
    change = staff.post(
        reverse("admin:scoring_declaration_change", args=[declaration.pk]),
        {"reason": "diubah"},
    )

    declaration.refresh_from_db()
    assert (add.status_code, change.status_code, declaration.reason) == (
        403,
        403,
        "Keluarga",
    )


def test_score_sheet_admin_pages_open_read_only(staff, panels):
    sheet = ScoreSheet.objects.create(member=panels.member, candidate=panels.a1)

    statuses = [
        staff.get(reverse("admin:scoring_scoresheet_changelist")).status_code,
        staff.get(
            reverse("admin:scoring_scoresheet_change", args=[sheet.pk])
        ).status_code,
        staff.get(reverse("admin:scoring_scoresheet_add")).status_code,
    ]

    assert statuses == [200, 200, 403]
