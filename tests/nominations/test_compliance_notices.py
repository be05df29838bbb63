"""Employer compliance uses the kernel's notices: the verifiers over the employer's
branch hear of a submission, the branch's officers of a return or an approval."""

import pytest

from accounts.models import Notification
from nominations.services.compliance import change_compliance_status
from participants.models import ReviewStatus
from tests.factories import EmployerComplianceFactory, EmployerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(world):
    """PT Contoh's 2024 figures, in Kabupaten Kerinci, served by KC Jambi."""
    employer = EmployerFactory(
        name="PT Contoh", npp="12345678", regency=world.reg_a1, branch=world.branch_a
    )
    return EmployerComplianceFactory(employer=employer, year=2024)


def _told():
    return sorted(
        (n.user.username, n.texts["en"], n.url)
        for n in Notification.objects.select_related("user")
    )


def test_submitting_tells_the_verifiers_over_the_employers_branch(
    world, record, django_capture_on_commit_callbacks
):
    UserFactory(verifikator_cabang=True, branch=world.branch_a2)  # not the employer's

    with django_capture_on_commit_callbacks(execute=True):
        change_compliance_status(record, "submit", by=world.users["petugas_a"])

    text = (
        "Compliance record PT Contoh (12345678) 2024 was submitted by Sri for "
        "your review."
    )
    url = "/nominasi/pemberi-kerja/12345678/2024/"
    assert _told() == sorted(
        (world.users[key].username, text, url)
        for key in ("verifikator_cabang_a", "verifikator_kanwil_a")
    )


def test_returning_tells_the_employers_branch_officers_with_the_reason(
    world, record, django_capture_on_commit_callbacks
):
    record.status = ReviewStatus.SUBMITTED
    record.save()

    with django_capture_on_commit_callbacks(execute=True):
        change_compliance_status(
            record, "return", by=world.users["verifikator_kanwil_a"], reason="NPP?"
        )

    assert _told() == [
        (
            world.users["petugas_a"].username,
            "Compliance record PT Contoh (12345678) 2024 was returned by Sri. "
            "Reason: NPP?",
            "/nominasi/pemberi-kerja/12345678/2024/",
        )
    ]


def test_approving_tells_the_employers_branch_officers(
    world, record, django_capture_on_commit_callbacks
):
    record.status = ReviewStatus.SUBMITTED
    record.save()

    with django_capture_on_commit_callbacks(execute=True):
        change_compliance_status(
            record, "approve", by=world.users["verifikator_cabang_a"]
        )

    assert [n.user for n in Notification.objects.all()] == [world.users["petugas_a"]]
