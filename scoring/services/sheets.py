"""Score sheets: opening one for a member × candidate, saving drafts through the
kernel's one save (`review.saving.save_record`: locked, versioned, audited),
submitting a complete sheet (which locks it) and reopening it with a reason."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import Candidate
from review import notices
from review.findings import Finding
from review.models import AuditEntry, StatusChange
from review.refusals import ReviewError
from review.saving import Edit, save_record
from review.workflow import InvalidRecordError, check_version, lock
from scoring.models import Criterion, Methodology, PanelMember, ScoreSheet, SheetScore
from scoring.models.sheets import NOTE_MAX_LENGTH
from scoring.rules import member_scores
from scoring.transitions import SHEET
from scoring.triggers import after_commit, sheet_changed

SCORING_CLOSED = gettext_lazy(
    "Scoring of this panel is closed: score sheets can no longer be saved, "
    "submitted, keyed in or reopened."
)
#: A level path's suffix and a note's, after the criterion's code.
LEVEL, NOTE = "level", "note"


def rubric_criteria(sheet: ScoreSheet) -> list[Criterion]:
    """The rubric criteria of the candidate's current methodology at the panel's
    tier, with their levels (empty when there is no methodology)."""
    methodology = Methodology.objects.current(
        sheet.candidate.category, sheet.member.panel.tier
    )
    if methodology is None:
        return []
    return list(
        Criterion.objects.filter(
            aspect__methodology=methodology, source=Criterion.Source.RUBRIC
        )
        .select_related("aspect")
        .prefetch_related("levels")
        .order_by("aspect__position", "aspect_id", "position", "pk")
    )


def open_sheet(member: PanelMember, candidate: Candidate, *, by: Any) -> ScoreSheet:
    """The member's sheet for the candidate, created as a draft the first time."""
    own = by.pk == member.user_id and by.has_perm("scoring.score_candidate", candidate)
    if not (own or by.has_perm("scoring.enter_sheet_for", member)):
        raise PermissionDenied(_("You may not score this candidate."))
    if not member_scores(member, candidate):
        raise ReviewError(_("This member does not score this candidate."))
    # get_or_create reads again when a parallel request created it first.
    sheet, _created = ScoreSheet.objects.get_or_create(
        member=member, candidate=candidate, defaults={"updated_by": by}
    )
    return sheet


class SheetEdit(Edit[ScoreSheet]):
    """A sheet's values: "<criterion code>:level" (the level's score) and
    "<criterion code>:note" for every rubric criterion."""

    permission = "scoring.change_sheet"

    def __init__(
        self, levels: dict[int, int | None], notes: dict[int, str], *, by: Any
    ) -> None:
        self.levels = levels
        self.notes = notes
        self.by = by
        self.criteria: list[Criterion] = []
        self.findings: list[Finding] = []

    def old(self, record: ScoreSheet) -> dict[str, Any]:
        self.criteria = rubric_criteria(record)
        stored = {s.criterion_id: s for s in record.scores.select_related("level")}
        values: dict[str, Any] = {}
        for criterion in self.criteria:
            score = stored.get(criterion.pk)
            level = score.level if score else None
            values[f"{criterion.code}:{LEVEL}"] = level.score if level else None
            values[f"{criterion.code}:{NOTE}"] = (score.note if score else "") or None
        return values

    def new(self, record: ScoreSheet) -> dict[str, Any]:
        values = self.old(record)
        known = {c.pk: c for c in self.criteria}
        for criterion_id in set(self.levels) | set(self.notes):
            if criterion_id not in known:
                self.findings.append(
                    Finding("", "unknown_criterion", _("Unknown criterion."))
                )
        for criterion in self.criteria:
            if criterion.pk in self.levels:
                values[f"{criterion.code}:{LEVEL}"] = self._score(criterion)
            if criterion.pk in self.notes:
                values[f"{criterion.code}:{NOTE}"] = self._note(criterion)
        return values

    def _score(self, criterion: Criterion) -> int | None:
        level_id = self.levels[criterion.pk]
        if level_id is None:
            return None
        level = next((lv for lv in criterion.levels.all() if lv.pk == level_id), None)
        if level is None:
            self.findings.append(
                Finding(
                    f"{criterion.code}:{LEVEL}",
                    "level_of_other_criterion",
                    _("Choose one of this criterion's levels."),
                )
            )
            return None
        return level.score

    def _note(self, criterion: Criterion) -> str | None:
        note = self.notes[criterion.pk].strip()
        path = f"{criterion.code}:{NOTE}"
        if "\x00" in note:  # PostgreSQL cannot store it
            self.findings.append(
                Finding(path, "nul", _("The note contains a NUL character (code 0)."))
            )
        elif len(note) > NOTE_MAX_LENGTH:
            self.findings.append(
                Finding(
                    path,
                    "too_long",
                    _("Keep the note under %(max)s characters.")
                    % {"max": NOTE_MAX_LENGTH},
                )
            )
        return note or None

    def check(self, record: ScoreSheet, new: dict[str, Any]) -> list[Finding]:
        if record.member.panel.is_scoring_closed:  # also for a superuser
            return [Finding("", "scoring_closed", str(SCORING_CLOSED))]
        return self.findings

    def needs_reason(self, path: str, old: Any, new: Any) -> bool:
        """A draft changes freely; a submitted sheet is locked instead."""
        return False

    def apply(self, record: ScoreSheet, new: dict[str, Any]) -> None:
        stored = {s.criterion_id: s for s in record.scores.all()}
        for criterion in self.criteria:
            score = new[f"{criterion.code}:{LEVEL}"]
            levels = criterion.levels.all()
            level = next((lv for lv in levels if lv.score == score), None)
            level_id = level.pk if level else None
            note = new[f"{criterion.code}:{NOTE}"] or ""
            row = stored.get(criterion.pk)
            if row is None and (level is not None or note):
                row = SheetScore(sheet=record, criterion=criterion)
            if row is None or (
                row.pk and row.level_id == level_id and row.note == note
            ):
                continue
            row.level, row.note = level, note
            row.save()
        record.entered_by = self.by


