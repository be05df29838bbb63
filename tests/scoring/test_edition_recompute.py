"""Recomputing every ranking of an edition at once gives the runs `compute_run`
gives scope by scope, with a number of queries that does not grow with the size of
the edition, and writes nothing when nothing changed."""

import pytest
from django.db.models import F

from nominations.models import Candidate, Stage
from regions.models import Province
from review.models import ReviewStatus
from scoring.adapter import Scope
from scoring.methodology_json import DocumentError
from scoring.models import (
    Criterion,
    Methodology,
    RankingRun,
    RubricLevel,
    ScoreSheet,
    SheetScore,
)
from scoring.services.edition import edition_scopes, recompute_edition
from scoring.services.methodology import create_methodology
from scoring.services.runs import compute_run
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    InnovationFactory,
    ProvinceFactory,
    ProvincialRoundFactory,
    RegencyFactory,
    RegulationFactory,
    UserFactory,
)
from tests.factories.scoring import PanelFactory, PanelMemberFactory
from tests.scoring.conftest import shipped
from tests.scoring.rankings import complete_candidate, kab_round, verify

pytestmark = pytest.mark.django_db


def _score(panel, candidates, methodology, scores):
    """A submitted sheet of a new member of the panel for each candidate."""
    levels = RubricLevel.objects.filter(criterion__aspect__methodology=methodology)
    member = PanelMemberFactory(panel=panel)
    for candidate, score in zip(candidates, scores, strict=False):
        sheet = ScoreSheet.objects.create(
            member=member, candidate=candidate, status=ReviewStatus.SUBMITTED
        )
        for level in levels.filter(score=score):
            SheetScore.objects.create(
                sheet=sheet, criterion=level.criterion, level=level
            )


def _edition(size):
    """A kab/kota category in two provinces (`size` candidates each, scored by
    each round's Tim 9), a third province with a round and no candidate, and the
    national ranking of the advanced ones, scored by the jury."""
    first, second = ProvinceFactory(), ProvinceFactory()
    r = kab_round(first, size=size)
    entries = r.entries + [
        complete_candidate(r.category, second, 3_050 + 100 * n) for n in range(size)
    ]
    national = create_methodology(
        shipped("kab_kota"), category=r.category, tier=Stage.Tier.NATIONAL
    )
    candidates = [entry.candidate for entry in entries]
    for n, candidate in enumerate(candidates):
        verify(RegulationFactory(candidate=candidate), r.verifier)
        if n % 2:
            InnovationFactory(candidate=candidate)
    advanced = candidates[::2]
    Candidate.objects.filter(pk__in=[c.pk for c in advanced]).update(
        status=Candidate.Status.ADVANCED
    )
    for province in (first, second):
        panel = PanelFactory(
            round=ProvincialRoundFactory(edition=r.edition, province=province)
        )
        mine = [c for c in candidates if c.province_id == province.pk]
        for scores in ((1, 2, 3, 4), (3, 4, 5, 5)):
            _score(panel, mine, r.methodology, scores)
    ProvincialRoundFactory(edition=r.edition, province=ProvinceFactory())
    jury = PanelFactory(edition=r.edition, round=None)
    _score(jury, advanced, national, (5, 4, 3, 2))
    return r


def _fields(run):
    return (
        run.category_id,
        run.province_id,
        run.tier,
        run.stage,
        run.methodology_id,
        run.input_hash,
        run.bundle,
        run.explanations,
        run.sources,
    )


@pytest.mark.parametrize("stage", ["desk", "final"])
def test_edition_runs_equal_the_runs_of_each_scope(stage):
    r = _edition(3)
    expected = {}
    for scope in edition_scopes(r.edition):
        run = compute_run(scope, stage)
        run.refresh_from_db()
        expected[(run.province_id, run.tier)] = _fields(run)
    RankingRun.objects.all().delete()

    outcome = recompute_edition(r.edition, stage)

    assert len(outcome.created) == len(expected) == 4
    for run in RankingRun.objects.all():
        assert _fields(run) == expected[(run.province_id, run.tier)]
    assert any(run.ranked for run in RankingRun.objects.filter(tier="national"))


def test_recompute_again_writes_nothing():
    r = _edition(2)
    user = UserFactory()
    first = recompute_edition(r.edition, "final", by=user)

    again = recompute_edition(r.edition, "final", by=user)

    assert {run.created_by for run in first.created} == {user}
    assert again.created == []
    assert len(again.unchanged) == len(first.created)
    assert RankingRun.objects.count() == len(first.created)


def test_recompute_keeps_the_run_compute_run_stored():
    r = _edition(2)
    stored = compute_run(Scope(r.edition, r.category, r.province), "final")

    outcome = recompute_edition(r.edition, "final")

    assert Scope(r.edition, r.category, r.province) in outcome.unchanged
    assert RankingRun.objects.filter(province=r.province).get() == stored


def test_recompute_freezes_the_methodologies_used():
    r = _edition(1)

    recompute_edition(r.edition, "final")

    assert not Methodology.objects.filter(
        category=r.category, frozen_at__isnull=True
    ).exists()


def test_a_tier_without_methodology_is_left_out():
    r = kab_round(ProvinceFactory(), size=1)

    outcome = recompute_edition(r.edition, "desk")

    assert [scope.tier for scope in outcome.missing] == ["national"]
    assert len(outcome.created) == 1


def test_a_broken_methodology_is_refused_and_nothing_is_stored():
    r = kab_round(ProvinceFactory(), size=1)
    criteria = Criterion.objects.filter(aspect__methodology=r.methodology)
    criteria.filter(pk=criteria.first().pk).update(weight=F("weight") + 1)

    with pytest.raises(DocumentError):
        recompute_edition(r.edition, "desk")

    assert not RankingRun.objects.exists()


@pytest.mark.parametrize("size", [1, 4])
def test_recompute_edition_query_count_does_not_grow(size, django_assert_num_queries):
    r = _edition(size)
    Methodology.objects.update(frozen_at=None)

    with django_assert_num_queries(34):
        outcome = recompute_edition(r.edition, "final")

    assert len(outcome.created) == 4
    assert Province.objects.count() >= 3


def test_employer_rankings_equal_the_runs_of_each_scope():
    """Employers: approved compliance of the assessment year read for all at once;
    one without any has its values missing, as scope by scope."""
    edition = EditionFactory(award_year=2025)
    category = CategoryFactory(
        edition=edition, name="badan_usaha", subject_type="badan_usaha"
    )
    create_methodology(
        shipped("badan_usaha"), category=category, tier=Stage.Tier.PROVINCIAL
    )
    province = ProvinceFactory()
    for n in range(3):
        employer = EmployerFactory(regency=RegencyFactory(province=province))
        if n:
            EmployerComplianceFactory(
                employer=employer,
                year=edition.assessment_year,
                status=ReviewStatus.APPROVED,
                employees=400 + n,
            )
        CandidateFactory(
            category=category, province=province, regency=None, employer=employer
        )
    scope = Scope(edition, category, province)
    expected = compute_run(scope, "desk")
    expected.refresh_from_db()
    RankingRun.objects.all().delete()

    outcome = recompute_edition(edition, "desk")

    run = RankingRun.objects.get(pk=outcome.created[0].pk)
    assert _fields(run) == _fields(expected)
    assert [s.tier for s in outcome.missing] == ["national"]
