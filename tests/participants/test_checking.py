"""Checking an upload row by row (participants.importers.checking): cells parsed as
text, numbers, years and choices; the entry form's rules from participants.validation
with their own messages; the uploader's area; locked reports; duplicate keys; and
the plan of new, changed and unchanged rows. Nothing is written here."""

import pytest
from django.utils import timezone

from participants.calculations import percentage
from participants.importers.checking import Plan, check_table
from participants.importers.kinds import KINDS
from participants.importers.problems import notes_shown
from participants.importers.reading import read_table
from participants.models import ImportBatch, VulnerableWorkerLine
from participants.validation import check_figures, check_line
from review.models import AuditEntry, ReviewStatus
from tests.factories import (
    CoverageReportFactory,
    NonAsnLineFactory,
    VillageProtectionFactory,
)
from tests.uploads import (
    FIGURES,
    NON_ASN_HEADER,
    VILLAGE_HEADER,
    VULNERABLE_HEADER,
    csv_bytes,
)
from tests.uploads import NAMED_REPORT_HEADER as REPORT_HEADER
from tests.uploads import named_report_row as report_row


def shown(plan: Plan) -> list[tuple[int, str, str, str]]:
    """The plan's problems as a person reads them: row, column, value, reason."""
    return [(p.row, p.column, p.value, p.reason) for p in plan.problems]


pytestmark = pytest.mark.usefixtures("english")

REPORTS = KINDS[ImportBatch.Kind.REPORTS]
NON_ASN = KINDS[ImportBatch.Kind.NON_ASN]
VULNERABLE = KINDS[ImportBatch.Kind.VULNERABLE]
VILLAGES = KINDS[ImportBatch.Kind.VILLAGES]
COUNTS = {"rows": 1, "new": 0, "changed": 0, "unchanged": 0}


def check(user, *rows: list[object], kind=REPORTS, header=REPORT_HEADER) -> Plan:
    table = read_table(csv_bytes(header, *rows), "unggah.csv", kind, max_rows=100)
    return check_table(table, kind, user=user)


def existing(world, regency=None, year=2024, **kwargs):
    return CoverageReportFactory(regency=regency or world.reg_a2, year=year, **kwargs)


# counts and the plan


def test_check_table_counts_new_changed_and_unchanged_rows(world):
    existing(world, regency=world.reg_a1)
    existing(world, regency=world.reg_a2)

    plan = check(
        world.users["petugas_a"],
        report_row("15.01"),
        report_row("15.71", pemberi_kerja=130),
        report_row("15.71", year=2023),
    )

    assert plan.counts == {"rows": 3, "new": 1, "changed": 1, "unchanged": 1}


def test_check_table_plans_only_the_values_that_change(world):
    report = existing(world)

    plan = check(
        world.users["petugas_a"], report_row("15.71", pemberi_kerja=130, peserta_pmi=4)
    )

    assert [
        (p.region_code, p.year, p.report, p.changes) for p in plan.reports.values()
    ] == [
        (
            "15.71",
            2024,
            report,
            {"peserta_pmi": (None, 4), "pemberi_kerja": (120, 130)},
        )
    ]


def test_check_table_plans_a_new_report_for_a_region_year_without_one(world):
    plan = check(world.users["petugas_a"], report_row("15.71"))

    assert [(p.report, p.changes) for p in plan.reports.values()] == [
        (None, {name: (None, value) for name, value in FIGURES.items() if value})
    ]


def test_check_table_plans_changed_lines_with_their_whole_rows(world):
    report = existing(world)
    NonAsnLineFactory(report=report, category="guru_honorer", eligible=100)
    NonAsnLineFactory(report=report, category="bpd", eligible=40, protected=10)

    plan = check(
        world.users["petugas_a"],
        ["15.71", 2024, "guru_honorer", 100, 80],
        ["15.71", 2024, "bpd", 40, 12],
        kind=NON_ASN,
        header=NON_ASN_HEADER,
    )

    assert (plan.counts, plan.reports[("15.71", 2024)].rows) == (
        {"rows": 2, "new": 0, "changed": 1, "unchanged": 1},
        {"bpd": {"eligible": 40, "protected": 12}},
    )


