"""Writing a checked upload and taking it back (participants.importers.writing): an
upsert on the natural key in one transaction, every written row and audit entry
pointing to the batch, stale reports refused, and a revert through the ordinary
save."""

from datetime import timedelta

import pytest
from django.utils import timezone

from participants import services
from participants.content import ReportContent
from participants.importers import batches
from participants.importers.writing import commit_plan, revert_batch
from participants.models import (
    CoverageReport,
    FundingSource,
    ImportBatch,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
)
from review.models import AuditEntry, ReviewStatus
from review.workflow import ReviewError
from tests.factories import (
    CoverageReportFactory,
    NonAsnLineFactory,
    VillageFactory,
    VillageProtectionFactory,
    VulnerableWorkerLineFactory,
)
from tests.uploads import (
    FIGURES,
    FILENAME,
    NON_ASN_HEADER,
    REPORT_HEADER,
    VILLAGE_HEADER,
    VULNERABLE_HEADER,
    csv_bytes,
    report_row,
    stored_batch,
)

pytestmark = pytest.mark.usefixtures("english")


def upload(user, header, *rows, kind=ImportBatch.Kind.REPORTS) -> ImportBatch:
    return stored_batch(user, csv_bytes(header, *rows), kind=kind)


def commit(batch: ImportBatch, user) -> dict[str, int]:
    return commit_plan(batch, batches.plan_batch(batch), by=user)


def stored() -> list[tuple]:
    """Every report as (region, year, status, version, values), and the audit size."""
    reports = CoverageReport.objects.order_by("pk")
    return [
        *(
            (r.region_code, r.year, r.status, r.version, ReportContent.of(r).flat())
            for r in reports
        ),
        ("audit entries", AuditEntry.objects.count()),
    ]


def figures_of(report: CoverageReport) -> dict:
    return ReportContent.of(report).figures


def report_of(world, regency=None, year=2024, **kwargs):
    return CoverageReportFactory(regency=regency or world.reg_a2, year=year, **kwargs)


# upsert on the natural key


def test_commit_plan_replaces_the_figures_of_a_report(world):
    report = report_of(world)
    batch = upload(
        world.users["petugas_a"],
        REPORT_HEADER,
        report_row("15.71", peserta_pmi=40, pemberi_kerja=130),
    )

    commit(batch, world.users["petugas_a"])

    report.refresh_from_db()
    assert ReportContent.of(report).figures == FIGURES | {
        "peserta_pmi": 40,
        "pemberi_kerja": 130,
    }


def test_commit_plan_creates_draft_reports_for_region_years_without_one(world):
    petugas = world.users["petugas_a"]
    batch = upload(petugas, REPORT_HEADER, report_row("15.71"), report_row("15.01"))

    commit(batch, petugas)

    assert [
        (r.region_code, r.year, r.status, r.updated_by, r.import_batch, figures_of(r))
        for r in CoverageReport.objects.order_by("regency_id")
    ] == [
        ("15.01", 2024, ReviewStatus.DRAFT, petugas, batch, FIGURES),
        ("15.71", 2024, ReviewStatus.DRAFT, petugas, batch, FIGURES),
    ]


def test_commit_plan_creates_a_province_report_for_a_province_code(world):
    admin = world.users["admin"]
    batch = upload(admin, REPORT_HEADER, report_row("21"))

    commit(batch, admin)

    assert [
        (r.province_id, r.regency_id, r.year)
        for r in CoverageReport.objects.order_by("pk")
    ] == [("21", None, 2024)]


def test_commit_plan_replaces_only_the_non_asn_lines_in_the_file(world):
    report = report_of(world)
    NonAsnLineFactory(report=report, category="guru_honorer", eligible=100)
    NonAsnLineFactory(report=report, category="bpd", eligible=40, protected=10)
    batch = upload(
        world.users["petugas_a"],
        NON_ASN_HEADER,
        ["15.71", 2024, "bpd", 40, 12],
        ["15.71", 2024, "lkd", 5, ""],
        kind=ImportBatch.Kind.NON_ASN,
    )

    commit(batch, world.users["petugas_a"])

    assert [
        (line.category, line.eligible, line.protected, line.import_batch)
        for line in NonAsnLine.objects.order_by("category")
    ] == [
        ("bpd", 40, 12, batch),
        ("guru_honorer", 100, 80, None),
        ("lkd", 5, None, batch),
    ]


