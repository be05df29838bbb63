import pytest
from django.contrib import admin
from django.test import RequestFactory

from scoring.models import Aspect, Criterion, Methodology, RubricLevel
from scoring.services.methodology import create_methodology, freeze
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def request_(db):
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    return request


@pytest.mark.parametrize("model", [Methodology, Criterion])
def test_admin_lists_and_opens_each_model(staff, methodology, model):
    name = model._meta.model_name
    row = model.objects.first()

    listing = staff.get(f"/admin/scoring/{name}/")
    page = staff.get(f"/admin/scoring/{name}/{row.pk}/change/")

    assert (listing.status_code, page.status_code) == (200, 200)


def test_frozen_methodology_is_read_only_in_the_admin(request_, methodology):
    methodology = freeze(methodology)
    criterion = Criterion.objects.select_related("aspect__methodology").first()
    methodology_admin = admin.site._registry[Methodology]
    criterion_admin = admin.site._registry[Criterion]
    inlines = methodology_admin.get_inline_instances(request_, methodology)
    level_inline = criterion_admin.get_inline_instances(request_, criterion)

    answers = [
        methodology_admin.has_change_permission(request_, methodology),
        methodology_admin.has_delete_permission(request_, methodology),
        criterion_admin.has_change_permission(request_, criterion),
        inlines == [] or inlines[0].has_add_permission(request_, methodology),
        level_inline == [] or level_inline[0].has_add_permission(request_, criterion),
    ]

    assert answers == [False, False, False, False, False]


def test_unfrozen_methodology_is_editable_in_the_admin(request_, methodology):
    aspect = Aspect.objects.first()
    methodology_admin = admin.site._registry[Methodology]
    inline, tie_breaks = methodology_admin.get_inline_instances(request_, methodology)

    answers = [
        methodology_admin.has_change_permission(request_, methodology),
        inline.has_change_permission(request_, aspect),
        inline.has_add_permission(request_, methodology),
        tie_breaks.has_add_permission(request_, methodology),
    ]

    assert answers == [True, True, True, True]


def test_frozen_change_page_refuses_a_post(staff, methodology):
    freeze(methodology)

    response = staff.post(
        f"/admin/scoring/methodology/{methodology.pk}/change/", {"name": "Baru"}
    )

    methodology.refresh_from_db()
    assert (response.status_code, methodology.name) == (
        403,
        "Pemerintah kabupaten/kota (ilustratif)",
    )


def test_new_criteria_can_only_join_aspects_of_unfrozen_versions(
    staff, methodology, document
):
    freeze(methodology)
    draft = create_methodology(
        document, category=methodology.category, tier=methodology.tier
    )

    response = staff.get("/admin/scoring/criterion/add/")

    choices = response.context["adminform"].form.fields["aspect"].queryset
    assert {a.methodology_id for a in choices} == {draft.pk}
    assert RubricLevel.objects.filter(criterion__aspect__methodology=draft).exists()