def test_check_table_reads_choices_by_code_or_label(world):
    plan = check(
        world.users["petugas_a"],
        ["15.71", 2024, "Guru honorer", 100, 80],
        ["15.71", 2024, "PERANGKAT_DESA", 10, 5],
        kind=NON_ASN,
        header=NON_ASN_HEADER,
    )

    assert plan.reports[("15.71", 2024)].rows == {
        "guru_honorer": {"eligible": 100, "protected": 80},
        "perangkat_desa": {"eligible": 10, "protected": 5},
    }


def test_check_table_reads_indonesian_thousands(world):
    plan = check(
        world.users["petugas_a"],
        report_row(
            "15.71",
            angkatan_kerja="1.000.000",
            pekerja_formal="400.000",
            pekerja_informal="600.000",
        ),
    )

    assert plan.reports[("15.71", 2024)].changes["angkatan_kerja"] == (None, 1_000_000)


def test_check_table_writes_nothing(world):
    report = existing(world)

    check(world.users["petugas_a"], report_row("15.71", pemberi_kerja=130))

    report.refresh_from_db()
    assert (report.pemberi_kerja, report.version, AuditEntry.objects.count()) == (
        120,
        1,
        0,
    )


def test_check_table_counts_a_blank_row_matching_a_blank_store_as_unchanged(world):
    plan = check(
        world.users["petugas_a"], report_row("15.71", **dict.fromkeys(FIGURES))
    )

    assert plan.counts == {**COUNTS, "unchanged": 1}


def test_check_table_leaves_figures_of_missing_columns_alone(world):
    existing(world)

    plan = check(
        world.users["petugas_a"],
        ["15.71", 2024, 130],
        header=["kode_wilayah", "tahun", "pemberi_kerja"],
    )

    assert plan.reports[("15.71", 2024)].changes == {"pemberi_kerja": (120, 130)}


# the entry form's rules, with participants.validation's messages


def test_check_table_refuses_protected_above_eligible(world):
    plan = check(
        world.users["petugas_a"],
        ["15.71", 2024, "guru_honorer", 100, 120],
        kind=NON_ASN,
        header=NON_ASN_HEADER,
    )

    [finding] = check_line(
        "non_asn", "guru_honorer", {"eligible": 100, "protected": 120}
    )
    assert shown(plan) == [(2, "terlindungi", "120", finding.message)]


def test_check_table_refuses_participants_above_the_labour_force(world):
    plan = check(world.users["petugas_a"], report_row("15.71", peserta_pu=9_000))

    [finding] = check_figures(FIGURES | {"peserta_pu": 9_000})
    assert shown(plan) == [(2, "peserta_pu", "9000", finding.message)]


def test_check_table_refuses_formal_plus_informal_other_than_the_labour_force(world):
    plan = check(world.users["petugas_a"], report_row("15.71", pekerja_formal=5_000))

    [finding] = check_figures(FIGURES | {"pekerja_formal": 5_000})
    assert shown(plan) == [(2, "angkatan_kerja", "10000", finding.message)]


def test_check_table_refuses_a_thirteenth_month(world):
    plan = check(
        world.users["petugas_a"],
        ["15.71", 2024, "petani", "apbd", 10, 13, 10 * 13 * 16_800],
        kind=VULNERABLE,
        header=VULNERABLE_HEADER,
    )

    values = {"workers": 10, "months": 13, "rupiah": 10 * 13 * 16_800}
    [finding] = check_line("vulnerable", "petani/apbd", values)
    assert shown(plan) == [(2, "bulan", "13", finding.message)]


def test_check_table_refuses_an_unknown_sector_listing_the_known_ones(world):
    plan = check(
        world.users["petugas_a"],
        ["15.71", 2024, "tukang", "apbd", 10, 12, 10 * 12 * 16_800],
        kind=VULNERABLE,
        header=VULNERABLE_HEADER,
    )

    known = ", ".join(sorted(VulnerableWorkerLine.Sector.values))
    assert shown(plan) == [(2, "sektor", "tukang", f"is not one of: {known}.")]