def test_commit_plan_replaces_only_the_vulnerable_lines_in_the_file(world):
    report = report_of(world)
    VulnerableWorkerLineFactory(report=report, sector="petani", funding_source="apbd")
    VulnerableWorkerLineFactory(report=report, sector="nelayan", funding_source="csr")
    batch = upload(
        world.users["petugas_a"],
        VULNERABLE_HEADER,
        ["15.71", 2024, "nelayan", "csr", 10, 6, 10 * 6 * 16_800],
        ["15.71", 2024, "ojek", "apbd", 5, 12, 5 * 12 * 16_800],
        kind=ImportBatch.Kind.VULNERABLE,
    )

    commit(batch, world.users["petugas_a"])

    assert [
        (line.key, line.workers, line.months, line.rupiah, line.import_batch)
        for line in VulnerableWorkerLine.objects.order_by("sector")
    ] == [
        ("nelayan/csr", 10, 6, 1_008_000, batch),
        ("ojek/apbd", 5, 12, 1_008_000, batch),
        ("petani/apbd", 100, 12, 20_160_000, None),
    ]


def test_commit_plan_replaces_only_the_village_lines_in_the_file(world):
    report = report_of(world)
    other = VillageFactory(code="15.71.01.1002", district=world.dist_a2)
    VillageProtectionFactory(report=report, village=world.vil_a2, workers=120)
    VillageProtectionFactory(report=report, village=other, workers=30)
    batch = upload(
        world.users["petugas_a"],
        VILLAGE_HEADER,
        ["15.71.01.1002", 2024, 35, "csr"],
        kind=ImportBatch.Kind.VILLAGES,
    )

    commit(batch, world.users["petugas_a"])

    assert [
        (line.village_id, line.workers, line.funding_source, line.import_batch)
        for line in VillageProtection.objects.order_by("village_id")
    ] == [
        ("15.71.01.1001", 120, FundingSource.APBDES, None),
        ("15.71.01.1002", 35, FundingSource.CSR, batch),
    ]


def test_commit_plan_points_each_changed_report_to_the_batch(world):
    changed, unchanged = report_of(world), report_of(world, regency=world.reg_a1)
    batch = upload(
        world.users["petugas_a"],
        REPORT_HEADER,
        report_row("15.71", pemberi_kerja=130),
        report_row("15.01"),
    )

    commit(batch, world.users["petugas_a"])

    changed.refresh_from_db()
    unchanged.refresh_from_db()
    assert (changed.import_batch, unchanged.import_batch) == (batch, None)


def test_commit_plan_audits_each_replaced_value_and_the_rows_added(world):
    report = report_of(world)
    NonAsnLineFactory(report=report, category="bpd", eligible=40, protected=10)
    petugas = world.users["petugas_a"]
    batch = upload(
        petugas,
        NON_ASN_HEADER,
        ["15.71", 2024, "bpd", 40, 12],
        ["15.71", 2024, "lkd", 5, ""],
        kind=ImportBatch.Kind.NON_ASN,
    )

    commit(batch, petugas)

    reason = f"Upload of {FILENAME}"
    assert [
        (
            e.field,
            e.old_value,
            e.new_value,
            e.by,
            e.reason,
            e.source,
            e.version,
            e.origin,
        )
        for e in AuditEntry.objects.for_record(report).order_by("field")
    ] == [
        ("non_asn", "", "1", petugas, reason, "import", 2, batch),
        ("non_asn:bpd:protected", "10", "12", petugas, reason, "import", 2, batch),
    ]


def test_commit_plan_bumps_each_report_version_once(world):
    first, second = report_of(world), report_of(world, regency=world.reg_a1)
    batch = upload(
        world.users["petugas_a"],
        NON_ASN_HEADER,
        ["15.71", 2024, "bpd", 40, 12],
        ["15.71", 2024, "lkd", 5, 5],
        ["15.71", 2024, "rt_rw", 9, 9],
        ["15.01", 2024, "bpd", 1, 1],
        kind=ImportBatch.Kind.NON_ASN,
    )

    commit(batch, world.users["petugas_a"])

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, second.version) == (2, 2)


def test_commit_plan_returns_the_counts_and_the_reports_changed(world):
    report_of(world)
    batch = upload(
        world.users["petugas_a"],
        REPORT_HEADER,
        report_row("15.71"),
        report_row("15.01"),
        report_row("15.01", 2023, pemberi_kerja=1),
    )

    counts = commit(batch, world.users["petugas_a"])

    assert counts == {"rows": 3, "new": 2, "changed": 0, "unchanged": 1, "reports": 2}


