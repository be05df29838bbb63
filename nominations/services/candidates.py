"""Adding candidates and moving them through the rounds, with the guards that keep
the award fair: approved data before shortlisting, a limit on who advances, and each
committee acting only in its own province."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nominations.models import (
    Candidate,
    CandidateStep,
    Category,
    Employer,
    SubjectType,
)
from nominations.selectors import approved_data
from nominations.services.editions import check_open, check_round_open
from nominations.transitions import ADVANCED_STATUSES, CANDIDATE, NATIONAL
from regions.models import Province, Regency, Village
from review.workflow import ReviewError


@transaction.atomic
def add_candidates(
    category: Category,
    province: Province,
    *,
    by: Any,
    regencies: list[Regency] | None = None,
    villages: list[Village] | None = None,
    employers: list[Employer] | None = None,
) -> list[Candidate]:
    """Add candidates to a category in a province's round; return the new ones.
    For a kab/kota category without a selection, every active kab/kota of the
    province; for a province category, the province itself. Subjects that are
    candidates already are skipped."""
    if not by.has_perm("nominations.run_round", province):
        raise PermissionDenied(_("You do not run this province's round."))
    check_round_open(category.edition, province.code)
    if not Category.objects.open_to(province).filter(pk=category.pk).exists():
        raise ReviewError(_("This category is for another zone."))
    subjects = _subjects(category, province, regencies, villages, employers)
    existing = _existing_subjects(category, province)
    new = [
        Candidate(edition=category.edition, category=category, province=province, **s)
        for s in subjects
        if _key(s) not in existing
    ]
    try:
        with transaction.atomic():
            created = Candidate.objects.bulk_create(new)  # RETURNING gives the ids
    except IntegrityError:
        raise ReviewError(
            _("Someone added some of these candidates meanwhile; try again.")
        ) from None
    CandidateStep.objects.bulk_create(
        CandidateStep(candidate=c, action="add", to_status=c.status, by=by)
        for c in created
    )
    return created


def why_nothing_added(category: Category, *, chosen: bool) -> str:
    """Why adding gave no new candidate: every subject asked for (or, without a
    choice, every eligible one) is a candidate of the category already."""
    if category.subject_type == SubjectType.PROVINSI:
        return _("The province is already a candidate of this category.")
    if category.subject_type == SubjectType.KAB_KOTA and not chosen:
        return _(
            "Nothing was added: all kab/kota of the province are already "
            "candidates of this category."
        )
    return _(
        "Nothing was added: all the chosen subjects are already candidates of "
        "this category."
    )


def shortlist_candidates(
    candidates: list[Candidate], *, by: Any
) -> list[tuple[Candidate, str | None]]:
    """Shortlist each candidate by the same rules as one at a time, each saved or
    refused on its own; return each with the reason it was refused (None: done)."""
    results: list[tuple[Candidate, str | None]] = []
    for candidate in candidates:
        try:
            take_action(candidate, "shortlist", by=by)
            results.append((candidate, None))
        except (ReviewError, PermissionDenied) as refused:
            results.append((candidate, str(refused)))
    return results


def _subjects(
    category: Category,
    province: Province,
    regencies: list[Regency] | None,
    villages: list[Village] | None,
    employers: list[Employer] | None,
) -> list[dict[str, Any]]:
    """The subjects to add, each as candidate fields; refuses the wrong kind."""
    kind = category.subject_type
    if kind == SubjectType.PROVINSI:
        return [{}]
    if kind == SubjectType.KAB_KOTA:
        chosen = regencies or list(Regency.objects.active().filter(province=province))
        if any(r.province_id != province.code for r in chosen):
            raise ReviewError(_("Choose kab/kota of this province only."))
        return [{"regency": r} for r in chosen]
    if kind == SubjectType.DESA:
        if not villages:
            raise ReviewError(_("Choose the desa to add."))
        if any(not v.code.startswith(province.code + ".") for v in villages):
            raise ReviewError(_("Choose desa of this province only."))
        return [{"village": v} for v in villages]
    if not employers:
        raise ReviewError(_("Choose the employers to add."))
    if any(e.regency.province_id != province.code for e in employers):
        raise ReviewError(_("Choose employers located in this province only."))
    return [{"employer": e} for e in employers]


def _subject_of(candidate: Candidate) -> dict[str, Any]:
    return {
        name: getattr(candidate, name)
        for name in ("regency", "village", "employer")
        if getattr(candidate, f"{name}_id")
    }


def _key(subject: dict[str, Any]) -> tuple:
    return tuple(sorted((name, value.pk) for name, value in subject.items()))


def _existing_subjects(category: Category, province: Province) -> set[tuple]:
    candidates = Candidate.objects.filter(category=category, province=province)
    return {
        _key(_subject_of(c))
        for c in candidates.select_related("regency", "village", "employer")
    }


@transaction.atomic
def take_action(
    candidate: Candidate,
    action: str,
    *,
    by: Any,
    reason: str = "",
    rank: int | None = None,
    title: str = "",
) -> Candidate:
    """Move a candidate along one transition of `CANDIDATE`, after its permission
    and guards; logs who, when, from, to and why. Returns the candidate as saved."""
    transition = CANDIDATE.get(action)
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if not by.has_perm(transition.permission, locked):
        raise PermissionDenied(str(transition.denied))
    if transition.tier == NATIONAL:
        check_open(locked.edition)
    else:
        check_round_open(locked.edition, locked.province_id)
    CANDIDATE.check(locked, action, reason=reason)
    GUARDS.get(action, _no_guard)(locked, rank=rank, title=title)
    step = CandidateStep(
        candidate=locked,
        action=action,
        from_status=locked.status,
        to_status=transition.target,
        by=by,
        reason=reason.strip(),
    )
    locked.status = transition.target
    _apply_result(locked, action, rank=rank, title=title)
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:  # the same rank given at the same moment
        raise ReviewError(
            _("Winner %(rank)s of this category was given meanwhile.") % {"rank": rank}
        ) from None
    step.save()
    return locked


def _apply_result(candidate: Candidate, action: str, *, rank: Any, title: str) -> None:
    if action == "select_winner":
        candidate.provincial_rank = rank
    elif action == "award_national":
        candidate.national_title = title.strip()


def _no_guard(candidate: Candidate, **options: Any) -> None:
    return None


def has_approved_data(candidate: Candidate) -> bool:
    """Whether the data the candidate is judged on is approved for the edition's
    assessment year: the employer's compliance, or the region's coverage report (a
    desa's is its kab/kota's)."""
    return candidate.pk in approved_data([candidate], candidate.edition.assessment_year)


def _guard_shortlist(candidate: Candidate, **options: Any) -> None:
    if not has_approved_data(candidate):
        raise ReviewError(
            _(
                "%(name)s has no approved data for %(year)s yet; it can be "
                "shortlisted once the data is approved."
            )
            % {
                "name": candidate.subject_name,
                "year": candidate.edition.assessment_year,
            }
        )


def _guard_winner(candidate: Candidate, *, rank: Any, **options: Any) -> None:
    if rank not in (1, 2, 3):
        raise ReviewError(_("Choose the place: winner 1, 2 or 3."))
    taken = Candidate.objects.filter(
        category=candidate.category_id,
        province=candidate.province_id,
        provincial_rank=rank,
    ).exclude(pk=candidate.pk)
    if taken.exists():
        raise ReviewError(
            _("Winner %(rank)s of this category is %(name)s already.")
            % {"rank": rank, "name": taken.get().subject_name}
        )


def _guard_advance(candidate: Candidate, **options: Any) -> None:
    """At most the edition's limit per province and category. The category's row
    lock makes two committee members who advance at the same moment wait for each
    other, so the limit holds (each holds only its own candidate's lock before it,
    so neither waits for the other's)."""
    list(Category.objects.select_for_update().filter(pk=candidate.category_id))
    advanced = Candidate.objects.filter(
        category=candidate.category_id,
        province=candidate.province_id,
        status__in=ADVANCED_STATUSES,
    ).count()
    limit = candidate.edition.advance_limit
    if advanced >= limit:
        raise ReviewError(
            ngettext(
                "%(limit)s candidate of this category has advanced from this province "
                "already, the most the edition allows.",
                "%(limit)s candidates of this category have advanced from this "
                "province already, the most the edition allows.",
                limit,
            )
            % {"limit": limit}
        )


def _guard_title(candidate: Candidate, *, title: str, **options: Any) -> None:
    if not title.strip():
        raise ReviewError(_("Give the title, e.g. Terbaik I."))


GUARDS: dict[str, Callable[..., None]] = {
    "shortlist": _guard_shortlist,
    "select_winner": _guard_winner,
    "advance": _guard_advance,
    "award_national": _guard_title,
}
