"""State changes of coverage reports (participants.services): starting, saving with
validation and audit, and the review workflow with its permissions."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from participants import services
from participants.content import ReportContent
from participants.models import CoverageReport
from review import workflow
from review.models import AuditEntry, ReviewStatus
from review.workflow import InvalidRecordError, ReviewError
from tests.factories import CoverageReportFactory, NonAsnLineFactory

pytestmark = pytest.mark.django_db

DRAFT = ReviewStatus.DRAFT
SUBMITTED = ReviewStatus.SUBMITTED
RETURNED = ReviewStatus.RETURNED
APPROVED = ReviewStatus.APPROVED
BLANK = dict.fromkeys(CoverageReport.FIGURES)
FIGURES = {
    "angkatan_kerja": 18_749,
    "pekerja_formal": 8_749,
    "pekerja_informal": 10_000,
    "peserta_pu": 6_414,
    "peserta_bpu": 5_000,
}


def _blank_report(world, **kwargs):
    return CoverageReportFactory(regency=world.reg_a1, **{**BLANK, **kwargs})


def _content(figures=FIGURES, **lines):
    return ReportContent(figures=dict(figures), lines=lines)


def _audit(report):
    return [
        (e.field, e.old_value, e.new_value, e.by, e.reason, e.source, e.version)
        for e in AuditEntry.objects.for_record(report)
    ]


def _steps(report):
    return [
        (s.from_status, s.to_status, s.by, s.reason) for s in workflow.timeline(report)
    ]


def _stored(report):
    report.refresh_from_db()
    return (report.version, ReportContent.of(report).flat())


# start_report


def test_start_report_creates_a_draft_for_the_branch_kab_kota(world):
    officer = world.users["petugas_a"]

    report = services.start_report("15.01", 2023, by=officer)

    assert (
        report.regency,
        report.province,
        report.year,
        report.status,
        report.version,
        report.updated_by,
    ) == (world.reg_a1, world.prov_a, 2023, DRAFT, 1, officer)


def test_start_report_returns_the_existing_report(world):
    first = services.start_report("15.01", 2023, by=world.users["petugas_a"])

    again = services.start_report("15.01", 2023, by=world.users["petugas_a2"])

    assert (again, CoverageReport.objects.count()) == (first, 1)


def test_start_report_returns_the_report_someone_created_meanwhile(world, monkeypatch):
    rival = CoverageReportFactory(regency=world.reg_a1, year=2023)
    lookup = CoverageReport.objects.for_region_code
    # The existence check ran before the rival's insert was visible.
    calls = []

    def first_lookup_misses(code):
        calls.append(code)
        queryset = lookup(code)
        return queryset.none() if len(calls) == 1 else queryset

    monkeypatch.setattr(CoverageReport.objects, "for_region_code", first_lookup_misses)

    report = services.start_report("15.01", 2023, by=world.users["petugas_a"])

    assert (report, CoverageReport.objects.count()) == (rival, 1)


def test_start_report_of_a_province_by_its_reporting_branch(world):
    world.prov_a.reporting_branch = world.branch_a
    world.prov_a.save()

    report = services.start_report("15", 2023, by=world.users["petugas_a"])

    assert (report.province, report.regency, report.is_province_report) == (
        world.prov_a,
        None,
        True,
    )


@pytest.mark.parametrize("reporting_branch", ["branch_a2", None])
def test_start_report_of_a_province_refuses_other_branches(world, reporting_branch):
    world.prov_a.reporting_branch = (
        getattr(world, reporting_branch) if reporting_branch else None
    )
    world.prov_a.save()

    with pytest.raises(PermissionDenied):
        services.start_report("15", 2023, by=world.users["petugas_a"])

    assert CoverageReport.objects.count() == 0


@pytest.mark.parametrize(
    ("user_key", "code"),
    [
        ("petugas_b", "15.01"),
        ("petugas_a2", "15.71"),
        ("verifikator_cabang_a", "15.01"),
        ("verifikator_kanwil_a", "15.01"),
        ("panitia_a", "15.01"),
        ("penilai", "15.01"),
        ("no_role", "15.01"),
        ("anonymous", "15.01"),
    ],
)
def test_start_report_refuses_users_who_do_not_enter_the_region(world, user_key, code):
    with pytest.raises(PermissionDenied):
        services.start_report(code, 2023, by=world.users[user_key])

    assert CoverageReport.objects.count() == 0


def test_start_report_refuses_a_deactivated_officer(world):
    officer = world.users["petugas_a"]
    officer.is_active = False

    with pytest.raises(PermissionDenied):
        services.start_report("15.01", 2023, by=officer)


def test_start_report_does_not_hand_an_existing_report_to_another_branch(world):
    CoverageReportFactory(regency=world.reg_a1, year=2023)

    with pytest.raises(PermissionDenied):
        services.start_report("15.01", 2023, by=world.users["petugas_b"])


@pytest.mark.parametrize("code", ["21.05", "15"])
def test_start_report_for_the_national_admin_anywhere(world, code):
    report = services.start_report(code, 2023, by=world.users["admin"])

    assert report.region_code == code


# save_report


def test_save_report_writes_figures_and_every_table(world):
    report = _blank_report(world)
    content = _content(
        non_asn={"guru_honorer": {"eligible": 1_802, "protected": 1_000}},
        vulnerable={"petani/apbd": {"workers": 10, "months": 12, "rupiah": 2_016_000}},
        villages={"15.01.01.2001": {"workers": 120, "funding_source": "apbdes"}},
        claims={"jkk": {"cases": 3, "rupiah": 45_000_000}},
    )

    services.save_report(
        report, content, by=world.users["petugas_a"], expected_version=1
    )

    assert _stored(report) == (2, content.flat())


def test_save_report_updates_the_instance_it_was_given(world):
    report = _blank_report(world)

    services.save_report(
        report, _content(), by=world.users["petugas_a"], expected_version=1
    )

    assert (report.version, report.peserta_pu) == (2, 6_414)


def test_save_report_audits_each_changed_value(world):
    report = _blank_report(world, peserta_pu=6_000)
    officer = world.users["petugas_a"]
    content = _content(claims={"jkm": {"cases": 2, "rupiah": None}})

    services.save_report(
        report,
        content,
        by=officer,
        expected_version=1,
        reason="Data BPJS Desember",
        source=AuditEntry.Source.API,
    )

    why = "Data BPJS Desember"
    assert _audit(report) == [
        ("angkatan_kerja", "", "18749", officer, why, "api", 2),
        ("claims:jkm:cases", "", "2", officer, why, "api", 2),
        ("pekerja_formal", "", "8749", officer, why, "api", 2),
        ("pekerja_informal", "", "10000", officer, why, "api", 2),
        ("peserta_bpu", "", "5000", officer, why, "api", 2),
        ("peserta_pu", "6000", "6414", officer, why, "api", 2),
    ]


def test_save_report_without_changes_keeps_the_version_and_writes_no_audit(world):
    report = _blank_report(world, **FIGURES, version=3)
    NonAsnLineFactory(report=report)

    entries = services.save_report(
        report,
        ReportContent.of(report),
        by=world.users["petugas_a"],
        expected_version=3,
    )

    assert (entries, report.version, _audit(report)) == ([], 3, [])


def test_save_report_fills_blanks_without_a_reason(world):
    report = _blank_report(world, peserta_pu=6_414)

    entries = services.save_report(
        report, _content(), by=world.users["petugas_a"], expected_version=1
    )

    assert [(e.field, e.reason) for e in entries] == [
        ("angkatan_kerja", ""),
        ("pekerja_formal", ""),
        ("pekerja_informal", ""),
        ("peserta_bpu", ""),
    ]


@pytest.mark.parametrize(
    "content",
    [
        _content({**FIGURES, "peserta_pu": 6_000, "peserta_bpu": 5_414}),
        _content({**FIGURES, "peserta_bpu": None}),
    ],
    ids=["changed", "cleared"],
)
@pytest.mark.parametrize("reason", ["", "  "])
def test_save_report_needs_a_reason_to_change_a_saved_value(
    world, english, content, reason
):
    report = _blank_report(world, **FIGURES)

    with pytest.raises(InvalidRecordError) as raised:
        services.save_report(
            report,
            content,
            by=world.users["petugas_a"],
            expected_version=1,
            reason=reason,
        )

    assert (
        [(f.path, f.rule) for f in raised.value.findings],
        _stored(report),
        _audit(report),
    ) == ([("", "reason_required")], (1, _content().flat()), [])


def test_save_report_needs_a_reason_to_remove_a_table_row(world):
    report = _blank_report(world, **FIGURES)
    NonAsnLineFactory(report=report)

    with pytest.raises(InvalidRecordError):
        services.save_report(
            report, _content(), by=world.users["petugas_a"], expected_version=1
        )


def test_save_report_refuses_errors_and_writes_nothing(world, english):
    report = _blank_report(world, peserta_pu=6_414)
    content = _content(
        {**FIGURES, "pekerja_formal": 1},
        non_asn={"bpd": {"eligible": 1, "protected": 2}},
        villages={"21.05.01.2001": {"workers": 120, "funding_source": "apbdes"}},
    )

    with pytest.raises(InvalidRecordError) as raised:
        services.save_report(
            report, content, by=world.users["petugas_a"], expected_version=1
        )

    assert (
        [(f.path, f.rule) for f in raised.value.findings],
        _stored(report),
        _audit(report),
    ) == (
        [
            ("angkatan_kerja", "workforce_sum"),
            ("non_asn:bpd:protected", "protected_above_eligible"),
            ("villages:21.05.01.2001", "village_outside_region"),
        ],
        (1, {**BLANK, "peserta_pu": 6_414}),
        [],
    )


def test_save_report_stores_content_with_warnings_and_their_explanation(world):
    CoverageReportFactory(regency=world.reg_a1, year=2022, peserta_pu=1_000)
    report = _blank_report(world, year=2023)

    services.save_report(
        report,
        _content(),
        by=world.users["petugas_a"],
        expected_version=1,
        warning_explanation="  Pendataan ulang BPU  ",
    )

    report.refresh_from_db()
    assert (report.version, report.warning_explanation) == (2, "Pendataan ulang BPU")


def test_save_report_refuses_a_stale_version_and_writes_nothing(world):
    report = _blank_report(world)
    officer = world.users["petugas_a"]
    services.save_report(report, _content(), by=officer, expected_version=1)

    with pytest.raises(workflow.StaleEditError) as raised:
        services.save_report(
            CoverageReport.objects.get(pk=report.pk),
            _content({**FIGURES, "pemberi_kerja": 9}),
            by=world.users["petugas_a2"],
            expected_version=1,
        )

    assert (
        raised.value.current_version,
        len(raised.value.changes),
        _stored(report),
    ) == (
        2,
        5,
        (2, _content().flat()),
    )


@pytest.mark.parametrize(
    "user_key",
    ["petugas_b", "verifikator_cabang_a", "verifikator_kanwil_a", "anonymous"],
)
def test_save_report_refuses_users_who_do_not_enter_the_region(world, user_key):
    report = _blank_report(world)

    with pytest.raises(PermissionDenied):
        services.save_report(
            report, _content(), by=world.users[user_key], expected_version=1
        )

    assert _stored(report) == (1, BLANK)


@pytest.mark.parametrize("status", [SUBMITTED, APPROVED])
@pytest.mark.parametrize("user_key", ["petugas_a", "admin", "superuser"])
def test_save_report_refuses_a_locked_report(world, status, user_key):
    report = _blank_report(world, status=status)

    with pytest.raises(PermissionDenied):
        services.save_report(
            report, _content(), by=world.users[user_key], expected_version=1
        )

    assert _stored(report) == (1, BLANK)


def test_save_report_takes_new_figures_once_returned(world):
    report = _blank_report(world, status=RETURNED)

    services.save_report(
        report, _content(), by=world.users["petugas_a"], expected_version=1
    )

    assert _stored(report) == (2, _content().flat())


# submit_report


def test_submit_report_sends_a_valid_report_for_approval(world):
    report = CoverageReportFactory(regency=world.reg_a1)
    officer = world.users["petugas_a"]

    services.submit_report(report, by=officer)

    report.refresh_from_db()
    assert (report.status, _steps(report)) == (
        SUBMITTED,
        [(DRAFT, SUBMITTED, officer, "")],
    )


def test_submit_report_refuses_a_report_with_errors(world, english):
    report = CoverageReportFactory(regency=world.reg_a1, pekerja_formal=1)

    with pytest.raises(InvalidRecordError) as raised:
        services.submit_report(report, by=world.users["petugas_a"])

    report.refresh_from_db()
    assert ([f.rule for f in raised.value.findings], report.status) == (
        ["workforce_sum"],
        DRAFT,
    )


def test_submit_report_needs_warnings_explained(world, english):
    CoverageReportFactory(regency=world.reg_a1, year=2022, peserta_pu=1_000)
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)

    with pytest.raises(InvalidRecordError) as raised:
        services.submit_report(report, by=world.users["petugas_a"])

    report.refresh_from_db()
    assert (
        [(f.path, f.rule, f.is_warning) for f in raised.value.findings],
        report.status,
    ) == (
        [
            ("peserta_pu", "coverage_jump", True),
            ("warning_explanation", "explanation_required", False),
        ],
        DRAFT,
    )


def test_submit_report_accepts_explained_warnings(world):
    CoverageReportFactory(regency=world.reg_a1, year=2022, peserta_pu=1_000)
    report = CoverageReportFactory(
        regency=world.reg_a1, year=2023, warning_explanation="Pendataan ulang"
    )

    services.submit_report(report, by=world.users["petugas_a"])

    assert report.status == SUBMITTED


@pytest.mark.parametrize("user_key", ["verifikator_cabang_a", "petugas_b"])
def test_submit_report_refuses_users_who_do_not_enter_the_region(world, user_key):
    report = CoverageReportFactory(regency=world.reg_a1)

    with pytest.raises(PermissionDenied):
        services.submit_report(report, by=world.users[user_key])


# approve_report


@pytest.mark.parametrize("user_key", ["verifikator_cabang_a", "verifikator_kanwil_a"])
def test_approve_report_by_a_verifier_over_the_region(world, user_key):
    report = CoverageReportFactory(regency=world.reg_a1, status=SUBMITTED)
    verifier = world.users[user_key]

    services.approve_report(report, by=verifier)

    report.refresh_from_db()
    assert (report.status, report.is_editable, _steps(report)) == (
        APPROVED,
        False,
        [(SUBMITTED, APPROVED, verifier, "")],
    )


@pytest.mark.parametrize(
    "user_key", ["petugas_a", "verifikator_cabang_b", "verifikator_kanwil_b"]
)
def test_approve_report_refuses_users_who_do_not_verify_the_region(world, user_key):
    report = CoverageReportFactory(regency=world.reg_a1, status=SUBMITTED)

    with pytest.raises(PermissionDenied):
        services.approve_report(report, by=world.users[user_key])

    report.refresh_from_db()
    assert (report.status, _steps(report)) == (SUBMITTED, [])


def test_approve_report_refuses_a_draft_saying_why(world, english):
    report = CoverageReportFactory(regency=world.reg_a1)

    with pytest.raises(ReviewError) as refused:
        services.approve_report(report, by=world.users["verifikator_kanwil_a"])

    assert str(refused.value) == (
        "This cannot be done while the coverage report is Draft."
    )


def _province_report_with_regencies(world, *regency_statuses):
    for regency, status in zip(
        (world.reg_a1, world.reg_a2), regency_statuses, strict=False
    ):
        CoverageReportFactory(regency=regency, year=2023, status=status)
    CoverageReportFactory(regency=world.reg_b1, year=2023, status=DRAFT)
    CoverageReportFactory(regency=world.reg_a2, year=2022, status=APPROVED)
    return CoverageReportFactory(
        regency=None, province=world.prov_a, year=2023, status=SUBMITTED
    )


@pytest.mark.parametrize(
    "regency_statuses", [(APPROVED,), (APPROVED, SUBMITTED), (RETURNED, APPROVED)]
)
def test_approve_report_of_a_province_waits_for_all_its_kab_kota(
    world, english, regency_statuses
):
    report = _province_report_with_regencies(world, *regency_statuses)

    with pytest.raises(ReviewError) as raised:
        services.approve_report(report, by=world.users["verifikator_kanwil_a"])

    report.refresh_from_db()
    assert (report.status, str(raised.value)) == (
        SUBMITTED,
        "Approve every kab/kota report of 2023 first; not yet approved: "
        + ("Kabupaten Kerinci." if regency_statuses[0] != APPROVED else "Kota Jambi."),
    )


def test_approve_report_of_a_province_once_all_its_kab_kota_are_approved(world):
    report = _province_report_with_regencies(world, APPROVED, APPROVED)

    services.approve_report(report, by=world.users["verifikator_kanwil_a"])

    assert report.status == APPROVED


def test_approve_report_of_a_province_first_when_the_setting_is_off(world, settings):
    settings.COVERAGE_PROVINCE_AFTER_REGENCIES = False
    report = _province_report_with_regencies(world, SUBMITTED)

    services.approve_report(report, by=world.users["verifikator_kanwil_a"])

    assert report.status == APPROVED


def test_unapproved_regencies_names_kab_kota_without_an_approved_report(world):
    report = _province_report_with_regencies(world, SUBMITTED)

    result = services.unapproved_regencies(report)

    assert result == ["Kabupaten Kerinci", "Kota Jambi"]


# return_report


def test_return_report_sends_it_back_editable_with_the_reason(world):
    report = CoverageReportFactory(regency=world.reg_a1, status=SUBMITTED)
    verifier = world.users["verifikator_cabang_a"]

    services.return_report(report, by=verifier, reason="PU belum sesuai data BPJS")

    report.refresh_from_db()
    assert (report.status, report.is_editable, _steps(report)) == (
        RETURNED,
        True,
        [(SUBMITTED, RETURNED, verifier, "PU belum sesuai data BPJS")],
    )


def test_return_report_needs_a_reason(world):
    report = CoverageReportFactory(regency=world.reg_a1, status=SUBMITTED)

    with pytest.raises(ReviewError):
        services.return_report(
            report, by=world.users["verifikator_cabang_a"], reason=" "
        )

    report.refresh_from_db()
    assert (report.status, _steps(report)) == (SUBMITTED, [])


def test_return_report_refuses_the_officer(world):
    report = CoverageReportFactory(regency=world.reg_a1, status=SUBMITTED)

    with pytest.raises(PermissionDenied):
        services.return_report(report, by=world.users["petugas_a"], reason="Cek")


# unapprove_report


@pytest.mark.parametrize("user_key", ["verifikator_kanwil_a", "admin"])
def test_unapprove_report_by_a_kanwil_verifier_or_admin(world, user_key):
    report = CoverageReportFactory(regency=world.reg_a1, status=APPROVED)
    by = world.users[user_key]

    services.unapprove_report(report, by=by, reason="BPS merevisi angkatan kerja")

    report.refresh_from_db()
    assert (report.status, report.is_editable, _steps(report)) == (
        RETURNED,
        True,
        [(APPROVED, RETURNED, by, "BPS merevisi angkatan kerja")],
    )


@pytest.mark.parametrize(
    "user_key", ["verifikator_cabang_a", "verifikator_kanwil_b", "petugas_a"]
)
def test_unapprove_report_refuses_the_branch_and_other_kanwil(world, user_key):
    report = CoverageReportFactory(regency=world.reg_a1, status=APPROVED)

    with pytest.raises(PermissionDenied):
        services.unapprove_report(report, by=world.users[user_key], reason="Revisi")

    report.refresh_from_db()
    assert (report.status, _steps(report)) == (APPROVED, [])


def test_unapprove_report_needs_a_reason(world):
    report = CoverageReportFactory(regency=world.reg_a1, status=APPROVED)

    with pytest.raises(ReviewError):
        services.unapprove_report(
            report, by=world.users["verifikator_kanwil_a"], reason=""
        )

    report.refresh_from_db()
    assert report.status == APPROVED


def test_a_full_review_cycle_is_on_the_timeline(world):
    report = _blank_report(world)
    officer, verifier = world.users["petugas_a"], world.users["verifikator_cabang_a"]
    kanwil = world.users["verifikator_kanwil_a"]
    services.save_report(report, _content(), by=officer, expected_version=1)
    services.submit_report(report, by=officer)
    services.return_report(report, by=verifier, reason="Cek BPU")
    services.submit_report(report, by=officer)
    services.approve_report(report, by=verifier)

    services.unapprove_report(report, by=kanwil, reason="Revisi BPS")

    assert _steps(report) == [
        (DRAFT, SUBMITTED, officer, ""),
        (SUBMITTED, RETURNED, verifier, "Cek BPU"),
        (RETURNED, SUBMITTED, officer, ""),
        (SUBMITTED, APPROVED, verifier, ""),
        (APPROVED, RETURNED, kanwil, "Revisi BPS"),
    ]


def test_review_reports_last_years_coverage_jump(world, english):
    CoverageReportFactory(regency=world.reg_a1, year=2022, peserta_pu=1_000)
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)

    result = services.review(report, ReportContent.of(report))

    assert [(f.rule, f.message) for f in result] == [
        (
            "coverage_jump",
            "PU participants (wage earners): coverage moves from 35.00 % last year "
            "to 60.00 % (more than 15 points); explain why.",
        )
    ]


def test_previous_coverage_of_a_province_report_is_the_province_last_year(world):
    CoverageReportFactory(
        regency=None, province=world.prov_a, year=2022, peserta_pu=500
    )
    CoverageReportFactory(regency=world.reg_a1, year=2022, peserta_pu=1_000)
    report = CoverageReportFactory(regency=None, province=world.prov_a, year=2023)

    result = services.previous_coverage(report)

    assert result == Decimal("30.00")


def test_unapprove_report_refuses_a_kab_kota_while_its_province_is_approved(world):
    regency_report = CoverageReportFactory(regency=world.reg_a1, status=APPROVED)
    CoverageReportFactory(regency=None, province=world.prov_a, status=APPROVED)

    with pytest.raises(ReviewError):
        services.unapprove_report(
            regency_report, by=world.users["admin"], reason="Angka salah"
        )

    regency_report.refresh_from_db()
    assert regency_report.status == APPROVED


def test_save_report_audits_a_changed_warning_explanation_without_a_reason(world):
    report = CoverageReportFactory(regency=world.reg_a1)

    entries = services.save_report(
        report,
        ReportContent.of(report),
        by=world.users["petugas_a"],
        expected_version=1,
        warning_explanation="Pendataan ulang BPS",
    )

    assert [(e.field, e.old_value, e.new_value) for e in entries] == [
        ("warning_explanation", "", "Pendataan ulang BPS")
    ]
    assert report.version == 2


@pytest.mark.parametrize(("code", "year"), [("15.01", 2016), ("99.99", 2023)])
def test_start_report_refuses_a_year_or_region_that_does_not_exist(world, code, year):
    with pytest.raises(ReviewError):
        services.start_report(code, year, by=world.users["admin"])

    assert CoverageReport.objects.count() == 0
