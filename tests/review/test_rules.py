"""The review permissions' factory and `may` (review.rules), for both kinds of
reviewed record: the status decides even for a superuser, the permission for
everyone else."""

import pytest

from nominations.rules import COMPLIANCE_PERMISSIONS
from participants.rules import REPORT_PERMISSIONS
from review.models import ReviewStatus
from review.rules import ACTIONS, may
from tests.factories import (
    CoverageReportFactory,
    EmployerComplianceFactory,
    EmployerFactory,
)

pytestmark = pytest.mark.django_db

STATUS_ALLOWS = [
    (ReviewStatus.DRAFT, ["edit", "submit"]),
    (ReviewStatus.RETURNED, ["edit", "submit"]),
    (ReviewStatus.SUBMITTED, ["approve", "return"]),
    (ReviewStatus.APPROVED, ["unapprove"]),
]


def compliance(world, status):
    employer = EmployerFactory(regency=world.reg_a1, branch=world.branch_a)
    return EmployerComplianceFactory(employer=employer, status=status)


def report(world, status):
    return CoverageReportFactory(regency=world.reg_a1, status=status)


def test_factory_names_the_permissions_of_each_kind_of_record():
    assert (REPORT_PERMISSIONS, COMPLIANCE_PERMISSIONS) == (
        {
            "edit": "participants.change_report",
            "submit": "participants.submit_report",
            "approve": "participants.approve_report",
            "return": "participants.return_report",
            "unapprove": "participants.unapprove_report",
        },
        {
            "edit": "nominations.change_compliance",
            "submit": "nominations.submit_compliance",
            "approve": "nominations.approve_compliance",
            "return": "nominations.return_compliance",
            "unapprove": "nominations.unapprove_compliance",
        },
    )


@pytest.mark.parametrize("make", [report, compliance])
@pytest.mark.parametrize(("status", "actions"), STATUS_ALLOWS)
def test_may_lets_the_status_decide_even_for_a_superuser(world, make, status, actions):
    record = make(world, status)
    superuser = world.users["superuser"]

    allowed = [action for action in ACTIONS if may(superuser, action, record)]

    assert allowed == actions


@pytest.mark.parametrize("make", [report, compliance])
@pytest.mark.parametrize(
    ("user_key", "status", "actions"),
    [
        ("petugas_a", ReviewStatus.DRAFT, ["edit", "submit"]),
        ("petugas_a", ReviewStatus.SUBMITTED, []),
        ("petugas_b", ReviewStatus.DRAFT, []),
        ("verifikator_cabang_a", ReviewStatus.SUBMITTED, ["approve", "return"]),
        ("verifikator_cabang_a", ReviewStatus.APPROVED, []),
        ("verifikator_kanwil_a", ReviewStatus.APPROVED, ["unapprove"]),
        ("verifikator_kanwil_b", ReviewStatus.SUBMITTED, []),
        ("panitia_a", ReviewStatus.SUBMITTED, []),
        ("anonymous", ReviewStatus.DRAFT, []),
    ],
)
def test_may_asks_the_permission_of_the_record_kind(
    world, make, user_key, status, actions
):
    record = make(world, status)
    user = world.users[user_key]

    allowed = [action for action in ACTIONS if may(user, action, record)]

    assert allowed == actions
