"""Keeping a checked plan beside its batch (participants.importers.plans): what is
loaded back is what was checked, so saving writes exactly what the preview showed."""

import csv
import io

import pytest

from participants.importers.checking import check_table
from participants.importers.kinds import KINDS
from participants.importers.plans import FORMAT, dump_plan, load_plan
from participants.importers.reading import read_table
from participants.models import ImportBatch
from tests.factories import CoverageReportFactory, NonAsnLineFactory

NON_ASN = KINDS[ImportBatch.Kind.NON_ASN]
REPORTS = KINDS[ImportBatch.Kind.REPORTS]


def checked(user, kind, header: list[str], *rows: list[object]):
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    table = read_table(out.getvalue().encode(), "f.csv", kind, max_rows=100)
    return check_table(table, kind, user=user)


def summary(plan) -> list[tuple]:
    return [
        (key, p.checked_version, p.report and p.report.pk, p.changes, p.rows, p.added)
        for key, p in plan.reports.items()
        if p.changes
    ]


def test_load_plan_gives_back_new_changed_and_kept_table_values(world):
    report = CoverageReportFactory(regency=world.reg_a2, year=2024, version=4)
    NonAsnLineFactory(report=report, category="bpd", eligible=40, protected=10)
    NonAsnLineFactory(report=report, category="lkd", eligible=8, protected=2)
    plan = checked(
        world.users["petugas_a"],
        NON_ASN,
        ["kode_wilayah", "tahun", "kategori", "sasaran", "terlindungi"],
        ["15.71", 2024, "bpd", 40, 12],
        ["15.71", 2024, "lkd", "", ""],
        ["15.71", 2024, "rt_rw", 9, 9],
        ["15.01", 2024, "rt_rw", 3, 1],
    )

    loaded = load_plan(dump_plan(plan), NON_ASN)

    assert (summary(loaded), loaded.counts) == (summary(plan), plan.counts)


def test_load_plan_gives_back_a_reports_figures(world):
    plan = checked(
        world.users["petugas_a"],
        REPORTS,
        ["kode_wilayah", "tahun", "angkatan_kerja", "pemberi_kerja"],
        ["15.71", 2024, 1000, 12],
    )

    loaded = load_plan(dump_plan(plan), REPORTS)

    assert summary(loaded) == summary(plan)


@pytest.mark.parametrize(
    "kept", [{"format": FORMAT - 1, "kind": "non-asn"}, {"format": FORMAT}]
)
def test_load_plan_of_another_format_or_kind_is_none(kept):
    assert load_plan(str(kept).replace("'", '"').encode(), NON_ASN) is None
