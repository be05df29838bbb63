"""Reports with their derived figures (participants.selectors): one query for a whole
list, last year's figures of the same region, and the table totals."""

from decimal import Decimal

import pytest

from participants.calculations import DerivedFigures
from participants.models import CoverageReport
from participants.selectors import derived, with_figures
from tests.factories import (
    CoverageReportFactory,
    NonAsnLineFactory,
    VillageFactory,
    VillageProtectionFactory,
    VulnerableWorkerLineFactory,
)


def _annotated(report):
    return with_figures(CoverageReport.objects.filter(pk=report.pk)).get()


def _province_report(province, **figures):
    return CoverageReportFactory(regency=None, province=province, **figures)


@pytest.mark.parametrize("count", [1, 3])
def test_with_figures_and_derived_take_one_query_for_a_list(
    world, django_assert_num_queries, count
):
    for year in range(2020, 2020 + count):
        report = CoverageReportFactory(regency=world.reg_a1, year=year)
        NonAsnLineFactory(report=report)
        VulnerableWorkerLineFactory(report=report)
        VillageProtectionFactory(report=report, village=world.vil_a1)

    with django_assert_num_queries(1):
        result = [derived(r) for r in with_figures(CoverageReport.objects.all())]

    assert [figures.coverage_total_pct for figures in result] == [
        Decimal("60.00")
    ] * count


def test_derived_of_a_kab_kota_report_uses_last_year_of_the_same_kab_kota(world):
    CoverageReportFactory(
        regency=world.reg_a1,
        year=2022,
        angkatan_kerja=10_000,
        peserta_pu=2_000,
        peserta_bpu=2_000,
        peserta_jakon=500,
        peserta_pmi=None,
    )
    CoverageReportFactory(regency=world.reg_a2, year=2022, peserta_pu=1)
    _province_report(world.prov_a, year=2022, peserta_pu=2)
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)

    result = derived(_annotated(report))

    assert (
        result.coverage_total_pct,
        result.growth_pp,
        result.participant_growth_pct,
    ) == (Decimal("60.00"), Decimal("15.00"), Decimal("33.33"))


def test_derived_of_a_province_report_uses_last_year_of_the_province(world):
    CoverageReportFactory(regency=world.reg_a1, year=2022, peserta_pu=9_000)
    _province_report(world.prov_a, year=2022, peserta_pu=2_500, peserta_bpu=2_500)
    _province_report(world.prov_b, year=2022, peserta_pu=1, peserta_bpu=1)
    report = _province_report(world.prov_a, year=2023)

    result = derived(_annotated(report))

    assert (result.growth_pp, result.participant_growth_pct) == (
        Decimal("10.00"),
        Decimal("20.00"),
    )


def test_derived_has_no_growth_when_last_year_lacks_bpu(world):
    CoverageReportFactory(regency=world.reg_a1, year=2022, peserta_bpu=None)
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)

    result = derived(_annotated(report))

    assert (result.growth_pp, result.participant_growth_pct) == (None, None)


def test_derived_sums_tables_over_complete_rows_only(world):
    report = CoverageReportFactory(regency=world.reg_a1)
    NonAsnLineFactory(report=report, category="bpd", eligible=727, protected=700)
    NonAsnLineFactory(report=report, category="lkd", eligible=273, protected=100)
    NonAsnLineFactory(report=report, category="rt_rw", eligible=500, protected=None)
    VulnerableWorkerLineFactory(report=report, workers=10, months=12, rupiah=2_000_000)
    VulnerableWorkerLineFactory(
        report=report, sector="nelayan", workers=5, months=6, rupiah=400_000
    )
    VulnerableWorkerLineFactory(report=report, sector="ojek", rupiah=None)

    result = derived(_annotated(report))

    assert (
        result.non_asn_coverage_pct,
        result.rupiah_per_worker_month,
        result.is_below_minimum,
    ) == (Decimal("80.00"), Decimal("16000.00"), True)


def test_derived_of_a_report_without_tables_leaves_their_figures_none(world):
    report = CoverageReportFactory(regency=world.reg_a1)

    result = derived(_annotated(report))

    assert result == DerivedFigures(
        participants_total=6_000,
        coverage_total_pct=Decimal("60.00"),
        coverage_pu_pct=Decimal("87.50"),
        coverage_bpu_pct=Decimal("41.67"),
        growth_pp=None,
        participant_growth_pct=None,
        non_asn_coverage_pct=None,
        desa_100_share_pct=None,
        rupiah_per_worker_month=None,
        is_below_minimum=None,
    )


def test_villages_total_of_a_kab_kota_counts_its_active_villages(world):
    VillageFactory(district=world.dist_a1)
    VillageFactory(district=world.dist_a1, is_active=False)
    report = CoverageReportFactory(regency=world.reg_a1)

    result = _annotated(report).villages_total

    assert result == 2


def test_villages_total_of_a_province_counts_villages_of_all_its_kab_kota(world):
    VillageFactory(district=world.dist_a2)
    report = _province_report(world.prov_a)

    result = _annotated(report).villages_total

    assert result == 3


def test_desa_share_counts_villages_with_at_least_100_protected(world):
    report = CoverageReportFactory(regency=world.reg_a1)
    for workers in (100, 99, 150):
        village = VillageFactory(district=world.dist_a1)
        VillageProtectionFactory(report=report, village=village, workers=workers)
    VillageFactory(district=world.dist_a1)

    result = derived(_annotated(report)).desa_100_share_pct

    assert result == Decimal("40.00")  # 2 of the 5 desa of 15.01


def test_desa_share_is_zero_when_reported_villages_stay_below_100(world):
    report = CoverageReportFactory(regency=world.reg_a1)
    VillageProtectionFactory(report=report, village=world.vil_a1, workers=99)

    result = derived(_annotated(report)).desa_100_share_pct

    assert result == Decimal("0.00")
