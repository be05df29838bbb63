from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.demo import create_demo_users
from participants.content import LINE_TABLES, ReportContent
from participants.demo import (
    DEMO_REASON,
    MISSING,
    REPORTED,
    create_demo_reports,
    plan_reports,
)
from participants.models import CoverageReport, VillageProtection
from participants.selectors import derived, with_figures
from participants.services import review, unapproved_regencies
from regions.demo import load_demo_offices
from regions.models import Regency
from review.findings import errors, warnings
from review.models import AuditEntry, StatusChange
from tests.factories import CoverageReportFactory, ProvinceFactory, RegencyFactory

pytestmark = pytest.mark.django_db

REPORT_FIELDS = (
    "status",
    "version",
    "warning_explanation",
    "created_at",
    "updated_at",
    "updated_by__username",
    *CoverageReport.FIGURES,
)


@pytest.fixture
def small_country(region_files, settings):
    """Provinces 15 (15.01, 15.71), 21 (21.05) and 31 (31.71) with one village each,
    the demo offices and the demo users."""
    settings.IDN_AREA_DATA_DIR = region_files.write()
    call_command("load_regions", stdout=StringIO())
    load_demo_offices()
    create_demo_users()


def snapshot() -> dict[str, list]:
    """Everything the generator stores, keyed by region and year instead of ids."""
    reports = CoverageReport.objects.order_by("year", "province", "regency")
    where = {r.pk: (r.region_code, r.year) for r in reports}
    data = {
        "reports": [
            (where[r[0]], *r[1:]) for r in reports.values_list("pk", *REPORT_FIELDS)
        ]
    }
    for table in LINE_TABLES:
        rows = table.model._default_manager.values_list(
            "report", *table.key_fields, *table.value_fields
        )
        data[table.name] = sorted((where[row[0]], *row[1:]) for row in rows)
    steps = StatusChange.objects.values_list(
        "object_id", "from_status", "to_status", "by__username", "reason", "at"
    )
    data["steps"] = sorted((where[row[0]], *row[1:]) for row in steps)
    entries = AuditEntry.objects.values_list(
        "object_id", "field", "source", "reason", "version", "at"
    )
    data["audit"] = sorted((where[row[0]], *row[1:]) for row in entries)
    return data


def wipe() -> None:
    StatusChange.objects.all().delete()
    AuditEntry.objects.all().delete()
    CoverageReport.objects.all().delete()


def statuses(**filters) -> dict[tuple[str, int], str]:
    reports = CoverageReport.objects.filter(**filters)
    return {(r.region_code, r.year): r.status for r in reports}


@pytest.fixture
def reported_regions():
    """The provinces and kab/kota of the figures reported in the press."""
    jambi = ProvinceFactory(code="15", name="Jambi")
    RegencyFactory(code="15.71", name="Kota Jambi", province=jambi)
    for province, regency, name in (
        ("21", "21.05", "Kabupaten Kepulauan Anambas"),
        ("64", "64.01", "Kabupaten Paser"),
        ("73", "73.01", "Kabupaten Kepulauan Selayar"),
    ):
        RegencyFactory(code=regency, name=name, province=ProvinceFactory(code=province))


@pytest.mark.usefixtures("small_country")
def test_create_demo_reports_gives_the_same_data_on_a_fresh_database():
    create_demo_reports()
    first = snapshot()
    wipe()

    create_demo_reports()

    assert snapshot() == first
    assert len(first["reports"]) == 31


@pytest.mark.usefixtures("small_country")
def test_create_demo_reports_twice_creates_nothing_new():
    created = create_demo_reports()
    before = snapshot()

    again = create_demo_reports()

    assert (created.total(), again) == (31, Counter())
    assert snapshot() == before


@pytest.mark.usefixtures("small_country")
def test_create_demo_reports_leaves_a_stored_report_alone():
    stored = CoverageReportFactory(regency=Regency.objects.get(code="15.71"), year=2022)

    create_demo_reports()

    stored.refresh_from_db()
    assert (stored.status, stored.angkatan_kerja, stored.version) == (
        "draft",
        10_000,
        1,
    )
    assert not AuditEntry.objects.for_record(stored).exists()
    # Its province waits: one kab/kota report of 2022 is not approved.
    assert statuses(regency__isnull=True, year=2022) == {
        ("15", 2022): "draft",
        ("21", 2022): "approved",
        ("31", 2022): "approved",
    }


