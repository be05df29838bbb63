"""What queues a recompute job, and for which scopes: approved reports and
compliance (through the kernel's signal), verified dossier items, submitted or
reopened score sheets and methodology versions."""

import pytest
from django.db import transaction

from nominations.models import Candidate, Stage, Verification, VerificationStep
from review import workflow
from review.models import ReviewStatus
from scoring import triggers
from scoring.adapter import Scope
from scoring.models import RecomputeJob, ScoreSheet
from scoring.services import jobs
from scoring.services.methodology import create_methodology, edit_methodology, freeze
from scoring.services.runs import compute_run
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    CoverageReportFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    RegulationFactory,
)
from tests.factories.scoring import PanelFactory, PanelMemberFactory
from tests.scoring.conftest import shipped
from tests.scoring.rankings import kab_round, verify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def unsent(monkeypatch):
    """Jobs are queued but not computed: these tests look at which are queued."""
    monkeypatch.setattr(jobs, "send", lambda job_id, due_at: True)


@pytest.fixture
def round_(world):
    """A round whose desk ranking was computed once."""
    r = kab_round(world.prov_a, size=2)
    compute(r, "desk")
    return r


def compute(round_, stage, province="15"):
    scope = Scope(round_.edition, round_.category, province and round_.province)
    compute_run(scope, stage)


def queued():
    """(category, province, stage, causes) of every job."""
    return sorted(
        (
            (j.category_id, j.province_id, j.stage, j.causes)
            for j in RecomputeJob.objects.all()
        ),
        key=str,
    )


def national(round_, stage="desk"):
    """Send the round's first candidate to the national stage, with a national
    methodology for its category and a national ranking computed once."""
    create_methodology(
        shipped("kab_kota"), category=round_.category, tier=Stage.Tier.NATIONAL
    )
    candidate = round_.entries[0].candidate
    Candidate.objects.filter(pk=candidate.pk).update(status=Candidate.Status.ADVANCED)
    compute(round_, stage, province=None)


def test_approving_a_report_queues_its_candidates_round(
    world, round_, django_capture_on_commit_callbacks
):
    report = round_.entries[0].report
    type(report).objects.filter(pk=report.pk).update(status=ReviewStatus.SUBMITTED)
    report.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.change_status(report, "approve", by=world.users["admin"])

    assert queued() == [(round_.category.pk, "15", "desk", ["report"])]


def _approve_then_fail(report, *, by):
    with transaction.atomic():
        workflow.change_status(report, "approve", by=by)
        raise RuntimeError("the request failed later")


def test_an_approval_rolled_back_queues_nothing(
    world, round_, django_capture_on_commit_callbacks
):
    report = round_.entries[0].report
    type(report).objects.filter(pk=report.pk).update(status=ReviewStatus.SUBMITTED)
    report.refresh_from_db()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
    ):
        _approve_then_fail(report, by=world.users["admin"])

    assert queued() == []


def test_a_report_also_queues_the_national_ranking_of_an_advanced_candidate(
    round_,
):
    national(round_)

    triggers.report_changed(round_.entries[0].report)

    assert queued() == [
        (round_.category.pk, "15", "desk", ["report"]),
        (round_.category.pk, None, "desk", ["report"]),
    ]


def test_last_years_report_counts_for_growth(round_):
    previous = type(round_.entries[0].report).objects.get(
        regency=round_.entries[0].regency, year=2023
    )

    triggers.report_changed(previous)

    assert queued() == [(round_.category.pk, "15", "desk", ["report"])]


def test_a_province_report_without_a_province_candidate_queues_nothing(world, round_):
    report = CoverageReportFactory(province=world.prov_a, regency=None, year=2024)

    triggers.report_changed(report)

    assert queued() == []


def test_returning_a_report_queues_nothing(world, round_):
    triggers.on_status_changed(
        type(round_.entries[0].report), record=round_.entries[0].report, action="return"
    )

    assert queued() == []


def test_approving_compliance_queues_the_employers_round(
    world, round_, django_capture_on_commit_callbacks
):
    employer = EmployerFactory(regency=world.reg_a1, branch=world.branch_a)
    CandidateFactory(category=round_.category, employer=employer, regency=None)
    record = EmployerComplianceFactory(employer=employer, year=2024)

    with django_capture_on_commit_callbacks(execute=True):
        triggers.on_status_changed(type(record), record=record, action="approve")

    assert queued() == [(round_.category.pk, "15", "desk", ["compliance"])]


def test_verifying_an_item_queues_its_candidates_round(
    round_, django_capture_on_commit_callbacks
):
    item = RegulationFactory(candidate=round_.entries[0].candidate)

    with django_capture_on_commit_callbacks(execute=True):
        verify(item, round_.verifier)

    assert queued() == [(round_.category.pk, "15", "desk", ["verification"])]


