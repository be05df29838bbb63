"""Derived coverage figures (participants.calculations): pure arithmetic, so plain
numbers in and out, no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participants.calculations import (
    CoverageInputs,
    DerivedFigures,
    derive,
    difference,
    minimum_rupiah,
    participants,
    per_worker_month,
    percentage,
    relative_growth,
)

counts = st.integers(min_value=0, max_value=10**12)


def test_percentage_of_anambas_2020_is_60_88():
    result = percentage(11_414, 18_749)

    assert result == Decimal("60.88")


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 8, Decimal("12.50")),  # 12.5 exactly
        (1, 800, Decimal("0.13")),  # 0.125 rounds half up
        (1, 3, Decimal("33.33")),
        (2, 3, Decimal("66.67")),
        (0, 5, Decimal("0.00")),
    ],
)
def test_percentage_rounds_half_up_to_two_places(part, whole, expected):
    result = percentage(part, whole)

    assert result == expected


@pytest.mark.parametrize(("part", "whole"), [(None, 10), (5, None), (5, 0)])
def test_percentage_is_none_without_part_or_whole(part, whole):
    result = percentage(part, whole)

    assert result is None


@pytest.mark.parametrize(
    ("pu", "bpu", "others", "expected"),
    [
        (100, 50, (), 150),
        (100, 50, (7, None), 157),
        (100, 50, (7, 3), 160),
        (None, 50, (7, 3), None),
        (100, None, (7, 3), None),
    ],
)
def test_participants_needs_pu_and_bpu_and_adds_what_else_is_reported(
    pu, bpu, others, expected
):
    result = participants(pu, bpu, *others)

    assert result == expected


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (Decimal("66.01"), Decimal("34.94"), Decimal("31.07")),
        (Decimal("34.94"), Decimal("66.01"), Decimal("-31.07")),
        (None, Decimal("1"), None),
        (Decimal("1"), None, None),
    ],
)
def test_difference_in_percentage_points(now, before, expected):
    result = difference(now, before)

    assert result == expected


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (66_013, 34_938, Decimal("88.94")),
        (90, 120, Decimal("-25.00")),
        (100, 100, Decimal("0.00")),
        (None, 100, None),
        (100, None, None),
        (100, 0, None),
    ],
)
def test_relative_growth_of_participants(now, before, expected):
    result = relative_growth(now, before)

    assert result == expected


@pytest.mark.parametrize(
    ("rupiah", "worker_months", "expected"),
    [
        # Anambas: Rp975,54 juta for 4.839 workers for a year
        (975_540_000, 4_839 * 12, Decimal("16799.96")),
        (10, 3, Decimal("3.33")),
        (5, 8, Decimal("0.63")),  # 0.625 rounds half up
        (None, 12, None),
        (100, None, None),
        (100, 0, None),
    ],
)
def test_per_worker_month(rupiah, worker_months, expected):
    result = per_worker_month(rupiah, worker_months)

    assert result == expected


def test_minimum_rupiah_is_workers_times_months_times_16800():
    result = minimum_rupiah(4_839, 12)

    assert result == 975_542_400


def test_derive_all_figures_of_a_complete_report():
    inputs = CoverageInputs(
        angkatan_kerja=18_749,
        pekerja_formal=8_000,
        pekerja_informal=10_749,
        peserta_pu=6_000,
        peserta_bpu=5_000,
        peserta_jakon=300,
        peserta_pmi=114,
        previous_participants=10_000,
        previous_angkatan_kerja=18_000,
        non_asn_eligible=4_688,
        non_asn_protected=2_000,
        vulnerable_rupiah=975_540_000,
        vulnerable_worker_months=4_839 * 12,
        villages_reaching_target=3,
        villages_total=8,
    )

    result = derive(inputs)

    assert result == DerivedFigures(
        participants_total=11_414,
        coverage_total_pct=Decimal("60.88"),
        coverage_pu_pct=Decimal("75.00"),
        coverage_bpu_pct=Decimal("46.52"),
        growth_pp=Decimal("5.32"),  # 60.88 − 55.56
        participant_growth_pct=Decimal("14.14"),
        non_asn_coverage_pct=Decimal("42.66"),
        desa_100_share_pct=Decimal("37.50"),
        rupiah_per_worker_month=Decimal("16799.96"),
        is_below_minimum=True,
    )


def test_derive_leaves_every_figure_none_without_inputs():
    result = derive(CoverageInputs())

    assert result == DerivedFigures(
        participants_total=None,
        coverage_total_pct=None,
        coverage_pu_pct=None,
        coverage_bpu_pct=None,
        growth_pp=None,
        participant_growth_pct=None,
        non_asn_coverage_pct=None,
        desa_100_share_pct=None,
        rupiah_per_worker_month=None,
        is_below_minimum=None,
    )


def test_derive_has_no_growth_without_last_year():
    inputs = CoverageInputs(angkatan_kerja=100, peserta_pu=30, peserta_bpu=20)

    result = derive(inputs)

    assert (result.coverage_total_pct, result.growth_pp) == (Decimal("50.00"), None)


def test_derive_has_no_total_coverage_without_bpu():
    inputs = CoverageInputs(angkatan_kerja=100, pekerja_formal=40, peserta_pu=30)

    result = derive(inputs)

    assert (result.participants_total, result.coverage_total_pct) == (None, None)


@pytest.mark.parametrize(
    ("rupiah", "worker_months", "below"),
    [
        (16_800 * 12, 12, False),
        (16_800 * 12 - 1, 12, True),
        (16_800 * 12 + 1, 12, False),
        # 16.799,999 rounds to 16.800,00 but is still less than the minimum
        (16_800 * 1_000 - 1, 1_000, True),
    ],
)
def test_derive_is_below_minimum_at_the_16800_boundary(rupiah, worker_months, below):
    inputs = CoverageInputs(
        vulnerable_rupiah=rupiah, vulnerable_worker_months=worker_months
    )

    result = derive(inputs)

    assert result.is_below_minimum is below


@given(workforce=st.integers(min_value=1, max_value=10**12), data=st.data())
def test_coverage_is_between_0_and_100_when_participants_fit_the_workforce(
    workforce, data
):
    pu = data.draw(st.integers(min_value=0, max_value=workforce))
    bpu = data.draw(st.integers(min_value=0, max_value=workforce - pu))

    result = derive(
        CoverageInputs(angkatan_kerja=workforce, peserta_pu=pu, peserta_bpu=bpu)
    )

    assert Decimal(0) <= result.coverage_total_pct <= Decimal(100)


@given(whole=st.integers(min_value=1, max_value=10**12), data=st.data())
def test_percentage_is_monotone_in_the_part(whole, data):
    smaller = data.draw(counts)
    larger = data.draw(st.integers(min_value=smaller, max_value=10**13))

    result = (percentage(smaller, whole), percentage(larger, whole))

    assert result[0] <= result[1]
