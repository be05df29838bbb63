"""Indicators (scoring.engine.indicators): worked examples from the domain guide's
figures, and a missing figure that makes an indicator incomplete, never zero."""

from decimal import Decimal

import pytest

from scoring.engine.indicators import (
    DEFINITIONS,
    DossierItem,
    EmployerYear,
    IndicatorValue,
    NonAsnLine,
    PreviousYear,
    RegionYear,
    VillageRow,
    VulnerableLine,
    coverage_growth,
    coverage_total,
    desa_100_share,
    employer_indicators,
    non_asn_coverage,
    region_indicators,
    regulation_level,
    rupiah_per_protected_worker,
    share,
    verified_innovations,
    vulnerable_protected,
)

ANAMBAS = RegionYear(
    region="21.05",
    year=2020,
    angkatan_kerja=18_749,
    pekerja_formal=9_000,
    pekerja_informal=9_749,
    peserta_pu=6_575,
    peserta_bpu=4_839,
    previous=PreviousYear(participants=9_937, angkatan_kerja=18_749),
    non_asn=(
        NonAsnLine("honorer_pemda", eligible=2_886, protected=2_886),
        NonAsnLine("guru_honorer", eligible=1_802, protected=901),
        NonAsnLine("rt_rw", eligible=None, protected=40),
    ),
    vulnerable=(VulnerableLine("petani", "apbd", 4_839, 12, 975_540_000),),
    villages=(VillageRow("21.05.01.2001", 120), VillageRow("21.05.01.2002", 99)),
    villages_total=54,
)


def test_coverage_total_of_anambas_2020_is_60_88():
    result = coverage_total(ANAMBAS)

    assert result == IndicatorValue(Decimal("60.88"))


def test_coverage_total_counts_jakon_and_pmi_where_reported():
    region = RegionYear(
        "x",
        2022,
        angkatan_kerja=1_000,
        peserta_pu=300,
        peserta_bpu=100,
        peserta_jakon=50,
        peserta_pmi=50,
    )

    result = coverage_total(region)

    assert result == IndicatorValue(Decimal("50.00"))


def test_coverage_total_names_every_missing_figure():
    region = RegionYear("x", 2022, peserta_bpu=5)

    result = coverage_total(region)

    assert result == IndicatorValue(
        None, ("missing:peserta_pu", "missing:angkatan_kerja")
    )


def test_coverage_total_of_a_zero_workforce_is_incomplete():
    region = RegionYear("x", 2022, angkatan_kerja=0, peserta_pu=1, peserta_bpu=1)

    result = coverage_total(region)

    assert result == IndicatorValue(None, ("zero:angkatan_kerja",))


def test_pu_and_bpu_coverage_of_anambas():
    result = region_indicators(ANAMBAS)

    assert (result["coverage_pu_pct"], result["coverage_bpu_pct"]) == (
        IndicatorValue(Decimal("73.06")),
        IndicatorValue(Decimal("49.64")),
    )


def test_growth_is_the_difference_in_percentage_points():
    # 11.414 ÷ 18.749 = 60,88 % now, 9.937 ÷ 18.749 = 53,00 % the year before.
    result = coverage_growth(ANAMBAS)

    assert result == IndicatorValue(Decimal("7.88"))


def test_growth_without_a_previous_approved_report_is_incomplete():
    region = RegionYear("x", 2022, angkatan_kerja=10, peserta_pu=1, peserta_bpu=1)

    result = coverage_growth(region)

    assert result == IndicatorValue(None, ("no_previous_year",))


def test_growth_names_what_is_missing_in_either_year():
    region = RegionYear(
        "x",
        2022,
        peserta_pu=1,
        peserta_bpu=1,
        previous=PreviousYear(participants=None, angkatan_kerja=10),
    )

    result = coverage_growth(region)

    assert result == IndicatorValue(
        None, ("missing:angkatan_kerja", "missing:previous.participants")
    )


def test_non_asn_coverage_counts_the_categories_that_report_both():
    # (2.886 + 901) ÷ (2.886 + 1.802); RT/RW has no eligible figure.
    result = non_asn_coverage(ANAMBAS.non_asn)

    assert result == IndicatorValue(Decimal("80.78"))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (None, IndicatorValue(None, ("missing:non_asn",))),
        ((), IndicatorValue(None, ("missing:non_asn",))),
        (
            (NonAsnLine("bpd", eligible=0, protected=0),),
            IndicatorValue(None, ("zero:non_asn.eligible",)),
        ),
    ],
)
def test_non_asn_coverage_without_eligible_staff_is_incomplete(lines, expected):
    result = non_asn_coverage(lines)

    assert result == expected


def test_vulnerable_protected_sums_the_lines_with_a_number():
    lines = (
        VulnerableLine("petani", "apbd", 11_940, 12, None),
        VulnerableLine("nelayan", "apbd", 2_243, 12, None),
        VulnerableLine("ojek", "csr", None, 12, 5),
    )

    result = vulnerable_protected(lines)

    assert result == IndicatorValue(Decimal(14_183))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (None, IndicatorValue(None, ("missing:vulnerable",))),
        (
            (VulnerableLine("ojek", "csr", None, 12, 5),),
            IndicatorValue(None, ("missing:vulnerable.workers",)),
        ),
        ((), IndicatorValue(Decimal(0))),
    ],
)
def test_vulnerable_protected_when_lines_are_missing_or_none_reported(lines, expected):
    result = vulnerable_protected(lines)

    assert result == expected


