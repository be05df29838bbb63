from decimal import Decimal

import pytest

from nominations.models import Candidate, Stage, SubjectType
from review.models import ReviewStatus
from scoring import engine
from scoring.adapter import Scope, build_inputs, engine_methodology, rubric_scores
from scoring.models import RubricLevel, ScoreSheet, SheetScore
from scoring.services.methodology import create_methodology
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EmployerComplianceFactory,
    InnovationFactory,
    ProvinceFactory,
    ProvincialRoundFactory,
    RegulationFactory,
)
from tests.factories.participants import CoverageReportFactory, VillageProtectionFactory
from tests.factories.scoring import PanelFactory, PanelMemberFactory
from tests.scoring.conftest import shipped
from tests.scoring.rankings import kab_round, verify


@pytest.fixture
def round_(db):
    return kab_round(ProvinceFactory(), size=2)


def inputs_of(r, province="same"):
    scope = Scope(r.edition, r.category, r.province if province == "same" else None)
    return build_inputs(scope, r.methodology)


def values_of(r, entry):
    found = inputs_of(r)
    key = str(entry.candidate.pk)
    return next(c for c in found.candidates if c.key == key).values


def test_engine_methodology_maps_every_field(round_):
    criteria = {c.key: c for c in engine_methodology(round_.methodology).criteria}

    assert criteria["REG.1"].normalisation is engine.Normalisation.TARGET
    assert dict(criteria["REG.1"].params) == {
        "target": Decimal(4),
        "cap": Decimal(100),
    }
    assert criteria["CAK.1"].indicator == "coverage_pu_pct"
    assert criteria["WAW.1"].normalisation is engine.Normalisation.RANGE
    assert criteria["WAW.1"].levels[0].value == Decimal(1)
    assert criteria["INO.4"].independent is True


def test_build_inputs_reads_approved_reports_with_their_versions(round_):
    entry = round_.entries[0]

    found = inputs_of(round_)

    source = found.sources[str(entry.candidate.pk)]
    assert source["coverage"] == {"pk": entry.report.pk, "version": 1}
    values = values_of(round_, entry)
    assert values["coverage_pu_pct"].value == Decimal("75.00")
    assert values["coverage_growth_pp"].value == Decimal("0.00")
    # Two desa in the kab/kota (one per report), one reaches 100 this year.
    assert values["desa_100_share_pct"].value == Decimal("50.00")


def test_build_inputs_ignores_a_report_not_approved(round_):
    entry = round_.entries[0]
    type(entry.report).objects.filter(pk=entry.report.pk).update(
        status=ReviewStatus.SUBMITTED
    )

    values = values_of(round_, entry)

    assert values["coverage_pu_pct"].reasons == ("missing:coverage_report",)
    assert inputs_of(round_).sources[str(entry.candidate.pk)]["coverage"] is None


def test_build_inputs_without_previous_year_leaves_growth_missing(round_):
    entry = round_.entries[0]
    year = round_.edition.assessment_year
    type(entry.report).objects.filter(regency=entry.regency, year=year - 1).delete()

    ranking = engine.rank(
        *(lambda i: (i.methodology, i.candidates))(inputs_of(round_)),
        stage=engine.Stage.DESK,
    )

    assert [(u.key, u.reasons) for u in ranking.incomplete] == [
        (str(entry.candidate.pk), ("no_previous_year",))
    ]


def test_build_inputs_counts_verified_dossier_items_only(round_):
    entry = round_.entries[0]
    RegulationFactory(candidate=entry.candidate)  # never verified
    verified = RegulationFactory(
        candidate=entry.candidate, kind="perkada", number="9/2024"
    )
    step = verify(verified, round_.verifier)
    verify(InnovationFactory(candidate=entry.candidate), round_.verifier)

    values = values_of(round_, entry)

    assert values["regulation_level"].value == Decimal(3)
    assert values["verified_innovations"].value == Decimal(1)
    verifications = inputs_of(round_).sources[str(entry.candidate.pk)]["verifications"]
    assert verifications[0] == step.pk
    assert len(verifications) == 2


