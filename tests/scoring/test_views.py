import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scoring.methodology_json import to_document
from scoring.models import Criterion
from scoring.services.methodology import create_methodology, freeze
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_list_shows_each_version_with_its_state(client, methodology, document):
    freeze(methodology)
    create_methodology(document, category=methodology.category, tier="provincial")

    response = client.get("/penilaian/metodologi/2025/")

    rows = [(m.version, m.is_frozen) for m in response.context["methodologies"]]
    assert (response.status_code, rows) == (200, [(2, False), (1, True)])
    assert "Pemerintah kabupaten/kota (ilustratif)" in response.content.decode()


def test_list_of_an_edition_without_methodologies_says_so(client):
    CategoryFactory()

    response = client.get("/penilaian/metodologi/2025/")

    assert "No methodology has been set" in response.content.decode()


def test_list_of_an_unknown_edition_is_404(client):
    assert client.get("/penilaian/metodologi/1999/").status_code == 404


def test_list_query_count_does_not_grow_with_methodologies(
    client, category, document, django_assert_num_queries
):
    create_methodology(document, category=category, tier="provincial")
    with CaptureQueriesContext(connection) as one:
        client.get("/penilaian/metodologi/2025/")
    for tier in ("provincial", "national"):
        create_methodology(
            document, category=CategoryFactory(edition=category.edition), tier=tier
        )

    with django_assert_num_queries(len(one)):
        client.get("/penilaian/metodologi/2025/")


def test_detail_shows_the_tree_and_says_it_is_illustrative(client, methodology):
    response = client.get(f"/penilaian/metodologi/versi/{methodology.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Illustrative methodology." in page
    assert "the official weights are not public" in page
    assert "Komitmen kepala daerah" in page
    assert "independent: shown, not counted" in page
    assert "weights of the ranked criteria sum to 100" in page
    assert [a.code for a in response.context["aspects"]] == ["REG", "CAK", "INO", "WAW"]


def test_detail_of_an_official_methodology_has_no_illustrative_label(
    client, category, document
):
    document["is_illustrative"] = False
    methodology = create_methodology(document, category=category, tier="national")

    response = client.get(f"/penilaian/metodologi/versi/{methodology.pk}/")

    assert "Illustrative methodology." not in response.content.decode()


def test_detail_query_count_does_not_grow_with_criteria(
    client, methodology, django_assert_num_queries
):
    url = f"/penilaian/metodologi/versi/{methodology.pk}/"
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    Criterion.objects.create(
        aspect=methodology.aspects.first(),
        code="REG.2",
        name="Tambahan",
        weight=0,
        source="rubric",
        normalisation="rubric_scale",
    )

    with django_assert_num_queries(len(one)):
        client.get(url)


def test_detail_of_a_frozen_version_says_it_no_longer_changes(client, methodology):
    freeze(methodology)

    response = client.get(f"/penilaian/metodologi/versi/{methodology.pk}/")

    assert "used by a ranking run, it no longer changes" in response.content.decode()


def test_json_download_is_the_document(client, methodology):
    response = client.get(f"/penilaian/metodologi/versi/{methodology.pk}/json/")

    assert json.loads(response.content) == to_document(methodology)
    assert response["Content-Disposition"] == (
        f'attachment; filename="methodology-{methodology.pk}-v1.json"'
    )


def test_unknown_methodology_is_404(client):
    assert client.get("/penilaian/metodologi/versi/999/").status_code == 404
    assert client.get("/penilaian/metodologi/versi/999/json/").status_code == 404


def test_edition_page_links_to_its_methodologies(client, category):
    client.force_login(UserFactory(admin=True))

    response = client.get("/nominasi/2025/")

    assert 'href="/penilaian/metodologi/2025/"' in response.content.decode()
