"""Recompute every ranking of an edition at once: each province's round and the
national ranking of every category, at one stage.

`compute_run` per scope costs about 14 queries and two commits per scope; here the
inputs of all scopes are read with a fixed number of queries
(`scoring.edition_inputs`), the engine ranks each scope, and the new runs are
stored with one INSERT in one transaction. A scope whose inputs are unchanged keeps
its stored run (nothing written), as `compute_run` does; each run equals the one
`compute_run` would store (same hash, ranks, explanations and sources)."""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from nominations.models import Edition, ProvincialRound
from regions.models import Province
from review.findings import errors
from scoring import engine
from scoring.adapter import Scope, engine_methodology
from scoring.edition_inputs import load_edition, scope_inputs
from scoring.methodology_json import DocumentError, check_document, to_document
from scoring.models import Methodology, RankingRun
from scoring.services.runs import explanations


@dataclass
class EditionRecompute:
    """What a recompute did: runs stored, scopes whose run was already stored, and
    scopes left out because their category has no methodology for the tier."""

    created: list[RankingRun] = field(default_factory=list)
    unchanged: list[Scope] = field(default_factory=list)
    missing: list[Scope] = field(default_factory=list)


def edition_scopes(edition: Edition) -> list[Scope]:
    """Each category in each province with a round or a candidate, then each
    category nationally (two queries, categories through the edition)."""
    categories = list(edition.categories.order_by("position", "pk"))
    rounds = ProvincialRound.objects.filter(edition=edition).values("province_id")
    candidates = edition.candidates.values("province_id")
    wanted = Q(pk__in=rounds) | Q(pk__in=candidates)
    provinces = list(Province.objects.filter(wanted).order_by("code"))
    return [Scope(edition, c, p) for p in provinces for c in categories] + [
        Scope(edition, c) for c in categories
    ]


def current_methodologies(edition: Edition) -> dict[tuple[int, str], Methodology]:
    """The latest version per category and tier of the edition (one query)."""
    found: dict[tuple[int, str], Methodology] = {}
    versions = Methodology.objects.filter(category__edition=edition)
    for methodology in versions.order_by("category", "tier", "-version"):
        found.setdefault((methodology.category_id, methodology.tier), methodology)
    return found


def recompute_edition(
    edition: Edition, stage: str, *, by: Any = None
) -> EditionRecompute:
    """Rank every scope of the edition at the stage and store the new runs."""
    outcome = EditionRecompute()
    methodologies = current_methodologies(edition)
    scopes = edition_scopes(edition)
    used = {m.pk: m for m in methodologies.values()}
    _check_unfrozen(used.values())
    engines = {pk: engine_methodology(m) for pk, m in used.items()}
    data = load_edition(edition)
    computed = []
    for scope in scopes:
        methodology = methodologies.get((scope.category.pk, scope.tier))
        if methodology is None:
            outcome.missing.append(scope)
            continue
        inputs = scope_inputs(data, scope, engines[methodology.pk])
        ranking = engine.rank(
            inputs.methodology, inputs.candidates, stage=engine.Stage(stage)
        )
        computed.append((scope, methodology, inputs, ranking))
    stored = _stored(edition, stage, [ranking for *_, ranking in computed])
    creator = by if by is not None and by.is_authenticated else None
    for scope, methodology, inputs, ranking in computed:
        key = (methodology.pk, _pk(scope.province), ranking.input_hash)
        if key in stored:
            outcome.unchanged.append(scope)
            continue
        stored.add(key)
        outcome.created.append(
            _run(scope, stage, methodology, inputs, ranking, creator)
        )
    with transaction.atomic():
        _freeze(used.values())
        RankingRun.objects.bulk_create(outcome.created)
    return outcome


def _pk(province: Province | None) -> str | None:
    return None if province is None else province.pk


def _check_unfrozen(methodologies: Any) -> None:
    """Refuse a methodology that would be frozen with a broken rule, as `freeze`
    does (only versions never frozen are checked: a frozen one was already)."""
    for methodology in methodologies:
        if not methodology.is_frozen:
            found = errors(check_document(to_document(methodology)))
            if found:
                raise DocumentError(found)


def _freeze(methodologies: Any) -> None:
    """Freeze the versions used, once, in one UPDATE (a frozen one keeps its time)."""
    pks = [m.pk for m in methodologies if not m.is_frozen]
    if pks:
        Methodology.objects.filter(pk__in=pks, frozen_at__isnull=True).update(
            frozen_at=timezone.now()
        )


def _stored(
    edition: Edition, stage: str, rankings: list[engine.Ranking]
) -> set[tuple[int, str | None, str]]:
    """The runs already stored for these inputs: methodology, province, hash."""
    hashes = {ranking.input_hash for ranking in rankings}
    found = RankingRun.objects.filter(
        edition=edition, stage=stage, zone__isnull=True, input_hash__in=hashes
    )
    return set(found.values_list("methodology_id", "province_id", "input_hash"))


def _run(
    scope: Scope,
    stage: str,
    methodology: Methodology,
    inputs: Any,
    ranking: engine.Ranking,
    creator: Any,
) -> RankingRun:
    return RankingRun(
        edition=scope.edition,
        category=scope.category,
        province=scope.province,
        zone=None,
        tier=scope.tier,
        stage=stage,
        methodology=methodology,
        code_version=settings.CODE_VERSION,
        input_hash=ranking.input_hash,
        bundle=engine.export_bundle(inputs.methodology, inputs.candidates, ranking),
        explanations=explanations(ranking),
        sources=inputs.sources,
        created_by=creator,
    )
