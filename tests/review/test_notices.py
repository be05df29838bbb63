"""Notices of review workflow steps (review.notices): who is told of a coverage
report's submission, return, approval and unapproval, in which language, and when."""

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import Notification, User
from participants import services
from participants.models import CoverageReport, ReviewStatus
from regions.scoping import scopes_over
from review import notices
from tests.factories import CoverageReportFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBMITTED = ReviewStatus.SUBMITTED
APPROVED = ReviewStatus.APPROVED


def _told():
    """Each notice as (recipient's username, text in English, link)."""
    return sorted(
        (n.user.username, n.texts["en"], n.url)
        for n in Notification.objects.select_related("user")
    )


def _names(world, *keys):
    return [world.users[key].username for key in keys]


def test_submitting_tells_the_verifiers_over_the_area(
    world, django_capture_on_commit_callbacks
):
    report = CoverageReportFactory(regency=world.reg_a1, year=2024)
    other_branch = UserFactory(verifikator_cabang=True, branch=world.branch_a2)
    UserFactory(verifikator_cabang=True, branch=world.branch_a, is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report, by=world.users["petugas_a"])

    text = (
        "Coverage report 15.01 Kabupaten Kerinci 2024 was submitted by Sri for your "
        "review."
    )
    names = [other_branch.username, *_names(world, "verifikator_cabang_a")]
    names += _names(world, "verifikator_kanwil_a")
    told = [(name, text, "/cakupan/2024/15.01/") for name in sorted(names)]
    assert _told() == told