@pytest.mark.usefixtures("small_country")
def test_demo_reports_pass_the_validation_rules_and_explain_their_warnings():
    create_demo_reports()
    reports = CoverageReport.objects.prefetch_related(
        "non_asn_lines", "vulnerable_lines", "village_lines", "claim_lines"
    )

    problems, warned = [], []
    for report in reports:
        found = review(report, ReportContent.of(report))
        if errors(found) or (warnings(found) and not report.warning_explanation):
            problems.append((report.region_code, report.year, found))
        if warnings(found):
            warned.append((report.region_code, report.year))

    assert problems == []
    assert warned == [("15.71", 2024)]  # a vulnerable-worker line below Rp16.800


@pytest.mark.usefixtures("small_country")
def test_demo_report_explains_a_jump_from_a_stored_report_of_last_year():
    kota_jambi = Regency.objects.get(code="15.71")
    CoverageReportFactory(regency=kota_jambi, year=2023, peserta_pu=6_000)  # 85 %

    create_demo_reports()

    report = CoverageReport.objects.get(regency=kota_jambi, year=2024)
    rules = [f.rule for f in warnings(review(report, ReportContent.of(report)))]
    assert (report.status, rules) == ("submitted", ["coverage_jump", "below_minimum"])
    assert report.warning_explanation == (
        "Sebagian iuran pekerja rentan dibayar lewat APBD Perubahan; kekurangannya "
        "dilunasi pada tahun anggaran berikutnya. Angkatan kerja dihitung ulang "
        "menurut Sakernas terbaru."
    )


@pytest.mark.usefixtures("small_country")
def test_demo_province_reports_are_approved_only_after_all_their_kab_kota():
    create_demo_reports()

    approved = CoverageReport.objects.approved().filter(regency__isnull=True)

    assert [r for r in approved if unapproved_regencies(r)] == []
    assert statuses(regency__isnull=True, year=2024) == {("21", 2024): "submitted"}
    assert statuses(regency__province="21", year=2024) == {("21.05", 2024): "draft"}


@pytest.mark.usefixtures("small_country")
def test_demo_province_figures_are_the_sums_of_their_kab_kota():
    create_demo_reports()

    mismatches = []
    for province in CoverageReport.objects.filter(regency__isnull=True):
        children = CoverageReport.objects.filter(
            regency__province=province.province_id, year=province.year
        )
        for name in CoverageReport.FIGURES:
            values = [getattr(child, name) for child in children]
            known = [value for value in values if value is not None]
            if getattr(province, name) != (sum(known) if known else None):
                mismatches.append((province.province_id, province.year, name))

    assert mismatches == []
    assert CoverageReport.objects.filter(regency__isnull=True).count() == 13


@pytest.mark.usefixtures("small_country")
def test_demo_workflow_of_the_old_years_and_the_open_year():
    create_demo_reports()

    old = CoverageReport.objects.filter(year__lte=2022)

    assert set(old.values_list("status", flat=True)) == {"approved"}
    assert statuses(year=2024) == {
        ("15.71", 2024): "submitted",
        ("21", 2024): "submitted",
        ("21.05", 2024): "draft",  # the demo branch has a draft to finish
    }


@pytest.mark.usefixtures("small_country")
def test_demo_reports_record_their_steps_and_one_audit_entry_each():
    create_demo_reports()
    anambas = CoverageReport.objects.for_region_code("21.05")

    entries = AuditEntry.objects.values_list("field", "source", "reason", "version")
    steps = StatusChange.objects.filter(object_id__in=anambas.values("pk"))

    assert Counter(entries) == Counter({("", "system", DEMO_REASON, 1): 31})
    assert sorted(set(steps.values_list("to_status", "by__username", "reason"))) == [
        ("approved", "verifikator.cabang", ""),
        ("submitted", "petugas.anambas", ""),
    ]


