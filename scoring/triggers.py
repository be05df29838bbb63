"""What asks for rankings to be computed again, and which scopes each event touches.

An approved (or unapproved) coverage report or employer compliance record, a
dossier item verified (or no longer), a score sheet submitted or reopened, and a
methodology version saved each queue a debounced recompute job (`services.jobs`)
for the scopes whose inputs they may change: the provincial round of each affected
candidate's province and, for a candidate in the national stage, the national
ranking. Lower layers announce their events through
`review.signals.status_changed` and the verification step's `post_save`, a
methodology through its own `post_save` (so that every path that writes one
counts); `scoring.apps` connects them. Every handler runs after the event's transaction
commits, and a handler that fails is logged without undoing or failing the event.

Only rankings computed before are kept fresh: a scope and stage without a run waits
for its first computation by hand (the button). Computing freezes the methodology it
uses, so an automatic job must not freeze a version the admin is still drafting for
a category nobody has ranked yet. A score sheet changes only the final ranking;
anything else the desk and the final ranking.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from nominations.models import (
    Candidate,
    Category,
    EmployerCompliance,
    Stage,
    Verification,
    VerificationStep,
)
from participants.models import CoverageReport
from regions.models import Province
from scoring.adapter import NATIONAL_STATUSES, Scope
from scoring.models import Methodology, RankingRun, RecomputeJob, ScoreSheet
from scoring.services.jobs import request_recompute

Cause = RecomputeJob.Cause
DESK, FINAL = RankingRun.Stage.DESK, RankingRun.Stage.FINAL
# Workflow actions that change what a ranking reads (approved records only).
APPROVAL_ACTIONS = frozenset({"approve", "unapprove"})
ScopeIds = tuple[int, str | None]


def candidate_scopes(candidates: "QuerySet[Candidate]") -> set[ScopeIds]:
    """(category, province) of each candidate's round, and (category, None) for a
    candidate in the national stage (one query)."""
    scopes: set[ScopeIds] = set()
    rows = candidates.values_list("category_id", "province_id", "status").distinct()
    for category, province, status in rows:
        scopes.add((category, province))
        if status in NATIONAL_STATUSES:
            scopes.add((category, None))
    return scopes


def request_for(scopes: Iterable[ScopeIds], cause: str) -> list[RecomputeJob]:
    """Queue a debounced job per scope and stage that the cause changes and that
    has been computed before; returns the jobs."""
    wanted = set(scopes)
    computed = _computed(wanted)
    jobs = []
    for category_id, province_id in sorted(wanted, key=str):
        due = stages(computed.get((category_id, province_id), set()), cause)
        if due:
            scope = _scope(category_id, province_id)
            jobs += [request_recompute(scope, stage, cause=cause) for stage in due]
    return jobs


def _computed(scopes: set[ScopeIds]) -> dict[ScopeIds, set[str]]:
    """The stages with a run, per scope (one query)."""
    found: dict[ScopeIds, set[str]] = defaultdict(set)
    if scopes:
        runs = RankingRun.objects.filter(category__in={c for c, _ in scopes})
        rows = runs.values_list("category_id", "province_id", "stage").distinct()
        for category, province, stage in rows:
            found[(category, province)].add(stage)
    return found


def _scope(category_id: int, province_id: str | None) -> Scope:
    category = Category.objects.select_related("edition").get(pk=category_id)
    province = Province.objects.get(pk=province_id) if province_id else None
    return Scope(category.edition, category, province)


def stages(computed: set[str], cause: str) -> list[str]:
    """The stages the cause may change (a sheet only the final ranking), among
    those computed before."""
    affected = [FINAL] if cause == Cause.SHEET else [DESK, FINAL]
    return [stage for stage in affected if stage in computed]


def report_changed(report: CoverageReport) -> list[RecomputeJob]:
    """A report counts for the candidates of its region in the editions assessing
    its year, and for growth in the editions assessing the year after."""
    candidates = Candidate.objects.filter(
        edition__assessment_year__in=(report.year, report.year + 1)
    )
    if report.regency_id:
        candidates = candidates.filter(regency_id=report.regency_id)
    else:
        candidates = candidates.filter(
            province_id=report.province_id, regency=None, employer=None
        )
    return request_for(candidate_scopes(candidates), Cause.REPORT)


def compliance_changed(record: EmployerCompliance) -> list[RecomputeJob]:
    """A compliance record counts for its employer's candidacies assessing its year."""
    candidates = Candidate.objects.filter(
        employer_id=record.employer_id, edition__assessment_year=record.year
    )
    return request_for(candidate_scopes(candidates), Cause.COMPLIANCE)


def verification_changed(step: VerificationStep) -> list[RecomputeJob]:
    """A verdict that makes an item count or stop counting touches its candidate."""
    if Verification.VERIFIED not in (step.from_status, step.to_status):
        return []
    item: Any = step.regulation or step.innovation
    candidates = Candidate.objects.filter(pk=item.candidate_id)
    return request_for(candidate_scopes(candidates), Cause.VERIFICATION)


def sheet_changed(sheet: ScoreSheet) -> list[RecomputeJob]:
    """A submitted or reopened sheet touches its panel's ranking of the candidate."""
    round_ = sheet.member.panel.round
    province = round_.province_id if round_ is not None else None
    return request_for({(sheet.candidate.category_id, province)}, Cause.SHEET)


def methodology_changed(methodology: Methodology) -> list[RecomputeJob]:
    """A new or edited version touches every scope of its category and tier."""
    candidates = Candidate.objects.filter(category_id=methodology.category_id)
    scopes = candidate_scopes(candidates)
    national = methodology.tier == Stage.Tier.NATIONAL
    chosen = {s for s in scopes if (s[1] is None) == national}
    return request_for(chosen, Cause.METHODOLOGY)


def after_commit(handler: Any, subject: Any) -> None:
    """Run the handler once the current transaction commits; a failure is logged
    and never undoes or fails the event itself."""
    transaction.on_commit(lambda: handler(subject), robust=True)


def on_status_changed(sender: Any, record: Any, action: str, **kwargs: Any) -> None:
    """`review.signals.status_changed`, sent inside the step's transaction: an
    approval or unapproval is handled once it commits."""
    if action not in APPROVAL_ACTIONS:
        return
    if isinstance(record, CoverageReport):
        after_commit(report_changed, record)
    elif isinstance(record, EmployerCompliance):
        after_commit(compliance_changed, record)


def on_verification_step(
    sender: Any, instance: VerificationStep, created: bool, **kwargs: Any
) -> None:
    """`post_save` of a verification step: handled once its transaction commits."""
    if created:
        after_commit(verification_changed, instance)


def on_methodology_saved(
    sender: Any, instance: Methodology, update_fields: Any = None, **kwargs: Any
) -> None:
    """`post_save` of a methodology version, written or edited by any path (the
    editor, a JSON import, the admin): handled once its transaction commits, when
    its whole tree is written. Freezing it for a run changes nothing it computes."""
    if update_fields is not None and set(update_fields) <= {"frozen_at"}:
        return
    after_commit(methodology_changed, instance)
