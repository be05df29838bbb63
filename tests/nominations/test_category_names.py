"""Category names in the reader's language: the official Indonesian name, or its
English name when the portal is read in English."""

import importlib

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import CandidateFactory, CategoryFactory, ProvincialRoundFactory

migration = importlib.import_module(
    "nominations.migrations.0005_category_english_names"
)


@pytest.fixture
def category(db):
    return CategoryFactory(name="Pemerintah Provinsi", name_en="Provincial government")


def test_label_follows_the_language(category):
    with translation.override("en"):
        english = str(category)
    with translation.override("id"):
        indonesian = str(category)

    assert (english, indonesian) == ("Provincial government", "Pemerintah Provinsi")


def test_label_without_english_name_is_the_official_name(db):
    category = CategoryFactory(name="Kategori Khusus")

    with translation.override("en"):
        assert category.label == "Kategori Khusus"


def test_english_name_of_known_names_part_by_part():
    names = [
        "Pemerintah Provinsi",
        "Badan Usaha Skala Besar — Manufaktur",
        "Kategori Baru",
        "Badan Usaha Skala Besar — Sesuatu",
    ]

    found = [migration.english_name(name) for name in names]

    assert found == ["Provincial government", "Large business — Manufacturing", "", ""]


def test_round_page_shows_english_category_names(client, world, category):
    ProvincialRoundFactory(edition=category.edition, province=world.prov_a)
    CandidateFactory(category=category, regency=world.reg_a2)
    client.force_login(world.users["admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/nominasi/{category.edition.award_year}/provinsi/15/"

    page = client.get(url).content.decode()

    assert ("Provincial government" in page, "Pemerintah Provinsi" in page) == (
        True,
        False,
    )


def test_round_page_shows_indonesian_category_names(client, world, category):
    ProvincialRoundFactory(edition=category.edition, province=world.prov_a)
    client.force_login(world.users["admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    url = f"/nominasi/{category.edition.award_year}/provinsi/15/"

    page = client.get(url).content.decode()

    assert ("Provincial government" in page, "Pemerintah Provinsi" in page) == (
        False,
        True,
    )