@pytest.mark.usefixtures("small_country")
def test_demo_steps_are_dated_in_order_after_the_reported_year():
    create_demo_reports()

    out_of_order = []
    for report in CoverageReport.objects.all():
        moments = [report.created_at]
        moments += [step.at for step in StatusChange.objects.for_record(report)]
        if moments != sorted(moments) or moments[0].year != report.year + 1:
            out_of_order.append((report.region_code, report.year))
        if moments[-1] != report.updated_at:
            out_of_order.append((report.region_code, report.year))

    assert out_of_order == []


def approved_at(**filters) -> dict[tuple[str, int], object]:
    steps = StatusChange.objects.filter(to_status="approved")
    reports = CoverageReport.objects.filter(**filters)
    return {
        (r.region_code, r.year): steps.for_record(r).get().at
        for r in reports.approved()
    }


@pytest.mark.usefixtures("small_country")
def test_demo_province_reports_are_approved_after_their_kab_kota():
    create_demo_reports()

    provinces = approved_at(regency__isnull=True)
    regencies = approved_at(regency__isnull=False)

    too_early = [
        (code, year)
        for (code, year), at in provinces.items()
        for (child, child_year), child_at in regencies.items()
        if child.startswith(f"{code}.") and child_year == year and child_at >= at
    ]
    assert too_early == []
    assert len(provinces) == 12


@pytest.mark.usefixtures("small_country")
def test_demo_steps_without_a_demo_user_give_the_demo_reason():
    create_demo_reports()

    steps = StatusChange.objects.filter(by__isnull=True)

    assert set(
        steps.exclude(to_status="returned").values_list("reason", flat=True)
    ) == {DEMO_REASON}
    assert "" not in steps.values_list("reason", flat=True)


@pytest.mark.usefixtures("small_country")
def test_demo_village_lines_use_villages_of_their_own_kab_kota():
    create_demo_reports()

    rows = VillageProtection.objects.values_list(
        "report__regency", "report__year", "village"
    )

    assert sorted(rows) == [
        ("15.01", 2022, "15.01.01.2001"),
        ("15.01", 2023, "15.01.01.2001"),
        ("21.05", 2022, "21.05.01.1001"),
        ("21.05", 2023, "21.05.01.1001"),
        ("21.05", 2024, "21.05.01.1001"),
    ]


def synthetic_country() -> dict[str, list[tuple[str, bool]]]:
    """Ten provinces of twenty kab/kota (every fifth a kota), no villages."""
    return {
        f"{province}": [
            (f"{province}.{n:02d}", n > 70) for n in (*range(1, 17), 71, 72, 73, 74)
        ]
        for province in range(51, 61)
    }


def test_plan_reports_shows_every_workflow_state_in_the_open_year():
    plans = plan_reports(synthetic_country(), {})

    open_year = Counter(p.status for p in plans if p.year == 2024 and p.regency)
    old_years = Counter(p.status for p in plans if p.year <= 2022)

    assert set(open_year) == {"approved", "submitted", "returned", "draft", MISSING}
    assert old_years == Counter({"approved": 3 * 210})


def test_plan_reports_approves_a_province_only_when_all_its_kab_kota_are():
    plans = plan_reports(synthetic_country(), {})
    complete = Counter(
        (p.province, p.year) for p in plans if p.regency and p.status != "approved"
    )

    early = [
        (p.code, p.year)
        for p in plans
        if not p.regency and p.status == "approved" and complete[p.code, p.year]
    ]

    assert early == []
    assert {p.status for p in plans if not p.regency} == {
        "approved",
        "submitted",
        "draft",
        MISSING,
    }


def test_plan_reports_does_not_depend_on_the_order_of_regions():
    country = synthetic_country()
    shuffled = {
        province: list(reversed(country[province])) for province in reversed(country)
    }

    first, second = plan_reports(country, {}), plan_reports(shuffled, {})

    assert first == second


def content_of(code: str, year: int) -> ReportContent:
    report = CoverageReport.objects.for_region_code(code).get(year=year)
    return ReportContent.of(report)


