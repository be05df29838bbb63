"""The coverage report printed as PDF: A4, its figures, status and approval, in the
reader's language; hidden from those who may not see the report."""

import io

import pytest
from django.conf import settings
from pypdf import PdfReader

from review.models import ReviewStatus, StatusChange
from tests.factories import CoverageReportFactory

pytestmark = pytest.mark.django_db
APPROVED = ReviewStatus.APPROVED
PDF = "/cakupan/2023/15.01/pdf/"
A4 = (595, 842)  # points, rounded


def _approved(world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023, status=APPROVED)
    verifier = world.users["verifikator_cabang_a"]
    verifier.first_name, verifier.last_name = "Siti", "Rahma"
    verifier.save()
    StatusChange.objects.create(
        record=report,
        from_status=ReviewStatus.SUBMITTED,
        to_status=APPROVED,
        by=verifier,
    )
    return report


def _read(response) -> tuple[str, tuple[int, int]]:
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), (round(box.width), round(box.height))


def test_report_pdf_prints_figures_status_and_approval_in_english(client, world):
    _approved(world)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(PDF)

    text, size = _read(response)
    assert (
        response["Content-Type"],
        size,
        "COVERAGE REPORT 2023" in text,
        "Status: Approved" in text,
        "Approved by Siti Rahma" in text,
        "10,000" in text,
    ) == ("application/pdf", A4, True, True, True, True)


def test_report_pdf_is_in_indonesian_for_an_indonesian_reader(client, world):
    _approved(world)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"

    response = client.get(PDF)

    text, _ = _read(response)
    assert ("10.000" in text, "Status: Disetujui" in text) == (True, True)


def test_report_pdf_file_name_names_the_region_and_year(client, world):
    _approved(world)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(PDF)

    assert response["Content-Disposition"] == (
        'inline; filename="coverage-report-15.01-2023.pdf"'
    )


def test_report_pdf_of_a_draft_is_hidden_from_the_public(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2023)

    response = client.get(PDF)

    assert response.status_code == 404
