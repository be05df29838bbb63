"""Who hears of a score sheet's step, and what they read: a submitted sheet
tells the panel's secretary (who follows the progress), a reopened sheet tells
its member (who must score again). Registered with `review.notices` from
`ScoringConfig.ready`; the sheet services announce each step."""

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from review.notices import Step
from scoring.models import PanelMember, ScoreSheet


def sheet_audience(sheet: ScoreSheet, action: str) -> "models.QuerySet[User]":
    """Submitted → the panel's secretary; reopened → the sheet's member."""
    users = User.objects.filter(is_active=True)
    if action == "submit":
        return users.filter(
            panel_seats__panel_id=sheet.member.panel_id,
            panel_seats__role=PanelMember.Role.SECRETARY,
        )
    return users.filter(pk=sheet.member.user_id)


def sheet_step_text(step: Step) -> str:
    """The notice of one sheet's step, in the language now active."""
    sheet: Any = step.record
    params = {
        "member": sheet.member.user.display_name,
        "candidate": sheet.candidate.subject_name,
        "actor": step.by.display_name,
        "reason": step.reason,
    }
    texts = {
        "submit": _(
            "The score sheet of %(member)s for %(candidate)s was submitted by "
            "%(actor)s."
        ),
        "reopen": _(
            "Your score sheet for %(candidate)s was reopened by %(actor)s. "
            "Reason: %(reason)s"
        ),
    }
    return capfirst(texts[step.action] % params)


def sheet_steps_text(steps: list[Step]) -> str:
    """The notice of several sheets' step of one action by one person."""
    first, count = steps[0], len(steps)
    params = {"count": count, "actor": first.by.display_name}
    texts = {
        "submit": ngettext(
            "%(count)d score sheet was submitted by %(actor)s.",
            "%(count)d score sheets were submitted by %(actor)s.",
            count,
        ),
        "reopen": ngettext(
            "%(count)d of your score sheets was reopened by %(actor)s.",
            "%(count)d of your score sheets were reopened by %(actor)s.",
            count,
        ),
    }
    return texts[first.action] % params


def sheets_home(_status: str) -> str:
    """An assessor's home lists their sheets with their states."""
    return reverse("home")
