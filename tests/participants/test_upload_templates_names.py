"""Downloaded file names follow the reader's language: Indonesian names for
Indonesian readers, English names for English readers."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def _disposition(client, path: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(path)["Content-Disposition"]


@pytest.mark.parametrize(
    ("path", "language", "name"),
    [
        ("templat/reports.csv", "id", "templat-cakupan-kabkota.csv"),
        ("templat/reports.csv", "en", "coverage-template-regencies.csv"),
        ("templat/villages.xlsx", "id", "templat-cakupan-desa.xlsx"),
        ("templat/vulnerable.xlsx", "en", "coverage-template-vulnerable.xlsx"),
        (
            "templat/terisi/?kind=non-asn&year=2024",
            "id",
            "templat-cakupan-non-asn-2024.xlsx",
        ),
        (
            "templat/terisi/?kind=villages&year=2024",
            "en",
            "coverage-template-villages-2024.xlsx",
        ),
    ],
)
def test_template_names_follow_the_readers_language(
    client, world, path, language, name
):
    client.force_login(world.users["petugas_a"])

    found = _disposition(client, f"/cakupan/unggah/{path}", language)

    assert found == f'attachment; filename="{name}"'


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("id", "kelengkapan-cakupan-2024.xlsx"),
        ("en", "coverage-completeness-2024.xlsx"),
    ],
)
def test_completeness_export_name_follows_the_readers_language(
    client, world, language, name
):
    client.force_login(world.users["admin"])

    found = _disposition(client, "/cakupan/kelengkapan/2024/xlsx/", language)

    assert found == f'attachment; filename="{name}"'
