"""Ranking runs: compute one (adapter → engine → stored run), once per set of
inputs, and tell whether a run is stale."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from scoring import engine
from scoring.adapter import Inputs, Scope, build_inputs
from scoring.engine.hashing import number
from scoring.models import Methodology, RankingRun
from scoring.services.methodology import freeze


class NoMethodologyError(LookupError):
    """The scope's category has no methodology for its tier."""


def current_methodology(scope: Scope) -> Methodology:
    """The latest methodology version of the scope's category and tier."""
    found = Methodology.objects.current(scope.category, scope.tier)
    if found is None:
        raise NoMethodologyError(str(scope.category))
    return found


def _silent(percent: int) -> None:
    """No progress to show (a request computes while the user waits)."""


def compute_run(
    scope: Scope,
    stage: str,
    *,
    by: Any = None,
    progress: Callable[[int], None] = _silent,
) -> RankingRun:
    """Rank the scope by its current methodology and store the run; the run already
    stored for the same inputs (same hash) if there is one. `progress` hears the
    percentage done after each step (a background job shows it)."""
    methodology = freeze(current_methodology(scope))
    progress(20)
    inputs = build_inputs(scope, methodology)
    progress(60)
    ranking = engine.rank(
        inputs.methodology, inputs.candidates, stage=engine.Stage(stage)
    )
    progress(80)
    existing = _same_run(methodology, scope, stage, ranking.input_hash)
    if existing is not None:
        return existing
    run = RankingRun(
        edition=scope.edition,
        category=scope.category,
        province=scope.province,
        zone=scope.zone,
        tier=scope.tier,
        stage=stage,
        methodology=methodology,
        code_version=settings.CODE_VERSION,
        input_hash=ranking.input_hash,
        bundle=engine.export_bundle(inputs.methodology, inputs.candidates, ranking),
        explanations=explanations(ranking),
        sources=inputs.sources,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            run.save()
    except IntegrityError:
        # Computed at the same moment by another request: keep the first one.
        return RankingRun.objects.get(
            methodology=methodology,
            province=scope.province,
            zone=scope.zone,
            stage=stage,
            input_hash=ranking.input_hash,
        )
    return run


def _same_run(
    methodology: Methodology, scope: Scope, stage: str, input_hash: str
) -> RankingRun | None:
    return RankingRun.objects.filter(
        methodology=methodology,
        province=scope.province,
        zone=scope.zone,
        stage=stage,
        input_hash=input_hash,
    ).first()


def _figure(value: Any) -> str | None:
    return None if value is None else number(value)


def _rubric(result: engine.RubricResult | None) -> dict[str, Any]:
    """A rubric line's raw aggregate, the per-assessor normalised one beside it
    (present only when the methodology normalises, and then it is what counts)
    and the number of assessors; nothing for other lines."""
    if result is None:
        return {}
    counted = "raw" if result.adjusted is None else "adjusted"
    return {
        "rubric": {
            "raw": number(result.raw),
            "adjusted": _figure(result.adjusted),
            "assessors": result.assessors,
            "counted": counted,
        }
    }


def explanations(ranking: engine.Ranking) -> dict[str, dict[str, Any]]:
    """Each ranked candidate's explanation lines and formula, JSON-ready."""
    return {
        placed.key: {
            "formula": placed.formula,
            "lines": [
                {
                    "criterion": line.criterion,
                    "status": str(line.status),
                    "raw": _figure(line.raw),
                    "score": _figure(line.score),
                    "weight": number(line.weight),
                    "contribution": number(line.contribution),
                    "formula": line.formula,
                    "reasons": list(line.reasons),
                    **_rubric(line.rubric),
                }
                for line in placed.lines
            ],
        }
        for placed in ranking.ranked
    }


def run_scope(run: RankingRun) -> Scope:
    return Scope(run.edition, run.category, run.province, run.zone)


def previous_run(run: RankingRun) -> RankingRun | None:
    """The run computed before this one for the same scope and stage, if any."""
    return (
        RankingRun.objects.filter(
            category=run.category_id,
            province=run.province_id,
            zone=run.zone_id,
            stage=run.stage,
            pk__lt=run.pk,
        )
        .select_related("methodology")
        .order_by("-pk")
        .first()
    )


def stale_reasons(run: RankingRun) -> list[str]:
    """Why the run no longer reflects the portal: `methodology` when a newer version
    exists, `data` when the inputs built now differ from the run's (a report
    approved or changed, an item verified, a candidate added or removed). A newer
    record whose values equal the old ones changes no input: computing again would
    return this same run, so it is not stale. None: fresh."""
    scope = run_scope(run)
    reasons = []
    if current_methodology(scope).pk != run.methodology_id:
        reasons.append("methodology")
    inputs: Inputs = build_inputs(scope, run.methodology)
    now = engine.input_hash(
        inputs.methodology, inputs.candidates, engine.Stage(run.stage)
    )
    if now != run.input_hash:
        reasons.append("data")
    return reasons


def is_stale(run: RankingRun) -> bool:
    """Whether a newer approval, verification or methodology exists since the run."""
    return bool(stale_reasons(run))
