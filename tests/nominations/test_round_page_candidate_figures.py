"""A candidate's page shows the approved coverage figures it is judged on, with a
link to the report."""

import pytest
from django.conf import settings

from review.models import ReviewStatus
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    CoverageReportFactory,
    EditionFactory,
)


@pytest.fixture
def committee(client, world, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["panitia_a"])
    return client


@pytest.fixture
def category(world):
    return CategoryFactory(edition=EditionFactory(award_year=2025))


def test_approved_report_is_linked_with_its_figures(committee, world, category):
    candidate = CandidateFactory(category=category, regency=world.reg_a2)
    report = CoverageReportFactory(
        regency=world.reg_a2, year=2024, status=ReviewStatus.APPROVED
    )

    response = committee.get(candidate.get_absolute_url())

    assert (response.context["report"], report.get_absolute_url() in response.text) == (
        report,
        True,
    )


def test_a_desa_is_shown_its_kab_kota_report(committee, world, category):
    category.subject_type = "desa"
    category.save()
    candidate = CandidateFactory(
        category=category, regency=None, village=world.vil_a2, province=world.prov_a
    )
    report = CoverageReportFactory(
        regency=world.reg_a2, year=2024, status=ReviewStatus.APPROVED
    )

    response = committee.get(candidate.get_absolute_url())

    assert response.context["report"] == report


def test_without_approved_report_says_so(committee, world, category):
    candidate = CandidateFactory(category=category, regency=world.reg_a2)
    CoverageReportFactory(regency=world.reg_a2, year=2024)

    response = committee.get(candidate.get_absolute_url())

    assert (
        response.context["report"],
        "No approved coverage report for 2024 yet." in response.text,
    ) == (None, True)
