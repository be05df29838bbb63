"""A pre-filled template uploaded back, the changes an upload would make (page, CSV
download, API) and a file of the wrong kind."""

import csv
import io

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook

from participants.importers.changes import Change, planned_changes
from participants.importers.problems import notes_shown, shown
from participants.models import ImportBatch
from review.models import ReviewStatus
from tests import uploads
from tests.factories import CoverageReportFactory

pytestmark = pytest.mark.django_db
Status = ImportBatch.Status
BOM = "\ufeff"


@pytest.fixture(autouse=True)
def english_pages(client, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def prefilled(client, kind: str) -> bytes:
    response = client.get(f"/cakupan/unggah/templat/terisi/?kind={kind}&year=2024")
    assert response.status_code == 200
    return response.content


def edited(data: bytes, cells: dict[str, object]) -> bytes:
    """The workbook with some cells of its first sheet set."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def locked_reports(world, status=ReviewStatus.SUBMITTED):
    for regency in (world.reg_a1, world.reg_a2):
        CoverageReportFactory(regency=regency, year=2024, status=status)


def checked(user, data: bytes, kind: str, name: str = "templat.xlsx"):
    with translation.override("en"):  # a request before may have switched it
        return uploads.checked_batch(user, data, name, kind)


@pytest.mark.parametrize("kind", ["reports", "villages", "non-asn", "vulnerable"])
@pytest.mark.parametrize("status", [ReviewStatus.SUBMITTED, ReviewStatus.APPROVED])
def test_prefilled_template_of_locked_reports_uploads_back_unchanged(
    client, world, kind, status
):
    user = world.users["petugas_a"]
    client.force_login(user)
    locked_reports(world, status)

    batch = checked(user, prefilled(client, kind), kind)

    rows = batch.counts["rows"]
    assert (batch.status, batch.problems, batch.counts) == (
        Status.VALIDATED,
        [],
        {"rows": rows, "new": 0, "changed": 0, "unchanged": rows},
    )


def test_prefilled_template_with_a_changed_value_of_a_locked_report_is_refused(
    client, world
):
    user = world.users["petugas_a"]
    client.force_login(user)
    locked_reports(world)
    data = prefilled(client, "reports")
    header = [cell.value for cell in load_workbook(io.BytesIO(data)).worksheets[0][1]]
    letter = "ABCDEFGHIJKL"[header.index("pemberi_kerja")]

    batch = checked(user, edited(data, {f"{letter}2": 999}), "reports")

    reason = (
        "this changes Registered employers from 120 to 999, but the report of 2024 "
        "is Submitted and locked. A verifier can return it to the branch; then "
        "upload the file again."
    )
    assert (batch.status, batches_shown(batch)) == (
        Status.REJECTED,
        [(2, "pemberi_kerja", "999", reason)],
    )


def batches_shown(batch: ImportBatch) -> list[tuple]:
    """The batch's problems as a person reads them: row, column, value, reason."""
    with translation.override("en"):
        return [tuple(p.values()) for p in shown(batch.problems)]


def test_a_template_with_an_extra_marking_column_still_reads(client, world):
    user = world.users["petugas_a"]
    client.force_login(user)
    locked_reports(world)
    data = edited(prefilled(client, "reports"), {"Z1": "status", "Z2": "Terkunci"})

    batch = checked(user, data, "reports")

    with translation.override("en"):
        notes = notes_shown(batch.notes)
    assert (batch.status, batch.problems, notes[:1]) == (
        Status.VALIDATED,
        [],
        ["Column “status” is not used and was ignored."],
    )


# what an upload would change


def changed_batch(world, *rows: list[object]) -> ImportBatch:
    CoverageReportFactory(regency=world.reg_a2, year=2024)
    data = uploads.csv_bytes(uploads.NAMED_REPORT_HEADER, *rows)
    return checked(world.users["petugas_a"], data, "reports", "cakupan.csv")


def test_planned_changes_name_region_year_field_and_both_values(world):
    batch = changed_batch(world, uploads.named_report_row("15.71", pemberi_kerja=130))

    changes = planned_changes(batch)

    assert changes == [
        Change(
            "15.71",
            "Kota Jambi",
            2024,
            "pemberi_kerja",
            "Registered employers",
            120,
            130,
        )
    ]


def test_upload_page_shows_the_changes(client, world):
    batch = changed_batch(world, uploads.named_report_row("15.71", pemberi_kerja=130))
    client.force_login(world.users["petugas_a"])

    response = client.get(f"/cakupan/unggah/{batch.pk}/")

    text = response.content.decode()
    assert (
        [change.field for change in response.context["changes"]],
        "Registered employers" in text and "Download every change (CSV)" in text,
    ) == (["Registered employers"], True)


def test_changes_download_is_a_safe_csv_with_a_bom(client, world):
    world.reg_a2.name = '=HYPERLINK("http://x")'
    world.reg_a2.save()
    batch = changed_batch(world, uploads.named_report_row("15.71", pemberi_kerja=130))
    client.force_login(world.users["petugas_a"])

    response = client.get(f"/cakupan/unggah/{batch.pk}/perubahan.csv")

    text = response.content.decode("utf-8")
    assert (text[0], list(csv.reader(io.StringIO(text[1:])))) == (
        BOM,
        [
            ["Region code", "Region", "Year", "Field", "Stored value", "New value"],
            [
                "15.71",
                '\'=HYPERLINK("http://x")',
                "2024",
                "Registered employers",
                "120",
                "130",
            ],
        ],
    )


def test_changes_download_is_refused_to_other_users(client, world):
    batch = changed_batch(world, uploads.named_report_row("15.71", pemberi_kerja=130))
    client.force_login(world.users["petugas_a2"])

    response = client.get(f"/cakupan/unggah/{batch.pk}/perubahan.csv")

    assert response.status_code == 404


def test_api_upload_lists_its_first_changes(client, world):
    batch = changed_batch(world, uploads.named_report_row("15.71", pemberi_kerja=130))
    client.force_login(world.users["petugas_a"])

    body = client.get(f"/api/v1/uploads/{batch.pk}/").json()

    assert (body["changes"], body["changes_more"]) == (
        [
            {
                "region": "15.71",
                "region_name": "Kota Jambi",
                "year": 2024,
                "path": "pemberi_kerja",
                "field": "Registered employers",
                "old": 120,
                "new": 130,
            }
        ],
        False,
    )


@pytest.mark.parametrize("count", [1, 3])
def test_upload_page_queries_do_not_grow_with_the_changes(
    client, world, count, django_assert_max_num_queries
):
    rows = [
        uploads.named_report_row("15.71", pemberi_kerja=130),
        uploads.named_report_row("15.71", year=2023, pemberi_kerja=140),
        uploads.named_report_row("15.01", pemberi_kerja=150),
    ][:count]
    batch = changed_batch(world, *rows)
    client.force_login(world.users["petugas_a"])

    with django_assert_max_num_queries(12):
        response = client.get(f"/cakupan/unggah/{batch.pk}/")

    assert len(response.context["changes"]) >= count


# the wrong kind


def test_a_village_file_uploaded_as_reports_names_the_kind_to_choose(world):
    data = uploads.csv_bytes(
        uploads.VILLAGE_HEADER, ["15.71.01.1001", 2024, 12, "apbdes"]
    )

    batch = checked(world.users["petugas_a"], data, "reports", "desa.csv")

    assert (batch.status, batches_shown(batch)) == (
        Status.REJECTED,
        [
            (
                0,
                "",
                "",
                "This file's columns are those of “Village protection”, not of "
                "“Coverage reports”. Upload it again and choose “Village protection” "
                "as the kind of data.",
            )
        ],
    )


def test_a_reports_file_uploaded_as_non_asn_names_the_kind_to_choose(world):
    data = uploads.csv_bytes(
        uploads.NAMED_REPORT_HEADER, uploads.named_report_row("15.71")
    )

    batch = checked(world.users["petugas_a"], data, "non-asn", "cakupan.csv")

    assert "choose “Coverage reports”" in batches_shown(batch)[0][3]


@pytest.mark.parametrize("pk", ["0", "99999999999999999999999", "٣"])
def test_changes_download_of_a_crafted_number_is_not_found(client, world, pk):
    client.force_login(world.users["petugas_a"])

    response = client.get(f"/cakupan/unggah/{pk}/perubahan.csv")

    assert response.status_code == 404