@pytest.mark.usefixtures("reported_regions")
def test_demo_reports_carry_the_coverage_reported_in_the_press():
    create_demo_reports()

    reports = with_figures(CoverageReport.objects.filter(regency__isnull=False))
    rows = {
        (r.region_code, r.year): (
            r.status,
            r.angkatan_kerja,
            derived(r).participants_total,
            derived(r).coverage_total_pct,
        )
        for r in reports
        if (r.region_code, r.year) in REPORTED
    }

    assert rows == {
        ("21.05", 2020): ("approved", 18_749, 11_414, Decimal("60.88")),
        ("64.01", 2021): ("approved", 99_800, 34_938, Decimal("35.01")),
        ("64.01", 2022): ("approved", 100_000, 66_013, Decimal("66.01")),
        ("73.01", 2023): ("approved", 136_096, 72_131, Decimal("53.00")),
    }


@pytest.mark.usefixtures("reported_regions")
def test_demo_selayar_2023_has_the_reported_pu_and_bpu():
    create_demo_reports()

    figures = content_of("73.01", 2023).figures

    assert (figures["peserta_pu"], figures["peserta_bpu"]) == (24_874, 47_257)


@pytest.mark.usefixtures("reported_regions")
def test_demo_paser_2022_has_the_reported_non_asn_and_vulnerable_workers():
    create_demo_reports()

    lines = content_of("64.01", 2022).lines

    protected = {key: row["protected"] for key, row in lines["non_asn"].items()}
    workers = {key: row["workers"] for key, row in lines["vulnerable"].items()}
    assert protected == {
        "honorer_pemda": 2_886,
        "guru_honorer": 1_802,
        "perangkat_desa": 747,
        "bpd": 727,
        "lkd": 1_995,
        "bumdes": 133,
        "perangkat_kecamatan": 312,
    }
    assert workers == {
        "keagamaan/apbd": 1_561,
        "pekerja_sosial/apbd": 747,
        "pedagang_umkm/apbd": 14_648,
        "nelayan/apbd": 2_243,
        "petani/apbd": 11_940,
        "guru_honorer/apbd": 291,
        "rt_rw/apbd": 838,
        "lainnya/apbd": 360,  # the article's total minus the sectors it lists
    }
    assert sum(workers.values()) == 32_628


@pytest.mark.usefixtures("reported_regions")
def test_demo_jambi_2022_protects_76016_workers_and_paid_the_reported_claims():
    create_demo_reports()

    report = CoverageReport.objects.for_region_code("15").get(year=2022)
    lines = ReportContent.of(report).lines

    assert report.status == "approved"
    assert lines["vulnerable"] == {
        "lainnya/apbd": {"workers": 76_016, "months": 12, "rupiah": 15_324_825_600}
    }
    assert sum(row["rupiah"] for row in lines["claims"].values()) == 2_067_337_453


@pytest.mark.usefixtures("reported_regions")
def test_demo_paser_2022_explains_its_coverage_jump():
    create_demo_reports()

    report = CoverageReport.objects.for_region_code("64.01").get(year=2022)

    assert [f.rule for f in warnings(review(report, ReportContent.of(report)))] == [
        "coverage_jump"
    ]
    assert report.warning_explanation.startswith("Cakupan naik dari 35 % menjadi 66 %")


def test_prepare_portal_demo_prints_the_demo_reports_once(region_files, settings):
    settings.IDN_AREA_DATA_DIR = region_files.write()

    outputs = [StringIO(), StringIO()]
    for output in outputs:
        call_command("prepare_portal", "--demo", stdout=output, stderr=StringIO())

    lines = [
        [line for line in output.getvalue().splitlines() if "coverage" in line]
        for output in outputs
    ]
    assert lines == [
        ["Demo coverage reports created: 31 (1 draft, 2 submitted, 28 approved)"],
        [],
    ]


@pytest.mark.usefixtures("small_country")
def test_create_demo_reports_puts_the_clock_back_on_the_date_fields():
    create_demo_reports()

    flags = [
        (model.__name__, name, getattr(model._meta.get_field(name), flag))
        for model, name, flag in (
            (CoverageReport, "created_at", "auto_now_add"),
            (CoverageReport, "updated_at", "auto_now"),
            (StatusChange, "at", "auto_now_add"),
            (AuditEntry, "at", "auto_now_add"),
        )
    ]

    assert flags == [
        ("CoverageReport", "created_at", True),
        ("CoverageReport", "updated_at", True),
        ("StatusChange", "at", True),
        ("AuditEntry", "at", True),
    ]
