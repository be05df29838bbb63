"""Setting up editions and provincial rounds."""

import datetime
from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from nominations.models import (
    PROVINCIAL_KINDS,
    Category,
    Edition,
    ProvincialRound,
    RoundStage,
    RoundStep,
    Stage,
)
from nominations.transitions import ROUND
from regions.models import Province, Zone
from review.workflow import ReviewError
from review.years import FIRST_YEAR, LAST_YEAR


def check_open(edition: Edition) -> None:
    """Refuse changes to a closed edition."""
    if edition.status == Edition.Status.CLOSED:
        raise ReviewError(
            _(
                "The %(edition)s edition is closed: nothing in it can be changed any "
                "more."
            )
            % {"edition": edition}
        )


def check_round_open(edition: Edition, province_id: str) -> None:
    """Refuse provincial changes once the edition or the province's round is
    closed: the one guard of every service that changes a round, its candidates,
    their dossiers or interviews."""
    check_open(edition)
    closed = ProvincialRound.objects.filter(
        edition=edition, province=province_id, status=ProvincialRound.Status.CLOSED
    )
    if closed.exists():
        raise ReviewError(
            _(
                "This province's round is closed: its candidates, dossiers and "
                "interviews in %(edition)s cannot be changed any more. The national "
                "admin can reopen the round, giving a reason."
            )
            % {"edition": edition}
        )


def round_is_open(edition: Edition, province_id: str) -> bool:
    """Whether `check_round_open` lets changes through (for pages and the admin)."""
    try:
        check_round_open(edition, province_id)
    except ReviewError:
        return False
    return True


