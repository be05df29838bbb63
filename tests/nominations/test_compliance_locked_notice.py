"""The notice on locked employer figures names who can send them back: the
verifiers of the employer's area for submitted figures, only a Kanwil verifier or
the national admin for approved ones (asked of the rules, not written down)."""

import pytest
from django.conf import settings

from review.models import ReviewStatus
from tests.factories import EmployerComplianceFactory, EmployerFactory

pytestmark = pytest.mark.django_db
LANGUAGE = settings.LANGUAGE_COOKIE_NAME
NPP = "12345678"
EDIT = f"/nominasi/pemberi-kerja/{NPP}/2024/isi/"


@pytest.fixture
def employer(world):
    return EmployerFactory(
        npp=NPP, name="PT Maju Jaya", regency=world.reg_a1, branch=world.branch_a
    )


def notice(client, world, language: str) -> list[str]:
    client.force_login(world.users["petugas_a"])
    client.cookies[LANGUAGE] = language
    response = client.get(EDIT, follow=True)
    return [str(message) for message in response.context["messages"]]


def test_approved_figures_name_only_who_may_withdraw_the_approval(
    client, world, employer
):
    EmployerComplianceFactory(
        employer=employer, year=2024, status=ReviewStatus.APPROVED
    )

    shown = notice(client, world, "en")

    assert shown == [
        "These figures are approved, so they cannot be changed. If figures must "
        "change, they can be sent back to the branch by: Verifier Kanwil "
        "Sumbagsel, National admin."
    ]


def test_locked_figures_say_when_no_one_can_send_them_back(client, world, employer):
    EmployerComplianceFactory(
        employer=employer, year=2024, status=ReviewStatus.APPROVED
    )
    world.users["verifikator_kanwil_a"].delete()
    world.users["admin"].delete()

    shown = notice(client, world, "en")

    assert shown == [
        "These figures are approved, so they cannot be changed, and no one can "
        "send them back to the branch now."
    ]