def test_check_table_notes_rupiah_below_the_minimum_as_a_warning(world):
    plan = check(
        world.users["petugas_a"],
        ["15.71", 2024, "petani", "apbd", 10, 12, 1_000],
        kind=VULNERABLE,
        header=VULNERABLE_HEADER,
    )

    values = {"workers": 10, "months": 12, "rupiah": 1_000}
    [finding] = check_line("vulnerable", "petani/apbd", values)
    assert (shown(plan), notes_shown(plan.notes)) == ([], [f"Row 2: {finding.message}"])


def test_check_table_notes_a_coverage_jump_as_a_warning(world):
    existing(world, year=2023)  # 60 % covered

    plan = check(world.users["petugas_a"], report_row("15.71", peserta_pu=7_500))

    figures = FIGURES | {"peserta_pu": 7_500}
    [finding] = check_figures(figures, previous_coverage=percentage(6_000, 10_000))
    assert (shown(plan), notes_shown(plan.notes)) == ([], [f"Row 2: {finding.message}"])


def test_check_table_refuses_a_village_row_without_funding_source(world):
    plan = check(
        world.users["petugas_a"],
        ["15.71.01.1001", 2024, 12, ""],
        kind=VILLAGES,
        header=VILLAGE_HEADER,
    )

    values = {"workers": 12, "funding_source": None}
    [finding] = check_line("villages", "15.71.01.1001", values)
    assert shown(plan) == [(2, "sumber_dana", "", finding.message)]


def test_check_table_refuses_a_blank_key_choice(world):
    plan = check(
        world.users["petugas_a"],
        ["15.71", 2024, "", 100, 80],
        kind=NON_ASN,
        header=NON_ASN_HEADER,
    )

    assert shown(plan) == [(2, "kategori", "", "is required.")]


YEAR_REFUSAL = (
    "Not a year figures can be entered for: choose a year from 2017 to "
    f"{timezone.localdate().year}."
)


# cells that are not what their column holds


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("angkatan_kerja", "abc", "not a whole number such as 1.234.567."),
        ("angkatan_kerja", "12,5", "not a whole number such as 1.234.567."),
        ("angkatan_kerja", "-5", "cannot be negative."),
        ("angkatan_kerja", "=1+1", "not a whole number such as 1.234.567."),
        ("angkatan_kerja", "+62", "not a whole number such as 1.234.567."),
        ("angkatan_kerja", "@SUM(A1)", "not a whole number such as 1.234.567."),
        ("tahun", "20x4", YEAR_REFUSAL),
        ("tahun", "2016", YEAR_REFUSAL),
        ("tahun", "2099", YEAR_REFUSAL),
        ("tahun", "٢٠٢٤", YEAR_REFUSAL),
        ("kode_wilayah", "15,71", "not a Kemendagri code such as 15.71."),
        ("kode_wilayah", "=15.71", "not a Kemendagri code such as 15.71."),
    ],
)
def test_check_table_refuses_a_cell_its_column_cannot_hold(
    world, column, value, reason
):
    row = report_row("15.71")
    row[REPORT_HEADER.index(column)] = value

    plan = check(world.users["petugas_a"], row)

    assert (shown(plan), plan.reports) == ([(2, column, value, reason)], {})


def test_check_table_refuses_a_formula_as_a_choice(world):
    plan = check(
        world.users["petugas_a"],
        ["15.71", 2024, "=1+1", 10, 5],
        kind=NON_ASN,
        header=NON_ASN_HEADER,
    )

    [problem] = plan.problems
    assert (problem.row, problem.column, problem.value) == (2, "kategori", "=1+1")


@pytest.mark.parametrize("value", ["-bpd", "@bpd", "+bpd", "=bpd"])
def test_check_table_keeps_only_the_code_of_a_choice_written_like_a_formula(
    world, value
):
    plan = check(
        world.users["petugas_a"],
        ["15.71", 2024, value, 10, 5],
        kind=NON_ASN,
        header=NON_ASN_HEADER,
    )

    assert plan.reports[("15.71", 2024)].rows == {
        "bpd": {"eligible": 10, "protected": 5}
    }