def _shift(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def copy_edition(edition: Edition, *, award_year: int, by: Any) -> Edition:
    """A new edition with the same set-up a number of years later: categories (the
    whole tree; zones of that year by name where they exist) and stage dates
    shifted by the same number of years. Candidates are not copied."""
    if not by.has_perm("nominations.manage_editions"):
        raise PermissionDenied(_("Only the national admin sets up editions."))
    if not FIRST_YEAR <= award_year <= LAST_YEAR:
        raise ReviewError(
            _("The year must be from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if Edition.objects.filter(award_year=award_year).exists():
        raise ReviewError(
            _("An edition for %(year)s exists already.") % {"year": award_year}
        )
    years = award_year - edition.award_year
    copy = Edition.objects.create(
        name=edition.name.replace(str(edition.award_year), str(award_year)),
        award_year=award_year,
        assessment_year=edition.assessment_year + years,
        period_start=_shift(edition.period_start, years),
        period_end=_shift(edition.period_end, years),
        advance_limit=edition.advance_limit,
    )
    _copy_categories(edition, copy, years)
    Stage.objects.bulk_create(
        Stage(
            edition=copy,
            kind=stage.kind,
            starts_on=_shift(stage.starts_on, years),
            ends_on=_shift(stage.ends_on, years),
        )
        for stage in edition.stages.all()
    )
    return copy


def _copy_categories(source: Edition, target: Edition, years: int) -> None:
    """Copy the tree parents first, mapping each old node to its copy."""
    zones = {zone.name: zone for zone in Zone.objects.filter(year=target.award_year)}
    copies: dict[int, Category] = {}
    pending = list(source.categories.select_related("zone").order_by("pk"))
    while pending:
        ready = [c for c in pending if c.parent_id is None or c.parent_id in copies]
        if not ready:  # a parent outside the edition: never copyable
            raise ReviewError(_("The category tree refers to another edition."))
        for category in ready:
            zone = zones.get(category.zone.name) if category.zone else None
            copies[category.pk] = Category.objects.create(
                edition=target,
                parent=copies.get(category.parent_id) if category.parent_id else None,
                name=category.name,
                name_en=category.name_en,
                subject_type=category.subject_type,
                scale=category.scale,
                sector=category.sector,
                zone=zone,
                position=category.position,
            )
        pending = [c for c in pending if c.pk not in copies]


@transaction.atomic
def update_edition(
    edition: Edition,
    *,
    changed: list[str],
    stage_dates: dict[str, tuple[datetime.date, datetime.date]],
    by: Any,
) -> Edition:
    """Save the national admin's changes to an edition (its fields, already set on
    it, and the stages' dates, kind -> (from, to)); log them as the admin site
    does. Returns the edition."""
    if not by.has_perm("nominations.change_edition"):
        raise PermissionDenied(_("Only the national admin sets up editions."))
    edition.save()
    moved = [
        kind
        for kind, (starts_on, ends_on) in stage_dates.items()
        if _set_stage(edition, kind, starts_on, ends_on)
    ]
    if changed or moved:
        _log_change(edition, changed, moved, by=by)
    return edition


def _set_stage(
    edition: Edition, kind: str, starts_on: datetime.date, ends_on: datetime.date
) -> bool:
    """Set one stage's dates; whether they changed."""
    stage, created = Stage.objects.get_or_create(
        edition=edition,
        kind=kind,
        defaults={"starts_on": starts_on, "ends_on": ends_on},
    )
    if created:
        return True
    if (stage.starts_on, stage.ends_on) != (starts_on, ends_on):
        stage.starts_on, stage.ends_on = starts_on, ends_on
        stage.save()
        return True
    return False


def _verbose_name(name: str) -> str:
    return str(getattr(Edition._meta.get_field(name), "verbose_name", name))


def _log_change(
    edition: Edition, fields: list[str], stages: list[str], *, by: Any
) -> None:
    """As the admin site logs a change: the names of what changed, untranslated."""
    with translation.override(None):
        names = [_verbose_name(name) for name in fields]
        names += [f"{Stage.Kind(kind).label} dates" for kind in stages]
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[edition],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": names}}],
        single_object=True,
    )


@transaction.atomic
def start_round(edition: Edition, province: Province, *, by: Any) -> ProvincialRound:
    """The province's round of the edition, created with the edition's provincial
    stage dates if it does not exist yet."""
    if not by.has_perm("nominations.run_round", province):
        raise PermissionDenied(_("You do not run this province's round."))
    check_open(edition)
    round_, created = ProvincialRound.objects.get_or_create(
        edition=edition, province=province
    )
    if created:
        RoundStage.objects.bulk_create(
            RoundStage(
                round=round_,
                kind=stage.kind,
                starts_on=stage.starts_on,
                ends_on=stage.ends_on,
            )
            for stage in edition.stages.filter(kind__in=PROVINCIAL_KINDS)
        )
    return round_


@transaction.atomic
def set_round_status(
    round_: ProvincialRound, status: str, *, by: Any, reason: str = ""
) -> None:
    """Move a province's round to another stage along `ROUND` and log who, when,
    from, to and why as a `RoundStep`; a closed round is reopened by the national
    admin only, with a reason (reopening leads to its last stage, from where the
    round moves on to the chosen one: two steps)."""
    if not by.has_perm("nominations.run_round", round_.province):
        raise PermissionDenied(_("You do not run this province's round."))
    check_open(round_.edition)
    if status not in ProvincialRound.Status.values:
        raise ReviewError(_("Unknown stage."))
    locked = ProvincialRound.objects.select_for_update().get(pk=round_.pk)
    if status == locked.status:
        return
    # A closed round is reopened first (to its last stage), then moved on.
    move = ROUND.leading(locked.status, status) or ROUND.get("reopen")
    _move_round(locked, move.name, by=by, reason=reason)
    if locked.status != status:
        _move_round(locked, f"set_{status}", by=by, reason="")
    round_.status = locked.status


def _move_round(locked: ProvincialRound, action: str, *, by: Any, reason: str) -> None:
    """Take one move of `ROUND` on a locked round and log it."""
    move = ROUND.get(action)
    if not by.has_perm(move.permission, locked):
        raise PermissionDenied(str(move.denied))
    ROUND.check(locked, action, reason=reason)
    RoundStep.objects.create(
        round=locked,
        action=action,
        from_status=locked.status,
        to_status=move.target,
        by=by,
        reason=reason.strip(),
    )
    locked.status = move.target
    locked.save(update_fields=["status"])


@transaction.atomic
def set_round_dates(
    round_: ProvincialRound,
    dates: dict[str, tuple[datetime.date, datetime.date]],
    *,
    by: Any,
) -> None:
    """Set the round's own dates of its provincial stages (kind -> (from, to))."""
    if not by.has_perm("nominations.run_round", round_.province):
        raise PermissionDenied(_("You do not run this province's round."))
    check_round_open(round_.edition, round_.province_id)
    for kind, (starts_on, ends_on) in dates.items():
        if kind not in PROVINCIAL_KINDS:
            raise ReviewError(_("Unknown stage."))
        if ends_on < starts_on:
            raise ReviewError(
                _("%(stage)s: a stage must end after it starts.")
                % {"stage": Stage.Kind(kind).label}
            )
        RoundStage.objects.update_or_create(
            round=round_,
            kind=kind,
            defaults={"starts_on": starts_on, "ends_on": ends_on},
        )
