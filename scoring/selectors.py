"""Reads over panels, members and candidates: which candidates a member scores
(conflicted ones left out, with the reason), and a panel's conflict matrix. Each
runs a fixed number of queries whatever the number of candidates."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When

from nominations.models import Candidate, Interview
from nominations.transitions import ADVANCED_STATUSES
from scoring.conflicts import CONFLICTS, Exclusion, auto_conflict, exclusion
from scoring.models import Assignment, Declaration, Panel, PanelMember, ScoreSheet

S = Candidate.Status
#: A provincial panel scores its round's candidates from the shortlist on.
SHORTLISTED_OR_FURTHER = frozenset(
    {
        S.SHORTLISTED,
        S.INTERVIEWED,
        S.NOT_SELECTED,
        S.PROVINCIAL_WINNER,
        *ADVANCED_STATUSES,
    }
)
SUBJECT = ("category", "province", "regency", "village", "employer")
#: The chair first, then the secretary, then the members.
ROLE_ORDER = Case(
    When(role=PanelMember.Role.CHAIR, then=Value(0)),
    When(role=PanelMember.Role.SECRETARY, then=Value(1)),
    default=Value(2),
)


def panel_candidates(panel: Panel) -> QuerySet[Candidate]:
    """The candidates a panel scores: its round's shortlisted (or further) ones,
    or for the national jury every candidate advanced to the national round."""
    if panel.round_id:
        return Candidate.objects.filter(
            edition_id=panel.edition_id,
            province_id=panel.province_id,
            status__in=SHORTLISTED_OR_FURTHER,
        )
    return Candidate.objects.filter(
        edition_id=panel.edition_id, status__in=ADVANCED_STATUSES
    )


@dataclass(frozen=True)
class CandidateRow:
    """A candidate of the member's panel and why the member does not score it
    (None when they do)."""

    candidate: Candidate
    exclusion: Exclusion | None


def candidate_rows(member: PanelMember) -> list[CandidateRow]:
    """Every candidate of the member's panel with the reason it is excluded from
    the member's list, in one query (the member's panel and round loaded)."""
    panel = member.panel
    candidates = (
        panel_candidates(panel)
        .select_related(*SUBJECT)
        .annotate(
            is_declared=Exists(
                Declaration.objects.filter(member=member, candidate=OuterRef("pk"))
            ),
            is_assigned=Exists(
                Assignment.objects.filter(member=member, candidate=OuterRef("pk"))
            ),
            has_subset=Exists(Assignment.objects.filter(member=member)),
        )
        .order_by("category__position", "category_id", "regency_id", "pk")
    )
    return [
        CandidateRow(
            candidate,
            exclusion(
                member,
                candidate,
                tier=panel.tier,
                declared=candidate.is_declared,
                assigned=(candidate.is_assigned or not candidate.has_subset),
            ),
        )
        for candidate in candidates
    ]


def candidates_for_member(member: PanelMember) -> list[Candidate]:
    """The candidates the member sees and scores: assigned to them (or all of the
    panel's) and without a conflict, in one query."""
    return [row.candidate for row in candidate_rows(member) if row.exclusion is None]


def seats(
    user: Any, candidate: Candidate
) -> list[tuple[PanelMember, Exclusion | None]]:
    """The user's seats on the panels scoring the candidate, each with the reason
    the candidate is excluded for that seat, in one query."""
    if not user.is_authenticated:
        return []
    panels = Q(pk__in=[])
    if candidate.status in SHORTLISTED_OR_FURTHER:
        panels |= Q(
            panel__round__edition_id=candidate.edition_id,
            panel__round__province_id=candidate.province_id,
        )
    if candidate.status in ADVANCED_STATUSES:
        panels |= Q(panel__edition_id=candidate.edition_id, panel__round__isnull=True)
    members = (
        PanelMember.objects.filter(panels, user=user)
        .select_related("panel__round")
        .annotate(
            is_declared=Exists(
                Declaration.objects.filter(member=OuterRef("pk"), candidate=candidate)
            ),
            is_assigned=Exists(
                Assignment.objects.filter(member=OuterRef("pk"), candidate=candidate)
            ),
            has_subset=Exists(Assignment.objects.filter(member=OuterRef("pk"))),
        )
    )
    return [
        (
            member,
            exclusion(
                member,
                candidate,
                tier=member.panel.tier,
                declared=member.is_declared,
                assigned=member.is_assigned or not member.has_subset,
            ),
        )
        for member in members
    ]


@dataclass(frozen=True)
class Cell:
    """One member × candidate of the matrix: the conflict found from the
    affiliation, the declaration, whether the secretary assigned it explicitly,
    and the resulting exclusion."""

    auto: Exclusion | None
    declaration: Declaration | None
    is_assigned: bool
    exclusion: Exclusion | None
    candidate_id: int


@dataclass
class ConflictMatrix:
    """A panel's members × candidates; `cells[(member id, candidate id)]`."""

    members: list[PanelMember]
    candidates: list[Candidate]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)

    def row(self, member: PanelMember) -> list[Cell]:
        """The member's cells in candidate order."""
        return [self.cells[(member.pk, c.pk)] for c in self.candidates]

    @property
    def rows(self) -> list[tuple[PanelMember, list[Cell]]]:
        """Every member with their cells, for the page."""
        return [(member, self.row(member)) for member in self.members]


