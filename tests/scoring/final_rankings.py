"""Builders for decisions: final rankings whose candidates are complete without
score sheets (the interview criteria made independent), in a province's round at
the interviewed stage, or nationally among advanced candidates."""

from types import SimpleNamespace
from typing import Any, cast

from nominations.models import Candidate, Category, Stage
from regions.models import Province
from scoring.adapter import Scope
from scoring.services.methodology import create_methodology
from scoring.services.runs import compute_run
from tests.factories import CategoryFactory, EditionFactory
from tests.scoring.conftest import shipped
from tests.scoring.rankings import complete_candidate


def data_only_document() -> dict[str, Any]:
    """The kab/kota methodology with its interview criteria shown, not counted."""
    document = shipped("kab_kota")
    for aspect in document["aspects"]:
        for criterion in aspect["criteria"]:
            if criterion["source"] == "rubric":
                criterion["independent"] = True
            if criterion["code"] == "REG.1":
                criterion["weight"] = "40.00"
    return document


def final_round(
    province: Province,
    size: int = 4,
    *,
    tier: str = Stage.Tier.PROVINCIAL,
    status: str = Candidate.Status.INTERVIEWED,
    award_year: int = 2025,
) -> SimpleNamespace:
    """`size` complete candidates of a kab/kota category (the more PU
    participants, the higher), and the category's data-only methodology."""
    edition = EditionFactory(award_year=award_year)
    category = cast(Category, CategoryFactory(edition=edition))
    create_methodology(data_only_document(), category=category, tier=tier)
    candidates = []
    for n in range(size):
        entry = complete_candidate(category, province, 3_000 + 100 * n)
        Candidate.objects.filter(pk=entry.candidate.pk).update(status=status)
        candidates.append(entry.candidate)
    return SimpleNamespace(edition=edition, category=category, candidates=candidates)


def final_run(r: SimpleNamespace, province: Province | None, **scope: Any) -> Any:
    """The final run of the builder's category in the province (None: national)."""
    return compute_run(Scope(r.edition, r.category, province, **scope), "final")
