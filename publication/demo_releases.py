"""Demonstration releases: the demo edition's kab/kota category run to published
results, so that `make run` shows a living public site.

Every province's round is run as its committee would: the kab/kota added, the first
three of the desk ranking with approved data shortlisted and interviewed, scored by
a small Tim 9 of three made-up assessors, ranked, juara 1–3 decided from the final
run and the run published. Jambi keeps the
round, panel and runs of the scoring demo, published as they are. The juara 1 of
each province then advances; a national jury of three scores them, the national
final run names six finalists and the three national winners, and it is published.

Everything goes through the services and every release is marked as demo data.
Levels are drawn from `random.Random` seeded with a fixed text and the region, so
every database gets the same results. The assessors made here have no password:
they are not demo log-ins."""

from collections.abc import Iterable
from random import Random
from typing import Any

from django.db import transaction

from accounts.models import User
from nominations.demo import PROVINCE, YEAR
from nominations.models import Candidate, Category, SubjectType
from nominations.services import candidates, editions
from publication.models import Release
from publication.services.releases import publish
from regions.models import Province
from review.models import AuditEntry
from scoring.adapter import Scope
from scoring.models import Criterion, Decision, Panel, PanelMember, RankingRun
from scoring.selectors import panel_candidates
from scoring.services.decisions import computed_order, decide, places_for
from scoring.services.panels import add_member, create_panel
from scoring.services.runs import compute_run
from scoring.services.sheets import (
    open_sheet,
    rubric_criteria,
    save_sheet,
    submit_sheet,
)

SEED = "paritrana-demo-releases"
SHORTLIST = 3
ADVANCING = 1  # juara 1 of each province goes on to the national round
FINALISTS = 6
SPREAD = (-1, 0, 0, 0, 1)
Role = PanelMember.Role
SEATS = (
    ("ketua", Role.CHAIR),
    ("sekretaris", Role.SECRETARY),
    ("anggota", Role.MEMBER),
)
Outcome = Decision.Outcome
# The reason given when shared ranks leave the computed order open.
TIE_REASON = "Peringkat sama; urutan mengikuti daftar peringkat (data demo)."


def changelog(province: Province | None) -> str:
    """The changelog entry of a demo release."""
    if province is None:
        return "Hasil babak nasional (data demo)"
    return f"Hasil babak provinsi {province.name} (data demo)"


def create_demo_releases() -> list[Release]:
    """Publish the demo kab/kota results of every province and then the national
    ones, each scope once; return the releases created (none on a second run or
    without the demo edition)."""
    category = (
        Category.objects.filter(
            edition__award_year=YEAR, subject_type=SubjectType.KAB_KOTA
        )
        .select_related("edition")
        .first()
    )
    admin = User.objects.filter(role=User.Role.ADMIN_NASIONAL).order_by("pk").first()
    if category is None or admin is None:
        return []
    made = [_publish_jambi(category)]
    provinces = Province.objects.active().exclude(code=PROVINCE).order_by("code")
    for province in provinces:
        if not Release.objects.in_scope(category, province).exists():
            made.append(_provincial(category, province, admin))
    made.append(_national(category, admin))
    return [release for release in made if release is not None]


def _publish_jambi(category: Category) -> Release | None:
    """Jambi's final run from the scoring demo, its juara decided and published
    by its committee, as it is."""
    run = (
        RankingRun.objects.filter(
            category=category, province=PROVINCE, stage=RankingRun.Stage.FINAL
        )
        .order_by("-pk")
        .first()
    )
    committee = User.objects.filter(
        role=User.Role.PANITIA_PROVINSI, province=PROVINCE
    ).first()
    if run is None or committee is None:
        return None
    if Release.objects.in_scope(category, PROVINCE).exists():
        return None
    with transaction.atomic():
        ranked = Candidate.objects.filter(pk__in=[int(e["key"]) for e in run.ranked])
        _interview(ranked.filter(status=Candidate.Status.SHORTLISTED), committee)
        return _decide_and_publish(run, committee, run.province)


def _provincial(category: Category, province: Province, admin: User) -> Release | None:
    """A province's kab/kota round, run from the start to its first release
    (None when no kab/kota has the data to be shortlisted). The sheets are
    committed before the final ranking is computed, as in a real round: a sheet
    submitted after a final run would queue a recompute job."""
    scope = Scope(category.edition, category, province)
    panels = Panel.objects.filter(
        round__edition=scope.edition, round__province=province
    )
    if not panels.exists() and not _prepare_round(scope, province, admin):
        return None
    with transaction.atomic():
        run = compute_run(scope, RankingRun.Stage.FINAL, by=admin)
        return _decide_and_publish(run, admin, province)


@transaction.atomic
def _prepare_round(scope: Scope, province: Province, admin: User) -> bool:
    """The round at the interview stage: every kab/kota added, the first three of
    the desk ranking shortlisted and interviewed, Tim 9 seated and its sheets
    submitted; False when the desk ranking ranks nobody."""
    edition = scope.edition
    round_ = editions.start_round(edition, province, by=admin)
    editions.set_round_status(round_, "interview", by=admin)
    candidates.add_candidates(scope.category, province, by=admin)
    desk = compute_run(scope, RankingRun.Stage.DESK, by=admin)
    shortlist = _shortlist(desk)
    if not shortlist:
        return False
    for candidate in shortlist:
        shortlisted = candidates.take_action(candidate, "shortlist", by=admin)
        candidates.take_action(shortlisted, "mark_interviewed", by=admin)
    panel = create_panel(edition, round=round_, by=admin)
    _seat(panel, f"tim9.{province.code}", f"Tim 9 {province.name}", by=admin)
    _score(panel)
    return True