def test_check_table_reports_every_bad_cell_of_a_row(world):
    plan = check(
        world.users["petugas_a"], report_row("15.71", year="x", pemberi_kerja=-1)
    )

    assert shown(plan) == [
        (2, "tahun", "x", YEAR_REFUSAL),
        (2, "pemberi_kerja", "-1", "cannot be negative."),
    ]


def test_check_table_ignores_formula_like_region_names(world):
    row = report_row("15.71")
    row[1] = '=HYPERLINK("http://x","y")'

    plan = check(world.users["petugas_a"], row)

    assert (shown(plan), plan.counts) == ([], {**COUNTS, "new": 1})


# the uploader's area


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("21.05", "this region is outside your branch's area."),
        ("21", "this region is outside your branch's area."),
        ("99.99", "there is no region with this code."),
    ],
)
def test_check_table_refuses_regions_outside_the_branch(world, code, reason):
    plan = check(world.users["petugas_a"], report_row(code))

    assert (shown(plan), plan.reports) == (
        [(2, "kode_wilayah", code, reason)],
        {},
    )


def test_check_table_accepts_the_province_the_branch_reports_for(world):
    world.prov_a.reporting_branch = world.branch_a
    world.prov_a.save()

    plan = check(world.users["petugas_a"], report_row("15"))

    assert (shown(plan), list(plan.reports)) == ([], [("15", 2024)])


def test_check_table_accepts_every_region_from_the_national_admin(world):
    plan = check(world.users["admin"], report_row("21.05"), report_row("15"))

    assert (shown(plan), list(plan.reports)) == ([], [("21.05", 2024), ("15", 2024)])


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("21.05.01.2001", "this desa is outside your branch's area."),
        ("15.71.01.1999", "there is no desa with this code."),
    ],
)
def test_check_table_refuses_desa_outside_the_branch(world, code, reason):
    plan = check(
        world.users["petugas_a"],
        [code, 2024, 12, "apbdes"],
        kind=VILLAGES,
        header=VILLAGE_HEADER,
    )

    assert shown(plan) == [(2, "kode_desa", code, reason)]


def test_check_table_files_a_desa_under_its_kab_kota_report(world):
    plan = check(
        world.users["petugas_a"],
        ["15.71.01.1001", 2024, 12, "apbdes"],
        kind=VILLAGES,
        header=VILLAGE_HEADER,
    )

    assert plan.reports[("15.71", 2024)].rows == {
        "15.71.01.1001": {"workers": 12, "funding_source": "apbdes"}
    }


@pytest.mark.parametrize(
    "key", ["verifikator_cabang_a", "verifikator_kanwil_a", "panitia_a"]
)
def test_check_table_refuses_users_who_may_not_enter_data(world, key):
    plan = check(world.users[key], report_row("15.71"))

    assert plan.is_valid is False


# locked reports and duplicates


@pytest.mark.parametrize(
    ("status", "label", "who"),
    [
        (
            ReviewStatus.SUBMITTED,
            "Submitted",
            "A verifier can return it to the branch; then upload the file again.",
        ),
        (
            ReviewStatus.APPROVED,
            "Approved",
            "Only a Kanwil verifier or the national admin can reopen it; then "
            "upload the file again.",
        ),
    ],
)
def test_check_table_refuses_a_changed_value_of_a_locked_report(
    world, status, label, who
):
    existing(world, status=status)

    plan = check(world.users["petugas_a"], report_row("15.71", pemberi_kerja=130))

    reason = (
        "this changes Registered employers from 120 to 130, but the report of 2024 "
        f"is {label} and locked. {who}"
    )
    assert (shown(plan), plan.reports) == ([(2, "pemberi_kerja", "130", reason)], {})


@pytest.mark.parametrize("status", [ReviewStatus.SUBMITTED, ReviewStatus.APPROVED])
def test_check_table_skips_unchanged_rows_of_a_locked_report(world, status):
    existing(world, status=status)

    plan = check(world.users["petugas_a"], report_row("15.71"))

    assert (shown(plan), plan.counts) == ([], {**COUNTS, "unchanged": 1})