def test_commit_plan_of_unchanged_rows_writes_nothing(world):
    report = report_of(world)
    NonAsnLineFactory(report=report, category="bpd", eligible=40, protected=10)
    batch = upload(
        world.users["petugas_a"],
        NON_ASN_HEADER,
        ["15.71", 2024, "bpd", 40, 10],
        kind=ImportBatch.Kind.NON_ASN,
    )
    before = stored()

    commit(batch, world.users["petugas_a"])

    assert stored() == before


def test_commit_plan_marks_changed_reports_as_updated_now(world):
    report = report_of(world)
    CoverageReport.objects.filter(pk=report.pk).update(
        updated_at=timezone.now() - timedelta(days=30)
    )
    batch = upload(
        world.users["petugas_a"], REPORT_HEADER, report_row("15.71", pemberi_kerja=1)
    )
    started = timezone.now()

    commit(batch, world.users["petugas_a"])

    report.refresh_from_db()
    assert report.updated_at >= started


# all or nothing


def test_commit_plan_refuses_a_report_saved_since_the_check(world):
    petugas = world.users["petugas_a"]
    report = report_of(world)
    batch = upload(
        petugas,
        REPORT_HEADER,
        report_row("15.01"),
        report_row("15.71", pemberi_kerja=130),
    )
    plan = batches.plan_batch(batch)
    content = ReportContent.of(report)
    content.figures["peserta_pmi"] = 7
    services.save_report(report, content, by=petugas, expected_version=1)
    before = stored()

    with pytest.raises(ReviewError) as refused:
        commit_plan(batch, plan, by=petugas)

    assert (str(refused.value), stored()) == (
        "15.71 2024 changed after the file was checked; check it again.",
        before,
    )


def test_commit_plan_refuses_a_report_submitted_since_the_check(world):
    petugas = world.users["petugas_a"]
    report = report_of(world)
    batch = upload(petugas, REPORT_HEADER, report_row("15.71", pemberi_kerja=130))
    plan = batches.plan_batch(batch)
    services.submit_report(report, by=petugas)
    before = stored()

    with pytest.raises(ReviewError):
        commit_plan(batch, plan, by=petugas)

    assert stored() == before


def test_commit_plan_refuses_a_report_started_since_the_check(world):
    petugas = world.users["petugas_a"]
    report_of(world, regency=world.reg_a1)
    batch = upload(
        petugas,
        REPORT_HEADER,
        report_row("15.01", pemberi_kerja=130),
        report_row("15.71"),
    )
    plan = batches.plan_batch(batch)
    services.start_report("15.71", 2024, by=petugas)
    before = stored()

    with pytest.raises(ReviewError) as refused:
        commit_plan(batch, plan, by=petugas)

    assert (str(refused.value), stored()) == (
        "Someone started some of these reports meanwhile; check the file again.",
        before,
    )


def test_commit_plan_refuses_a_report_deleted_since_the_check(world):
    petugas = world.users["petugas_a"]
    report = report_of(world)
    batch = upload(petugas, REPORT_HEADER, report_row("15.71", pemberi_kerja=130))
    plan = batches.plan_batch(batch)
    CoverageReport.objects.filter(pk=report.pk).delete()

    with pytest.raises(ReviewError):
        commit_plan(batch, plan, by=petugas)

    assert stored() == [("audit entries", 0)]


# revert


def test_revert_batch_puts_back_the_figures_the_upload_replaced(world):
    petugas = world.users["petugas_a"]
    report = report_of(world)
    batch = upload(petugas, REPORT_HEADER, report_row("15.71", pemberi_kerja=130))
    commit(batch, petugas)

    revert_batch(batch, by=petugas)

    report.refresh_from_db()
    assert (ReportContent.of(report).figures, report.version) == (FIGURES, 3)


def test_revert_batch_puts_back_lines_and_removes_added_ones(world):
    petugas = world.users["petugas_a"]
    report = report_of(world)
    NonAsnLineFactory(report=report, category="bpd", eligible=40, protected=10)
    batch = upload(
        petugas,
        NON_ASN_HEADER,
        ["15.71", 2024, "bpd", 40, 12],
        ["15.71", 2024, "lkd", 5, 5],
        kind=ImportBatch.Kind.NON_ASN,
    )
    commit(batch, petugas)

    revert_batch(batch, by=petugas)

    assert [
        (line.category, line.eligible, line.protected)
        for line in NonAsnLine.objects.order_by("category")
    ] == [("bpd", 40, 10)]


