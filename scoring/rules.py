"""Who may do what in scoring. Methodologies are public to read; only the national
admin edits them. Assessors reach a candidate only through a seat on the panel
that scores it, and never when a conflict of interest (found or declared) stands
between them."""

from typing import Any

import rules

from accounts.rules import is_assessor, is_national_admin, is_provincial_committee
from nominations.rules import committee_of
from review.models import ReviewStatus
from scoring.conflicts import CONFLICTS
from scoring.models import Panel, PanelMember, ScoreSheet
from scoring.selectors import seats


@rules.predicate
def committee_of_panel(user: Any, panel: Panel | None) -> bool:
    """The committee of the province whose round the panel scores."""
    return bool(
        panel is not None
        and panel.round_id
        and is_provincial_committee(user)
        and user.province_id == panel.province_id
    )


def _seat_on(user: Any, panel: Panel | None, *roles: str) -> bool:
    if panel is None or not user.is_authenticated:
        return False
    members = PanelMember.objects.filter(panel=panel, user=user)
    if roles:
        members = members.filter(role__in=roles)
    return members.exists()


@rules.predicate
def sits_on_panel(user: Any, panel: Panel | None) -> bool:
    return _seat_on(user, panel)


@rules.predicate
def leads_panel(user: Any, panel: Panel | None) -> bool:
    """The panel's chair or secretary."""
    return _seat_on(user, panel, PanelMember.Role.CHAIR, PanelMember.Role.SECRETARY)


@rules.predicate
def assesses(user: Any, candidate: Any) -> bool:
    """A seat on a panel scoring the candidate that gives it to the user, and no
    conflict with it on any seat: a conflict is the person's."""
    found = seats(user, candidate) if candidate is not None else []
    return any(e is None for _, e in found) and not any(
        e in CONFLICTS for _, e in found
    )


@rules.predicate
def assesses_while_open(user: Any, candidate: Any) -> bool:
    """As `assesses`, on a seat of a panel whose scoring is still open."""
    found = seats(user, candidate) if candidate is not None else []
    return any(
        e is None and not m.panel.is_scoring_closed for m, e in found
    ) and not any(e in CONFLICTS for _, e in found)


@rules.predicate
def seated_while_open(user: Any, candidate: Any) -> bool:
    """A seat on an open panel scoring the candidate, conflicted or not."""
    found = seats(user, candidate) if candidate is not None else []
    return any(not m.panel.is_scoring_closed for m, _ in found)


def member_scores(member: PanelMember, candidate: Any) -> bool:
    """Whether the member scores the candidate on this seat: the candidate is
    theirs, the panel's scoring is open and no conflict bars the person."""
    found = seats(member.user, candidate)
    return any(
        m.pk == member.pk and e is None and not m.panel.is_scoring_closed
        for m, e in found
    ) and not any(e in CONFLICTS for _, e in found)


@rules.predicate
def keys_for_member(user: Any, member: PanelMember | None) -> bool:
    """The secretary of the member's panel, while its scoring is open."""
    return bool(
        member is not None
        and not member.panel.is_scoring_closed
        and _seat_on(user, member.panel, PanelMember.Role.SECRETARY)
    )


@rules.predicate
def owns_sheet(user: Any, sheet: ScoreSheet | None) -> bool:
    return sheet is not None and sheet.member.user_id == user.pk


@rules.predicate
def sheet_in_scoring(user: Any, sheet: ScoreSheet | None) -> bool:
    """The sheet's member still scores its candidate (open, no conflict)."""
    return sheet is not None and member_scores(sheet.member, sheet.candidate)


@rules.predicate
def keys_sheet(user: Any, sheet: ScoreSheet | None) -> bool:
    return sheet is not None and keys_for_member(user, sheet.member)


@rules.predicate
def leads_sheet_panel(user: Any, sheet: ScoreSheet | None) -> bool:
    return sheet is not None and leads_panel(user, sheet.member.panel)