def save_sheet(
    sheet: ScoreSheet,
    *,
    levels: dict[int, int | None] | None = None,
    notes: dict[int, str] | None = None,
    by: Any,
    expected_version: int,
    source: str = AuditEntry.Source.FORM,
) -> list[AuditEntry]:
    """Save a draft's levels (criterion id → level id or None) and notes
    (criterion id → text); partial drafts are fine. Returns the audit entries."""
    edit = SheetEdit(levels or {}, notes or {}, by=by)
    return save_record(
        sheet, edit, by=by, expected_version=expected_version, source=source
    )


def missing_criteria(sheet: ScoreSheet) -> list[Criterion]:
    """The rubric criteria the sheet has no level for yet."""
    scored = set(
        sheet.scores.filter(level__isnull=False).values_list("criterion_id", flat=True)
    )
    return [c for c in rubric_criteria(sheet) if c.pk not in scored]


@transaction.atomic
def submit_sheet(sheet: ScoreSheet, *, by: Any, expected_version: int) -> ScoreSheet:
    """Submit a complete sheet, which locks it; refuses a sheet with a criterion
    left unscored (InvalidRecordError with one finding per criterion)."""
    locked = lock(sheet)
    _move(locked, "submit", by=by)
    check_version(locked, expected_version)
    missing = missing_criteria(locked)
    if missing:
        raise InvalidRecordError(
            [
                Finding(
                    f"{c.code}:{LEVEL}",
                    "unscored",
                    _("Choose a level for %(criterion)s.") % {"criterion": c},
                )
                for c in missing
            ],
            locked,
        )
    after_commit(sheet_changed, locked)  # the final ranking reads submitted sheets
    return _log(locked, "submit", by=by, onto=sheet)


@transaction.atomic
def reopen_sheet(sheet: ScoreSheet, *, by: Any, reason: str) -> ScoreSheet:
    """The chair reopens a submitted sheet for changes, with a reason."""
    locked = lock(sheet)
    _move(locked, "reopen", by=by, reason=reason)
    after_commit(sheet_changed, locked)  # a reopened sheet stops counting
    return _log(locked, "reopen", by=by, reason=reason, onto=sheet)


def _move(sheet: ScoreSheet, action: str, *, by: Any, reason: str = "") -> None:
    transition = SHEET.get(action)
    if not by.has_perm(transition.permission, sheet):
        raise PermissionDenied(str(transition.denied))
    if sheet.member.panel.is_scoring_closed:  # also for a superuser
        raise ReviewError(str(SCORING_CLOSED))
    SHEET.check(sheet, action, reason=reason)


def _log(
    sheet: ScoreSheet, action: str, *, by: Any, reason: str = "", onto: ScoreSheet
) -> ScoreSheet:
    """Take the move on the locked sheet, log it and copy the result onto the
    caller's instance (`onto`), which is returned."""
    target = SHEET.get(action).target
    StatusChange.objects.create(
        record=sheet,
        from_status=sheet.status,
        to_status=target,
        by=by,
        reason=reason.strip(),
    )
    sheet.status = target
    sheet.version += 1
    sheet.updated_by = by
    sheet.save(update_fields=["status", "version", "updated_by", "updated_at"])
    notices.announce(sheet, action, by=by, reason=reason.strip())
    for field in ScoreSheet._meta.concrete_fields:
        setattr(onto, field.attname, getattr(sheet, field.attname))
    return onto
