"""A run's rubric lines: the raw aggregate, the per-assessor normalised one beside
it when the methodology normalises (marked as the one that counts), and the number
of assessors."""

from decimal import Decimal

import pytest
from django.conf import settings

from review.models import ReviewStatus
from scoring import engine
from scoring.adapter import Scope
from scoring.models import Methodology, RubricLevel, ScoreSheet, SheetScore
from scoring.services.runs import compute_run, explanations
from tests.factories import ProvincialRoundFactory
from tests.factories.scoring import PanelFactory, PanelMemberFactory
from tests.scoring.rankings import kab_round

pytestmark = pytest.mark.django_db

D = Decimal


def _scored_run(world, *, normalise):
    """A final run of three candidates, each scored on WAW.1 and WAW.2 by a strict
    and a lenient member of the round's Tim 9."""
    r = kab_round(world.prov_a, size=3)
    Methodology.objects.filter(pk=r.methodology.pk).update(
        normalise_assessors=normalise
    )
    panel = PanelFactory(
        round=ProvincialRoundFactory(edition=r.edition, province=r.province)
    )
    levels = RubricLevel.objects.filter(criterion__aspect__methodology=r.methodology)
    for member_levels in ((1, 2, 3), (2, 4, 5)):
        member = PanelMemberFactory(panel=panel)
        for entry, score in zip(r.entries, member_levels, strict=True):
            sheet = ScoreSheet.objects.create(
                member=member, candidate=entry.candidate, status=ReviewStatus.SUBMITTED
            )
            for level in levels.filter(score=score):
                SheetScore.objects.create(
                    sheet=sheet, criterion=level.criterion, level=level
                )
    return compute_run(Scope(r.edition, r.category, r.province), "final")


def _rubric_line(run, criterion="WAW.1"):
    key = run.ranked[0]["key"]
    lines = run.explanations[key]["lines"]
    return next(line for line in lines if line["criterion"] == criterion)


def test_raw_aggregate_alone_when_not_normalising(world):
    run = _scored_run(world, normalise=False)

    line = _rubric_line(run)

    assert line["rubric"] == {
        "raw": "4",
        "adjusted": None,
        "assessors": 2,
        "counted": "raw",
    }
    assert line["raw"] == "4"


def test_normalised_aggregate_beside_the_raw_one_counts(world):
    run = _scored_run(world, normalise=True)

    line = _rubric_line(run)

    assert (line["rubric"]["raw"], line["rubric"]["counted"]) == ("4", "adjusted")
    assert line["raw"] == line["rubric"]["adjusted"] != "4"
    assert line["rubric"]["assessors"] == 2


def test_indicator_lines_have_no_rubric_part(world):
    run = _scored_run(world, normalise=True)

    assert "rubric" not in _rubric_line(run, "CAK.1")


def test_run_page_shows_raw_and_normalised_side_by_side(world, client):
    run = _scored_run(world, normalise=True)
    client.force_login(world.users["panitia_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    line = _rubric_line(run)

    page = client.get(run.get_absolute_url()).content.decode()

    assert '<span class="muted" data-rubric-raw>raw 4</span>' in page
    assert (
        f"<strong data-rubric-adjusted>normalised {line['rubric']['adjusted']}"
        '</strong> <span class="badge badge--neutral">counts</span>'
    ) in page
    assert '<span class="muted">2 assessors</span>' in page


def test_run_page_without_normalisation_shows_the_raw_aggregate(world, client):
    run = _scored_run(world, normalise=False)
    client.force_login(world.users["panitia_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(run.get_absolute_url()).content.decode()

    assert "<span data-rubric-raw>4</span>" in page
    assert "data-rubric-adjusted" not in page


def test_explanations_of_one_assessor_say_so():
    methodology = engine.Methodology(
        criteria=(
            engine.Criterion(
                key="W",
                weight=D(100),
                source=engine.Source.RUBRIC,
                normalisation=engine.Normalisation.RANGE,
                levels=(engine.RubricLevel(D(1)), engine.RubricLevel(D(5))),
            ),
        )
    )
    ranking = engine.rank(
        methodology, [engine.CandidateInput("a", sheets={"W": {"m": D(4)}})]
    )

    [line] = explanations(ranking)["a"]["lines"]

    assert line["rubric"] == {
        "raw": "4",
        "adjusted": None,
        "assessors": 1,
        "counted": "raw",
    }