def conflicts(panel: Panel) -> ConflictMatrix:
    """The panel's conflict matrix in four queries: members, candidates,
    declarations and assignments."""
    members = list(
        panel.members.select_related("user", "regency", "employer").order_by(
            ROLE_ORDER, "user__first_name", "user__username"
        )
    )
    candidates = list(
        panel_candidates(panel)
        .select_related(*SUBJECT)
        .order_by("category__position", "category_id", "regency_id", "pk")
    )
    declared = {
        (d.member_id, d.candidate_id): d
        for d in Declaration.objects.filter(member__panel=panel).select_related(
            "declared_by"
        )
    }
    assigned = set(
        Assignment.objects.filter(member__panel=panel).values_list(
            "member_id", "candidate_id"
        )
    )
    with_subset = {member_id for member_id, _ in assigned}
    matrix = ConflictMatrix(members, candidates)
    for member in members:
        for candidate in candidates:
            key = (member.pk, candidate.pk)
            matrix.cells[key] = Cell(
                auto=auto_conflict(member, candidate, tier=panel.tier),
                declaration=declared.get(key),
                is_assigned=key in assigned,
                exclusion=exclusion(
                    member,
                    candidate,
                    tier=panel.tier,
                    declared=key in declared,
                    assigned=key in assigned or member.pk not in with_subset,
                ),
                candidate_id=candidate.pk,
            )
    return matrix


@dataclass(frozen=True)
class WorkRow:
    """A candidate on an assessor's worklist: the interview (if scheduled) and
    the assessor's sheet (None before it is opened)."""

    candidate: Candidate
    interview: Interview | None
    sheet: ScoreSheet | None


@dataclass(frozen=True)
class WorkPanel:
    """One seat of the assessor's, with the candidates it gives them."""

    member: PanelMember
    rows: list[WorkRow]


def worklist(user: Any) -> list[WorkPanel]:
    """The assessor's candidates per panel, with interview times and the state of
    each sheet: three queries and one per seat, whatever the number of
    candidates. As the rule `scoring.score_candidate` says, a conflict is the
    person's: one found or declared on any seat takes the candidate off every
    seat's list."""
    members = list(
        PanelMember.objects.filter(user=user)
        .select_related("panel__edition", "panel__round__province")
        .order_by("-panel__edition__award_year", "panel__round__province_id", "pk")
    )
    rows = [(member, candidate_rows(member)) for member in members]
    conflicted = {
        row.candidate.pk
        for _member, seat_rows in rows
        for row in seat_rows
        if row.exclusion in CONFLICTS
    }
    found = [
        (
            member,
            [
                row.candidate
                for row in seat_rows
                if row.exclusion is None and row.candidate.pk not in conflicted
            ],
        )
        for member, seat_rows in rows
    ]
    ids = {candidate.pk for _, candidates in found for candidate in candidates}
    interviews = {
        i.candidate_id: i
        for i in Interview.objects.filter(candidate_id__in=ids).select_related("slot")
    }
    sheets = {
        (s.member_id, s.candidate_id): s
        for s in ScoreSheet.objects.filter(member__user=user, candidate_id__in=ids)
    }
    return [
        WorkPanel(
            member,
            [
                WorkRow(c, interviews.get(c.pk), sheets.get((member.pk, c.pk)))
                for c in candidates
            ],
        )
        for member, candidates in found
    ]