def test_build_inputs_reads_approved_employer_compliance_only(db):
    category = CategoryFactory(subject_type=SubjectType.BADAN_USAHA)
    methodology = create_methodology(
        shipped("badan_usaha"), category=category, tier=Stage.Tier.PROVINCIAL
    )
    year = category.edition.assessment_year
    approved = EmployerComplianceFactory(year=year, status=ReviewStatus.APPROVED)
    draft = EmployerComplianceFactory(
        year=year, employer__regency=approved.employer.regency
    )
    first, second = (
        CandidateFactory(category=category, regency=None, employer=record.employer)
        for record in (approved, draft)
    )
    scope = Scope(category.edition, category, first.province)

    found = build_inputs(scope, methodology)

    values = {c.key: c.values for c in found.candidates}
    assert values[str(first.pk)]["registration_pct"].value == Decimal("96.00")
    assert values[str(second.pk)]["registration_pct"].reasons == ("missing:compliance",)
    assert found.sources[str(first.pk)]["compliance"] == {
        "pk": approved.pk,
        "version": 1,
    }


def test_build_inputs_province_candidate_counts_the_provinces_villages(db):
    province = ProvinceFactory()
    category = CategoryFactory(subject_type=SubjectType.PROVINSI)
    methodology = create_methodology(
        shipped("provinsi"), category=category, tier=Stage.Tier.PROVINCIAL
    )
    year = category.edition.assessment_year
    regency_report = CoverageReportFactory(regency__province=province, year=year)
    VillageProtectionFactory(report=regency_report, workers=50)
    VillageProtectionFactory(report=regency_report, workers=None)
    report = CoverageReportFactory(
        regency=None, province=province, year=year, status=ReviewStatus.APPROVED
    )
    VillageProtectionFactory(
        report=report, village=regency_report.village_lines.first().village
    )
    candidate = CandidateFactory(category=category, regency=None, province=province)

    found = build_inputs(Scope(category.edition, category, province), methodology)

    values = found.candidates[0].values
    assert found.sources[str(candidate.pk)]["coverage"]["pk"] == report.pk
    # The province's two desa (of its kab/kota's report), one reaching 100.
    assert values["desa_100_share_pct"].value == Decimal("50.00")


def test_build_inputs_national_scope_takes_advanced_candidates(round_):
    advanced = round_.entries[1].candidate
    Candidate.objects.filter(pk=advanced.pk).update(status=Candidate.Status.ADVANCED)

    found = inputs_of(round_, province=None)

    assert [c.key for c in found.candidates] == [str(advanced.pk)]


def _sheet(panel, candidate, level, status=ReviewStatus.SUBMITTED):
    """A sheet of a new member of the panel scoring WAW.1 at `level`."""
    criterion = level.criterion
    sheet = ScoreSheet.objects.create(
        member=PanelMemberFactory(panel=panel), candidate=candidate, status=status
    )
    SheetScore.objects.create(sheet=sheet, criterion=criterion, level=level)
    return sheet


def test_rubric_scores_count_submitted_sheets_of_the_scopes_panel_only(round_):
    r = round_
    tim9 = PanelFactory(
        round=ProvincialRoundFactory(edition=r.edition, province=r.province)
    )
    jury = PanelFactory(round=None, edition=r.edition)
    candidate = r.entries[0].candidate
    levels = list(
        RubricLevel.objects.filter(
            criterion__aspect__methodology=r.methodology, criterion__code="WAW.1"
        ).order_by("score")
    )
    counted = _sheet(tim9, candidate, levels[-1])
    _sheet(tim9, candidate, levels[0], status=ReviewStatus.DRAFT)
    _sheet(jury, candidate, levels[0])

    provincial = rubric_scores([candidate], Scope(r.edition, r.category, r.province))
    national = rubric_scores([candidate], Scope(r.edition, r.category))

    assert provincial == (
        {candidate.pk: {"WAW.1": {str(counted.member_id): Decimal(levels[-1].score)}}},
        {candidate.pk: [[counted.pk, counted.version]]},
    )
    assert list(national[0][candidate.pk]["WAW.1"].values()) == [
        Decimal(levels[0].score)
    ]
    assert inputs_of(r).sources[str(candidate.pk)]["sheets"] == [
        [counted.pk, counted.version]
    ]


@pytest.mark.parametrize("size", [1, 5])
def test_build_inputs_query_count_does_not_grow(db, size, django_assert_num_queries):
    r = kab_round(ProvinceFactory(), size=size)
    for entry in r.entries:
        verify(RegulationFactory(candidate=entry.candidate), r.verifier)
    scope = Scope(r.edition, r.category, r.province)

    # candidates, reports + 3 tables, villages, 2 dossier tables + their steps,
    # criteria + levels: 11 whatever the number of candidates.
    # One more: the score sheets; and one more: the tie-break chain.
    with django_assert_num_queries(13):
        found = build_inputs(scope, r.methodology)

    assert len(found.candidates) == size
