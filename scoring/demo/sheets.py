"""Demonstration score sheets: every member of Jambi's Tim 9 scores every
shortlisted candidate they may score (not the union member's own Kota Jambi) and
submits, through the sheet services as the members would. The APINDO member scored
on paper: the secretary keys those sheets in on their behalf.

The levels are not chosen per candidate. The interview confirms the dossier: a
candidate's expected level is one above the level of its highest verified
regulation (a Perda 5, a Perbup 4, a circular 3, none 1), and each member departs
from it by −1, 0 or +1, drawn from a random source seeded with a fixed text, the
candidate's region, the member and the criterion — the same on every database."""

from random import Random

from django.db import transaction

from nominations.demo import PROVINCE, YEAR
from nominations.models import Candidate, Regulation, Verification
from review.models import AuditEntry
from scoring.engine.indicators import DEFAULT_REGULATION_SCALE
from scoring.models import Criterion, Panel, PanelMember, ScoreSheet
from scoring.rules import member_scores
from scoring.selectors import panel_candidates
from scoring.services.sheets import (
    open_sheet,
    rubric_criteria,
    save_sheet,
    submit_sheet,
)

SEED = "paritrana-demo"
KEYED_IN = "tim9.apindo"  # scored on paper; the secretary keys the sheets in
SPREAD = (-1, 0, 0, 0, 1)


def create_demo_sheets() -> int:
    """Score and submit the demo Tim 9's sheets once; return the number submitted
    (none when the panel has sheets already or is missing)."""
    panel = Panel.objects.filter(
        round__edition__award_year=YEAR, round__province=PROVINCE
    ).first()
    if panel is None or ScoreSheet.objects.filter(member__panel=panel).exists():
        return 0
    members = list(panel.members.select_related("user", "panel__round"))
    secretary = next(m.user for m in members if m.role == PanelMember.Role.SECRETARY)
    submitted = 0
    with transaction.atomic():
        for candidate in panel_candidates(panel).order_by("pk"):
            expected = expected_level(candidate)
            for member in members:
                if member_scores(member, candidate):
                    by = secretary if member.user.username == KEYED_IN else member.user
                    _score(member, candidate, expected, by=by)
                    submitted += 1
    return submitted


def expected_level(candidate: Candidate) -> int:
    """One above the level of the candidate's highest verified regulation."""
    kinds = Regulation.objects.filter(
        candidate=candidate, verification=Verification.VERIFIED
    ).values_list("kind", flat=True)
    return 1 + max((DEFAULT_REGULATION_SCALE.get(kind, 0) for kind in kinds), default=0)


def _score(
    member: PanelMember, candidate: Candidate, expected: int, *, by: object
) -> None:
    """Open, fill in and submit the member's sheet for the candidate."""
    sheet = open_sheet(member, candidate, by=by)
    levels: dict[int, int | None] = {
        criterion.pk: _level_id(criterion, member, candidate, expected)
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


def _level_id(
    criterion: Criterion, member: PanelMember, candidate: Candidate, expected: int
) -> int:
    """The id of the criterion's level the member gives: the expected score moved
    by a seeded draw, kept within the criterion's levels."""
    rng = Random(
        f"{SEED}:{candidate.regency_id}:{member.user.username}:{criterion.code}"
    )
    levels = sorted(criterion.levels.all(), key=lambda level: level.score)
    wanted = expected + rng.choice(SPREAD)
    return min(levels, key=lambda level: (abs(level.score - wanted), level.score)).pk