def test_a_verdict_that_changes_nothing_counted_queues_nothing(round_):
    item = RegulationFactory(candidate=round_.entries[0].candidate)
    step = VerificationStep.objects.create(
        regulation=item,
        action="reject",
        from_status=Verification.UNVERIFIED,
        to_status=Verification.REJECTED,
        by=round_.verifier,
    )

    assert triggers.verification_changed(step) == []


def test_a_scope_never_computed_is_left_alone(world, round_):
    other = CategoryFactory(edition=round_.edition)
    create_methodology(shipped("kab_kota"), category=other, tier=Stage.Tier.PROVINCIAL)
    CandidateFactory(category=other, regency=world.reg_a2)

    triggers.request_for(triggers.candidate_scopes(Candidate.objects.all()), "report")

    assert queued() == [(round_.category.pk, "15", "desk", ["report"])]


def test_a_submitted_sheet_queues_the_final_ranking_of_its_panel(round_):
    compute(round_, "final")
    panel = PanelFactory(round__edition=round_.edition, round__province=round_.province)
    sheet = ScoreSheet.objects.create(
        member=PanelMemberFactory(panel=panel), candidate=round_.entries[0].candidate
    )

    triggers.sheet_changed(sheet)

    assert queued() == [(round_.category.pk, "15", "final", ["sheet"])]


def test_a_national_jury_sheet_queues_the_national_final_ranking(round_):
    national(round_, stage="final")
    jury = PanelFactory(round=None, edition=round_.edition)
    sheet = ScoreSheet.objects.create(
        member=PanelMemberFactory(panel=jury), candidate=round_.entries[0].candidate
    )

    triggers.sheet_changed(sheet)

    assert queued() == [(round_.category.pk, None, "final", ["sheet"])]


def test_data_changes_also_queue_a_final_ranking_once_one_exists(round_):
    compute(round_, "final")

    triggers.report_changed(round_.entries[0].report)

    assert queued() == [
        (round_.category.pk, "15", "desk", ["report"]),
        (round_.category.pk, "15", "final", ["report"]),
    ]


def test_a_new_methodology_version_queues_every_computed_round_of_its_tier(
    world, round_, django_capture_on_commit_callbacks
):
    national(round_)
    CandidateFactory(category=round_.category, regency=world.reg_b1)

    with django_capture_on_commit_callbacks(execute=True):
        create_methodology(
            shipped("kab_kota"), category=round_.category, tier=Stage.Tier.PROVINCIAL
        )

    assert queued() == [(round_.category.pk, "15", "desk", ["methodology"])]


def test_a_national_methodology_queues_the_national_ranking(round_):
    national(round_)

    triggers.methodology_changed(round_.category.methodologies.get(tier="national"))

    assert queued() == [(round_.category.pk, None, "desk", ["methodology"])]


def test_a_failing_trigger_never_fails_the_event(
    round_, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("queue gone")

    monkeypatch.setattr(triggers, "request_recompute", broken)
    item = RegulationFactory(candidate=round_.entries[0].candidate)

    with django_capture_on_commit_callbacks(execute=True):
        step = verify(item, round_.verifier)

    assert VerificationStep.objects.filter(pk=step.pk).exists()
    assert queued() == []


def test_approving_another_kind_of_record_queues_nothing(
    world, round_, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        triggers.on_status_changed(Candidate, record=Candidate(), action="approve")

    assert (callbacks, queued()) == ([], [])


def test_a_verification_step_saved_again_queues_nothing(
    round_, django_capture_on_commit_callbacks
):
    step = verify(
        RegulationFactory(candidate=round_.entries[0].candidate), round_.verifier
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        step.save()

    assert (callbacks, queued()) == ([], [])


def test_freezing_a_methodology_for_a_run_queues_nothing(
    round_, django_capture_on_commit_callbacks
):
    draft = create_methodology(
        shipped("kab_kota"), category=round_.category, tier=Stage.Tier.PROVINCIAL
    )

    with django_capture_on_commit_callbacks(execute=True):
        freeze(draft)

    assert queued() == []


def test_editing_a_draft_methodology_queues_its_computed_rounds(
    round_, django_capture_on_commit_callbacks
):
    draft = create_methodology(
        shipped("kab_kota"), category=round_.category, tier=Stage.Tier.PROVINCIAL
    )

    with django_capture_on_commit_callbacks(execute=True):
        edit_methodology(draft, shipped("kab_kota"))

    assert queued() == [(round_.category.pk, "15", "desk", ["methodology"])]