def _shortlist(desk: RankingRun) -> list[Candidate]:
    """The first three of the desk ranking whose data is approved."""
    found = Candidate.objects.in_bulk([int(entry["key"]) for entry in desk.ranked])
    ranked = [found[int(entry["key"])] for entry in desk.ranked]
    return [c for c in ranked if candidates.has_approved_data(c)][:SHORTLIST]


def _interview(shortlisted: Iterable[Candidate], by: Any) -> None:
    for candidate in shortlisted:
        candidates.take_action(candidate, "mark_interviewed", by=by)


def _decide_and_publish(run: RankingRun, by: Any, province: Province | None) -> Release:
    """Juara 1–3 decided in the computed order (unless decided already), then the
    run published as the province's demo release."""
    if not Decision.objects.filter(run=run).exists():
        _decide(
            run,
            Outcome.PROVINCIAL_WINNER,
            places_for(run, Outcome.PROVINCIAL_WINNER),
            by,
        )
    return publish(run, by=by, changelog=changelog(province), demo=True)


def _decide(run: RankingRun, outcome: str, size: int, by: Any) -> None:
    """Give the outcome to the first `size` ranked, with a reason when shared
    ranks leave the order open."""
    order = [entry["key"] for entry in run.ranked[:size]]
    if not order:
        return
    reason = "" if computed_order(run, outcome, size) == order else TIE_REASON
    decide(run, outcome, order, by=by, reason=reason)


def _national(category: Category, admin: User) -> Release | None:
    """The national round: juara 1 of every province advanced and scored by the
    national jury (committed first, as for a province), then the national final
    run computed, finalists and winners decided and the run published."""
    if Release.objects.in_scope(category, None).exists():
        return None
    edition = category.edition
    if not Panel.objects.filter(edition=edition, round=None).exists():
        with transaction.atomic():
            if not _advance(category, admin):
                return None
            jury = create_panel(edition, by=admin)
            _seat(jury, "juri.nasional", "Dewan Juri Nasional", by=admin)
            _score(jury)
    with transaction.atomic():
        run = compute_run(Scope(edition, category), RankingRun.Stage.FINAL, by=admin)
        finalists = min(FINALISTS, len(run.ranked))
        _decide(run, Outcome.NATIONAL_FINALIST, finalists, admin)
        winners = places_for(run, Outcome.NATIONAL_WINNER)
        _decide(run, Outcome.NATIONAL_WINNER, winners, admin)
        return publish(run, by=admin, changelog=changelog(None), demo=True)


def _advance(category: Category, admin: User) -> int:
    """Advance juara 1 of every province; return how many advanced."""
    winners = Candidate.objects.filter(
        category=category,
        status=Candidate.Status.PROVINCIAL_WINNER,
        provincial_rank__lte=ADVANCING,
    ).order_by("province_id")
    for winner in winners:
        candidates.take_action(winner, "advance", by=admin)
    return len(winners)


def _seat(panel: Panel, prefix: str, body: str, *, by: Any) -> None:
    """Three made-up assessors on the panel: chair, secretary and a member."""
    for seat, role in SEATS:
        user = User.objects.filter(username=f"{prefix}.{seat}").first()
        if user is None:
            user = User(
                username=f"{prefix}.{seat}",
                first_name=f"{seat.capitalize()} {body}",
                last_name="(demo)",
                email=f"{prefix}.{seat}@paritrana.local",
                role=User.Role.PENILAI,
            )
            user.set_unusable_password()
            user.save()
        add_member(panel, user, by=by, role=role, organisation=f"{body} (demo)")


def _score(panel: Panel) -> None:
    """Every member scores and submits every candidate of the panel."""
    members = list(panel.members.select_related("user", "panel__round"))
    for candidate in panel_candidates(panel).order_by("pk"):
        expected = Random(f"{SEED}:{candidate.regency_id}").randint(2, 4)
        for member in members:  # made-up members: no affiliation, no conflict
            _sheet(member, candidate, expected)


def _sheet(member: PanelMember, candidate: Candidate, expected: int) -> None:
    """Open, fill in and submit the member's sheet, as the member."""
    by = member.user
    sheet = open_sheet(member, candidate, by=by)
    rng = Random(f"{SEED}:{candidate.regency_id}:{by.username}")
    levels: dict[int, int | None] = {
        criterion.pk: _level_id(criterion, expected + rng.choice(SPREAD))
        for criterion in rubric_criteria(sheet)
    }
    save_sheet(
        sheet,
        levels=levels,
        by=by,
        expected_version=sheet.version,
        source=AuditEntry.Source.SYSTEM,
    )
    submit_sheet(sheet, by=by, expected_version=sheet.version)


def _level_id(criterion: Criterion, wanted: int) -> int:
    """The id of the criterion's level nearest the wanted score."""
    levels = list(criterion.levels.all())
    return min(levels, key=lambda level: (abs(level.score - wanted), level.score)).pk
