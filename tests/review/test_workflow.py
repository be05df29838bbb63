"""The generic review machinery (review.workflow): transitions with their
timeline, optimistic locking and the audit trail, on coverage reports."""

import pytest
from django.utils import timezone

from participants.models import CoverageReport
from review import workflow
from review.models import AuditEntry, ReviewStatus, StatusChange
from review.workflow import ReviewError, StaleEditError
from tests.factories import CoverageReportFactory, EmployerComplianceFactory

pytestmark = pytest.mark.django_db

DRAFT = ReviewStatus.DRAFT
SUBMITTED = ReviewStatus.SUBMITTED
RETURNED = ReviewStatus.RETURNED
APPROVED = ReviewStatus.APPROVED


def _steps(report):
    return [
        (step.from_status, step.to_status, step.by, step.reason)
        for step in workflow.timeline(report)
    ]


@pytest.mark.parametrize(
    ("action", "before", "after", "reason"),
    [
        ("submit", DRAFT, SUBMITTED, ""),
        ("submit", RETURNED, SUBMITTED, ""),
        ("approve", SUBMITTED, APPROVED, ""),
        ("return", SUBMITTED, RETURNED, "Angkatan kerja salah"),
        ("unapprove", APPROVED, RETURNED, "BPS revised the figures"),
    ],
)
def test_change_status_moves_the_record_and_records_the_step(
    world, action, before, after, reason
):
    report = CoverageReportFactory(regency=world.reg_a1, status=before)
    by = world.users["verifikator_kanwil_a"]

    workflow.change_status(report, action, by=by, reason=reason)

    report.refresh_from_db()
    assert ((report.status, report.updated_by), _steps(report)) == (
        (after, by),
        [(before, after, by, reason)],
    )


def test_change_status_records_when_it_happened(world):
    report = CoverageReportFactory(regency=world.reg_a1)
    started = timezone.now()

    workflow.change_status(report, "submit", by=world.users["petugas_a"])

    step = StatusChange.objects.for_record(report).get()
    assert started <= step.at <= timezone.now()


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("submit", SUBMITTED),
        ("submit", APPROVED),
        ("approve", DRAFT),
        ("approve", APPROVED),
        ("return", RETURNED),
        ("unapprove", SUBMITTED),
    ],
)
def test_change_status_refuses_a_step_from_the_wrong_status(world, action, status):
    report = CoverageReportFactory(regency=world.reg_a1, status=status)

    with pytest.raises(ReviewError):
        workflow.change_status(report, action, by=world.users["admin"], reason="x")

    report.refresh_from_db()
    assert (report.status, _steps(report)) == (status, [])