@rules.predicate
def chairs_sheet_panel(user: Any, sheet: ScoreSheet | None) -> bool:
    """The chair of the sheet's panel, while its scoring is open."""
    if sheet is None or sheet.member.panel.is_scoring_closed:
        return False
    return _seat_on(user, sheet.member.panel, PanelMember.Role.CHAIR)


@rules.predicate
def submitted_own_sheet(user: Any, candidate: Any) -> bool:
    """The user submitted their own sheet for the candidate."""
    return bool(
        candidate is not None
        and user.is_authenticated
        and ScoreSheet.objects.filter(
            member__user=user, candidate=candidate, status=ReviewStatus.SUBMITTED
        ).exists()
    )


# A panel: the national admin; a Tim 9 also its province's committee.
rules.add_perm("scoring.create_panel", is_national_admin | committee_of)
rules.add_perm(
    "scoring.view_panel", is_national_admin | committee_of_panel | sits_on_panel
)
# Membership and roles: those who set the panel up.
rules.add_perm("scoring.change_members", is_national_admin | committee_of_panel)
# Assignments and the conflict matrix: also the panel's chair and secretary.
rules.add_perm(
    "scoring.manage_panel",
    is_national_admin | committee_of_panel | (is_assessor & leads_panel),
)
rules.add_perm("scoring.view_candidate_as_assessor", is_assessor & assesses)
rules.add_perm("scoring.score_candidate", is_assessor & assesses_while_open)
rules.add_perm("scoring.declare_conflict", is_assessor & seated_while_open)
# Score sheets: the member scores their own; the secretary keys in a paper sheet
# on a member's behalf; the chair reopens a submitted one. Other members' scores
# stay hidden until the member has submitted their own sheet for the candidate.
rules.add_perm("scoring.enter_sheet_for", is_assessor & keys_for_member)
rules.add_perm(
    "scoring.change_sheet",
    is_assessor & sheet_in_scoring & (owns_sheet | keys_sheet),
)
rules.add_perm("scoring.reopen_sheet", is_assessor & chairs_sheet_panel)
rules.add_perm(
    "scoring.view_sheet",
    is_national_admin | (is_assessor & (owns_sheet | leads_sheet_panel)),
)
rules.add_perm(
    "scoring.view_panel_scores", is_assessor & assesses & submitted_own_sheet
)

# Methodologies: the national admin edits them.
rules.add_perm("scoring.edit_methodology", is_national_admin)

# Ranking runs: the national admin everywhere; a committee the runs of its province
# (asked about a run or a Province; None for a national ranking).
rules.add_perm("scoring.view_ranking", is_national_admin | committee_of)
rules.add_perm("scoring.compute_ranking", is_national_admin | committee_of)

# Panel progress and closing scoring (issue 11, points 3–5): the panel's chair and
# secretary, the national admin and (read-only) the province's committee see who
# has scored what; the secretary or chair closes scoring once it is complete, and
# only the chair reopens it.


@rules.predicate
def chairs_panel(user: Any, panel: Panel | None) -> bool:
    return _seat_on(user, panel, PanelMember.Role.CHAIR)


rules.add_perm(
    "scoring.view_progress",
    is_national_admin | committee_of_panel | (is_assessor & leads_panel),
)
rules.add_perm("scoring.close_scoring", is_assessor & leads_panel)
rules.add_perm("scoring.reopen_scoring", is_assessor & chairs_panel)

# What-if page (issue 11, point 7): the national admin tries other weights on any
# run, a committee on its province's runs; only the national admin saves them as a
# new methodology version (methodologies are national).
rules.add_perm("scoring.try_weights", is_national_admin | committee_of)
rules.add_perm("scoring.save_weights", is_national_admin)

# Recompute jobs: the national admin everywhere, a committee for its province's
# rounds (asked about a Province, None for a national ranking, or a job).
rules.add_perm("scoring.recompute_ranking", is_national_admin | committee_of)
rules.add_perm("scoring.view_recompute_job", is_national_admin | committee_of)

# From ranking to decision (issue 11, point 8): juara from a provincial final run by
# the national admin or the province's committee; national finalists and winners
# by the national admin only (a national run has no province).
rules.add_perm("scoring.decide_ranking", is_national_admin | committee_of)