def test_rupiah_per_protected_worker_of_anambas():
    # Rp975,54 juta for 4.839 workers protected a year.
    result = rupiah_per_protected_worker(ANAMBAS.vulnerable)

    assert result == IndicatorValue(Decimal("201599.50"))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (None, IndicatorValue(None, ("missing:vulnerable",))),
        (
            (VulnerableLine("ojek", "csr", 10, 12, None),),
            IndicatorValue(None, ("missing:vulnerable.rupiah",)),
        ),
        (
            (VulnerableLine("ojek", "csr", 0, 12, 0),),
            IndicatorValue(None, ("zero:vulnerable.workers",)),
        ),
    ],
)
def test_rupiah_per_protected_worker_when_it_cannot_be_computed(lines, expected):
    result = rupiah_per_protected_worker(lines)

    assert result == expected


def test_desa_share_counts_desa_with_at_least_100_protected():
    # One of 54 desa reaches 100 (120); 99 does not.
    result = desa_100_share(ANAMBAS)

    assert result == IndicatorValue(Decimal("1.85"))


@pytest.mark.parametrize(
    ("villages", "total", "expected"),
    [
        (None, 10, IndicatorValue(None, ("missing:villages",))),
        ((), None, IndicatorValue(None, ("missing:villages_total",))),
        ((), 0, IndicatorValue(None, ("zero:villages_total",))),
        ((VillageRow("a", None),), 4, IndicatorValue(Decimal("0.00"))),
    ],
)
def test_desa_share_needs_the_rows_and_the_number_of_desa(villages, total, expected):
    region = RegionYear("x", 2022, villages=villages, villages_total=total)

    result = desa_100_share(region)

    assert result == expected


@pytest.mark.parametrize(
    ("items", "level"),
    [
        ((), 0),
        ((DossierItem("regulation", "mou_pks", is_verified=True),), 1),
        ((DossierItem("regulation", "surat_edaran", is_verified=True),), 2),
        ((DossierItem("regulation", "instruksi", is_verified=True),), 2),
        (
            (
                DossierItem("regulation", "perkada", is_verified=True),
                DossierItem("regulation", "mou_pks", is_verified=True),
            ),
            3,
        ),
        ((DossierItem("regulation", "perda", is_verified=True),), 4),
        ((DossierItem("regulation", "perda", is_verified=False),), 0),
        ((DossierItem("innovation", "", is_verified=True),), 0),
        ((DossierItem("regulation", "unknown", is_verified=True),), 0),
    ],
)
def test_regulation_level_is_the_highest_verified_on_the_scale(items, level):
    result = regulation_level(items)

    assert result == IndicatorValue(Decimal(level))


def test_regulation_level_follows_a_configured_scale():
    items = (DossierItem("regulation", "mou_pks", is_verified=True),)

    result = regulation_level(items, {"perda": 10, "mou_pks": 7})

    assert result == IndicatorValue(Decimal(7))


def test_verified_innovations_counts_only_verified_innovations():
    items = (
        DossierItem("innovation", is_verified=True),
        DossierItem("innovation", is_verified=True),
        DossierItem("innovation", is_verified=False),
        DossierItem("regulation", "perda", is_verified=True),
    )

    result = verified_innovations(items)

    assert result == IndicatorValue(Decimal(2))


def test_region_indicators_use_the_configured_regulation_scale():
    items = (DossierItem("regulation", "perda", is_verified=True),)

    result = region_indicators(ANAMBAS, items, regulation_scale={"perda": 9})

    assert result["regulation_level"] == IndicatorValue(Decimal(9))


def test_every_indicator_has_a_definition():
    keys = set(region_indicators(ANAMBAS)) | set(
        employer_indicators(EmployerYear("x", 2022))
    )

    assert keys == set(DEFINITIONS)


def test_employer_indicators_of_a_complete_record():
    employer = EmployerYear(
        "0100000001",
        2022,
        employees=200,
        registered_participants=190,
        programmes=("jkk", "jkm", "jht", "jkk"),
        months_paid_on_time=11,
        wage_report_accuracy=Decimal("97.50"),
        digital_channel_use=Decimal("80"),
        csr_vulnerable_protected=150,
        vendors_total=8,
        vendors_registered=6,
    )

    result = employer_indicators(employer)

    assert result == {
        "registration_pct": IndicatorValue(Decimal("95.00")),
        "programmes_count": IndicatorValue(Decimal(3)),
        "on_time_pct": IndicatorValue(Decimal("91.67")),
        "wage_report_accuracy_pct": IndicatorValue(Decimal("97.50")),
        "digital_channel_pct": IndicatorValue(Decimal(80)),
        "csr_vulnerable_protected": IndicatorValue(Decimal(150)),
        "vendors_registered_pct": IndicatorValue(Decimal("75.00")),
    }


def test_employer_indicators_of_an_empty_record_say_what_is_missing():
    result = employer_indicators(EmployerYear("0100000001", 2022))

    assert result == {
        "registration_pct": IndicatorValue(
            None, ("missing:registered_participants", "missing:employees")
        ),
        "programmes_count": IndicatorValue(Decimal(0)),
        "on_time_pct": IndicatorValue(None, ("missing:months_paid_on_time",)),
        "wage_report_accuracy_pct": IndicatorValue(
            None, ("missing:wage_report_accuracy",)
        ),
        "digital_channel_pct": IndicatorValue(None, ("missing:digital_channel_use",)),
        "csr_vulnerable_protected": IndicatorValue(
            None, ("missing:csr_vulnerable_protected",)
        ),
        "vendors_registered_pct": IndicatorValue(
            None, ("missing:vendors_registered", "missing:vendors_total")
        ),
    }


def test_share_is_complete_only_with_a_value():
    result = share("a", 1, "b", 4)

    assert (result.is_complete, share("a", 1, "b", 0).is_complete) == (True, False)
