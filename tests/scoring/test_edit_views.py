import pytest
from django.conf import settings

from scoring.methodology_json import to_document
from scoring.models import Methodology
from scoring.services.methodology import freeze
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(UserFactory(admin=True))
    return client


def weights(methodology, **changes):
    """The edit form's fields for the methodology, with some weights changed."""
    data = {}
    for aspect in to_document(methodology)["aspects"]:
        for criterion in aspect["criteria"]:
            code = criterion["code"]
            data[f"weight-{code}"] = changes.get(code, criterion["weight"])
            if criterion["independent"]:
                data[f"independent-{code}"] = "on"
    return data


def url(methodology):
    return f"/penilaian/metodologi/versi/{methodology.pk}/ubah/"


def test_edit_form_shows_every_weight_and_the_live_sum(admin_client, methodology):
    response = admin_client.get(url(methodology))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("data-weight=") == 11
    assert 'data-independent="INO.4" aria-label="INO.4 is independent" checked' in page
    assert "js/methodology_form.js" in page
    assert "<output data-weight-sum" in page


def test_saving_an_unfrozen_version_changes_it(admin_client, methodology):
    data = weights(methodology, **{"REG.1": "15", "CAK.1": "15,00"})

    response = admin_client.post(url(methodology), data)

    document = to_document(methodology)
    assert response.status_code == 302
    assert response["Location"] == methodology.get_absolute_url()
    assert document["aspects"][0]["criteria"][0]["weight"] == "15.00"
    assert document["aspects"][1]["criteria"][0]["weight"] == "15.00"
    assert Methodology.objects.count() == 1


def test_saving_a_frozen_version_makes_a_new_one(admin_client, methodology):
    methodology = freeze(methodology)
    before = to_document(methodology)

    response = admin_client.post(
        url(methodology), weights(methodology, **{"REG.1": "15", "CAK.1": "15"})
    )

    new = Methodology.objects.get(version=2)
    assert response["Location"] == new.get_absolute_url()
    assert to_document(methodology) == before
    assert new.aspects.get(code="REG").criteria.get().weight == 15
    message = admin_client.get(response["Location"]).content.decode()
    assert "Version 1 is frozen and stays as it is; your changes are version 2." in (
        message
    )


def test_weights_not_summing_to_100_are_shown_and_nothing_is_saved(
    admin_client, methodology
):
    before = to_document(methodology)

    response = admin_client.post(
        url(methodology), weights(methodology, **{"REG.1": "30"})
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The weights of the ranked criteria sum to 110.00" in page
    assert to_document(methodology) == before


def test_a_weight_that_is_not_a_number_is_refused_naming_the_criterion(
    admin_client, methodology
):
    response = admin_client.post(
        url(methodology), weights(methodology, **{"REG.1": "dua puluh"})
    )

    assert "aspects[0].criteria[0].weight" in response.content.decode()


def test_detail_offers_the_editor_to_the_national_admin_only(
    admin_client, client, methodology
):
    edit = f'href="{url(methodology)}"'

    as_admin = admin_client.get(methodology.get_absolute_url()).content.decode()
    client.logout()
    as_public = client.get(methodology.get_absolute_url()).content.decode()

    assert (edit in as_admin, edit in as_public) == (True, False)


def test_others_may_not_edit(client, methodology):
    client.force_login(UserFactory(penilai=True))

    assert client.get(url(methodology)).status_code == 403
