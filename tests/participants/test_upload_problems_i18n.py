"""Upload problems are kept as their rule and values and read in the reader's
language: the same batch in Indonesian and in English, on the page and in the API;
problems kept as text before still show."""

import pytest
from django.conf import settings

from participants.models import ImportBatch
from tests import uploads

pytestmark = pytest.mark.django_db
LANGUAGE = settings.LANGUAGE_COOKIE_NAME
ROWS = (
    uploads.named_report_row("99.99"),
    uploads.named_report_row("15.71", pemberi_kerja="abc"),
    uploads.named_report_row("15.01", pemberi_kerja=2_000_000_000),
)
ENGLISH = [
    "there is no region with this code.",
    "not a whole number such as 1.234.567.",
    "Registered employers: is implausibly large (more than 1,000,000,000).",
]
INDONESIAN = [
    "tidak ada wilayah dengan kode ini.",
    "bukan bilangan bulat seperti 1.234.567.",
    "Pemberi kerja terdaftar: terlalu besar untuk masuk akal (lebih dari "
    "1.000.000.000).",
]


@pytest.fixture
def batch(world) -> ImportBatch:
    data = uploads.csv_bytes(uploads.NAMED_REPORT_HEADER, *ROWS)
    return uploads.checked_batch(world.users["petugas_a"], data)


def reasons_on_page(client, batch, language: str) -> list[str]:
    client.cookies[LANGUAGE] = language
    response = client.get(f"/cakupan/unggah/{batch.pk}/")
    return [problem["reason"] for problem in response.context["problems"]]


def reasons_in_api(client, batch, language: str) -> list[str]:
    client.cookies[LANGUAGE] = language
    body = client.get(f"/api/v1/uploads/{batch.pk}/").json()
    return [problem["reason"] for problem in body["problems"]]


@pytest.mark.parametrize("read", [reasons_on_page, reasons_in_api])
def test_upload_problems_read_in_each_language_only(client, world, batch, read):
    client.force_login(world.users["petugas_a"])

    shown = (read(client, batch, "en"), read(client, batch, "id"))

    assert shown == (ENGLISH, INDONESIAN)


def test_upload_problems_are_kept_as_rules_not_text(batch):
    kept = [(problem["rule"], "reason" in problem) for problem in batch.problems]

    assert kept == [
        ("region_unknown", False),
        ("not_number", False),
        ("too_large", False),
    ]


def test_upload_problems_kept_as_text_before_still_show(client, world, batch):
    old = {"row": 2, "column": "kode_wilayah", "value": "99.99"}
    batch.problems = [{**old, "reason": "tidak ada wilayah dengan kode ini."}]
    batch.save(update_fields=["problems"])
    client.force_login(world.users["petugas_a"])

    shown = reasons_on_page(client, batch, "en")

    assert shown == ["tidak ada wilayah dengan kode ini."]


def test_upload_problem_of_an_unknown_rule_shows_its_code(client, world, batch):
    batch.problems = [{"row": 2, "column": "", "value": "", "rule": "gone"}]
    batch.save(update_fields=["problems"])
    client.force_login(world.users["petugas_a"])

    shown = reasons_on_page(client, batch, "en")

    assert shown == ["gone"]