@pytest.mark.parametrize(
    ("action", "status"), [("return", SUBMITTED), ("unapprove", APPROVED)]
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_change_status_needs_a_reason_to_return_or_unapprove(
    world, action, status, reason
):
    report = CoverageReportFactory(regency=world.reg_a1, status=status)

    with pytest.raises(ReviewError):
        workflow.change_status(report, action, by=world.users["admin"], reason=reason)

    report.refresh_from_db()
    assert (report.status, _steps(report)) == (status, [])


def test_change_status_stores_the_reason_without_surrounding_space(world):
    report = CoverageReportFactory(regency=world.reg_a1, status=SUBMITTED)
    by = world.users["admin"]

    workflow.change_status(report, "return", by=by, reason="  Cek PU  \n")

    assert _steps(report) == [(SUBMITTED, RETURNED, by, "Cek PU")]


def test_timeline_lists_steps_in_order_in_one_query(world, django_assert_num_queries):
    report = CoverageReportFactory(regency=world.reg_a1)
    petugas, verifier = world.users["petugas_a"], world.users["verifikator_cabang_a"]
    workflow.change_status(report, "submit", by=petugas)
    workflow.change_status(report, "return", by=verifier, reason="Cek BPU")
    workflow.change_status(report, "submit", by=petugas)

    with django_assert_num_queries(1):
        result = [
            (s.from_status, s.to_status, s.by.username)
            for s in workflow.timeline(report)
        ]

    assert result == [
        (DRAFT, SUBMITTED, petugas.username),
        (SUBMITTED, RETURNED, verifier.username),
        (RETURNED, SUBMITTED, petugas.username),
    ]


def test_timeline_belongs_to_one_record(world):
    report = CoverageReportFactory(regency=world.reg_a1)
    other = CoverageReportFactory(regency=world.reg_a2)
    workflow.change_status(other, "submit", by=world.users["petugas_a"])

    result = list(workflow.timeline(report))

    assert result == []


def test_lock_rereads_the_record(world):
    report = CoverageReportFactory(regency=world.reg_a1)
    CoverageReport.objects.filter(pk=report.pk).update(version=4)

    result = workflow.lock(report)

    assert (result.pk, result.version, report.version) == (report.pk, 4, 1)


def test_check_version_accepts_the_current_version(world):
    report = CoverageReportFactory(regency=world.reg_a1, version=3)

    result = workflow.check_version(report, 3)

    assert result is None


def test_check_version_refuses_an_older_version_with_the_changes_since(world):
    report = CoverageReportFactory(regency=world.reg_a1, version=4)
    by = world.users["petugas_a"]
    for version, value in ((2, "1"), (3, "2"), (4, "3")):
        workflow.record_changes(
            report,
            {"peserta_pu": (None, value)},
            by=by,
            reason="",
            source=AuditEntry.Source.FORM,
            version=version,
        )

    with pytest.raises(StaleEditError) as raised:
        workflow.check_version(report, 2)

    assert (
        raised.value.current_version,
        [(e.version, e.new_value, e.by) for e in raised.value.changes],
    ) == (4, [(3, "2", by), (4, "3", by)])


def test_diff_lists_changed_paths_with_old_and_new_values():
    old = {"peserta_pu": 1, "peserta_bpu": 2, "claims:jkk:cases": 3}
    new = {"peserta_pu": 1, "peserta_bpu": 5, "claims:jkm:cases": 4}

    result = workflow.diff(old, new)

    assert result == {
        "claims:jkk:cases": (3, None),
        "claims:jkm:cases": (None, 4),
        "peserta_bpu": (2, 5),
    }


def test_diff_treats_a_missing_path_as_none():
    result = workflow.diff({"peserta_pu": None}, {"peserta_jakon": None})

    assert result == {}


def test_record_changes_writes_one_entry_per_change(world):
    report = CoverageReportFactory(regency=world.reg_a1)
    by = world.users["petugas_a"]

    workflow.record_changes(
        report,
        {"peserta_pu": (3_500, 3_600), "villages:15.01.01.2001:workers": (None, 120)},
        by=by,
        reason="Data BPJS terbaru",
        source=AuditEntry.Source.IMPORT,
        version=2,
    )

    entries = AuditEntry.objects.for_record(report)
    assert [
        (e.field, e.old_value, e.new_value, e.by, e.reason, e.source, e.version)
        for e in entries
    ] == [
        ("peserta_pu", "3500", "3600", by, "Data BPJS terbaru", "import", 2),
        (
            "villages:15.01.01.2001:workers",
            "",
            "120",
            by,
            "Data BPJS terbaru",
            "import",
            2,
        ),
    ]


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("factory", "name"),
    [
        (CoverageReportFactory, "coverage report"),
        (EmployerComplianceFactory, "compliance record"),
    ],
)
def test_refusals_name_the_record_by_its_own_name(factory, name):
    """Employer pages never say "report": every refusal of the kernel is worded
    from the record's verbose name."""
    record = factory(status=APPROVED)
    with pytest.raises(ReviewError) as refused:
        workflow.check_transition(record, "submit")
    assert str(refused.value) == (f"This cannot be done while the {name} is Approved.")
    stale = factory(version=3)
    with pytest.raises(StaleEditError) as raised:
        workflow.check_version(stale, 1)
    assert f"saved this {name} after you opened it" in str(raised.value)
    invalid = workflow.InvalidRecordError([], record)
    assert str(invalid) == f"The {name} has errors; nothing was saved."
