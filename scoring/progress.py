"""A panel's scoring progress: every member × candidate with the state of its
score sheet, counts per member and per candidate, and what is still missing.
The secretary follows it during the interviews and closes scoring from it; the
closing service refuses while `missing` is not empty. Seven queries, whatever
the number of members and candidates."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from nominations.models import Candidate
from nominations.transitions import ADVANCED_STATUSES
from review.models import ReviewStatus
from scoring.conflicts import auto_conflict
from scoring.models import Declaration, Panel, PanelMember, ScoreSheet
from scoring.selectors import SHORTLISTED_OR_FURTHER, Cell, conflicts


class SheetState(models.TextChoices):
    """What a cell of the progress matrix shows."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REOPENED = "reopened", _("Reopened")
    CONFLICT = "conflict", _("Conflict")
    NOT_ASSIGNED = "not_assigned", _("Not assigned")


#: The states of a sheet the panel needs; the others need none.
REQUIRED = frozenset(
    {
        SheetState.NOT_STARTED,
        SheetState.DRAFT,
        SheetState.SUBMITTED,
        SheetState.REOPENED,
    }
)
BY_STATUS: dict[str, SheetState] = {
    ReviewStatus.DRAFT: SheetState.DRAFT,
    ReviewStatus.SUBMITTED: SheetState.SUBMITTED,
    ReviewStatus.RETURNED: SheetState.REOPENED,
}


@dataclass(frozen=True)
class ProgressCell:
    """One member × candidate: the state, the sheet (None before it is opened)
    and, for a conflict, its reason in words."""

    member: PanelMember
    candidate: Candidate
    state: SheetState
    sheet: ScoreSheet | None = None
    reason: str = ""

    @property
    def is_required(self) -> bool:
        return self.state in REQUIRED

    @property
    def is_missing(self) -> bool:
        """A sheet the panel needs that is not submitted (yet, or again)."""
        return self.is_required and self.state != SheetState.SUBMITTED


@dataclass(frozen=True)
class Tally:
    """Submitted sheets out of those required."""

    submitted: int
    required: int

    @classmethod
    def of(cls, cells: Iterable[ProgressCell]) -> "Tally":
        needed = [c for c in cells if c.is_required]
        done = sum(1 for c in needed if c.state == SheetState.SUBMITTED)
        return cls(done, len(needed))

    @property
    def percent(self) -> int:
        """Whole percent submitted; 100 when nothing is required."""
        if not self.required:
            return 100
        return self.submitted * 100 // self.required

    @property
    def is_complete(self) -> bool:
        return self.submitted == self.required


@dataclass
class Progress:
    """A panel's matrix; `rows` per member, `columns` per candidate."""

    panel: Panel
    members: list[PanelMember]
    candidates: list[Candidate]
    cells: dict[tuple[int, int], ProgressCell] = field(default_factory=dict)

    def row(self, member: PanelMember) -> list[ProgressCell]:
        return [self.cells[(member.pk, c.pk)] for c in self.candidates]

    @property
    def rows(self) -> list[tuple[PanelMember, list[ProgressCell], Tally]]:
        """Each member with their cells in candidate order and their tally."""
        rows = [(m, self.row(m)) for m in self.members]
        return [(m, cells, Tally.of(cells)) for m, cells in rows]

    @property
    def columns(self) -> list[tuple[Candidate, Tally]]:
        """Each candidate with the tally of its sheets over the members."""
        return [
            (c, Tally.of(self.cells[(m.pk, c.pk)] for m in self.members))
            for c in self.candidates
        ]

    @property
    def total(self) -> Tally:
        return Tally.of(self.cells.values())

    @property
    def missing(self) -> list[ProgressCell]:
        """The sheets still missing, member by member in candidate order."""
        return [cell for m in self.members for cell in self.row(m) if cell.is_missing]

    @property
    def missing_by_member(self) -> list[tuple[PanelMember, list[ProgressCell]]]:
        """Each member who still owes sheets, with those sheets."""
        rows = [(m, [c for c in self.row(m) if c.is_missing]) for m in self.members]
        return [(m, cells) for m, cells in rows if cells]


def progress(panel: Panel) -> Progress:
    """The panel's progress matrix in seven queries: the conflict matrix's four,
    the sheets, and the members' other seats with their declarations (a conflict
    is the person's, whichever seat it was found or declared on)."""
    matrix = conflicts(panel)
    sheets = {
        (s.member_id, s.candidate_id): s
        for s in ScoreSheet.objects.filter(member__panel=panel)
    }
    elsewhere = conflicts_elsewhere(panel, matrix.members, matrix.candidates)
    result = Progress(panel, matrix.members, matrix.candidates)
    for member in matrix.members:
        for candidate, cell in zip(matrix.candidates, matrix.row(member), strict=True):
            key = (member.pk, candidate.pk)
            result.cells[key] = _cell(
                member,
                candidate,
                cell,
                sheets.get(key),
                elsewhere.get((member.user_id, candidate.pk), ""),
            )
    return result


def _cell(
    member: PanelMember,
    candidate: Candidate,
    cell: Cell,
    sheet: ScoreSheet | None,
    elsewhere: str,
) -> ProgressCell:
    if cell.declaration is not None and cell.auto is None:
        reason = str(_("Declared: %(reason)s") % {"reason": cell.declaration.reason})
        return ProgressCell(member, candidate, SheetState.CONFLICT, reason=reason)
    if cell.auto is not None:
        return ProgressCell(
            member, candidate, SheetState.CONFLICT, reason=str(cell.auto.label)
        )
    if elsewhere:
        return ProgressCell(member, candidate, SheetState.CONFLICT, reason=elsewhere)
    if cell.exclusion is not None:
        return ProgressCell(member, candidate, SheetState.NOT_ASSIGNED)
    if sheet is None:
        return ProgressCell(member, candidate, SheetState.NOT_STARTED)
    sheet.member = member  # loaded already, with its user
    return ProgressCell(member, candidate, BY_STATUS[sheet.status], sheet=sheet)


def conflicts_elsewhere(
    panel: Panel, members: list[PanelMember], candidates: list[Candidate]
) -> dict[tuple[int, int], str]:
    """(user id, candidate id) → the reason, for conflicts the panel's members
    have with its candidates on another seat of the edition (e.g. on the national
    jury), in two queries."""
    others = list(
        PanelMember.objects.filter(
            user_id__in={m.user_id for m in members}, panel__edition_id=panel.edition_id
        )
        .exclude(panel=panel)
        .select_related(
            "panel__edition", "panel__round__province", "panel__round__edition"
        )
    )
    if not others:
        return {}
    declared = set(
        Declaration.objects.filter(
            member__in=others, candidate_id__in=[c.pk for c in candidates]
        ).values_list("member_id", "candidate_id")
    )
    found: dict[tuple[int, int], str] = {}
    for seat in others:
        for candidate in candidates:
            if not _scores(seat.panel, candidate):
                continue
            auto = auto_conflict(seat, candidate, tier=seat.panel.tier)
            if auto is None and (seat.pk, candidate.pk) not in declared:
                continue
            label = auto.label if auto else _("Declared conflict")
            found[(seat.user_id, candidate.pk)] = str(
                _("%(conflict)s, on %(panel)s")
                % {"conflict": label, "panel": seat.panel}
            )
    return found


def _scores(panel: Panel, candidate: Candidate) -> bool:
    """Whether the panel scores the candidate (as `selectors.panel_candidates`)."""
    if panel.round_id:
        return (
            candidate.status in SHORTLISTED_OR_FURTHER
            and candidate.province_id == panel.province_id
        )
    return candidate.status in ADVANCED_STATUSES