def test_returning_tells_the_branch_officers_with_the_reason(
    world, django_capture_on_commit_callbacks
):
    report = CoverageReportFactory(regency=world.reg_a2, year=2024, status=SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(
            report, by=world.users["verifikator_cabang_a"], reason="Cek angkatan kerja"
        )

    assert _told() == [
        (
            world.users["petugas_a"].username,
            "Coverage report 15.71 Kota Jambi 2024 was returned by Sri. "
            "Reason: Cek angkatan kerja",
            "/cakupan/2024/15.71/",
        )
    ]


def test_approving_tells_the_officers_of_every_branch_serving_the_region(
    world, django_capture_on_commit_callbacks
):
    report = CoverageReportFactory(regency=world.reg_a1, year=2024, status=SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_report(report, by=world.users["verifikator_kanwil_a"])

    text = "Coverage report 15.01 Kabupaten Kerinci 2024 was approved by Sri."
    assert _told() == [
        (name, text, "/cakupan/2024/15.01/")
        for name in sorted(_names(world, "petugas_a", "petugas_a2"))
    ]


def test_unapproving_tells_the_branch_officers_with_the_reason(
    world, django_capture_on_commit_callbacks
):
    report = CoverageReportFactory(regency=world.reg_b1, year=2024, status=APPROVED)

    with django_capture_on_commit_callbacks(execute=True):
        services.unapprove_report(
            report, by=world.users["verifikator_kanwil_b"], reason="Data ganda"
        )

    assert _told() == [
        (
            world.users["petugas_b"].username,
            "The approval of coverage report 21.05 Kabupaten Kepulauan Anambas 2024 "
            "was withdrawn by Sri. Reason: Data ganda",
            "/cakupan/2024/21.05/",
        )
    ]


def test_a_province_report_reaches_its_reporting_branch(world):
    world.prov_a.reporting_branch = world.branch_a2
    world.prov_a.save()
    report = CoverageReportFactory(regency=None, province=world.prov_a)

    officers = notices.review_audience(report, "approve")
    verifiers = notices.review_audience(report, "submit")

    assert (list(officers), list(verifiers)) == (
        [world.users["petugas_a2"]],
        [world.users["verifikator_kanwil_a"]],
    )


def test_scopes_over_finds_the_committee_of_the_province(world):
    report = CoverageReportFactory(regency=world.reg_b1)

    committee = User.objects.filter(role=User.Role.PANITIA_PROVINSI).filter(
        scopes_over(report)
    )

    assert list(committee) == [world.users["panitia_b"]]


def test_the_actor_is_not_told_of_their_own_step(world):
    report = CoverageReportFactory(regency=world.reg_a1, status=APPROVED)
    step = notices.Step(report, "approve", by=world.users["petugas_a"], reason="")

    notices.tell([step])

    assert [n.user for n in Notification.objects.all()] == [world.users["petugas_a2"]]


def test_nothing_is_told_before_the_transaction_commits(
    world, django_capture_on_commit_callbacks
):
    report = CoverageReportFactory(regency=world.reg_a2)

    with django_capture_on_commit_callbacks() as callbacks:
        services.submit_report(report, by=world.users["petugas_a"])
        told_before = Notification.objects.count()
    for callback in callbacks:
        callback()

    assert (told_before, len(callbacks), Notification.objects.count()) == (0, 1, 2)


def _submit_then_fail(report, *, by):
    with transaction.atomic():
        services.submit_report(report, by=by)
        raise RuntimeError("the request failed later")


def test_a_step_rolled_back_tells_nobody(world, django_capture_on_commit_callbacks):
    report = CoverageReportFactory(regency=world.reg_a2)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        _submit_then_fail(report, by=world.users["petugas_a"])

    assert (callbacks, Notification.objects.count(), mail.outbox) == ([], 0, [])


def test_the_mail_goes_out_in_the_recipients_language(
    world, django_capture_on_commit_callbacks
):
    report = CoverageReportFactory(regency=world.reg_a1, status=SUBMITTED)
    world.users["petugas_a"].language = "en"
    world.users["petugas_a"].save()

    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(
            report, by=world.users["verifikator_cabang_a"], reason="Cek"
        )

    texts = Notification.objects.first().texts
    first_lines = {m.to[0]: m.body.split("\n")[0] for m in mail.outbox}
    assert first_lines == {
        world.users["petugas_a"].email: texts["en"],
        world.users["petugas_a2"].email: texts["id"],
    }
    assert texts["id"].startswith("Laporan cakupan")  # the model's verbose name


def test_no_mail_for_a_recipient_without_an_address(
    world, django_capture_on_commit_callbacks
):
    report = CoverageReportFactory(regency=world.reg_b1, status=SUBMITTED)
    world.users["petugas_b"].email = ""
    world.users["petugas_b"].save()

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_report(report, by=world.users["verifikator_cabang_b"])

    notice = Notification.objects.get()
    assert (notice.user, notice.mailed_at, mail.outbox) == (
        world.users["petugas_b"],
        None,
        [],
    )


@pytest.mark.parametrize("officers", [1, 3])
def test_telling_a_step_takes_a_fixed_number_of_queries(
    world, django_assert_num_queries, officers
):
    report = CoverageReportFactory(regency=world.reg_b1, status=APPROVED)
    UserFactory.create_batch(officers - 1, petugas=True, branch=world.branch_b)
    report = type(report).objects.get(pk=report.pk)  # as the service's locked copy
    step = notices.Step(
        report, "approve", by=world.users["verifikator_cabang_b"], reason=""
    )

    # The region's name, the recipients, one insert for all their notices.
    with django_assert_num_queries(3):
        notices.tell([step])

    assert Notification.objects.count() == officers


def test_steps_inside_grouped_become_one_notice_per_recipient(
    world, django_capture_on_commit_callbacks
):
    reports = [
        CoverageReportFactory(regency=regency, year=year)
        for regency in (world.reg_a1, world.reg_a2)
        for year in (2023, 2024)
    ]
    kerinci = UserFactory(
        username="kerinci", verifikator_cabang=True, branch=world.branch_a2
    )

    with django_capture_on_commit_callbacks(execute=True), notices.grouped():
        for report in reports:
            services.submit_report(report, by=world.users["petugas_a"])

    many = "4 coverage reports were submitted by Sri for your review."
    two = "2 coverage reports were submitted by Sri for your review."
    assert _told() == [
        (kerinci.username, two, "/cakupan/?status=submitted"),
        (
            world.users["verifikator_cabang_a"].username,
            many,
            "/cakupan/?status=submitted",
        ),
        (
            world.users["verifikator_kanwil_a"].username,
            many,
            "/cakupan/?status=submitted",
        ),
    ]
    assert len(mail.outbox) == 3


def test_a_kind_of_record_nobody_registered_tells_nobody(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.delitem(notices._AUDIENCES, CoverageReport)
    report = CoverageReportFactory(regency=world.reg_a2)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.submit_report(report, by=world.users["petugas_a"])

    assert (callbacks, Notification.objects.count()) == ([], 0)


def _approve_then_fail(report, *, by):
    with notices.grouped():
        services.approve_report(report, by=by)
        raise RuntimeError("the next report failed")


def test_steps_committed_before_an_error_in_grouped_are_still_told(
    world, django_capture_on_commit_callbacks
):
    report = CoverageReportFactory(regency=world.reg_b1, status=SUBMITTED)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
    ):
        _approve_then_fail(report, by=world.users["verifikator_cabang_b"])

    assert [n.user for n in Notification.objects.all()] == [world.users["petugas_b"]]
