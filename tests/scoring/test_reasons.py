"""Every reason code the engine and the adapter can write has a sentence in the
one mapping of `scoring.reasons`, and every explanation line status too."""

import itertools
from decimal import Decimal

import pytest

from scoring import engine
from scoring.adapter import INDICATOR_KEYS
from scoring.engine import (
    EmployerYear,
    NonAsnLine,
    PreviousYear,
    RegionYear,
    VillageRow,
    VulnerableLine,
)
from scoring.reasons import LINE_STATUSES, REASONS, reason_text, status_text

FIGURES = (
    "angkatan_kerja",
    "pekerja_formal",
    "pekerja_informal",
    "peserta_pu",
    "peserta_bpu",
)
PREVIOUS = (None, PreviousYear(None, None), PreviousYear(10, 0), PreviousYear(1, 10))
NON_ASN = (None, (), (NonAsnLine("x", None, 1),), (NonAsnLine("x", 0, 0),))
VULNERABLE = (
    None,
    (),
    (VulnerableLine("s", "apbd", None, 12, None),),
    (VulnerableLine("s", "apbd", 0, 12, 5),),
    (VulnerableLine("s", "apbd", 3, 12, None),),
)
VILLAGES = ((None, None), ((), 0), ((VillageRow("v", 120),), None))


def region_years():
    """Regions missing, zero or known on every figure and table."""
    for value in (None, 0, 100):
        figures = dict.fromkeys(FIGURES, value)
        for previous, non_asn, vulnerable, (villages, total) in itertools.product(
            PREVIOUS, NON_ASN, VULNERABLE, VILLAGES
        ):
            yield RegionYear(
                "r",
                2025,
                previous=previous,
                non_asn=non_asn,
                vulnerable=vulnerable,
                villages=villages,
                villages_total=total,
                **figures,
            )


def employer_years():
    for value in (None, 0, 10):
        yield EmployerYear(
            "e",
            2025,
            employees=value,
            registered_participants=value,
            months_paid_on_time=value,
            wage_report_accuracy=value,
            digital_channel_use=value,
            csr_vulnerable_protected=value,
            vendors_total=value,
            vendors_registered=value,
        )


def produced_codes():
    values = [engine.region_indicators(r) for r in region_years()]
    values += [engine.employer_indicators(e) for e in employer_years()]
    return {
        code
        for found in values
        for indicator in found.values()
        for code in indicator.reasons
    }


def test_every_indicator_code_has_its_own_sentence():
    codes = produced_codes() | {"missing:coverage_report", "missing:compliance"}

    assert sorted(codes - REASONS.keys()) == []
    assert "zero:vulnerable.workers" in codes  # the generator reaches the corners


def test_every_sentence_is_of_a_code_and_reads_as_a_sentence():
    for code, sentence in REASONS.items():
        assert str(sentence).endswith("."), code
        assert reason_text(code) == str(sentence)


def test_a_criterion_nobody_scored_names_the_criterion():
    assert reason_text("missing:rubric:WAW.1") == (
        "No assessor has submitted a level for criterion WAW.1."
    )


@pytest.mark.parametrize("indicator", sorted(INDICATOR_KEYS.values()))
def test_an_indicator_the_candidate_does_not_have_is_named(indicator):
    """A criterion reading an indicator of another kind of candidate."""
    assert reason_text(f"missing:{indicator}") in (
        str(REASONS.get(f"missing:{indicator}", "")),
        f"The indicator {indicator} cannot be computed for this candidate.",
    )


def test_the_engine_writes_rubric_and_indicator_codes_the_mapping_reads():
    criteria = (
        engine.Criterion(
            key="W",
            weight=Decimal(50),
            source=engine.Source.RUBRIC,
            indicator="",
            normalisation=engine.Normalisation.RANGE,
            levels=(
                engine.RubricLevel(Decimal(1), "a"),
                engine.RubricLevel(Decimal(4), "b"),
            ),
        ),
        engine.Criterion(
            key="C",
            weight=Decimal(50),
            source=engine.Source.INDICATOR,
            indicator="registration_pct",
            normalisation=engine.Normalisation.MIN_MAX,
        ),
    )
    ranking = engine.rank(
        engine.Methodology(criteria=criteria), [engine.CandidateInput("1")]
    )

    (unranked,) = ranking.incomplete
    assert [reason_text(code) for code in unranked.reasons] == [
        "No assessor has submitted a level for criterion W.",
        "The indicator registration_pct cannot be computed for this candidate.",
    ]


def test_an_unknown_code_is_shown_as_it_is():
    assert reason_text("later:thing") == "Not known (later:thing)."


def test_every_line_status_has_a_sentence():
    assert sorted(LINE_STATUSES) == sorted(s.value for s in engine.LineStatus)
    assert status_text("pending").startswith("Pending:")
