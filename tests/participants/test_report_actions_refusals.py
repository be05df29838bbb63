"""The report page shows refused actions disabled with the reason (the same
`services.refusal` the services refuse with), the return reason at the top with what
to fix, and who may withdraw an approval."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants import services
from review.models import ReviewStatus, StatusChange
from review.workflow import ReviewError
from tests.factories import CoverageReportFactory, UserFactory

pytestmark = pytest.mark.django_db
APPROVED = ReviewStatus.APPROVED
SUBMITTED = ReviewStatus.SUBMITTED
RETURNED = ReviewStatus.RETURNED


@pytest.fixture(autouse=True)
def english_pages(client, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _province_waiting(world):
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=APPROVED)
    CoverageReportFactory(regency=world.reg_a2, year=2023, status=SUBMITTED)
    return CoverageReportFactory(
        regency=None, province=world.prov_a, year=2023, status=SUBMITTED
    )


def test_refusal_of_approving_a_province_names_the_waiting_kab_kota(world):
    report = _province_waiting(world)

    reason = services.refusal(report, "approve")

    assert reason == (
        "Approve every kab/kota report of 2023 first; not yet approved: Kota Jambi."
    )


def test_approve_report_refuses_with_the_same_reason(world):
    report = _province_waiting(world)

    with pytest.raises(ReviewError) as raised:
        services.approve_report(report, by=world.users["verifikator_kanwil_a"])

    assert str(raised.value) == services.refusal(report, "approve")


def test_refusal_is_none_for_a_valid_draft(world):
    report = CoverageReportFactory(regency=world.reg_a1)

    assert services.refusal(report, "submit") is None


def test_refusal_of_submitting_asks_for_the_warnings_explained(world):
    CoverageReportFactory(regency=world.reg_a1, year=2022, peserta_pu=1_000)
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)

    reason = services.refusal(report, "submit")

    assert reason == "Explain the warnings of the report before submitting it."


def test_report_page_shows_submit_disabled_with_the_reason(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2022, peserta_pu=1_000)
    CoverageReportFactory(regency=world.reg_a1, year=2023)
    client.force_login(world.users["petugas_a"])

    html = client.get("/cakupan/2023/15.01/").content.decode()

    assert (
        'disabled aria-describedby="submit-refusal"' in html,
        "Explain the warnings of the report before submitting it." in html,
    ) == (True, True)


def test_report_page_shows_approve_disabled_for_a_waiting_province(client, world):
    _province_waiting(world)
    client.force_login(world.users["verifikator_kanwil_a"])

    html = client.get("/cakupan/2023/15/").content.decode()

    assert 'disabled aria-describedby="approve-refusal"' in html


def test_report_page_offers_approve_when_nothing_refuses_it(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=SUBMITTED)
    client.force_login(world.users["verifikator_cabang_a"])

    html = client.get("/cakupan/2023/15.01/").content.decode()

    assert ("approve-refusal" in html, "Approve</button>" in html) == (False, True)


def test_refusal_of_unapproving_a_kab_kota_under_an_approved_province(world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023, status=APPROVED)
    CoverageReportFactory(
        regency=None, province=world.prov_a, year=2023, status=APPROVED
    )

    reason = services.refusal(report, "unapprove")

    assert reason == (
        "Unapprove the province's own report of 2023 first: it was approved on the "
        "basis of this one."
    )


def test_who_may_unapprove_names_the_kanwil_verifier_and_the_national_admin(world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023, status=APPROVED)

    who = services.who_may(report, "unapprove")

    assert who == ["Verifier Kanwil Sumbagsel", "National admin"]


def test_approved_report_page_says_who_may_withdraw_the_approval(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=APPROVED)
    client.force_login(world.users["petugas_a"])

    html = client.get("/cakupan/2023/15.01/").content.decode()

    assert (
        "Only these can withdraw the approval and send the report back to the "
        "branch: Verifier Kanwil Sumbagsel, National admin." in html
    )


def test_returned_report_shows_the_reason_and_what_to_fix_at_the_top(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2022, peserta_pu=1_000)
    report = CoverageReportFactory(regency=world.reg_a1, year=2023, status=RETURNED)
    StatusChange.objects.create(
        record=report,
        from_status=SUBMITTED,
        to_status=RETURNED,
        by=world.users["verifikator_cabang_a"],
        reason="Angka PU belum sesuai.",
    )
    client.force_login(world.users["petugas_a"])

    html = client.get("/cakupan/2023/15.01/").content.decode()

    top = html[: html.index("Reported figures")]
    assert (
        "Returned to the branch" in top,
        "Angka PU belum sesuai." in top,
        'href="/cakupan/2023/15.01/isi/#sec-save"' in top,
    ) == (True, True, True)


def test_refusal_of_submitting_a_report_with_errors_asks_to_correct_them(world):
    report = CoverageReportFactory(regency=world.reg_a1, pekerja_formal=1)

    reason = services.refusal(report, "submit")

    assert reason == "Correct the errors of the report before submitting it."


def test_approved_page_query_count_does_not_grow_with_the_staff(
    client, world, django_assert_num_queries
):
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=APPROVED)
    client.force_login(world.users["petugas_a"])
    client.get("/cakupan/2023/15.01/")  # warms the per-process caches
    with CaptureQueriesContext(connection) as few_staff:
        client.get("/cakupan/2023/15.01/")
    for _ in range(3):
        UserFactory(verifikator_kanwil=True, kanwil=world.kanwil_a)
        UserFactory(verifikator_cabang=True, branch=world.branch_a)

    with django_assert_num_queries(len(few_staff)):
        response = client.get("/cakupan/2023/15.01/")

    assert response.context["unapprovers"] == [
        "Verifier Kanwil Sumbagsel",
        "National admin",
    ]