def test_check_table_accepts_rows_of_returned_reports(world):
    existing(world, status=ReviewStatus.RETURNED)

    plan = check(world.users["petugas_a"], report_row("15.71", pemberi_kerja=130))

    assert (shown(plan), plan.counts) == ([], {**COUNTS, "changed": 1})


def test_check_table_refuses_a_region_and_year_twice_naming_both_rows(world):
    plan = check(
        world.users["petugas_a"],
        report_row("15.71"),
        report_row("15.01"),
        report_row("15.71", pemberi_kerja=130),
    )

    reason = "the same region and year appears again: rows 2 and 4."
    assert shown(plan) == [(4, "kode_wilayah", "15.71", reason)]


def test_check_table_refuses_a_line_twice_however_it_is_spelled(world):
    plan = check(
        world.users["petugas_a"],
        ["15.71", 2024, "guru_honorer", 10, 5],
        ["15.71", 2024, "Guru honorer", 10, 5],
        kind=NON_ASN,
        header=NON_ASN_HEADER,
    )

    reason = "the same region, year and line appears again: rows 2 and 3."
    assert shown(plan) == [(3, "kode_wilayah", "15.71", reason)]


def test_check_table_refuses_a_desa_and_year_twice(world):
    plan = check(
        world.users["petugas_a"],
        ["15.71.01.1001", 2024, 12, "apbdes"],
        ["15.71.01.1001", 2024, 12, "apbdes"],
        kind=VILLAGES,
        header=VILLAGE_HEADER,
    )

    reason = "the same desa and year appears again: rows 2 and 3."
    assert shown(plan) == [(3, "kode_desa", "15.71.01.1001", reason)]


def test_check_table_accepts_one_region_in_two_years(world):
    plan = check(
        world.users["petugas_a"], report_row("15.71"), report_row("15.71", 2023)
    )

    assert (shown(plan), plan.counts["new"]) == ([], 2)


def test_check_table_skips_blank_village_rows_of_a_prefilled_template(world):
    VillageProtectionFactory(report=existing(world), village=world.vil_a2)

    plan = check(
        world.users["petugas_a"],
        ["15.01.01.2001", 2024, "", ""],
        ["15.71.01.1001", 2024, 120, "apbdes"],
        kind=VILLAGES,
        header=VILLAGE_HEADER,
    )

    assert (shown(plan), plan.counts) == (
        [],
        {"rows": 2, "new": 0, "changed": 0, "unchanged": 2},
    )


# cells in other scripts' digits: refused like full-width ones, in plain words

NOT_A_YEAR = (
    "Not a year figures can be entered for: choose a year from 2017 to "
    f"{timezone.localdate().year}."
)
NOT_A_NUMBER = "not a whole number such as 1.234.567."


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("tahun", "²⁰²⁴", NOT_A_YEAR),
        ("tahun", "٢٠٢٤", NOT_A_YEAR),
        ("tahun", "２０２４", NOT_A_YEAR),
        ("tahun", "२०२४", NOT_A_YEAR),
        ("tahun", "2" * 5000, NOT_A_YEAR),
        ("angkatan_kerja", "٣٠٠", NOT_A_NUMBER),
        ("angkatan_kerja", "३००", NOT_A_NUMBER),
        ("angkatan_kerja", "３００", NOT_A_NUMBER),
        ("angkatan_kerja", "³⁰⁰", NOT_A_NUMBER),
        ("angkatan_kerja", "-" * 3000, NOT_A_NUMBER),
        ("angkatan_kerja", "1" * 5000, "far too long to be a number."),
        ("kode_wilayah", "١٥.٧١", "not a Kemendagri code such as 15.71."),
    ],
)
def test_check_table_refuses_foreign_digits_naming_row_column_and_value(
    world, column, value, reason
):
    row = report_row("15.71")
    row[REPORT_HEADER.index(column)] = value

    plan = check(world.users["petugas_a"], row)

    [problem] = plan.problems
    assert (problem.row, problem.column, problem.reason) == (2, column, reason)
    assert value.startswith(problem.value.rstrip("…"))
    assert len(problem.value) <= 100
