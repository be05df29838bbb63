"""The data steps of nominations 0004 (step logs in one shape), run on today's
models: verdicts given before verdicts were logged get their step, and round steps
name the move of the round's table they took."""

import importlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from nominations.models import (
    ProvincialRound,
    RoundStep,
    Verification,
    VerificationStep,
)
from tests.factories import (
    CandidateFactory,
    InnovationFactory,
    ProvincialRoundFactory,
    RegulationFactory,
)

pytestmark = pytest.mark.django_db
migration = importlib.import_module("nominations.migrations.0004_steps_in_one_shape")
MOMENT = datetime(2025, 6, 2, 10, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
R = ProvincialRound.Status


def test_log_current_verdicts_gives_each_unlogged_verdict_its_step(world):
    verifier = world.users["verifikator_kanwil_a"]
    candidate = CandidateFactory(regency=world.reg_a1)
    rejected = RegulationFactory(
        candidate=candidate,
        verification=Verification.REJECTED,
        rejection_reason="Buram.",
        verified_by=verifier,
        verified_at=MOMENT,
    )
    InnovationFactory(candidate=candidate)  # never verified: no step

    migration.log_current_verdicts(apps, None)

    steps = [
        (s.regulation, s.action, s.from_status, s.to_status, s.by, s.reason, s.at)
        for s in VerificationStep.objects.all()
    ]
    assert steps == [
        (
            rejected,
            "reject",
            Verification.UNVERIFIED,
            Verification.REJECTED,
            verifier,
            "Buram.",
            MOMENT,
        )
    ]


def test_log_current_verdicts_leaves_logged_items_alone(world):
    innovation = InnovationFactory(
        candidate__regency=world.reg_a1, verification=Verification.VERIFIED
    )
    VerificationStep.objects.create(
        innovation=innovation,
        action="verify",
        from_status=Verification.UNVERIFIED,
        to_status=Verification.VERIFIED,
    )

    migration.log_current_verdicts(apps, None)

    assert VerificationStep.objects.count() == 1


def test_name_actions_names_the_round_move_and_the_verdict(world):
    round_ = ProvincialRoundFactory(province=world.prov_a)
    RoundStep.objects.create(
        round=round_, action="set_stage", from_status=R.NOT_STARTED, to_status=R.PLENO
    )
    RoundStep.objects.create(
        round=round_, action="close", from_status=R.PLENO, to_status=R.CLOSED
    )
    innovation = InnovationFactory(
        candidate__category__edition=round_.edition, candidate__regency=world.reg_a1
    )
    VerificationStep.objects.create(
        innovation=innovation,
        from_status=Verification.VERIFIED,
        to_status=Verification.UNVERIFIED,
    )

    migration.name_actions(apps, None)

    actions = [
        *RoundStep.objects.values_list("action", flat=True),
        *VerificationStep.objects.values_list("action", flat=True),
    ]
    assert actions == ["set_pleno", "close", "reset"]
