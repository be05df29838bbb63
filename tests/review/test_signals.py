"""The kernel's `status_changed` signal: higher layers hear every workflow step, and
a receiver that fails does not fail the step."""

import pytest

from participants import services
from participants.models import CoverageReport, ReviewStatus
from review.signals import status_changed
from tests.factories import CoverageReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    steps = []

    def receiver(sender, record, action, by, **kwargs):
        steps.append((sender, record.pk, action, by))

    status_changed.connect(receiver, dispatch_uid="test-heard")
    yield steps
    status_changed.disconnect(dispatch_uid="test-heard")


def test_a_step_is_heard_with_its_record_action_and_actor(world, heard):
    report = CoverageReportFactory(regency=world.reg_a2)
    by = world.users["petugas_a"]

    services.submit_report(report, by=by)

    assert heard == [(CoverageReport, report.pk, "submit", by)]


def test_a_failing_receiver_does_not_fail_the_step(world):
    def broken(**kwargs):
        raise RuntimeError("receiver broke")

    status_changed.connect(broken, dispatch_uid="test-broken")
    report = CoverageReportFactory(regency=world.reg_a2)
    try:
        services.submit_report(report, by=world.users["petugas_a"])
    finally:
        status_changed.disconnect(dispatch_uid="test-broken")

    report.refresh_from_db()
    assert report.status == ReviewStatus.SUBMITTED