def test_revert_batch_puts_back_village_funding_sources_as_text(world):
    petugas = world.users["petugas_a"]
    report = report_of(world)
    VillageProtectionFactory(report=report, village=world.vil_a2, workers=120)
    batch = upload(
        petugas,
        VILLAGE_HEADER,
        ["15.71.01.1001", 2024, 90, "csr"],
        kind=ImportBatch.Kind.VILLAGES,
    )
    commit(batch, petugas)

    revert_batch(batch, by=petugas)

    assert [
        (line.village_id, line.workers, line.funding_source)
        for line in VillageProtection.objects.all()
    ] == [("15.71.01.1001", 120, FundingSource.APBDES)]


def test_revert_batch_audits_the_values_it_puts_back(world):
    petugas = world.users["petugas_a"]
    report = report_of(world)
    batch = upload(petugas, REPORT_HEADER, report_row("15.71", pemberi_kerja=130))
    commit(batch, petugas)

    revert_batch(batch, by=petugas)

    assert [
        (e.field, e.old_value, e.new_value, e.by, e.reason, e.source, e.version)
        for e in AuditEntry.objects.for_record(report).filter(origin_id=None)
    ] == [
        (
            "pemberi_kerja",
            "130",
            "120",
            petugas,
            f"Revert of the upload {FILENAME}",
            "import",
            3,
        )
    ]


def test_revert_batch_leaves_reports_it_did_not_touch(world):
    petugas = world.users["petugas_a"]
    report_of(world)
    untouched = report_of(world, regency=world.reg_a1)
    batch = upload(
        petugas,
        REPORT_HEADER,
        report_row("15.71", pemberi_kerja=130),
        report_row("15.01"),
    )
    commit(batch, petugas)

    changed = revert_batch(batch, by=petugas)

    untouched.refresh_from_db()
    assert (changed, untouched.version) == (1, 1)


@pytest.mark.parametrize("status", [ReviewStatus.SUBMITTED, ReviewStatus.APPROVED])
def test_revert_batch_refuses_when_a_touched_report_is_locked(world, status):
    petugas = world.users["petugas_a"]
    report = report_of(world)
    batch = upload(petugas, REPORT_HEADER, report_row("15.71", pemberi_kerja=130))
    commit(batch, petugas)
    CoverageReport.objects.filter(pk=report.pk).update(status=status)
    before = stored()

    with pytest.raises(ReviewError) as refused:
        revert_batch(batch, by=petugas)

    assert (str(refused.value), stored()) == (
        "Some reports are already submitted or approved: 15.71 Kota Jambi 2024.",
        before,
    )


def test_revert_batch_refuses_values_edited_after_the_upload(world):
    petugas = world.users["petugas_a"]
    report = report_of(world)
    batch = upload(petugas, REPORT_HEADER, report_row("15.71", pemberi_kerja=130))
    commit(batch, petugas)
    report.refresh_from_db()
    content = ReportContent.of(report)
    content.figures["pemberi_kerja"] = 140
    services.save_report(report, content, by=petugas, expected_version=2, reason="x")
    before = stored()

    with pytest.raises(ReviewError):
        revert_batch(batch, by=petugas)

    assert stored() == before


def test_revert_batch_refuses_after_a_later_upload_of_the_same_report(world):
    petugas = world.users["petugas_a"]
    report_of(world)
    first = upload(petugas, REPORT_HEADER, report_row("15.71", pemberi_kerja=130))
    commit(first, petugas)
    second = upload(petugas, REPORT_HEADER, report_row("15.71", pemberi_kerja=140))
    commit(second, petugas)
    before = stored()

    with pytest.raises(ReviewError, match="changed after this upload"):
        revert_batch(first, by=petugas)

    assert stored() == before


def test_revert_batch_removes_the_village_rows_it_added_to_a_new_report(world):
    petugas = world.users["petugas_a"]
    batch = upload(
        petugas,
        VILLAGE_HEADER,
        ["15.71.01.1001", 2024, 90, "csr"],
        kind=ImportBatch.Kind.VILLAGES,
    )
    commit(batch, petugas)

    revert_batch(batch, by=petugas)

    assert (VillageProtection.objects.count(), CoverageReport.objects.count()) == (0, 1)


def test_commit_plan_removes_a_row_left_blank(world):
    petugas = world.users["petugas_a"]
    report = report_of(world)
    NonAsnLineFactory(report=report, category="bpd", eligible=40, protected=10)
    batch = upload(
        petugas,
        NON_ASN_HEADER,
        ["15.71", 2024, "bpd", "", ""],
        kind=ImportBatch.Kind.NON_ASN,
    )

    commit(batch, petugas)

    assert NonAsnLine.objects.count() == 0
